"""`lecture render --scheduler`: render jobs on a dask.distributed cluster (loopback here)."""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from render_fixtures import REPO_ROOT, keys_with, make_setup, two_jobs

from scenes.cli import main as cli
from scenes.render import cluster
from scenes.render.cache import MANIFEST_NAME, Manifest
from scenes.render.cluster import (
    SchedulerError,
    check_address,
    cluster_executor,
    run_in_fresh_process,
)
from scenes.render.jobs import render_jobs

needs_distributed = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="distributed is not installed (pip install -e '.[cluster]')",
)


@pytest.fixture(scope="module")
def scheduler_address() -> Iterator[str]:
    """One worker process on loopback; it inherits sys.path, so it can import the fixture."""
    from distributed import LocalCluster

    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(REPO_ROOT))
        with LocalCluster(
            n_workers=1,
            threads_per_worker=2,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as local:
            yield local.scheduler_address


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def render_with_scheduler(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, ["render", "SlopeOfLine", "--scheduler", *args])
    return result.exit_code, result.stderr


def test_a_call_runs_in_a_new_process_in_the_given_folder(tmp_path: Path) -> None:
    assert run_in_fresh_process(str(tmp_path), os.getcwd) == str(tmp_path)
    assert run_in_fresh_process(str(tmp_path), os.getpid) != os.getpid()
    with pytest.raises(RuntimeError, match="the render process exited with code 3"):
        run_in_fresh_process(str(tmp_path), sys.exit, 3)  # exits before writing a result


def test_an_address_must_read_tcp_host_port() -> None:
    assert check_address("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert check_address(" tcp://[::1]:8786 ") == "tcp://[::1]:8786"
    for wrong in ("localhost:8786", "http://host:8786", "tcp://host", "tcp://host:0", "tcp://h:x"):
        with pytest.raises(SchedulerError, match="is not of the form tcp://HOST:PORT"):
            check_address(wrong)


def test_a_malformed_address_is_bad_input() -> None:
    code, err = render_with_scheduler("localhost:8786")
    assert code == 2
    assert err == (
        "Error: Scheduler address 'localhost:8786' is not of the form tcp://HOST:PORT, "
        "e.g. tcp://127.0.0.1:8786.\n"
    )


def test_without_distributed_the_scheduler_option_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(SchedulerError) as raised:
        with cluster_executor("tcp://127.0.0.1:8786"):
            pass
    assert str(raised.value) == (
        "--scheduler needs dask.distributed, which is not installed; "
        "install it with: pip install -e '.[cluster]'"
    )


@needs_distributed
def test_an_unreachable_scheduler_is_bad_input_after_a_short_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 1.0)
    address = f"tcp://127.0.0.1:{closed_port()}"
    code, err = render_with_scheduler(address)
    assert code == 2
    assert err == (
        f"Error: Could not reach a dask scheduler at {address} within 1 s; "
        "is `dask scheduler` running there?\n"
    )


@pytest.mark.slow
@needs_distributed
def test_each_call_gets_its_own_process_on_the_worker(scheduler_address: str) -> None:
    with cluster_executor(scheduler_address) as executor:
        assert executor.workers == 2
        first = executor.submit(os.getpid).result(timeout=60)
        second = executor.submit(os.getpid).result(timeout=60)
    assert len({first, second, os.getpid()}) == 3


@pytest.mark.slow
@needs_distributed
def test_the_cluster_renders_the_fixture_jobs_and_the_manifest_records_them(
    scheduler_address: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    jobs = two_jobs(make_setup(tmp_path), out)
    key_of = keys_with({"TinyScene": "a", "OtherTinyScene": "b"})
    with cluster_executor(scheduler_address) as executor:
        report = render_jobs(jobs, executor=executor, workers=executor.workers, key_of=key_of)
        again = render_jobs(jobs, executor=executor, workers=executor.workers, key_of=key_of)

    assert report.ok, report.failures
    assert [result.scene for result in report.results] == ["TinyScene", "OtherTinyScene"]
    for result in report.results:
        assert (result.frames, result.duration) == (10, 1.0)
        assert result.path == out / "tiny" / f"{result.scene}.mp4" and result.path.is_file()
        assert result.peak_rss_mb > 10
    recorded = Manifest.load(out / MANIFEST_NAME).renders
    assert recorded["tiny/TinyScene.mp4"].key == report.results[0].key
    assert again.results == () and again.skipped == tuple(jobs)
