"""The math core on the lecture notes' values, and property tests against sympy and numerics."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from scenes.maths.calculus import (
    DELTA_X,
    DivergenceError,
    FunctionSamples,
    MathError,
    X,
    Y,
    _verified_rule,
    compose,
    derivative,
    derivative_at,
    derivative_peak,
    derivative_rules,
    descent_direction,
    exact_number,
    function_samples,
    gradient,
    gradient_at,
    gradient_descent_steps,
    gradient_flow_path,
    gradient_function,
    identity_residual,
    is_stationary,
    line_slope,
    number_text,
    rule_example,
    secant_line,
    secant_slope_function,
    secant_study,
    sigmoid,
    step_schedule,
    surface_height_function,
)

R = sympy.Rational
NOTES_STEPS = [1, 0.5, 0.25, 0.1]
BOWL = X**2 + Y**2
PROPERTY_SETTINGS = settings(max_examples=30, deadline=None)


# --------------------------------------------------------------------------- exact inputs


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.1, R(1, 10)),
        (1, 1),
        (Fraction(1, 3), R(1, 3)),
        ("1/3", R(1, 3)),
        (sympy.Float(0.5), R(1, 2)),
    ],
)
def test_exact_number_keeps_decimals_exact(value: object, expected: sympy.Expr) -> None:
    number = exact_number(value)  # type: ignore[arg-type]
    assert number == expected
    assert isinstance(number, sympy.Rational)


@pytest.mark.parametrize("value", [True, float("nan"), float("inf"), "pi", sympy.oo, X])
def test_exact_number_refuses_non_numbers(value: object) -> None:
    with pytest.raises(MathError):
        exact_number(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [(R(5, 2), "2.5"), (R(61, 16), "3.8125"), (3, "3"), (R(1, 3), "0.3333"), (R(-2, 3), "-0.6667")],
)
def test_number_text_shows_decimals_and_rounds_the_rest(value: sympy.Expr, text: str) -> None:
    assert number_text(value) == text


def test_function_must_use_only_x() -> None:
    with pytest.raises(MathError, match="may use only x"):
        line_slope(X * Y, 1, 2)


def test_a_plain_symbol_named_x_is_the_lecture_x() -> None:
    assert line_slope(2 * sympy.Symbol("x"), 1, 2).slope == 2


# --------------------------------------------------------------------------- notes 2.1: slope


def test_line_slope_reproduces_the_notes() -> None:
    result = line_slope(2 * X, 1, 2)
    assert (result.y0, result.y1) == (2, 4)
    assert (result.rise, result.run, result.slope) == (2, 1, 2)
    assert result.is_linear
    assert result.latex_steps == (
        r"\frac{\Delta y}{\Delta x}",
        r"\frac{y_1 - y_0}{x_1 - x_0}",
        r"\frac{f(2) - f(1)}{2 - 1}",
        r"\frac{4 - 2}{2 - 1}",
        "2",
    )


def test_line_slope_of_a_parabola_is_not_linear() -> None:
    result = line_slope(X**2, 1, 2)
    assert result.slope == 3
    assert not result.is_linear


def test_line_slope_brackets_negative_points() -> None:
    result = line_slope(2 * X, -1, 2)
    assert result.latex_steps[2] == r"\frac{f(2) - f(-1)}{2 - \left(-1\right)}"
    assert result.latex_steps[3] == r"\frac{4 - \left(-2\right)}{2 - \left(-1\right)}"


def test_line_slope_needs_two_points() -> None:
    with pytest.raises(MathError, match="must differ"):
        line_slope(2 * X, 1, 1)


# --------------------------------------------------------------------------- notes 2.1: secants


def test_secant_table_reproduces_the_notes() -> None:
    study = secant_study(X**2, 1, NOTES_STEPS)
    assert [row.slope for row in study.rows] == [3, R(5, 2), R(9, 4), R(21, 10)]
    assert all(isinstance(row.slope, sympy.Rational) for row in study.rows)
    assert [row.dx for row in study.rows] == [1, R(1, 2), R(1, 4), R(1, 10)]
    assert all(row.run == row.dx for row in study.rows)
    assert [row.x1 for row in study.rows] == [2, R(3, 2), R(5, 4), R(11, 10)]
    assert [row.slope_text for row in study.rows] == ["3", "2.5", "2.25", "2.1"]
    assert [row.dx_text for row in study.rows] == ["1", "0.5", "0.25", "0.1"]
    assert [row.quotient_latex for row in study.rows] == [
        r"\frac{2^{2} - 1^{2}}{1}",
        r"\frac{1.5^{2} - 1^{2}}{0.5}",
        r"\frac{1.25^{2} - 1^{2}}{0.25}",
        r"\frac{1.1^{2} - 1^{2}}{0.1}",
    ]


def test_secant_limit_is_the_derivative_and_gives_the_tangent() -> None:
    study = secant_study(X**2, 1, NOTES_STEPS)
    assert study.limit == 2 == derivative_at(X**2, 1)
    assert study.derivative == 2 * X
    tangent = study.tangent
    assert (tangent.x0, tangent.y0, tangent.slope, tangent.intercept) == (1, 1, 2, -1)
    assert tangent.expr == 2 * X - 1
    assert tangent.latex == "y = 2 x - 1"
    assert study.definition_latex == (
        r"\lim_{\Delta x \to 0} \frac{f(x_0 + \Delta x) - f(x_0)}{\Delta x}"
    )
    assert study.limit_latex == (
        r"\lim_{\Delta x \to 0} \frac{\left(1 + \Delta x\right)^{2} - 1^{2}}{\Delta x} = 2"
    )


def test_secant_table_for_a_cubic() -> None:
    study = secant_study(X**3, 1, NOTES_STEPS)
    assert [row.slope for row in study.rows] == [7, R(19, 4), R(61, 16), R(331, 100)]
    assert [row.slope_text for row in study.rows] == ["7", "4.75", "3.8125", "3.31"]
    assert study.limit == 3


def test_secant_quotient_for_sine_shows_the_function() -> None:
    study = secant_study(sympy.sin(X), 1, [0.5])
    row = study.rows[0]
    assert row.quotient_latex == r"\frac{\sin{\left(1.5 \right)} - \sin{\left(1 \right)}}{0.5}"
    assert row.slope_text == number_text(2 * (sympy.sin(R(3, 2)) - sympy.sin(1)))
    assert row.slope_text == "0.312"
    assert study.limit == sympy.cos(1)


def test_secant_quotient_shows_a_product_with_a_dot() -> None:
    study = secant_study(3 * X, 2, [0.5])
    assert study.rows[0].quotient_latex == r"\frac{3 \cdot 2.5 - 3 \cdot 2}{0.5}"
    assert study.tangent.latex == "y = 3 x"


def test_secant_study_at_a_non_terminating_point() -> None:
    study = secant_study(X**2, R(1, 3), [R(1, 3)])
    row = study.rows[0]
    assert row.slope == 1
    assert row.dx_text == "0.3333"
    assert row.quotient_latex == (
        r"\frac{\left(\frac{2}{3}\right)^{2} - \left(\frac{1}{3}\right)^{2}}{\frac{1}{3}}"
    )


@pytest.mark.parametrize(
    ("function", "point", "message"),
    [
        (sympy.Abs(X), 0, "not differentiable at x0 = 0"),
        (sympy.sqrt(sympy.Abs(X)), 0, "not differentiable at x0 = 0"),
        (1 / X, 0, "undefined at x = 0"),
    ],
)
def test_secant_study_refuses_non_differentiable_points(
    function: sympy.Expr, point: int, message: str
) -> None:
    with pytest.raises(MathError, match=message):
        secant_study(function, point, [0.5])


def test_secant_study_refuses_zero_steps() -> None:
    with pytest.raises(MathError, match="non-zero"):
        secant_study(X**2, 1, [0.5, 0])


def test_secant_slope_function_is_vectorised_and_matches_the_table() -> None:
    slope_at = secant_slope_function(X**2, 1)
    np.testing.assert_allclose(slope_at(np.array(NOTES_STEPS)), [3, 2.5, 2.25, 2.1], rtol=1e-14)
    assert slope_at(1e-9) == pytest.approx(2, abs=1e-8)
    constant_slopes = secant_slope_function(sympy.Integer(5), 1)(np.array([0.5, 0.25, 0.1]))
    assert constant_slopes.shape == (3,)
    assert np.all(constant_slopes == 0)


def test_secant_line_passes_through_both_points() -> None:
    slope, intercept = secant_line(X**2, 1, 0.5)
    assert slope == pytest.approx(2.5)
    assert intercept == pytest.approx(-1.5)
    assert slope * 1.5 + intercept == pytest.approx(1.5**2)


def test_step_schedule_is_geometric_and_strictly_decreasing() -> None:
    steps = step_schedule(1, 1e-3, 61)
    assert steps.shape == (61,)
    assert steps[0] == 1
    assert steps[-1] == pytest.approx(1e-3, rel=1e-12)
    assert np.all(np.diff(steps) < 0)
    ratios = steps[1:] / steps[:-1]
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-10)


@pytest.mark.parametrize(("start", "end", "count"), [(1e-3, 1, 10), (1, 0, 10), (1, 1e-3, 1)])
def test_step_schedule_refuses_bad_requests(start: float, end: float, count: int) -> None:
    with pytest.raises(MathError):
        step_schedule(start, end, count)


def test_derivative_and_exact_value() -> None:
    assert derivative(X**2) == 2 * X
    assert derivative_at(X**3, R(1, 2)) == R(3, 4)
    assert derivative_at(X**2, 0.1) == R(1, 5)


def test_function_samples_hold_f_and_its_derivative() -> None:
    samples = function_samples(X**2, (-1, 2), 7)
    np.testing.assert_allclose(samples.x, np.linspace(-1, 2, 7))
    np.testing.assert_allclose(samples.f, samples.x**2)
    np.testing.assert_allclose(samples.df, 2 * samples.x)
    constant = function_samples(sympy.Integer(3), (0, 1), 4)
    np.testing.assert_array_equal(constant.f, [3, 3, 3, 3])
    np.testing.assert_array_equal(constant.df, [0, 0, 0, 0])


# --------------------------------------------------------------------------- notes 2.2: rules


def test_derivative_rules_are_the_notes_rules_in_order() -> None:
    rules = derivative_rules()
    assert [rule.name for rule in rules] == [
        "constant",
        "linear",
        "sum",
        "power",
        "exponential",
        "natural exponential",
        "chain",
    ]
    for rule in rules:
        assert sympy.simplify(rule.lhs.doit() - rule.rhs.doit()) == 0, rule.name
        assert isinstance(rule.lhs, sympy.Derivative), rule.name


def test_derivative_rules_latex() -> None:
    latex = {rule.name: rule.latex for rule in derivative_rules()}
    assert latex["constant"] == r"\frac{d}{dx} c = 0"
    assert latex["linear"] == r"\frac{d}{dx} \left(m x + b\right) = m"
    assert latex["sum"] == (
        r"\frac{d}{dx} \left(f{\left(x \right)} + g{\left(x \right)}\right) = "
        r"\frac{d}{dx} f{\left(x \right)} + \frac{d}{dx} g{\left(x \right)}"
    )
    assert latex["power"] == r"\frac{d}{dx} x^{n} = n x^{n - 1}"
    assert latex["exponential"] == r"\frac{d}{dx} a^{x} = a^{x} \ln{\left(a \right)}"
    assert latex["natural exponential"] == r"\frac{d}{dx} e^{x} = e^{x}"
    assert latex["chain"] == (
        r"\frac{d}{dx} f{\left(g{\left(x \right)} \right)} = "
        r"f'{\left(g{\left(x \right)} \right)} g'{\left(x \right)}"
    )


def test_a_false_rule_is_refused() -> None:
    n = sympy.Symbol("n")
    with pytest.raises(MathError, match="could not verify"):
        _verified_rule("power", sympy.Derivative(X**n, X), n * X**n)


@pytest.mark.parametrize(
    ("rule", "function", "expected", "latex"),
    [
        ("constant", sympy.Integer(3), 0, r"\frac{d}{dx} 3 = 0"),
        ("linear", 2 * X + 1, 2, r"\frac{d}{dx} \left(2 x + 1\right) = 2"),
        ("power", X**2, 2 * X, r"\frac{d}{dx} x^{2} = 2 x"),
        (
            "exponential",
            2**X,
            2**X * sympy.log(2),
            r"\frac{d}{dx} 2^{x} = 2^{x} \ln{\left(2 \right)}",
        ),
        ("natural exponential", sympy.exp(X), sympy.exp(X), r"\frac{d}{dx} e^{x} = e^{x}"),
        ("chain", sympy.exp(-X), -sympy.exp(-X), r"\frac{d}{dx} e^{- x} = - e^{- x}"),
        ("sum", X**2 + X, 2 * X + 1, r"\frac{d}{dx} \left(x^{2} + x\right) = 2 x + 1"),
    ],
)
def test_rule_examples(rule: str, function: sympy.Expr, expected: sympy.Expr, latex: str) -> None:
    example = rule_example(rule, function)
    assert example.derivative == expected
    assert example.latex == latex


def test_rule_example_from_chain_parts() -> None:
    function = compose(sympy.exp(X), -X)
    assert function == sympy.exp(-X)
    assert rule_example("chain", function).derivative == -sympy.exp(-X)


@pytest.mark.parametrize(
    ("rule", "function", "message"),
    [
        ("quotient", X**2, "unknown derivative rule"),
        ("constant", X, "not an example of the constant rule"),
        ("power", sympy.exp(X), "not an example of the power rule"),
        ("chain", X**2, "not an example of the chain rule"),
    ],
)
def test_rule_example_refuses_mismatches(rule: str, function: sympy.Expr, message: str) -> None:
    with pytest.raises(MathError, match=message):
        rule_example(rule, function)


# --------------------------------------------------------------------------- notes 2.3: sigmoid


def test_sigmoid_derivative_is_equation_seven() -> None:
    s = sigmoid()
    assert s == 1 / (1 + sympy.exp(-X))
    assert sympy.simplify(derivative(s) - sympy.exp(-X) / (1 + sympy.exp(-X)) ** 2) == 0
    assert sympy.simplify(derivative(s) - s * (1 - s)) == 0


def test_sigmoid_derivative_peaks_at_zero_with_a_quarter() -> None:
    peak = derivative_peak(sigmoid(), (-6, 6))
    assert peak.x == 0
    assert peak.value == R(1, 4)


def test_derivative_peak_can_sit_at_an_endpoint_or_inside() -> None:
    assert derivative_peak(X**3, (-1, 2)) == derivative_peak(X**3, (-1, 2.0))
    assert (derivative_peak(X**3, (-1, 2)).x, derivative_peak(X**3, (-1, 2)).value) == (2, 12)
    inside = derivative_peak(-((X - 1) ** 3), (-3, 3))
    assert (inside.x, inside.value) == (1, 0)
    flat = derivative_peak(2 * X, (0, 1))
    assert flat.value == 2


def test_logistic_identity_holds_for_the_sigmoid_only() -> None:
    samples = function_samples(sigmoid(), (-6, 6), 401)
    assert isinstance(samples, FunctionSamples)
    s = sigmoid()
    assert identity_residual(s, s * (1 - s), samples) < 1e-12
    assert identity_residual(s, s * (1 - s), np.linspace(-6, 6, 11)) < 1e-12
    t = sympy.tanh(X)
    assert identity_residual(t, t * (1 - t), samples) > 0.1
    assert identity_residual(t, 1 - t**2, samples) < 1e-12


# --------------------------------------------------------------------------- notes 3: gradients


def test_gradient_of_the_bowl() -> None:
    result = gradient(BOWL)
    assert result.partials == (2 * X, 2 * Y)
    assert result.partial_latex == (
        r"\frac{\partial z}{\partial x} = 2 x",
        r"\frac{\partial z}{\partial y} = 2 y",
    )
    assert result.latex == r"\nabla z = \left\langle 2 x, 2 y \right\rangle"
    assert result.negative_latex == r"-\nabla z = \left\langle - 2 x, - 2 y \right\rangle"


@pytest.mark.parametrize(
    ("point", "expected"), [((1, 1), (2, 2)), ((1, 0), (2, 0)), ((0, 0), (0, 0))]
)
def test_gradient_at_the_notes_points(point: tuple[int, int], expected: tuple[int, int]) -> None:
    assert gradient_at(BOWL, point) == expected
    assert descent_direction(BOWL, point) == (-expected[0], -expected[1])
    assert is_stationary(BOWL, point) == (expected == (0, 0))


def test_gradient_of_another_surface() -> None:
    surface = (X - 1) ** 2 + 3 * Y**2
    assert gradient_at(surface, (1, 1)) == (0, 6)
    assert gradient_at(surface, (0.5, R(1, 3))) == (-1, 2)
    assert is_stationary(surface, (1, 0))
    assert not is_stationary(surface, (0, 0))


def test_surface_functions_broadcast_even_constants() -> None:
    x, y = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-1, 1, 3))
    np.testing.assert_allclose(surface_height_function(BOWL)(x, y), x**2 + y**2)
    constant = surface_height_function(sympy.Integer(1))(x, y)
    assert constant.shape == (3, 4)
    assert np.all(constant == 1)
    gx, gy = gradient_function(X**2 + 3 * Y)(x, y)
    np.testing.assert_allclose(gx, 2 * x)
    assert gy.shape == (3, 4)
    assert np.all(gy == 3)


@pytest.mark.parametrize("start", [(1, 1), (1, 0), (-1.5, 0.5)])
def test_flow_on_the_bowl_matches_the_closed_form(start: tuple[float, float]) -> None:
    path = gradient_flow_path(BOWL, start, 2.5, 60)
    assert path.times.shape == (60,)
    assert path.points.shape == (60, 3)
    expected = np.outer(np.exp(-2 * path.times), start)
    np.testing.assert_allclose(path.points[:, :2], expected, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(path.points[:, 2], np.sum(expected**2, axis=1), rtol=1e-8)
    assert np.all(np.diff(path.points[:, 2]) <= 0)


def test_flow_on_an_anisotropic_bowl_matches_the_closed_form() -> None:
    path = gradient_flow_path(X**2 + 3 * Y**2, (1, 1), 1.5, 31)
    np.testing.assert_allclose(path.points[:, 0], np.exp(-2 * path.times), rtol=1e-8)
    np.testing.assert_allclose(path.points[:, 1], np.exp(-6 * path.times), rtol=1e-7)
    assert np.all(np.diff(path.points[:, 2]) <= 0)


def test_flow_from_a_stationary_point_stays_put() -> None:
    path = gradient_flow_path(BOWL, (0, 0), 2.5, 20)
    assert np.all(path.points == 0)
    shifted = gradient_flow_path((X - 1) ** 2 + Y**2, (1, 0), 1, 5)
    np.testing.assert_array_equal(shifted.points[:, :2], np.tile([1.0, 0.0], (5, 1)))


def test_flow_that_escapes_is_refused() -> None:
    with pytest.raises(DivergenceError, match="runs away"):
        gradient_flow_path(-(X**3), (1, 0), 5, 10)


def test_descent_on_the_bowl_with_the_lectures_rate() -> None:
    steps = gradient_descent_steps(BOWL, (1, 1), 0.1, 12)
    assert steps.shape == (13, 3)
    np.testing.assert_allclose(steps[:, 0], 0.8 ** np.arange(13), rtol=1e-12)
    np.testing.assert_allclose(steps[:, 1], 0.8 ** np.arange(13), rtol=1e-12)
    np.testing.assert_allclose(steps[:, 2], 2 * 0.64 ** np.arange(13), rtol=1e-12)
    assert np.all(np.diff(steps[:, 2]) < 0)


def test_descent_on_other_surfaces_follows_their_gradient() -> None:
    steps = gradient_descent_steps(X**2 + 3 * Y**2, (1, 1), 0.1, 10)
    np.testing.assert_allclose(steps[:, 0], 0.8 ** np.arange(11), rtol=1e-12)
    np.testing.assert_allclose(steps[:, 1], 0.4 ** np.arange(11), rtol=1e-12)
    shifted = gradient_descent_steps((X - 1) ** 2 + Y**2, (0, 1), 0.25, 40)
    np.testing.assert_allclose(shifted[-1], [1, 0, 0], atol=1e-10)
    assert np.all(np.diff(shifted[:, 2]) <= 0)


@pytest.mark.parametrize("rate", [1, 1.0, 1.5, 3])
def test_descent_refuses_rates_that_do_not_lower_the_height(rate: float) -> None:
    with pytest.raises(DivergenceError, match=r"diverge from \(1, 1\); use a rate below 1\."):
        gradient_descent_steps(BOWL, (1, 1), rate, 12)


def test_descent_refuses_rates_just_at_the_bound_of_an_anisotropic_bowl() -> None:
    with pytest.raises(DivergenceError, match="below 0.3333"):
        gradient_descent_steps(X**2 + 3 * Y**2, (1, 1), R(1, 3), 5)
    assert gradient_descent_steps(X**2 + 3 * Y**2, (1, 1), 0.33, 5).shape == (6, 3)


def test_descent_on_a_non_quadratic_surface_is_checked_step_by_step() -> None:
    with pytest.raises(DivergenceError, match="height rises at step 1"):
        gradient_descent_steps(X**4 + Y**2, (2, 1), 0.3, 12)
    steps = gradient_descent_steps(X**4 + Y**2, (1, 1), 0.05, 30)
    assert np.all(np.diff(steps[:, 2]) <= 0)


@pytest.mark.parametrize(("rate", "count"), [(0, 5), (-0.1, 5), (0.1, -1)])
def test_descent_refuses_bad_settings(rate: float, count: int) -> None:
    with pytest.raises(MathError):
        gradient_descent_steps(BOWL, (1, 1), rate, count)


# --------------------------------------------------------------------------- properties

small_fractions = st.fractions(min_value=-2, max_value=2, max_denominator=8)


@st.composite
def polynomials_in_x(draw: st.DrawFn) -> sympy.Expr:
    coefficients = draw(st.lists(st.integers(-5, 5), min_size=2, max_size=5))
    return sum((c * X**k for k, c in enumerate(coefficients)), sympy.Integer(0))


@PROPERTY_SETTINGS
@given(function=polynomials_in_x(), x0=small_fractions)
def test_secant_slopes_approach_the_derivative_linearly(function: sympy.Expr, x0: Fraction) -> None:
    point = exact_number(x0)
    steps = [R(1, 10**k) for k in range(1, 5)]
    study = secant_study(function, point, steps)
    slope = derivative_at(function, point)
    assert study.limit == slope
    half_curvature = sympy.diff(function, X, 2).subs(X, point) / 2
    higher = sum(
        abs(sympy.diff(function, X, k).subs(X, point)) / sympy.factorial(k) for k in range(3, 6)
    )
    for row in study.rows:
        error = row.slope - slope
        # Taylor: error = f''(x0)/2 dx + O(dx^2), so error / dx tends to f''(x0)/2.
        assert abs(error / row.dx - half_curvature) <= higher * row.dx
        assert abs(error) <= (abs(half_curvature) + higher) * row.dx
    numeric = secant_slope_function(function, point)(np.array([float(s) for s in steps]))
    exact = np.array([float(row.slope) for row in study.rows])
    np.testing.assert_allclose(numeric, exact, rtol=1e-9, atol=1e-9)


@st.composite
def polynomial_surfaces(draw: st.DrawFn) -> sympy.Expr:
    powers = [(i, j) for i in range(4) for j in range(4) if i + j <= 3]
    coefficients = draw(st.lists(st.integers(-4, 4), min_size=len(powers), max_size=len(powers)))
    return sum(
        (c * X**i * Y**j for (i, j), c in zip(powers, coefficients, strict=True)),
        sympy.Integer(0),
    )


@PROPERTY_SETTINGS
@given(
    surface=polynomial_surfaces(),
    x=st.floats(-2, 2, allow_nan=False),
    y=st.floats(-2, 2, allow_nan=False),
)
def test_gradients_match_central_differences(surface: sympy.Expr, x: float, y: float) -> None:
    height = surface_height_function(surface)
    h = 1e-5
    central = (
        (height(x + h, y) - height(x - h, y)) / (2 * h),
        (height(x, y + h) - height(x, y - h)) / (2 * h),
    )
    computed = gradient_function(surface)(np.array(x), np.array(y))
    np.testing.assert_allclose(computed, central, rtol=1e-6, atol=1e-6)
    exact = gradient_at(surface, (x, y))
    np.testing.assert_allclose([float(v) for v in exact], computed, rtol=1e-9, atol=1e-9)


@PROPERTY_SETTINGS
@given(
    a=st.integers(1, 6),
    c=st.integers(1, 6),
    b=st.integers(-5, 5),
    d=st.integers(-4, 4),
    e=st.integers(-4, 4),
    fraction=st.floats(0.05, 0.95),
    start=st.tuples(st.integers(-3, 3), st.integers(-3, 3)),
)
def test_descent_heights_never_rise_on_convex_quadratics(
    a: int, c: int, b: int, d: int, e: int, fraction: float, start: tuple[int, int]
) -> None:
    if b * b >= 4 * a * c:
        b = 0  # keep the quadratic strictly convex
    surface = a * X**2 + b * X * Y + c * Y**2 + d * X + e * Y
    largest = max(np.linalg.eigvalsh(np.array([[2 * a, b], [b, 2 * c]], dtype=float)))
    steps = gradient_descent_steps(surface, start, fraction * 2 / largest, 25)
    heights = steps[:, 2]
    assert np.all(np.diff(heights) <= 1e-12 * (1 + np.abs(heights[:-1])))
    with pytest.raises(DivergenceError):
        gradient_descent_steps(surface, start, 2 / largest * 1.0001, 25)


def test_delta_x_symbol_prints_as_delta_x() -> None:
    assert sympy.latex(DELTA_X) == r"\Delta x"


def test_a_sum_subtracted_in_the_quotient_and_the_limit_keeps_its_brackets() -> None:
    study = secant_study(X**2 / 4 - 3 * sympy.sin(X), -2, [1])
    subtracted = r" - \left(\frac{\left(-2\right)^{2}}{4} - 3 \sin{\left(-2 \right)}\right)"
    assert subtracted in study.rows[0].quotient_latex
    assert subtracted in study.limit_latex
    plain = secant_study(X**2, 1, [1])
    assert plain.rows[0].quotient_latex == r"\frac{2^{2} - 1^{2}}{1}"  # one term: no brackets
