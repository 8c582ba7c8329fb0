"""The cells of a table of values: each computed from a formula at an input, written by the
project's number rule, and said as written.

A cell is exact where that is short (1/2 is written 0.5, 1/4 is 0.25, 3 is 3) and rounded to
plan_values.SHOWN_DIGITS significant digits otherwise (1/(1 + e^-1) is 0.731, e^-12 is
6.14 x 10^-6). The voice says the cell as the screen writes it ("zero point seven three
one"), never a longer value than the one shown. No manim here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from scenes.maths import calculus as calc
from scenes.maths.decimals import significant_digits
from scenes.maths.plan_values import shown_latex
from scenes.maths.spoken_math import spoken_decimal_text, spoken_integer

# A cell is exact only while its decimal is this short (the layout check's limit).
MAX_EXACT_DIGITS = 6
# Exact values larger than this are written in scientific form instead (1.5 x 10^6).
MAX_PLAIN_SIZE = 10**6
# Cells beyond these sizes cannot be written from a float (they overflow or vanish).
LARGEST_CELL = 1e300
SMALLEST_CELL = 1e-300
EVALUATION_DIGITS = 30  # working precision of a rounded cell (evalf), far beyond 3 digits
UNDEFINED_WRITTEN = "undefined"

_SCIENTIFIC = re.compile(r"^(?P<mantissa>-?[\d.]+) \\times 10\^\{(?P<exponent>-?\d+)\}$")


class CellError(ValueError):
    """A cell that cannot be written; the message completes "... at x = 2"."""


@dataclass(frozen=True)
class Cell:
    """One number of a table: LaTeX for the screen, the caption's text, the voice's words.

    `whole` and `rest` split the LaTeX where the number's integer part ends ("-0" and
    ".119"; "4" and ".54 \\times 10^{-5}"), so a column lines its numbers up there. `value`
    is the full value as a float (None: undefined); `exact` whether the cell shows it whole.
    """

    latex: str
    written: str
    spoken: str
    value: float | None
    exact: bool
    whole: str
    rest: str

    @property
    def defined(self) -> bool:
        return self.value is not None


def undefined_cell() -> Cell:
    """A cell where the formula has no real value, shown and said as the word."""
    return Cell(
        latex=rf"\text{{{UNDEFINED_WRITTEN}}}",
        written=UNDEFINED_WRITTEN,
        spoken=UNDEFINED_WRITTEN,
        value=None,
        exact=True,
        whole=rf"\text{{{UNDEFINED_WRITTEN}}}",
        rest="",
    )


def cell(value: sympy.Expr) -> Cell:
    """A real, finite value as a table writes it: exact where short, else rounded."""
    value = sympy.sympify(value)
    approximate = _approximate(value)
    if not approximate.is_real or not approximate.is_finite:
        raise CellError("is not a real number")
    size = abs(float(approximate)) if abs(approximate) < LARGEST_CELL else float("inf")
    if size >= LARGEST_CELL:
        raise CellError(f"is about {sympy.Float(approximate, 3)}, too large to write in a table")
    if 0 < size < SMALLEST_CELL:
        raise CellError(f"is about {sympy.Float(approximate, 3)}, too small to write in a table")
    if approximate == 0:
        value = sympy.Integer(0)
    exact_text = _exact_text(value)
    if exact_text is not None:
        latex, exact = exact_text, True
    else:
        latex, _ = shown_latex(sympy.Float(approximate, EVALUATION_DIGITS))
        exact = False
    whole, rest = split_at_point(latex)
    return Cell(
        latex=latex,
        written=written_text(latex),
        spoken=spoken_text(latex),
        value=float(approximate),
        exact=exact,
        whole=whole,
        rest=rest,
    )


def _approximate(value: sympy.Expr) -> sympy.Expr:
    """The value to EVALUATION_DIGITS digits; a value evalf cannot tell from zero (cos(1)^2 +
    sin(1)^2 - 1) is 0, which simplify confirms where it can."""
    try:
        return value.evalf(EVALUATION_DIGITS, strict=True)
    except sympy.core.evalf.PrecisionExhausted:
        simplified = sympy.simplify(value)
        if simplified.is_number and simplified != value:
            return _approximate(simplified)
        return sympy.Integer(0)


def _exact_text(value: sympy.Expr) -> str | None:
    """The value as an exact decimal (calculus.number_text) where that is short, else None."""
    if not value.is_Rational or abs(value) > MAX_PLAIN_SIZE:
        return None
    text = calc.number_text(value)
    if sympy.Rational(text) != value or significant_digits(text) > MAX_EXACT_DIGITS:
        return None  # 1/3 is rounded; so is 0.0009765625, too long to read
    return text


def split_at_point(latex: str) -> tuple[str, str]:
    """The integer part of a written number and what follows it (".5", " \\times 10^{3}")."""
    for mark in (".", r" \times"):
        if mark in latex:
            at = latex.index(mark)
            return latex[:at], latex[at:]
    return latex, ""


def written_text(latex: str) -> str:
    """A cell as a caption writes it in plain text: 4.54 x 10^-5 becomes "4.54·10^-5" (the
    dot, as caption formulas write a product; a caption font may lack the times sign)."""
    scientific = _SCIENTIFIC.match(latex)
    if scientific:
        return f"{scientific['mantissa']}·10^{scientific['exponent']}"
    return latex


def spoken_text(latex: str) -> str:
    """A cell as the voice says it, digit by digit after the point, as the screen writes it:
    "-0.119" is "minus zero point one one nine", 6.14 x 10^-6 "six point one four times ten
    to the minus six"."""
    scientific = _SCIENTIFIC.match(latex)
    if scientific:
        mantissa = spoken_decimal_text(scientific["mantissa"])
        return f"{mantissa} times ten to the {spoken_integer(int(scientific['exponent']))}"
    return spoken_decimal_text(latex)


def with_helpers(expr: sympy.Expr, helpers: Mapping[str, sympy.Expr]) -> sympy.Expr:
    """The formula with each helper call replaced by the helper's body (helpers may call the
    helpers declared before them, so this repeats until none is left)."""
    bodies = {sympy.Function(name): sympy.Lambda(calc.X, body) for name, body in helpers.items()}
    for _ in range(len(bodies) + 1):
        if not any(expr.has(function) for function in bodies):
            return expr
        for function, body in bodies.items():
            expr = expr.replace(function, body)
    return expr


def value_at(expr: sympy.Expr, variable: sympy.Symbol, at: sympy.Expr) -> sympy.Expr:
    """The formula's exact value at the input; a CellError where it is undefined (1/x at 0)
    or not a real number (log of a negative number)."""
    value = expr.subs(variable, at)
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or value.is_finite is False:
        raise CellError("is undefined")
    approximate = _approximate(value)
    if approximate.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise CellError("is undefined")
    if not approximate.is_real:
        raise CellError("is not a real number")
    return value
