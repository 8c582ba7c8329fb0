"""Keys and the manifest: the pieces that make "only what changed" safe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.paths import PACKAGE_DIR
from scenes.render.cache import (
    MANIFEST_VERSION,
    Manifest,
    ManifestEntry,
    compute_key,
    manim_version,
    module_sources,
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


def test_module_sources_follow_the_imports_of_a_template_module() -> None:
    sources = module_sources("scenes.templates.secant")
    for path in (
        "scenes/__init__.py",
        "scenes/templates/__init__.py",
        "scenes/templates/secant.py",
        "scenes/plans/__init__.py",
        "scenes/plans/secant.py",  # its plan builder and schema: a change re-renders the scene
        "scenes/kit/base.py",
        "scenes/kit/style.py",
        "scenes/kit/live_number.py",
        "scenes/maths/calculus.py",
        "scenes/maths/plan_values.py",
        "scenes/content/loader.py",
    ):
        assert path in sources
    assert sources["scenes/kit/style.py"] == (PACKAGE_DIR / "kit" / "style.py").read_text()
    assert not any(path.startswith(("scenes/cli/", "scenes/render/")) for path in sources)
    assert "scenes/templates/descent.py" not in sources  # another template
    assert "scenes/plans/descent.py" not in sources


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


@pytest.mark.slow
def test_every_module_a_template_loads_is_in_its_key_and_only_those() -> None:
    """What importing and drawing a template loads (run for real) is what its key reads."""
    from scenes.plans import templates

    probe = (
        "import importlib, json, sys\n"
        "module = importlib.import_module(sys.argv[1])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'scenes')))\n"
    )
    for found in templates().values():
        run = subprocess.run(
            [sys.executable, "-c", probe, found.module],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        loaded = json.loads(run.stdout.strip().splitlines()[-1])
        keyed = {
            path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            for path in module_sources(found.module)
        }
        assert set(loaded) <= keyed, f"{found.name}: {set(loaded) - keyed} missing from its key"
        others = {t.module for t in templates().values()} - {found.module}
        assert not keyed & others, f"{found.name}'s key reads another template"
        declaration = "scenes.plans." + found.module.rsplit(".", 1)[1]
        assert declaration in keyed, f"{found.name}'s key misses its plan builder"
    surface_users = {
        name
        for name, t in templates().items()
        if "scenes/kit/surface.py" in module_sources(t.module)
    }
    assert surface_users == {"GradientSurface", "GradientDescentBall"}
