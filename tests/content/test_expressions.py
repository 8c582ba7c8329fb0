"""Formulas from content files parse to the right sympy values, and code in them never runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy

from scenes.content.expressions import (
    MAX_EXPONENT,
    MAX_LENGTH,
    ExpressionError,
    UnsafeLatexError,
    check_latex_text,
    parse_expression,
)

X, Y = sympy.symbols("x y", real=True)
S = sympy.Function("S")


# ---------------------------------------------------------------- valid formulas


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x^2", X**2),
        ("x**2", X**2),
        ("2x", 2 * X),
        ("2 x", 2 * X),
        ("x(x + 1)", X * (X + 1)),
        ("(x + 1)(x - 1)", (X + 1) * (X - 1)),
        ("x exp(x)", X * sympy.exp(X)),
        ("e^(-x)", sympy.exp(-X)),
        ("E**x", sympy.exp(X)),
        ("2e^x", 2 * sympy.exp(X)),
        ("1/(1+exp(-x))", 1 / (1 + sympy.exp(-X))),
        ("ln(x) + log(x)", 2 * sympy.log(X)),
        ("log(x, 2)", sympy.log(X) / sympy.log(2)),
        ("sqrt(x) + abs(x)", sympy.sqrt(X) + sympy.Abs(X)),
        (
            "sin(x)*cos(x) + tan(x) - tanh(x)",
            sympy.sin(X) * sympy.cos(X) + sympy.tan(X) - sympy.tanh(X),
        ),
        ("0.5x", X / 2),
        ("1e-3 * x", X / 1000),
        ("pi/4 * x", sympy.pi * X / 4),
        ("2^-3^2", sympy.Rational(1, 512)),
        ("3", sympy.Integer(3)),
        ("  x  ", X),
    ],
)
def test_formulas_parse_to_their_sympy_values(text: str, expected: sympy.Expr) -> None:
    assert parse_expression(text) == expected


def test_decimals_become_exact_rationals() -> None:
    assert parse_expression("0.1", variables=()) == sympy.Rational(1, 10)


def test_two_variables_are_the_real_symbols_x_and_y() -> None:
    surface = parse_expression("x**2 + y**2", variables=("x", "y"))
    assert surface == X**2 + Y**2
    assert surface.free_symbols == {X, Y}
    assert all(symbol.is_real for symbol in surface.free_symbols)


def test_named_function_keeps_its_written_form_unevaluated() -> None:
    step = parse_expression("S(x)*(1-S(x))", functions=["S"], evaluate=False)
    assert isinstance(step, sympy.Mul)
    assert set(step.args) == {S(X), sympy.Add(1, -S(X), evaluate=False)}
    assert step != sympy.expand(step)
    assert sympy.expand(step) == S(X) - S(X) ** 2


def test_unevaluated_steps_keep_what_sympy_would_cancel() -> None:
    step = parse_expression("((1 + exp(-x)) - 1)/(1 + exp(-x))", evaluate=False)
    evaluated = parse_expression("((1 + exp(-x)) - 1)/(1 + exp(-x))")
    assert evaluated == sympy.exp(-X) / (1 + sympy.exp(-X))
    assert step != evaluated
    assert sympy.simplify(step - evaluated) == 0
    assert "- 1" in sympy.latex(step, order="none")


def test_unevaluated_product_of_fractions_stays_two_fractions() -> None:
    step = parse_expression("(1/(1 + exp(-x))) * (exp(-x)/(1 + exp(-x)))", evaluate=False)
    left, right = step.args
    assert left == sympy.Pow(1 + sympy.exp(-X), -1, evaluate=False)
    assert right.args[0] == sympy.exp(-X)


def test_unevaluated_negative_fraction_prints_as_minus_a_fraction() -> None:
    assert sympy.latex(parse_expression("-x/2", evaluate=False)) == r"- \frac{x}{2}"
    assert sympy.latex(parse_expression("x - 1", evaluate=False), order="none") == "x - 1"


def test_a_variable_named_e_replaces_eulers_number() -> None:
    e = sympy.Symbol("e", real=True)
    assert parse_expression("e^2", variables=("e",)) == e**2


# ---------------------------------------------------------------- injection and abuse


def test_import_and_system_call_is_refused_and_never_run(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    with pytest.raises(ExpressionError, match="'__import__', which is not allowed"):
        parse_expression(f"__import__('os').system('touch {target}')")
    assert not target.exists()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("().__class__.__bases__[0].__subclasses__()", "empty parentheses"),
        ("(x).__class__", "attribute access is not allowed"),
        ("exec('1')", "the name 'exec', which is not allowed"),
        ("eval('1')", "the name 'eval', which is not allowed"),
        ("lambda: 1", "keyword 'lambda'"),
        ("x.__class__", "attribute access is not allowed"),
        ('"a" + "b"', 'the string "a"'),
        ("x if x else 1", "keyword 'if'"),
        ("[x]", "uses '['"),
        ("{x}", "uses '{'"),
        ("x = 1", "uses '='"),
        ("x @ x", "uses '@'"),
        ("x; 1", "uses ';'"),
        ("x # comment", "'#'"),
        ("x!", "'!'"),
        ("os", "the name 'os', which is not allowed; allowed names: pi, E, e, exp, log"),
        ("1j", "the number '1j'"),
        ("0x10", "the number '0x10'"),
        ("1_000", "the number '1_000'"),
        ("(x, 2)", "',' outside a function's arguments"),
        ("\u03c0", "plain ASCII"),
        ("x\n+ 1", "plain ASCII"),
    ],
)
def test_anything_but_arithmetic_is_refused(text: str, reason: str) -> None:
    with pytest.raises(ExpressionError, match=re.escape(reason)):
        parse_expression(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("9**9**9", f"exponents are limited to {MAX_EXPONENT}"),
        ("9**9**9**9", f"exponents are limited to {MAX_EXPONENT}"),
        ("2**(10**5)", f"exponents are limited to {MAX_EXPONENT}"),
        ("x**1001", f"exponents are limited to {MAX_EXPONENT}"),
        ("(10**100)**4", "too large"),
        ("exp(exp(exp(9)))", "too large"),
        ("1e400", "beyond the limit"),
        ("x" + "+x" * MAX_LENGTH, f"the limit is {MAX_LENGTH}"),
        ("(" * 30 + "x" + ")" * 30, "deeper than"),
    ],
)
def test_formulas_that_would_hang_the_renderer_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ExpressionError, match=reason):
        parse_expression(text)


def test_power_below_the_limit_is_kept() -> None:
    assert parse_expression(f"x**{MAX_EXPONENT}") == X**MAX_EXPONENT


@pytest.mark.parametrize(
    ("text", "kwargs", "reason"),
    [
        ("y", {}, "the name 'y', which is not allowed"),
        ("xy", {"variables": ("x", "y")}, "for a product write x*y"),
        ("S(x)", {}, "the name 'S', which is not allowed"),
        ("sin x", {}, "without parentheses; write sin(x)"),
        ("exp", {}, "ends with the function 'exp'"),
        ("x +", {}, "not a complete formula"),
        ("x + * 2", {}, "syntax error at character 5"),
        ("(x", {}, "never closed"),
        ("x)", {}, "without a matching"),
        ("()", {}, "empty parentheses"),
        ("1.5.2", {}, "two numbers in a row"),
        ("", {}, "is empty"),
        ("1/0", {}, "is undefined"),
        ("log(0)", {}, "is undefined"),
        ("exp(x, 2)", {}, "exp takes exactly 1 argument"),
    ],
)
def test_mistakes_are_named(text: str, kwargs: dict, reason: str) -> None:
    with pytest.raises(ExpressionError, match=re.escape(reason)):
        parse_expression(text, **kwargs)


def test_non_text_is_refused() -> None:
    with pytest.raises(ExpressionError, match="not a formula in quotes"):
        parse_expression(3)  # type: ignore[arg-type]


def test_a_function_name_may_not_shadow_a_variable_or_builtin() -> None:
    with pytest.raises(ValueError, match="names used twice"):
        parse_expression("x", variables=("x",), functions=("x",))
    with pytest.raises(ValueError, match="names used twice"):
        parse_expression("x", functions=("exp",))


# ---------------------------------------------------------------- LaTeX text


@pytest.mark.parametrize(
    "text",
    [
        "Calculus for Machine Learning",
        r"The derivative $f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}$",
        r"$\left(x\right)$ \bullet \textbf{bold}",
        "Kevin Fu, 2019",
        "",
    ],
)
def test_ordinary_latex_text_comes_back_unchanged(text: str) -> None:
    assert check_latex_text(text) is text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (r"\input{/etc/passwd}", r"\\input"),
        (r"\write18{ls}", r"\\write"),
        (r"\immediate\write18{ls}", r"\\immediate"),
        (r"\openin5=/etc/passwd", r"\\openin"),
        (r"\openout5=out.tex", r"\\openout"),
        (r"\catcode`\^=7", r"\\catcode"),
        (r"\def\x{1}", r"\\def"),
        (r"\let\x\input", r"\\let"),
        (r"\csname input\endcsname", r"\\csname"),
        (r"\newcommand\x{1}", r"\\newcommand"),
        (r"\usepackage{shellesc}", r"\\usepackage"),
        (r"\includegraphics{/etc/passwd}", r"\\includegraphics"),
        (r"\INPUT{x}", r"\\INPUT"),
        (r"\@@input x", "internal command"),
        ("^^5cinput{/etc/passwd}", "'\\^\\^'"),
        ("a\x00b", "control character"),
    ],
)
def test_latex_that_touches_files_or_runs_commands_is_refused(text: str, reason: str) -> None:
    with pytest.raises(UnsafeLatexError, match=reason):
        check_latex_text(text)
