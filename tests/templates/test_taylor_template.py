"""TaylorSeries: polynomials, errors and narration on the plan's values, curves at the plan's
coordinates, long formulas broken to fit, refusals, layout, golden frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy
from content_files import plan_refusal, write_lecture
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.kit.base import BeatScene
from scenes.maths.calculus import X
from scenes.plans import build_plan, load_lecture, schemas
from scenes.templates.taylor import TaylorSeries

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "taylor"

STRESS = Path(__file__).parents[1] / "stress" / "taylor.toml"
# the template's defaults, narrated by its example sentences and its step sentence
LECTURE = """[lecture]
title = "Taylor"
scenes = ["TaylorSeries"]

[scenes.TaylorSeries]
template = "TaylorSeries"
"""


@pytest.fixture(scope="module")
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A lecture of one TaylorSeries scene with the template's defaults."""
    path = tmp_path_factory.mktemp("taylor-lecture") / "lecture.toml"
    path.write_text(LECTURE)
    return path


@pytest.fixture(autouse=True)
def taylor_lecture(lecture: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LECTURE_CONTENT", str(lecture))


@pytest.fixture(scope="module")
def scene(tex_dir: None, lecture: Path, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LECTURE_CONTENT", str(lecture))
        return run_scene("TaylorSeries", tmp_path_factory.mktemp("taylor"))


def graph_point(scene: BeatScene, point: np.ndarray) -> tuple[float, float]:
    x, y = scene.axes.p2c(point)
    return (float(x), float(y))


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["TaylorSeries"].beats)


def test_every_degree_is_the_taylor_polynomial_of_exp_at_zero(scene: BeatScene) -> None:
    plan = scene.plan
    assert plan.degrees == (1, 2, 3, 5)
    for each in plan.approximations:
        series = sympy.series(sympy.exp(X), X, 0, each.degree + 1).removeO()
        for x in (-1.0, 0.3, 2.0):
            assert each.p(x) == pytest.approx(float(series.subs(X, x)))
    assert plan.approximations[2].polynomial_latex == (
        r"p_{3}(x) = 1 + x + \frac{x^{2}}{2} + \frac{x^{3}}{6}"
    )


def test_the_largest_errors_are_measured_on_the_interval(scene: BeatScene) -> None:
    for each in scene.plan.approximations:
        exact = max(abs(np.exp(x) - each.p(x)) for x in np.linspace(-1, 1, 2001))
        assert each.largest_error == pytest.approx(exact, rel=1e-9)
    # e - (1 + 1 + 1/2 + 1/6 + 1/24 + 1/120) at x = 1: the shown value rounds it
    fifth = scene.plan.approximations[-1]
    assert fifth.largest_error == pytest.approx(np.e - 1 - 1 - 1 / 2 - 1 / 6 - 1 / 24 - 1 / 120)
    assert fifth.error_latex == "0.00162"
    assert fifth.error_readout_latex.endswith(r"\approx 0.00162")
    errors = [each.largest_error for each in scene.plan.approximations]
    assert errors == sorted(errors, reverse=True)


def test_curves_sit_on_the_plan_coordinates(scene: BeatScene) -> None:
    plan = scene.plan
    assert graph_point(scene, scene.center_dot.get_center()) == pytest.approx((0, 1))
    for curve, each in zip(scene.curves, plan.approximations, strict=True):
        for piece in curve:
            for t in (0.0, 0.5, 1.0):
                x, y = graph_point(scene, piece.point_from_proportion(t))
                assert y == pytest.approx(each.p(x), abs=1e-3)
                assert plan.y_range[0] - 1e-6 <= y <= plan.y_range[1] + 1e-6
    for gap, each in zip(scene.gaps, plan.approximations, strict=True):
        start, end = (graph_point(scene, p) for p in gap.get_start_and_end())
        assert start == pytest.approx((each.error_at, np.exp(each.error_at)), abs=1e-6)
        assert end[1] == pytest.approx(each.p(each.error_at), abs=1e-6)


def test_each_degree_shows_its_formula_and_its_error(scene: BeatScene) -> None:
    shown = texts_of(scene, "ApproximateByDegree")
    last = scene.plan.approximations[-1]
    assert last.polynomial_latex in shown
    assert last.error_readout_latex in shown
    assert "f(x) = e^{x}" in texts_of(scene, "PlotTheFunction")
    summary = texts_of(scene, "CompareTheErrors")
    assert any(r"p_{5}:\ 0.00162" in text for text in summary)


def test_the_default_narration_says_what_is_shown(lecture: Path) -> None:
    loaded = load_lecture(lecture)
    beat = next(b for b in loaded.scene("TaylorSeries").beats if b.name == "ApproximateByDegree")
    assert beat.parts[3] == (
        "The degree 3 polynomial is 1 + x + x^2/2 + x^3/6; on the interval its largest "
        "error is 0.0516."
    )
    assert "zero point zero five one six" in beat.spoken_parts[3]
    compare = next(b for b in loaded.scene("TaylorSeries").beats if b.name == "CompareTheErrors")
    assert compare.narration == (
        "From degree 1 to degree 5, the largest error on the interval falls from 0.718 to 0.00162."
    )


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_a_long_formula_is_broken_between_terms_and_kept_whole(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cos around 2 to degree 10: eleven rounded terms on three lines, none left out."""
    text = STRESS.read_text()
    start = text.index("scenes = [")
    edited = tmp_path / "taylor.toml"
    edited.write_text(
        text[:start] + 'scenes = ["CosineFarFromZero"]' + text[text.index("]", start) + 1 :]
    )
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    scene = run_scene("TaylorSeries", tmp_path)
    block = scene.formulas[-1]
    assert len(block) > 1
    written = " ".join(line.tex_string for line in block)
    for term in scene.plan.approximations[-1].terms_latex:
        assert term in written
    assert block.width <= config.frame_width - 2 * 0.35 + 1e-6
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@pytest.mark.parametrize(
    ("params", "param", "words"),
    [
        ({"degrees": [1, 4, 11]}, "degrees", "asks for degree 11; this scene writes"),
        ({"function": "abs(x)"}, "center", "has no first derivative at x = 0"),
        ({"function": "abs(x)**3", "degrees": [2, 3]}, "center", "has no third derivative"),
        (
            {"function": "sqrt(x)", "x_range": [0, 3], "error_interval": [0, 2]},
            "center",
            "is not defined and continuous on both sides of x = 0",
        ),
        ({"center": 3}, "center", "puts the point (a, f(a)) the polynomials touch at y = 20.09"),
    ],
)
def test_what_cannot_be_drawn_honestly_is_refused_in_one_sentence(
    tmp_path: Path, params: dict, param: str, words: str
) -> None:
    message = plan_refusal(tmp_path, "TaylorSeries", params, param)
    assert words in message


@pytest.mark.parametrize(
    ("params", "key", "words"),
    [
        ({"error_interval": [-1, 4]}, "error_interval", "lies outside x_range = [-3, 3]"),
        ({"center": 4}, "center", "lies outside x_range = [-3, 3]"),
    ],
)
def test_ranges_outside_the_graph_are_refused_on_loading(
    tmp_path: Path, params: dict, key: str, words: str
) -> None:
    from scenes.content.loader import ContentError

    path = write_lecture(tmp_path / "lecture.toml", "Scene", "TaylorSeries", params)
    with pytest.raises(ContentError) as refused:
        build_plan(load_lecture(path), "Scene")
    assert refused.value.key == f"scenes.Scene.{key}"
    assert words in str(refused.value)


@frames_comparison(last_frame=True, base_scene=TaylorSeries, tex_dir=str(TEX_CACHE))
def test_taylor_series_last_frame(scene: TaylorSeries) -> None:
    TaylorSeries.construct(scene)


def test_outside_the_radius_of_convergence_the_narration_says_the_error_grows(
    tmp_path: Path,
) -> None:
    """1/(1 + x^2) around 0 converges only on (-1, 1): on [-1.5, 1.5] the error grows, and
    the default sentence says so rather than "falls"."""
    params = {
        "function": "1/(1 + x**2)",
        "degrees": [2, 4, 8],
        "error_interval": [-1.5, 1.5],
        "x_range": [-2, 2],
        "y_range": [-1, 2],
    }
    path = write_lecture(tmp_path / "lecture.toml", "Runge", "TaylorSeries", params)
    loaded = load_lecture(path)
    plan = build_plan(loaded, "Runge")
    errors = [each.largest_error for each in plan.approximations]
    assert errors == sorted(errors)
    compare = next(b for b in loaded.scene("Runge").beats if b.name == "CompareTheErrors")
    assert "the largest error on the interval grows from 1.56 to 17.7" in compare.narration
