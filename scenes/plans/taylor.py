"""Taylor polynomials of growing degree around a point: TaylorSeries's plan and schema.

The plan builder computes every coefficient, formula and error the scene shows from the
content file, with the math core (scenes/maths/taylor.py); the schema lists the
parameters and beats. No manim here: the Scene class is scenes/templates/taylor.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, SceneCheck, Steps, TemplateSchema
from scenes.maths import refusals
from scenes.maths import taylor as core
from scenes.maths.calculus import MathError
from scenes.maths.narration_values import SaidValue
from scenes.maths.plan_values import (
    Curve,
    curve,
    function_latex,
    hidden,
    number,
    tick_step,
    value_range,
)
from scenes.plans import PlanRefusal, Template

# ---------------------------------------------------------------- the plan

GRAPH_X_TICKS = 10
GRAPH_Y_TICKS = 6
# The highest degree a scene writes out: past it a polynomial's terms no longer fit the
# frame at a readable size, and 11! already has more digits than a reader takes in.
MAX_DEGREE = 10


@dataclass(frozen=True)
class Approximation:
    """One Taylor polynomial p_n: its formula and its largest error on the interval."""

    degree: int
    polynomial_latex: str  # p_{n}(x) = ... (or \approx where a coefficient is rounded)
    head_latex: str  # its left side and relation: p_{n}(x) =
    terms_latex: tuple[str, ...]  # the right-hand side term by term, signs included
    polynomial: SaidValue  # the right-hand side as the caption writes it and the voice says it
    exact: bool  # every coefficient shown exactly
    error: SaidValue  # the largest error as shown, written and said
    error_latex: str
    error_readout_latex: str  # \max_{[a, b]} |f(x) - p_n(x)| = ...
    largest_error: float = hidden()  # the value itself (not said: error says it as shown)
    error_at: float = hidden()  # where the largest error is reached
    p: Curve = hidden()


@dataclass(frozen=True)
class TaylorPlan:
    name: str
    function_latex: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    center: SaidValue  # as written: 0, 0.5, pi/4
    center_latex: str
    interval: SaidValue  # the error interval: "[-1, 1]", "minus one to one"
    interval_latex: str
    degrees: tuple[int, ...]
    approximations: tuple[Approximation, ...]
    first_degree: int
    last_degree: int
    first_error: SaidValue
    last_error: SaidValue
    trend: SaidValue  # falls, grows or stays: how the largest error changes, first to last
    x_step: float
    y_step: float
    center_x: float = hidden()
    center_y: float = hidden()
    error_interval: tuple[float, float] = hidden()
    f: Curve = hidden()

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """ApproximateByDegree is said one polynomial at a time: its degree, its formula as
        shown, and its largest error on the interval as shown."""
        if beat != "ApproximateByDegree":
            return ()
        return tuple(
            {
                "degree": each.degree,
                "polynomial": each.polynomial,
                "error": each.error,
                "interval": self.interval,
            }
            for each in self.approximations
        )


def build_plan(scene: SceneContent) -> TaylorPlan:
    p = scene.params
    f, center, degrees = p["function"], p["center"], tuple(p["degrees"])
    x_range, y_range = value_range(p["x_range"]), value_range(p["y_range"])
    interval = value_range(p["error_interval"])
    if degrees[-1] > MAX_DEGREE:
        raise PlanRefusal(
            "degrees",
            f"= {refusals.shown(list(degrees))} asks for degree {degrees[-1]}; this scene "
            f"writes polynomials up to degree {MAX_DEGREE}, past which they no longer fit "
            f"the frame readably.",
            list(degrees),
        )
    refusals.require_defined_on_range("function", f, x_range, points=(center,))
    try:
        coefficients = core.coefficients(f, center, degrees[-1])
    except core.NotDifferentiable as missing:
        raise PlanRefusal(
            "center", _not_smooth(f, center, missing.order, degrees[-1]), center
        ) from None
    center_y = number(coefficients[0])
    refusals.require_height_in_range(
        "center", center, "the point (a, f(a)) the polynomials touch", center_y, y_range
    )
    center_written = core.center_text(center)
    approximations = tuple(
        _approximation(f, center, coefficients[: degree + 1], degree, interval, p)
        for degree in degrees
    )
    low, high = (core.center_text(end) for end in p["error_interval"])
    interval_said = SaidValue(
        f"[{low}, {high}]",
        f"{core.center_said(p['error_interval'][0])} to {core.center_said(p['error_interval'][1])}",
    )
    low_latex, high_latex = (core.center_latex(end) for end in p["error_interval"])
    return TaylorPlan(
        name=scene.name,
        function_latex=function_latex("f", f),
        x_range=x_range,
        y_range=y_range,
        center=SaidValue(center_written, core.center_said(center)),
        center_latex=core.center_latex(center),
        center_x=number(center),
        center_y=center_y,
        error_interval=interval,
        interval=interval_said,
        interval_latex=rf"[{low_latex},\, {high_latex}]",
        trend=_trend(approximations[0].largest_error, approximations[-1].largest_error),
        degrees=degrees,
        approximations=approximations,
        first_degree=degrees[0],
        last_degree=degrees[-1],
        first_error=approximations[0].error,
        last_error=approximations[-1].error,
        x_step=tick_step(x_range[1] - x_range[0], GRAPH_X_TICKS),
        y_step=tick_step(y_range[1] - y_range[0], GRAPH_Y_TICKS),
        f=curve(f),
    )


def _trend(first: float, last: float) -> SaidValue:
    word = "falls" if last < first else "grows" if last > first else "stays"
    return SaidValue(word, word)


def _not_smooth(f: sympy.Expr, center: sympy.Expr, order: int, degree: int) -> str:
    """Why no Taylor polynomial of `degree` exists at the centre: f is not defined on both
    sides of it, or its derivative of `order` does not exist there."""
    at = refusals.shown(center)
    if order == 0:
        return (
            f"= {at} cannot be used: {refusals.shown(f)} is not defined and continuous on both "
            f"sides of x = {at}, which a Taylor polynomial needs; choose a centre inside its "
            f"domain."
        )
    ordinal = {1: "first", 2: "second", 3: "third"}.get(order, f"{order}th")
    return (
        f"= {at} cannot be used: {refusals.shown(f)} has no {ordinal} derivative at x = {at}, "
        f"which a Taylor polynomial of degree {degree} needs; choose a centre where it is "
        f"smooth or lower degrees."
    )


def _approximation(
    f: sympy.Expr,
    center: sympy.Expr,
    coefficients: tuple[sympy.Expr, ...],
    degree: int,
    interval: tuple[float, float],
    p: Mapping[str, Any],
) -> Approximation:
    polynomial = core.polynomial(coefficients, center)
    written = core.written(coefficients, center)
    try:
        error = core.largest_error(f, polynomial, interval)
    except MathError:
        raise PlanRefusal(
            "error_interval",
            f"= {refusals.shown(p['error_interval'])} cannot be used: the error of the degree "
            f"{degree} polynomial is not finite there; choose a narrower interval.",
            p["error_interval"],
        ) from None
    shown = (
        core.ShownNumber("0", "0", "zero", True)
        if error.value == 0
        else core.shown_decimal(error.value)
    )
    relation = "=" if written.exact else r"\approx"
    error_relation = "=" if shown.exact else r"\approx"
    low, high = (core.center_latex(end) for end in p["error_interval"])
    return Approximation(
        degree=degree,
        polynomial_latex=f"p_{{{degree}}}(x) {relation} {written.latex}",
        head_latex=f"p_{{{degree}}}(x) {relation}",
        terms_latex=_signed_terms(written),
        polynomial=SaidValue(written.text, written.spoken),
        exact=written.exact,
        error=SaidValue(shown.text, shown.spoken),
        error_latex=shown.latex,
        error_readout_latex=(
            rf"\max_{{[{low},\, {high}]}} \left| f(x) - p_{{{degree}}}(x) \right| "
            rf"{error_relation} {shown.latex}"
        ),
        largest_error=error.value,
        error_at=error.at,
        p=curve(polynomial),
    )


def _signed_terms(written: core.Written) -> tuple[str, ...]:
    """Each term with the sign the sum writes before it (none before a positive first)."""
    if not written.terms:
        return ("0",)
    signed = []
    for index, each in enumerate(written.terms):
        sign = "-" if each.negative else ("" if index == 0 else "+")
        signed.append(f"{sign} {each.latex}".strip())
    return tuple(signed)


# ---------------------------------------------------------------- the template


def _check_error_interval(scene: SceneCheck) -> None:
    """The error interval lies inside the plotted x range (where its band is drawn)."""
    (low, high), (x_low, x_high) = scene.params["error_interval"], scene.params["x_range"]
    if sympy.N(low - x_low) < 0 or sympy.N(high - x_high) > 0:
        raise scene.refuse(
            "error_interval",
            f"lies outside x_range = {scene.show(scene.raw['x_range'])}; the error is "
            f"measured where the graph is drawn",
            scene.raw["error_interval"],
        )


SCHEMA = TemplateSchema(
    name="TaylorSeries",
    group="Graphs",
    chapter="Taylor polynomials",
    description="Taylor polynomials of growing degree around a point, and their error shrinking.",
    beats=("PlotTheFunction", "ApproximateByDegree", "CompareTheErrors"),
    example_narration=(
        "Near x equals {center}, polynomials can imitate this function.",
        "Each degree adds one term of the Taylor series.",
        "From degree {first_degree} to degree {last_degree}, the largest error on the "
        "interval {trend} from {first_error} to {last_error}.",
    ),
    params=(
        Param("function", Kind.EXPR_X, "exp(x)", "the function f(x) to approximate"),
        Param("center", Kind.NUMBER, 0, "the point a the polynomials are built at", ("x_range",)),
        Param(
            "degrees",
            Kind.COUNT_LIST,
            [1, 2, 3, 5],
            f"the degrees shown, one step each (at most {MAX_DEGREE})",
        ),
        Param(
            "error_interval",
            Kind.RANGE,
            [-1, 1],
            "where the largest error |f - p| is measured (inside x_range)",
        ),
        Param("x_range", Kind.RANGE, [-3, 3], "the plotted x range"),
        Param("y_range", Kind.RANGE, [-1, 8], "the plotted y range"),
    ),
    check=_check_error_interval,
    steps=(
        Steps(
            "ApproximateByDegree",
            "degree",
            "The degree {degree} polynomial is {polynomial}; on the interval its largest "
            "error is {error}.",
        ),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.taylor:TaylorSeries")
