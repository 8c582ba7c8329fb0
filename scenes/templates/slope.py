"""Slope as rise over run for a straight line.

The graph sits on the left, the algebra on the right. Every number and formula comes
from the plan: change the function or the two points in the content file and the
line, the triangle and the chain of equalities follow. The labels (the line's name, the
two points, Δx and Δy) are placed by a Placer from what is on the graph, and tick numbers
the line or the triangle runs through are taken off.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Mobject,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    config,
    smooth,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.layout import Box
from scenes.kit.live_number import LiveNumber
from scenes.kit.placement import Placer, clear_tick_numbers
from scenes.plans.slope import SlopePlan

# ---------------------------------------------------------------- the scene

# Layout: graph on the left, algebra in a column on the right.
GRAPH_WIDTH = 7.0
GRAPH_HEIGHT = 6.8
GRAPH_LEFT_PAD = 0.3
COLUMN_LEFT = 1.3
CHAIN_BUFF = 0.28
LABEL_BUFF = 0.2
GUIDE_DASH = 0.08
GUIDE_STROKE = 2
LEG_STROKE = 6
READOUT_BUFF = 0.5
SLOPE_PLACES = 2  # the live slope of a curve; a line's integer slope shows none
NUMBER_GAP = 0.12  # the gap labels keep from the axes' numbers
LABEL_FROM_POINTS = 1.2  # the line's name sits along it, away from the two points
PATH_SPOTS = tuple(i / 12 for i in range(1, 12))

# Timing, in seconds.
DRAW_RUN_TIME = 1.5
STEP_RUN_TIME = 1.0
SLIDE_RUN_TIME = 2.0
SLIDE_STOPS = 9  # sampled triangles the line's name and tick numbers keep clear of

# Fixed words of the definition (not lecture values): slope = rise / run.
SLOPE_WORDS = (r"\text{slope}", "=", r"\frac{\text{rise}}{\text{run}}")
SLOPE_NAME = r"\text{slope} ="
RISE_RUN_COLORS = {
    r"\text{rise}": style.RISE_COLOR,
    r"\text{run}": style.RUN_COLOR,
    r"\Delta y": style.RISE_COLOR,
    r"\Delta x": style.RUN_COLOR,
    "y_1 - y_0": style.RISE_COLOR,
    "x_1 - x_0": style.RUN_COLOR,
}


def column_right() -> float:
    return config.frame_width / 2 - style.FRAME_MARGIN


def place_in_column(mobject: Mobject) -> None:
    """Centres a mobject in the right column."""
    mobject.move_to([(COLUMN_LEFT + column_right()) / 2, 0, 0])


def fit_in_column(mobject: Mobject) -> None:
    """Shrinks a formula that would stick out of the right column."""
    width = column_right() - COLUMN_LEFT
    if mobject.width > width:
        mobject.scale_to_fit_width(width)


def _colored(*tex: str, size: int = style.BODY_SIZE) -> MathTex:
    colors = {part: color for part, color in RISE_RUN_COLORS.items() if any(part in t for t in tex)}
    return MathTex(*tex, font_size=size, color=style.TEXT_COLOR, tex_to_color_map=colors)


def equality_chain(steps: tuple[str, ...]) -> VGroup:
    """slope = rise/run = step_1 = ... = step_n, one line per step, '=' signs aligned."""
    lines = [_colored(*SLOPE_WORDS)]
    lines += [_colored("=", step) for step in steps]
    chain = VGroup(*lines).arrange(DOWN, buff=CHAIN_BUFF)
    first_equals = _equals_sign(lines[0])
    for line in lines[1:]:
        line.shift(RIGHT * (first_equals.get_x() - _equals_sign(line).get_x()))
    return chain


def _equals_sign(line: MathTex) -> Mobject:
    return next(part for part in line.submobjects if getattr(part, "tex_string", "") == "=")


class SlopeOfLine(LectureScene):
    """f, two points, the rise/run triangle, and the same slope anywhere on a line."""

    plan: SlopePlan

    def draw_the_line(self) -> None:
        plan = self.plan
        self.axes = style.lecture_axes(
            plan.x_range, plan.y_range, GRAPH_WIDTH, GRAPH_HEIGHT, plan.x_step, plan.y_step
        )
        self.axes.to_edge(LEFT, buff=style.FRAME_MARGIN + GRAPH_LEFT_PAD)
        self.axis_labels = VGroup()
        self.graph = style.graph_in_window(self.axes, plan.f, plan.x_range, plan.y_range)
        corners = [self.axes.c2p(x, y) for x, y in self._corners()]
        self.to_come = VGroup(
            *(self._legs(start) for start in self._slide_stops()),
            self._points(plan.x0),
            *(self._guides(x, y) for x, y in self._corners()[::2]),
        )
        clear_tick_numbers(self.axes, self.graph, self.to_come)
        self.axis_labels = style.axis_labels(self._placer(self.to_come), self.axes)
        self.graph_label = style.label(plan.function_latex, style.FUNCTION_COLOR)
        along = [p for piece in self.graph for p in map(piece.point_from_proportion, PATH_SPOTS)]
        away = [p for p in along if min(np.linalg.norm(p - c) for c in corners) > LABEL_FROM_POINTS]
        placer = self._placer(self.to_come)
        style.place_beside_path(placer, self.graph_label, away or along)

        self.play(Create(self.axes), FadeIn(self.axis_labels), run_time=DRAW_RUN_TIME)
        self.play(Create(self.graph), run_time=DRAW_RUN_TIME)
        self.play(Write(self.graph_label))
        self.wait(style.SHORT_PAUSE)

    def mark_two_points(self) -> None:
        plan = self.plan
        self.points = VGroup(
            *(style.point_dot().move_to(self.axes.c2p(x, y)) for x, y in self._corners()[::2])
        )
        placer = self._placer(self.to_come, self.graph_label)
        # the triangle's labels will sit below the run and beside the rise: keep off them
        self.leg_labels = self._leg_labels(self._legs(plan.x0))
        placer.avoid(self.leg_labels)
        self.point_labels = VGroup(
            *(
                placer.place(style.label(text), dot.get_center(), leader=False)
                for text, dot in zip(
                    (f"({plan.x0_latex}, {plan.y0_latex})", f"({plan.x1_latex}, {plan.y1_latex})"),
                    self.points,
                    strict=True,
                )
            )
        )
        self.guides = VGroup(*(self._guides(x, y) for x, y in self._corners()[::2]))
        for dot, label, guide in zip(self.points, self.point_labels, self.guides, strict=True):
            self.begin_step()  # each point, said as it appears
            self.play(FadeIn(dot, scale=0.5), Create(guide))
            self.play(Write(label))
        self.wait(style.SHORT_PAUSE)

    def rise_over_run(self) -> None:
        plan = self.plan
        self.legs = self._legs(plan.x0)
        for leg, leg_label in zip(self.legs, self.leg_labels, strict=True):
            self.begin_step()  # the run, then the rise, each said as it is drawn
            self.play(Create(leg), FadeIn(leg_label))
        self.wait(style.SHORT_PAUSE)

        self.chain = equality_chain(plan.steps_latex)
        fit_in_column(self.chain)
        place_in_column(self.chain)
        for line in self.chain:
            self.play(Write(line), run_time=STEP_RUN_TIME)
            self.wait(style.SHORT_PAUSE)
        self.result_box = style.result_box(self.chain[-1])
        self.play(Create(self.result_box))
        self.wait(style.PAUSE)

    def slope_is_the_coefficient(self) -> None:
        plan = self.plan
        self.play(FadeOut(self.chain, self.result_box, self.point_labels, self.guides))
        start = ValueTracker(plan.x0)
        readout = self._slope_readout(start)
        line_form = style.formula(plan.line_form_latex)
        fit_in_column(line_form)
        shown = VGroup(line_form, readout) if plan.is_linear else VGroup(readout)
        shown.arrange(DOWN, buff=READOUT_BUFF)
        place_in_column(shown)
        if plan.is_linear:
            self.play(Write(line_form))
        self.play(FadeIn(readout))

        self.remove(*self.legs, *self.points)
        legs = always_redraw(lambda: self._legs(start.get_value()))
        points = always_redraw(lambda: self._points(start.get_value()))
        self.leg_labels.add_updater(lambda labels: self._place_leg_labels(labels, legs))
        self.remove(self.leg_labels)
        self.add(legs, points, self.leg_labels)
        for target in plan.slide_starts:
            self.begin_step()  # each slide, said as the triangle moves; it may take as long
            run_time = self.step_run_time(SLIDE_RUN_TIME)
            self.play(start.animate.set_value(target), run_time=run_time, rate_func=smooth)
            self.wait(style.SHORT_PAUSE)
        self.leg_labels.clear_updaters()
        self.slide_start, self.slope_readout = start, readout
        self.live_legs, self.live_points = legs, points
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ builders

    def _corners(self, start: float | None = None) -> list[tuple[float, float]]:
        """First point, right-angle corner, second point of the rise/run triangle."""
        plan = self.plan
        a = plan.x0 if start is None else start
        b = a + plan.run
        return [(a, plan.f(a)), (b, plan.f(a)), (b, plan.f(b))]

    def _points(self, start: float) -> VGroup:
        return VGroup(
            *(style.point_dot().move_to(self.axes.c2p(x, y)) for x, y in self._corners(start)[::2])
        )

    def _legs(self, start: float) -> VGroup:
        first, corner, second = (self.axes.c2p(x, y) for x, y in self._corners(start))
        return VGroup(
            Line(first, corner, color=style.RUN_COLOR, stroke_width=LEG_STROKE),
            Line(corner, second, color=style.RISE_COLOR, stroke_width=LEG_STROKE),
        )

    def _leg_labels(self, legs: VGroup) -> VGroup:
        labels = VGroup(
            style.label(r"\Delta x", style.RUN_COLOR), style.label(r"\Delta y", style.RISE_COLOR)
        )
        self._place_leg_labels(labels, legs)
        return labels

    def _place_leg_labels(self, labels: VGroup, legs: VGroup) -> None:
        """Δx by the run and Δy by the rise, each on the side away from the line (below the
        run when the line rises, above it when it falls), where the Placer finds room."""
        plan = self.plan
        run_label, rise_label = labels
        run, rise = legs
        placer = self._placer(legs, self._points_of(legs), self.graph_label)
        below, above = (DOWN, DL, DR), (UP, UL, UR)
        right, left = (RIGHT, UR, DR), (LEFT, UL, DL)
        run_side = below + above if plan.rise >= 0 else above + below
        rise_side = right + left if plan.run >= 0 else left + right
        placer.place(run_label, run.get_center(), directions=run_side, leader=False)
        placer.place(rise_label, rise.get_center(), directions=rise_side, leader=False)

    def _points_of(self, legs: VGroup) -> VGroup:
        run, rise = legs
        return VGroup(*(style.point_dot().move_to(p) for p in (run.get_start(), rise.get_end())))

    def _placer(self, *to_come: Mobject) -> Placer:
        """A Placer for the graph's labels: the axes, their numbers (with a gap), the line,
        what is given, and the right column kept for the algebra."""
        placer = Placer([self.axes, self.axis_labels, self.graph, *to_come])
        for number in (*self.axes.x_axis.numbers, *self.axes.y_axis.numbers):
            placer.avoid_box(Box.around(number.get_all_points()).inset(-NUMBER_GAP), "a number")
        column = Box(
            COLUMN_LEFT - LABEL_BUFF,
            -config.frame_height / 2,
            config.frame_width / 2,
            config.frame_height / 2,
        )
        return placer.avoid_box(column, "the right column")

    def _guides(self, x: float, y: float) -> VGroup:
        """Dashed lines from a point to both axes, to read its coordinates."""
        point = self.axes.c2p(x, y)
        return VGroup(
            DashedLine(
                point,
                self.axes.c2p(x, 0),
                dash_length=GUIDE_DASH,
                color=style.MUTED_COLOR,
                stroke_width=GUIDE_STROKE,
            ),
            DashedLine(
                point,
                self.axes.c2p(0, y),
                dash_length=GUIDE_DASH,
                color=style.MUTED_COLOR,
                stroke_width=GUIDE_STROKE,
            ),
        )

    def _slope_readout(self, start: ValueTracker) -> VGroup:
        plan = self.plan
        name = MathTex(SLOPE_NAME, font_size=style.BODY_SIZE, color=style.TEXT_COLOR)
        places = 0 if plan.is_linear and float(plan.slope).is_integer() else SLOPE_PLACES
        value = LiveNumber(
            plan.slope, num_decimal_places=places, font_size=style.BODY_SIZE
        ).next_to(name, RIGHT)
        value.add_updater(
            lambda m: m.set_value(
                plan.slope_between(start.get_value(), start.get_value() + plan.run)
            ).next_to(name, RIGHT)
        )
        return VGroup(name, value)

    def _slide_ends(self) -> tuple[float, float]:
        """Where the sliding triangle turns: within the window, at most SLIDE_RUNS runs away
        (the plan's, so each slide's sentence can name its ends)."""
        return self.plan.slide_ends

    def _slide_stops(self) -> list[float]:
        """Starts of the sliding triangle along its whole slide (for labels to keep off)."""
        low, high = self._slide_ends()
        return [self.plan.x0, *np.linspace(low, high, SLIDE_STOPS)]

    def _slide_range(self) -> tuple[float, float]:
        """The leftmost and rightmost starts that keep the whole triangle inside the window."""
        return self.plan.slide_range
