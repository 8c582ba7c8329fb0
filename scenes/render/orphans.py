"""No runaway renders: workers die with the run that started them, and their leftovers go.

A render's worker processes are forked by a fork server, itself started by the `lecture`
process. If that process is killed (even with SIGKILL, which no handler sees) the workers
would otherwise go on rendering and publish clips that no manifest records. On Linux each
of them asks the kernel for SIGKILL when its parent dies (PR_SET_PDEATHSIG): the `lecture`
process's death kills the fork server, whose death kills the workers, within milliseconds.
Elsewhere a thread in each worker watches its parent and ends the process when it is gone.

What a dead run leaves in its work folders is removed by the next run: see
scenes/outputs/ownership.py.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from contextlib import suppress

PARENT_ENV = "LECTURE_RENDER_PARENT"  # the pid of the run whose fork server this is
PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.2


def die_with_parent() -> bool:
    """Ask to be killed when the parent process dies; False where the kernel cannot.

    Called in a new process; if the parent is already gone (the race before the request
    took effect), exit at once.
    """
    parent = os.getppid()
    armed = False
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent or parent == 1:
        os._exit(1)
    return armed


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def stop_workers(pool: object) -> None:
    """Kill a ProcessPoolExecutor's workers now (an interrupted run must not wait for them)."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with suppress(OSError, AttributeError, ValueError):
            process.kill()


def worker_initializer() -> None:
    """Each render worker's first act: die with the process that forked it."""
    die_with_parent()


def mark_fork_server_parent() -> None:
    """Tell the fork server about to be started (through its environment) whose it is."""
    os.environ[PARENT_ENV] = str(os.getpid())


def _arm_fork_server() -> None:
    """In the fork server, which imports this module at start: die with the run."""
    in_fork_server = "multiprocessing.forkserver" in sys.modules
    if in_fork_server and os.environ.get(PARENT_ENV) == str(os.getppid()):
        die_with_parent()


_arm_fork_server()


def quiet_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with its warnings silenced.

    When a run is killed, the tracker (which outlives it) frees the run's semaphores, as it
    should, and prints a "leaked semaphore" warning about it into the user's terminal. The
    tracker writes to the stderr it was started with, so it is started with /dev/null.
    """
    from multiprocessing import resource_tracker

    if getattr(resource_tracker._resource_tracker, "_fd", None) is not None:
        return  # already running
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        resource_tracker.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
