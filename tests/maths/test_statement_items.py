"""A statement's equations read from sympy formulas kept as written, and TeX in words."""

from __future__ import annotations

import pytest

from scenes.content.spoken import unspeakable_part
from scenes.maths.refusals import Refusal
from scenes.maths.statement_items import equation, formula_names, math_words, tex_words


def test_the_log_loss_is_shown_as_written_and_said_in_words() -> None:
    loss = equation("k", "L = -y*log(S) - (1 - y)*log(1 - S)")
    assert loss.latex == (
        r"L = - y \ln{\!\left(S \right)} - \left(1 - y\right) \ln{\!\left(1 - S \right)}"
    )
    assert loss.written == "L = -y·log(S) - (1 - y)·log(1 - S)"
    assert loss.spoken.startswith("L equals minus y times the log of S")
    assert unspeakable_part(loss.spoken) is None


def test_names_are_found_from_the_formula_itself() -> None:
    assert formula_names("L = -y*log(S) - (1 - y)*log(1 - S)") == (["L", "y", "S"], [])
    assert formula_names("f(x) = exp(-x) + E*pi") == (["x", "E"], ["f"])
    assert equation("k", "E = m*c^2").latex == "E = m c^{2}"  # E is a name here
    assert equation("k", "y = e^x").latex == "y = e^{x}"  # e stays Euler's number


def test_terms_keep_their_written_order_and_decimals_their_digits() -> None:
    shown = equation("k", "z = w_1*x_1 + w_2*x_2 + 0.5*b + 0.0001")
    assert shown.latex == r"z = w_{1} x_{1} + w_{2} x_{2} + 0.5 b + 0.0001"
    assert shown.written == "z = w_1·x_1 + w_2·x_2 + 0.5b + 0.0001"
    assert "w sub 1" in shown.spoken and "_" not in shown.spoken
    assert equation("k", "x - y - z").latex == "x - y - z"
    assert equation("k", "0").latex == "0"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a = b = c", "more than one '='"),
        ("a == b", "more than one '='"),
        ("= b", "nothing on one side"),
        ("x = 3.14159", "round it to 4 significant digits"),
        ("x = __import__(y)", "is not a valid expression"),
        ("x = y.real", "is not a valid expression"),
        ("x = lambda", "is not a valid expression"),
        (3, "is not a formula in quotes"),
    ],
)
def test_what_cannot_be_shown_is_refused_naming_the_key(text: object, problem: str) -> None:
    with pytest.raises(Refusal) as refused:
        equation("items[1].equation", text)  # type: ignore[arg-type]
    assert refused.value.param == "items[1].equation"
    assert problem in refused.value.problem


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            r"The sigmoid $S = \frac{1}{1 + e^{-x}}$.",
            "The sigmoid S equals 1 over 1 plus e to the minus x.",
        ),
        (r"$x^2$ grows, $w_i^{n}$ too", "x squared grows, w sub i to the n too"),
        (
            r"\textbf{Rule:} 50\% of $\Delta y / \Delta x$",
            "Rule: 50 percent of delta y over delta x",
        ),
        (r"plain words", "plain words"),
    ],
)
def test_tex_is_put_into_words_the_voice_can_say(text: str, said: str) -> None:
    assert tex_words(text) == said
    assert unspeakable_part(said) is None


def test_math_the_words_do_not_know_is_left_out_not_read_as_symbols() -> None:
    said = math_words(r"\mathcal{L} = \sum_{i} \left| y_i \right| \oint")
    assert unspeakable_part(said) is None
    assert said.startswith("L equals the sum sub i")
