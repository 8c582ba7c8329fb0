"""Disk and permissions: refuse a render that cannot be written before any of it starts.

Before the first job starts, the output folder must be writable and its file system must
have room for what the jobs will write: each clip's last recorded size from the manifest,
else an estimate from the preset (pixels x frames), times what a render writes besides the
clip (beat clips, posters, the work copies). A disk that fills up or turns read-only
mid-render is reported in one sentence naming the folder, never as an errno and a temp
path; the files already published stay as they were (every write is atomic).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from scenes.render.cache import MANIFEST_NAME, Manifest
from scenes.render.errors import causes

if TYPE_CHECKING:
    from scenes.render.job import RenderJob, Work

BYTES_PER_PIXEL_FRAME = 0.005  # H.264 at the presets: 0.003 measured for the 3D scenes at draft
RENDER_FACTOR = 4  # scene clip + beat clips + posters, and manim's files in the work folder
CONVERT_FACTOR = 2  # a converted format (and its beat clips) against its master's size
UNKNOWN_SECONDS = 30.0  # the length assumed for a scene with neither record nor narration
NO_ROOM = (errno.ENOSPC, errno.EDQUOT)
NOT_ALLOWED = (errno.EACCES, errno.EPERM, errno.EROFS)


class DiskError(OSError):
    """The output folder cannot take the render; the message is one sentence."""


def size_text(count: float) -> str:
    """Bytes for people: 512 B, 3.4 MB, 1.2 GB (powers of 1000, as disks are sold)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{int(count)} B"


def existing_folder(folder: Path) -> Path:
    """The folder, or its nearest ancestor that exists (where it will be created)."""
    folder = folder.absolute()
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def free_bytes(folder: Path) -> int:
    """Free bytes for an unprivileged writer on the file system that holds `folder`."""
    return shutil.disk_usage(existing_folder(folder)).free


def require_writable(folder: Path) -> None:
    """Create `folder` if needed and write a probe file there; DiskError says why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, probe = tempfile.mkstemp(prefix=".write-probe-", dir=folder)
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise DiskError(fault_sentence(error, folder)) from None


def estimated_bytes(job: RenderJob, work: Work, manifest: Manifest) -> int:
    """What one job will write: from the last recorded sizes, else from the preset."""
    entry = manifest.entry(job.output_name)
    if entry is not None and entry.bytes > 0:
        master = float(entry.bytes)
    else:
        quality = job.quality
        seconds = job.expected_seconds or UNKNOWN_SECONDS
        frames = seconds * quality.frame_rate
        master = quality.pixel_width * quality.pixel_height * frames * BYTES_PER_PIXEL_FRAME
    needed = RENDER_FACTOR * master if work.render else 0.0
    for name in work.convert:
        converted = manifest.entry(job.output_name_of(name))
        size = converted.bytes if converted is not None and converted.bytes > 0 else master
        needed += CONVERT_FACTOR * size
    return int(needed)


def require_room(pending: Sequence[tuple[RenderJob, Work]]) -> None:
    """Every output folder is writable and has room for its jobs; else DiskError, one sentence."""
    by_root: dict[Path, list[tuple[RenderJob, Work]]] = {}
    for job, work in pending:
        by_root.setdefault(job.out_root, []).append((job, work))
    for root, items in by_root.items():
        require_writable(root)
        manifest = Manifest.load(root / MANIFEST_NAME)
        needed = sum(estimated_bytes(job, work, manifest) for job, work in items)
        free = free_bytes(root)
        if free < needed:
            raise DiskError(
                f"{root} has {size_text(free)} free but this render needs about "
                f"{size_text(needed)}; free some space there or render into another folder "
                f"with --out."
            )


def disk_fault(error: BaseException) -> OSError | None:
    """The full, read-only or forbidden write behind `error`, found along its causes."""
    for cause in causes(error):
        if isinstance(cause, OSError) and cause.errno in (*NO_ROOM, *NOT_ALLOWED):
            return cause
    return None


def is_disk_fault(error: BaseException) -> bool:
    return disk_fault(error) is not None


def fault_sentence(error: OSError, folder: Path) -> str:
    """One sentence for a write that failed in `folder`: no room, not allowed, or else."""
    if error.errno in NO_ROOM:
        free = "?"
        with suppress(OSError):
            free = size_text(free_bytes(folder))
        return (
            f"{folder} ran out of disk space ({free} free); free some space there or render "
            f"into another folder with --out, and run again: finished clips are kept."
        )
    if error.errno == errno.EROFS:
        return f"{folder} is on a read-only file system; render into another folder with --out."
    if error.errno in NOT_ALLOWED:
        return (
            f"{folder} is not writable by this user; fix its permissions "
            f"(chmod u+w {folder}) or render into another folder with --out."
        )
    reason = error.strerror or str(error)
    return f"{folder} cannot be written: {reason.rstrip('.')}."


BOARD_BYTES_PER_PIXEL = 2.0  # a beat's PNG and its share of the sheet, at most (RGBA, compressed)
BOARD_BEATS = 8  # the beats assumed per scene when sizing storyboards


def require_room_for_boards(jobs: Sequence[RenderJob]) -> None:
    """Every output folder is writable and has room for the storyboards; else DiskError."""
    by_root: dict[Path, int] = {}
    for job in jobs:
        beats = len(job.narration.beats) if job.narration is not None else BOARD_BEATS
        pixels = job.quality.pixel_width * job.quality.pixel_height
        by_root[job.out_root] = by_root.get(job.out_root, 0) + int(
            2 * beats * pixels * BOARD_BYTES_PER_PIXEL
        )
    for root, needed in by_root.items():
        require_writable(root)
        free = free_bytes(root)
        if free < needed:
            raise DiskError(
                f"{root} has {size_text(free)} free but these storyboards need about "
                f"{size_text(needed)}; free some space there or draw them into another folder "
                f"with --out."
            )
