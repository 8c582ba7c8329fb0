"""SlopeOfLine: beats, points and triangle on the plan's values, layout, golden frame, an edit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import layout_problems, run_scene, texts_of

from scenes.content.loader import DEFAULT_CONTENT
from scenes.kit import style
from scenes.kit.base import BeatScene
from scenes.plans import schemas
from scenes.templates.slope import SlopeOfLine

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "slope"

LECTURE = DEFAULT_CONTENT


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("SlopeOfLine", tmp_path_factory.mktemp("slope"))


def graph_coords(scene: BeatScene, mobject) -> tuple[float, float]:
    x, y = scene.axes.p2c(mobject.get_center())
    return (float(x), float(y))


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["SlopeOfLine"].beats)


def test_the_line_is_labelled_with_its_function(scene: BeatScene) -> None:
    assert "f(x) = 2 x" in texts_of(scene, "DrawTheLine")
    curve = scene.graph[0]
    for t in (0.0, 0.5, 1.0):
        x, y = scene.axes.p2c(curve.point_from_proportion(t))
        assert y == pytest.approx(2 * x, abs=1e-3)


def test_two_points_sit_on_the_plan_coordinates(scene: BeatScene) -> None:
    assert {"(1, 2)", "(2, 4)"} <= set(texts_of(scene, "MarkTwoPoints"))
    assert graph_coords(scene, scene.points[0]) == pytest.approx((1, 2))
    assert graph_coords(scene, scene.points[1]) == pytest.approx((2, 4))


def test_run_and_rise_are_the_legs_of_the_triangle(scene: BeatScene) -> None:
    run, rise = scene.legs
    run_start, run_end = (scene.axes.p2c(p)[:2] for p in run.get_start_and_end())
    rise_start, rise_end = (scene.axes.p2c(p)[:2] for p in rise.get_start_and_end())
    assert np.allclose([run_start, run_end], [(1, 2), (2, 2)])
    assert np.allclose([rise_start, rise_end], [(2, 2), (2, 4)])
    assert run.get_color() == style.RUN_COLOR and rise.get_color() == style.RISE_COLOR
    assert {r"\Delta x", r"\Delta y"} <= set(texts_of(scene, "RiseOverRun"))


def test_the_chain_of_equalities_ends_in_the_slope(scene: BeatScene) -> None:
    shown = texts_of(scene, "RiseOverRun")
    chain = [text for text in shown if text.startswith("=")]
    assert chain == [
        r"= \frac{\Delta y}{\Delta x}",
        r"= \frac{y_1 - y_0}{x_1 - x_0}",
        r"= \frac{f(2) - f(1)}{2 - 1}",
        r"= \frac{4 - 2}{2 - 1}",
        "= 2",
    ]
    equals_x = [next(p for p in line if p.tex_string == "=").get_x() for line in scene.chain]
    assert max(equals_x) - min(equals_x) < 1e-6


def test_slope_is_the_coefficient_and_the_same_everywhere(scene: BeatScene) -> None:
    shown = texts_of(scene, "SlopeIsTheCoefficient")
    assert r"y = m x + b,\quad m = 2,\ b = 0" in shown
    assert "(1, 2)" not in shown and "= 2" not in shown
    assert scene.slope_readout[1].get_value() == pytest.approx(2.0)
    low, high = scene._slide_range()
    assert low < 1 < high
    for start in np.linspace(low, high, 5):
        assert scene.plan.slope_between(start, start + 1) == pytest.approx(2.0)
    dots = scene.live_points
    assert graph_coords(scene, dots[0]) == pytest.approx((1, 2))
    assert graph_coords(scene, dots[1]) == pytest.approx((2, 4))


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_another_line_changes_points_chain_and_readout(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = LECTURE.read_text()
    old = 'function = "2*x"\nx0 = 1\nx1 = 2\nx_range = [-0.5, 3]\ny_range = [-0.5, 6]\n'
    assert old in text
    new = 'function = "3*x - 1"\nx0 = 1\nx1 = 2\nx_range = [-0.5, 3]\ny_range = [-0.5, 7]\n'
    edited = tmp_path / "lecture.toml"
    edited.write_text(text.replace(old, new))
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    scene = run_scene("SlopeOfLine", tmp_path)
    assert {"(1, 2)", "(2, 5)", "= 3"} <= set(texts_of(scene, "RiseOverRun"))
    assert graph_coords(scene, scene.points[1]) == pytest.approx((2, 5))
    assert r"y = m x + b,\quad m = 3,\ b = -1" in texts_of(scene, "SlopeIsTheCoefficient")
    assert scene.slope_readout[1].get_value() == pytest.approx(3.0)
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@frames_comparison(last_frame=True, base_scene=SlopeOfLine)
def test_slope_of_line_last_frame(scene: SlopeOfLine) -> None:
    SlopeOfLine.construct(scene)


STRESS = Path(__file__).parents[1] / "stress" / "graphs.toml"


def test_a_steep_falling_line_gets_readable_ticks_and_labels_off_the_line(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-250 x + 1000 on y in [-400, 1400]: ticks every 250 (not 1800 numbers), and Δx sits
    above the run, where the falling line leaves room, not below it on the line."""
    text = STRESS.read_text()
    start = text.index("scenes = [")
    edited = tmp_path / "graphs.toml"
    edited.write_text(
        text[:start] + 'scenes = ["SteepFallingLine"]' + text[text.index("]", start) + 1 :]
    )
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    scene = run_scene("SlopeOfLine", tmp_path)
    assert scene.plan.y_step == 250
    assert len(scene.axes.y_axis.numbers) <= 8
    run_label, rise_label = scene.leg_labels
    assert run_label.get_bottom()[1] > scene.legs[0].get_y()
    assert rise_label.get_left()[0] > scene.legs[1].get_x()
    assert scene.slope_readout[1].get_value() == pytest.approx(-250)
