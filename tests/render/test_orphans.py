"""A render killed with SIGKILL mid-job leaves no process running and nothing unrecorded.

The kill is real: the tiny fixture scene renders in a subprocess (as `lecture render` would)
and sleeps in its second section, the test kills that process, then watches its fork
server and worker. Linux only (it reads /proc, and PR_SET_PDEATHSIG is Linux's).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from render_fixtures import (
    descendants,
    make_setup,
    paused_content,
    start_runner,
    wait_for,
    work_leftovers,
)

from scenes.render import orphans
from scenes.render.cache import MANIFEST_NAME, Manifest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

PAUSE = 4.0  # long enough to kill mid-job; short enough that an orphan would publish soon


@pytest.mark.slow
def test_a_sigkilled_render_leaves_no_process_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    runner = start_runner(setup, out, content=paused_content(setup, PAUSE))
    try:
        owned = lambda: list((out / ".work").glob(f"*/{orphans.OWNER_FILE}"))  # noqa: E731
        assert wait_for(owned, timeout=60), runner.stderr.read() if runner.poll() else "no job"
        time.sleep(1.0)  # the worker is in its paused second section now
        tree = descendants(runner.pid)
        assert len(tree) >= 2  # at least the fork server and the worker
        os.kill(runner.pid, signal.SIGKILL)
        runner.wait(timeout=5)
        killed_at = time.monotonic()
        assert wait_for(lambda: not any(orphans.pid_alive(pid) for pid in tree), timeout=2.0), (
            f"still running after 2 s: {sorted(pid for pid in tree if orphans.pid_alive(pid))}"
        )
        print(f"every process of the run was gone {time.monotonic() - killed_at:.2f} s after")
        time.sleep(PAUSE + 1)  # an orphaned worker would have published its clip by now
    finally:
        if runner.poll() is None:
            runner.kill()
    assert not (out / "tiny" / "TinyScene.mp4").exists()
    assert Manifest.load(out / MANIFEST_NAME).renders == {}
    left = owned()
    assert len(left) == 1  # the dead job's work folder, which records its owner

    rerun = start_runner(setup, out)
    stdout, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    assert "finished TinyScene" in stdout
    assert (out / "tiny" / "TinyScene.mp4").is_file()
    assert "tiny/TinyScene.mp4" in Manifest.load(out / MANIFEST_NAME).renders
    assert not left[0].parent.exists()
    assert work_leftovers(out) == []


def test_work_folders_of_living_owners_and_other_hosts_are_kept(tmp_path: Path) -> None:
    work = tmp_path / ".work"
    mine, dead, foreign, unowned_old = (work / name for name in ("mine", "dead", "foreign", "old"))
    for folder in (mine, dead, foreign, unowned_old):
        folder.mkdir(parents=True)
    orphans.claim_work_dir(mine)
    (dead / orphans.OWNER_FILE).write_text(f"{orphans.host_name()} 999999999\n")
    (foreign / orphans.OWNER_FILE).write_text("another-machine 1\n")
    old = time.time() - 2 * orphans.UNOWNED_GRACE_SECONDS
    os.utime(unowned_old, (old, old))
    removed = orphans.remove_dead_work(work)
    assert sorted(removed) == sorted([dead, unowned_old])
    assert mine.is_dir() and foreign.is_dir()


def test_half_copied_files_are_recognised_by_name(tmp_path: Path) -> None:
    partial = tmp_path / "hd" / ".Scene.mp4.0123456789ab.tmp"
    partial.parent.mkdir()
    partial.write_bytes(b"half")
    kept = tmp_path / "hd" / "notes.tmp"
    kept.write_text("someone's file")
    assert orphans.remove_partial_files(tmp_path) == [partial]
    assert kept.is_file() and not partial.exists()


def test_a_worker_asks_to_die_with_its_parent() -> None:
    code = "from scenes.render import orphans; print(orphans.die_with_parent())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert result.stdout.strip() == "True"


@pytest.mark.slow
def test_ctrl_c_stops_the_workers_at_once_with_one_sentence(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    runner = start_runner(setup, out, content=paused_content(setup, 30.0))
    try:
        owned = lambda: list((out / ".work").glob(f"*/{orphans.OWNER_FILE}"))  # noqa: E731
        assert wait_for(owned, timeout=60), "the job never started"
        time.sleep(1.0)
        tree = descendants(runner.pid)
        os.kill(runner.pid, signal.SIGINT)  # to the render only, not its process group
        _, stderr = runner.communicate(timeout=10)
    finally:
        if runner.poll() is None:
            runner.kill()
    assert runner.returncode == 130
    assert (
        "Interrupted: the clips finished so far are kept; run again to render the rest."
        in stderr.splitlines()
    )
    assert "Traceback" not in stderr
    assert wait_for(lambda: not any(orphans.pid_alive(pid) for pid in tree), timeout=2.0)
