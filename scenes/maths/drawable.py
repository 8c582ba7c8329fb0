"""Whether a computed value can be drawn honestly in its plotted window. No manim here.

The math core accepts content that no picture can show truthfully: a function undefined
(or complex) somewhere on its plotted range, a point above the plotted y range, a descent
path that leaves the plotted domain, a surface whose lowest point lies on the domain's
edge. These functions find such cases by sampling, so plan builders can refuse them with
one sentence naming the value.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from scenes.maths import calculus as calc

LINE_SAMPLES = 401
MAX_POLE_DEGREE = 12  # denominators of higher degree are left to the samples
GRID_SAMPLES = 61
RANGE_SLACK = 1e-9  # relative to the range's span: a value on the border is inside


def _finite_real(values: object, shape: tuple[int, ...]) -> np.ndarray:
    """Per sample, whether the value is a finite real number (complex ones are not)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        array = np.broadcast_to(np.asarray(values), shape)
        if np.iscomplexobj(array):
            real = np.isfinite(array.real) & (np.abs(array.imag) <= 1e-12)
            return real
        try:
            return np.isfinite(array.astype(float))
        except (TypeError, ValueError):
            return np.zeros(shape, dtype=bool)


def _evaluate(expr: sympy.Expr, variables: tuple[sympy.Symbol, ...], *grids: np.ndarray) -> object:
    fn = sympy.lambdify(variables, expr, "numpy")
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(*grids)
        except (ValueError, TypeError, ZeroDivisionError, OverflowError, AttributeError):
            return np.full(grids[0].shape, np.nan)


def undefined_on_range(
    expr: sympy.Expr, x_range: tuple[float, float], samples: int = LINE_SAMPLES
) -> float | None:
    """The first sampled x in the range where expr(x) is not a finite real number; None: none."""
    poles = _poles(expr, x_range)
    if poles.size:
        return float(poles.min())
    x = np.linspace(float(x_range[0]), float(x_range[1]), samples)
    ok = _finite_real(_evaluate(expr, (calc.X,), x), x.shape)
    bad = np.flatnonzero(~ok)
    return float(x[bad[0]]) if bad.size else None


def _poles(expr: sympy.Expr, x_range: tuple[float, float]) -> np.ndarray:
    """Where a polynomial denominator of expr vanishes inside the range (samples miss them)."""
    try:
        denominator = sympy.denom(sympy.together(expr))
        if denominator.is_number or not denominator.is_polynomial(calc.X):
            return np.empty(0)
        poly = sympy.Poly(denominator, calc.X)
        if poly.degree() > MAX_POLE_DEGREE:
            return np.empty(0)
        roots = [complex(root) for root in poly.nroots()]
    except (sympy.PolynomialError, TypeError, ValueError, sympy.polys.polyerrors.PolynomialError):
        return np.empty(0)
    low, high = float(x_range[0]), float(x_range[1])
    real = [root.real for root in roots if abs(root.imag) < 1e-12 and low <= root.real <= high]
    return np.array(real, dtype=float)


def undefined_on_box(
    expr: sympy.Expr,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    samples: int = GRID_SAMPLES,
) -> tuple[float, float] | None:
    """The first sampled (x, y) in the box where expr is not a finite real number."""
    grid_x, grid_y = np.meshgrid(
        np.linspace(float(x_range[0]), float(x_range[1]), samples),
        np.linspace(float(y_range[0]), float(y_range[1]), samples),
    )
    ok = _finite_real(_evaluate(expr, (calc.X, calc.Y), grid_x, grid_y), grid_x.shape)
    bad = np.flatnonzero(~ok.ravel())
    if not bad.size:
        return None
    return float(grid_x.ravel()[bad[0]]), float(grid_y.ravel()[bad[0]])


def inside(value: float, bounds: tuple[float, float]) -> bool:
    """Whether a value lies in the closed range (up to rounding)."""
    low, high = float(bounds[0]), float(bounds[1])
    slack = RANGE_SLACK * max(high - low, 1.0)
    return bool(np.isfinite(value)) and low - slack <= value <= high + slack


def first_outside(
    points: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float]
) -> int | None:
    """The index of the first (x, y, ...) row outside the box; None when all lie inside."""
    for index, row in enumerate(np.asarray(points, dtype=float)):
        if not (inside(row[0], x_range) and inside(row[1], y_range)):
            return index
    return None


def first_outside_range(values: Sequence[float], bounds: tuple[float, float]) -> int | None:
    """The index of the first value outside the closed range; None when all lie inside."""
    return next((i for i, value in enumerate(values) if not inside(value, bounds)), None)


@dataclass(frozen=True)
class LowestPoint:
    """The lowest sampled point of a surface on a box, and whether it lies on the edge."""

    x: float
    y: float
    z: float
    on_edge: bool


def lowest_point(
    surface: sympy.Expr,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    samples: int = GRID_SAMPLES,
) -> LowestPoint:
    """Where the surface is lowest on a grid over the box.

    A continuous surface whose lowest grid point is strictly inside has a minimum inside
    the box; one whose lowest point is on the edge may have none (a plane, a saddle).
    """
    xs = np.linspace(float(x_range[0]), float(x_range[1]), samples)
    ys = np.linspace(float(y_range[0]), float(y_range[1]), samples)
    grid_x, grid_y = np.meshgrid(xs, ys)
    z = np.broadcast_to(
        np.asarray(_evaluate(surface, (calc.X, calc.Y), grid_x, grid_y), dtype=float),
        grid_x.shape,
    )
    row, column = np.unravel_index(int(np.nanargmin(z)), z.shape)
    on_edge = row in (0, samples - 1) or column in (0, samples - 1)
    return LowestPoint(float(xs[column]), float(ys[row]), float(z[row, column]), bool(on_edge))


KINK_STEPS = (1e-4, 1e-5)
KINK_TOLERANCE = 1e-6


def derivative_exists(
    expr: sympy.Expr, variable: sympy.Symbol, point: dict[sympy.Symbol, sympy.Expr]
) -> bool:
    """Whether d expr / d variable exists at the point: sympy's value is finite and real,
    and the one-sided difference quotients close in on each other as the step shrinks
    (|x| at 0 has sign(0) = 0 from sympy, but quotients of -1 and 1 at every step)."""
    try:
        value = sympy.simplify(sympy.diff(expr, variable).subs(point))
    except (TypeError, ValueError, ZeroDivisionError, RecursionError):
        return False
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or value.is_finite is False:
        return False
    if value.is_real is False:
        return False
    try:
        others = [float(sympy.N(v)) for symbol, v in point.items() if symbol != variable]
        at = float(sympy.N(point[variable]))
    except (TypeError, ValueError):
        return False
    order = (variable, *(symbol for symbol in point if symbol != variable))
    gaps = []
    for step in KINK_STEPS:
        xs = np.array([at - step, at, at + step])
        heights = _evaluate(expr, order, xs, *(np.full(3, other) for other in others))
        z = np.broadcast_to(np.asarray(heights, dtype=complex), (3,))
        if not np.all(np.isfinite(z)) or np.any(np.abs(z.imag) > 1e-12):
            return False
        left, right = (z[1].real - z[0].real) / step, (z[2].real - z[1].real) / step
        gaps.append(abs(right - left))
    wide, narrow = gaps
    return not (narrow > KINK_TOLERANCE * (1.0 + abs(float(sympy.N(value)))) and narrow > wide / 2)
