"""Which folders a render may write into: checked once, before anything is read or written.

A render writes its clips, a manifest, a lock file, a voice cache and a work area into
its output folder, and may later replace or remove what it wrote there. So the folder
must be one no one else keeps files in. The rule, said in full in the README:

- never `/`, a system folder (or a folder inside /bin, /boot, /dev, /etc, /lib, /proc,
  /sbin, /sys, /usr), a top folder such as /home, /tmp or /var, or a home folder itself;
- a folder that exists must be empty, or hold a `.lock` file or a render's
  `manifest.json` (a `lecture` command has written there before), or hold only hidden
  files (`.gitkeep`) and folders that are themselves such output folders (the
  `output/lectures/<name>/` layout);
- a link must lead somewhere, and where the render keeps a file there must be no folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from scenes.render.cache import MANIFEST_NAME
from scenes.render.lock import LOCK_NAME

SYSTEM_TREES = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32")
SYSTEM_TREES += ("/proc", "/sbin", "/sys", "/usr", "/System", "/Library", "/Applications")
TOP_FOLDERS = ("/", "/home", "/Users", "/tmp", "/var", "/var/tmp", "/run", "/opt", "/srv")
TOP_FOLDERS += ("/mnt", "/media", "/root", "/private", "/private/tmp", "/Volumes")
SHOWN_ENTRIES = 3


class OutFolderError(ValueError):
    """The folder cannot be a render's output folder; str() is one sentence."""


def _is_output_folder(folder: Path) -> bool:
    """Whether a `lecture` command wrote here: its lock file, or a render's manifest."""
    if (folder / LOCK_NAME).is_file():
        return True
    try:
        with (folder / MANIFEST_NAME).open("rb") as reader:
            head = reader.read(200)
    except OSError:
        return False
    return head.lstrip().startswith(b"{") and b'"renders"' in head


def _holds_only_outputs(folder: Path) -> bool:
    """A folder of lecture output folders (`lectures/`), one level down."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    return all(
        entry.name.startswith(".") or (entry.is_dir() and _is_output_folder(entry))
        for entry in entries
    )


def foreign_entries(folder: Path) -> list[str]:
    """The names in `folder` that are not a lecture's output, sorted ([] for ours)."""
    if _is_output_folder(folder):
        return []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        entry.name
        for entry in entries
        if not entry.name.startswith(".")
        and not (
            entry.is_dir()
            and not entry.is_symlink()
            and (_is_output_folder(entry) or _holds_only_outputs(entry))
        )
    ]


def _system_reason(place: Path) -> str | None:
    text = str(place)
    if text in TOP_FOLDERS:
        return "a system folder"
    for tree in SYSTEM_TREES:
        if text == tree:
            return "a system folder"
        if text.startswith(tree + "/"):
            return f"inside the system folder {tree}"
    home = os.path.realpath(Path.home())
    if text == home:
        return "your home folder itself"
    return None


def check_out_folder(folder: Path, *, writes: bool = True) -> None:
    """Refuse, in one sentence naming the folder, an output folder a render must not use.

    `writes` False (a command that only reads renders): only where it is and what it is.
    """
    if folder.is_symlink() and not folder.exists():
        target = os.readlink(folder)
        raise OutFolderError(
            f"{folder} is a link to {target}, which does not exist; create that "
            "folder or choose another."
        )
    place = Path(os.path.realpath(folder))
    reason = _system_reason(place)
    if reason is not None:
        raise OutFolderError(
            f"{folder} is {reason}, where a render must not write; choose a folder "
            "of its own, such as output/."
        )
    if place.exists() and not place.is_dir():
        raise OutFolderError(f"{folder} is a file, not a folder; choose a folder.")
    if not place.is_dir() or not writes:
        return
    for name, what in ((LOCK_NAME, "lock file"), (MANIFEST_NAME, "manifest")):
        path = place / name
        if path.is_dir() and not path.is_symlink():
            raise OutFolderError(
                f"{folder / name} is a folder where the render keeps its {what} (a file); "
                "move or remove it and run again."
            )
    foreign = foreign_entries(place)
    if foreign:
        more = ", ..." if len(foreign) > SHOWN_ENTRIES else ""
        shown = ", ".join(foreign[:SHOWN_ENTRIES]) + more
        raise OutFolderError(
            f"{folder} holds files that are not a lecture's output ({shown}); a "
            "render replaces and removes files in its output folder, so choose an empty or "
            "new folder, or one a render made."
        )
