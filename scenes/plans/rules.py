"""The derivative rules: DerivativeRules's plan and schema.

The plan builder computes every number and formula the scene shows from the content
file, with the math core; the schema lists the parameters and beats. No manim here: the
Scene class drawing the plan is scenes/templates/rules.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, SceneCheck, Steps, TemplateSchema
from scenes.maths import calculus as calc
from scenes.maths import refusals
from scenes.maths.plan_values import (
    SAMPLES,
    Curve,
    curve,
    hidden,
    latex,
    number,
    tick_step,
    value_range,
)
from scenes.plans import Template

# ---------------------------------------------------------------- the plan

SUM_TERMS = ("power", "linear")  # the sum rule's example is these two examples added


PICTURE_TICKS = 6


PICTURE_PADDING = 0.1
TRIANGLE_FRACTIONS = (0.15, 0.6)  # where along the x range the linear rule's triangles start
UNIT_RUN = 1  # the slope triangle's run, in x units: its rise is then the slope itself


@dataclass(frozen=True)
class RulePlan:
    name: str
    equation: str | None
    latex: str
    example_latex: str
    function_latex: str
    derivative_latex: str
    y_range: tuple[float, float]
    y_step: float
    f: Curve | None = hidden()
    df: Curve | None = hidden()


@dataclass(frozen=True)
class RulesPlan:
    name: str
    x_range: tuple[float, float]
    rules: tuple[RulePlan, ...]
    constant_value: float
    linear_slope: float
    power_point: float
    power_value: float
    power_slope: float
    power_slope_latex: str
    power_intercept: float
    chain_outer_latex: str
    chain_inner_latex: str
    x_step: float
    linear_slope_latex: str
    sum_terms: tuple[str, str]
    chain_latex: str
    chain_outer_prime_latex: str
    chain_inner_prime_latex: str
    triangle_starts: tuple[float, ...]  # where LinearRule's slope triangles start
    unit_run: int
    # each stepped beat's (function, derivative) pairs, in the order the beat shows them
    derivative_steps: Mapping[str, tuple[tuple[sympy.Expr, sympy.Expr], ...]] = hidden()
    # the outer function's derivative with the inner one plugged in: f'(g(x)), as shown
    chain_outer_prime_at_inner: sympy.Expr = hidden()

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """LinearRule is said one slope triangle at a time; SumRule one function at a time
        (the two terms, then their sum), ExponentialRule one exponential at a time (the base
        of the lecture, then e), ChainRule one derivative at a time (the outer function's,
        the inner function's, then the whole function's)."""
        if beat == "LinearRule":
            return tuple(
                {"start": start, "run": self.unit_run, "rise": self.linear_slope}
                for start in self.triangle_starts
            )
        pairs = (self.derivative_steps or {}).get(beat, ())
        steps = [{"function": f, "derivative": df} for f, df in pairs]
        if beat == "ChainRule" and steps:  # the screen shows f'(g(x)): {at_inner} says it
            steps[0]["at_inner"] = self.chain_outer_prime_at_inner
        return tuple(steps)


def build_plan(scene: SceneContent) -> RulesPlan:
    p = scene.params
    by_name = {rule.name: rule for rule in calc.derivative_rules()}
    equations = dict(zip(calc.RULE_NAMES, p["equation_labels"], strict=True))
    constant = p["constant_function"]
    linear = p["linear_function"]
    power = p["power_function"]
    outer, inner = p["chain_outer"], p["chain_inner"]
    outer_prime_at_inner = calc.compose(calc.derivative(outer), inner)
    examples = {
        "constant": constant,
        "linear": linear,
        "sum": power + linear,
        "power": power,
        "exponential": p["exponential_base"] ** calc.X,
        "natural exponential": sympy.exp(calc.X),
        "chain": calc.compose(outer, inner),
    }
    exponentials = (examples["exponential"], examples["natural exponential"])
    drawn = {  # the curves each picture draws, where more than the example itself
        "sum": (examples["sum"], *(examples[term] for term in SUM_TERMS)),
        "exponential": (*exponentials, *(calc.derivative(e) for e in exponentials)),
        "natural exponential": (*exponentials, *(calc.derivative(e) for e in exponentials)),
    }
    x_range = value_range(p["x_range"])
    _require_drawable(p, x_range)
    rules = []
    derivatives = {}
    for rule_name, example in examples.items():
        rule = by_name[rule_name]
        worked = calc.rule_example(rule_name, example)
        derivatives[rule_name] = (example, worked.derivative)
        shown = drawn.get(rule_name, (example,))
        y_low, y_high, y_step = _picture_range(shown, x_range)
        rules.append(
            RulePlan(
                name=rule_name,
                equation=equations[rule_name].strip() or None,
                latex=rule.latex,
                example_latex=worked.latex,
                function_latex=latex(example),
                derivative_latex=calc.lecture_latex(worked.derivative),
                y_range=(y_low, y_high),
                y_step=y_step,
                f=curve(example),
                df=curve(worked.derivative),
            )
        )
    point = p["power_point"]
    slope_at = calc.derivative_at(power, point)
    value_at = power.subs(calc.X, point)
    return RulesPlan(
        name=scene.name,
        x_range=x_range,
        rules=tuple(rules),
        constant_value=number(constant),
        linear_slope=number(calc.derivative(linear)),
        power_point=number(point),
        power_value=number(value_at),
        power_slope=number(slope_at),
        power_slope_latex=f"f'({latex(point)}) = {latex(slope_at)}",
        power_intercept=number(value_at - slope_at * point),
        chain_outer_latex=latex(outer),
        chain_inner_latex=latex(inner),
        x_step=tick_step(x_range[1] - x_range[0], PICTURE_TICKS),
        linear_slope_latex=latex(calc.derivative(linear)),
        sum_terms=SUM_TERMS,
        chain_latex=latex(calc.compose(outer, inner)),
        chain_outer_prime_latex=latex(outer_prime_at_inner),
        chain_inner_prime_latex=latex(calc.derivative(inner)),
        chain_outer_prime_at_inner=outer_prime_at_inner,
        triangle_starts=tuple(
            x_range[0] + fraction * (x_range[1] - x_range[0]) for fraction in TRIANGLE_FRACTIONS
        ),
        unit_run=UNIT_RUN,
        derivative_steps={
            "SumRule": (*(derivatives[term] for term in SUM_TERMS), derivatives["sum"]),
            "ExponentialRule": (derivatives["exponential"], derivatives["natural exponential"]),
            "ChainRule": (
                (outer, calc.derivative(outer)),
                (inner, calc.derivative(inner)),
                derivatives["chain"],
            ),
        },
    )


def _require_drawable(p: Mapping[str, Any], x_range: tuple[float, float]) -> None:
    """Every example the pictures plot, and its derivative, is defined across x_range."""
    inner, outer = p["chain_inner"], p["chain_outer"]
    base = p["exponential_base"]
    plotted = {  # param -> (the curve drawn, what it is called, where the scene marks a point)
        "constant_function": (p["constant_function"], "it", ()),
        "linear_function": (p["linear_function"], "it", ()),
        "power_function": (p["power_function"], "it", (p["power_point"],)),
        "exponential_base": (base**calc.X, f"{refusals.shown(base)}**x", ()),
        "chain_inner": (inner, "it", ()),
        "chain_outer": (calc.compose(outer, inner), "outer(inner(x))", ()),
    }
    for param, (drawn, name, points) in plotted.items():
        value = p[param]
        slope_name = "its derivative" if name == "it" else f"the derivative of {name}"
        for expr, what in ((drawn, name), (calc.derivative(drawn), slope_name)):
            refusals.require_defined_on_range(param, expr, x_range, what, value, points)


def _picture_range(
    shown: tuple[sympy.Expr, ...], x_range: tuple[float, float]
) -> tuple[float, float, float]:
    """A y range (with the x axis in it) and tick step that fit the drawn curves."""
    values = np.concatenate([calc.function_samples(expr, x_range, SAMPLES).f for expr in shown])
    low, high = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    pad = PICTURE_PADDING * (high - low) if high > low else 1.0
    step = tick_step(high - low + 2 * pad, PICTURE_TICKS)
    return (
        math.floor((low - pad) / step) * step,
        math.ceil((high + pad) / step) * step,
        step,
    )


# ---------------------------------------------------------------- the template


def _check_equation_labels(scene: SceneCheck) -> None:
    labels = scene.params["equation_labels"]
    if len(labels) != len(calc.RULE_NAMES):
        raise scene.refuse(
            "equation_labels",
            f"has {len(labels)} labels but must have {len(calc.RULE_NAMES)}, one per rule in "
            f'this order: {", ".join(calc.RULE_NAMES)} ("" for none)',
            scene.raw["equation_labels"],
        )


SCHEMA = TemplateSchema(
    name="DerivativeRules",
    group="Equations",
    chapter="Derivative rules",
    description=(
        "The derivative rules (constant, linear, sum, power, exponential, chain), each as its "
        "identity, a picture and a worked example, with the lecture's own examples and "
        "equation numbers."
    ),
    beats=("ConstantRule", "LinearRule", "SumRule", "PowerRule", "ExponentialRule", "ChainRule"),
    example_narration=(
        "A constant never changes, so its graph is flat and its derivative is zero.",
        "A line rises at the same rate everywhere: its derivative is the coefficient of x.",
        "The derivative of a sum is the sum of the derivatives.",
        "The power rule: bring the exponent down and lower it by one.",
        "An exponential's derivative is itself times the log of its base; for e, that is itself.",
        "For a function inside a function, differentiate the outside, keep the inside, then "
        "multiply by the inside's derivative.",
    ),
    params=(
        Param("constant_function", Kind.EXPR_X, "3", "the constant rule's example"),
        Param("linear_function", Kind.EXPR_X, "2*x + 1", "the linear rule's example"),
        Param("power_function", Kind.EXPR_X, "x**2", "the power rule's example"),
        Param(
            "power_point",
            Kind.NUMBER,
            1,
            "where the power rule's tangent touches",
            inside=("x_range",),
        ),
        Param("exponential_base", Kind.POSITIVE, 2, "the exponential rule's base"),
        Param("chain_outer", Kind.EXPR_X, "exp(x)", "the chain rule's outer function"),
        Param("chain_inner", Kind.EXPR_X, "-x", "the chain rule's inner function"),
        Param("x_range", Kind.RANGE, [-2, 2], "the pictures' x range"),
        Param(
            "equation_labels",
            Kind.TEXT_LIST,
            [""] * len(calc.RULE_NAMES),
            "the equation number beside each rule's identity, in the order "
            f'{", ".join(calc.RULE_NAMES)}; "" shows none',
        ),
    ),
    check=_check_equation_labels,
    steps=(
        Steps(
            "LinearRule",
            "slope triangle",
            "From x equals {start}, a run of {run} gives a rise of {rise}.",
        ),
        Steps("SumRule", "function", "The derivative of {function} is {derivative}."),
        Steps("ExponentialRule", "exponential", "The derivative of {function} is {derivative}."),
        Steps("ChainRule", "derivative", "The derivative of {function} is {derivative}."),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.rules:DerivativeRules")
