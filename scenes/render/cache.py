"""Content keys, the render manifest and atomic file writes: what makes "only what changed" safe.

A render is identified by a key, a sha256 over everything that can change its pixels
(scene source, shared modules, the scene's content, the quality preset, the format,
manim's version). `output/manifest.json` records the key each clip was rendered from;
a clip is served again only when its file is there and its key still matches.
Nothing here imports manim.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from scenes.paths import PACKAGE_DIR

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1

# Bumped when the orchestration changes what it writes for the same inputs, so old
# clips are re-rendered instead of served.
KEY_SCHEMA = "1"

SCENES_DIR = PACKAGE_DIR

# The modules every scene may draw on. Orchestration-only modules (cli, render, cache,
# assemble, ...) are left out on purpose: editing them must not re-render the lecture.
SHARED_MODULES: tuple[str, ...] = (
    "kit/base",
    "kit/style",
    "maths/calculus",
    "maths/derivation",
    "templates/plans",
    "content/loader",
    "content/expressions",
    "content/schema",
)


def compute_key(parts: Mapping[str, str]) -> str:
    """The sha256 of named inputs; order-free, and no two different mappings collide."""
    canonical = json.dumps(dict(parts), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def shared_sources(scenes_dir: Path = SCENES_DIR) -> dict[str, str]:
    """The text of each shared module that exists, keyed "shared:<name>.py"."""
    sources: dict[str, str] = {}
    for name in SHARED_MODULES:
        path = scenes_dir / f"{name}.py"
        if path.is_file():
            sources[f"shared:{name}.py"] = path.read_text(encoding="utf-8")
    return sources


def manim_version() -> str:
    """The installed manim's version, read from package metadata (manim is not imported)."""
    return version("manim")


def utc_now() -> str:
    """The current time as an ISO 8601 string in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ManifestEntry:
    """One rendered clip: what it is, the key it was rendered from, and how long it took."""

    scene: str
    quality: str
    format: str
    key: str
    rendered_at: str
    duration: float  # seconds of video
    seconds: float  # wall-clock seconds the render took
    bytes: int  # file size when recorded; a different size means someone replaced the file


@dataclass
class Manifest:
    """`output/manifest.json`: the renders keyed by their path under the output root."""

    renders: dict[str, ManifestEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """Read a manifest; a missing, unreadable or foreign one reads as empty (all stale)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION:
                return cls()
            return cls({name: ManifestEntry(**entry) for name, entry in data["renders"].items()})
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls()

    def to_json(self) -> str:
        """The manifest as stable, human-readable JSON."""
        renders = {name: asdict(self.renders[name]) for name in sorted(self.renders)}
        return json.dumps({"version": MANIFEST_VERSION, "renders": renders}, indent=2) + "\n"

    def save(self, path: Path) -> None:
        """Write the manifest atomically: readers see the old or the new file, never half."""
        atomic_write_text(path, self.to_json())

    def entry(self, name: str) -> ManifestEntry | None:
        """The record for one output path (e.g. "hd/SecantConvergence.mp4"), if any."""
        return self.renders.get(name)

    def record(self, name: str, entry: ManifestEntry) -> None:
        """Add or replace the record for one output path."""
        self.renders[name] = entry


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
