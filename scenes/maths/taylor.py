"""Taylor polynomials: exact coefficients, the polynomial as a lecturer writes it, its error.

The coefficients f^(k)(a)/k! come from sympy's derivatives, exactly. A polynomial is kept
as its terms c_k (x - a)^k; each term is written three ways from the same shown
coefficient (LaTeX for the screen, plain text for the caption, words for the voice), so
what is said is what is shown. The largest error |f - p_n| on an interval is sampled
densely, its ends included; a polynomial f is matched exactly (error 0). No manim here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from scenes.maths import drawable
from scenes.maths.calculus import MathError, X
from scenes.maths.narration_values import caption_formula
from scenes.maths.plan_values import latex
from scenes.maths.spoken_math import (
    spoken_decimal_text,
    spoken_expression,
    spoken_integer,
    spoken_number,
)

ERROR_SAMPLES = 4001  # points across the error interval, its ends included
SHOWN_DIGITS = 3  # significant digits of a coefficient or error that is not shown exactly
MAX_WRITTEN_DIGITS = 6  # an exact fraction whose numbers are longer is shown as a decimal
MAX_EXACT_COEFFICIENT = 16  # LaTeX characters of an irrational coefficient shown exactly
SMALLEST_PLAIN = 1e-3  # a decimal below this (or at LARGEST_PLAIN and above) is m x 10^e
LARGEST_PLAIN = 1e5
CONTINUITY_STEPS = (1e-4, 1e-7)  # distances from the centre a derivative is compared at
CONTINUITY_TOLERANCE = 1e-3


class NotDifferentiable(MathError):
    """f has no k-th derivative at the centre, so no Taylor polynomial of degree k."""

    def __init__(self, order: int) -> None:
        super().__init__(f"f has no derivative of order {order} at the centre")
        self.order = order


# --------------------------------------------------------------------------- coefficients


def coefficients(f: sympy.Expr, center: sympy.Expr, degree: int) -> tuple[sympy.Expr, ...]:
    """f^(k)(a)/k! for k = 0..degree, exact; NotDifferentiable names the first order that
    does not exist at a (infinite, not real, or a kink that sympy's formula hides)."""
    found: list[sympy.Expr] = []
    derivative = f
    for order in range(degree + 1):
        if order > 0 and not drawable.derivative_exists(derivative, X, {X: center}):
            raise NotDifferentiable(order)
        if order > 0:
            derivative = _without_deltas(sympy.diff(derivative, X), center, order)
        value = _value_at(derivative, center)
        if value is None or not _continuous_at(derivative, center, value):
            raise NotDifferentiable(order)
        found.append(sympy.simplify(value / sympy.factorial(order)))
    return tuple(found)


def _without_deltas(expr: sympy.Expr, center: sympy.Expr, order: int) -> sympy.Expr:
    """The derivative of a kinked formula (|x|^3) with its Dirac deltas taken off where they
    are zero; one that sits on the centre means no derivative of that order there."""
    deltas = expr.atoms(sympy.DiracDelta)
    return expr.subs({delta: 0 for delta in deltas}) if deltas else expr


def _continuous_at(expr: sympy.Expr, center: sympy.Expr, value: sympy.Expr) -> bool:
    """Whether expr closes in on its value at the centre from both sides (sign(x) at 0 does
    not: a jump the difference quotients of derivative_exists cannot see)."""
    at = float(sympy.N(center))
    fn = sympy.lambdify(X, expr, "numpy")
    target = float(sympy.N(value))
    gaps = []
    for step in CONTINUITY_STEPS:
        with np.errstate(all="ignore"):
            sides = np.asarray(fn(np.array([at - step, at + step])), dtype=complex)
        sides = np.broadcast_to(sides, (2,))
        if not np.all(np.isfinite(sides)):
            return False
        gaps.append(float(np.max(np.abs(sides - target))))
    wide, narrow = gaps
    return narrow <= CONTINUITY_TOLERANCE * (1.0 + abs(target)) or narrow < wide / 10


def _value_at(expr: sympy.Expr, center: sympy.Expr) -> sympy.Expr | None:
    """expr at x = center, simplified; None where it is not a finite real number."""
    try:
        value = sympy.simplify(expr.subs(X, center))
    except (TypeError, ValueError, ZeroDivisionError, RecursionError):
        return None
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or value.free_symbols:
        return None
    if value.is_finite is False or value.is_real is False:
        return None
    try:
        as_float = complex(sympy.N(value))
    except (TypeError, ValueError):
        return None
    if not np.isfinite(as_float) or abs(as_float.imag) > 1e-12:
        return None
    return value


def polynomial(coefficients: Sequence[sympy.Expr], center: sympy.Expr) -> sympy.Expr:
    """sum c_k (x - a)^k, exact."""
    return sympy.Add(*(c * (X - center) ** k for k, c in enumerate(coefficients)))


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class ShownNumber:
    """A number as the screen writes it (LaTeX), as a caption writes it, as the voice says
    it, and whether it is exact (else rounded to SHOWN_DIGITS significant digits)."""

    latex: str
    text: str
    spoken: str
    exact: bool


def shown_decimal(value: float) -> ShownNumber:
    """value to SHOWN_DIGITS significant digits: 0.0516, 403, 1.23 x 10^{-5}."""
    if value == 0:
        return ShownNumber("0", "0", "zero", True)
    magnitude = abs(value)
    sign_latex, sign_said = ("-", "minus ") if value < 0 else ("", "")
    if SMALLEST_PLAIN <= magnitude < LARGEST_PLAIN:
        digits = max(SHOWN_DIGITS - 1 - int(np.floor(np.log10(magnitude))), 0)
        written = f"{magnitude:.{digits}f}"
        if "." in written:
            written = written.rstrip("0").rstrip(".")
        if float(written) >= LARGEST_PLAIN:  # 99999.6 rounds up to 1 x 10^5
            return shown_decimal(float(f"{value:.{SHOWN_DIGITS - 1}e}"))
        return ShownNumber(
            sign_latex + written,
            sign_latex + written,
            sign_said + spoken_decimal_text(written),
            False,
        )
    mantissa, exponent = f"{magnitude:.{SHOWN_DIGITS - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = int(exponent)
    power_said = f"minus {spoken_integer(-power)}" if power < 0 else spoken_integer(power)
    return ShownNumber(
        rf"{sign_latex}{mantissa} \times 10^{{{power}}}",
        f"{sign_latex}{mantissa} × 10^{power}",
        f"{sign_said}{spoken_decimal_text(mantissa)} times ten to the {power_said}",
        False,
    )


def _short_fraction(value: sympy.Rational) -> bool:
    return all(
        len(str(abs(n)).rstrip("0") or "0") <= MAX_WRITTEN_DIGITS for n in (value.p, value.q)
    )


@dataclass(frozen=True)
class Term:
    """One term c_k (x - a)^k of a Taylor polynomial, written without its sign (the sum
    writes + or -), with its exact coefficient."""

    power: int
    coefficient: sympy.Expr
    negative: bool
    latex: str
    text: str
    spoken: str
    exact: bool


def term(
    coefficient: sympy.Expr, power: int, center: sympy.Expr, round_irrational: bool = False
) -> Term:
    """The term as a lecturer writes it: x^2/2 as \\frac{x^{2}}{2}, e (x - 1)^2/2 as
    \\frac{e}{2} (x - 1)^{2}; a coefficient with no short exact form rounded (0.421)."""
    negative = float(sympy.N(coefficient)) < 0
    size = -coefficient if negative else coefficient
    base_latex, base_text = _base(center)
    power_latex = "" if power == 0 else base_latex if power == 1 else f"{base_latex}^{{{power}}}"
    power_text = "" if power == 0 else base_text if power == 1 else f"{base_text}^{power}"
    if size.is_Rational and _short_fraction(size):
        p, q = int(size.p), int(size.q)
        if center != 0 and power and p != 1 and q != 1:  # \frac{2}{3} (x - 1), not over 3
            return Term(
                power,
                coefficient,
                negative,
                rf"\frac{{{p}}}{{{q}}} {power_latex}",
                f"{p}/{q}·{power_text}",
                f"{spoken_number(size)} times {_said_power(power, center)}",
                True,
            )
        top = power_latex if p == 1 and power else f"{p} {power_latex}".strip()
        if top == base_latex and q != 1 and center != 0:
            top = base_latex[len(r"\left(") : -len(r"\right)")]  # \frac{x - 1}{2}
        top_text = power_text if p == 1 and power else f"{p}{power_text}"
        written = top if q == 1 else rf"\frac{{{top}}}{{{q}}}"
        text = top_text if q == 1 else f"{top_text}/{q}"
        said = _said_exact(size, power, center)
        return Term(power, coefficient, negative, written, text, said, True)
    size_latex = latex(size)
    if (
        not round_irrational
        and not size.is_Rational
        and len(size_latex) <= MAX_EXACT_COEFFICIENT
        and not any(sign in size_latex for sign in "+-")
    ):
        text_size = caption_formula(size).replace("E", "e")
        return Term(
            power,
            coefficient,
            negative,
            f"{size_latex} {power_latex}".strip(),
            f"{text_size}·{power_text}" if power else text_size,
            _said_exact(size, power, center),
            True,
        )
    rounded = shown_decimal(float(sympy.N(size)))
    return Term(
        power,
        coefficient,
        negative,
        rf"{rounded.latex}\, {power_latex}" if power else rounded.latex,
        f"{rounded.text}·{power_text}" if power else rounded.text,
        f"{rounded.spoken} times {_said_power(power, center)}" if power else rounded.spoken,
        False,
    )


def _said_exact(size: sympy.Expr, power: int, center: sympy.Expr) -> str:
    """An exact term in words: around 0 as sympy says it ("x squared over two"); around
    a != 0 built here, since sympy would multiply 6 (x - 1) out into 6 x - 6."""
    if center == 0 or power == 0:
        return spoken_expression(size * X**power)
    base = _said_power(power, center)
    if size.is_Rational:  # an integer times the power, or the power over an integer
        top = base if size.p == 1 else f"{spoken_integer(int(size.p))} times {base}"
        return top if size.q == 1 else f"{top}, over {spoken_integer(int(size.q))}"
    return f"{spoken_expression(size)} times {base}"


def _said_power(power: int, center: sympy.Expr) -> str:
    """(x - a)^k in words after "times": "the quantity x minus one" for k = 1, so that
    "0.54 times the quantity x minus one" is not heard as 0.54 x - 1."""
    said = spoken_expression((X - center) ** power)
    return f"the quantity {said}" if power == 1 and center != 0 else said


def _shown_exactly(coefficient: sympy.Expr) -> bool:
    """Whether term() writes the coefficient exactly when not told to round it."""
    size = abs(coefficient)
    if size.is_Rational:
        return _short_fraction(size)
    text = latex(size)
    return len(text) <= MAX_EXACT_COEFFICIENT and not any(sign in text for sign in "+-")


def _base(center: sympy.Expr) -> tuple[str, str]:
    """x, or (x - a) / (x + |a|): LaTeX and caption text."""
    if center == 0:
        return "x", "x"
    sign = "-" if float(sympy.N(center)) > 0 else "+"
    size = abs(center)
    size_latex, size_text = center_latex(size), center_text(size)
    return (
        rf"\left(x {sign} {size_latex}\right)",
        f"(x {sign} {size_text})",
    )


def center_latex(value: sympy.Expr) -> str:
    """A centre as written: an integer or short decimal as such (0.5, not 1/2), else exact
    where short, else rounded."""
    decimal = _short_decimal(value)
    if decimal is not None:
        return decimal
    exact = latex(value)
    return exact if len(exact) <= MAX_EXACT_COEFFICIENT else shown_decimal(float(value)).latex


def center_text(value: sympy.Expr) -> str:
    decimal = _short_decimal(value)
    if decimal is not None:
        return decimal
    exact = latex(value)
    if len(exact) <= MAX_EXACT_COEFFICIENT:
        return caption_formula(value).replace("E", "e")
    return shown_decimal(float(value)).text


def center_said(value: sympy.Expr) -> str:
    """A centre (or an interval's end) in words, as center_text writes it: 0.5 is
    "zero point five", not "one half"."""
    decimal = _short_decimal(value)
    if decimal is None:
        return spoken_number(value)
    sign, digits = ("minus ", decimal[1:]) if decimal.startswith("-") else ("", decimal)
    return sign + spoken_decimal_text(digits)


def _short_decimal(value: sympy.Expr) -> str | None:
    """An integer, or a rational with at most 4 decimal places, written as a decimal."""
    value = sympy.sympify(value)
    if not value.is_Rational:
        return None
    for places in range(5):
        scaled = value * 10**places
        if scaled.is_Integer:
            return f"{float(value):.{places}f}"
    return None


@dataclass(frozen=True)
class Written:
    """A whole polynomial: its LaTeX (right-hand side), caption text, spoken words, and
    whether every coefficient is shown exactly."""

    latex: str
    text: str
    spoken: str
    exact: bool
    terms: tuple[Term, ...]


def written(coefficients: Sequence[sympy.Expr], center: sympy.Expr) -> Written:
    """sum c_k (x - a)^k from the lowest power up, zero terms left out ("0" when all are)."""
    kept = [(k, c) for k, c in enumerate(coefficients) if c != 0]
    # one irrational coefficient rounded rounds them all: no 3/e^3 beside 0.224
    round_irrational = not all(_shown_exactly(c) for _, c in kept if not c.is_Rational)
    terms = tuple(term(c, k, center, round_irrational) for k, c in kept)
    if not terms:
        return Written("0", "0", "zero", True, ())
    latex_parts, text_parts, said_parts = [], [], []
    for index, each in enumerate(terms):
        if index == 0:
            latex_parts.append(f"-{each.latex}" if each.negative else each.latex)
            text_parts.append(f"-{each.text}" if each.negative else each.text)
            said_parts.append(f"minus {each.spoken}" if each.negative else each.spoken)
        else:
            sign = "-" if each.negative else "+"
            latex_parts.append(f"{sign} {each.latex}")
            text_parts.append(f"{sign} {each.text}")
            said_parts.append(f"{'minus' if each.negative else 'plus'} {each.spoken}")
    return Written(
        " ".join(latex_parts),
        " ".join(text_parts),
        " ".join(said_parts),
        all(each.exact for each in terms),
        terms,
    )


# --------------------------------------------------------------------------- the error


@dataclass(frozen=True)
class LargestError:
    """max |f - p| on the interval, and where it is reached."""

    value: float
    at: float


def largest_error(
    f: sympy.Expr, p: sympy.Expr, interval: tuple[float, float], samples: int = ERROR_SAMPLES
) -> LargestError:
    """The largest |f - p| on the closed interval: sampled densely (its ends included),
    exactly 0 where f - p is identically zero (f a polynomial of degree <= n)."""
    low, high = interval
    difference = sympy.expand(f - p)
    if difference == 0:
        return LargestError(0.0, float(low))
    xs = np.linspace(low, high, samples)
    gap = sympy.lambdify(X, difference, "numpy")
    values = np.abs(np.broadcast_to(np.asarray(gap(xs), dtype=float), xs.shape))
    if not np.all(np.isfinite(values)):
        raise MathError("f - p is not finite everywhere on the error interval")
    index = int(np.argmax(values))
    return LargestError(float(values[index]), float(xs[index]))
