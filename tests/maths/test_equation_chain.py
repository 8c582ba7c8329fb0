"""The chain's math core: links kept as written, names as a lecturer writes and says them,
values worked out exactly, and the links that are not equal refused in one sentence."""

from __future__ import annotations

import pytest
import sympy

from scenes.maths.equation_chain import (
    X,
    equal,
    free_names,
    name_caption,
    name_latex,
    name_spoken,
    read_link,
    work_out,
    written_caption,
    written_latex,
    written_spoken,
)
from scenes.maths.refusals import Refusal

VALUES = {name: sympy.Integer(v) for name, v in {"x0": 1, "x1": 2, "y0": 2, "y1": 4}.items()}
FUNCTIONS = {"f": 2 * X}
SLOPE_CHAIN = (
    "rise/run",
    "Delta_y/Delta_x",
    "(y1 - y0)/(x1 - x0)",
    "(f(2) - f(1))/(2 - 1)",
    "(4 - 2)/(2 - 1)",
    "2",
)


def link(text: str, values=VALUES, functions=FUNCTIONS):
    return read_link("links[0]", text, values, functions)


@pytest.mark.parametrize(
    ("name", "latex", "caption", "spoken"),
    [
        ("x0", "x_{0}", "x0", "x zero"),
        ("y12", "y_{12}", "y12", "y twelve"),
        ("Delta_y", r"\Delta y", "Δy", "delta y"),
        ("delta_x0", r"\delta x_{0}", "δx0", "delta x zero"),
        ("rise", r"\text{rise}", "rise", "rise"),
        ("x_max", r"x_{\text{max}}", "x_max", "x max"),
        ("alpha", r"\alpha", "α", "alpha"),
        ("alpha_1", r"\alpha_{1}", "α1", "alpha one"),
        ("L_4", "L_{4}", "L4", "L four"),
        ("h", "h", "h", "h"),
        ("y_max_", r"y_{\text{max}}", "y_max", "y max"),  # a stray underscore is dropped
    ],
)
def test_names_read_as_a_lecturer_writes_and_says_them(
    name: str, latex: str, caption: str, spoken: str
) -> None:
    assert name_latex(name) == latex
    assert name_caption(name) == caption
    assert name_spoken(name) == spoken


def test_the_slope_chain_is_kept_as_written_and_checked_where_it_can_be() -> None:
    chain = work_out("links", SLOPE_CHAIN, VALUES, FUNCTIONS)
    assert [written_latex(item.written) for item in chain.links] == [
        r"\frac{\text{rise}}{\text{run}}",
        r"\frac{\Delta y}{\Delta x}",
        r"\frac{y_{1} - y_{0}}{x_{1} - x_{0}}",
        r"\frac{f(2) - f(1)}{2 - 1}",
        r"\frac{4 - 2}{2 - 1}",
        "2",
    ]
    assert [item.checked for item in chain.links] == [False, False, True, True, True, True]
    assert [item.free_names for item in chain.links[:2]] == [
        ("rise", "run"),
        ("Delta_y", "Delta_x"),
    ]
    assert chain.value == 2
    assert all(item.value == 2 for item in chain.links if item.checked)


@pytest.mark.parametrize(
    ("text", "latex", "caption", "spoken"),
    [
        (
            "(y1 - y0)/(x1 - x0)",
            r"\frac{y_{1} - y_{0}}{x_{1} - x_{0}}",
            "(y1 - y0)/(x1 - x0)",
            "y one minus y zero, over x one minus x zero",
        ),
        (
            "2*3 - 4/2",
            r"2 \cdot 3 - \frac{4}{2}",
            "2·3 - 4/2",
            "two times three minus four over two",
        ),
        ("a - (b - c)", r"a - \left(b - c\right)", "a - (b - c)", "a minus the quantity b minus c"),
        ("0.5*4", r"0.5 \cdot 4", "0.5·4", "zero point five times four"),
        ("2x", "2 x", "2x", "two x"),
        (
            "(1/2)*(3/4)",
            r"\frac{1}{2} \cdot \frac{3}{4}",
            "1/2·3/4",
            "one half times three quarters",
        ),
        ("2*(-3)", r"2 \cdot \left(-3\right)", "2·(-3)", "two times minus three"),
        ("x^(-2)", "x^{-2}", "x^(-2)", "x to the minus two"),
        (
            "sqrt(3**2 + 2**2)",
            r"\sqrt{3^{2} + 2^{2}}",
            "sqrt(3^2 + 2^2)",
            "the square root of three squared plus two squared",
        ),
        (
            "h*(f(0) + f(h))",
            r"h \left(f(0) + f(h)\right)",
            "h·(f(0) + f(h))",
            "h times the quantity f of zero plus f of h,",
        ),
    ],
)
def test_links_are_written_captioned_and_said_in_the_written_order(
    text: str, latex: str, caption: str, spoken: str
) -> None:
    written = link(text, {"h": sympy.Rational(1, 4)}, FUNCTIONS).written
    assert written_latex(written) == latex
    assert written_caption(written) == caption
    assert written_spoken(written) == spoken.rstrip(",")


def test_helpers_are_applied_where_called_and_may_call_each_other() -> None:
    functions = {"f": X**2, "g": sympy.Function("f")(X) + 1}
    assert link("g(3) - f(1)", {"a": sympy.Integer(0)}, functions).value == 9
    assert link("f(x0) + f(x1)", VALUES, {"f": X**2}).value == 5  # x0 and x1 are values


def test_values_are_exact() -> None:
    assert link("0.1 + 0.2").value == sympy.Rational(3, 10)
    assert link("sqrt(8)/2").value == sympy.sqrt(2)
    assert equal(sympy.sqrt(2) / 2, 1 / sympy.sqrt(2))
    assert not equal(sympy.Rational(1, 3), sympy.Float(0.3333))


def test_a_link_not_equal_to_the_links_before_it_is_refused_in_one_sentence() -> None:
    texts = ("rise/run", "(y1 - y0)/(x1 - x0)", "(f(2) - f(1))/(2 - 0)", "2")
    with pytest.raises(Refusal) as refused:
        work_out("links", texts, VALUES, FUNCTIONS)
    assert refused.value.param == "links[2]"
    assert refused.value.problem == (
        '= "(f(2) - f(1))/(2 - 0)" is not equal to the links before it: it is 1, they are 2.'
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "(f(2) - f(1))/(2 - 2)",
            '= "(f(2) - f(1))/(2 - 2)" has no value: it divides by zero or is undefined.',
        ),
        ("(y1 - y0)/(x0 - 1)", '= "(y1 - y0)/(x0 - 1)" divides by zero: x0 - 1 is 0.'),
        (
            "g(2)",
            '= "g(2)" calls g, which is no function of the scene; give it in functions, '
            'such as { g = "x**2" }.',
        ),
        (
            "f(1, 2)",
            '= "f(1, 2)" calls f with 2 arguments; a function of the scene takes one, as in f(2).',
        ),
        ("sqrt(-4)", '= "sqrt(-4)" is not a real number: it is 2*I.'),
        (
            "2 +",
            '= "2 +" is not a valid formula: it is not a complete formula (values and '
            "functions it may use: x0, x1, y0, y1, f(...)).",
        ),
    ],
)
def test_links_without_a_real_value_are_refused_in_one_sentence(text: str, problem: str) -> None:
    with pytest.raises(Refusal) as refused:
        link(text)
    assert refused.value.problem == problem
    assert refused.value.param == "links[0]"


def test_a_free_name_starts_with_a_letter() -> None:
    with pytest.raises(Refusal) as refused:
        link("_x + 1")
    assert refused.value.problem == (
        '= "_x + 1" uses the name _x; a name starts with a letter, such as rise, x0 or Delta_y.'
    )


def test_free_names_are_the_names_bound_to_nothing() -> None:
    assert free_names("k", "rise/run + x0*f(2) + pi", VALUES, FUNCTIONS) == ("rise", "run")
    # "xy" of two values is a product the parser asks to be written x*y, not a new name
    assert free_names("k", "xy", {"x": 1, "y": 2}, {}) == ()
    assert link("xy + rise", {}, {}).value is None


def test_a_chain_with_nothing_bound_has_no_value() -> None:
    chain = work_out("links", ("rise/run", "Delta_y/Delta_x"), VALUES, FUNCTIONS)
    assert chain.value is None
    assert not any(item.checked for item in chain.links)
