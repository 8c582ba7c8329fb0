"""Plot: several functions on one pair of axes, then the elements marked on them one by one.

The legend sits at the top (one row where it fits, else two columns, else one), a line for
the sliding dot's live values under it when the scene has one, and the axes below. Every
element (a point, a tangent, an area, a marker line, a sliding dot) is drawn from the plan's
numbers; every label is placed by a Placer that knows the axes, the curves, the legend, the
other elements and the labels placed before it, and tick numbers a curve or a line runs
through are taken off.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PURPLE_B,
    RIGHT,
    UP,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Mobject,
    Polygon,
    Tex,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    config,
    smooth,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.layout import INK_INSET, Box, ink_inside, picture_of
from scenes.kit.live_number import LiveNumber
from scenes.kit.placement import Placer, clear_tick_numbers
from scenes.maths.plot_elements import clipped_segment
from scenes.plans.plot import COLOUR_NAMES, Mark, PlotPlan

# The functions' colours in order (their names, said by the voice: plans.plot.COLOUR_NAMES).
PALETTE = (
    style.FUNCTION_COLOR,
    style.DERIVATIVE_COLOR,
    style.ACCENT_COLOR,
    style.RISE_COLOR,
    style.SLICE_COLOR,
    style.BALL_COLOR,
    style.RUN_COLOR,
    PURPLE_B,
)
assert len(PALETTE) == len(COLOUR_NAMES)

# Layout, in frame units.
TOP = config.frame_height / 2 - style.FRAME_MARGIN
WIDTH = config.frame_width - 2 * style.FRAME_MARGIN
GRAPH_WIDTH = 12.4
GRAPH_HEIGHT = 5.6
GRAPH_BOTTOM = -3.55  # room for the x axis's numbers below
LEGEND_BUFF = 0.7  # between entries in a row
LEGEND_ROW_BUFF = 0.2  # between rows
READOUT_BUFF = 0.25
GRAPH_GAP = 0.45  # between the legend (or readout) and the graph's top
LABEL_BUFF = 0.15
NUMBER_GAP = 0.1  # the gap labels keep from the axes' numbers
TANGENT_LENGTH = 3.0
GUIDE_DASH = 0.1
LINE_STROKE = 3
AREA_OPACITY = 0.35
LINE_SPOTS = (0.95, 0.85, 0.75, 0.65, 0.5, 0.35, 0.25, 0.15, 0.05)  # from the far end in
LABEL_GAP = 0.12  # labels keep this far apart (side by side they read as one)
AREA_ANCHORS = 9  # points along the area's middle its label may sit beside
CURVE_SAMPLES = 400  # straight pieces across the x range (a kink stays a kink)
READOUT_PART_BUFF = 0.15
READOUT_GAP = 0.5  # between x's readout and f(x)'s

# Timing, in seconds.
DRAW_TIME = 1.5
ELEMENT_TIME = 1.0
SLIDE_TIME = 3.0


def colour_of(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


class Plot(LectureScene):
    """The functions one by one, then each element of the content added in turn."""

    plan: PlotPlan

    def setup(self) -> None:
        super().setup()
        plan = self.plan
        self.legend = self._legend()
        above: Mobject = self.legend
        trackers = [mark for mark in plan.marks if mark.kind == "tracker"]
        self.readout_y: float | None = None
        if trackers:
            sample = self._readout(trackers[0], ValueTracker(trackers[0].start))
            sample.next_to(self.legend, DOWN, buff=READOUT_BUFF)
            self.readout_y = float(sample.get_y())
            above = sample
        height = min(GRAPH_HEIGHT, above.get_bottom()[1] - GRAPH_GAP - GRAPH_BOTTOM)
        self.axes = style.lecture_axes(
            plan.x_range, plan.y_range, GRAPH_WIDTH, height, plan.x_step, plan.y_step
        )
        self.axes.set_x(0).align_to([0, GRAPH_BOTTOM, 0], DOWN)
        self.curves = VGroup(*(self._curve(f.f, colour_of(f.index)) for f in plan.functions))
        self.drawings = [self._drawing(mark) for mark in plan.marks]
        style.numbers_in_front(self.axes)  # first: the check reads a number with its patch
        # where the axes cross at the end of a range, the end numbers lie on the other axis
        axis_lines = VGroup(
            *(Line(axis.get_start(), axis.get_end()) for axis in self.axes.get_axes())
        )
        clear_tick_numbers(self.axes, self.curves, axis_lines, *self.drawings)
        self._clear_numbers_in_areas()
        placer = Placer([self.axes, self.curves, *self.drawings, self.legend])
        if trackers:
            placer.avoid(sample)
        for number in (*self.axes.x_axis.numbers, *self.axes.y_axis.numbers):
            placer.avoid_box(Box.around(number.get_all_points()).inset(-NUMBER_GAP), "a number")
        self.labels = [
            self._label(placer, mark, drawing)
            for mark, drawing in zip(plan.marks, self.drawings, strict=True)
        ]

    # ------------------------------------------------------------------ beats

    def draw_the_axes(self) -> None:
        self.play(Create(self.axes), run_time=DRAW_TIME)
        self.wait(style.SHORT_PAUSE)

    def plot_the_functions(self) -> None:
        for curve, entry in zip(self.curves, self.legend_entries, strict=True):
            self.begin_step()  # each function, said as it is drawn
            self.play(Create(curve), FadeIn(entry), run_time=self.step_run_time(DRAW_TIME))
        self.wait(style.SHORT_PAUSE)

    def add_the_elements(self) -> None:
        self.readout: VGroup | None = None
        for mark, drawing, label in zip(self.plan.marks, self.drawings, self.labels, strict=True):
            self.begin_step()  # each element, said as it appears
            if mark.kind == "tracker":
                self._slide(mark, drawing)
                continue
            if mark.kind == "area":
                self.play(FadeIn(drawing), run_time=ELEMENT_TIME)
            else:
                self.play(Create(drawing), run_time=ELEMENT_TIME)
            if label is not None:
                self.play(Write(label))
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ pieces

    def _legend(self) -> VGroup:
        """One entry per function, in a row where it fits, else two columns, else one."""
        self.legend_entries = [
            style.legend_entry(
                style.body(f.label, colour_of(f.index))
                if f.label is not None
                else style.formula(f.formula_latex, color=colour_of(f.index)),
                colour_of(f.index),
            )
            for f in self.plan.functions
        ]
        legend = VGroup(*self.legend_entries)
        legend.arrange(RIGHT, buff=LEGEND_BUFF)
        if legend.width > WIDTH and len(self.legend_entries) > 2:
            legend.arrange_in_grid(cols=2, buff=(LEGEND_BUFF, LEGEND_ROW_BUFF), cell_alignment=LEFT)
        if legend.width > WIDTH:
            legend.arrange(DOWN, buff=LEGEND_ROW_BUFF, aligned_edge=LEFT)
        for entry in self.legend_entries:
            style.shrink_to_width(entry, WIDTH)
        legend.set_x(0).align_to([0, TOP, 0], UP)
        return legend

    def _curve(self, fn: Callable[[float], float], colour: str) -> VGroup:
        """The graph of fn, cut where it leaves the window, as straight pieces."""
        plan = self.plan
        span = plan.x_range[1] - plan.x_range[0]
        return VGroup(
            *(
                self.axes.plot(
                    fn,
                    x_range=(
                        low,
                        high,
                        max((high - low) / CURVE_SAMPLES, span / CURVE_SAMPLES / 4),
                    ),
                    color=colour,
                    stroke_width=style.CURVE_STROKE,
                    use_smoothing=False,
                )
                for low, high in style.window_pieces(fn, plan.x_range, plan.y_range)
            )
        )

    def _drawing(self, mark: Mark) -> VMobject:
        """What the element draws (its finished state), without its label."""
        axes, plan = self.axes, self.plan
        if mark.kind == "point":
            return style.point_dot().move_to(axes.c2p(mark.start, mark.height))
        if mark.kind == "tangent":
            return VGroup(
                self._tangent(mark), style.point_dot().move_to(axes.c2p(mark.start, mark.height))
            )
        if mark.kind == "area":
            return self._area(mark)
        if mark.kind in ("vline", "hline"):
            return DashedLine(
                *self._line_ends(mark),
                dash_length=GUIDE_DASH,
                color=style.MUTED_COLOR,
                stroke_width=LINE_STROKE,
            )
        # a tracker: its dot where the slide ends
        colour = colour_of(plan.function(mark.function).index)
        return style.point_dot(colour).move_to(axes.c2p(mark.end, mark.height))

    def _line_ends(self, mark: Mark) -> tuple[np.ndarray, np.ndarray]:
        """A marker line's ends: bottom and top of the window (vline), left and right (hline)."""
        axes, plan = self.axes, self.plan
        if mark.kind == "vline":
            return axes.c2p(mark.start, plan.y_range[0]), axes.c2p(mark.start, plan.y_range[1])
        return axes.c2p(plan.x_range[0], mark.start), axes.c2p(plan.x_range[1], mark.start)

    def _tangent(self, mark: Mark) -> Line:
        """The tangent, TANGENT_LENGTH long on screen, cut where it leaves the window."""
        axes, plan = self.axes, self.plan
        x_unit, y_unit = axes.x_axis.get_unit_size(), axes.y_axis.get_unit_size()
        direction = np.array([1.0, mark.value])
        direction /= np.hypot(x_unit, mark.value * y_unit)  # one frame unit along the line
        start, end = clipped_segment(
            (mark.start, mark.height),
            (float(direction[0]), float(direction[1])),
            TANGENT_LENGTH / 2,
            plan.x_range,
            plan.y_range,
        )
        return Line(
            axes.c2p(*start), axes.c2p(*end), color=style.TANGENT_COLOR, stroke_width=LINE_STROKE
        )

    def _area(self, mark: Mark) -> Polygon:
        """The region between the function and the x axis (or the second function), its
        heights cut to the window as the curves are."""
        plan = self.plan
        f = plan.function(mark.function).f
        g = plan.function(mark.other).f if mark.other else (lambda _x: 0.0)
        low, high = plan.y_range
        xs = np.linspace(mark.start, mark.end, CURVE_SAMPLES // 2)
        top = [self.axes.c2p(x, np.clip(f(x), low, high)) for x in xs]
        bottom = [self.axes.c2p(x, np.clip(g(x), low, high)) for x in xs[::-1]]
        colour = colour_of(plan.function(mark.function).index)
        return Polygon(*top, *bottom, stroke_width=0, fill_color=colour, fill_opacity=AREA_OPACITY)

    def _label(self, placer: Placer, mark: Mark, drawing: VMobject) -> Mobject | None:
        """The element's label, placed where it covers nothing."""
        if not mark.label_latex:
            return None
        axes, plan = self.axes, self.plan
        colours = {
            "point": style.TEXT_COLOR,
            "tangent": style.TANGENT_COLOR,
            "vline": style.MUTED_COLOR,
            "hline": style.MUTED_COLOR,
        }
        colour = colours.get(mark.kind) or colour_of(plan.function(mark.function).index)
        label = (
            Tex(mark.label_latex, font_size=style.LABEL_SIZE, color=colour)
            if mark.label_is_text
            else style.label(mark.label_latex, colour)
        )
        if mark.kind in ("vline", "hline"):
            # beside the line, nearest its top (or right) end where that is free
            start, end = self._line_ends(mark)
            anchors = [start + t * (end - start) for t in LINE_SPOTS]
            return _kept_apart(
                placer, style.place_beside_path(placer, label, anchors, buff=LABEL_BUFF)
            )
        if mark.kind == "area":
            # beside whichever point of the region's middle line leaves it freest
            f = plan.function(mark.function).f
            g = plan.function(mark.other).f if mark.other else (lambda _x: 0.0)
            low, high = plan.y_range
            anchors = [
                axes.c2p(x, np.clip((f(x) + g(x)) / 2, low, high))
                for x in np.linspace(mark.start, mark.end, AREA_ANCHORS + 2)[1:-1]
            ]
            return _kept_apart(
                placer, style.place_beside_path(placer, label, anchors, buff=LABEL_BUFF)
            )
        else:
            anchor = axes.c2p(mark.start, mark.height)
        placed = _without_crossing_leader(placer, placer.place(label, anchor, buff=LABEL_BUFF))
        return _kept_apart(placer, placed)

    def _clear_numbers_in_areas(self) -> None:
        """Tick numbers inside a shaded area go: their dark patches would punch holes in it."""
        areas = [
            d for mark, d in zip(self.plan.marks, self.drawings, strict=True) if mark.kind == "area"
        ]
        for axis in self.axes.get_axes():
            for number in list(axis.numbers.submobjects):
                if any(_inside_polygon(number.get_center(), area) for area in areas):
                    axis.numbers.remove(number)

    def _readout(self, mark: Mark, at: ValueTracker) -> VGroup:
        """x = ... and name(x) = ..., live while the dot slides."""
        plan = self.plan
        function = plan.function(mark.function)
        colour = colour_of(function.index)
        x_name = MathTex("x =", font_size=style.LABEL_SIZE, color=style.TEXT_COLOR)
        x_value = LiveNumber(
            at.get_value(), num_decimal_places=plan.x_places, font_size=style.LABEL_SIZE
        )
        f_name = MathTex(f"{function.name}(x) =", font_size=style.LABEL_SIZE, color=colour)
        f_value = LiveNumber(
            function.f(at.get_value()),
            num_decimal_places=plan.y_places,
            font_size=style.LABEL_SIZE,
            color=colour,
        )
        readout = VGroup(x_name, x_value, f_name, f_value)

        def arrange(group: VGroup) -> None:
            x_value.set_value(at.get_value())
            f_value.set_value(function.f(at.get_value()))
            x_value.next_to(x_name, RIGHT, buff=READOUT_PART_BUFF)
            f_name.next_to(x_value, RIGHT, buff=READOUT_GAP)
            f_value.next_to(f_name, RIGHT, buff=READOUT_PART_BUFF)
            if self.readout_y is not None:
                group.set_x(0).set_y(self.readout_y)

        arrange(readout)
        readout.add_updater(arrange)
        return readout

    def _slide(self, mark: Mark, end_dot: Mobject) -> None:
        """A dot slides along its function from `start` to `end`, the readout following."""
        plan = self.plan
        f = plan.function(mark.function).f
        at = ValueTracker(mark.start)
        readout = self._readout(mark, at)
        dot = end_dot.copy().move_to(self.axes.c2p(mark.start, f(mark.start)))
        dot.add_updater(lambda d: d.move_to(self.axes.c2p(at.get_value(), f(at.get_value()))))
        appear = [FadeIn(dot, scale=0.5), FadeIn(readout)]
        if self.readout is not None:
            appear.append(FadeOut(self.readout))
        self.play(*appear, run_time=ELEMENT_TIME)
        run_time = self.step_run_time(SLIDE_TIME)
        self.play(at.animate.set_value(mark.end), run_time=run_time, rate_func=smooth)
        dot.clear_updaters()
        readout.clear_updaters()
        self.readout = readout


def _without_crossing_leader(placer: Placer, placed: Mobject) -> Mobject:
    """A placed label whose leader line would run through a label placed before it keeps no
    leader (it is near its point anyway: the Placer keeps it within reach)."""
    if not isinstance(placed, VGroup) or len(placed) != 2 or not isinstance(placed[1], Line):
        return placed
    label, leader = placed
    segments = picture_of([leader]).ink_segments()
    others = [text.box for text in placer.texts[:-1]]  # the last is the label itself
    if any(ink_inside(segments, box.inset(INK_INSET)) > 0 for box in others):
        placer.inks.pop()  # the leader's ink, added last
        return label
    return placed


def _kept_apart(placer: Placer, placed: Mobject) -> Mobject:
    """Later labels keep LABEL_GAP from this one."""
    points = np.concatenate([m.points for m in placed.family_members_with_points()])
    placer.avoid_box(Box.around(points).inset(-LABEL_GAP), "a label's margin")
    return placed


def _inside_polygon(point: np.ndarray, polygon: Polygon) -> bool:
    """Whether a point lies inside a polygon (ray casting over its corners)."""
    corners = polygon.get_vertices()[:, :2]
    x, y = float(point[0]), float(point[1])
    inside = False
    for (x1, y1), (x2, y2) in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
