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
import tempfile
import time
from pathlib import Path

import pytest
from render_fixtures import (
    descendants,
    job_folders,
    make_setup,
    paused_content,
    start_runner,
    wait_for,
    work_leftovers,
)

from scenes.ownership import pid_alive
from scenes.render.cache import MANIFEST_NAME, Manifest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

PAUSE = 4.0  # long enough to kill mid-job; short enough that an orphan would publish soon


@pytest.mark.slow
def test_a_sigkilled_render_leaves_no_process_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    system_temp = Path(tempfile.mkdtemp(prefix="t"))  # the runs' TMPDIR: short, as sockets need
    temp_env = {"TMPDIR": str(system_temp)}
    runner = start_runner(setup, out, content=paused_content(setup, PAUSE), env=temp_env)
    try:
        owned = lambda: job_folders(out)  # noqa: E731
        assert wait_for(owned, timeout=60), runner.stderr.read() if runner.poll() else "no job"
        time.sleep(1.0)  # the worker is in its paused second section now
        tree = descendants(runner.pid)
        assert len(tree) >= 2  # at least the fork server and the worker
        os.kill(runner.pid, signal.SIGKILL)
        runner.wait(timeout=5)
        killed_at = time.monotonic()
        assert wait_for(lambda: not any(pid_alive(pid) for pid in tree), timeout=2.0), (
            f"still running after 2 s: {sorted(pid for pid in tree if pid_alive(pid))}"
        )
        print(f"every process of the run was gone {time.monotonic() - killed_at:.2f} s after")
        time.sleep(PAUSE + 1)  # an orphaned worker would have published its clip by now
    finally:
        if runner.poll() is None:
            runner.kill()
    assert not (out / "tiny" / "TinyScene.mp4").exists()
    assert Manifest.load(out / MANIFEST_NAME).renders == {}
    assert "leaked" not in runner.stderr.read()  # the resource tracker frees them quietly
    assert [path.name.split("-")[:2] for path in system_temp.iterdir()] == [
        ["lecture", str(runner.pid)]  # the fork server's socket folder, owned by the run
    ]
    left = owned()
    assert len(left) == 1  # the dead job's work folder, which records its owner
    assert len(list((out / ".work").glob("run-*/.owner"))) == 1  # and the dead command's

    rerun = start_runner(setup, out, env=temp_env)
    stdout, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    assert "finished TinyScene" in stdout
    assert (out / "tiny" / "TinyScene.mp4").is_file()
    assert "tiny/TinyScene.mp4" in Manifest.load(out / MANIFEST_NAME).renders
    assert not left[0].parent.exists()
    assert work_leftovers(out) == []
    assert list(system_temp.iterdir()) == []  # the dead run's and the rerun's own are gone
    system_temp.rmdir()


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
        owned = lambda: job_folders(out)  # noqa: E731
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
    assert wait_for(lambda: not any(pid_alive(pid) for pid in tree), timeout=2.0)
