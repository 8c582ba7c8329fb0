"""GradientSurface: beats, slices and tangents in axes space, the gradient, layout, golden frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import FadeIn, config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import layout_problems, run_scene, texts_of
from surface_checks import (
    TEX_CACHE,
    ThreeDTestRenderer,
    axes_coords,
    direction,
    edited_lecture,
    unpinned_texts,
    view_beside_map,
)

from scenes.kit.base import BeatScene
from scenes.plans import schemas
from scenes.templates.surface import GradientSurface

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "surface"


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("GradientSurface", tmp_path_factory.mktemp("surface"))


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
    assert plan.contour_levels == (1, 2, 3, 4, 5, 6, 7)
    assert plan.contour_levels[plan.through_level] == plan.point[2] == 2.0
    assert plan.tangent == pytest.approx((-np.sqrt(0.5), np.sqrt(0.5)))
    for curve in plan.contours:
        for path in curve.paths:
            assert np.allclose([plan.height(x, y) for x, y in path], curve.level, atol=1e-9)


def test_floor_and_map_draw_the_plan_contours(scene: BeatScene) -> None:
    plan = scene.plan
    assert len(scene.floor_contours) == len(scene.map.curves) == len(plan.contours)
    for floor, flat, curve in zip(
        scene.floor_contours, scene.map.curves, plan.contours, strict=True
    ):
        on_floor = axes_coords(scene.axes, floor.get_anchors())
        assert np.allclose(on_floor[:, 2], plan.floor)
        assert np.allclose([plan.height(x, y) for x, y, _ in on_floor], curve.level, atol=1e-9)
        assert len(on_floor) >= sum(len(path) for path in curve.paths)
        on_map = np.array([scene.map.plane(p) for p in flat.get_anchors()])
        assert np.allclose([plan.height(x, y) for x, y in on_map], curve.level, atol=1e-6)
        assert floor.get_stroke_color() == flat.get_stroke_color()
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


def test_the_axes_are_labelled_and_the_point_and_origin_marked(scene: BeatScene) -> None:
    labels = [label.get_tex_string() for label in scene.axis_labels]
    assert labels == ["x", "y", "z"]
    ends = axes_coords(scene.axes, np.array([label.get_center() for label in scene.axis_labels]))
    assert ends[0][0] > scene.plan.x_range[1] and ends[1][1] > scene.plan.y_range[1]
    assert ends[2][2] > scene.plan.z_range[1]
    (mark,) = axes_coords(scene.axes, scene.floor_mark[0].get_center())
    assert mark == pytest.approx((1.0, 1.0, scene.plan.floor))
    assert scene.floor_mark[1].get_tex_string() == "(1, 1)"
    (origin,) = axes_coords(scene.axes, scene.origin_mark[0].get_center())
    assert origin == pytest.approx((0.0, 0.0, scene.plan.floor))
    assert scene.map.plane(scene.map_dot.get_center()) == pytest.approx((1.0, 1.0))
    assert scene.map_label.get_tex_string() == "(1, 1)"


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
    assert view_beside_map(scene, scene.surface, scene.axes, scene.floor_contours) == []


def test_a_turning_camera_redraws_the_3d_view_but_not_the_still_map(scene: BeatScene) -> None:
    theta = scene.renderer.camera.theta_tracker
    scene.add(theta)
    try:
        moving = scene.get_moving_mobjects(theta.animate.set_value(theta.get_value() + 0.1))
        assert scene.surface in moving and scene.floor_contours in moving
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
