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
    run_lecture_scene,
    unpinned_texts,
    view_beside_map,
)

from scenes.kit.base import BeatScene
from scenes.paths import RENDER_CONFIG_DIR
from scenes.plans import schemas
from scenes.templates.descent import BALL_RADIUS, GradientDescentBall, split_rolls

STRESS = Path(__file__).parents[1] / "stress" / "gradients.toml"

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "descent"

SCENE = "GradientDescentBall"


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene(SCENE, tmp_path_factory.mktemp("descent"))


def arrow_in_axes(scene: BeatScene, arrow) -> tuple[np.ndarray, np.ndarray]:
    """An arrow's start (x, y, z) and its unit (x, y)-direction, in axes coordinates."""
    start, end = axes_coords(scene.axes, np.array([arrow.get_start(), arrow.get_end()]))
    assert start[2] == pytest.approx(scene.plan.floor) == end[2]  # on the floor: the x-y plane
    return start, direction(end[:2] - start[:2])


def map_arrow(scene: BeatScene, arrow) -> tuple[np.ndarray, np.ndarray]:
    """A map arrow's start (x, y) and its (x, y) vector, in plane coordinates."""
    start, end = (scene.map.plane(p) for p in arrow.get_start_and_end())
    return start, end - start


def on_path(xy: np.ndarray, path: np.ndarray) -> bool:
    """Whether every point is one of the path's points."""
    return bool(
        np.isclose(xy[:, None, :], path[None, :, :], atol=1e-9).all(axis=2).any(axis=1).all()
    )


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
    assert start[:2] == pytest.approx(roll.start[:2])
    assert heading == pytest.approx(direction(np.array(roll.gradient)))
    flipped_start, flipped = arrow_in_axes(scene, scene.descent)
    assert flipped_start[:2] == pytest.approx(roll.start[:2])
    assert flipped == pytest.approx(-heading)
    map_start, vector = map_arrow(scene, scene.map_ascent)
    assert map_start == pytest.approx(roll.start[:2])
    assert vector == pytest.approx(scene.plan.arrow_scale * np.array(roll.gradient))
    assert np.dot(vector, roll.tangent) == pytest.approx(0.0, abs=1e-9)  # across the level curve
    descent_start, descent_vector = map_arrow(scene, scene.map_descent)
    assert descent_start == pytest.approx(roll.start[:2])
    assert descent_vector == pytest.approx(-vector)


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


def test_each_map_trail_follows_its_roll_in_the_plane(scene: BeatScene) -> None:
    assert len(scene.map_trails) == 2
    for trail, roll in zip(scene.map_trails, scene.plan.rolls, strict=False):
        xy = np.array([scene.map.plane(p) for p in trail.get_anchors()])
        assert xy[0] == pytest.approx(roll.path[0, :2])
        assert xy[-1] == pytest.approx(roll.path[-1, :2])
        assert on_path(xy, roll.path[:, :2])


def test_the_map_dot_and_the_ball_move_together(scene: BeatScene) -> None:
    roll = scene.plan.rolls[0]
    scene.roll = roll
    try:
        for at in (0.0, 37.25, len(roll.path) - 1):
            scene.progress.set_value(at)
            scene.update_mobjects(0)
            (ball,) = axes_coords(
                scene.axes, scene.ball.get_center() - BALL_RADIUS * np.array([0, 0, 1])
            )
            assert scene.map.plane(scene.map_dot.get_center()) == pytest.approx(ball[:2])
    finally:
        scene.roll = scene.plan.rolls[2]
        scene.progress.set_value(0)
        scene.update_mobjects(0)


def test_the_descent_steps_are_dots_on_the_surface_and_joined_on_the_map(scene: BeatScene) -> None:
    steps = scene.plan.descent_steps
    centers = np.array([dot.get_center() for dot in scene.step_dots])
    assert axes_coords(scene.axes, centers) == pytest.approx(steps)
    on_map = np.array([scene.map.plane(dot.get_center()) for dot in scene.map_steps])
    assert on_map == pytest.approx(steps[:, :2])
    assert r"gradient-descent steps, $\eta = 0.1$" in texts_of(scene, "RollTheBall")
    assert r"\eta = 0.1" in texts_of(scene, "RollTheBall")  # beside the steps on the map
    first, second = (scene.map.at(*step[:2]) for step in steps[:2])
    # beside the steps, clear of the map's curves and of the 3D view: within a label's reach
    assert np.linalg.norm(scene.rate_label.get_center() - (first + second) / 2) < 1.5


def test_the_plan_chooses_the_levels_through_the_start(scene: BeatScene) -> None:
    plan = scene.plan
    assert plan.contour_levels == (1, 1.5, 2, 2.5, 3)
    assert plan.contour_levels[plan.through_level] == plan.rolls[0].start[2]
    assert plan.minimum == pytest.approx((0.0, 0.0, 0.0)) and plan.minimum_latex == "(0, 0)"
    assert plan.arrow_scale == pytest.approx(0.3 * 4 / np.hypot(2, 2))
    assert [label.get_tex_string() for label in scene.axis_labels] == ["x", "y", "z"]


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


def test_the_3d_view_fits_beside_the_contour_map(scene: BeatScene) -> None:
    assert (
        view_beside_map(scene, scene.surface, scene.axes, scene.surface_contours, scene.ball) == []
    )


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
    assert 4.0 in scene.plan.contour_levels
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


def bowl_lecture(tmp_path: Path) -> Path:
    """The example lecture's elongated bowl alone: an off-axis start on x**2 + 3*y**2."""
    text = (RENDER_CONFIG_DIR / "activations.toml").read_text()
    text = text.replace(
        'scenes = ["SoftplusDerivation", "TanhGraph", "SineSecant", "BowlDescent"]',
        'scenes = ["BowlDescent"]',
    )
    path = tmp_path / "bowl.toml"
    path.write_text(text)
    return path


def test_the_elongated_bowl_from_an_off_axis_start_bends_its_path(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LECTURE_CONTENT", str(bowl_lecture(tmp_path)))
    scene = run_scene(SCENE, tmp_path)
    plan, roll = scene.plan, scene.plan.rolls[0]
    assert roll.start == (1.5, 1.0, 5.25) and roll.gradient == (3.0, 6.0)
    # from the minimum to the start's 5.25 (every start's own level drawn: 1 is (1, 0)'s)
    assert plan.contour_levels == (1, 2, 4, 5.25, 6, 8)
    assert plan.contour_levels[plan.through_level] == 5.25
    # The gradient is across the level curve, not toward the minimum.
    _, vector = map_arrow(scene, scene.map_ascent)
    assert np.dot(vector, roll.tangent) == pytest.approx(0.0, abs=1e-9)
    assert abs(np.dot(direction(vector), direction(np.array(roll.start[:2])))) < 0.97
    # The path bends: its heading turns by tens of degrees on the way down.
    xy = np.array([scene.map.plane(p) for p in scene.map_trails[0].get_anchors()])
    first, last = direction(xy[1] - xy[0]), direction(xy[-1] - xy[-12])
    assert np.degrees(np.arccos(np.clip(np.dot(first, last), -1, 1))) > 20
    assert on_path(xy, roll.path[:, :2]) and xy[-1] == pytest.approx(roll.path[-1, :2])
    steps = np.array([scene.map.plane(dot.get_center()) for dot in scene.map_steps])
    assert steps == pytest.approx(plan.descent_steps[:, :2])
    assert view_beside_map(scene, scene.surface, scene.axes, scene.surface_contours) == []
    assert unpinned_texts(scene) == []
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_off_centre_the_minimum_is_marked_and_the_path_crosses_levels(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = run_lecture_scene(STRESS, "OffCentreDescent", tmp_path)
    plan, roll = scene.plan, scene.plan.rolls[0]
    assert plan.minimum == pytest.approx((1.0, -0.5, 0.0))
    (low,) = axes_coords(scene.axes, scene.minimum_mark[0].get_center())
    assert low == pytest.approx(plan.minimum)  # not the origin
    assert scene.map.plane(scene.map_minimum[0].get_center()) == pytest.approx((1.0, -0.5))
    assert roll.path[-1, :2] == pytest.approx((1.0, -0.5), abs=0.05)  # the ball rests there
    # some levels lie between the minimum and the start, and the path crosses each of them
    between = [lv for lv in plan.contour_levels if plan.minimum[2] < lv < roll.start[2]]
    assert len(between) >= 3
    for level in between:
        heights = roll.path[:, 2]
        assert heights.max() > level > heights.min()
        assert any(curve.level == level and curve.paths for curve in plan.contours)


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
