"""TaylorSeries: Taylor polynomials of growing degree hugging a function around a point.

The polynomial's formula and its largest error on the interval sit at the top, the graph
below them. Each degree brings its polynomial's curve (the one before is dimmed), its
formula, and the band between f and the polynomial on the error interval, with the
largest gap marked and its size in the readout. The formula is always written in full,
since the voice reads it whole: long ones are broken between terms onto up to
MAX_FORMULA_LINES lines, then shrunk, never cut. The top rows are sized for the longest
formula of the scene, so the graph keeps one place throughout.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
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
    ReplacementTransform,
    VGroup,
    VMobject,
    Write,
    config,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.layout import Box
from scenes.kit.placement import Placer, clear_tick_numbers
from scenes.plans.taylor import Approximation, TaylorPlan

# ---------------------------------------------------------------- the scene

POLYNOMIAL_COLOR = style.HIGHLIGHT_COLOR
ERROR_COLOR = style.ACCENT_COLOR
DIMMED_OPACITY = 0.3
DIMMED_STROKE = 3
BAND_OPACITY = 0.35
ERROR_STROKE = 5
GUIDE_DASH = 0.08
GUIDE_STROKE = 2
AXIS_NUMBERS_CLEARANCE = 0.6  # how far below the x axis its numbers reach, with a gap

# Layout, in frame units.
TOP = config.frame_height / 2 - style.FRAME_MARGIN
GRAPH_WIDTH = 12.0
GRAPH_MAX_HEIGHT = 5.2
GRAPH_BOTTOM = -3.45  # the x axis's numbers sit below it, inside the frame
GRAPH_GAP = 0.35  # between the readout and the graph's top
ROW_BUFF = 0.22  # between the formula's lines, and between the formula and the readout
MAX_FORMULA_LINES = 3
FORMULA_SIZE = style.BODY_SIZE
SMALLEST_SCALE = 0.8  # a formula that would shrink more than this gets another line first
LINE_INDENT = 0.5  # a continued line starts this far right of the first term
LABEL_SAMPLES = tuple(i / 16 for i in range(1, 16))
NUMBER_GAP = 0.12

# Timing, in seconds.
DRAW_TIME = 1.5
STEP_TIME = 1.5


def usable_width() -> float:
    return config.frame_width - 2 * style.FRAME_MARGIN


def formula_block(approximation: Approximation, width: float) -> VGroup:
    """p_n(x) = ..., in full, broken between terms onto the fewest lines (up to
    MAX_FORMULA_LINES) that fit without shrinking below SMALLEST_SCALE, then shrunk to fit."""
    block = VGroup()
    for count in range(1, MAX_FORMULA_LINES + 1):
        block = _broken(approximation.head_latex, approximation.terms_latex, count)
        if block.width * SMALLEST_SCALE <= width:
            break
    return style.shrink_to_width(block, width)


def _joined(terms: tuple[str, ...]) -> str:
    return " ".join(terms)


def _broken(head: str, terms: tuple[str, ...], count: int) -> VGroup:
    """The formula on `count` lines of about equal numbers of terms, later lines indented
    under the first term."""
    per_line = -(-len(terms) // count)
    groups = [terms[i : i + per_line] for i in range(0, len(terms), per_line)]
    first = MathTex(head, _joined(groups[0]), font_size=FORMULA_SIZE, color=POLYNOMIAL_COLOR)
    lines = [first]
    for group in groups[1:]:
        line = MathTex(_joined(group), font_size=FORMULA_SIZE, color=POLYNOMIAL_COLOR)
        line.next_to(lines[-1], DOWN, buff=ROW_BUFF)
        line.align_to(first[1], LEFT).shift(LINE_INDENT * RIGHT)
        lines.append(line)
    return VGroup(*lines)


class TaylorSeries(LectureScene):
    """f, then p_n for each degree with its formula and its error band, then the errors."""

    plan: TaylorPlan

    def setup(self) -> None:
        super().setup()
        plan = self.plan
        width = usable_width()
        self.formulas = [formula_block(each, width) for each in plan.approximations]
        self.readouts = [
            style.shrink_to_width(
                style.label(each.error_readout_latex, ERROR_COLOR, style.BODY_SIZE), width
            )
            for each in plan.approximations
        ]
        tallest = max(block.height for block in self.formulas)
        for block in self.formulas:
            block.set_x(0).align_to([0, TOP, 0], UP)
        readout_top = TOP - tallest - ROW_BUFF
        for readout in self.readouts:
            readout.set_x(0).align_to([0, readout_top, 0], UP)
        readout_bottom = readout_top - max(readout.height for readout in self.readouts)
        self.top_rows = Box(-config.frame_width / 2, readout_bottom, config.frame_width / 2, TOP)
        height = min(GRAPH_MAX_HEIGHT, readout_bottom - GRAPH_GAP - GRAPH_BOTTOM)
        self.axes = style.lecture_axes(
            plan.x_range, plan.y_range, GRAPH_WIDTH, height, plan.x_step, plan.y_step
        )
        self.axes.set_x(0).align_to([0, GRAPH_BOTTOM, 0], DOWN)
        self.function = style.graph_in_window(self.axes, plan.f, plan.x_range, plan.y_range)
        self.curves = [
            style.graph_in_window(
                self.axes, each.p, plan.x_range, plan.y_range, color=POLYNOMIAL_COLOR
            )
            for each in plan.approximations
        ]
        self.bands = [self._band(each) for each in plan.approximations]
        self.gaps = [self._largest_gap(each) for each in plan.approximations]
        self.interval_guides = self._interval_guides()
        self.center_dot = style.point_dot().move_to(self.axes.c2p(plan.center_x, plan.center_y))
        # numbers on their background patches first: the check measures them with the patch
        style.numbers_in_front(self.axes)
        clear_tick_numbers(self.axes, self.function, *self.curves, *self.gaps, self.interval_guides)
        placer = self._placer()
        self.axis_labels = style.axis_labels(placer, self.axes)
        self.function_label = style.label(plan.function_latex, style.FUNCTION_COLOR)
        along = [piece.point_from_proportion(t) for piece in self.function for t in LABEL_SAMPLES]
        style.place_beside_path(self._placer(self.axis_labels), self.function_label, along)

    # ------------------------------------------------------------------ beats

    def plot_the_function(self) -> None:
        self.play(Create(self.axes), FadeIn(self.axis_labels), run_time=DRAW_TIME)
        self.play(Create(self.function), run_time=DRAW_TIME)
        self.play(Write(self.function_label), FadeIn(self.center_dot, scale=0.5))
        self.play(Create(self.interval_guides))
        self.wait(style.SHORT_PAUSE)

    def approximate_by_degree(self) -> None:
        """One step per degree: the polynomial's curve, formula, band and readout; the
        previous curve is dimmed, the formula, band and readout morph into the new degree's
        (copies are shown, so each degree's own pieces stay as built)."""
        shown: list[Mobject] = []
        for index in range(len(self.plan.approximations)):
            curve = self.curves[index]
            pieces = [
                piece.copy()
                for piece in (
                    self.formulas[index],
                    self.bands[index],
                    self.gaps[index],
                    self.readouts[index],
                )
            ]
            formula, band, gap, readout = pieces
            self.begin_step()  # each degree, said as its polynomial appears
            run_time = self.step_run_time(STEP_TIME)
            if not shown:
                self.play(
                    Create(curve), Write(formula), FadeIn(band), Create(gap), run_time=run_time
                )
                self.play(Write(readout))
            else:
                before, old_formula, old_band, old_gap, old_readout = shown
                self.play(
                    before.animate.set_stroke(
                        color=style.MUTED_COLOR, width=DIMMED_STROKE, opacity=DIMMED_OPACITY
                    ),
                    FadeOut(old_gap),
                    run_time=style.SHORT_PAUSE,
                )
                self.play(
                    Create(curve),
                    ReplacementTransform(old_formula, formula),
                    ReplacementTransform(old_band, band),  # the error visibly shrinking
                    ReplacementTransform(old_readout, readout),
                    run_time=run_time,
                )
                self.play(Create(gap), run_time=style.SHORT_PAUSE)
            self.add(self.center_dot)  # the point every polynomial touches stays on top
            shown = [curve, formula, band, gap, readout]
            self.wait(style.SHORT_PAUSE)
        self.shown_formula, self.shown_readout = shown[1], shown[4]

    def compare_the_errors(self) -> None:
        """The formula gives way to every degree's largest error, side by side."""
        plan = self.plan
        entries = " \\qquad ".join(
            rf"p_{{{each.degree}}}:\ {each.error_latex}" for each in plan.approximations
        )
        self.error_row = style.label(
            rf"\max_{{{plan.interval_latex}}} |f - p_n|: \qquad {entries}",
            ERROR_COLOR,
            style.BODY_SIZE,
        )
        style.shrink_to_width(self.error_row, usable_width())
        self.error_row.set_x(0).align_to([0, TOP, 0], UP)
        self.play(FadeOut(self.shown_formula), FadeOut(self.shown_readout))
        self.play(Write(self.error_row))
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ pieces

    def _clipped(self, fn: Callable[[float], float], xs: np.ndarray) -> list[np.ndarray]:
        """Points of a graph in frame coordinates, its heights cut to the window."""
        low, high = self.plan.y_range
        return [self.axes.c2p(float(x), float(np.clip(fn(float(x)), low, high))) for x in xs]

    def _band(self, approximation: Approximation) -> VMobject:
        """The region between f and p_n over the error interval, cut to the window."""
        low, high = self.plan.error_interval
        xs = np.linspace(low, high, style.PLOT_SAMPLES)
        outline = self._clipped(self.plan.f, xs) + self._clipped(approximation.p, xs[::-1])
        return Polygon(*outline, stroke_width=0, fill_color=ERROR_COLOR, fill_opacity=BAND_OPACITY)

    def _largest_gap(self, approximation: Approximation) -> Line:
        """A segment from f to p_n where their gap on the interval is largest."""
        x = approximation.error_at
        top, bottom = self._clipped(self.plan.f, np.array([x])) + self._clipped(
            approximation.p, np.array([x])
        )
        return Line(top, bottom, color=ERROR_COLOR, stroke_width=ERROR_STROKE)

    def _interval_guides(self) -> VGroup:
        """Dashed verticals at the error interval's ends, across the window but broken where
        the x axis's numbers are, so the ends' own tick numbers stay readable."""
        y_low, y_high = self.plan.y_range
        axis_y = self.axes.x_axis.get_y()
        guides = VGroup()
        for x in self.plan.error_interval:
            top, bottom = self.axes.c2p(x, y_high), self.axes.c2p(x, y_low)
            spans = [(top, np.array([top[0], max(axis_y, bottom[1]), 0.0]))]
            below = axis_y - AXIS_NUMBERS_CLEARANCE
            if bottom[1] < below - GUIDE_DASH:
                spans.append((np.array([top[0], below, 0.0]), bottom))
            guides.add(
                *(
                    DashedLine(
                        start,
                        end,
                        dash_length=GUIDE_DASH,
                        color=style.MUTED_COLOR,
                        stroke_width=GUIDE_STROKE,
                    )
                    for start, end in spans
                    if start[1] - end[1] > GUIDE_DASH
                )
            )
        return guides

    def _placer(self, *also: Mobject) -> Placer:
        """A Placer for the graph's labels: the axes, their numbers, every curve to come,
        the interval, and the top rows kept for the formula and the readout."""
        placer = Placer(
            [self.axes, self.function, *self.curves, *self.gaps, self.interval_guides, *also]
        )
        for number in (*self.axes.x_axis.numbers, *self.axes.y_axis.numbers):
            placer.avoid_box(Box.around(number.get_all_points()).inset(-NUMBER_GAP), "a number")
        return placer.avoid_box(self.top_rows.inset(-GRAPH_GAP / 2), "the formula rows")
