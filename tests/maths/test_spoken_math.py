"""Numbers and expressions as a teacher says them, for values a plan hands the voice."""

from __future__ import annotations

import pytest
import sympy

from scenes.content.expressions import parse_expression
from scenes.content.spoken import unspeakable_part
from scenes.maths.spoken_math import spoken_expression, spoken_integer, spoken_number

x = sympy.Symbol("x")
S = sympy.Function("S")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (0, "zero"),
        (-2, "minus two"),
        (13, "thirteen"),
        (105, "one hundred five"),
        (2024, "two thousand twenty four"),
        (1_000_000, "one million"),
    ],
)
def test_integers(value: int, said: str) -> None:
    assert spoken_integer(value) == said


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (sympy.Rational(1, 4), "one quarter"),
        (sympy.Rational(2, 3), "two thirds"),
        (sympy.Rational(-1, 2), "minus one half"),
        (sympy.Rational(19, 4), "four point seven five"),
        (sympy.Rational(61, 16), "three point eight one two five"),
        (sympy.Rational(7, 3), "seven over three"),
        (2.25, "two point two five"),
        (0.25, "zero point two five"),
        (1 / 3, "one third"),
        (3.31, "three point three one"),
        (1.0998393, "one point zero nine nine eight"),
        (sympy.sqrt(2), "the square root of two"),
        (sympy.E - 1, "e minus one"),
    ],
)
def test_numbers(value: object, said: str) -> None:
    assert spoken_number(value) == said


@pytest.mark.parametrize(
    ("expr", "said"),
    [
        (x**2, "x squared"),
        (x**3 - 2 * x, "x cubed minus two x"),
        (1 / (1 + sympy.exp(-x)), "one over one plus e to the minus x"),
        (
            sympy.Function("S")(x) * (1 - sympy.Function("S")(x)),
            "S of x times the quantity one minus S of x",
        ),
        (sympy.log(1 + sympy.exp(-x)), "the log of one plus e to the minus x"),
        (2 * x + 1, "two x plus one"),
        (sympy.sqrt(x), "the square root of x"),
    ],
)
def test_expressions(expr: sympy.Expr, said: str) -> None:
    assert spoken_expression(expr) == said


@pytest.mark.parametrize("value", [sympy.Rational(3, 8), -0.0625, 12345.678, x**4 / (x + 1)])
def test_every_reading_is_speakable_narration(value: object) -> None:
    said = (
        spoken_number(value)
        if not isinstance(value, sympy.Expr) or value.is_number
        else spoken_expression(value)
    )
    assert unspeakable_part(said) is None, said


def test_a_negative_exponent_of_e_stays_in_the_numerator() -> None:
    x = sympy.Symbol("x")
    said = spoken_expression(sympy.exp(-x) / (1 + sympy.exp(-x)) ** 2)
    assert said == "e to the minus x over the quantity one plus e to the minus x, squared"


def test_an_unevaluated_product_of_numbers_says_every_factor() -> None:
    def said(text: str) -> str:
        return spoken_expression(parse_expression(text, ("x",), evaluate=False))

    assert said("2*3 - 4/2") == "two times three minus four over two"
    assert said("2*3*x") == "two times three times x"
    assert said("2*x") == "two x"


def test_an_absolute_value_is_said_in_words() -> None:
    x = sympy.Symbol("x", real=True)
    assert spoken_expression(sympy.Abs(x)) == "the absolute value of x"
