"""SigmoidGraph: the sigmoid and its derivative on one graph (notes Figure 3).

The derivative is drawn by a tangent sliding along the sigmoid, so its height is
visibly the tangent's slope; then its peak is marked, and S(1 - S) is traced on top
of it to show eq. (8) holds everywhere, with the largest gap printed as proof.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
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

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, TemplateSchema
from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.maths import calculus as calc
from scenes.maths import drawable, refusals
from scenes.maths.plan_values import (
    SAMPLES,
    Curve,
    curve,
    function_latex,
    hidden,
    latex,
    number,
    tick_step,
    value_range,
)
from scenes.templates import PlanRefusal, Template

# ---------------------------------------------------------------- the plan


GRAPH_X_TICKS = 12
GRAPH_Y_TICKS = 6
IDENTITY_TOLERANCE = 1e-9  # how closely the identity must trace f' on the plotted range


@dataclass(frozen=True)
class FunctionGraphPlan:
    name: str
    function_latex: str
    derivative_latex: str
    identity_latex: str | None  # None: the content gives no identity to trace
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    peak_x: float
    peak_value: float
    peak_latex: str
    identity_residual: float | None
    residual_latex: str | None
    x_step: float
    y_step: float
    f: Curve = hidden()
    df: Curve = hidden()
    identity: Curve | None = hidden()


def build_plan(scene: SceneContent) -> FunctionGraphPlan:
    p = scene.params
    name, f = p["name"], p["function"]
    df = calc.derivative(f)
    x_range = value_range(p["x_range"])
    refusals.require_defined_on_range("function", f, x_range)
    refusals.require_defined_on_range("function", df, x_range, "its derivative", f)
    peak = calc.derivative_peak(f, p["x_range"])
    y_range = value_range(p["y_range"])
    if not drawable.inside(number(peak.value), y_range):
        raise PlanRefusal(
            "y_range",
            f"= {refusals.shown(p['y_range'])} leaves out the peak of {name}' at "
            f"y = {number(peak.value):.4g}, which the scene marks; widen y_range.",
            p["y_range"],
        )
    identity_latex = residual_latex = residual = identity_curve = None
    if p["identity"]:
        written = p["identity"][-1]
        identity = written.subs(sympy.Function(name)(calc.X), f)
        residual = calc.identity_residual(f, identity, calc.function_samples(f, x_range, SAMPLES))
        if not residual <= IDENTITY_TOLERANCE:
            raise PlanRefusal(
                "identity",
                f"does not trace {name}'(x): it differs from it by up to {residual:.3g} on x_range",
                p["identity"],
            )
        identity_latex = sympy.latex(written, order="none")
        subtracted = rf"\left({identity_latex}\right)" if written.is_Add else identity_latex
        residual_latex = (
            rf"\max_x \left| {name}'(x) - {subtracted} \right| = "
            f"{_scientific_latex(residual)}"
        )
        identity_curve = curve(identity)
    return FunctionGraphPlan(
        name=scene.name,
        function_latex=function_latex(name, f),
        derivative_latex=f"{name}'(x)",
        identity_latex=identity_latex,
        x_range=x_range,
        y_range=y_range,
        peak_x=number(peak.x),
        peak_value=number(peak.value),
        peak_latex=f"{name}'({latex(peak.x)}) = {latex(peak.value)}",
        identity_residual=residual,
        residual_latex=residual_latex,
        x_step=tick_step(x_range[1] - x_range[0], GRAPH_X_TICKS),
        y_step=tick_step(y_range[1] - y_range[0], GRAPH_Y_TICKS),
        f=curve(f),
        df=curve(df),
        identity=identity_curve,
    )


def _scientific_latex(value: float) -> str:
    """0, or a small residual as m \\times 10^{e}."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.1e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


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

    def plot_the_sigmoid(self) -> None:
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

    def trace_s_times_one_minus_s(self) -> None:
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


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="FunctionAndDerivative",
    chapter="A function and its derivative",
    description="f and f' on one graph, the peak of f' marked, an identity tracing f'.",
    aliases=("SigmoidGraph",),
    beats=("PlotTheSigmoid", "PlotItsDerivative", "MarkThePeak", "TraceSTimesOneMinusS"),
    example_narration=(
        "The sigmoid squashes every input into the range zero to one.",
        "Its derivative is largest where the sigmoid is steepest.",
        "At x equals zero the derivative peaks at one quarter.",
        "And S times one minus S traces the derivative exactly.",
    ),
    params=(
        Param("name", Kind.NAME, "S", "the function's one-letter name"),
        Param("function", Kind.EXPR_X, "1/(1 + exp(-x))", "the function f(x)"),
        Param(
            "identity",
            Kind.EXPR_LIST,
            ["S(x) * (1 - S(x))"],
            "f' written with name(x), traced over f' (checked equal to it); [] to leave it out",
        ),
        Param("x_range", Kind.RANGE, [-6, 6], "the plotted x range"),
        Param("y_range", Kind.RANGE, [-0.25, 1.25], "the plotted y range"),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, FunctionAndDerivative)
