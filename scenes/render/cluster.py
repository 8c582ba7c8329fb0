"""Render jobs on a dask.distributed cluster: `lecture render --scheduler tcp://HOST:PORT`.

dask does the distributing, through the concurrent.futures interface that render_jobs
already takes (`Client.get_executor()`). What dask does not give is a clean interpreter
per job, and manim's config, seeds and imported scene modules are process-global (a
long-lived worker would keep rendering yesterday's scene source). So each job runs in
a fresh Python subprocess on the worker; a subprocess rather than multiprocessing
because dask worker processes are daemons, which may not have multiprocessing children.

Workers must see the same paths as this machine (the repository, the content file and
the output folder): one machine, or a shared file system mounted at the same place;
each job runs in the submitter's working folder, so relative paths work too.
distributed is an optional extra (`pip install -e '.[cluster]'`), imported only when a
scheduler is named.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CONNECT_TIMEOUT_S = 5.0
ADDRESS_PATTERN = re.compile(r"^tcp://(\[[0-9a-fA-F:]+\]|[^\s/:\[\]]+):(\d{1,5})$")
INSTALL_HINT = "pip install -e '.[cluster]'"
_CHILD_ENTRY = (
    "import sys; from scenes.render.cluster import child_main; sys.exit(child_main(sys.argv[1:]))"
)


class SchedulerError(RuntimeError):
    """The cluster cannot be used; str() is one sentence for the user."""


def check_address(address: str) -> str:
    """The address if it reads tcp://HOST:PORT; SchedulerError otherwise."""
    match = ADDRESS_PATTERN.match(address.strip())
    if match is None or not 0 < int(match.group(2)) < 65536:
        raise SchedulerError(
            f"Scheduler address {address!r} is not of the form tcp://HOST:PORT, "
            "e.g. tcp://127.0.0.1:8786."
        )
    return address.strip()


# ---------------------------------------------------------------------------
# One job in a fresh interpreter (runs on the worker)


def run_in_fresh_process(cwd: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call `function(*args, **kwargs)` in a new Python process in `cwd`; return its result.

    The child gets this process's sys.path first, so whatever the worker can import
    (the project, test fixtures) the child can too, and the submitter's working folder,
    so relative paths mean the same on every worker. A child that dies without a result
    raises RuntimeError.
    """
    call = pickle.dumps((function, args, kwargs))
    with tempfile.TemporaryDirectory(prefix="lecture-job-") as folder:
        request, reply = Path(folder) / "request.pickle", Path(folder) / "reply.pickle"
        request.write_bytes(pickle.dumps({"sys_path": list(sys.path), "call": call}))
        finished = subprocess.run(
            [sys.executable, "-c", _CHILD_ENTRY, str(request), str(reply)], cwd=cwd, check=False
        )
        if finished.returncode != 0 or not reply.is_file():
            raise RuntimeError(f"the render process exited with code {finished.returncode}")
        return pickle.loads(reply.read_bytes())


def child_main(argv: list[str]) -> int:
    """The child's side of run_in_fresh_process: read the call, run it, write the result."""
    request, reply = (Path(arg) for arg in argv)
    message = pickle.loads(request.read_bytes())
    sys.path[:] = message["sys_path"]
    function, args, kwargs = pickle.loads(message["call"])
    result = function(*args, **kwargs)
    reply.write_bytes(pickle.dumps(result))
    return 0


# ---------------------------------------------------------------------------
# The executor render_jobs is given


class FreshProcessExecutor(Executor):
    """Wraps a cluster executor so that every submitted call runs in its own process."""

    def __init__(self, inner: Executor, workers: int) -> None:
        self.inner = inner
        self.workers = workers  # how many jobs the cluster runs at once

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self.inner.submit(run_in_fresh_process, os.getcwd(), fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)


@contextmanager
def cluster_executor(
    address: str, *, timeout: float | None = None
) -> Iterator[FreshProcessExecutor]:
    """An executor on the dask scheduler at `address`; SchedulerError when it can't be had."""
    address = check_address(address)
    timeout = CONNECT_TIMEOUT_S if timeout is None else timeout
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerError(
            f"--scheduler needs dask.distributed, which is not installed; "
            f"install it with: {INSTALL_HINT}"
        ) from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except Exception:  # refused, timed out, or something that is not a dask scheduler
        raise SchedulerError(
            f"Could not reach a dask scheduler at {address} within {timeout:g} s; "
            "is `dask scheduler` running there?"
        ) from None
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise SchedulerError(
                f"The dask scheduler at {address} has no workers; start one with "
                f"`dask worker {address}`."
            ) from None
        workers = sum(client.nthreads().values())
        yield FreshProcessExecutor(client.get_executor(pure=False), workers)
    finally:
        client.close()


@contextmanager
def scheduler_executor(address: str | None) -> Iterator[FreshProcessExecutor | None]:
    """The cluster's executor when a scheduler is named; None (local processes) otherwise."""
    if address is None:
        yield None
        return
    with cluster_executor(address) as executor:
        yield executor
