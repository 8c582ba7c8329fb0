"""SigmoidGraph: the sigmoid and its derivative on one graph (notes Figure 3).

The derivative is drawn by a tangent sliding along the sigmoid, so its height is
visibly the tangent's slope; then its peak is marked, and S(1 - S) is traced on top
of it to show eq. (8) holds everywhere, with the largest gap printed as proof.
"""

from __future__ import annotations

from collections.abc import Callable

from manim import (
    DOWN,
    RIGHT,
    UR,
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
PEAK_LABEL_SHIFT = 0.3  # away from the sigmoid, which passes just above the peak
DASH_COUNT = 60
GUIDE_DASH_LENGTH = 0.08
IDENTITY_STROKE = 4
PEAK_TICK_TOLERANCE = 1e-9

# Timing, in seconds.
DRAW_TIME = 2.0
SWEEP_TIME = 4.0


class FunctionAndDerivative(LectureScene):
    """S, then S' drawn by a sliding tangent, its peak, and S(1 - S) lying on S'."""

    plan: FunctionGraphPlan

    def setup(self) -> None:
        super().setup()
        plan = self.plan
        self.axes = style.lecture_axes(
            plan.x_range, plan.y_range, GRAPH_WIDTH, GRAPH_HEIGHT, plan.x_step, plan.y_step
        )
        self.axes.set_x(0).align_to([0, GRAPH_BOTTOM, 0], DOWN)
        for tick in list(self.axes.y_axis.numbers):
            if abs(tick.get_value() - plan.peak_value) < PEAK_TICK_TOLERANCE:
                self.axes.y_axis.numbers.remove(tick)  # the peak's own label gives this value
        style.numbers_in_front(self.axes)
        entries = [
            style.legend_entry(plan.function_latex, style.FUNCTION_COLOR),
            style.legend_entry(plan.derivative_latex, style.DERIVATIVE_COLOR),
        ]
        if plan.identity_latex is not None:
            entries.append(style.legend_entry(plan.identity_latex, style.ACCENT_COLOR, dashed=True))
        self.legend = VGroup(*entries).arrange(RIGHT, buff=LEGEND_BUFF)
        style.shrink_to_width(self.legend, config.frame_width - 2 * style.FRAME_MARGIN)
        self.legend.set_x(0).align_to([0, LEGEND_TOP, 0], [0, 1, 0])
        if plan.residual_latex is not None:
            self.readout = style.label(plan.residual_latex, color=style.ACCENT_COLOR)
            style.shrink_to_width(self.readout, config.frame_width - 2 * style.FRAME_MARGIN)
            self.readout.next_to(self.legend, DOWN, buff=READOUT_BUFF)

    # ------------------------------------------------------------------ beats

    def plot_the_function(self) -> None:
        self.sigmoid = self.curve(self.plan.f, style.FUNCTION_COLOR)
        self.play(Create(self.axes), run_time=DRAW_TIME)
        self.play(Create(self.sigmoid), FadeIn(self.legend[0]), run_time=DRAW_TIME)
        self.wait(style.PAUSE)

    def plot_its_derivative(self) -> None:
        """A tangent slides along S; the derivative's graph grows under it, as tall as its slope."""
        axes, plan = self.axes, self.plan
        low, high = plan.x_range
        inset = TANGENT_LENGTH / 2 / axes.x_axis.get_unit_size()  # keeps the tangent on the axes
        tracker = ValueTracker(low + inset)

        def at() -> float:
            return tracker.get_value()

        tangent = always_redraw(
            lambda: style.tangent_segment(axes, at(), plan.f(at()), plan.df(at()), TANGENT_LENGTH)
        )
        on_curve = always_redraw(lambda: style.point_dot().move_to(axes.c2p(at(), plan.f(at()))))
        on_derivative = always_redraw(
            lambda: style.point_dot(style.DERIVATIVE_COLOR).move_to(axes.c2p(at(), plan.df(at())))
        )
        growing = always_redraw(lambda: self.derivative_up_to(at()))
        self.add(growing)
        self.play(Create(tangent), FadeIn(on_curve), FadeIn(on_derivative))
        self.play(
            tracker.animate.set_value(high - inset),
            FadeIn(self.legend[1]),
            run_time=SWEEP_TIME,
            rate_func=linear,
        )
        self.derivative = self.curve(plan.df, style.DERIVATIVE_COLOR)
        self.remove(growing)
        self.add(self.derivative)
        self.play(FadeOut(tangent), FadeOut(on_curve), FadeOut(on_derivative))
        self.wait(style.PAUSE)

    def mark_the_peak(self) -> None:
        axes, plan = self.axes, self.plan
        peak = axes.c2p(plan.peak_x, plan.peak_value)
        self.peak_dot = style.point_dot().move_to(peak)
        vertical = DashedLine(
            axes.c2p(plan.peak_x, 0), peak, dash_length=GUIDE_DASH_LENGTH, color=style.MUTED_COLOR
        )
        horizontal = DashedLine(  # the peak's level, across to the right edge
            peak,
            axes.c2p(plan.x_range[1], plan.peak_value),
            dash_length=GUIDE_DASH_LENGTH,
            color=style.MUTED_COLOR,
        )
        self.peak_label = style.label(plan.peak_latex, color=style.DERIVATIVE_COLOR)
        self.peak_label.next_to(peak, UR, buff=PEAK_LABEL_BUFF).shift(PEAK_LABEL_SHIFT * RIGHT)
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
        return self.axes.plot(fn, x_range=self.plan.x_range, color=color, stroke_width=stroke)

    def derivative_up_to(self, x: float) -> Mobject:
        """The derivative's graph from the left edge to x (nothing yet at the left edge)."""
        low = self.plan.x_range[0]
        if x <= low:
            return VMobject()
        return self.axes.plot(
            self.plan.df,
            x_range=(low, x),
            color=style.DERIVATIVE_COLOR,
            stroke_width=style.CURVE_STROKE,
        )
