"""The numbers a Plot marks: shown values, functions calling each other, slopes, integrals,
tangent ends cut to the window."""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy

from scenes.maths import calculus as calc
from scenes.maths import plot_elements as plot

X = calc.X


@pytest.mark.parametrize(
    ("value", "latex", "written", "spoken", "exact"),
    [
        (sympy.Integer(3), "3", "3", "three", True),
        (sympy.Rational(-5, 2), "-2.5", "-2.5", "minus two point five", True),
        (sympy.Rational(1, 16), "0.0625", "0.0625", "zero point zero six two five", True),
        (sympy.Rational(1, 3), r"\frac{1}{3}", "1/3", "one third", True),
        (sympy.Rational(-28, 3), r"-\frac{28}{3}", "-28/3", "minus twenty eight over three", True),
        (1 / (1 + sympy.exp(-1)), "0.731", "0.731", "zero point seven three one", False),
        (sympy.E - 1, "1.72", "1.72", "one point seven two", False),
        (sympy.Integer(-1234567), "-1230000", "-1230000", None, False),
        (sympy.Rational(1, 10**6), "0", "0", "zero", False),
        (sympy.Rational(17, 1000), "0.017", "0.017", "zero point zero one seven", True),
    ],
)
def test_a_value_is_shown_exact_when_short_else_rounded_and_said_as_shown(
    value: sympy.Expr, latex: str, written: str, spoken: str | None, exact: bool
) -> None:
    shown = plot.shown(value)
    assert (shown.latex, shown.said.written, shown.exact) == (latex, written, exact)
    if spoken is not None:
        assert shown.said.spoken == spoken
    assert shown.value == pytest.approx(float(value))
    assert shown.relation == ("=" if exact else r"\approx")
    assert shown.about == ("" if exact else "about ")


def test_rounding_keeps_three_significant_digits_and_four_places_at_most() -> None:
    assert plot.rounded(math.pi) == 3.14
    assert plot.rounded(-123456.0) == -123000.0
    assert plot.rounded(0.000123456) == 0.0001
    assert plot.rounded(-0.00001) == 0.0


def test_a_readout_value_is_shown_to_its_places() -> None:
    near = plot.shown_to_places(sympy.cos(sympy.Rational(7, 2)), 2)
    assert (near.latex, near.exact, near.said.spoken) == (
        "-0.94",
        False,
        "minus zero point nine four",
    )
    whole = plot.shown_to_places(sympy.Rational(18), 2)
    assert (whole.latex, whole.exact, whole.said.written) == ("18", True, "18")


def test_a_function_calling_an_earlier_one_gets_its_formula() -> None:
    s = sympy.Function("s")(X)
    found = plot.functions_of({"s": 1 / (1 + sympy.exp(-X)), "t": 2 * s - 1})
    assert sympy.simplify(found["t"] - (2 / (1 + sympy.exp(-X)) - 1)) == 0
    assert not found["t"].atoms(sympy.Function("s"))


def test_the_slope_is_sympys_derivative() -> None:
    silu = X / (1 + sympy.exp(-X))
    assert plot.slope_at(silu, 0) == sympy.Rational(1, 2)
    assert plot.slope_at(X**3, 2) == 12


def test_an_integral_is_exact_where_sympy_finds_one() -> None:
    assert plot.integral(X**2, 0, 3) == 9
    assert plot.integral(sympy.exp(X), 0, 1) == sympy.E - 1
    assert plot.integral((X + sympy.Abs(X)) / 2, -1, 2) == 2
    assert plot.integral(X**3 - X, -2, sympy.Rational(3, 2)) == sympy.Rational(-119, 64)


def test_an_integral_without_a_closed_form_is_sympys_numerical_value() -> None:
    silu = X / (1 + sympy.exp(-X))
    value = plot.integral(silu, -1, 2)
    expected = mpmath.quad(lambda t: t / (1 + mpmath.exp(-t)), [-1, 2])
    assert float(value) == pytest.approx(float(expected), rel=1e-9)
    assert not value.has(sympy.Integral)


def test_a_tangent_segment_stops_at_the_window() -> None:
    inside = plot.clipped_segment((0, 0), (1, 1), 1, (-5, 5), (-5, 5))
    assert inside == ((-1, -1), (1, 1))
    at_edge = plot.clipped_segment((2, 3), (1, 4), 1, (-2, 2), (-1.5, 3))
    assert at_edge[1] == (2, 3)  # the point itself, on the corner
    assert at_edge[0] == pytest.approx((1, -1))
    steep = plot.clipped_segment((0, 0), (0.1, 10), 1, (-1, 1), (-2, 2))
    assert steep[0] == pytest.approx((-0.02, -2)) and steep[1] == pytest.approx((0.02, 2))
