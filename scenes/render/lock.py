"""One output folder, one writer: a lock file per output folder, held while a run writes.

A second run on the same folder says in one line whose render it waits for, then goes on
and skips what the first one rendered (it reads the manifest only once it holds the lock),
or, asked not to wait, stops with a sentence. The lock is an flock on `OUT/.lock`, which
records the holder's pid: the kernel drops it when the holder dies, however it dies, so a
stale lock is never in the way. While it holds the lock, the process owns a run folder in
`OUT/.work/` (ownership.py): what it leaves if killed is removed by the next run, and
taking the lock first removes what dead runs left there, and nothing else.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from scenes import ownership
from scenes.render import disk

LOCK_NAME = ".lock"


class OutputBusyError(RuntimeError):
    """Another run holds the output folder and this one was asked not to wait."""


def holder_pid(path: Path) -> int | None:
    """The pid the lock file records, if it can be read."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _holder_text(path: Path) -> str:
    pid = holder_pid(path)
    return f"another render (pid {pid})" if pid else "another render"


@contextmanager
def output_lock(
    root: Path, *, wait: bool = True, say: Callable[[str], None] = print
) -> Iterator[None]:
    """Hold `root`'s lock for the block; waits (saying so once) or raises OutputBusyError.

    A folder that cannot be created or written raises disk.DiskError, one sentence.
    """
    path = root / LOCK_NAME
    try:
        root.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise disk.DiskError(disk.fault_sentence(error, root)) from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder_text(path)
            if not wait:
                raise OutputBusyError(
                    f"{root} is being written by {holder}; run again when it has finished, "
                    f"or without --no-wait to wait for it."
                ) from None
            say(f"Waiting for {holder} to finish writing {root} ...")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        with ownership.run_folder(root):
            yield
    finally:
        os.close(descriptor)  # closing drops the flock


@contextmanager
def output_locks(
    roots: Iterable[Path], *, wait: bool = True, say: Callable[[str], None] = print
) -> Iterator[None]:
    """Hold the locks of several output folders, always taken in the same order."""
    by_place = {Path(os.path.abspath(root)): Path(root) for root in roots}
    with ExitStack() as stack:
        for place in sorted(by_place):  # one order for every run: no two runs deadlock
            stack.enter_context(output_lock(by_place[place], wait=wait, say=say))
        yield
