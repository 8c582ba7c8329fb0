"""One-variable gradient descent: iterates against hand-computed ones, the number rule,
and the runs refused in one sentence naming the parameter."""

from __future__ import annotations

import math

import pytest
import sympy

from scenes.maths import calculus as calc
from scenes.maths.descent_1d import descend, iterates, shown_call, shown_decimal
from scenes.maths.refusals import Refusal

X = calc.X
PARABOLA = (X - 1) ** 2 + sympy.Rational(1, 2)


def test_a_parabola_descends_exactly_by_hand() -> None:
    """L = (x - 1)^2 + 1/2, L' = 2(x - 1); from 3 at rate 1/10 each step keeps 0.8 of the
    distance to 1: 3 -> 2.6 -> 2.28 -> 2.024."""
    descent = descend(PARABOLA, sympy.Integer(3), sympy.Rational(1, 10), 3, (-1.0, 4.0))
    xs = [step.x for step in descent.steps]
    slopes = [step.slope for step in descent.steps]
    assert xs == [3, sympy.Rational(13, 5), sympy.Rational(57, 25)]
    assert slopes == [4, sympy.Rational(16, 5), sympy.Rational(64, 25)]
    assert descent.steps[-1].next_x == sympy.Rational(253, 125)  # 2.024
    assert descent.steps[0].move == sympy.Rational(-2, 5)
    assert descent.steps[0].next_loss == sympy.Rational(153, 50)  # 1.6^2 + 0.5 = 3.06
    assert descent.minimum.x == 1 and descent.minimum.loss == sympy.Rational(1, 2)
    points = iterates(descent)
    assert points[:, 0].tolist() == pytest.approx([3, 2.6, 2.28, 2.024])
    assert points[0, 1] == pytest.approx(4.5)


def test_a_quartic_continues_in_floats() -> None:
    """x^4 - 2x^2 from 2 at rate 0.05: x - 0.05 (4x^3 - 4x); 2 -> 0.8 -> 0.9376 ..."""
    loss = X**4 - 2 * X**2
    descent = descend(loss, sympy.Integer(2), sympy.Rational(1, 20), 8, (-2.5, 2.5))
    x = 2.0
    for step in descent.steps:
        assert float(step.x) == pytest.approx(x)
        x = x - 0.05 * (4 * x**3 - 4 * x)
    assert float(descent.steps[1].x) == pytest.approx(0.8)
    assert float(descent.minimum.x) == pytest.approx(1.0)
    assert float(descent.minimum.loss) == pytest.approx(-1.0)


def test_an_exponential_loss_has_float_iterates_and_a_numeric_minimum() -> None:
    loss = sympy.exp(X) - 2 * X  # minimum at ln 2
    descent = descend(loss, sympy.Integer(2), sympy.Rational(3, 10), 6, (-1.0, 3.0))
    assert float(descent.minimum.x) == pytest.approx(math.log(2), abs=1e-9)
    first = descent.steps[0]
    assert float(first.next_x) == pytest.approx(2 - 0.3 * (math.exp(2) - 2))


@pytest.mark.parametrize(
    ("value", "text", "exact"),
    [
        (sympy.Rational(13, 5), "2.6", True),
        (sympy.Rational(253, 125), "2.024", True),
        (sympy.Rational(11373, 6250), "1.82", False),  # 1.81968
        (sympy.Rational(1, 3), "0.333", False),
        (sympy.Integer(-4), "-4", True),
        (sympy.Integer(12345), "12300", False),
        (1e-9, "0", False),
        (-0.00002, "0", False),
        (0.000128, "0.0001", False),
        (sympy.Integer(0), "0", True),
    ],
)
def test_the_number_rule(value, text: str, exact: bool) -> None:
    shown = shown_decimal(value)
    assert (shown.text, shown.exact) == (text, exact)
    assert shown.value == sympy.Rational(text)


def test_a_rounded_call_says_approx() -> None:
    assert shown_call("L'", shown_decimal(sympy.Integer(3)), shown_decimal(4)) == "L'(3) = 4"
    assert (
        shown_call("L'", shown_decimal(1.0512), shown_decimal(sympy.Rational(1024, 10000)))
        == r"L'(1.05) \approx 0.1024"
    )


def refused(*args) -> Refusal:
    with pytest.raises(Refusal) as caught:
        descend(*args)
    assert len(str(caught.value).splitlines()) == 1 and caught.value.problem.endswith(".")
    return caught.value


def test_a_rate_past_the_parabolas_limit_is_refused_exactly() -> None:
    refusal = refused(PARABOLA, sympy.Integer(3), sympy.Integer(1), 3, (-2.0, 4.0))
    assert refusal.param == "learning_rate"
    assert "jump between two points for ever" in refusal.problem
    assert refusal.problem.endswith("use a rate below 1.")
    refusal = refused(PARABOLA, sympy.Integer(3), sympy.Rational(3, 2), 3, (-2.0, 4.0))
    assert "diverge" in refusal.problem


def test_a_step_leaving_the_range_is_named_with_a_smaller_rate() -> None:
    """From 3 at rate 0.9 on 2(x - 1): 3 - 0.9 * 4 = -0.6, outside [0, 4]."""
    refusal = refused(PARABOLA, sympy.Integer(3), sympy.Rational(9, 10), 4, (0.0, 4.0))
    assert refusal.param == "learning_rate"
    assert "step 1 takes the ball from x = 3 to x = -0.6, outside x_range = [0, 4]" in (
        refusal.problem
    )
    assert "use a smaller rate, such as 0.5" in refusal.problem


def test_a_start_on_a_flat_point_or_a_peak_is_refused() -> None:
    refusal = refused(PARABOLA, sympy.Integer(1), sympy.Rational(1, 10), 3, (-1.0, 3.0))
    assert refusal.param == "start" and "slope" in refusal.problem
    refusal = refused(-(X**2), sympy.Integer(0), sympy.Rational(1, 10), 3, (-1.0, 1.0))
    assert refusal.param == "start"


def test_a_landing_on_a_kink_is_refused() -> None:
    """|x| from 1 at rate 1: the first step lands on 0, where |x| has no slope."""
    refusal = refused(sympy.Abs(X), sympy.Integer(1), sympy.Integer(1), 3, (-2.0, 2.0))
    assert refusal.param == "learning_rate"
    assert "step 1 lands the ball at x = 0" in refusal.problem


def test_a_descent_that_never_settles_is_refused() -> None:
    """x^4 from 1.2 at rate 0.5: 1.2 - 2 * 1.728 = -2.256, then past 3: it flies off."""
    loss = X**4
    with pytest.raises(Refusal) as caught:
        descend(loss, sympy.Rational(6, 5), sympy.Rational(1, 2), 3, (-3.0, 3.0))
    assert caught.value.param == "learning_rate"


def test_a_bounce_that_never_settles_is_refused() -> None:
    """sqrt(1 + x^2) at rate 3: the ball ends jumping between -1.12 and 1.12 for ever
    (x - 3x / sqrt(1 + x^2) = -x where x^2 = 5/4), far from the minimum at 0."""
    loss = sympy.sqrt(1 + X**2)
    refusal = refused(loss, sympy.Integer(1), sympy.Integer(3), 3, (-3.0, 3.0))
    assert refusal.param == "learning_rate"
    assert "never settles" in refusal.problem and "x = 1.12 and x = -1.12" in refusal.problem
    assert refusal.problem.endswith("use a smaller rate, such as 2.")  # it closes in, slowly


def test_a_loss_without_a_minimum_to_rest_in_is_refused() -> None:
    """exp(-x) from 0 keeps rolling right ever more slowly: no zero of L' to close in on."""
    refusal = refused(sympy.exp(-X), sympy.Integer(0), sympy.Rational(1, 10), 5, (0.0, 10.0))
    assert refusal.param == "loss"
    assert "the ball finds no minimum to rest in" in refusal.problem


def test_a_slow_descent_still_names_the_minimum_it_heads_for() -> None:
    """x^2 at rate 0.001: three steps barely move the ball (3 -> 2.994 -> ...), yet it
    heads for 0, found exactly; a flat-bottomed x^4 / 1000 also rests at exactly 0."""
    descent = descend(X**2, sympy.Integer(3), sympy.Rational(1, 1000), 3, (-4.0, 4.0))
    assert descent.steps[1].x == sympy.Rational(2994, 1000)
    assert descent.minimum.x == 0 and descent.minimum.loss == 0
    flat = descend(X**4 / 1000, sympy.Integer(3), sympy.Integer(10), 12, (-4.0, 4.0))
    assert flat.minimum.x == 0
