"""The layout check and the label placer, on small planted pictures (no scene, no LaTeX)."""

from __future__ import annotations

import numpy as np
import pytest
from manim import LEFT, RIGHT, UP, Axes, Dot, Line, Rectangle, Text, VGroup

from scenes.kit.contour_map import LABEL_GAP
from scenes.kit.layout import (
    ANCHOR_LIMIT,
    Box,
    ignore_in_layout,
    ink_inside,
    picture_of,
    problems_in,
    set_anchor,
)
from scenes.kit.placement import BUFF, DOT_GAP, Placer, clear_tick_numbers


def kinds(*mobjects) -> list[tuple[str, str, str]]:
    return [(p.kind, p.subject, p.other) for p in problems_in(picture_of(mobjects))]


def test_ink_inside_measures_the_clipped_length():
    box = Box(0, 0, 1, 1)
    segments = np.array([[[-1, 0.5], [2, 0.5]], [[0.5, 0.5], [0.5, 3]], [[2, 2], [3, 3]]])
    assert ink_inside(segments, box) == pytest_approx(1.0 + 0.5)


def pytest_approx(value: float):
    import pytest

    return pytest.approx(value, abs=1e-9)


def test_a_clean_picture_has_no_problems():
    label = Text("P", font_size=24).move_to([1, 1, 0])
    curve = Line([-3, -2, 0], [3, -2, 0])
    assert kinds(label, curve) == []


def test_text_outside_the_safe_area_is_reported_with_its_side():
    wide = Text("a long label that runs off", font_size=36).move_to([7.0, 0, 0])
    problems = problems_in(picture_of([wide]))
    assert [p.kind for p in problems] == ["outside"]
    assert "on the right" in problems[0].clause


def test_text_wholly_off_the_frame_is_not_seen():
    gone = Text("zoomed away", font_size=36).move_to([30, 0, 0])
    assert kinds(gone) == []


def test_text_over_text_is_reported_naming_both():
    a = Text("P", font_size=36).move_to([0, 0, 0])
    b = Text("1", font_size=36).move_to([0.05, 0, 0])
    assert kinds(a, b) == [("overlap", "P", "1")]


def test_text_over_a_line_beyond_the_tolerance_is_reported():
    label = Text("slope", font_size=36)
    through = Line(label.get_left() + LEFT, label.get_right() + RIGHT)
    touching = Line(label.get_corner(UP + RIGHT) + 0.3 * UP, label.get_corner(UP + RIGHT) + 0.01)
    assert kinds(label, through) == [("covers", "slope", "a line")]
    assert kinds(label, touching) == []


def test_drawings_marked_as_decoration_and_boxes_do_not_count_as_ink():
    label = Text("boxed", font_size=36)
    underline = Line(label.get_left(), label.get_right())
    ignore_in_layout(underline)
    frame = Rectangle(width=label.width, height=label.height).move_to(label)
    assert kinds(label, underline, frame) == []


def test_a_label_far_from_its_point_is_reported():
    label = Text("Q", font_size=24).move_to([3, 0, 0])
    set_anchor(label, [3 - ANCHOR_LIMIT - 0.5, 0, 0])
    assert kinds(label) == [("far", "Q", "")]
    set_anchor(label, [3 - 0.3, 0, 0])
    assert kinds(label) == []


def test_the_placer_keeps_a_label_off_a_curve_and_off_another_label():
    curve = Line([-4, -4, 0], [4, 4, 0])  # through the anchor, up and to the right
    taken = Text("taken", font_size=28).next_to([0, 0, 0], UP + LEFT, buff=0.15)
    label = Text("P", font_size=28)
    placed = Placer([curve, taken]).place(label, [0, 0, 0])
    assert placed is label
    assert kinds(curve, taken, label) == []
    assert Box.around(label.get_all_points()).distance_to((0, 0)) < 0.5


def test_the_placer_stays_inside_the_frame_at_its_edge():
    label = Text("a corner label", font_size=28)
    Placer([]).place(label, [7.0, 3.9, 0])
    assert kinds(label) == []


def test_a_crowded_anchor_gets_a_leader_line():
    crowd = VGroup(
        *(Line([-2, y, 0], [2, y, 0]) for y in np.arange(-0.6, 0.61, 0.12))
    )  # hatching all around the point
    label = Text("crowded", font_size=24)
    placed = Placer([crowd]).place(label, [0, 0, 0])
    assert isinstance(placed, VGroup) and placed[0] is label
    assert placed[1].layout_name == "a leader line"
    assert [k for k in kinds(crowd, placed) if k[0] == "overlap"] == []


def test_where_the_eight_usual_spots_are_taken_a_finer_one_between_them_is_found():
    rays = VGroup(
        *(Line([0, 0, 0], [3 * np.cos(a), 3 * np.sin(a), 0]) for a in np.arange(8) * np.pi / 4)
    )  # a line through the middle of each of the eight usual spots
    label = Text("P", font_size=24)
    placed = Placer([rays]).place(label, [0, 0, 0])
    assert kinds(rays, placed) == []
    x, y, _ = label.get_center()
    angle = np.degrees(np.arctan2(y, x)) % 45
    assert 10 < angle < 35  # between two rays, not on one


def test_clear_tick_numbers_takes_off_only_the_numbers_a_curve_crosses():
    axes = Axes(
        x_range=[-3, 3, 1],
        y_range=[-3, 3, 1],
        x_length=6,
        y_length=6,
        axis_config={"include_numbers": True, "numbers_to_exclude": [0]},
    )
    below = axes.x_axis.numbers[3].get_center()  # the "1" under the x axis
    curve = Line(below + 0.5 * LEFT, below + 0.5 * RIGHT)
    before = len(axes.x_axis.numbers)
    assert clear_tick_numbers(axes, curve) == 1
    assert len(axes.x_axis.numbers) == before - 1
    assert all(np.linalg.norm(n.get_center() - below) > 0.1 for n in axes.x_axis.numbers)


def test_dots_count_as_ink():
    label = Text("Px", font_size=48)
    dot = Dot(label.get_center())
    assert kinds(label, dot) == [("covers", "Px", "a dot")]


def test_the_placer_keeps_a_label_clear_of_a_dot_it_would_only_touch():
    """A dot just right of the anchor: the nearest spot right of it would leave the dot's
    outline outside the label's inset box (no ink covered) with the glyphs touching its
    disc; the label goes where it keeps DOT_GAP from the disc."""
    dot = Dot([0.36, 0.0, 0], radius=0.08)
    width, height = 0.15, 0.2
    first = Box(BUFF, -height / 2, BUFF + width, height / 2)  # the nearest spot, on the right
    disc = Box.around(dot.get_all_points())
    assert first.overlap_area(disc) > 0  # the spot the dot would otherwise leave "free"
    centre, _ = Placer([dot]).spot(width, height, (0.0, 0.0))
    placed = Box(*(centre - [width / 2, height / 2]), *(centre + [width / 2, height / 2]))
    assert placed.overlap_area(disc.inset(-DOT_GAP)) == 0
    assert placed.distance_to((0.0, 0.0)) <= BUFF + 1e-9  # still beside its anchor


def test_a_label_occupied_with_a_gap_keeps_the_next_label_that_far_away():
    """The nearest spot right of the anchor ends 0.01 short of a label placed before: free,
    yet edge to edge the two read as one. With the gap, the next label goes elsewhere."""
    before = Line([0.31, -0.1, 0], [0.9, 0.1, 0])  # a placed label's box, as occupy reads it
    width, height = 0.15, 0.2
    touching, _ = Placer([]).occupy(before).spot(width, height, (0.0, 0.0))
    assert touching[0] == pytest.approx(BUFF + width / 2)  # without the gap: edge to edge
    centre, _ = Placer([]).occupy(before, gap=LABEL_GAP).spot(width, height, (0.0, 0.0))
    placed = Box(*(centre - [width / 2, height / 2]), *(centre + [width / 2, height / 2]))
    dx, dy = placed.shared(Box(0.31, -0.1, 0.9, 0.1))
    assert max(-dx, -dy) >= LABEL_GAP - 1e-9


def test_a_raw_float_on_screen_is_reported_and_short_exact_values_are_not():
    raw = Text("f'(2.39935728051547) = 1.1", font_size=24).move_to([0, 2, 0])
    exact = Text("3.8125 and 1000000", font_size=24).move_to([0, -2, 0])
    problems = problems_in(picture_of([raw, exact]))
    assert [(p.kind, p.other) for p in problems] == [("digits", "2.39935728051547")]
    assert "more than 6 significant digits" in problems[0].clause


def test_text_shrunk_below_the_readable_size_is_reported():
    title = Text("a title far too long for one line of the frame", font_size=48)
    title.scale_to_fit_width(4)  # shrunk to fit: about size 11
    normal = Text("readable", font_size=28).move_to([0, -2, 0])
    problems = problems_in(picture_of([title, normal]))
    assert [(p.kind, p.subject) for p in problems] == [("small", title.text)]
    assert "too small to read at 1080p" in problems[0].clause


def test_the_readable_size_is_judged_as_seen_through_the_camera():
    label = Text("zoomed", font_size=48).scale(0.25)  # size 12 in the scene...

    def zoom_in(_mobject, points):  # ...seen through a camera zoomed in 4 times
        return points * 4

    assert [p.kind for p in problems_in(picture_of([label]))] == ["small"]
    assert problems_in(picture_of([label], zoom_in)) == []


# ------------------------------------------------------------------ contrast


def contrast_of(*mobjects, moving=()) -> list[tuple[str, str]]:
    problems = problems_in(picture_of(mobjects, moving=moving))
    return [(p.subject, p.other) for p in problems if p.kind == "contrast"]


def test_contrast_is_judged_only_in_a_picture_at_rest():
    """Inside an animation (something carried) a text may be fading: no contrast judged."""
    faint = Text("faint", font_size=36).set_opacity(0.2)
    assert contrast_of(faint) == [("faint", "#0F1115")]
    assert contrast_of(faint, moving=[faint]) == []
    assert contrast_of(faint, moving=[Dot([3, 3, 0])]) == []  # another mobject animating


def test_a_text_is_judged_against_the_fills_drawn_before_it_under_its_centre():
    label = Text("white", font_size=36)
    pale = Rectangle(width=3, height=1, stroke_width=0).set_fill("#F0F0F0", opacity=1)
    assert contrast_of(pale, label) == [("white", "#F0F0F0")]
    assert contrast_of(label, pale) == []  # drawn after: over the text, not behind it
    pale.set_z_index(-1)
    assert contrast_of(label, pale) == [("white", "#F0F0F0")]  # drawn first, by z-index
    aside = pale.copy().set_z_index(0).shift(3 * RIGHT)
    assert contrast_of(aside, label) == []


def test_a_round_fill_is_behind_a_text_only_where_its_disc_is():
    from manim import Circle

    disc = Circle(radius=1.5, stroke_width=0).set_fill("#F0F0F0", opacity=1)
    inside = Text("in", font_size=28).move_to([0.5, 0.5, 0])
    corner = Text("out", font_size=28).move_to([1.35, 1.35, 0])  # in its box, off its disc
    assert contrast_of(disc, inside, corner) == [("in", "#F0F0F0")]


def test_see_through_fills_are_laid_over_one_another():
    label = Text("stacked", font_size=28)
    first = Rectangle(width=3, height=1, stroke_width=0).set_fill("#FFFFFF", opacity=0.5)
    second = first.copy().set_fill("#FFFFFF", opacity=0.5)
    # background #0F1115, half white over it -> #87888A, half white again -> #C3C3C4
    assert contrast_of(first, label) == [("stacked", "#87888A")]
    assert contrast_of(first, second, label) == [("stacked", "#C3C3C4")]


def test_ink_below_the_graphics_contrast_is_reported_unless_set_aside():
    dim = Line([-3, 0, 0], [3, 0, 0], color="#303030")
    ghost = Line([-3, 1, 0], [3, 1, 0], color="#303030", stroke_opacity=0.3)
    boxed = Line([-3, 2, 0], [3, 2, 0], color="#303030")
    ignore_in_layout(boxed)
    assert contrast_of(dim, ghost, boxed) == [("a line", "#303030")]
    assert contrast_of(Dot(color="#303030")) == [("a dot", "#303030")]  # its disc is its ink
    assert contrast_of(Line(LEFT, RIGHT, color="#BBBBBB")) == []  # the muted grey reads 9.8:1
