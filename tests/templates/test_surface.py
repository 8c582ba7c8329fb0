"""GradientSurface: beats, slices and tangents in axes space, the gradient, layout, golden frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import FadeIn, MathTex, config
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

from scenes.kit import surface as kit
from scenes.kit.base import BeatScene
from scenes.plans import schemas
from scenes.templates.surface import GradientSurface

STRESS = Path(__file__).parents[1] / "stress" / "gradients.toml"

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "surface"


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("GradientSurface", tmp_path_factory.mktemp("surface"))


def polyline_distance(points: np.ndarray, paths: tuple[np.ndarray, ...]) -> list[float]:
    """Each point's distance to the nearest segment of the paths."""
    starts = np.vstack([path[:-1] for path in paths])
    ends = np.vstack([path[1:] for path in paths])
    along = ends - starts
    distances = []
    for point in points:
        t = np.clip(
            np.sum((point - starts) * along, axis=1) / np.maximum(np.sum(along**2, axis=1), 1e-18),
            0,
            1,
        )
        nearest = starts + t[:, None] * along
        distances.append(float(np.min(np.linalg.norm(point - nearest, axis=1))))
    return distances


def placed_text(label) -> str:
    """What a placed label says (the Placer may have joined it to a leader line)."""
    return next(m for m in label.get_family() if isinstance(m, MathTex)).get_tex_string()


def gradient_direction(scene: BeatScene) -> np.ndarray:
    arrow = scene.gradient_arrow
    start, end = axes_coords(scene.axes, np.array([arrow.get_start(), arrow.get_end()]))
    px, py, _ = scene.plan.point
    assert start == pytest.approx((px, py, scene.plan.floor))  # on the floor, under the point
    assert end[2] == pytest.approx(start[2])
    heading = direction(end[:2] - start[:2])
    map_start, map_end = (scene.map.plane(p) for p in scene.map_gradient.get_start_and_end())
    assert map_start == pytest.approx((px, py))
    assert map_end - map_start == pytest.approx(
        scene.plan.arrow_scale * np.array(scene.plan.partial_values)
    )
    assert direction(map_end - map_start) == pytest.approx(heading)
    return heading


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["GradientSurface"].beats)


def test_the_notes_values_reach_the_plan(scene: BeatScene) -> None:
    plan = scene.plan
    assert plan.point == (1.0, 1.0, 2.0)
    assert plan.partial_values == (2.0, 2.0)
    assert plan.gradient_value_latex == r"\nabla z(1, 1) = \left\langle 2, 2 \right\rangle"


def test_the_marker_sits_on_the_surface_at_the_point(scene: BeatScene) -> None:
    ((x, y, z),) = axes_coords(scene.axes, scene.marker.get_center())
    assert (x, y, z) == (pytest.approx(1), pytest.approx(1), pytest.approx(2))


def test_each_slice_lies_on_the_surface_with_the_other_variable_held(scene: BeatScene) -> None:
    plan = scene.plan
    for axis, curve in enumerate(scene.curves):
        xyz = axes_coords(scene.axes, curve.get_anchors())
        held = 1 - axis
        assert np.allclose(xyz[:, held], plan.point[held])
        assert np.allclose(xyz[:, 2], [plan.height(x, y) for x, y, _ in xyz], atol=1e-6)
        free = (plan.x_range, plan.y_range)[axis]
        assert xyz[:, axis].min() == pytest.approx(free[0])
        assert xyz[:, axis].max() == pytest.approx(free[1])


def test_each_tangent_has_the_partial_derivative_as_slope(scene: BeatScene) -> None:
    plan = scene.plan
    for axis, tangent in enumerate(scene.tangents):
        start, end = axes_coords(scene.axes, np.array([tangent.get_start(), tangent.get_end()]))
        assert (start + end) / 2 == pytest.approx(plan.point)
        rise, run = end[2] - start[2], end[axis] - start[axis]
        assert rise / run == pytest.approx(plan.partial_values[axis])
        assert end[1 - axis] == pytest.approx(start[1 - axis])


def test_the_gradient_arrow_points_along_the_partials(scene: BeatScene) -> None:
    assert gradient_direction(scene) == pytest.approx(direction(np.array([2.0, 2.0])))


def test_the_plan_chooses_the_levels_and_the_curve_through_the_point(scene: BeatScene) -> None:
    plan = scene.plan
    assert plan.contour_levels == (1, 1.5, 2, 2.5, 3)  # from the minimum to the point and beyond
    assert plan.contour_levels[plan.through_level] == plan.point[2] == 2.0
    assert plan.tangent == pytest.approx((-np.sqrt(0.5), np.sqrt(0.5)))
    for curve in plan.contours:
        for path in curve.paths:
            assert np.allclose([plan.height(x, y) for x, y in path], curve.level, atol=1e-9)


def test_surface_and_map_draw_the_plan_contours(scene: BeatScene) -> None:
    plan = scene.plan
    assert len(scene.surface_contours) == len(scene.map.curves) == len(plan.contours)
    for lifted, flat, curve in zip(
        scene.surface_contours, scene.map.curves, plan.contours, strict=True
    ):
        on_surface = axes_coords(scene.axes, lifted.get_anchors())
        assert np.allclose(on_surface[:, 2], curve.level)  # at its own height, on the surface
        heights = [plan.height(x, y) for x, y, _ in on_surface]
        assert np.allclose(heights, curve.level, atol=1e-9)
        assert len(on_surface) >= sum(len(path) for path in curve.paths)
        on_map = np.array([scene.map.plane(p) for p in flat.get_anchors()])
        # on the plan's polyline (a curve broken under a label ends between its corners)
        assert max(polyline_distance(on_map, curve.paths)) < 1e-6
        assert lifted.get_stroke_color() == flat.get_stroke_color()
    through = scene.map.curves[plan.through_level]
    assert through.get_stroke_width() > scene.map.curves[0].get_stroke_width()


def test_the_partials_are_the_arrows_components_on_the_map(scene: BeatScene) -> None:
    plan = scene.plan
    (px, py, _), (gx, gy), k = plan.point, plan.partial_values, plan.arrow_scale
    x_part, y_part = (
        (scene.map.plane(p) for p in a.get_start_and_end()) for a in scene.map_components
    )
    x_start, x_end = x_part
    y_start, y_end = y_part
    assert x_start == pytest.approx((px, py)) and x_end == pytest.approx((px + k * gx, py))
    assert y_start == pytest.approx(x_end)  # head to tail after AssembleTheGradient
    assert y_end == pytest.approx((px + k * gx, py + k * gy))
    grad_end = scene.map.plane(scene.map_gradient.get_end())
    assert grad_end == pytest.approx(y_end)
    assert np.dot(grad_end - x_start, plan.tangent) == pytest.approx(0.0, abs=1e-9)


def test_the_axes_are_labelled_and_the_point_and_minimum_marked(scene: BeatScene) -> None:
    labels = [label.get_tex_string() for label in scene.axis_labels]
    assert labels == ["x", "y", "z"]
    camera = scene.renderer.camera
    for label, end in zip(scene.axis_labels, kit.axis_ends(scene.axes), strict=True):
        seen = scene.to_frame(label, label.get_center().reshape(1, 3))[0]
        assert np.linalg.norm(seen[:2] - camera.project_point(end)[:2]) < 1.0  # by its axis' end
    (mark,) = axes_coords(scene.axes, scene.floor_mark[0].get_center())
    assert mark == pytest.approx((1.0, 1.0, scene.plan.floor))
    assert scene.floor_mark[1].get_tex_string() == "(1, 1)"
    (low,) = axes_coords(scene.axes, scene.minimum_mark[0].get_center())
    assert low == pytest.approx(scene.plan.minimum)
    assert scene.plan.minimum == pytest.approx((0.0, 0.0, 0.0))
    assert scene.map.plane(scene.map_dot.get_center()) == pytest.approx((1.0, 1.0))
    assert placed_text(scene.map_label) == "(1, 1)"
    assert placed_text(scene.map_minimum_label) == "(0, 0)"


def test_the_partials_collect_into_the_gradient(scene: BeatScene) -> None:
    plan = scene.plan
    assert plan.partial_at_latex[0] in texts_of(scene, "SliceAlongX")
    assert plan.slice_x_latex in texts_of(scene, "SliceAlongX")
    assert plan.slice_y_latex not in texts_of(scene, "SliceAlongX")
    assert plan.slice_y_latex in texts_of(scene, "SliceAlongY")
    last = texts_of(scene, "AssembleTheGradient")
    assert [plan.partial_at_latex[0], plan.partial_at_latex[1]] == [
        t for t in last if t in plan.partial_at_latex
    ]
    assert plan.gradient_latex in last and plan.gradient_value_latex in last
    assert plan.slice_y_latex not in last


def test_the_3d_view_fits_beside_the_contour_map(scene: BeatScene) -> None:
    assert view_beside_map(scene, scene.surface, scene.axes, scene.surface_contours) == []


def test_a_turning_camera_redraws_the_3d_view_but_not_the_still_map(scene: BeatScene) -> None:
    theta = scene.renderer.camera.theta_tracker
    scene.add(theta)
    try:
        moving = scene.get_moving_mobjects(theta.animate.set_value(theta.get_value() + 0.1))
        assert scene.surface in moving and scene.surface_contours in moving
        assert scene.map not in moving and scene.title not in moving
        grown = scene.get_moving_mobjects(theta.animate.set_value(0.1), FadeIn(scene.map))
        assert scene.map in grown  # an animated pinned mobject is drawn on every frame
    finally:
        scene.remove(theta)


def test_every_text_is_fixed_in_the_frame(scene: BeatScene) -> None:
    assert unpinned_texts(scene) == []


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_another_surface_changes_the_gradient_on_screen(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = edited_lecture(
        tmp_path, "GradientSurface", {'surface = "x**2 + y**2"': 'surface = "x**2 + 3*y**2"'}
    )
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    scene = run_scene("GradientSurface", tmp_path)
    assert scene.plan.partial_values == (2.0, 6.0)
    last = texts_of(scene, "AssembleTheGradient")
    assert r"\nabla z(1, 1) = \left\langle 2, 6 \right\rangle" in last
    assert r"\frac{\partial z}{\partial y}(1, 1) = 6" in last
    assert gradient_direction(scene) == pytest.approx(direction(np.array([2.0, 6.0])))
    start, end = scene.tangents[1].get_start(), scene.tangents[1].get_end()
    (_, y0, z0), (_, y1, z1) = axes_coords(scene.axes, np.array([start, end]))
    assert (z1 - z0) / (y1 - y0) == pytest.approx(6.0)
    assert 4.0 in scene.plan.contour_levels  # the level through (1, 1): 1 + 3
    map_start, map_end = (scene.map.plane(p) for p in scene.map_gradient.get_start_and_end())
    assert np.dot(map_end - map_start, scene.plan.tangent) == pytest.approx(0.0, abs=1e-9)
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_an_off_centre_minimum_is_marked_where_the_plan_found_it(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = run_lecture_scene(STRESS, "OffCentreSurface", tmp_path)
    plan = scene.plan
    assert plan.minimum == pytest.approx((1.0, -0.5, 0.0))
    assert plan.minimum_latex == r"(1, - \frac{1}{2})"
    (low,) = axes_coords(scene.axes, scene.minimum_mark[0].get_center())
    assert low == pytest.approx(plan.minimum)
    assert scene.map.plane(scene.map_minimum[0].get_center()) == pytest.approx((1.0, -0.5))
    assert placed_text(scene.map_minimum_label) == plan.minimum_latex
    # levels from the minimum up to the point's 8.5, not across the whole square
    below = [lv for lv in plan.contour_levels if plan.minimum[2] < lv < plan.point[2]]
    assert len(below) >= 3


def test_a_saddle_marks_no_minimum(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = run_lecture_scene(STRESS, "SaddleAtZero", tmp_path)
    assert scene.plan.minimum is None and scene.plan.minimum_latex == ""
    assert len(scene.minimum_mark) == 0 and len(scene.map_minimum) == 0


@frames_comparison(
    last_frame=True,
    base_scene=GradientSurface,
    renderer_class=ThreeDTestRenderer,
    tex_dir=TEX_CACHE,
)
def test_gradient_surface_last_frame(scene: GradientSurface) -> None:
    GradientSurface.construct(scene)


def test_axis_sheen_runs_along_each_whole_axis() -> None:
    """Frozen sheen ends are what manim would compute: the axis' edges toward and from the light."""
    from scenes.kit import surface as kit

    axes = kit.surface_axes((-2.0, 2.0), (-2.0, 2.0), (0.0, 8.0))
    light = axes.light_source
    for axis in axes:
        toward, away = axis.get_edge_center(-light), axis.get_edge_center(light)
        for part in axis.family_members_with_points():
            start, end = part.get_gradient_start_and_end_points()
            assert start == pytest.approx(toward) and end == pytest.approx(away)
