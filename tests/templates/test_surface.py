"""GradientSurface: beats, slices and tangents in axes space, the gradient, layout, golden frame."""

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
from scenes.templates.surface import GradientSurface

__module_test__ = "surface"


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("GradientSurface", tmp_path_factory.mktemp("surface"))


def gradient_direction(scene: BeatScene) -> np.ndarray:
    arrow = scene.gradient_arrow
    start, end = axes_coords(scene.axes, np.array([arrow.get_start(), arrow.get_end()]))
    assert start == pytest.approx(scene.plan.point)
    assert end[2] == pytest.approx(start[2])
    return direction(end[:2] - start[:2])


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
