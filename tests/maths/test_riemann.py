"""Riemann sums and the definite integral: hand-checked sums, sympy's sums and integrals."""

from __future__ import annotations

import pytest
import sympy

from scenes.maths import riemann
from scenes.maths.calculus import X

R = sympy.Rational


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("left", R(1, 8)), ("right", R(5, 8)), ("midpoint", R(5, 16))],
)
def test_x_squared_on_0_1_with_two_rectangles(rule: str, expected: sympy.Rational) -> None:
    # left: (0 + 1/4) / 2; right: (1/4 + 1) / 2; midpoint: (1/16 + 9/16) / 2
    found = riemann.riemann_sum(X**2, 0, 1, 2, rule)
    assert found.value == expected and found.exact


def test_sample_points_and_lefts_follow_the_rule() -> None:
    assert riemann.sample_points(0, 1, 4, "left") == (0, R(1, 4), R(1, 2), R(3, 4))
    assert riemann.sample_points(0, 1, 4, "right") == (R(1, 4), R(1, 2), R(3, 4), 1)
    assert riemann.sample_points(-1, 1, 2, "midpoint") == (R(-1, 2), R(1, 2))
    found = riemann.riemann_sum(X, -1, 1, 2, "left")
    assert found.lefts == (-1, 0) and found.width == 1 and found.heights == (-1.0, 0.0)


@pytest.mark.parametrize("rule", riemann.RULES)
@pytest.mark.parametrize("n", [1, 3, 7, 100])
def test_exact_sums_equal_sympys_summation(rule: str, n: int) -> None:
    f = X**3 - 2 * X + R(1, 3)
    a, b = R(-1), R(3, 2)
    i = sympy.Symbol("i", integer=True)
    dx = (b - a) / n
    offset = {"left": 0, "right": 1, "midpoint": R(1, 2)}[rule]
    expected = sympy.summation(f.subs(X, a + (i + offset) * dx) * dx, (i, 0, n - 1))
    found = riemann.riemann_sum(f, a, b, n, rule)
    assert found.exact and found.value == sympy.nsimplify(expected)


def test_a_transcendental_sum_is_numeric_to_thirty_digits() -> None:
    found = riemann.riemann_sum(sympy.sin(X), 0, sympy.pi, 4, "midpoint")
    i = sympy.Symbol("i", integer=True)
    expected = sympy.summation(sympy.sin((i + R(1, 2)) * sympy.pi / 4) * sympy.pi / 4, (i, 0, 3))
    assert not found.exact
    assert abs(found.value - sympy.N(expected, 40)) < 1e-25


def test_one_rectangle_is_the_height_times_the_width() -> None:
    assert riemann.riemann_sum(X**2, 1, 3, 1, "midpoint").value == 8  # f(2) * 2


def test_sums_converge_to_the_integral() -> None:
    integral = riemann.definite_integral(X**2, sympy.Integer(0), sympy.Integer(1))
    assert integral.exact and integral.value == R(1, 3)
    errors = [
        abs(riemann.riemann_sum(X**2, 0, 1, n, "left").value - integral.value) for n in (2, 8, 32)
    ]
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] == R(1, 2 * 32) - R(1, 6 * 32**2)  # (n-1)(2n-1)/6n^2 from 1/3


def test_area_below_the_axis_counts_negative() -> None:
    integral = riemann.definite_integral(X**3, sympy.Integer(-2), sympy.Integer(1))
    assert integral.value == R(-15, 4)
    assert riemann.riemann_sum(X**3, -2, 1, 3, "right").value == -1 + 0 + 1


@pytest.mark.parametrize(
    ("f", "a", "b", "expected"),
    [
        (sympy.sin(X), 0, sympy.pi, sympy.Integer(2)),
        (1 / X, 1, 2, sympy.log(2)),
        (sympy.exp(X), 0, 1, sympy.E - 1),
        (sympy.Abs(X), -1, 2, R(5, 2)),
    ],
)
def test_closed_forms_from_sympy(f, a, b, expected) -> None:
    integral = riemann.definite_integral(f, sympy.sympify(a), sympy.sympify(b))
    assert integral.exact
    assert sympy.simplify(integral.value - expected) == 0
    assert integral.numeric == pytest.approx(float(expected))


def test_no_closed_form_falls_back_to_quadrature() -> None:
    integral = riemann.definite_integral(X**X, R(1, 2), sympy.Integer(1))
    assert not integral.exact
    assert integral.numeric == pytest.approx(float(sympy.Integral(X**X, (X, 0.5, 1)).evalf()))


def test_a_slow_integral_runs_out_of_time(monkeypatch: pytest.MonkeyPatch) -> None:
    def forever(*_args: object, **_kwargs: object) -> None:
        while True:
            pass

    monkeypatch.setattr(riemann, "INTEGRATE_SECONDS", 0.2)
    monkeypatch.setattr(sympy, "integrate", forever)
    assert riemann._closed_form(X**2, sympy.Integer(0), sympy.Integer(2)) is None


def test_sign_pieces_split_where_f_crosses_zero() -> None:
    pieces = riemann.sign_pieces(lambda x: x**3 - x, -1.5, 1.5)
    assert [sign for sign, _ in pieces] == [-1, 1, -1, 1]
    roots = [outline[0][0] for _, outline in pieces[1:]]
    assert roots == pytest.approx([-1, 0, 1], abs=1e-9)
    assert all(outline[0][1] == 0 and outline[-1][1] == 0 for _, outline in pieces)


@pytest.mark.parametrize(
    ("value", "text", "exact"),
    [
        (R(1, 8), "0.125", True),
        (R(7, 32), "0.21875", True),
        (R(35, 128), "0.2734", False),  # 0.2734375: too many digits to show whole
        (R(1, 3), "0.3333", False),
        (R(-7, 3), "-2.333", False),
        (sympy.Integer(2), "2", True),
        (sympy.Float(1e-31), "0", False),
        (sympy.Float(12345678.9), "1.235e7", False),
        (sympy.Float(0.000012345), "1.235e-5", False),
    ],
)
def test_decimal_text(value: sympy.Expr, text: str, exact: bool) -> None:
    assert riemann.decimal_text(value) == (text, exact)


def test_decimal_latex_writes_powers_of_ten() -> None:
    assert riemann.decimal_latex("1.235e7") == r"1.235 \times 10^{7}"
    assert riemann.decimal_latex("0.5") == "0.5"


def test_refuses_an_unknown_rule_and_no_rectangles() -> None:
    with pytest.raises(ValueError, match="rule"):
        riemann.sample_points(0, 1, 2, "trapezoid")
    with pytest.raises(ValueError, match="at least one"):
        riemann.sample_points(0, 1, 0, "left")
