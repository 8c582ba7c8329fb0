"""FunctionAndDerivative: a function f and its derivative f' on one graph.

The derivative is drawn by a tangent sliding along f, so its height is visibly the
tangent's slope; then its peak is marked, and the content's identity for f' (when it
gives one) is traced on top of it to show it holds everywhere, with the largest gap
printed as proof. The graph shrinks to leave room for the legend and that readout; tick
numbers a curve or guide runs through are taken off, and the peak's label is placed by
a Placer where it covers nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    Create,
    DashedLine,
    DashedVMobject,
    FadeIn,
    FadeOut,
    Mobject,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    always_redraw,
    config,
    linear,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.placement import Placer, clear_tick_numbers
from scenes.plans.function_graph import FunctionGraphPlan

# ---------------------------------------------------------------- the scene

# Layout, in frame units.
GRAPH_WIDTH = 12.0
GRAPH_HEIGHT = 5.0
GRAPH_BOTTOM = -3.55
LEGEND_TOP = 4.0 - style.FRAME_MARGIN
LEGEND_BUFF = 0.8
READOUT_BUFF = 0.3
TANGENT_LENGTH = 2.2
PEAK_LABEL_BUFF = 0.2
GRAPH_GAP = 0.45  # between the readout (or legend) and the graph's top
PLOT_SAMPLES = 200  # steps across the x range: f' drawn whole and growing is the same curve
SWEEP_SAMPLES = 25  # sliding tangents the tick numbers keep clear of
DASH_COUNT = 60
GUIDE_DASH_LENGTH = 0.08
IDENTITY_STROKE = 4
PEAK_TICK_TOLERANCE = 1e-9

# Timing, in seconds.
DRAW_TIME = 2.0
SWEEP_TIME = 4.0


class FunctionAndDerivative(LectureScene):
    """f, then f' drawn by a sliding tangent, its peak, and the identity lying on f'."""

    plan: FunctionGraphPlan

    def setup(self) -> None:
        super().setup()
        plan = self.plan
        entries = [
            style.legend_entry(plan.function_latex, style.FUNCTION_COLOR),
            style.legend_entry(plan.derivative_latex, style.DERIVATIVE_COLOR),
        ]
        if plan.identity_latex is not None:
            entries.append(style.legend_entry(plan.identity_latex, style.ACCENT_COLOR, dashed=True))
        self.legend = VGroup(*entries).arrange(RIGHT, buff=LEGEND_BUFF)
        style.shrink_to_width(self.legend, config.frame_width - 2 * style.FRAME_MARGIN)
        self.legend.set_x(0).align_to([0, LEGEND_TOP, 0], [0, 1, 0])
        above: Mobject = self.legend
        if plan.residual_latex is not None:
            self.readout = style.label(plan.residual_latex, color=style.ACCENT_COLOR)
            style.shrink_to_width(self.readout, config.frame_width - 2 * style.FRAME_MARGIN)
            self.readout.next_to(self.legend, DOWN, buff=READOUT_BUFF)
            above = self.readout
        # The graph ends below the legend and the readout, lower when they are tall.
        height = min(GRAPH_HEIGHT, above.get_bottom()[1] - GRAPH_GAP - GRAPH_BOTTOM)
        self.axes = style.lecture_axes(
            plan.x_range, plan.y_range, GRAPH_WIDTH, height, plan.x_step, plan.y_step
        )
        self.axes.set_x(0).align_to([0, GRAPH_BOTTOM, 0], DOWN)
        for tick in list(self.axes.y_axis.numbers):
            if abs(tick.get_value() - plan.peak_value) < PEAK_TICK_TOLERANCE:
                self.axes.y_axis.numbers.remove(tick)  # the peak's own label gives this value
        self.function = self.curve(plan.f, style.FUNCTION_COLOR)
        self.derivative = self.curve(plan.df, style.DERIVATIVE_COLOR)
        self.peak_guides = self._peak_guides()
        sweep = VGroup(*(self._tangent_at(x) for x in self._sweep_samples()))
        sweep.add(*(self._dots_at(x) for x in self._sweep_samples()))
        clear_tick_numbers(self.axes, self.function, self.derivative, self.peak_guides, sweep)
        style.numbers_in_front(self.axes)

    # ------------------------------------------------------------------ beats

    def plot_the_function(self) -> None:
        self.play(Create(self.axes), run_time=DRAW_TIME)
        self.play(Create(self.function), FadeIn(self.legend[0]), run_time=DRAW_TIME)
        self.wait(style.PAUSE)

    def plot_its_derivative(self) -> None:
        """A tangent slides along f; the derivative's graph grows under it, as tall as its slope."""
        first, *_, last = self._sweep_samples()  # the tangent stays on the axes
        tracker = ValueTracker(first)

        def at() -> float:
            return tracker.get_value()

        tangent = always_redraw(lambda: self._tangent_at(at()))
        on_curve = always_redraw(lambda: self._dots_at(at())[0])
        on_derivative = always_redraw(lambda: self._dots_at(at())[1])
        growing = always_redraw(lambda: self.derivative_up_to(at()))
        self.add(growing)
        self.play(Create(tangent), FadeIn(on_curve), FadeIn(on_derivative))
        self.play(
            tracker.animate.set_value(last),
            FadeIn(self.legend[1]),
            run_time=SWEEP_TIME,
            rate_func=linear,
        )
        self.remove(growing)
        self.add(self.derivative)
        self.play(FadeOut(tangent), FadeOut(on_curve), FadeOut(on_derivative))
        self.wait(style.PAUSE)

    def mark_the_peak(self) -> None:
        axes, plan = self.axes, self.plan
        peak = axes.c2p(plan.peak_x, plan.peak_value)
        self.peak_dot = style.point_dot().move_to(peak)
        vertical, horizontal = self.peak_guides
        self.peak_label = style.label(plan.peak_latex, color=style.DERIVATIVE_COLOR)
        placer = Placer([axes, self.function, self.derivative, self.peak_guides, self.peak_dot])
        placer.avoid(self.legend)
        if plan.residual_latex is not None:
            placer.avoid(self.readout)
        self.peak_label = placer.place(self.peak_label, peak, buff=PEAK_LABEL_BUFF)
        self.play(Create(vertical), Create(horizontal), FadeIn(self.peak_dot))
        self.play(Write(self.peak_label))
        self.wait(style.PAUSE)

    def trace_the_identity(self) -> None:
        """The content's identity traced over f' (nothing to trace when it gives none)."""
        if self.plan.identity is None:
            return
        self.identity = DashedVMobject(
            self.curve(self.plan.identity, style.ACCENT_COLOR, IDENTITY_STROKE),
            num_dashes=DASH_COUNT,
        )
        self.play(Create(self.identity), FadeIn(self.legend[2]), run_time=DRAW_TIME)
        self.play(Write(self.readout))
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ pieces

    def curve(
        self, fn: Callable[[float], float], color: str, stroke: float = style.CURVE_STROKE
    ) -> VMobject:
        low, high = self.plan.x_range
        step = (high - low) / PLOT_SAMPLES
        return self.axes.plot(fn, x_range=(low, high, step), color=color, stroke_width=stroke)

    def _peak_guides(self) -> VGroup:
        """Dashed lines from the peak down (or up) to the x axis and across to the right edge."""
        axes, plan = self.axes, self.plan
        peak = axes.c2p(plan.peak_x, plan.peak_value)
        vertical = DashedLine(
            axes.c2p(plan.peak_x, 0), peak, dash_length=GUIDE_DASH_LENGTH, color=style.MUTED_COLOR
        )
        horizontal = DashedLine(  # the peak's level, across to the right edge
            peak,
            axes.c2p(plan.x_range[1], plan.peak_value),
            dash_length=GUIDE_DASH_LENGTH,
            color=style.MUTED_COLOR,
        )
        return VGroup(vertical, horizontal)

    def _tangent_at(self, x: float) -> Mobject:
        plan = self.plan
        return style.tangent_segment(self.axes, x, plan.f(x), plan.df(x), TANGENT_LENGTH)

    def _dots_at(self, x: float) -> VGroup:
        """The sliding tangent's point on f and the matching point on f'."""
        plan, axes = self.plan, self.axes
        return VGroup(
            style.point_dot().move_to(axes.c2p(x, plan.f(x))),
            style.point_dot(style.DERIVATIVE_COLOR).move_to(axes.c2p(x, plan.df(x))),
        )

    def _sweep_samples(self) -> list[float]:
        """Where the sliding tangent passes (the ends of its sweep and points between)."""
        low, high = self.plan.x_range
        inset = TANGENT_LENGTH / 2 / self.axes.x_axis.get_unit_size()
        return list(np.linspace(low + inset, high - inset, SWEEP_SAMPLES))

    def derivative_up_to(self, x: float) -> Mobject:
        """The derivative's graph from the left edge to x (nothing yet at the left edge)."""
        low = self.plan.x_range[0]
        if x <= low:
            return VMobject()
        return self.axes.plot(
            self.plan.df,
            x_range=(low, x, (self.plan.x_range[1] - low) / PLOT_SAMPLES),
            color=style.DERIVATIVE_COLOR,
            stroke_width=style.CURVE_STROKE,
        )
