"""Whether a computed value can be drawn honestly in its plotted window. No manim here.

The math core accepts content that no picture can show truthfully: a function undefined
(or complex) somewhere on its plotted range, a point above the plotted y range, a descent
path that leaves the plotted domain, a surface whose lowest point lies on the domain's
edge. These functions find such cases by sampling, so plan builders can refuse them with
one sentence naming the value. Samples miss a singularity between them (sin(1/x) at 0,
1/(x - 1e-300)), so the zeros of each part that must not vanish (a denominator, a log's
argument) are searched as well: exactly for a polynomial, else numerically, in bounded time.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Sequence
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


@dataclass(frozen=True)
class Undrawable:
    """Where a function cannot be drawn: at `at` (x, or (x, y)), it is undefined or not
    real, or (`overflows`) a finite value too large for a float to hold."""

    at: tuple[float, ...]
    overflows: bool = False


def undefined_on_range(
    expr: sympy.Expr, x_range: tuple[float, float], samples: int = LINE_SAMPLES
) -> float | None:
    """The first x in the range where expr(x) is not a finite real number; None: none."""
    found = undrawable_on_range(expr, x_range, samples=samples)
    return None if found is None else found.at[0]


def undrawable_on_range(
    expr: sympy.Expr,
    x_range: tuple[float, float],
    points: Sequence[float] = (),
    samples: int = LINE_SAMPLES,
) -> Undrawable | None:
    """The first x in the closed range where expr(x) is not a finite real number.

    Samples miss a singularity between them (sin(1/x), 1/(x - 1e-300)), so the zeros of
    every part that must not vanish (see `critical_parts`) are searched too; and the
    points a scene evaluates one at a time, as Python floats (the range's ends, 0, the
    whole numbers, the scene's own `points`), are evaluated exactly that way.
    """
    low, high = float(x_range[0]), float(x_range[1])
    x = np.linspace(low, high, samples)
    ok = _finite_real(_evaluate(expr, (calc.X,), x), x.shape)
    bad = np.flatnonzero(~ok)
    found = [float(x[bad[0]])] if bad.size else []
    deadline = time.monotonic() + SEARCH_SECONDS
    found += [at for at in _singular_points(expr, low, high, deadline)[:1]]
    plotted = sympy.lambdify(calc.X, expr, "numpy")
    found += [at for at in _exact_points(low, high, points) if not _finite_at(plotted, at)][:1]
    if not found:
        return None
    at = float(min(found)) + 0.0  # + 0.0: -0.0 is 0
    return Undrawable((at,), _overflows(expr, (calc.X,), (at,)))


def undrawable_on_box(
    expr: sympy.Expr,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    samples: int = GRID_SAMPLES,
) -> Undrawable | None:
    """The first (x, y) in the box where expr is not a finite real number: sampled on a
    grid, then the zeros of its critical parts searched between the grid's lines."""
    at = undefined_on_box(expr, x_range, y_range, samples)
    if at is None:
        box = ((float(x_range[0]), float(x_range[1])), (float(y_range[0]), float(y_range[1])))
        deadline = time.monotonic() + SEARCH_SECONDS
        at = next(iter(_singular_points_2d(expr, box, deadline)), None)
    if at is None:
        return None
    at = (float(at[0]) + 0.0, float(at[1]) + 0.0)
    return Undrawable(at, _overflows(expr, (calc.X, calc.Y), at))


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


# ---------------------------------------------------------------- singularities

SEARCH_SECONDS = 2.0  # past this, exact (polynomial) root finding gives way to sampling
SEARCH_SAMPLES = 4001  # per critical part, on a line
SEARCH_GRID = 161  # per side, per critical part, on a box
ZERO_TOLERANCE = 1e-6  # |part| at a located sign change, relative to its typical size
TOUCH_TOLERANCE = 1e-12  # |part| at a refined local minimum that counts as touching 0
MAX_TOUCH_CANDIDATES = 8  # local minima of |part| refined per part
MAX_INTEGER_POINTS = 200  # whole numbers evaluated one at a time
EXACT_ROOT_DEGREE = 4  # polynomials up to this degree have their real roots found exactly


@dataclass(frozen=True)
class _Critical:
    """A part of an expression that makes it undefined where it is 0: a denominator, a
    base under a negative or variable power (`exponent`: undefined only where negative),
    a log's argument, the cosine under a tan."""

    part: sympy.Expr
    exponent: sympy.Expr | None = None


def critical_parts(expr: sympy.Expr) -> list[_Critical]:
    """Every part of expr whose zeros make it undefined, innermost first."""
    found: dict[tuple[sympy.Expr, sympy.Expr | None], None] = {}
    for node in sympy.postorder_traversal(expr):
        if not isinstance(node, sympy.Basic) or not node.free_symbols:
            continue
        if isinstance(node, sympy.Pow) and node.base.free_symbols:
            exponent = node.exp
            if exponent.is_number:
                if exponent.is_negative:
                    found[(node.base, None)] = None
            else:
                found[(node.base, exponent)] = None
        elif isinstance(node, sympy.log):
            found[(node.args[0], None)] = None
        elif isinstance(node, sympy.tan):
            found[(sympy.cos(node.args[0]), None)] = None
    return [_Critical(part, exponent) for part, exponent in found]


def _zero_factors(part: sympy.Expr) -> list[sympy.Expr]:
    """The factors whose zeros are the part's: |u| and u**k vanish where u does."""
    if isinstance(part, sympy.Abs):
        return _zero_factors(part.args[0])
    if isinstance(part, sympy.Pow) and part.exp.is_number and part.exp.is_positive:
        return _zero_factors(part.base)
    if isinstance(part, sympy.Mul):
        return [f for arg in part.args if arg.free_symbols for f in _zero_factors(arg)]
    return [part] if part.free_symbols else []


def _singular_points(expr: sympy.Expr, low: float, high: float, deadline: float) -> list[float]:
    """The x in [low, high] where a critical part of expr vanishes, smallest first."""
    found: list[float] = []
    for critical in critical_parts(expr):
        for factor in _zero_factors(critical.part):
            roots = _polynomial_roots(factor, low, high, deadline)
            if roots is None:
                roots = _sampled_roots(factor, low, high)
            found += [r for r in roots if _undefined_power(critical, (calc.X,), (r,))]
    return sorted(found)


def _polynomial_roots(
    factor: sympy.Expr, low: float, high: float, deadline: float
) -> list[float] | None:
    """The real roots in the range of a polynomial factor, exactly found (1/(x - 1e-300)
    has its pole at 1e-300, not at the nearest sample); None: not a polynomial, or no time."""
    if time.monotonic() > deadline:
        return None
    try:
        if not factor.is_polynomial(calc.X):
            return None
        poly = sympy.Poly(factor, calc.X)
        if poly.degree() > MAX_POLE_DEGREE:
            return None
        if poly.degree() < 1:
            return []
        if poly.degree() <= EXACT_ROOT_DEGREE:  # isolated exactly: 1e-300 is not 0
            roots = [complex(float(root.evalf(20))) for root in poly.real_roots()]
        else:
            roots = [complex(root) for root in poly.nroots(n=15, maxsteps=100)]
    except (sympy.PolynomialError, sympy.polys.polyerrors.PolynomialError, TypeError, ValueError):
        return None
    except Exception:  # mpmath's NoConvergence and the like: sample instead
        return None
    slack = RANGE_SLACK * max(high - low, 1.0)
    scale = max([1.0, *(abs(root) for root in roots)])
    return [
        root.real
        for root in roots
        if abs(root.imag) <= 1e-12 * scale and low - slack <= root.real <= high + slack
    ]


def _sampled_roots(factor: sympy.Expr, low: float, high: float) -> list[float]:
    """Where a (continuous) factor vanishes, from its samples: an exact zero, a sign change
    narrowed by bisection, or a local minimum of |factor| refined until it touches 0."""
    f = _scalar(factor, (calc.X,))
    x = np.linspace(low, high, SEARCH_SAMPLES)
    values = np.asarray(
        np.broadcast_to(_evaluate(factor, (calc.X,), x), x.shape), dtype=complex
    ).real
    finite = np.isfinite(values)
    if not finite.any():
        return []
    scale = max(1.0, float(np.median(np.abs(values[finite]))))
    roots = [float(x[i]) for i in np.flatnonzero(finite & (values == 0))]
    signs = np.sign(values)
    changes = np.flatnonzero(finite[:-1] & finite[1:] & (signs[:-1] * signs[1:] < 0))
    for i in changes:
        at, size = _bisect(f, float(x[i]), float(x[i + 1]))
        if size <= ZERO_TOLERANCE * scale:
            roots.append(_plainest(f, at, size, scale, high - low))
    magnitude = np.where(finite, np.abs(values), np.inf)
    interior = np.arange(1, len(x) - 1)
    minima = interior[
        (magnitude[interior] <= magnitude[interior - 1])
        & (magnitude[interior] <= magnitude[interior + 1])
        & (magnitude[interior] > 0)
    ]
    for i in sorted(minima, key=lambda i: magnitude[i])[:MAX_TOUCH_CANDIDATES]:
        at, size = _golden_minimum(f, float(x[i - 1]), float(x[i + 1]))
        if size <= TOUCH_TOLERANCE * scale:
            roots.append(_plainest(f, at, size, scale, high - low))
    return roots


def _bisect(f: Callable[..., float], left: float, right: float) -> tuple[float, float]:
    """A point of [left, right] where f changes sign, and |f| there."""
    f_left = f(left)
    for _ in range(200):
        middle = (left + right) / 2
        if middle in (left, right):
            break
        f_middle = f(middle)
        if not np.isfinite(f_middle) or f_middle == 0:
            return middle, abs(f_middle) if np.isfinite(f_middle) else np.inf
        if np.sign(f_middle) == np.sign(f_left):
            left, f_left = middle, f_middle
        else:
            right = middle
    ends = [(abs(f(left)), left), (abs(f(right)), right)]
    size, at = min(ends)
    return _tidy(at, right - left), size


def _golden_minimum(f: Callable[..., float], left: float, right: float) -> tuple[float, float]:
    """Where |f| is smallest on [left, right] (a golden-section search), and |f| there."""
    ratio = (np.sqrt(5.0) - 1) / 2
    a, b = left, right
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = abs(f(c)), abs(f(d))
    for _ in range(200):
        if not (a < c < d < b):
            break
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = abs(f(c))
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = abs(f(d))
    at = (a + b) / 2
    size = abs(f(at))
    return at, size if np.isfinite(size) else np.inf


def _plainest(f: Callable[..., float], at: float, size: float, scale: float, span: float) -> float:
    """The root a reader would write: the located one rounded to the fewest digits at which
    f is still as close to 0 (1/(exp(x) - 1 - x) vanishes at 0, not at -1.7e-08)."""
    tolerance = max(10 * size, 1e-14 * scale)
    top = math.floor(math.log10(span)) if span > 0 else 0
    for places in range(-top, 17):
        candidate = round(at, places)
        value = f(candidate)
        if np.isfinite(value) and abs(value) <= tolerance:
            return candidate + 0.0
    return at


def _tidy(at: float, width: float) -> float:
    """A located root as a reader would write it: -1e-17 found for 0 is 0."""
    return 0.0 if abs(at) <= max(width, 1e-15) else at


def _singular_points_2d(
    expr: sympy.Expr, box: tuple[tuple[float, float], tuple[float, float]], deadline: float
) -> list[tuple[float, float]]:
    """Points of the box where a critical part of expr vanishes: on the grid, at a sign
    change between neighbours (bisected), or at a local minimum of |part| that touches 0."""
    found: list[tuple[float, float]] = []
    for critical in critical_parts(expr):
        for factor in _zero_factors(critical.part):
            if time.monotonic() > deadline and found:
                return found
            found += [
                point
                for point in _sampled_roots_2d(factor, box)
                if _undefined_power(critical, (calc.X, calc.Y), point)
            ]
    return found


def _sampled_roots_2d(
    factor: sympy.Expr, box: tuple[tuple[float, float], tuple[float, float]]
) -> list[tuple[float, float]]:
    f = _scalar(factor, (calc.X, calc.Y))
    xs = np.linspace(*box[0], SEARCH_GRID)
    ys = np.linspace(*box[1], SEARCH_GRID)
    grid_x, grid_y = np.meshgrid(xs, ys)
    values = np.asarray(
        np.broadcast_to(_evaluate(factor, (calc.X, calc.Y), grid_x, grid_y), grid_x.shape),
        dtype=complex,
    ).real
    finite = np.isfinite(values)
    if not finite.any():
        return []
    scale = max(1.0, float(np.median(np.abs(values[finite]))))
    zero = np.argwhere(finite & (values == 0))
    if zero.size:
        row, column = zero[0]
        return [(float(xs[column]), float(ys[row]))]
    signs = np.sign(values)
    for axis in (1, 0):  # along x, then along y
        first = [slice(None), slice(None)]
        second = [slice(None), slice(None)]
        first[axis], second[axis] = slice(None, -1), slice(1, None)
        a, b = tuple(first), tuple(second)
        change = finite[a] & finite[b] & (signs[a] * signs[b] < 0)
        for row, column in np.argwhere(change)[:MAX_TOUCH_CANDIDATES]:
            start = (float(grid_x[a][row, column]), float(grid_y[a][row, column]))
            end = (float(grid_x[b][row, column]), float(grid_y[b][row, column]))
            along = axis == 1
            fixed = start[1] if along else start[0]

            def line(t: float, along: bool = along, fixed: float = fixed) -> float:
                return f(t, fixed) if along else f(fixed, t)

            t0, t1 = (start[0], end[0]) if along else (start[1], end[1])
            at, size = _bisect(line, t0, t1)
            if size <= ZERO_TOLERANCE * scale:
                at = _plainest(line, at, size, scale, abs(box[0 if along else 1][1] - t0))
                return [(at, fixed) if along else (fixed, at)]
    magnitude = np.where(finite, np.abs(values), np.inf)
    order = np.argsort(magnitude, axis=None)[:MAX_TOUCH_CANDIDATES]
    step = (xs[1] - xs[0], ys[1] - ys[0])
    for index in order:
        row, column = np.unravel_index(int(index), magnitude.shape)
        start = (float(xs[column]), float(ys[row]))
        point, size = _compass_minimum(f, start, step, box)
        if size <= TOUCH_TOLERANCE * scale:
            return [point]
    return []


def _compass_minimum(
    f: Callable[..., float],
    start: tuple[float, float],
    step: tuple[float, float],
    box: tuple[tuple[float, float], tuple[float, float]],
) -> tuple[tuple[float, float], float]:
    """A local minimum of |f| near start, by compass search inside the box."""
    x, y = start
    best = abs(f(x, y))
    sx, sy = float(step[0]), float(step[1])
    for _ in range(400):
        if sx < 1e-15 * (1 + abs(x)) and sy < 1e-15 * (1 + abs(y)):
            break
        moved = False
        for dx, dy in ((sx, 0.0), (-sx, 0.0), (0.0, sy), (0.0, -sy)):
            nx = min(max(x + dx, box[0][0]), box[0][1])
            ny = min(max(y + dy, box[1][0]), box[1][1])
            value = abs(f(nx, ny))
            if np.isfinite(value) and value < best:
                x, y, best, moved = nx, ny, value, True
                break
        if not moved:
            sx, sy = sx / 2, sy / 2
    return (_tidy(x, sx), _tidy(y, sy)), best


def _undefined_power(
    critical: _Critical, variables: tuple[sympy.Symbol, ...], point: Sequence[float]
) -> bool:
    """At a zero of its base, a variable power is undefined only where it is negative."""
    if critical.exponent is None:
        return True
    value = _scalar(critical.exponent, variables)(*point)
    return not (np.isfinite(value) and value >= 0)


def _scalar(expr: sympy.Expr, variables: tuple[sympy.Symbol, ...]) -> Callable[..., float]:
    """expr at one point as a float (nan where numpy cannot evaluate it, complex -> nan)."""
    fn = sympy.lambdify(variables, expr, "numpy")

    def evaluate(*point: float) -> float:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                value = complex(fn(*(np.float64(v) for v in point)))
            except (ValueError, TypeError, ZeroDivisionError, OverflowError, AttributeError):
                return float("nan")
        return value.real if abs(value.imag) <= 1e-12 else float("nan")

    return evaluate


def _exact_points(low: float, high: float, points: Sequence[float]) -> list[float]:
    """The x a scene evaluates one at a time, inside the range: its ends, 0, the whole
    numbers (tick marks, plotting steps) and the scene's own points."""
    whole = range(math.ceil(low), math.floor(high) + 1)
    candidates = [low, high, 0.0, *list(whole)[:MAX_INTEGER_POINTS], *map(float, points)]
    slack = RANGE_SLACK * max(high - low, 1.0)
    return sorted({p for p in candidates if low - slack <= p <= high + slack})


def _finite_at(fn: Callable[[float], object], at: float) -> bool:
    """Whether the lambdified expression at x = at is a finite real float, computed as plots
    do it: with one Python float (1/x at 0.0 raises ZeroDivisionError, not inf)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = complex(fn(float(at)))
        except (ValueError, TypeError, ZeroDivisionError, OverflowError, AttributeError):
            return False
    return math.isfinite(value.real) and math.isfinite(value.imag) and abs(value.imag) <= 1e-12


def _overflows(
    expr: sympy.Expr, variables: tuple[sympy.Symbol, ...], point: Sequence[float]
) -> bool:
    """Whether expr is not finite at the point because a float overflows there (exp(exp(
    exp(x))) at x = 2) rather than because it is undefined: the innermost part that is not
    finite is infinite although its arguments are finite, and it is no pole (a power of 0,
    a log of 0, a tan at its pole)."""
    for node in sympy.postorder_traversal(expr):
        if not isinstance(node, sympy.Expr) or not node.free_symbols:
            continue
        value = _scalar_complex(node, variables, point)
        if np.isfinite(value):
            continue
        if not np.isinf(value.real) or value.imag != 0:
            return False
        if isinstance(node, sympy.tan):
            return False
        if isinstance(node, sympy.Pow | sympy.log):
            base = node.base if isinstance(node, sympy.Pow) else node.args[0]
            return _scalar_complex(base, variables, point) != 0
        return True
    return False


def _scalar_complex(
    expr: sympy.Expr, variables: tuple[sympy.Symbol, ...], point: Sequence[float]
) -> complex:
    fn = sympy.lambdify(variables, expr, "numpy")
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return complex(fn(*(np.float64(v) for v in point)))
        except (ValueError, TypeError, ZeroDivisionError, OverflowError, AttributeError):
            return complex(float("nan"))


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
