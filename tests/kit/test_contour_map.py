"""The contour map: plane <-> frame points, level colours, and where a point's label goes."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.kit.contour_map import ContourMap, label_direction, level_colors
from scenes.maths import calculus as calc
from scenes.maths.contours import level_curve

SQUARE = ((-2.0, 2.0), (-2.0, 2.0))


@pytest.fixture(scope="module")
def bowl_map() -> ContourMap:
    surface = calc.X**2 + calc.Y**2
    curves = [level_curve(surface, level, *SQUARE) for level in (1.0, 2.0, 3.0)]
    return ContourMap(*SQUARE, 1.0, curves, through=1)


def _angle(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(
        np.degrees(np.arccos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1, 1)))
    )


def test_plane_and_frame_points_round_trip(bowl_map: ContourMap) -> None:
    xy = np.array([[1.0, 1.0], [-2.0, 0.5], [0.0, 0.0]])
    frame = bowl_map.to_frame(xy)
    assert np.array([bowl_map.plane(p) for p in frame]) == pytest.approx(xy)
    assert frame[0] == pytest.approx(bowl_map.at(1.0, 1.0))


def test_the_curve_through_the_point_stands_out_and_levels_darken_downhill(
    bowl_map: ContourMap,
) -> None:
    widths = [curve.get_stroke_width() for curve in bowl_map.curves]
    assert widths[1] > widths[0] == widths[2]
    colors = level_colors([1.0, 2.0, 3.0])
    brightness = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in colors]
    assert brightness == sorted(brightness) and len(set(colors)) == 3


def test_a_label_keeps_clear_of_the_arrows_and_the_level_curve(bowl_map: ContourMap) -> None:
    gradient, tangent = np.array([2.0, 2.0]), np.array([-1.0, 1.0])
    drawn = [gradient, -gradient, tangent, -tangent]
    side = label_direction((1.0, 1.0), drawn, bowl_map.axes)
    assert min(_angle(side, v) for v in drawn) == pytest.approx(45.0)


def test_a_label_on_the_x_axis_goes_above_it(bowl_map: ContourMap) -> None:
    side = label_direction(
        (1.0, 0.0), [(2.0, 0.0), (-2.0, 0.0), (0.0, 1.0), (0.0, -1.0)], bowl_map.axes
    )
    assert side[1] > 0 and min(_angle(side, v) for v in [(1, 0), (0, 1)]) > 30
    at_origin = label_direction((0.0, 0.0), [], bowl_map.axes)
    assert at_origin[0] > 0 and at_origin[1] > 0  # clear of both axes and their numbers
