"""No runaway renders: workers die with the run that started them, and their leftovers go.

A render's worker processes are forked by a fork server, itself started by the `lecture`
process. If that process is killed (even with SIGKILL, which no handler sees) the workers
would otherwise go on rendering and publish clips that no manifest records. On Linux each
of them asks the kernel for SIGKILL when its parent dies (PR_SET_PDEATHSIG): the `lecture`
process's death kills the fork server, whose death kills the workers, within milliseconds.
Elsewhere a thread in each worker watches its parent and ends the process when it is gone.

Each job's work folder (`OUT/.work/<scene>-...`) records the host and pid of the process
that owns it; the next run removes every folder whose owner is dead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import socket
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

PARENT_ENV = "LECTURE_RENDER_PARENT"  # the pid of the run whose fork server this is
OWNER_FILE = ".owner"
PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.2
UNOWNED_GRACE_SECONDS = 60.0  # a folder without an owner file yet may be a second old


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


# ---------------------------------------------------------------------------
# Work folders of dead runs


def host_name() -> str:
    return socket.gethostname()


def claim_work_dir(folder: Path) -> None:
    """Record this process as the owner of a new work folder."""
    (folder / OWNER_FILE).write_text(f"{host_name()} {os.getpid()}\n", encoding="utf-8")


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs (a zombie, dead but not yet reaped, does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _owner_alive(folder: Path) -> bool:
    try:
        host, pid = (folder / OWNER_FILE).read_text(encoding="utf-8").split()
    except (OSError, ValueError):
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            return False
        return age < UNOWNED_GRACE_SECONDS
    if host != host_name():
        return True  # another machine's worker (a cluster on a shared disk): not ours to judge
    return pid.isdigit() and pid_alive(int(pid))


def remove_dead_work(work_root: Path) -> list[Path]:
    """Remove the work folders whose owner process is dead; return what was removed."""
    removed: list[Path] = []
    try:
        folders = [path for path in work_root.iterdir() if path.is_dir()]
    except OSError:
        return removed
    for folder in folders:
        if not _owner_alive(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    with suppress(OSError):
        work_root.rmdir()  # only if empty
    return removed


PARTIAL_FILE = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")  # atomic_files' temporary siblings


def remove_partial_files(out_root: Path) -> list[Path]:
    """Remove half-copied temporary files that a killed run left beside its clips.

    Only safe while holding the output folder's lock (lock.py): then no other process
    is publishing there.
    """
    removed: list[Path] = []
    with suppress(OSError):
        for path in out_root.rglob("*.tmp"):
            if PARTIAL_FILE.match(path.name) and path.is_file():
                with suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed
