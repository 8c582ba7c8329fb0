"""Secants converging to the tangent: SecantConvergence's plan and schema.

The plan builder computes every number and formula the scene shows from the content
file, with the math core; the schema lists the parameters and beats. No manim here: the
Scene class drawing the plan is scenes/templates/secant.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import sympy

from scenes.content.limits import FINAL_STEP_RANGE
from scenes.content.loader import SceneContent, between
from scenes.content.schema import Kind, Param, SceneCheck, Steps, TemplateSchema
from scenes.maths import calculus as calc
from scenes.maths import refusals
from scenes.maths.plan_values import (
    Curve,
    curve,
    exact,
    function_latex,
    hidden,
    number,
    shown_equation,
    shown_latex,
    tick_step,
    value_range,
)
from scenes.plans import Template

# ---------------------------------------------------------------- the plan

STEP_SCHEDULE_FRAMES = 90
GRAPH_X_TICKS = 5  # at most this many tick steps across the plotted x range
GRAPH_Y_TICKS = 6


MAX_READOUT_PLACES = 6
MAX_QUOTIENT_LATEX = 100  # a longer difference quotient is written with f( ) in the table
MAX_LIMIT_LATEX = 200  # a longer limit is written with f( ) too
MAX_TANGENT_LATEX = 40  # a longer exact tangent is shown as y ≈ m x + b, rounded


@dataclass(frozen=True)
class SecantRowPlan:
    dx: float
    x1: float
    y1: float
    rise: float
    run: float
    slope: float
    slope_exact: str
    dx_text: str
    slope_text: str
    quotient_latex: str
    intercept: float


@dataclass(frozen=True)
class SecantPlan:
    # a step value for sentences that no label writes (maths/descriptions.py leaves it out)
    UNSHOWN_STEP_VALUES: ClassVar[frozenset[str]] = frozenset({"intercept"})

    name: str
    function_latex: str
    x0: float
    y0: float
    x0_latex: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    rows: tuple[SecantRowPlan, ...]
    step_schedule: tuple[float, ...]
    tangent_slope: float
    tangent_intercept: float
    tangent_latex: str
    definition_latex: str
    limit_latex: str
    derivative_latex: str
    y0_latex: str
    tangent_slope_latex: str
    readout_places: int
    p_latex: str
    x_step: float
    y_step: float
    f: Curve = hidden()
    secant_slope: Curve = hidden()

    def step_values(self, beat: str) -> tuple[SecantRowPlan, ...]:
        """TabulateTheSecants is said one secant (one row of the table) at a time."""
        return self.rows if beat == "TabulateTheSecants" else ()


def build_plan(scene: SceneContent) -> SecantPlan:
    p = scene.params
    f, x0 = p["function"], p["x0"]
    x_range, y_range = value_range(p["x_range"]), value_range(p["y_range"])
    seconds = tuple(x0 + step for step in p["step_sizes"])  # each secant's second point
    refusals.require_defined_on_range("function", f, x_range, points=(x0, *seconds))
    refusals.require_derivative("x0", x0, f, {calc.X: x0})
    study = calc.secant_study(f, x0, p["step_sizes"])
    refusals.require_height_in_range("x0", x0, "P = (x0, f(x0))", number(study.tangent.y0), y_range)
    for index, row in enumerate(study.rows):
        refusals.require_height_in_range(
            f"step_sizes[{index}]", row.dx, "the secant's second point", number(row.f_x1), y_range
        )
    rows = tuple(
        SecantRowPlan(
            dx=number(row.dx),
            x1=number(row.x1),
            y1=number(row.f_x1),
            rise=number(row.rise),
            run=number(row.run),
            slope=number(row.slope),
            slope_exact=exact(row.slope),
            dx_text=row.dx_text,
            slope_text=row.slope_text,
            quotient_latex=_quotient_latex(row),
            intercept=number(row.f_x0 - row.slope * row.x0),
        )
        for row in study.rows
    )
    schedule = calc.step_schedule(
        number(p["step_sizes"][0]), number(p["final_step"]), STEP_SCHEDULE_FRAMES
    )
    slope_fn = calc.secant_slope_function(f, x0)
    return SecantPlan(
        name=scene.name,
        function_latex=function_latex("f", f),
        x0=number(x0),
        y0=number(f.subs(calc.X, x0)),
        x0_latex=shown_latex(study.x0)[0],
        x_range=x_range,
        y_range=y_range,
        rows=rows,
        step_schedule=tuple(float(v) for v in schedule),
        tangent_slope=number(study.tangent.slope),
        tangent_intercept=number(study.tangent.intercept),
        tangent_latex=_tangent_latex(study.tangent),
        definition_latex=study.definition_latex,
        limit_latex=_limit_latex(study),
        derivative_latex=shown_equation("f'", study.limit, study.x0),
        y0_latex=shown_latex(study.tangent.y0)[0],
        tangent_slope_latex=_approaching(study.tangent.slope),
        readout_places=_readout_places(number(p["final_step"])),
        p_latex=_point_latex("P", study.x0, study.tangent.y0),
        x_step=tick_step(x_range[1] - x_range[0], GRAPH_X_TICKS),
        y_step=tick_step(y_range[1] - y_range[0], GRAPH_Y_TICKS),
        f=curve(f),
        secant_slope=lambda dx: float(slope_fn(dx)),
    )


def _point_latex(name: str, x: sympy.Expr, y: sympy.Expr) -> str:
    """P = (x, y), or P ≈ (x, y) where a coordinate is rounded to be shown."""
    (x_text, x_exact), (y_text, y_exact) = shown_latex(x), shown_latex(y)
    relation = "=" if x_exact and y_exact else r"\approx"
    return f"{name} {relation} ({x_text}, {y_text})"


def _approaching(value: sympy.Expr) -> str:
    """What the slope readout tends to: '\\to 2', or '\\to\\ \\approx 0.135' when rounded."""
    text, is_exact = shown_latex(value)
    return text if is_exact else rf"\approx {text}"


def _quotient_latex(row: calc.SecantRow) -> str:
    """The row's difference quotient with f's values written out, or as f(x1) - f(x0) over
    the run where writing them out would not fit the table."""
    if len(row.quotient_latex) <= MAX_QUOTIENT_LATEX:
        return row.quotient_latex
    x1, x0 = shown_latex(row.x1)[0], shown_latex(row.x0)[0]
    return rf"\frac{{f({x1}) - f({x0})}}{{{row.dx_text}}}"


def _tangent_latex(tangent: calc.Tangent) -> str:
    """The tangent's equation, exact when short, else with its slope and intercept rounded."""
    if len(tangent.latex) <= MAX_TANGENT_LATEX:
        return tangent.latex
    slope, _ = shown_latex(tangent.slope)
    intercept, _ = shown_latex(abs(tangent.intercept))
    sign = "-" if number(tangent.intercept) < 0 else "+"
    return rf"y \approx {slope} x {sign} {intercept}"


def _limit_latex(study: calc.SecantStudy) -> str:
    """The limit of the difference quotient, its value rounded where the exact one is long."""
    exact_value = calc.number_latex(study.limit)
    shown, is_exact = shown_latex(study.limit)
    relation = "=" if is_exact else r"\approx"
    if len(study.limit_latex) > MAX_LIMIT_LATEX:  # f's values written out would not fit
        x0 = shown_latex(study.x0)[0]
        return (
            rf"\lim_{{\Delta x \to 0}} \frac{{f({x0} + \Delta x) - f({x0})}}{{\Delta x}} "
            f"{relation} {shown}"
        )
    if is_exact or not study.limit_latex.endswith(f"= {exact_value}"):
        return study.limit_latex
    return study.limit_latex.removesuffix(f"= {exact_value}") + rf"\approx {shown}"


def _readout_places(final_step: float) -> int:
    """Decimal places a live Δx readout needs to show the final step (0.001 -> 3)."""
    places = math.ceil(round(-math.log10(final_step), 9))
    return min(MAX_READOUT_PLACES, max(1, places))


# ---------------------------------------------------------------- the template


def _check_steps(scene: SceneCheck) -> None:
    """Every secant's second point is on the plot, and the final step is the smallest."""
    params, raw = scene.params, scene.raw
    x0, (low, high) = params["x0"], params["x_range"]
    steps = params["step_sizes"]
    for index, step in enumerate(steps):
        if not between(x0 + step, low, high):
            raise scene.refuse(
                f"step_sizes[{index}]",
                f"puts x0 + {refusals.formula(step)} = {refusals.formula(x0 + step)} outside "
                f"x_range = {scene.show(raw['x_range'])}",
                raw["step_sizes"][index],
            )
    if not (steps[-1] - params["final_step"]).is_positive:
        raise scene.refuse(
            "final_step",
            f"is not smaller than the last step size, {scene.show(raw['step_sizes'][-1])}",
            raw["final_step"],
        )


SCHEMA = TemplateSchema(
    name="SecantConvergence",
    group="Graphs",
    chapter="From secants to the tangent",
    description="Secant lines of f converge to the tangent at x0, with a table of their slopes.",
    beats=(
        "DrawTheCurve",
        "TabulateTheSecants",
        "ShrinkTheStep",
        "ZoomOnTheTangent",
        "StateTheLimit",
    ),
    example_narration=(
        "What is the slope of this curve at x equals {x0}?",
        "A secant through two points has slope rise over run.",
        "Let the run shrink continuously: the secant's slope slides toward one value.",
        "Up close, the secant and the tangent become one line.",
        "The limit of the difference quotient is the derivative at {x0}: {tangent_slope}, the "
        "slope of the tangent.",
    ),
    params=(
        Param("function", Kind.EXPR_X, "x**2", "the curve f(x)"),
        Param("x0", Kind.NUMBER, 1, "where the tangent touches", inside=("x_range",)),
        Param("step_sizes", Kind.STEP_SIZES, [1, 0.5, 0.25, 0.1], "the tabulated secants' runs"),
        Param(
            "final_step",
            Kind.POSITIVE,
            0.001,
            "the run the continuous shrink ends at",
            limits=FINAL_STEP_RANGE,
        ),
        Param("x_range", Kind.RANGE, [-0.5, 2.5], "the plotted x range"),
        Param("y_range", Kind.RANGE, [-0.5, 4.5], "the plotted y range"),
    ),
    check=_check_steps,
    steps=(
        Steps(
            "TabulateTheSecants",
            "secant",
            "With a run of {dx}, the rise is {rise}, so the slope is {slope}.",
        ),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.secant:SecantConvergence")
