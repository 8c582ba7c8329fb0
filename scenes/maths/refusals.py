"""The checks plan builders share before they animate: defined, inside, differentiable.

Each raises Refusal naming the parameter and its value, which `scenes.plans.build_plan`
reports as one sentence ("<file>: scenes.<Id>.<param> = <value> ..."), as it does the
templates' own PlanRefusal. The sampling lives in drawable.py; this module words it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from scenes.maths import drawable


class Refusal(Exception):
    """A parameter's value cannot be animated honestly; `problem` completes the sentence
    "scenes.<Id>.<param> ..."."""

    def __init__(self, param: str, problem: str, value: Any = None) -> None:
        super().__init__(problem)
        self.param = param
        self.problem = problem
        self.value = value


def shown(value: Any) -> str:
    """A content value as the file writes it: "x**2", 1.5, [1, 0]."""
    if isinstance(value, tuple | list):
        return "[" + ", ".join(shown(item) for item in value) + "]"
    if isinstance(value, sympy.Basic) and value.free_symbols:
        return f'"{sympy.sstr(value)}"'
    if isinstance(value, sympy.Integer):
        return str(value)
    if isinstance(value, sympy.Float | sympy.Rational):
        return f"{float(value):g}"  # as a file writes it: 0.5, 2.2
    if isinstance(value, sympy.Basic):
        return sympy.sstr(value)  # pi/4
    return f"{value:g}" if isinstance(value, float) else str(value)


def _at(value: float) -> str:
    return f"{value:.4g}"


def _range(bounds: tuple[float, float]) -> str:
    return f"[{_at(bounds[0])}, {_at(bounds[1])}]"


def require_defined_on_range(
    param: str,
    expr: sympy.Expr,
    x_range: tuple[float, float],
    what: str = "it",
    value: Any = None,
) -> None:
    """expr is a finite real number all across the plotted x range (`value`: the param's,
    when expr is built from it)."""
    where = drawable.undefined_on_range(expr, x_range)
    if where is not None:
        value = expr if value is None else value
        raise Refusal(
            param,
            f"= {shown(value)} cannot be drawn: {what} is undefined or not real at "
            f"x = {_at(where)}, inside x_range = {_range(x_range)}; choose another "
            f"function or an x_range where it is defined.",
            value,
        )


def require_defined_on_box(
    param: str, expr: sympy.Expr, x_range: tuple[float, float], y_range: tuple[float, float]
) -> None:
    """The surface has a finite real height everywhere on the plotted domain."""
    where = drawable.undefined_on_box(expr, x_range, y_range)
    if where is not None:
        raise Refusal(
            param,
            f"= {shown(expr)} cannot be drawn: it is undefined or not real at "
            f"(x, y) = ({_at(where[0])}, {_at(where[1])}), inside the plotted domain "
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
