"""Storyboards run through the same worker pool as renders: the same kill, lock, work-folder
and disk guarantees, checked with the tiny lecture scene (fixtures/tiny_beat_scene.py).

The kill is real, as in test_orphans.py: the storyboard is drawn in a subprocess that
pauses in its second beat, the test kills it and watches its fork server and worker.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest
from render_fixtures import (
    descendants,
    job_folders,
    make_setup,
    paused_content,
    start_runner,
    tiny_beat_job,
    wait_for,
    work_leftovers,
)

from scenes.outputs import storyboard
from scenes.ownership import pid_alive
from scenes.render import disk, lock
from scenes.render.storyboard_jobs import storyboard_jobs

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
    pytest.mark.usefixtures("repo_on_path"),
]

PAUSE = 4.0


def owned(out: Path) -> list[Path]:
    return job_folders(out)


def test_a_drawn_storyboard_has_a_picture_per_beat_and_leaves_no_work(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    report = storyboard_jobs([tiny_beat_job(setup, out)], workers=1, key_of=lambda job: "k")
    assert report.ok, report.failures
    ((job, board, _),) = report.drawn
    assert [beat.name for beat in board.beats] == ["DrawTheCircle", "AddTheSquare"]
    folder = storyboard.board_dir(job.folder)
    assert (folder / board.sheet).is_file()
    assert len(list((folder / "TinyBeatScene").glob("*.png"))) == 2
    assert work_leftovers(out) == []


def test_a_sigkilled_storyboard_leaves_no_process_and_the_next_run_cleans_up(
    tmp_path: Path,
) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    runner = start_runner(setup, out, "--storyboard", content=paused_content(setup, PAUSE))
    try:
        assert wait_for(lambda: owned(out), timeout=60), "the storyboard never started"
        time.sleep(1.0)  # the worker is in its paused second beat now
        tree = descendants(runner.pid)
        assert len(tree) >= 2  # at least the fork server and the worker
        os.kill(runner.pid, signal.SIGKILL)
        runner.wait(timeout=5)
        assert wait_for(lambda: not any(pid_alive(pid) for pid in tree), timeout=2.0)
        time.sleep(PAUSE + 1)  # an orphaned worker would have published its board by now
    finally:
        if runner.poll() is None:
            runner.kill()
    folder = storyboard.board_dir(out / "tiny")
    assert storyboard.read_board(folder, "TinyBeatScene") is None
    left = owned(out)
    assert len(left) == 1  # the dead job's work folder, which records its owner

    rerun = start_runner(setup, out, "--storyboard")
    stdout, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    assert "finished TinyBeatScene" in stdout
    assert storyboard.read_board(folder, "TinyBeatScene") is not None
    assert not left[0].parent.exists()
    assert work_leftovers(out) == []


def test_a_second_storyboard_waits_for_the_first_then_skips_what_it_drew(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    first = start_runner(setup, out, "--storyboard", content=paused_content(setup, 3.0))
    assert wait_for(lambda: owned(out), timeout=60), "the first run never started its job"
    second = start_runner(setup, out, "--storyboard")
    second_out, second_err = second.communicate(timeout=120)
    first_out, first_err = first.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0, (first_err, second_err)
    assert first_out.splitlines() == ["started TinyBeatScene", "finished TinyBeatScene"]
    waiting = f"Waiting for another render (pid {first.pid}) to finish writing {out} ..."
    assert second_out.splitlines() == [waiting, "skipped TinyBeatScene"]


def test_no_wait_refuses_a_storyboard_while_another_run_writes(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    with lock.output_lock(out, say=lambda line: None):
        refused = start_runner(setup, out, "--storyboard", "--no-wait")
        stdout, stderr = refused.communicate(timeout=60)
    assert refused.returncode == 1 and stdout == ""
    assert stderr.strip().startswith(f"Error: {out} is being written by another render")
    assert not (out / "tiny").exists()


def test_a_disk_without_room_refuses_every_storyboard_before_any_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    monkeypatch.setattr(disk, "free_bytes", lambda folder: 1000)
    events: list[str] = []
    with pytest.raises(disk.DiskError) as refused:
        storyboard_jobs(
            [tiny_beat_job(setup, out)],
            key_of=lambda job: "k",
            on_event=lambda event: events.append(str(event.kind)),
            before_start=disk.require_room_for_boards,
        )
    assert str(refused.value).startswith(f"{out} has 1.0 kB free but these storyboards need")
    assert events == [] and not (out / "tiny").exists()
