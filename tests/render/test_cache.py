"""Keys, the manifest and atomic writes: the pieces that make "only what changed" safe."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scenes.render.cache import (
    MANIFEST_VERSION,
    SHARED_MODULES,
    Manifest,
    ManifestEntry,
    atomic_publish,
    atomic_write_text,
    compute_key,
    manim_version,
    shared_sources,
)

PARTS = {"scene_source": "class A: ...", "content": "abc", "format": "mp4"}


def entry(key: str = "k1") -> ManifestEntry:
    return ManifestEntry(
        scene="SecantConvergence",
        quality="hd",
        format="mp4",
        key=key,
        rendered_at="2025-01-01T00:00:00+00:00",
        duration=12.5,
        seconds=40.25,
        bytes=1234,
    )


def test_compute_key_is_a_stable_sha256_independent_of_order() -> None:
    key = compute_key(PARTS)
    assert len(key) == 64 and int(key, 16) >= 0
    assert compute_key(dict(reversed(list(PARTS.items())))) == key


@pytest.mark.parametrize("name", sorted(PARTS))
def test_compute_key_changes_when_any_part_changes(name: str) -> None:
    assert compute_key({**PARTS, name: PARTS[name] + " "}) != compute_key(PARTS)


def test_compute_key_does_not_confuse_names_with_values() -> None:
    assert compute_key({"ab": "c"}) != compute_key({"a": "bc"})
    assert compute_key({"a": "b", "c": ""}) != compute_key({"a": "b"})


def test_shared_sources_reads_the_listed_modules_that_exist(tmp_path: Path) -> None:
    for folder in ("kit", "templates", "cli"):
        (tmp_path / folder).mkdir()
    (tmp_path / "kit" / "base.py").write_text("BASE = 1\n")
    (tmp_path / "templates" / "plans.py").write_text("PLAN = 2\n")
    (tmp_path / "cli" / "main.py").write_text("orchestration only\n")
    assert shared_sources(tmp_path) == {
        "shared:kit/base.py": "BASE = 1\n",
        "shared:templates/plans.py": "PLAN = 2\n",
    }
    assert not any(name.startswith(("cli/", "render/")) for name in SHARED_MODULES)


def test_manim_version_comes_from_the_installed_package() -> None:
    assert manim_version() == "0.22.0"


def test_manifest_round_trips_through_json(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    manifest = Manifest()
    manifest.record("hd/SecantConvergence.mp4", entry())
    manifest.save(path)
    loaded = Manifest.load(path)
    assert loaded.entry("hd/SecantConvergence.mp4") == entry()
    assert loaded.entry("hd/Other.mp4") is None
    assert f'"version": {MANIFEST_VERSION}' in path.read_text()


@pytest.mark.parametrize(
    "text",
    ["", "not json", '{"version": 99, "renders": {}}', '{"version": 1, "renders": {"a": 1}}'],
)
def test_an_unreadable_manifest_reads_as_empty_so_everything_is_stale(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(text)
    assert Manifest.load(path).renders == {}
    assert Manifest.load(tmp_path / "missing.json").renders == {}


def test_atomic_write_text_replaces_the_file_with_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "manifest.json"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert list(target.parent.iterdir()) == [target]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_atomic_publish_moves_every_file_into_place(tmp_path: Path) -> None:
    sources = [tmp_path / "a.mp4", tmp_path / "a.srt"]
    for index, source in enumerate(sources):
        source.write_bytes(bytes([index]) * 10)
    out = tmp_path / "out"
    atomic_publish({sources[0]: out / "A.mp4", sources[1]: out / "A.srt"})
    assert (out / "A.mp4").read_bytes() == bytes([0]) * 10
    assert (out / "A.srt").read_bytes() == bytes([1]) * 10
    assert sorted(path.name for path in out.iterdir()) == ["A.mp4", "A.srt"]


def test_atomic_publish_failure_touches_no_destination_and_leaves_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "A.mp4").write_bytes(b"good clip")
    (out / "A.srt").write_bytes(b"good captions")
    new_clip = tmp_path / "new.mp4"
    new_clip.write_bytes(b"new clip")
    with pytest.raises(FileNotFoundError):
        atomic_publish({new_clip: out / "A.mp4", tmp_path / "missing.srt": out / "A.srt"})
    assert (out / "A.mp4").read_bytes() == b"good clip"
    assert (out / "A.srt").read_bytes() == b"good captions"
    assert sorted(path.name for path in out.iterdir()) == ["A.mp4", "A.srt"]
