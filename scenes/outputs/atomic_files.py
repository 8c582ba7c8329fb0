"""Atomic file writes: a published file is always the old one or the new one, never half.

Everything the project writes into an output folder goes through here, so an interrupted
render, a full disk or a killed process never leaves a half-written clip over a good one.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path


def _temporary_sibling(destination: Path) -> Path:
    """A new, uniquely named empty file in `destination`'s folder (so a rename is atomic).

    Created with the usual umask-based permissions, unlike tempfile's private 0600 files,
    because it becomes the published file.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    while True:
        path = destination.parent / f".{destination.name}.{secrets.token_hex(6)}.tmp"
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return path


def _copy_synced(source: Path, target: Path) -> None:
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(1 << 20):
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())


def atomic_publish(files: Mapping[Path, Path]) -> None:
    """Copy each source next to its destination, then move them all into place.

    The copies are the slow part that can fail (disk full, interrupt); until all of them
    are complete no destination is touched, and on failure they are removed. Each
    destination is then replaced by a rename, so it is always either the old file or the
    new one, never a half-written file.
    """
    staged: dict[Path, Path] = {}
    try:
        for source, destination in files.items():
            staged[destination] = _temporary_sibling(destination)
            _copy_synced(source, staged[destination])
        for destination, temporary in staged.items():
            os.replace(temporary, destination)
    except BaseException:
        for temporary in staged.values():
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
        raise


def atomic_write_text(destination: Path, text: str) -> None:
    """Replace `destination` with `text` in one step."""
    temporary = _temporary_sibling(destination)
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
