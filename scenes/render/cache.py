"""Content keys and the render manifest: what makes "only what changed" safe.

A render is identified by a key, a sha256 over everything that can change its pixels
(the scene's module and every project module it imports, the scene's content, the
quality preset, the format, manim's version). `output/manifest.json` records the key
each clip was rendered from; a clip is served again only when its file is there and its
key still matches.
Nothing here imports manim.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import version
from pathlib import Path

from scenes.outputs.atomic_files import atomic_write_text

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1

# Bumped when the orchestration changes what it writes for the same inputs, so old
# clips are re-rendered instead of served.
KEY_SCHEMA = "1"


def compute_key(parts: Mapping[str, str]) -> str:
    """The sha256 of named inputs; order-free, and no two different mappings collide."""
    canonical = json.dumps(dict(parts), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def module_sources(module: str) -> dict[str, str]:
    """The source of `module` and of every module of its package it imports, at any depth.

    Imports are read, not run (so manim stays unloaded), including those inside functions;
    each module's parent packages count too, since importing it runs their `__init__`.
    Keyed by path under the package's parent, e.g. "scenes/kit/style.py". A module of
    the package that nothing imports (the CLI, the render orchestration) is left out, so
    editing it re-renders nothing.
    """
    top = module.split(".")[0]
    root = _package_parent(top)
    sources: dict[str, str] = {}
    pending = [module]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _module_path(root, name)
        if path is None:
            if name == module:
                raise ModuleNotFoundError(f"Scene module {module!r} was not found.")
            continue
        text = path.read_text(encoding="utf-8")
        sources[path.relative_to(root).as_posix()] = text
        parts = name.split(".")
        pending += [".".join(parts[:i]) for i in range(1, len(parts))]
        pending += [found for found in _imported(text) if found.split(".")[0] == top]
    return dict(sorted(sources.items()))


def _package_parent(top: str) -> Path:
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"Scene module package {top!r} was not found.")
    return Path(next(iter(spec.submodule_search_locations))).parent


def _module_path(root: Path, name: str) -> Path | None:
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


@cache
def _imported(text: str) -> tuple[str, ...]:
    """Every module name an import statement in the source may load (X.y and X for
    `from X import y`, since y may be a module or a name). Cached by source text: the
    jobs of one run share most of their modules.

    Only the lines that start an import are parsed (a whole module's syntax tree took
    most of `lecture list`'s time); a docstring line that reads like an import only adds
    a module to the key, never drops one.
    """
    names: list[str] = []
    for statement in _import_statements(text):
        try:
            nodes = ast.parse(statement).body
        except SyntaxError:
            continue
        for node in nodes:
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.append(node.module)
                names += [f"{node.module}.{alias.name}" for alias in node.names]
    return tuple(names)


def _import_statements(text: str) -> list[str]:
    """Each `import ...` or `from ... import ...` statement, at any indentation, dedented;
    a parenthesised name list is joined up to its closing parenthesis."""
    lines = text.splitlines()
    statements: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line.startswith(("import ", "from ")):
            continue
        while "(" in line and ")" not in line and index < len(lines):
            line += " " + lines[index].strip()
            index += 1
        statements.append(line)
    return statements


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
