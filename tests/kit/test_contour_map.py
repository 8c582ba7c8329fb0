"""The contour map: plane <-> frame points, level colours, numbers outside, placed labels."""

from __future__ import annotations

import numpy as np
import pytest
from manim import BackgroundRectangle, ManimColor, MathTex, VGroup

from scenes.kit import style
from scenes.kit.contour_map import ContourMap, level_colors
from scenes.kit.layout import picture_of, problems_in
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


def test_tick_numbers_sit_outside_the_square_where_no_curve_runs(bowl_map: ContourMap) -> None:
    left, bottom, _ = bowl_map.at(-2.0, -2.0)
    right, top, _ = bowl_map.at(2.0, 2.0)
    for number in bowl_map.axes.x_axis.numbers:
        assert number.get_top()[1] < bottom
        assert left - 0.2 <= number.get_center()[0] <= right  # a minus sign hangs left
    for number in bowl_map.axes.y_axis.numbers:
        assert number.get_right()[0] < left
        assert bottom <= number.get_center()[1] <= top
    assert problems_in(picture_of([bowl_map])) == []


def test_a_label_keeps_clear_of_the_arrows_and_the_level_curve(bowl_map: ContourMap) -> None:
    arrow = bowl_map.arrow((1.0, 1.0), (2.0, 2.0), 0.3, "#FF0000")
    back = bowl_map.arrow((1.0, 1.0), (-2.0, -2.0), 0.3, "#00FF00")
    level = bowl_map.right_angle((1.0, 1.0), (-1.0, 1.0), (2.0, 2.0))
    dot = bowl_map.dot(1.0, 1.0)
    label = bowl_map.point_label("(1, 1)", (1.0, 1.0), bowl_map.placer(arrow, back, level, dot))
    picture = picture_of([bowl_map, arrow, back, level, dot, label])
    assert problems_in(picture) == []
    (text,) = [m for m in label.get_family() if isinstance(m, MathTex)][:1]
    assert np.linalg.norm(text.get_center() - bowl_map.at(1.0, 1.0)) < 1.0


def test_level_curves_too_crowded_for_a_label_are_broken_under_it_and_only_there() -> None:
    """An elongated bowl off the origin: its minimum's label finds no free spot among the
    level curves, so the curves under it are broken around it; the others stay whole."""
    surface = (calc.X - 1) ** 2 + 8 * (calc.Y + 0.5) ** 2
    levels = (0.05, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0)
    curves = [level_curve(surface, level, *SQUARE) for level in levels]
    crowded = ContourMap(*SQUARE, 1.0, curves, through=None)
    mobjects = list(crowded.curves.submobjects)
    before = [len(curve.points) for curve in crowded.curves]
    dot = crowded.dot(1.0, -0.5)
    label = crowded.point_label("(1, -\\frac{1}{2})", (1.0, -0.5), crowded.placer(dot))
    assert problems_in(picture_of([crowded, dot, label])) == []
    after = [len(curve.points) for curve in crowded.curves]
    changed = [k for k, (b, a) in enumerate(zip(before, after, strict=True)) if b != a]
    assert changed and len(changed) < len(levels)  # the curves under it broken, others whole
    # broken in place: a map already fixed in a 3D camera's frame draws the same mobjects
    assert all(a is b for a, b in zip(crowded.curves.submobjects, mobjects, strict=True))
    assert crowded.curves.submobjects == mobjects


def test_a_map_label_stands_on_a_patch_that_interrupts_the_lines_it_must_cross(
    bowl_map: ContourMap,
) -> None:
    """Placed first, patched after: the patch hides the frame or curve under the glyphs
    without making the label larger where the placer looks for room."""
    dot = bowl_map.dot(2.0, 1.0)  # on the frame's right edge
    label = bowl_map.point_label("(2, 1)", (2.0, 1.0), bowl_map.placer(dot))
    text = next(m for m in label.get_family() if isinstance(m, MathTex))
    patches = [m for m in text.submobjects if isinstance(m, BackgroundRectangle)]
    assert len(patches) == 1
    patch = patches[0]
    assert patch.get_fill_opacity() == 1 and patch.get_color() == ManimColor(style.BACKGROUND)
    glyphs = VGroup(*(m for m in text.submobjects if m is not patch))
    assert patch.width > glyphs.width and patch.height > glyphs.height
    assert np.allclose(patch.get_center(), glyphs.get_center())
