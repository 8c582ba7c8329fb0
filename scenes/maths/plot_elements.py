"""The numbers a Plot scene marks on its functions: slopes, areas, shown values, tangent ends.

Every number is sympy's (a derivative, a definite integral), and every number shown is
rounded once, here, so the label on screen, the caption and the voice say the same value.
No manim here: the plan builder and its tests use it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import mpmath
import sympy

from scenes.maths import calculus as calc
from scenes.maths.decimals import significant_digits, terminating_places
from scenes.maths.narration_values import SaidValue
from scenes.maths.spoken_math import spoken_number

SHOWN_DIGITS = 3  # significant digits of a value that is not exact and short
SHOWN_PLACES = 4  # and at most this many decimals (the voice says at most four)
MAX_EXACT_DENOMINATOR = 12  # 1/3 stays a fraction; 17/1000 or 1/97 is shown as a decimal
MAX_EXACT_PLACES = 4  # a terminating decimal up to this many places is exact: 0.0625
QUADRATURE_DIGITS = 30  # working digits of a numerical integral (15 are kept)
MAX_DIGITS = 4  # and up to this many significant digits: 1250 is exact, 1234567 is 1230000


@dataclass(frozen=True)
class Shown:
    """A value as the screen writes it (LaTeX), as a caption writes it and as the voice says
    it, and whether that is the value itself or a rounding of it."""

    value: float  # the full value (plans keep it for drawing)
    latex: str
    exact: bool
    said: SaidValue

    @property
    def relation(self) -> str:
        """`=` before an exact value, `\\approx` before a rounded one."""
        return "=" if self.exact else r"\approx"

    @property
    def about(self) -> str:
        """What a sentence says before the value: nothing, or "about"."""
        return "" if self.exact else "about "


def rounded(value: float) -> float:
    """A value to SHOWN_DIGITS significant digits and at most SHOWN_PLACES decimals."""
    if value == 0 or not math.isfinite(value):
        return 0.0 if value == 0 else value
    magnitude = math.floor(math.log10(abs(value)))
    digits = min(SHOWN_DIGITS - 1 - magnitude, SHOWN_PLACES)
    result = round(value, digits)
    return 0.0 if result == 0 else result  # no -0


def _decimal(value: float) -> str:
    """A rounded value written positionally: 0.731, 1230, -2.5 (no exponent)."""
    text = f"{value:.{SHOWN_PLACES}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def shown(value: sympy.Expr) -> Shown:
    """An exact value as the screen shows it: an integer, a short decimal or a small fraction
    exactly (3, 0.25, 1/3), anything else rounded (0.731, 1230)."""
    exact = sympy.nsimplify(value) if isinstance(value, sympy.Float) else sympy.sympify(value)
    full = float(sympy.N(exact))
    if isinstance(exact, sympy.Rational):
        places = terminating_places(int(exact.q))
        text = calc.number_text(exact)
        if (
            places is not None
            and places <= MAX_EXACT_PLACES
            and significant_digits(text) <= MAX_DIGITS
        ):
            return Shown(full, text, True, SaidValue(text, spoken_number(exact)))
        if int(exact.q) <= MAX_EXACT_DENOMINATOR and abs(int(exact.p)) < 100:
            sign = "-" if exact < 0 else ""
            latex = rf"{sign}\frac{{{abs(int(exact.p))}}}{{{int(exact.q)}}}"
            written = f"{int(exact.p)}/{int(exact.q)}"
            return Shown(full, latex, True, SaidValue(written, spoken_number(exact)))
    near = rounded(full)
    text = _decimal(near)
    return Shown(full, text, False, SaidValue(text, spoken_number(sympy.Float(text))))


def shown_to_places(value: sympy.Expr, places: int) -> Shown:
    """A value as a readout with `places` decimals shows it (-0.936 as -0.94): what the voice
    says of a live number is what the number stops at."""
    exact = sympy.sympify(value)
    full = float(sympy.N(exact))
    near = round(full, places)
    text = _decimal(near)
    is_exact = exact.is_Rational and exact == sympy.Rational(text)
    return Shown(full, text, bool(is_exact), SaidValue(text, spoken_number(sympy.Float(text))))


def functions_of(helpers: Mapping[str, sympy.Expr]) -> dict[str, sympy.Expr]:
    """Each function in x alone: a helper that calls the ones before it (t = "2*s(x)") gets
    their formulas put in."""
    found: dict[str, sympy.Expr] = {}
    for name, expr in helpers.items():
        for earlier, formula in found.items():
            expr = expr.subs(sympy.Function(earlier)(calc.X), formula)
        found[name] = expr
    return found


def slope_at(expr: sympy.Expr, at: sympy.Expr) -> sympy.Expr:
    """The derivative of expr at x = at, exactly (sympy's derivative)."""
    return sympy.simplify(sympy.diff(expr, calc.X).subs(calc.X, at))


def value_at(expr: sympy.Expr, at: sympy.Expr) -> sympy.Expr:
    """expr at x = at, exactly."""
    return sympy.simplify(expr.subs(calc.X, at))


@functools.lru_cache(maxsize=64)  # loading a lecture and drawing it plan the scene twice
def integral(expr: sympy.Expr, start: sympy.Expr, end: sympy.Expr) -> sympy.Expr:
    """The definite integral of expr from start to end: sympy's exact value where it finds
    one (2, e - 1, pi/2), else the same integral by quadrature (mpmath, sympy's numerical
    engine), split where an absolute value turns so each piece is smooth."""
    value = sympy.integrate(expr, (calc.X, start, end))
    if not value.has(sympy.Integral, sympy.Piecewise) and value.is_number:
        return value
    with mpmath.workdps(QUADRATURE_DIGITS):
        f = sympy.lambdify(calc.X, expr, "mpmath")
        found = mpmath.quad(
            f, [mpmath.mpf(sympy.N(x, QUADRATURE_DIGITS)) for x in _kinks(expr, start, end)]
        )
    return sympy.Float(mpmath.re(found), 15)


def _kinks(expr: sympy.Expr, start: sympy.Expr, end: sympy.Expr) -> list[sympy.Expr]:
    """start, the points inside (start, end) where an absolute value's argument is 0, end."""
    inside = sympy.Interval.open(start, end)
    points: set[sympy.Expr] = set()
    for turn in expr.atoms(sympy.Abs, sympy.sign, sympy.Heaviside):
        try:
            zeros = sympy.solveset(turn.args[0], calc.X, inside)
        except (NotImplementedError, ValueError, TypeError):
            continue
        if isinstance(zeros, sympy.FiniteSet):
            points |= set(zeros)
    return [start, *sorted(points, key=lambda x: float(sympy.N(x))), end]


def clipped_segment(
    point: tuple[float, float],
    direction: tuple[float, float],
    half: float,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The ends of point + t * direction for t in [-half, half], cut to the window (the
    point itself lies inside it): a tangent at the edge stops at the edge."""
    low, high = -half, half
    for axis, (start, end) in enumerate((x_range, y_range)):
        step = direction[axis]
        if abs(step) < 1e-12:
            continue
        a, b = (start - point[axis]) / step, (end - point[axis]) / step
        low, high = max(low, min(a, b)), min(high, max(a, b))
    low, high = min(low, 0.0), max(high, 0.0)

    def at(t: float) -> tuple[float, float]:
        return (point[0] + t * direction[0], point[1] + t * direction[1])

    return at(low), at(high)
