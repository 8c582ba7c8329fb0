"""One output folder, one writer: a second run waits and then skips, or stops when asked."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from render_fixtures import (
    job_folders,
    make_setup,
    paused_content,
    start_runner,
    wait_for,
    work_leftovers,
)

from scenes.render import lock
from scenes.render.cache import MANIFEST_NAME, Manifest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")


@pytest.mark.slow
def test_a_second_run_waits_for_the_first_then_skips_what_it_rendered(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    first = start_runner(setup, out, content=paused_content(setup, 2.0))
    owned = lambda: job_folders(out)  # noqa: E731
    assert wait_for(owned, timeout=60), "the first run never started its job"
    second = start_runner(setup, out)
    second_out, second_err = second.communicate(timeout=120)
    first_out, first_err = first.communicate(timeout=120)
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert first_out.splitlines() == ["started TinyScene", "finished TinyScene"]
    waiting = f"Waiting for another render (pid {first.pid}) to finish writing {out} ..."
    assert second_out.splitlines() == [waiting, "skipped TinyScene"]
    assert list(Manifest.load(out / MANIFEST_NAME).renders) == ["tiny/TinyScene.mp4"]


def test_no_wait_stops_with_a_sentence_while_another_run_writes(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    with lock.output_lock(out, say=lambda line: None):
        refused = start_runner(setup, out, "--no-wait")
        stdout, stderr = refused.communicate(timeout=60)
    assert refused.returncode == 1
    assert stdout == ""
    assert stderr.strip() == (
        f"Error: {out} is being written by another render (pid {os.getpid()}); run again "
        "when it has finished, or without --no-wait to wait for it."
    )
    assert not (out / "tiny").exists()


def test_the_lock_of_a_dead_process_is_taken_over_at_once(tmp_path: Path) -> None:
    (tmp_path / lock.LOCK_NAME).write_text("999999999\n")  # left by a killed run
    said: list[str] = []
    with lock.output_lock(tmp_path, wait=False, say=said.append):
        assert lock.holder_pid(tmp_path / lock.LOCK_NAME) == os.getpid()
    assert said == []


def test_a_second_lock_in_the_same_process_conflicts(tmp_path: Path) -> None:
    with lock.output_lock(tmp_path), pytest.raises(lock.OutputBusyError):
        with lock.output_lock(tmp_path, wait=False):
            pass


@pytest.mark.slow
def test_renders_into_nested_output_folders_at_once_both_finish_whole(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    outer = tmp_path / "output"
    inner = outer / "lectures" / "other"  # the README's layout for a second lecture
    first = start_runner(setup, inner, content=paused_content(setup, 3.0))
    assert wait_for(lambda: job_folders(inner), timeout=60), "the inner run never started"
    publishing = inner / "tiny" / ".TinyScene.mp4.0123456789ab.tmp"  # as the inner run's
    publishing.parent.mkdir(parents=True, exist_ok=True)
    publishing.write_bytes(b"a clip being published")
    second = start_runner(setup, outer)  # takes outer's lock and cleans up meanwhile
    second_out, second_err = second.communicate(timeout=120)
    assert publishing.read_bytes() == b"a clip being published"  # not outer's to remove
    publishing.unlink()
    first_out, first_err = first.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (0, 0), first_err + second_err
    assert first_out.splitlines() == ["started TinyScene", "finished TinyScene"]
    assert second_out.splitlines() == ["started TinyScene", "finished TinyScene"]
    for root in (outer, inner):
        assert list(Manifest.load(root / MANIFEST_NAME).renders) == ["tiny/TinyScene.mp4"]
        assert (root / "tiny" / "TinyScene.mp4").stat().st_size > 0
        assert work_leftovers(root) == []
