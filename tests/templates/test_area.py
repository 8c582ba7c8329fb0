"""AreaUnderCurve: rectangles and sums from the plan, negative areas, the limit, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy
from content_files import plan_refusal, with_entry, write_lecture
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.kit.base import BeatScene
from scenes.plans import build_plan, load_lecture, schemas
from scenes.templates.area import NEGATIVE_COLOR, POSITIVE_COLOR, AreaUnderCurve

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "area"

NAME = "AreaUnderCurve"
X = sympy.Symbol("x")
DEFAULTS = {param.name: param.default for param in schemas()[NAME].params}


@pytest.fixture(scope="module", autouse=True)
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A one-scene lecture of the template's defaults, x^2 on [0, 1] with 2, 4, 8 and 16
    left rectangles, read by every scene drawn here."""
    path = write_lecture(tmp_path_factory.mktemp("area") / "lecture.toml", NAME, NAME, {})
    # the rectangles are said count by count: the template's own sentence for each
    path.write_text(with_entry(path.read_text(), "StackTheRectangles", None))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LECTURE_CONTENT", str(path))
        yield path


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene(NAME, tmp_path_factory.mktemp("area-scene"))


def edited_scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **params: Any) -> BeatScene:
    path = write_lecture(tmp_path / "edited.toml", NAME, NAME, params)
    monkeypatch.setenv("LECTURE_CONTENT", str(path))
    return run_scene(NAME, tmp_path)


def left_sum(f: sympy.Expr, a: int, b: int, n: int) -> sympy.Expr:
    i = sympy.Symbol("i", integer=True)
    dx = sympy.Rational(b - a, n)
    return sympy.summation(f.subs(X, a + i * dx) * dx, (i, 0, n - 1))


def table_rows(scene: BeatScene) -> list[list[str]]:
    """The table's data rows as [n, dx, sum] tex strings, top to bottom."""
    _, *rows, _ = scene.table
    ordered = sorted(rows, key=lambda row: -row.get_y())
    return [[cell.get_tex_string() for cell in row] for row in ordered]


def corners(scene: BeatScene, polygon) -> np.ndarray:
    return np.array([scene.axes.p2c(p)[:2] for p in polygon.get_vertices()])


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()[NAME].beats)


def test_the_sums_are_sympys_and_the_table_shows_them(scene: BeatScene) -> None:
    plan = scene.plan
    for row in plan.rows:
        assert row.total == pytest.approx(float(left_sum(X**2, 0, 1, row.n)), abs=1e-15)
    assert [row.n for row in plan.rows] == [2, 4, 8, 16]
    assert table_rows(scene) == [
        ["2", "0.5", "0.125"],  # (0 + 1/4) / 2
        ["4", "0.25", "0.21875"],
        ["8", "0.125", r"\approx 0.2734"],  # 35/128 = 0.2734375
        ["16", "0.0625", r"\approx 0.3027"],  # 155/512 = 0.302734375
    ]
    assert plan.rows[-1].error == pytest.approx(155 / 512 - 1 / 3)


def test_each_count_draws_its_rectangles_at_the_plans_coordinates(scene: BeatScene) -> None:
    rectangles, dots = scene.all_rectangles[1]  # n = 4, heights at the left ends
    assert len(rectangles) == 4 and len(dots) == 4
    for i, rectangle in enumerate(rectangles):
        left, right, height = i / 4, (i + 1) / 4, (i / 4) ** 2
        expected = [(left, 0), (left, height), (right, height), (right, 0)]
        assert np.allclose(corners(scene, rectangle), expected, atol=1e-6)
        assert rectangle.get_fill_color().to_hex() == POSITIVE_COLOR.to_hex()
    assert scene.axes.p2c(dots[3].get_center())[:2] == pytest.approx((0.75, 0.5625))
    assert len(scene.all_rectangles[3][1]) == 16  # marked up to 16 rectangles


def test_the_definition_then_the_limit_with_the_integral(scene: BeatScene) -> None:
    shown = texts_of(scene, "StackTheRectangles")
    assert r"L_n = \sum_{i=0}^{n-1} f(x_i)\,\Delta x" in shown
    assert r"x_i = i\,\Delta x, \quad \Delta x = \frac{1}{n}" in shown
    assert {"n", r"\Delta x", "L_n"} <= set(shown)
    final = texts_of(scene, "TakeTheLimit")
    assert {
        r"\lim_{n \to \infty} L_n = \int_{0}^{1} x^{2}\,dx",
        r"= \frac{1}{3} \approx 0.3333",
    } <= set(final)
    assert r"L_n = \sum_{i=0}^{n-1} f(x_i)\,\Delta x" not in final
    assert scene.plan.integral_value == pytest.approx(1 / 3)


def test_the_limit_leaves_the_exact_region(scene: BeatScene) -> None:
    family = scene.get_mobject_family_members()
    assert scene.region in family and scene.rectangles not in family
    (piece,) = scene.region
    xs = [scene.axes.p2c(p)[0] for p in piece.get_vertices()]
    assert min(xs) == pytest.approx(0) and max(xs) == pytest.approx(1)


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_each_count_is_said_with_the_sum_the_table_shows(lecture: Path) -> None:
    beats = {beat.name: beat for beat in load_lecture(lecture).scene(NAME).beats}
    stacked = beats["StackTheRectangles"]
    assert stacked.parts[1:] == (
        "With 2 rectangles, the sum is 0.125.",
        "With 4 rectangles, the sum is 0.21875.",
        "With 8 rectangles, the sum is about 0.2734.",
        "With 16 rectangles, the sum is about 0.3027.",
    )
    assert "the sum is about zero point two seven three four." in stacked.spoken_parts[3]
    assert beats["TakeTheLimit"].narration.endswith("the integral: 1/3.")
    assert beats["TakeTheLimit"].spoken.endswith("the integral: one third.")
    assert beats["DrawTheCurve"].narration.endswith("from 0 to 1?")


def test_area_below_the_axis_is_negative_and_coloured_so(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = edited_scene(
        tmp_path,
        monkeypatch,
        function="x**3 - x",
        interval=[-1, 2],
        rule="right",
        counts=[3, 6],
        x_range=[-1.5, 2.5],
        y_range=[-1, 6.5],
    )
    # right ends 0, 1, 2: f = 0, 0, 6; times dx = 1
    assert table_rows(scene)[0] == ["3", "1", "6"]
    rectangles, _ = scene.all_rectangles[1]  # n = 6: right ends -0.5, 0, ..., 2
    heights = [float(v) ** 3 - float(v) for v in np.arange(-0.5, 2.01, 0.5)]
    for rectangle, height in zip(rectangles, heights, strict=True):
        color = NEGATIVE_COLOR if height < 0 else POSITIVE_COLOR
        if height != 0:
            assert rectangle.get_fill_color().to_hex() == color.to_hex()
    signs = [np.sign(scene.axes.p2c(piece.get_center())[1]) for piece in scene.region]
    assert signs == [1, -1, 1]  # above on [-1, 0], below on [0, 1], above on [1, 2]
    assert [piece.get_fill_color().to_hex() for piece in scene.region] == [
        c.to_hex() for c in (POSITIVE_COLOR, NEGATIVE_COLOR, POSITIVE_COLOR)
    ]
    assert "= 2.25" in texts_of(scene, "TakeTheLimit")  # 4 - 2 - (1/4 - 1/2)
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@pytest.mark.parametrize(
    ("params", "param", "sentence"),
    [
        (
            {"interval": [0, 2]},
            "interval",
            "= [0, 2] does not lie inside x_range = [-0.25, 1.25]",
        ),
        (
            {"counts": [2, 201]},
            "counts[1]",
            "= 201 is more than 200 rectangles",
        ),
        (
            {"y_range": [0.5, 2]},
            "y_range",
            "= [0.5, 2] does not include 0, where the rectangles stand",
        ),
        (
            {"function": "log(x)", "interval": [0.5, 1]},
            "function",
            '= "log(x)" cannot be drawn: it is undefined or not real at x = ',
        ),
        (
            {"function": "4*x"},
            "y_range",
            "leaves out the highest point of f over the interval, at y = 4",
        ),
    ],
)
def test_refusals_are_one_sentence_naming_the_key(
    tmp_path: Path, params: dict[str, Any], param: str, sentence: str
) -> None:
    message = plan_refusal(tmp_path, NAME, params, param)
    assert sentence in message
    assert ". " not in message  # one sentence


def test_an_integral_with_no_closed_form_is_numeric_and_says_so(tmp_path: Path) -> None:
    path = write_lecture(
        tmp_path / "lecture.toml",
        NAME,
        NAME,
        {"function": "x**x", "interval": [0.5, 1], "x_range": [0.25, 1.25]},
    )
    plan = build_plan(load_lecture(path), NAME)
    assert not plan.integral_is_closed_form
    assert plan.value_latex == r"\approx 0.4108"
    assert plan.integral.written == "about 0.4108"
    assert plan.integral_value == pytest.approx(0.41081564825439)
    assert plan.rows[0].total_latex.startswith(r"\approx")


@frames_comparison(last_frame=True, base_scene=AreaUnderCurve, tex_dir=str(TEX_CACHE))
def test_area_under_curve_last_frame(scene: AreaUnderCurve) -> None:
    AreaUnderCurve.construct(scene)
