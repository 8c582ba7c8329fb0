"""The cells of a table of values: exact where short, rounded by the number rule otherwise,
said as written, and refused where the formula has no real value."""

from __future__ import annotations

import pytest
import sympy

from scenes.content.expressions import parse_expression
from scenes.maths.table_values import (
    CellError,
    cell,
    split_at_point,
    spoken_text,
    value_at,
    with_helpers,
    written_text,
)

X = sympy.Symbol("x", real=True)
SIGMOID = parse_expression("1/(1 + exp(-x))")


@pytest.mark.parametrize(
    ("value", "latex", "exact"),
    [
        (sympy.Rational(1, 2), "0.5", True),
        (sympy.Rational(-1, 8), "-0.125", True),
        (sympy.Integer(0), "0", True),
        (sympy.Integer(123456), "123456", True),
        (sympy.Integer(1234567), r"1.23 \times 10^{6}", False),
        (sympy.Integer(10**6), "1000000", True),
        (sympy.Integer(2 * 10**6), r"2 \times 10^{6}", False),
        (sympy.Rational(1, 3), "0.333", False),
        (sympy.Rational(1, 1024), "0.000977", False),  # exact, but ten places: rounded
        (sympy.exp(-12), r"6.14 \times 10^{-6}", False),
        (sympy.Integer(10) ** 18, r"1 \times 10^{18}", False),
        (sympy.log(sympy.Rational(1, 3)), "-1.1", False),
    ],
)
def test_a_cell_is_exact_where_short_and_rounded_to_three_digits_otherwise(
    value: sympy.Expr, latex: str, exact: bool
) -> None:
    shown = cell(value)
    assert (shown.latex, shown.exact) == (latex, exact)
    assert shown.value == pytest.approx(float(value))


@pytest.mark.parametrize("at", [-2, -1, 0, 1, 2, sympy.Rational(1, 3), 7])
def test_sigmoid_cells_equal_sympys_values_to_the_digits_shown(at: sympy.Expr) -> None:
    truth = sympy.N(1 / (1 + sympy.exp(-sympy.sympify(at))), 30)
    shown = cell(value_at(SIGMOID, X, sympy.sympify(at)))
    assert float(shown.latex) == pytest.approx(float(truth), rel=5e-3)
    assert shown.value == pytest.approx(float(truth), rel=1e-12)


def test_a_helper_call_is_its_body_and_helpers_may_call_earlier_ones() -> None:
    helpers = {"S": SIGMOID, "D": parse_expression("S(x)*(1 - S(x))", ("x",), ("S",))}
    slope = with_helpers(parse_expression("D(x)", ("x",), ("S", "D")), helpers)
    assert sympy.simplify(slope - sympy.diff(SIGMOID, X)) == 0
    assert cell(value_at(slope, X, sympy.Integer(0))).latex == "0.25"


def test_cancellation_keeps_a_tiny_value_and_a_hidden_zero_is_zero() -> None:
    slope = parse_expression("exp(-x)/(1 + exp(-x))**2")
    assert cell(value_at(slope, X, sympy.Integer(100))).latex == r"3.72 \times 10^{-44}"
    zero = parse_expression("cos(x)**2 + sin(x)**2 - 1")
    assert cell(value_at(zero, X, sympy.Integer(1))).latex == "0"


@pytest.mark.parametrize(
    ("formula", "at", "problem"),
    [
        ("1/x", 0, "is undefined"),
        ("log(x)", 0, "is undefined"),
        ("log(x)", -1, "is not a real number"),
        ("sqrt(x)", -4, "is not a real number"),
    ],
)
def test_no_real_value_is_a_cell_error(formula: str, at: int, problem: str) -> None:
    with pytest.raises(CellError, match=problem):
        value_at(parse_expression(formula), X, sympy.Integer(at))


def test_a_value_past_what_floats_hold_is_refused() -> None:
    with pytest.raises(CellError, match="too large"):
        cell(value_at(parse_expression("exp(x)"), X, sympy.Integer(1000)))


def test_cells_are_said_and_captioned_as_the_screen_writes_them() -> None:
    assert spoken_text("-0.119") == "minus zero point one one nine"
    assert spoken_text("1024") == "one thousand twenty four"
    assert spoken_text(r"6.14 \times 10^{-6}") == "six point one four times ten to the minus six"
    assert written_text(r"6.14 \times 10^{-6}") == "6.14·10^-6"
    assert written_text("0.5") == "0.5"


def test_a_number_splits_where_its_integer_part_ends() -> None:
    assert split_at_point("-0.119") == ("-0", ".119")
    assert split_at_point(r"1 \times 10^{18}") == ("1", r" \times 10^{18}")
    assert split_at_point("12") == ("12", "")
