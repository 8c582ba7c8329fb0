"""Build a lecture scene quickly at the end state of every beat, for layout and value checks.

Animations are skipped (each beat ends in its final state) and nothing is written
to disk, so a whole scene takes a second or two.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from manim import tempconfig

from scenes.kit.base import BeatRecord, BeatScene, TextBox
from scenes.plans import schemas, template
from scenes.render.tex_cache import TEX_CACHE_NAME

# One LaTeX cache for every scene test (and across runs): each formula compiles once.
# One per pytest-xdist worker: manim typesets in place, so two processes writing one
# formula's files at once could read each other's half-written SVG.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
TEX_CACHE = Path(tempfile.gettempdir()) / "-".join(
    filter(None, ["lecture-scene-tests-tex", _WORKER])
)
# The formulas the tests' renders typeset (`--out` folders' .tex-cache), shared by every
# worker and run: each test renders into a new folder, and would typeset them all again.
FORMULA_POOL = Path(tempfile.gettempdir()) / "lecture-tests-formulas"
TINY = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 5}
FRAME_MARGIN = 0.05
OVERLAP_TOLERANCE = 0.02


@contextmanager
def shared_formulas(out: Path) -> Iterator[None]:
    """Starts `out`'s TeX cache with the formulas earlier tests typeset, and adds the ones
    typeset inside to the pool. Links only: a linked SVG is whole (renders publish theirs
    by rename), so workers can share the pool."""
    cache = out / TEX_CACHE_NAME
    _link_svgs(FORMULA_POOL, cache)
    try:
        yield
    finally:
        _link_svgs(cache, FORMULA_POOL)


def _link_svgs(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for svg in source.glob("*.svg"):
        with suppress(FileExistsError):
            os.link(svg, target / svg.name)


def scene_class(name: str) -> type[BeatScene]:
    """The Scene class of a template, by its name or a former name (SigmoidGraph)."""
    return template(schemas()[name].name).scene_class()


def run_scene(name: str, tmp_path: Path) -> BeatScene:
    """Constructs the scene with animations skipped and returns it (with beat records)."""
    cls = scene_class(name)
    config = {**TINY, "media_dir": str(tmp_path / "media"), "dry_run": True}
    with tempconfig(config):
        scene = cls(skip_animations=True)
        scene.render()
    return scene


def texts_of(scene: BeatScene, beat: str) -> list[str]:
    """The texts on screen at the end of one beat."""
    record = next(r for r in scene.beat_records if r.beat == beat)
    return [box.text for box in record.texts]


def outside_frame(box: TextBox, width: float, height: float) -> bool:
    half_w, half_h = width / 2 - FRAME_MARGIN, height / 2 - FRAME_MARGIN
    return box.left < -half_w or box.right > half_w or box.bottom < -half_h or box.top > half_h


def overlapping(a: TextBox, b: TextBox) -> bool:
    dx = min(a.right, b.right) - max(a.left, b.left)
    dy = min(a.top, b.top) - max(a.bottom, b.bottom)
    return dx > OVERLAP_TOLERANCE and dy > OVERLAP_TOLERANCE


def layout_problems(records: list[BeatRecord], width: float, height: float) -> list[str]:
    """Every text outside the frame or overlapping another text, at the end of each beat."""
    problems: list[str] = []
    for record in records:
        for box in record.texts:
            if outside_frame(box, width, height):
                problems.append(f"{record.beat}: {box.text!r} leaves the frame")
        for i, a in enumerate(record.texts):
            for b in record.texts[i + 1 :]:
                if overlapping(a, b):
                    problems.append(f"{record.beat}: {a.text!r} overlaps {b.text!r}")
    return problems
