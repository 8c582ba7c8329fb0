"""Level curves: the levels a contour map draws, points on their level, the tangent's direction."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from scenes.maths import calculus as calc
from scenes.maths.contours import contour_levels, level_curve, level_tangent, surface_minimum

X, Y = calc.X, calc.Y
SQUARE = ((-2.0, 2.0), (-2.0, 2.0))


def test_the_bowl_gets_round_levels_up_to_the_point_and_two_beyond() -> None:
    # step 0.5 from the minimum (0) to the point's level (2); 0.5 is a loop too tight to keep
    assert contour_levels(X**2 + Y**2, *SQUARE, through=[(1, 1)]) == (1, 1.5, 2, 2.5, 3)


def test_a_point_off_the_round_levels_adds_its_own_and_drops_a_crowding_neighbour() -> None:
    levels = contour_levels(X**2 + 3 * Y**2, *SQUARE, through=[(1.5, 1)])
    assert levels == (2, 4, 5.25, 6, 8)  # 5.25 = 1.5**2 + 3 * 1**2
    crowded = contour_levels(X**2 + Y**2, *SQUARE, through=[(1, 1.05)])
    assert crowded == (1, 1.5, pytest.approx(2.1025), 2.5, 3)  # 2 lies a fifth of a step away


def test_an_off_centre_bowl_gets_levels_where_the_ball_rolls() -> None:
    surface = (X - 1) ** 2 + 2 * (Y + sympy.Rational(1, 2)) ** 2
    levels = contour_levels(surface, *SQUARE, through=[(-1, 1)])
    assert levels == (2, 4, 6, 8.5, 10, 12)  # not 5, 8.5, 10, 15, 20: the path runs below 8.5
    between = [lv for lv in levels if 0 < lv < 8.5]
    assert len(between) >= 3


def test_no_short_arc_is_left_in_a_corner() -> None:
    curve = level_curve(X**2 + Y**2, 6.0, *SQUARE)
    assert curve.paths == ()  # four corner arcs of the circle of radius sqrt(6): brackets
    kept = level_curve(X**2 + Y**2, 6.0, *SQUARE, keep=[(2, np.sqrt(2))])
    assert len(kept.paths) == 1  # the arc a marked point lies on stays
    assert 6.0 not in contour_levels(X**2 + Y**2, *SQUARE, through=[(1.9, 1.9)])


def test_the_minimum_is_found_off_centre_exactly_and_none_on_a_saddle() -> None:
    low = surface_minimum((X - 1) ** 2 + 2 * (Y + sympy.Rational(1, 2)) ** 2, *SQUARE)
    assert low is not None and (low.x, low.y, low.z) == pytest.approx((1, -0.5, 0))
    assert low.exact == (1, sympy.Rational(-1, 2)) and low.latex == r"(1, - \frac{1}{2})"
    assert surface_minimum(X**2 - Y**2, *SQUARE) is None
    assert surface_minimum(X + Y, *SQUARE) is None
    wavy = surface_minimum(sympy.exp(X**2 / 3) + (Y - 0.3) ** 2 + sympy.sin(X), *SQUARE)
    assert wavy is not None and wavy.exact is None
    assert wavy.y == pytest.approx(0.3) and wavy.latex == "(-0.819, 0.3)"


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
    curve = level_curve(X**2 + Y**2, 4.5, *SQUARE)
    assert len(curve.paths) == 4  # the circle of radius sqrt(4.5) leaves four long arcs
    for path in curve.paths:
        assert np.allclose(path[:, 0] ** 2 + path[:, 1] ** 2, 4.5, atol=1e-9)
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
