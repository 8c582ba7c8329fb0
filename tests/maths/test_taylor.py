"""The Taylor core: coefficients as sympy's series gives them, polynomials written as a
lecturer writes them (and said as written), the largest error, refusals where f is not
smooth enough."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from scenes.maths import taylor
from scenes.maths.calculus import X


@pytest.mark.parametrize(
    ("f", "center", "degree"),
    [
        (sympy.exp(X), sympy.Integer(0), 6),
        (sympy.sin(X), sympy.Integer(1), 5),
        (sympy.log(1 + X), sympy.Rational(-1, 2), 4),
        (sympy.cos(X), sympy.pi / 4, 3),
    ],
)
def test_the_polynomial_is_sympys_series(f: sympy.Expr, center: sympy.Expr, degree: int) -> None:
    coefficients = taylor.coefficients(f, center, degree)
    expected = sympy.series(f, X, center, degree + 1).removeO()
    assert sympy.simplify(taylor.polynomial(coefficients, center) - expected) == 0
    assert len(coefficients) == degree + 1


def test_exp_at_zero_is_written_as_a_lecturer_writes_it() -> None:
    written = taylor.written(taylor.coefficients(sympy.exp(X), 0, 3), sympy.Integer(0))
    assert written.latex == r"1 + x + \frac{x^{2}}{2} + \frac{x^{3}}{6}"
    assert written.text == "1 + x + x^2/2 + x^3/6"
    assert written.spoken == "one plus x plus x squared over two plus x cubed over six"
    assert written.exact


def test_around_another_point_the_powers_are_of_x_minus_a() -> None:
    coefficients = taylor.coefficients(sympy.exp(X), 1, 2)
    written = taylor.written(coefficients, sympy.Integer(1))
    assert written.latex == r"e + e \left(x - 1\right) + \frac{e}{2} \left(x - 1\right)^{2}"
    shifted = taylor.written(taylor.coefficients(X**3, -2, 3), sympy.Integer(-2))
    assert shifted.latex == (
        r"-8 + 12 \left(x + 2\right) - 6 \left(x + 2\right)^{2} + \left(x + 2\right)^{3}"
    )
    # an integer coefficient is said as written, not multiplied out (6 (x - 1), not 6 x - 6)
    assert "twelve times the quantity x plus two" in shifted.spoken


def test_coefficients_without_a_short_exact_form_are_rounded_all_alike() -> None:
    written = taylor.written(taylor.coefficients(sympy.sin(X), 1, 2), sympy.Integer(1))
    assert written.latex == (r"0.841 + 0.54\, \left(x - 1\right) - 0.421\, \left(x - 1\right)^{2}")
    assert not written.exact
    assert written.spoken.startswith("zero point eight four one plus zero point five four times")


def test_zero_terms_are_left_out_and_signs_written_once() -> None:
    written = taylor.written(taylor.coefficients(sympy.cos(X), 0, 4), sympy.Integer(0))
    assert written.latex == r"1 - \frac{x^{2}}{2} + \frac{x^{4}}{24}"
    assert [t.power for t in written.terms] == [0, 2, 4]
    assert taylor.written((sympy.Integer(0),), sympy.Integer(0)).latex == "0"


def test_the_largest_error_is_sampled_with_the_ends() -> None:
    coefficients = taylor.coefficients(sympy.exp(X), 0, 1)
    error = taylor.largest_error(sympy.exp(X), taylor.polynomial(coefficients, 0), (-1.0, 1.0))
    assert error.value == pytest.approx(np.e - 2)  # at x = 1, an end
    assert error.at == 1.0
    exact = taylor.largest_error(X**2 + 1, X**2 + 1, (-3.0, 2.0))
    assert exact.value == 0


def test_the_error_shrinks_with_the_degree_near_the_centre() -> None:
    errors = [
        taylor.largest_error(
            sympy.sin(X), taylor.polynomial(taylor.coefficients(sympy.sin(X), 0, n), 0), (-1, 1)
        ).value
        for n in (1, 3, 5, 7)
    ]
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < 1 / 362880 * 1.01  # the next term, x^9/9!, bounds it at x = 1


@pytest.mark.parametrize(
    ("f", "center", "degree", "order"),
    [
        (sympy.Abs(X), 0, 2, 1),  # a kink
        (sympy.Abs(X) ** 3, 0, 4, 3),  # smooth up to the second derivative
        (sympy.sqrt(X), 0, 1, 0),  # undefined left of the centre
        (sympy.sign(X), 0, 1, 0),  # a jump
    ],
)
def test_a_function_not_smooth_enough_at_the_centre_is_refused(
    f: sympy.Expr, center: int, degree: int, order: int
) -> None:
    with pytest.raises(taylor.NotDifferentiable) as refused:
        taylor.coefficients(f, sympy.Integer(center), degree)
    assert refused.value.order == order


def test_smooth_enough_is_enough() -> None:
    assert taylor.coefficients(sympy.Abs(X) ** 3, sympy.Integer(0), 2) == (0, 0, 0)
    assert taylor.coefficients(sympy.Abs(X), sympy.Integer(1), 2) == (1, 1, 0)


@pytest.mark.parametrize(
    ("value", "latex", "spoken"),
    [
        (0.05163, "0.0516", "zero point zero five one six"),
        (403.2, "403", "four hundred three"),
        (1.234e-5, r"1.23 \times 10^{-5}", "one point two three times ten to the minus five"),
        (2.0, "2", "two"),
        (-0.5, "-0.5", "minus zero point five"),
        (99999.7, r"1 \times 10^{5}", "one times ten to the five"),
    ],
)
def test_numbers_not_shown_exactly_keep_three_digits(value: float, latex: str, spoken: str) -> None:
    shown = taylor.shown_decimal(value)
    assert (shown.latex, shown.spoken) == (latex, spoken)


def test_centres_are_written_and_said_alike() -> None:
    assert taylor.center_latex(sympy.Rational(1, 2)) == "0.5"
    assert taylor.center_said(sympy.Rational(-1, 2)) == "minus zero point five"
    assert taylor.center_latex(sympy.pi / 4) == r"\frac{\pi}{4}"
    assert taylor.center_said(sympy.pi / 4) == "pi over four"


def test_a_fraction_around_another_point_stands_before_the_power() -> None:
    center = sympy.Rational(1, 3)
    written = taylor.written(taylor.coefficients(X**2 - 1, center, 1), center)
    assert written.latex == r"-\frac{8}{9} + \frac{2}{3} \left(x - \frac{1}{3}\right)"
    assert written.spoken == (
        "minus eight over nine plus two thirds times the quantity x minus one third"
    )
    # a polynomial is its own Taylor polynomial: its error is exactly zero
    p = taylor.polynomial(taylor.coefficients(X**2 - 1, center, 3), center)
    assert taylor.largest_error(X**2 - 1, p, (-1.0, 1.0)).value == 0
