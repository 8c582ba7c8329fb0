"""The checks plan builders share before they animate: defined, inside, differentiable.

Each raises Refusal naming the parameter and its value, which `scenes.plans.build_plan`
reports as one sentence ("<file>: scenes.<Id>.<param> = <value> ..."), as it does the
templates' own PlanRefusal. The sampling lives in drawable.py; this module words it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy
from sympy.printing.str import StrPrinter

from scenes.maths import drawable

MAX_DIGITS = 12  # an exact number written longer than this is shown rounded
SIGNIFICANT = 4  # digits of a rounded number: 3.142, 1e-300, 1e+308


class Refusal(Exception):
    """A parameter's value cannot be animated honestly; `problem` completes the sentence
    "scenes.<Id>.<param> ..."."""

    def __init__(self, param: str, problem: str, value: Any = None) -> None:
        super().__init__(problem)
        self.param = param
        self.problem = problem
        self.value = value


def shown(value: Any) -> str:
    """A content value as the file writes it: "x**2", 1.5, [1, 0]; long numbers rounded."""
    if isinstance(value, tuple | list):
        return "[" + ", ".join(shown(item) for item in value) + "]"
    if isinstance(value, sympy.Basic) and value.free_symbols:
        return f'"{formula(value)}"'
    if isinstance(value, sympy.Integer):
        return formula(value)
    if isinstance(value, sympy.Float | sympy.Rational):
        return rounded(value)  # as a file writes it: 0.5, 2.2
    if isinstance(value, sympy.Basic):
        return formula(value)  # pi/4
    return rounded(value) if isinstance(value, float) else str(value)


def formula(expr: sympy.Basic) -> str:
    """sympy's text of an expression, its long numbers rounded: "1/(x - 1e-300)"."""
    return _RoundingPrinter().doprint(expr)


def rounded(value: Any) -> str:
    """A number to SIGNIFICANT digits as Python writes it (0.5, 1e-300, 1e+308), also past
    what a float holds (1e+400)."""
    number = sympy.Float(value, 15) if isinstance(value, sympy.Basic) else value
    try:
        as_float = float(number)
    except (TypeError, ValueError):
        return str(value)
    except OverflowError:
        as_float = math.inf
    if number != 0 and not 1e-300 <= abs(as_float) <= 1e300:
        return _rounded_beyond_floats(sympy.Float(number, 15))
    return f"{as_float:.{SIGNIFICANT}g}"


def _rounded_beyond_floats(number: sympy.Float) -> str:
    """A number too large or too small for a float, as m.mmme+N."""
    exponent = int(sympy.floor(sympy.log(abs(number), 10)))
    mantissa = float(number / sympy.Integer(10) ** exponent)
    if round(abs(mantissa), SIGNIFICANT - 1) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{mantissa:.{SIGNIFICANT}g}e{exponent:+03d}"


class _RoundingPrinter(StrPrinter):
    """sympy's str printer, with numbers longer than MAX_DIGITS rounded."""

    def _print_Integer(self, expr: sympy.Integer) -> str:
        text = super()._print_Integer(expr)
        return text if len(text.lstrip("-")) <= MAX_DIGITS else rounded(expr)

    def _print_Rational(self, expr: sympy.Rational) -> str:
        text = super()._print_Rational(expr)
        return text if len(text.lstrip("-")) <= MAX_DIGITS else rounded(expr)

    def _print_Float(self, expr: sympy.Float) -> str:
        return rounded(expr)


_LONG_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:/\d+)?")


def rounded_text(text: str) -> str:
    """A message with every number longer than MAX_DIGITS rounded: the math core's
    sentences print exact numbers ("1/1000...0"), which a reader cannot take in."""

    def shorten(match: re.Match[str]) -> str:
        written = match.group(0)
        if len(written) <= MAX_DIGITS:
            return written
        try:
            return rounded(sympy.Rational(written))
        except (TypeError, ValueError):
            return written

    return _LONG_NUMBER.sub(shorten, text)


def _at(value: float) -> str:
    return rounded(value)


def _range(bounds: tuple[float, float]) -> str:
    return f"[{_at(bounds[0])}, {_at(bounds[1])}]"


def require_defined_on_range(
    param: str,
    expr: sympy.Expr,
    x_range: tuple[float, float],
    what: str = "it",
    value: Any = None,
    points: Sequence[Any] = (),
) -> None:
    """expr is a finite real number all across the plotted x range, singularities between
    samples included (`value`: the param's, when expr is built from it; `points`: the x
    the scene evaluates expr at, besides its plot)."""
    found = drawable.undrawable_on_range(expr, x_range, [float(p) for p in points])
    if found is not None:
        value = expr if value is None else value
        where = f"x = {_at(found.at[0])}, inside x_range = {_range(x_range)}"
        if found.overflows:
            problem = (
                f"{what} overflows (is too large to draw) at {where}; choose another "
                f"function or a smaller x_range."
            )
        else:
            problem = (
                f"{what} is undefined or not real at {where}; choose another function "
                f"or an x_range where it is defined."
            )
        raise Refusal(param, f"= {shown(value)} cannot be drawn: {problem}", value)


def require_defined_on_box(
    param: str, expr: sympy.Expr, x_range: tuple[float, float], y_range: tuple[float, float]
) -> None:
    """The surface has a finite real height everywhere on the plotted domain, singularities
    between the sampled grid's points included."""
    found = drawable.undrawable_on_box(expr, x_range, y_range)
    if found is not None:
        x, y = found.at
        problem = (
            "overflows (is too large to draw)" if found.overflows else "is undefined or not real"
        )
        raise Refusal(
            param,
            f"= {shown(expr)} cannot be drawn: it {problem} at "
            f"(x, y) = ({_at(x)}, {_at(y)}), inside the plotted domain "
            f"{_range(x_range)} x {_range(y_range)}; choose another surface or ranges.",
            expr,
        )


def require_height_in_range(
    param: str, value: Any, label: str, height: float, y_range: tuple[float, float]
) -> None:
    """A point the scene marks, at `height`, lies inside the plotted y range."""
    if not drawable.inside(height, y_range):
        raise Refusal(
            param,
            f"= {shown(value)} puts {label} at y = {_at(height)}, outside y_range = "
            f"{_range(y_range)}, so it would be off the picture; widen y_range.",
            value,
        )


def require_derivative(
    param: str, value: Any, expr: sympy.Expr, point: dict[sympy.Symbol, sympy.Expr]
) -> None:
    """Every partial derivative of expr exists at the point."""
    for variable in sorted(expr.free_symbols | set(point), key=str):
        if variable in point and not drawable.derivative_exists(expr, variable, point):
            where = ", ".join(f"{symbol} = {shown(v)}" for symbol, v in point.items())
            raise Refusal(
                param,
                f"= {shown(value)} cannot be animated: {shown(expr)} has no derivative in "
                f"{variable} at {where}; choose a point where it is smooth.",
                value,
            )


def require_path_inside(
    param: str,
    value: Any,
    path: np.ndarray,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    what: str,
) -> None:
    """A drawn path (rows x, y, ...) stays inside the plotted domain."""
    index = drawable.first_outside(path, x_range, y_range)
    if index is not None:
        x, y = float(path[index][0]), float(path[index][1])
        raise Refusal(
            param,
            f"= {shown(value)} cannot be animated: {what} would leave the plotted domain "
            f"{_range(x_range)} x {_range(y_range)} at (x, y) = ({_at(x)}, {_at(y)}); "
            f"widen x_range and y_range or shorten it.",
            value,
        )


def require_minimum_inside(
    param: str, surface: sympy.Expr, x_range: tuple[float, float], y_range: tuple[float, float]
) -> None:
    """The surface has a lowest point strictly inside the domain, for the ball to rest in."""
    lowest = drawable.lowest_point(surface, x_range, y_range)
    if lowest.on_edge:
        raise Refusal(
            param,
            f"= {shown(surface)} cannot be animated: it has no minimum inside the plotted "
            f"domain {_range(x_range)} x {_range(y_range)} (its lowest point there is "
            f"(x, y) = ({_at(lowest.x)}, {_at(lowest.y)}) on the edge), so no ball comes to "
            f"rest; choose a surface with a minimum or ranges around it.",
            surface,
        )
