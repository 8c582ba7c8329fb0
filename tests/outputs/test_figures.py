"""The notes' figures as stills: files at the asked size, pictures that show the plan's values."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from manim import ManimColor, tempconfig
from PIL import Image
from scene_harness import TEX_CACHE

from scenes.cli.main import main
from scenes.kit import style
from scenes.outputs.figures import FIGURES, Still, TangentFigure, first_instance, render_still
from scenes.plans import build_plan, load_lecture

SIZE = (480, 320)
STEMS = ("figure-1-secant", "figure-2-tangent", "figure-3-sigmoid", "figure-4-paraboloid")
COLOUR_DISTANCE = 60  # anti-aliasing blends a thin line with the background
SEARCH_RADIUS = 3  # pixels around where a line should be
SVG_RGB = re.compile(r"stroke:rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\)")


@pytest.fixture(scope="module")
def manim_media(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A temporary media folder; typeset LaTeX goes to the scene tests' shared cache."""
    media = tmp_path_factory.mktemp("media")
    with tempconfig({"media_dir": str(media), "tex_dir": str(TEX_CACHE)}):
        yield media


@pytest.fixture(scope="module")
def exported(manim_media: Path) -> Path:
    out = manim_media.parent / "figures"
    size = f"{SIZE[0]}x{SIZE[1]}"
    result = CliRunner().invoke(main, ["export", "figures", "--out", str(out), "--size", size])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def tangent(manim_media: Path) -> Still:
    lecture = load_lecture()
    plan = build_plan(lecture, first_instance(lecture, TangentFigure.plan_template))
    return render_still(TangentFigure, plan, (900, 600))


def rgb(color: str) -> np.ndarray:
    return np.array(ManimColor(color).to_rgb()) * 255


def near(image: Image.Image, position: tuple[float, float], color: str) -> bool:
    """Whether a pixel of the colour lies within SEARCH_RADIUS of the position."""
    pixels = np.asarray(image, dtype=float)
    column, row = (int(round(v)) for v in position)
    r = SEARCH_RADIUS
    patch = pixels[row - r : row + r + 1, column - r : column + r + 1]
    return bool(np.min(np.linalg.norm(patch - rgb(color), axis=-1)) < COLOUR_DISTANCE)


def test_figures_are_the_notes_four():
    assert tuple(spec.stem for spec in FIGURES) == STEMS


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_each_png_has_the_asked_size_and_a_picture(exported, stem):
    with Image.open(exported / f"{stem}.png") as image:
        assert image.size == SIZE
        pixels = np.asarray(image.convert("RGB"), dtype=float)
    drawn = np.linalg.norm(pixels - rgb(style.BACKGROUND), axis=-1) > COLOUR_DISTANCE
    assert drawn.mean() > 0.01


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_each_svg_is_vector_art_of_the_same_size(exported, stem):
    root = ElementTree.parse(exported / f"{stem}.svg").getroot()

    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == f"0 0 {SIZE[0]} {SIZE[1]}"
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 20
    assert not root.findall(".//{http://www.w3.org/2000/svg}image")


@pytest.mark.slow
def test_svg_keeps_the_lecture_colours(exported):
    text = (exported / "figure-2-tangent.svg").read_text(encoding="utf-8")

    strokes = [np.array([float(v) for v in m]) * 2.55 for m in SVG_RGB.findall(text)]
    for color in (style.TANGENT_COLOR, style.FUNCTION_COLOR):
        assert min(np.linalg.norm(s - rgb(color)) for s in strokes) < 2, color


@pytest.mark.slow
def test_tangent_runs_through_the_plans_point_with_the_plans_slope(tangent):
    plan, axes = tangent.scene.plan, tangent.scene.axes
    assert (plan.x0, plan.y0, plan.tangent_slope) == (1.0, 1.0, 2.0)  # the notes' Figure 2

    def on_tangent(x: float) -> tuple[float, float]:
        return tangent.to_pixel(axes.c2p(x, plan.y0 + plan.tangent_slope * (x - plan.x0)))

    for x in (0.6, 1.5, 2.2):
        assert near(tangent.image, on_tangent(x), style.TANGENT_COLOR), x
    column, row = on_tangent(1.5)
    assert not near(tangent.image, (column + 25, row), style.TANGENT_COLOR)
    assert near(tangent.image, tangent.to_pixel(axes.c2p(plan.x0, plan.y0)), style.POINT_COLOR)


def test_bad_size_is_a_usage_error():
    result = CliRunner().invoke(main, ["export", "figures", "--size", "big"])

    assert result.exit_code == 2
    assert "is not WIDTHxHEIGHT" in result.output
