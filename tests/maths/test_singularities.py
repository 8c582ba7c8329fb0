"""Functions undefined between the samples, or too large for a float, are refused by every
template that plots or evaluates them, in one sentence with every number rounded."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import sympy
from content_files import plan_refusal

from scenes.content.expressions import parse_expression
from scenes.maths import drawable
from scenes.maths.refusals import formula, rounded, rounded_text, shown

X = sympy.Symbol("x", real=True)


def line(text: str) -> sympy.Expr:
    return parse_expression(text, ("x",))


def surface(text: str) -> sympy.Expr:
    return parse_expression(text, ("x", "y"))


# ---------------------------------------------------------------- finding them


@pytest.mark.parametrize(
    ("text", "x_range", "at"),
    [
        ("sin(1/x)", (-0.5, 3), 0.0),  # 0 lies between two samples
        ("1/(x - 1e-300)", (-0.5, 3), 1e-300),  # found exactly, not at the nearest sample
        ("1/(x - 1.5)**2", (-0.5, 3), 1.5),  # touches 0 without changing sign
        ("1/(exp(x) - 2)", (0.1, 1.4), 0.6931471805599453),  # not a polynomial: bisected
        ("1/(exp(x) - 1 - x)", (-0.5, 2.5), 0.0),  # not a polynomial, touching 0
        ("log(abs(x - 0.7))", (0.1, 1.4), 0.7),
        ("exp(-1/x**2)", (-0.5, 2.5), 0.0),
        ("tan(x)", (-0.5, 2.5), 1.5707963267948966),
        ("sin(x)/x", (-0.5, 2.5), 0.0),  # undefined at 0 as written
        ("(x**2 - 1)/(x - 1)", (0.1, 1.4), 1.0),
    ],
)
def test_a_singularity_between_samples_is_found(
    text: str, x_range: tuple[float, float], at: float
) -> None:
    found = drawable.undrawable_on_range(line(text), x_range)
    assert found is not None and not found.overflows
    assert found.at[0] == pytest.approx(at, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    "text",
    [
        "1/(1 + exp(-x))",
        "tanh(x)",
        "log(1 + exp(x))",
        "1/(1 + x**2)",
        "1/(x**2 + 1e-20)",  # large at 0, but defined
        "1/(sin(100*x) + 1.0000001)",  # close to 0 often, never 0
        "x**x",  # 0**0 is 1: a variable power of 0 is undefined only when negative
        "abs(x)",
    ],
)
def test_functions_defined_on_the_range_are_not_refused(text: str) -> None:
    assert drawable.undrawable_on_range(line(text), (0, 2.5)) is None


def test_the_points_a_scene_evaluates_one_at_a_time_are_checked() -> None:
    found = drawable.undrawable_on_range(line("sqrt(x - 1)"), (1, 2), points=[0.5])
    assert found is None  # 0.5 lies outside the range: not the scene's business
    assert drawable._exact_points(-1.5, 2.5, [0.25]) == [-1.5, -1, 0, 0.25, 1, 2, 2.5]


def test_overflow_is_told_apart_from_undefined() -> None:
    found = drawable.undrawable_on_range(line("exp(exp(exp(x)))"), (-0.5, 3))
    assert found is not None and found.overflows
    assert 1.8 < found.at[0] < 1.9
    pole = drawable.undrawable_on_range(line("1/(x - 1.5)"), (-0.5, 3))
    assert pole is not None and not pole.overflows


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("x**2 + y**2 + 1/(x - 0.001)", (0.001, None)),  # between two grid lines
        ("1/((x - 0.001)**2 + (y - 0.0013)**2)", (0.001, 0.0013)),  # touches 0 at one point
        ("log(x**2 + y**2)", (0.0, 0.0)),
        ("exp(-1/(x**2 + y**2))", (0.0, 0.0)),
    ],
)
def test_a_surface_singularity_between_grid_points_is_found(
    text: str, at: tuple[float, float | None]
) -> None:
    found = drawable.undrawable_on_box(surface(text), (-2, 2), (-2.1, 1.9))
    assert found is not None and not found.overflows
    assert found.at[0] == pytest.approx(at[0], abs=1e-9)
    if at[1] is not None:
        assert found.at[1] == pytest.approx(at[1], abs=1e-6)


@pytest.mark.parametrize(
    "text", ["x**2 + y**2", "log(x**2 + y**2 + 1)", "1/(sin(x) + cos(y) + 2)", "cos(3*x) + y**2"]
)
def test_smooth_surfaces_pass(text: str) -> None:
    assert drawable.undrawable_on_box(surface(text), (-2, 2), (-2, 2)) is None


def test_the_search_is_quick_for_a_long_formula() -> None:
    text = " + ".join(f"1/(sin({k}*x) + 2)" for k in range(1, 16))
    started = time.monotonic()
    assert drawable.undrawable_on_range(line(text), (-6, 6)) is None
    assert time.monotonic() - started < 2


# ---------------------------------------------------------------- rounded numbers


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e-300, "1e-300"),
        (1e308, "1e+308"),
        (sympy.Rational(1, 10**300), "1e-300"),
        (sympy.Integer(10) ** 400, "1e+400"),
        (sympy.Rational(1, 10**400), "1e-400"),
        (sympy.Rational(1, 3), "0.3333"),
        (0.5, "0.5"),
        (2.2, "2.2"),
    ],
)
def test_numbers_are_rounded_to_four_digits(value: Any, text: str) -> None:
    assert rounded(value) == text


def test_formulas_keep_short_numbers_and_round_long_ones() -> None:
    assert formula(1 / (X - sympy.Rational(1, 10**300))) == "1/(x - 1e-300)"
    assert formula(X + sympy.Rational(1, 3)) == "x + 1/3"
    assert shown(X + sympy.Integer(10) ** 20) == '"x + 1e+20"'
    assert shown(sympy.pi / 4) == "pi/4"


def test_long_numbers_in_a_sentence_are_rounded() -> None:
    sentence = f"f(x) = 1/(x - 1/1{'0' * 300}) at x0 = 123456789012345678, 0.5 and 3/4."
    assert rounded_text(sentence) == "f(x) = 1/(x - 1e-300) at x0 = 1.235e+17, 0.5 and 3/4."


# ---------------------------------------------------------------- every template refuses

CASES = [
    ("SlopeOfLine", {"function": "sin(1/x)"}, "function", "x = 0, inside x_range = [-0.5, 3]"),
    ("SlopeOfLine", {"function": "1/(x - 1e-300)"}, "function", "x = 1e-300"),
    (
        "SecantConvergence",
        {"function": "sin(1/x)", "y_range": [-2, 2]},
        "function",
        "x = 0, inside x_range = [-0.5, 2.5]",
    ),
    ("FunctionAndDerivative", {"function": "sin(1/x)", "identity": []}, "function", "x = 0"),
    (
        "FunctionAndDerivative",
        {"function": "x**2", "identity": ["2*x + 1/(x - 0.123)"], "y_range": [-1, 13]},
        "identity",
        "the identity is undefined or not real at x = 0.123",
    ),
    ("DerivativeRules", {"power_function": "1/x"}, "power_function", "x = 0"),
    ("DerivativeRules", {"chain_inner": "1/x"}, "chain_inner", "x = 0"),
    (
        "DerivativeRules",
        {"chain_outer": "sin(1/x)", "chain_inner": "x - 1e-3"},
        "chain_outer",
        "outer(inner(x)) is undefined or not real at x = 0.001",
    ),
    (
        "GradientSurface",
        {"surface": "x**2 + y**2 + 1/(x - 0.001)"},
        "surface",
        "(x, y) = (0.001, ",
    ),
    (
        "GradientDescentBall",
        {"surface": "x**2 + y**2 + 1/(x - 0.001)"},
        "surface",
        "(x, y) = (0.001, ",
    ),
    (
        "SlopeOfLine",
        {"function": "exp(exp(exp(x)))"},
        "function",
        '= "exp(exp(exp(x)))" cannot be drawn: it overflows (is too large to draw) at x = 1.889',
    ),
    (
        "GradientSurface",
        {"surface": "exp(exp(exp(x + y)))", "point": [0, 0]},
        "surface",
        "it overflows (is too large to draw) at (x, y) = (",
    ),
]


@pytest.mark.parametrize(("template", "params", "param", "expected"), CASES)
def test_every_template_refuses_a_function_it_cannot_draw(
    tmp_path: Path, template: str, params: dict[str, Any], param: str, expected: str
) -> None:
    message = plan_refusal(tmp_path, template, params, param)
    assert expected in message
    assert not re.search(r"\d{13,}", message)
