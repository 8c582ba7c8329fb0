"""A function and its derivative on one graph: FunctionAndDerivative's plan and schema.

The plan builder computes every number and formula the scene shows from the content
file, with the math core; the schema lists the parameters and beats. No manim here: the
Scene class drawing the plan is scenes/templates/function_graph.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, TemplateSchema
from scenes.maths import calculus as calc
from scenes.maths import drawable, refusals
from scenes.maths.plan_values import (
    SAMPLES,
    Curve,
    curve,
    function_latex,
    hidden,
    number,
    shown_equation,
    tick_step,
    value_range,
)
from scenes.plans import PlanRefusal, Template

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
        refusals.require_defined_on_range(
            "identity", identity, x_range, "the identity", p["identity"]
        )
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
        peak_latex=shown_equation(f"{name}'", peak.value, peak.x),
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


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="FunctionAndDerivative",
    group="Graphs",
    chapter="A function and its derivative",
    description="f and f' on one graph, the peak of f' marked, an identity tracing f'.",
    aliases=("SigmoidGraph",),
    beats=("PlotTheFunction", "PlotItsDerivative", "MarkThePeak", "TraceTheIdentity"),
    renamed_beats=(
        ("PlotTheSigmoid", "PlotTheFunction"),
        ("TraceSTimesOneMinusS", "TraceTheIdentity"),
    ),
    example_narration=(
        "Here is the function we study.",
        "Its derivative is largest where the function is steepest.",
        "The derivative peaks at x equals {peak_x}.",
        "And the identity traces the derivative exactly.",
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

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.function_graph:FunctionAndDerivative")
