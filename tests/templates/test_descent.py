"""GradientDescentBall: beats, arrows, the ball's path and readouts, layout, golden frame, edits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import layout_problems, run_scene, texts_of
from surface_checks import (
    TEX_CACHE,
    ThreeDTestRenderer,
    axes_coords,
    direction,
    edited_lecture,
    unpinned_texts,
)

from scenes.kit.base import BeatScene
from scenes.templates import schemas
from scenes.templates.descent import BALL_RADIUS, GradientDescentBall, split_rolls

__module_test__ = "descent"

SCENE = "GradientDescentBall"


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene(SCENE, tmp_path_factory.mktemp("descent"))


def arrow_in_axes(scene: BeatScene, arrow) -> tuple[np.ndarray, np.ndarray]:
    """An arrow's start (x, y, z) and its unit (x, y)-direction, in axes coordinates."""
    start, end = axes_coords(scene.axes, np.array([arrow.get_start(), arrow.get_end()]))
    assert end[2] == pytest.approx(start[2])
    return start, direction(end[:2] - start[:2])


def readout_values(scene: BeatScene) -> list[float]:
    return [number.get_value() for row in scene.readouts for number in row.numbers]


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()[SCENE].beats)


def test_the_ascent_arrow_starts_at_the_ball_and_points_along_the_gradient(
    scene: BeatScene,
) -> None:
    roll = scene.plan.rolls[0]
    assert roll.start == (1.0, 1.0, 2.0) and roll.gradient == (2.0, 2.0)
    start, heading = arrow_in_axes(scene, scene.ascent)
    assert start == pytest.approx(roll.start)
    assert heading == pytest.approx(direction(np.array(roll.gradient)))
    flipped_start, flipped = arrow_in_axes(scene, scene.descent)
    assert flipped_start == pytest.approx(roll.start)
    assert flipped == pytest.approx(-heading)


def test_the_labels_follow_the_beats(scene: BeatScene) -> None:
    rolls = scene.plan.rolls
    first = texts_of(scene, "ShowTheGradient")
    assert "steepest ascent" in first and rolls[0].gradient_at_latex in first
    assert rolls[0].descent_at_latex in texts_of(scene, "FlipToDescent")
    assert "steepest descent" in texts_of(scene, "FlipToDescent")
    assert "steepest ascent" not in texts_of(scene, "RollTheBall")
    assert rolls[1].gradient_at_latex in texts_of(scene, "RollAlongTheAxis")
    last = texts_of(scene, "RestAtTheMinimum")
    assert r"\nabla z(0, 0) = \left\langle 0, 0 \right\rangle" in last
    assert rolls[1].gradient_at_latex not in last


def test_each_trail_follows_its_roll_on_the_surface(scene: BeatScene) -> None:
    plan = scene.plan
    assert len(scene.trails) == 2  # the main roll and the roll along the axis
    for trail, roll in zip(scene.trails, plan.rolls, strict=False):
        xyz = axes_coords(scene.axes, trail.get_anchors())
        assert xyz[0] == pytest.approx(roll.start)
        assert xyz[-1] == pytest.approx(roll.path[-1])
        assert np.allclose(xyz[:, 2], [plan.height(x, y) for x, y, _ in xyz], atol=1e-9)
    axis_roll = axes_coords(scene.axes, scene.trails[1].get_anchors())
    assert np.allclose(axis_roll[:, 1], 0.0)


def test_the_descent_steps_are_dots_on_the_surface(scene: BeatScene) -> None:
    centers = np.array([dot.get_center() for dot in scene.step_dots])
    assert axes_coords(scene.axes, centers) == pytest.approx(scene.plan.descent_steps)
    assert r"gradient-descent steps, $\eta = 0.1$" in texts_of(scene, "RollTheBall")


def test_the_ball_rests_at_the_minimum_with_zero_gradient(scene: BeatScene) -> None:
    rest = scene.plan.rolls[2]
    assert rest.stationary
    (center,) = axes_coords(scene.axes, scene.ball.get_center() - BALL_RADIUS * np.array([0, 0, 1]))
    assert center == pytest.approx(rest.start)
    assert readout_values(scene) == pytest.approx([0, 0, 0, 0, 0])


def test_the_readouts_interpolate_the_path_and_its_gradients(scene: BeatScene) -> None:
    roll = scene.plan.rolls[0]
    scene.roll = roll
    scene.progress.set_value(10.5)
    try:
        scene._show_readouts()
        position = (roll.path[10] + roll.path[11]) / 2
        gradient = (roll.path_gradients[10] + roll.path_gradients[11]) / 2
        places = 0.005  # two decimal places on screen
        assert readout_values(scene) == pytest.approx([*position, *gradient], abs=places)
        assert unpinned_texts(scene) == []
    finally:
        scene.roll = scene.plan.rolls[2]
        scene.progress.set_value(0)
        scene._show_readouts()


def test_every_text_is_fixed_in_the_frame(scene: BeatScene) -> None:
    assert unpinned_texts(scene) == []


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_another_surface_and_more_starts_change_the_scene(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = edited_lecture(
        tmp_path,
        SCENE,
        {
            'surface = "x**2 + y**2"': 'surface = "x**2 + 3*y**2"',
            "more_starts = [[1, 0], [0, 0]]": "more_starts = [[1, 0], [0, -1], [0, 0]]",
            "learning_rate = 0.1": "learning_rate = 0.05",
        },
    )
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    scene = run_scene(SCENE, tmp_path)
    assert scene.plan.rolls[0].gradient == (2.0, 6.0)
    _, heading = arrow_in_axes(scene, scene.ascent)
    assert heading == pytest.approx(direction(np.array([2.0, 6.0])))
    first = texts_of(scene, "ShowTheGradient")
    assert r"\nabla z(1, 1) = \left\langle 2, 6 \right\rangle" in first
    assert r"\eta = 0.05" in " ".join(texts_of(scene, "RollTheBall"))
    # Both extra starts roll in RollAlongTheAxis; the last one rests at the minimum.
    assert len(scene.trails) == 3
    second = axes_coords(scene.axes, scene.trails[2].get_anchors())
    assert second[0] == pytest.approx((0.0, -1.0, 3.0))
    assert np.allclose(second[:, 0], 0.0)
    assert r"\nabla z(0, -1) = \left\langle 0, -6 \right\rangle" in texts_of(
        scene, "RollAlongTheAxis"
    )
    last = texts_of(scene, "RestAtTheMinimum")
    assert r"\nabla z(0, 0) = \left\langle 0, 0 \right\rangle" in last
    assert unpinned_texts(scene) == []
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@pytest.mark.parametrize(
    ("count", "middle", "last"),
    [(1, [], None), (2, [1], None), (3, [1], 2), (5, [1, 2, 3], 4)],
)
def test_extra_starts_split_between_the_last_two_beats(
    count: int, middle: list[int], last: int | None
) -> None:
    shown_middle, shown_last = split_rolls(count)
    assert (list(shown_middle), shown_last) == (middle, last)


@frames_comparison(
    last_frame=True,
    base_scene=GradientDescentBall,
    renderer_class=ThreeDTestRenderer,
    tex_dir=TEX_CACHE,
)
def test_gradient_descent_ball_last_frame(scene: GradientDescentBall) -> None:
    GradientDescentBall.construct(scene)
