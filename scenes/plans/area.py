"""Riemann sums converging to the integral: AreaUnderCurve's plan and schema.

The plan builder computes every rectangle, sum and formula the scene shows from the
content file, with the math core (scenes/maths/riemann.py); the schema lists the
parameters and beats. No manim here: the Scene class is scenes/templates/area.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, SceneCheck, Steps, TemplateSchema
from scenes.maths import refusals, riemann
from scenes.maths.decimals import terminates
from scenes.maths.narration_values import SaidValue
from scenes.maths.plan_values import (
    Curve,
    curve,
    function_latex,
    hidden,
    latex,
    number,
    shown_latex,
    tick_step,
    value_range,
)
from scenes.maths.spoken_math import spoken_number
from scenes.plans import PlanRefusal, Template

# ---------------------------------------------------------------- the plan

GRAPH_X_TICKS = 6  # at most this many tick steps across the plotted x range
GRAPH_Y_TICKS = 6
MAX_SAID_DENOMINATOR = 12  # 16/3 is said as a fraction, 4066875/8 (508359.375) by its decimal
MAX_INTEGRAND_LATEX = 40  # a longer f is written f(x) under the integral sign
MAX_FRACTION_WIDTH = 10  # a strip width such as 11/600 or \pi / 32 is written as a fraction
MAX_EXACT_DIGITS = 6  # an exact value with a longer number (4066875/8) is shown rounded
SUM_NAMES = {"left": "L_n", "right": "R_n", "midpoint": "M_n"}
RULE_WORDS = {"left": "left end", "right": "right end", "midpoint": "midpoint"}
SUM_LIMITS = {"left": ("i=0", "n-1"), "right": ("i=1", "n"), "midpoint": ("i=1", "n")}
STEP_OFFSETS = {"left": "i", "right": "i", "midpoint": r"\left(i - \tfrac{1}{2}\right)"}


@dataclass(frozen=True)
class AreaRowPlan:
    """One count: its rectangles, its sum and how the table writes them."""

    n: int
    width: float
    width_latex: str
    total: float
    total_text: str  # as the table writes it, without the approx sign
    total_latex: str  # the table's cell: with \approx where total_text is rounded
    total_is_exact: bool
    error: float  # total minus the integral
    error_text: str
    # (left, right, height) of each rectangle, left to right
    rectangles: tuple[tuple[float, float, float], ...]
    samples: tuple[float, ...]  # where each height is taken

    @property
    def said_total(self) -> SaidValue:
        """The sum as the table writes it: "about 0.3333" where the table rounds it."""
        written, spoken = _said_decimal(self.total_text)
        if self.total_is_exact:
            return SaidValue(written, spoken)
        return SaidValue(f"about {written}", f"about {spoken}")


@dataclass(frozen=True)
class AreaPlan:
    name: str
    function_latex: str
    a: float
    b: float
    a_latex: str
    b_latex: str
    rule: str
    rule_words: SaidValue  # "left end": where each rectangle takes its height
    sum_name: str
    sum_latex: str  # L_n = \sum f(x_i) dx
    points_latex: str  # x_i = a + i dx, dx = (b - a)/n
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_step: float
    y_step: float
    rows: tuple[AreaRowPlan, ...]
    integral_value: float
    integral_is_closed_form: bool  # False: sympy found none; the value is numeric
    integral: SaidValue  # as the last line writes it
    limit_latex: str  # \lim_{n -> oo} L_n = \int_a^b f(x) dx
    value_latex: str  # = 1/3 \approx 0.3333
    f: Curve = hidden()

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """StackTheRectangles is said one count (one row of the table) at a time."""
        if beat != "StackTheRectangles":
            return ()
        return tuple(
            {
                "n": row.n,
                "total": row.said_total,
                "error": row.error,
            }
            for row in self.rows
        )


def build_plan(scene: SceneContent) -> AreaPlan:
    p = scene.params
    f, rule, counts = p["function"], p["rule"], tuple(p["counts"])
    a, b = p["interval"]
    x_range, y_range = value_range(p["x_range"]), value_range(p["y_range"])
    samples = [x for n in counts for x in riemann.sample_points(a, b, n, rule)]
    refusals.require_defined_on_range("function", f, x_range, points=samples)
    try:
        sums = [riemann.riemann_sum(f, a, b, n, rule) for n in counts]
    except ValueError as error:
        raise PlanRefusal(
            "function", f"= {refusals.shown(f)} cannot be summed: {error}", f
        ) from None
    fn = curve(f)
    low, high = riemann.profile(fn, number(a), number(b))
    for where, height in (("lowest", low), ("highest", high)):
        if not y_range[0] <= height <= y_range[1]:
            raise PlanRefusal(
                "y_range",
                f"= {refusals.shown(p['y_range'])} leaves out the {where} point of f over "
                f"the interval, at y = {refusals.rounded(height)}, so part of the area would "
                "be off the picture; widen y_range.",
                p["y_range"],
            )
    integral = riemann.definite_integral(f, a, b)
    rows = tuple(_row(s, integral) for s in sums)
    limit_latex, value_latex = _integral_latex(f, a, b, SUM_NAMES[rule], integral)
    return AreaPlan(
        name=scene.name,
        function_latex=function_latex("f", f),
        a=number(a),
        b=number(b),
        a_latex=_value_latex(a),
        b_latex=_value_latex(b),
        rule=rule,
        rule_words=SaidValue(RULE_WORDS[rule], RULE_WORDS[rule]),
        sum_name=SUM_NAMES[rule],
        sum_latex=_sum_latex(rule),
        points_latex=_points_latex(a, b, rule),
        x_range=x_range,
        y_range=y_range,
        x_step=tick_step(x_range[1] - x_range[0], GRAPH_X_TICKS),
        y_step=tick_step(y_range[1] - y_range[0], GRAPH_Y_TICKS),
        rows=rows,
        integral_value=integral.numeric,
        integral_is_closed_form=integral.exact,
        integral=_said_integral(integral),
        limit_latex=limit_latex,
        value_latex=value_latex,
        f=fn,
    )


def _row(found: riemann.RiemannSum, integral: riemann.DefiniteIntegral) -> AreaRowPlan:
    text, is_exact = riemann.decimal_text(found.value)
    error = found.value - integral.value
    error_text, _ = riemann.decimal_text(error)
    shown = riemann.decimal_latex(text)
    lefts = [number(x) for x in found.lefts]
    width = number(found.width)
    return AreaRowPlan(
        n=found.n,
        width=width,
        width_latex=_width_latex(found.width),
        total=number(found.value),
        total_text=text,
        total_latex=shown if is_exact else rf"\approx {shown}",
        total_is_exact=is_exact,
        error=number(error),
        error_text=error_text,
        rectangles=tuple(
            (left, left + width, height) for left, height in zip(lefts, found.heights, strict=True)
        ),
        samples=tuple(number(x) for x in found.samples),
    )


def _width_latex(width: sympy.Expr) -> str:
    """Δx as the table writes it, on one line: a short decimal (0.25), a fraction (11/24,
    \\pi / 4), else rounded (\\approx 0.4142)."""
    text, is_exact = riemann.decimal_text(width)
    if is_exact:
        return text
    fraction = (
        f"{width.p}/{width.q}"
        if width.is_Rational
        else sympy.latex(width, fold_short_frac=True)
        if shown_latex(width)[1]
        else ""
    )
    if fraction and len(fraction) <= MAX_FRACTION_WIDTH:
        return fraction
    return rf"\approx {riemann.decimal_latex(text)}"


def _said_decimal(text: str) -> tuple[str, str]:
    """A decimal_text as a caption writes it (1.014 × 10^6) and as it is said."""
    if "e" not in text:
        return text, spoken_number(sympy.Float(text))
    mantissa, exponent = text.split("e")
    power = spoken_number(sympy.Integer(int(exponent)))
    return (
        f"{mantissa} × 10^{exponent}",
        f"{spoken_number(sympy.Float(mantissa))} times ten to the {power}",
    )


def _sum_latex(rule: str) -> str:
    low, high = SUM_LIMITS[rule]
    return rf"{SUM_NAMES[rule]} = \sum_{{{low}}}^{{{high}}} f(x_i)\,\Delta x"


def _value_latex(value: sympy.Expr) -> str:
    """An end of the interval as the file most likely wrote it: a short decimal (-1.5), else
    exact where short (\\frac{1}{3}, \\pi), else rounded."""
    text, is_exact = riemann.decimal_text(value)
    return riemann.decimal_latex(text) if is_exact else shown_latex(value)[0]


def _bracketed(value: sympy.Expr) -> str:
    text = _value_latex(value)
    return f"({text})" if number(value) < 0 else text


def _points_latex(a: sympy.Expr, b: sympy.Expr, rule: str) -> str:
    """Where each height is taken and the strips' width, with the interval's numbers."""
    step = STEP_OFFSETS[rule]
    start = "" if a == 0 else f"{_value_latex(a)} + "
    width = _value_latex(b) if a == 0 else f"{_value_latex(b)} - {_bracketed(a)}"
    return rf"x_i = {start}{step}\,\Delta x, \quad \Delta x = \frac{{{width}}}{{n}}"


def _integral_latex(
    f: sympy.Expr,
    a: sympy.Expr,
    b: sympy.Expr,
    sum_name: str,
    integral: riemann.DefiniteIntegral,
) -> tuple[str, str]:
    """The limit of the sums as an integral, and its value: exact where short, with its
    decimal beside it where that is rounded; rounded only, where sympy had no closed form."""
    integrand = latex(f)
    if len(integrand) > MAX_INTEGRAND_LATEX:
        integrand = "f(x)"
    elif f.is_Add:
        integrand = rf"\left({integrand}\right)"
    low, high = _value_latex(a), _value_latex(b)
    limit = rf"\lim_{{n \to \infty}} {sum_name} = \int_{{{low}}}^{{{high}}} {integrand}\,dx"
    decimal, decimal_exact = riemann.decimal_text(integral.value)
    decimal = riemann.decimal_latex(decimal)
    if not integral.exact:
        return limit, rf"\approx {decimal}"
    exact, short = shown_latex(integral.value)
    if not short or any(len(digits) > MAX_EXACT_DIGITS for digits in re.findall(r"\d+", exact)):
        return limit, rf"\approx {decimal}"
    if decimal_exact:
        return limit, f"= {decimal}"
    return limit, rf"= {exact} \approx {decimal}"


def _said_integral(integral: riemann.DefiniteIntegral) -> SaidValue:
    """The integral's value as the last line writes it: a short decimal (2, 0.5), a fraction
    with a small denominator (1/3), else the decimal it shows, said with "about"."""
    value = integral.value
    decimal, decimal_exact = riemann.decimal_text(value)
    if integral.exact and value.is_Rational and decimal_exact:
        return SaidValue(decimal, spoken_number(sympy.Float(decimal)))
    small = value.is_Rational and value.q <= MAX_SAID_DENOMINATOR
    if integral.exact and small and not terminates(int(value.q)):  # 16/3
        return SaidValue(f"{value.p}/{value.q}", spoken_number(value))
    written, spoken = _said_decimal(decimal)
    return SaidValue(f"about {written}", f"about {spoken}")


# ---------------------------------------------------------------- the template


def _check(scene: SceneCheck) -> None:
    """The interval lies in the plot, the x axis is on it, and no count is too large."""
    params, raw = scene.params, scene.raw
    (a, b), (low, high) = params["interval"], params["x_range"]
    if (a - low).is_negative or (high - b).is_negative:
        raise scene.refuse(
            "interval",
            f"does not lie inside x_range = {scene.show(raw['x_range'])}; choose an interval "
            "inside it or widen x_range",
            raw["interval"],
        )
    y_low, y_high = params["y_range"]
    if y_low.is_positive or y_high.is_negative:
        raise scene.refuse(
            "y_range",
            "does not include 0, where the rectangles stand on the x axis; widen it to 0",
            raw["y_range"],
        )
    for index, count in enumerate(params["counts"]):
        if count > riemann.MAX_RECTANGLES:
            raise scene.refuse(
                f"counts[{index}]",
                f"is more than {riemann.MAX_RECTANGLES} rectangles, thinner than the picture "
                f"can draw; use at most {riemann.MAX_RECTANGLES}",
                raw["counts"][index],
            )


SCHEMA = TemplateSchema(
    name="AreaUnderCurve",
    group="Graphs",
    chapter="From rectangles to the integral",
    description="Riemann sums with more and more rectangles converge to the integral of f.",
    beats=("DrawTheCurve", "StackTheRectangles", "TakeTheLimit"),
    example_narration=(
        "How much area lies between this curve and the x axis, from {a} to {b}?",
        "Cut it into strips, and give each rectangle the height of f at its strip's {rule_words}.",
        "As the rectangles get thinner, the sums approach the integral: {integral}.",
    ),
    params=(
        Param("function", Kind.EXPR_X, "x**2", "the curve f(x)"),
        Param("interval", Kind.RANGE, [0, 1], "the interval [a, b] the area spans"),
        Param(
            "rule",
            Kind.CHOICE,
            "left",
            "where each rectangle takes its height",
            choices=riemann.RULES,
        ),
        Param(
            "counts",
            Kind.COUNT_LIST,
            [2, 4, 8, 16],
            f"the numbers of rectangles, one row each (at most {riemann.MAX_RECTANGLES})",
        ),
        Param("x_range", Kind.RANGE, [-0.25, 1.25], "the plotted x range"),
        Param("y_range", Kind.RANGE, [-0.25, 1.25], "the plotted y range"),
    ),
    check=_check,
    steps=(Steps("StackTheRectangles", "count", "With {n} rectangles, the sum is {total}."),),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.area:AreaUnderCurve")
