"""Level curves: the levels a contour map draws, points on their level, the tangent's direction."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from scenes.maths import calculus as calc
from scenes.maths.contours import contour_levels, level_curve, level_tangent

X, Y = calc.X, calc.Y
SQUARE = ((-2.0, 2.0), (-2.0, 2.0))


def test_the_bowl_gets_whole_number_levels_through_the_point() -> None:
    assert contour_levels(X**2 + Y**2, *SQUARE, through=[(1, 1)]) == (1, 2, 3, 4, 5, 6, 7)


def test_a_point_off_the_round_levels_adds_its_own_and_drops_a_crowding_neighbour() -> None:
    levels = contour_levels(X**2 + 3 * Y**2, *SQUARE, through=[(1.5, 1)])
    assert levels == (2, 4, 5.25, 6, 8, 10, 12, 14)  # 5.25 = 1.5**2 + 3 * 1**2
    crowded = contour_levels(X**2 + Y**2, *SQUARE, through=[(1, 1.05)])
    assert crowded == (1, pytest.approx(2.1025), 3, 4, 5, 6, 7)  # 2 lies a tenth of a step away


def test_levels_lie_strictly_inside_the_plotted_heights() -> None:
    levels = contour_levels(X**2 - Y**2, *SQUARE, through=[(2, 0), (0, 0)])
    assert all(-4 < lv < 4 for lv in levels) and 0.0 in levels and 4.0 not in levels
    assert contour_levels(sympy.Integer(3), *SQUARE, through=[(1, 1)]) == ()


def test_a_circle_is_one_closed_loop_of_points_on_its_level() -> None:
    curve = level_curve(X**2 + Y**2, 2.0, *SQUARE)
    (path,) = curve.paths
    assert path[0] == pytest.approx(path[-1])
    assert np.hypot(path[:, 0], path[:, 1]) == pytest.approx(
        np.full(len(path), np.sqrt(2)), abs=1e-9
    )
    angles = np.unwrap(np.arctan2(path[:, 1], path[:, 0]))
    assert abs(angles[-1] - angles[0]) == pytest.approx(2 * np.pi)


def test_a_level_through_grid_nodes_repeats_no_point() -> None:
    curve = level_curve(X**2 + Y**2, 1.0, *SQUARE)  # (0, -1), (1, 0), ... are grid nodes
    for path in curve.paths:
        assert np.all(np.hypot(*np.diff(path, axis=0).T) > 1e-12)


def test_a_curve_cut_by_the_square_ends_on_its_edge() -> None:
    curve = level_curve(X**2 + Y**2, 6.0, *SQUARE)
    assert len(curve.paths) == 4  # the circle of radius sqrt(6) leaves four arcs in the corners
    for path in curve.paths:
        assert np.allclose(path[:, 0] ** 2 + path[:, 1] ** 2, 6.0, atol=1e-9)
        for end in (path[0], path[-1]):
            assert np.isclose(np.max(np.abs(end)), 2.0)
        assert np.all(np.abs(path) <= 2.0 + 1e-12)


def test_a_saddle_and_a_wave_trace_points_on_their_levels() -> None:
    for surface, level in ((X**2 - Y**2, 1.0), (sympy.sin(X) * sympy.cos(Y), 0.3)):
        height = calc.surface_height_function(surface)
        curve = level_curve(surface, level, *SQUARE)
        assert curve.paths
        for path in curve.paths:
            assert np.allclose(height(path[:, 0], path[:, 1]), level, atol=1e-9)
            gaps = np.hypot(*np.diff(path, axis=0).T)
            assert gaps.max() < 0.2  # no jumps between separate branches


def test_the_level_tangent_is_perpendicular_to_the_gradient() -> None:
    surface = X**2 + 3 * Y**2
    tangent = level_tangent(surface, (1.5, 1))
    gradient = np.array([3.0, 6.0])
    assert np.dot(tangent, gradient) == pytest.approx(0.0, abs=1e-12)
    assert np.hypot(*tangent) == pytest.approx(1.0)
    # a quarter turn to the left of the gradient
    assert gradient[0] * tangent[1] - gradient[1] * tangent[0] > 0
    assert level_tangent(surface, (0, 0)) == (0.0, 0.0)
