"""What a process writes before it publishes is owned, so only a dead owner's leftovers go.

Each process that writes into an output folder (the `lecture` command while it holds the
folder's lock, each render worker) owns one folder under `OUT/.work/`. The folder's owner
file names the host, the pid and the process's start time; its journal lists every
temporary file the process creates beside a file it publishes (written before the file is
created). A later run removes a run's leftovers only when that run is provably dead: its
owner file names this host and no process with that pid and start time is running. Then
it removes exactly the paths the journal lists that still carry a temporary name, and the
folder. Nothing is ever removed by a name pattern across a tree, so a render never touches
another render's files, even one writing into a folder nested inside its own.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import secrets
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

WORK_DIR_NAME = ".work"
OWNER_FILE = ".owner"
JOURNAL_FILE = ".journal"
RUN_PREFIX = "run-"  # the folder of a `lecture` command itself (workers name theirs by job)
UNOWNED_GRACE_SECONDS = 60.0  # a folder without an owner file yet may be a second old
TEMPORARY_NAME = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp(\.[A-Za-z0-9]{1,8})?$")

_owned: list[Path] = []  # this process's owned folders, innermost last
_journal_lock = threading.Lock()
_open_records: dict[str, Path] = {}  # publishing record id -> its journal


def host_name() -> str:
    return socket.gethostname()


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot ("" where /proc cannot say).

    With the pid it names one process: a pid reused by a later process has another.
    """
    with suppress(OSError, IndexError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    return ""


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
    with suppress(OSError, IndexError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    return True


def claim(folder: Path) -> None:
    """Record this process as the owner of `folder` (host, pid, start time)."""
    pid = os.getpid()
    (folder / OWNER_FILE).write_text(
        f"{host_name()} {pid} {_start_time(pid)}".rstrip() + "\n", encoding="utf-8"
    )


def owner_alive(folder: Path) -> bool:
    """Whether the process that owns `folder` may still be running.

    Only a folder of this host whose process is gone, or was replaced by another with
    the same pid, counts as dead; another machine's folder (a cluster on a shared disk)
    is never ours to judge, and a folder not yet claimed is given a minute.
    """
    try:
        host, pid, *started = (folder / OWNER_FILE).read_text(encoding="utf-8").split()
    except (OSError, ValueError):
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            return False
        return age < UNOWNED_GRACE_SECONDS
    if host != host_name():
        return True
    if not pid.isdigit() or not pid_alive(int(pid)):
        return False
    now = _start_time(int(pid))
    return not (started and now and started[0] != now)


@contextmanager
def owning(folder: Path) -> Iterator[Path]:
    """For the block, temporary files this process creates are journaled in `folder`."""
    _owned.append(folder)
    try:
        yield folder
    finally:
        _owned.remove(folder)


@contextmanager
def run_folder(out_root: Path) -> Iterator[Path]:
    """A folder this process owns in `out_root`'s work area, for the block; removed after.

    Leftovers of dead runs in the same work area are removed first.
    """
    work_root = out_root / WORK_DIR_NAME
    remove_dead(work_root)
    work_root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-", dir=work_root))
    try:
        claim(folder)
        with owning(folder):
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with suppress(OSError):
            work_root.rmdir()  # only if empty


def _journal_for(path: Path) -> Path | None:
    """The journal of the owned folder whose output folder holds `path` (else the latest)."""
    if not _owned:
        return None
    place = Path(os.path.abspath(path))
    for folder in reversed(_owned):
        out_root = Path(os.path.abspath(folder)).parent.parent
        if out_root in place.parents:
            return folder / JOURNAL_FILE
    return _owned[-1] / JOURNAL_FILE


def temporary_sibling(destination: Path, *, keep_suffix: bool = False) -> Path:
    """A new, uniquely named empty file beside `destination` (so a rename is atomic).

    Journaled before it is created, so a kill at any moment leaves nothing unrecorded.
    `keep_suffix`: the name ends in the destination's suffix too (for writers that pick a
    format by it). Created with the usual umask-based permissions, unlike tempfile's
    private 0600 files, because it becomes the published file.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    suffix = destination.suffix if keep_suffix else ""
    journal = _journal_for(destination)
    while True:
        path = destination.parent / f".{destination.name}.{secrets.token_hex(6)}.tmp{suffix}"
        if journal is not None:
            _append(journal, os.path.abspath(path))
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return path


def temporary_name(destination: Path) -> Path:
    """A free temporary name beside `destination`, journaled but not created (for a link)."""
    journal = _journal_for(destination)
    path = destination.parent / f".{destination.name}.{secrets.token_hex(6)}.tmp"
    if journal is not None:
        _append(journal, os.path.abspath(path))
    return path


def _append(journal: Path, line: str) -> None:
    with _journal_lock, journal.open("a", encoding="utf-8") as writer:
        writer.write(line + "\n")
        writer.flush()


def record_publishing(backups: Mapping[Path, Path | None]) -> str:
    """Journal that these destinations are about to be replaced (each with the temporary
    name that keeps its old file, None where there was none); the record's id."""
    record = secrets.token_hex(6)
    journal = _journal_for(next(iter(backups))) if backups else None
    if journal is not None:
        pairs = [[os.path.abspath(d), b and os.path.abspath(b)] for d, b in backups.items()]
        _append(journal, json.dumps({"publish": record, "files": pairs}))
        _open_records[record] = journal
    return record


def record_published(record: str) -> None:
    """Journal that a publishing is complete (or undone): nothing of it to put back."""
    journal = _open_records.pop(record, None)
    if journal is not None:
        _append(journal, json.dumps({"published": record}))


@contextmanager
def scratch_folder(prefix: str = "scratch-") -> Iterator[Path]:
    """A private folder for intermediate files, removed after the block.

    Inside the folder this process owns when there is one (so a killed process's scratch
    is removed by the next run), else in the system's temporary folder.
    """
    parent = _owned[-1] if _owned else None
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


PROCESS_TEMP_PREFIX = "lecture-"
MAX_TEMP_BASE = 60  # + "/lecture-<pid>-xxxxxxxx/listener-xxxxxxxx" stays under 108 bytes
_process_temp: list[Path] = []


def process_temp_folder() -> Path:
    """A folder in the system's temporary folder for this process's lifetime, removed at
    exit; one a killed process left is removed by the next (its owner file says whose).

    For what must live in the system's temporary folder: multiprocessing's fork server
    socket, whose path must stay short and which outlives any one output folder's lock.
    """
    if _process_temp:
        return _process_temp[0]
    system_temp = Path(tempfile.gettempdir())
    if len(str(system_temp)) > MAX_TEMP_BASE and Path("/tmp").is_dir():
        system_temp = Path("/tmp")  # a socket's path must fit in 108 bytes
    with suppress(OSError):
        for folder in system_temp.glob(f"{PROCESS_TEMP_PREFIX}*"):
            if folder.is_dir() and (folder / OWNER_FILE).is_file() and not owner_alive(folder):
                shutil.rmtree(folder, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{PROCESS_TEMP_PREFIX}{os.getpid()}-", dir=system_temp))
    claim(folder)
    _process_temp.append(folder)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _lines(folder: Path) -> list[str]:
    try:
        text = (folder / JOURNAL_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [line for line in text.splitlines() if line.strip()]


def _records(folder: Path) -> list[dict[str, Any]]:
    records = []
    for line in _lines(folder):
        if line.startswith("{"):
            with suppress(ValueError):
                entry = json.loads(line)
                if isinstance(entry, dict):
                    records.append(entry)
    return records


def _journaled(folder: Path) -> list[Path]:
    return [Path(line) for line in _lines(folder) if not line.startswith("{")]


def _undo_unfinished_publishing(folder: Path) -> list[Path]:
    """Put back the old files of a publishing the dead owner began but did not finish.

    A destination with a kept old file gets it back; one that had none (a new file) is
    removed if it was already moved into place. The set is then as it was before.
    """
    records = _records(folder)
    finished = {entry.get("published") for entry in records}
    restored: list[Path] = []
    for entry in records:
        if "publish" not in entry or entry["publish"] in finished:
            continue
        for destination, backup in entry.get("files", []):
            target = Path(destination)
            with suppress(OSError):
                if backup is not None and Path(backup).is_file():
                    os.replace(backup, target)
                    restored.append(target)
                elif backup is None and target.is_file() and not target.is_symlink():
                    target.unlink()
                    restored.append(target)
    return restored


def remove_dead(work_root: Path) -> list[Path]:
    """Remove the folders of dead owners in `work_root`, and the temporary files their
    journals list; return what was removed."""
    removed: list[Path] = []
    try:
        folders = [path for path in work_root.iterdir() if path.is_dir()]
    except OSError:
        return removed
    for folder in folders:
        if owner_alive(folder):
            continue
        removed += _undo_unfinished_publishing(folder)
        for path in _journaled(folder):
            if is_temporary(path) and not path.is_symlink() and path.is_file():
                with suppress(OSError):
                    path.unlink()
                    removed.append(path)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    with suppress(OSError):
        work_root.rmdir()  # only if empty
    return removed


def is_temporary(path: Path) -> bool:
    """Whether `path` is named as temporary_sibling names its files."""
    return bool(TEMPORARY_NAME.match(path.name))
