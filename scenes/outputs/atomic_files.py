"""Atomic file writes: a published file is always the old one or the new one, never half,
and a set of files published together is always the old set or the new set.

Everything the project writes into an output folder goes through here, so an interrupted
render, a full disk, a folder in the way or a killed process never leaves a half-written
clip over a good one, nor a new clip beside old captions.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from scenes import ownership


class PublishError(OSError):
    """A file cannot be published where it belongs; str() is one sentence."""

    one_sentence = True  # a failed render job reports str() as it is


def _copy_synced(source: Path, target: Path) -> None:
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(1 << 20):
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())


def _refuse_what_is_in_the_way(destinations: list[Path]) -> None:
    for destination in destinations:
        if destination.is_dir() and not destination.is_symlink():
            raise PublishError(
                f"{destination} is a folder, where the render must write a file; "
                "move or remove it and render again."
            )


def _backup(destination: Path) -> Path | None:
    """A second name for the file now at `destination` (None: there is none), so it can
    be put back; a hard link costs nothing, a copy is the fallback."""
    if not destination.is_file():
        return None
    backup = ownership.temporary_name(destination)
    try:
        os.link(destination, backup)
    except OSError:
        shutil.copy2(destination, backup)
    return backup


def atomic_publish(files: Mapping[Path, Path]) -> None:
    """Copy each source next to its destination, then move them all into place, or none.

    The copies are the slow part that can fail (disk full, interrupt); until all of them
    are complete no destination is touched, and on failure they are removed. Each
    destination is then replaced by a rename, so it is always either the old file or the
    new one. If a rename fails (a folder in the way), the renames already done are
    undone; if the process is killed among them, the journal of the folder it owns lets
    the next run undo them (ownership.remove_dead).
    """
    destinations = list(files.values())
    _refuse_what_is_in_the_way(destinations)
    staged: dict[Path, Path] = {}
    backups: dict[Path, Path | None] = {}
    done: list[Path] = []
    record: str | None = None
    try:
        for source, destination in files.items():
            staged[destination] = ownership.temporary_sibling(destination)
            _copy_synced(source, staged[destination])
        for destination in destinations:
            backups[destination] = _backup(destination)
        record = ownership.record_publishing(backups)
        for destination, temporary in staged.items():
            os.replace(temporary, destination)
            done.append(destination)
        ownership.record_published(record)
    except BaseException:
        for destination in reversed(done):  # put the old set back
            with suppress(OSError):
                backup = backups.get(destination)
                if backup is not None:
                    os.replace(backup, destination)
                else:
                    destination.unlink()
        if record is not None:
            ownership.record_published(record)
        for temporary in [*staged.values(), *(b for b in backups.values() if b)]:
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
        raise
    for backup in backups.values():
        if backup is not None:
            with suppress(OSError):
                backup.unlink()


def atomic_write_text(destination: Path, text: str) -> None:
    """Replace `destination` with `text` in one step."""
    _refuse_what_is_in_the_way([destination])
    temporary = ownership.temporary_sibling(destination)
    try:
        with temporary.open("w", encoding="utf-8") as writer:
            writer.write(text)
            writer.flush()
            os.fsync(writer.fileno())
        os.replace(temporary, destination)
    except BaseException:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
