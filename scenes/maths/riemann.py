"""Riemann sums and the definite integral they converge to (no manim).

A Riemann sum with n rectangles of width dx = (b - a)/n takes each rectangle's height at
its strip's left end, right end or midpoint. Where f is a rational function with rational
coefficients and the interval's ends are rational, every sum is an exact rational (the
table shows 1/8, not 0.1249999); elsewhere it is summed with 30 digits. The integral is
sympy's, in closed form, checked against numerical quadrature; where sympy finds no closed
form (or takes too long, or disagrees with the quadrature) the quadrature's value is
used and the result says so.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache

import mpmath
import numpy as np
import sympy

from scenes.maths.calculus import X
from scenes.maths.decimals import plain, significant_digits, terminates

RULES = ("left", "right", "midpoint")
# Where, as a share of its strip, each rule takes a rectangle's height.
RULE_OFFSETS = {
    "left": sympy.Integer(0),
    "right": sympy.Integer(1),
    "midpoint": sympy.Rational(1, 2),
}
MAX_RECTANGLES = 200  # past this the rectangles are thinner than a pixel's stroke at draft
NUMERIC_DIGITS = 30  # working precision of a sum or integral found numerically
INTEGRATE_SECONDS = 5.0  # sympy's integrate can run for minutes on a hard integrand
SIMPLIFY_SECONDS = 2.0
AGREEMENT = 1e-7  # relative gap allowed between sympy's integral and the quadrature
SHOWN_SIGNIFICANT = 4  # a value that is not a short exact decimal is shown to 4 digits
MAX_EXACT_DIGITS = 6  # an exact terminating decimal up to this many digits is shown whole
SMALLEST_PLAIN, LARGEST_PLAIN = Decimal("0.0001"), Decimal(10) ** 6  # else m.mmm x 10^k
NOISE = 1e-20  # a numeric value this small is 0 (its terms cancelled)
QUADRATURE_PIECES = 24
PROFILE_SAMPLES = 801  # samples of f across the interval (its lowest and highest values)


class IntegralTimeout(Exception):
    """sympy's integrate ran past INTEGRATE_SECONDS."""


@dataclass(frozen=True)
class RiemannSum:
    """One sum: n rectangles of width `width`, heights f(samples), total `value`."""

    n: int
    rule: str
    width: sympy.Expr
    lefts: tuple[sympy.Expr, ...]  # each rectangle's left end
    samples: tuple[sympy.Expr, ...]  # where each rectangle's height is taken
    heights: tuple[float, ...]
    value: sympy.Expr  # an exact Rational, or a Float of NUMERIC_DIGITS digits
    exact: bool


@dataclass(frozen=True)
class DefiniteIntegral:
    """The integral of f over [a, b]: exact (sympy's closed form) or numeric (quadrature)."""

    value: sympy.Expr
    exact: bool
    numeric: float  # the quadrature's value, which the exact one was checked against


def strip_width(a: sympy.Expr, b: sympy.Expr, n: int) -> sympy.Expr:
    return (sympy.sympify(b) - sympy.sympify(a)) / n


def sample_points(a: sympy.Expr, b: sympy.Expr, n: int, rule: str) -> tuple[sympy.Expr, ...]:
    """Where each of the n rectangles takes its height: its left end, right end or middle."""
    if rule not in RULE_OFFSETS:
        raise ValueError(f"a Riemann sum's rule is one of {RULES}, not {rule!r}.")
    if n < 1:
        raise ValueError("a Riemann sum needs at least one rectangle.")
    a = sympy.sympify(a)
    width = strip_width(a, b, n)
    return tuple(a + (i + RULE_OFFSETS[rule]) * width for i in range(n))


def _is_exactly_summable(f: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> bool:
    """A rational function with rational coefficients, at rational points: exact and quick."""
    numbers = f.atoms(sympy.Number)
    return (
        bool(sympy.sympify(a).is_Rational and sympy.sympify(b).is_Rational)
        and f.free_symbols <= {X}
        and f.is_rational_function(X)
        and all(number.is_Rational for number in numbers)
        and not f.atoms(sympy.NumberSymbol)
    )


@cache
def _precise_function(f: sympy.Expr) -> Callable[[mpmath.mpf], mpmath.mpf]:
    return sympy.lambdify(X, f, modules="mpmath")


def _real(value: object, f: sympy.Expr, at: object) -> mpmath.mpf:
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > abs(value.real) * 1e-20 + 1e-25:
            raise ValueError(f"f(x) = {f} is not real at x = {at}.")
        value = value.real
    if not mpmath.isfinite(value):
        raise ValueError(f"f(x) = {f} is undefined at x = {at}.")
    return mpmath.mpf(value)


def riemann_sum(f: sympy.Expr, a: sympy.Expr, b: sympy.Expr, n: int, rule: str) -> RiemannSum:
    """The sum of f(sample) * dx over n strips of [a, b]: exact where f allows, else to
    NUMERIC_DIGITS digits."""
    samples = sample_points(a, b, n, rule)
    width = strip_width(a, b, n)
    lefts = tuple(sympy.sympify(a) + i * width for i in range(n))
    values = _rational_values(f, samples, required=_is_exactly_summable(f, a, b))
    if values is not None and width.is_Rational:
        total = sympy.Add(*values) * width
        heights = tuple(float(v) for v in values)
        return RiemannSum(n, rule, width, lefts, samples, heights, total, True)
    fn = _precise_function(f)
    with mpmath.workdps(NUMERIC_DIGITS + 5):
        points = [mpmath.mpf(sympy.N(x, NUMERIC_DIGITS + 5)) for x in samples]
        values = [_real(fn(x), f, x) for x in points]
        total = mpmath.fsum(values) * mpmath.mpf(sympy.N(width, NUMERIC_DIGITS + 5))
        heights = tuple(float(v) for v in values)
        value = sympy.Float(total, NUMERIC_DIGITS)
    return RiemannSum(n, rule, width, lefts, samples, heights, value, False)


def _rational_values(
    f: sympy.Expr, samples: Sequence[sympy.Expr], required: bool
) -> list[sympy.Expr] | None:
    """f at each sample where every value is rational (exp(0) = 1 too), else None: tried
    term by term, it stops at the first value that is not (exp(-1))."""
    values = []
    for x in samples:
        value = f.xreplace({X: x})
        if not value.is_Rational:
            if required:
                raise ValueError(f"f(x) = {f} is undefined at x = {x}.")
            return None
        values.append(value)
    return values


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raises IntegralTimeout in the block after `seconds` (a timer signal: main thread only;
    elsewhere the block runs unlimited)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise IntegralTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None: the handler before was not set from Python; put back the default
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


def _quadrature(f: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> mpmath.mpf:
    fn = _precise_function(f)
    with mpmath.workdps(NUMERIC_DIGITS):
        low, high = (mpmath.mpf(sympy.N(v, NUMERIC_DIGITS)) for v in (a, b))
        # pieces: a kink (|x| at 0) costs the quadrature its accuracy only on one piece
        return mpmath.quad(
            lambda t: _real(fn(t), f, t), mpmath.linspace(low, high, QUADRATURE_PIECES + 1)
        )


def _closed_form(f: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr | None:
    """sympy's definite integral, or None where it has none in closed form (in time)."""
    try:
        with _time_limit(INTEGRATE_SECONDS):
            result = sympy.integrate(f, (X, a, b))
    except (IntegralTimeout, NotImplementedError, ValueError, TypeError):
        return None
    try:
        with _time_limit(SIMPLIFY_SECONDS):
            result = sympy.simplify(result) if not result.atoms(sympy.Float) else result
    except IntegralTimeout:
        pass  # the closed form as integrate wrote it
    if (
        result.has(sympy.Integral)
        or result.free_symbols
        or result.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)
        or not sympy.N(result, NUMERIC_DIGITS).is_Number  # a complex value is an Add
    ):
        return None
    return result


@cache
def definite_integral(f: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> DefiniteIntegral:
    """The integral of f from a to b: sympy's closed form where it has one that agrees with
    the quadrature, else the quadrature's value (exact=False)."""
    numeric = _quadrature(f, a, b)
    closed = _closed_form(f, a, b)
    if closed is not None:
        with mpmath.workdps(NUMERIC_DIGITS):
            gap = abs(mpmath.mpf(sympy.N(closed, NUMERIC_DIGITS)) - numeric)
            if gap <= AGREEMENT * (1 + abs(numeric)):
                return DefiniteIntegral(closed, True, float(numeric))
    return DefiniteIntegral(sympy.Float(numeric, NUMERIC_DIGITS), False, float(numeric))


def profile(
    f: Callable[[np.ndarray], np.ndarray], a: float, b: float, extra: Sequence[float] = ()
) -> tuple[float, float]:
    """The lowest and highest value of f across [a, b] (sampled, with the extra points)."""
    xs = np.concatenate([np.linspace(a, b, PROFILE_SAMPLES), np.asarray(extra, dtype=float)])
    ys = np.asarray([f(float(x)) for x in xs], dtype=float)
    return float(ys.min()), float(ys.max())


def sign_pieces(
    f: Callable[[float], float], a: float, b: float, samples: int = PROFILE_SAMPLES
) -> list[tuple[int, list[tuple[float, float]]]]:
    """The region between f and the x axis over [a, b], split where f changes sign: each
    piece is its sign (+1 above, -1 below) and its outline along f, ends on the axis."""
    xs = np.linspace(a, b, samples)
    ys = [f(float(x)) for x in xs]
    pieces: list[tuple[int, list[tuple[float, float]]]] = []
    outline: list[tuple[float, float]] = [(float(xs[0]), 0.0)]
    sign = 1 if ys[0] > 0 or (ys[0] == 0 and _first_nonzero(ys) > 0) else -1
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        here = 0 if y == 0 else (1 if y > 0 else -1)
        if here and here != sign:
            x0, y0 = float(xs[i - 1]), ys[i - 1]
            root = _root(f, x0, float(x)) if y0 != 0 else x0
            outline.append((root, 0.0))
            pieces.append((sign, outline))
            outline, sign = [(root, 0.0)], here
        outline.append((float(x), float(y)))
    outline.append((float(xs[-1]), 0.0))
    pieces.append((sign, outline))
    return pieces


def _first_nonzero(values: Sequence[float]) -> float:
    return next((v for v in values if v != 0), 1.0)


def _root(f: Callable[[float], float], low: float, high: float) -> float:
    """Where f changes sign between low and high (bisection)."""
    f_low = f(low)
    for _ in range(60):
        middle = (low + high) / 2
        if (f(middle) > 0) == (f_low > 0):
            low, f_low = middle, f(middle)
        else:
            high = middle
    return (low + high) / 2


# ---------------------------------------------------------------- how values are written


def decimal_text(value: sympy.Expr) -> tuple[str, bool]:
    """A value as the table writes it, and whether that is exact: a terminating exact value
    of up to MAX_EXACT_DIGITS digits whole (0.21875), anything else to SHOWN_SIGNIFICANT
    significant digits (0.3333, 12.35, 1235) -- in plain digits from 0.0001 up to a million."""
    number = sympy.sympify(value)
    if number.is_Rational and terminates(int(number.q)):
        with localcontext() as context:
            context.prec = 60
            text = plain(Decimal(int(number.p)) / Decimal(int(number.q)))
        if significant_digits(text) <= MAX_EXACT_DIGITS:
            return text, True
    as_float = float(sympy.N(number, NUMERIC_DIGITS))
    if abs(as_float) < NOISE:  # a numeric sum of terms that cancel: 0 to its precision
        return "0", bool(number.is_zero)
    with localcontext() as context:
        context.prec = SHOWN_SIGNIFICANT
        context.rounding = ROUND_HALF_UP
        rounded = +Decimal(repr(as_float))
    if not SMALLEST_PLAIN <= abs(rounded) < LARGEST_PLAIN:
        mantissa, exponent = format(rounded, f".{SHOWN_SIGNIFICANT - 1}e").split("e")
        return f"{mantissa}e{int(exponent)}", False
    text = plain(rounded)
    return text, bool(number.is_Rational and sympy.Rational(text) == number)


def decimal_latex(text: str) -> str:
    """decimal_text's text in LaTeX: 1.235e6 as 1.235 \\times 10^{6}."""
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{exponent}}}"
    return text
