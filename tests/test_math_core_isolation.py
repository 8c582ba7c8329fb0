"""The math core and the layers above it must import without manim (fast, testable alone)."""

from __future__ import annotations

import json
import subprocess
import sys

MATH_CORE = "scenes.maths.calculus"
# Layers that must stay manim-free too; each is checked once its file exists.
OTHER_MANIM_FREE = ("scenes.maths.derivation", "scenes.content.loader", "scenes.templates.plans")

PROBE = """
import importlib, importlib.util, json, sys
imported = []
for name in sys.argv[1:]:
    if importlib.util.find_spec(name) is not None:
        importlib.import_module(name)
        imported.append(name)
manim = sorted(m for m in sys.modules if m == "manim" or m.startswith("manim."))
print(json.dumps({"imported": imported, "manim": manim}))
"""


def _import_in_fresh_interpreter(*modules: str) -> dict[str, list[str]]:
    """Import the modules that exist in a new Python; report what got imported and any manim."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"importing {modules} failed:\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_math_core_imports_without_manim() -> None:
    report = _import_in_fresh_interpreter(MATH_CORE)
    assert report["imported"] == [MATH_CORE]
    assert report["manim"] == []


def test_content_derivation_and_plan_import_without_manim() -> None:
    report = _import_in_fresh_interpreter(MATH_CORE, *OTHER_MANIM_FREE)
    assert MATH_CORE in report["imported"]
    assert report["manim"] == [], f"{report['imported']} pulled in {report['manim'][:5]}"
