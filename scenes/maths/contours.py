"""Level curves of z = f(x, y): which heights to draw and where each curve runs (notes 3).

A contour map shows the surface from above; the gradient at a point is perpendicular to the
level curve through it. The levels are round numbers between the lowest plotted height and the
highest of the points a scene talks about (where the ball rolls, the map shows it crossing
levels), a couple beyond, plus the height of each given point, so the curve through the point
is always drawn. A level cut by the square into short arcs in its corners is left out, and so
is any short corner arc of a kept level (unless a given point lies on it). The minimum a
scene marks is found here too. No manim here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from scenes.maths import calculus as calc
from scenes.maths import drawable

CONTOUR_COUNT = 5  # about this many round levels between the lowest height and the points
LEVELS_BEYOND = 2  # round levels drawn above the highest point's level, where they fit
LEAST_REACH = 0.3  # the levels span at least this share of the plotted heights
FRAGMENT = 0.4  # an open piece shorter than this share of the square's shorter side is dropped
TIGHT_LOOP = 0.6  # of the shorter side: a level drawn only as a smaller loop is left out
NEAR_PIECE = 0.05  # of the shorter side: a given or path point this near a piece keeps it
CONTOUR_GRID = 40  # cells per side of the grid the curves are traced on
NEWTON_STEPS = 6  # refinements of each traced point onto its level
GRID_SAMPLES = 81  # samples per side when looking for the plotted heights
LEVEL_FACTORS = (1, 2, 2.5, 5, 10)

Range = tuple[float, float]


@dataclass(frozen=True, eq=False)
class LevelCurve:
    """The curve f(x, y) = level inside the plotted square: polylines of (x, y) points."""

    level: float
    paths: tuple[np.ndarray, ...]


def _round_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(f * magnitude for f in LEVEL_FACTORS if f * magnitude >= raw)


def _heights(surface: sympy.Expr, x_range: Range, y_range: Range) -> tuple[float, float]:
    height = calc.surface_height_function(surface)
    grid_x, grid_y = np.meshgrid(
        np.linspace(*x_range, GRID_SAMPLES), np.linspace(*y_range, GRID_SAMPLES)
    )
    z = np.broadcast_to(height(grid_x, grid_y), grid_x.shape)
    return float(np.min(z)), float(np.max(z))


def contour_levels(
    surface: sympy.Expr,
    x_range: Range,
    y_range: Range,
    through: Sequence[Sequence[float]] = (),
    count: int = CONTOUR_COUNT,
    near: Sequence[Sequence[float]] = (),
) -> tuple[float, ...]:
    """Round levels from the lowest plotted height up to the highest given point, plus each
    point's own level and up to LEVELS_BEYOND round levels above.

    The round step divides the heights between the lowest one and the highest point into
    about `count` steps, so a path from a point down to the minimum crosses several levels.
    A round level closer than a third of a step to a point's level is dropped (the curve
    through the point never crowds a neighbour), and so is one that would show only as short
    arcs in the square's corners, away from the points and from `near` (a path's points),
    or only as a small loop tight around the minimum (it would leave no room to label it).
    Every level lies strictly inside the plotted heights; a flat surface has none.
    """
    low, high = _heights(surface, x_range, y_range)
    if high - low < 1e-12:
        return ()
    height = calc.surface_height_function(surface)
    own = sorted({round(float(height(float(x), float(y))), 12) for x, y in through})
    own = [level for level in own if low < level < high]
    top = max([*own, low + LEAST_REACH * (high - low)]) if own else high
    step = _round_step(top - low, count)
    first = math.floor(low / step) + 1
    last = math.floor(top / step) + LEVELS_BEYOND
    rounds = [k * step for k in range(first, last + 1) if low < k * step < high]
    side = min(x_range[1] - x_range[0], y_range[1] - y_range[0])
    kept = [
        r
        for r in rounds
        if all(abs(r - level) > step / 3 for level in own)
        and _roomy(level_curve(surface, r, x_range, y_range, keep=[*through, *near]), side)
    ]
    return tuple(sorted({*kept, *own}))


def level_curve(
    surface: sympy.Expr,
    level: float,
    x_range: Range,
    y_range: Range,
    grid: int = CONTOUR_GRID,
    keep: Sequence[Sequence[float]] = (),
) -> LevelCurve:
    """The level curve traced by marching squares, each point refined onto the level.

    Points stay on the grid line they were found on (refined along it), so a curve that
    leaves the square ends exactly on its edge. An open piece shorter than FRAGMENT of the
    square's shorter side (an arc cut off in a corner, a bracket beside the map) is left out,
    unless one of the `keep` points (a point the scene marks, a path's points) lies near it.
    """
    height = calc.surface_height_function(surface)
    gradient = calc.gradient_function(surface)
    xs, ys = np.linspace(*x_range, grid + 1), np.linspace(*y_range, grid + 1)
    grid_x, grid_y = np.meshgrid(xs, ys)
    z = np.broadcast_to(height(grid_x, grid_y), grid_x.shape) - level
    above = z > 0
    segments = _cell_segments(z, above, grid)
    chains = _chain(segments)
    paths = tuple(
        _refine(
            np.array([_edge_point(e, xs, ys, z) for e in chain]),
            chain,
            xs,
            ys,
            height,
            gradient,
            level,
        )
        for chain in chains
    )
    paths = tuple(_without_repeats(p) for p in paths)
    side = min(x_range[1] - x_range[0], y_range[1] - y_range[0])
    shortest, reach = FRAGMENT * side, NEAR_PIECE * side
    return LevelCurve(
        float(level),
        tuple(
            p
            for p in paths
            if len(p) >= 2 and (_closed(p) or _length(p) >= shortest or _holds(p, keep, reach))
        ),
    )


def _roomy(curve: LevelCurve, side: float) -> bool:
    """Whether a level shows as more than a small closed loop (or nothing at all)."""
    if not curve.paths:
        return False
    if not all(_closed(p) for p in curve.paths):
        return True
    points = np.vstack(curve.paths)
    extent = points.max(axis=0) - points.min(axis=0)
    return float(np.hypot(*extent)) >= TIGHT_LOOP * side


def _closed(path: np.ndarray) -> bool:
    return bool(np.allclose(path[0], path[-1], atol=1e-9))


def _length(path: np.ndarray) -> float:
    return float(np.sum(np.hypot(*np.diff(path, axis=0).T)))


def _holds(path: np.ndarray, points: Sequence[Sequence[float]], reach: float) -> bool:
    """Whether any of the points lies within `reach` of one of the path's points."""
    if not len(points):
        return False
    given = np.asarray([p[:2] for p in points], dtype=float)
    gaps = np.hypot(*(path[:, None, :] - given[None, :, :]).transpose(2, 0, 1))
    return bool(gaps.min() < reach)


def _without_repeats(path: np.ndarray) -> np.ndarray:
    """A path without consecutive equal points (a grid node on the level is found twice)."""
    moved = np.any(np.abs(np.diff(path, axis=0)) > 1e-12, axis=1)
    return path[np.concatenate([[True], moved])]


Edge = tuple[
    str, int, int
]  # ("h", i, j): from grid (i, j) to (i + 1, j); ("v", i, j): to (i, j + 1)


def _cell_segments(z: np.ndarray, above: np.ndarray, grid: int) -> list[tuple[Edge, Edge]]:
    """Marching squares: each cell's crossing edges, paired (saddles split by the centre)."""
    corners = (
        above[:-1, :-1].astype(int) + above[:-1, 1:] * 2 + above[1:, 1:] * 4 + above[1:, :-1] * 8
    )
    segments: list[tuple[Edge, Edge]] = []
    for j, i in zip(*np.nonzero((corners > 0) & (corners < 15)), strict=True):
        a, b, c, d = above[j, i], above[j, i + 1], above[j + 1, i + 1], above[j + 1, i]
        sides = [
            (("h", i, j), a != b),
            (("v", i + 1, j), b != c),
            (("h", i, j + 1), c != d),
            (("v", i, j), d != a),
        ]
        crossing = [edge for edge, crosses in sides if crosses]
        if len(crossing) == 2:
            segments.append((crossing[0], crossing[1]))
            continue
        bottom, right, top, left = crossing
        centre = (z[j, i] + z[j, i + 1] + z[j + 1, i + 1] + z[j + 1, i]) / 4 > 0
        if centre == a:  # a and c joined through the centre: cut off b and d
            segments += [(bottom, right), (top, left)]
        else:
            segments += [(left, bottom), (right, top)]
    return segments


def _chain(segments: list[tuple[Edge, Edge]]) -> list[list[Edge]]:
    """Join segments sharing an edge into polylines: open ones from their ends, then loops."""
    neighbours: dict[Edge, list[Edge]] = {}
    for a, b in segments:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    seen: set[Edge] = set()
    chains: list[list[Edge]] = []
    ends = [edge for edge, near in neighbours.items() if len(near) == 1]
    for start in [*ends, *neighbours]:
        if start in seen:
            continue
        chain, here = [start], start
        seen.add(start)
        while True:
            nxt = next((n for n in neighbours[here] if n not in seen), None)
            if nxt is None:
                break
            chain.append(nxt)
            seen.add(nxt)
            here = nxt
        if len(neighbours[start]) == 2 and start in neighbours[here] and len(chain) > 2:
            chain.append(start)  # a closed loop
        chains.append(chain)
    return chains


def _edge_point(edge: Edge, xs: np.ndarray, ys: np.ndarray, z: np.ndarray) -> tuple[float, float]:
    kind, i, j = edge
    if kind == "h":
        t = z[j, i] / (z[j, i] - z[j, i + 1])
        return (xs[i] + t * (xs[i + 1] - xs[i]), ys[j])
    t = z[j, i] / (z[j, i] - z[j + 1, i])
    return (xs[i], ys[j] + t * (ys[j + 1] - ys[j]))


def _refine(
    points: np.ndarray,
    chain: list[Edge],
    xs: np.ndarray,
    ys: np.ndarray,
    height,
    gradient,
    level: float,
) -> np.ndarray:
    """Newton steps along each point's grid line, kept inside the cell edge it was found on."""
    along_x = np.array([kind == "h" for kind, _, _ in chain])
    low = np.array([xs[i] if kind == "h" else ys[j] for kind, i, j in chain])
    high = np.array([xs[i + 1] if kind == "h" else ys[j + 1] for kind, i, j in chain])
    refined = points.copy()
    rows, k = np.arange(len(refined)), np.where(along_x, 0, 1)
    for _ in range(NEWTON_STEPS):
        x, y = refined[:, 0], refined[:, 1]
        miss = np.broadcast_to(height(x, y), x.shape) - level
        gx, gy = (np.broadcast_to(g, x.shape) for g in gradient(x, y))
        slope = np.where(along_x, gx, gy)
        move = np.divide(miss, slope, out=np.zeros_like(miss), where=np.abs(slope) > 1e-12)
        refined[rows, k] = np.clip(refined[rows, k] - move, low, high)
    return refined


def level_curves(
    surface: sympy.Expr,
    levels: Sequence[float],
    x_range: Range,
    y_range: Range,
    keep: Sequence[Sequence[float]] = (),
) -> tuple[LevelCurve, ...]:
    """Each level's curve, short corner pieces left out unless a `keep` point is near them."""
    return tuple(level_curve(surface, level, x_range, y_range, keep=keep) for level in levels)


def level_tangent(surface: sympy.Expr, point: Sequence[float]) -> tuple[float, float]:
    """The unit tangent of the level curve through the point: the gradient turned a quarter left.

    Zero where the gradient is (a minimum has no level curve direction).
    """
    gx, gy = (float(v) for v in calc.gradient_at(surface, tuple(point)))
    size = math.hypot(gx, gy)
    return (0.0, 0.0) if size < 1e-12 else (-gy / size, gx / size)


# ---------------------------------------------------------------- the minimum


@dataclass(frozen=True)
class Minimum:
    """The lowest point of the surface inside the plotted square, exact where it can be."""

    x: float
    y: float
    z: float
    exact: tuple[sympy.Expr, sympy.Expr] | None  # (x, y) when the gradient vanishes there exactly

    @property
    def latex(self) -> str:
        """Its coordinates as a label: exact where found exactly, else to three digits."""
        if self.exact is not None:
            return "(" + ", ".join(sympy.latex(v) for v in self.exact) + ")"
        return "(" + ", ".join(f"{v:.3g}" for v in (self.x, self.y)) + ")"


MINIMUM_NEWTON = 30
MINIMUM_TOLERANCE = 1e-10


def surface_minimum(surface: sympy.Expr, x_range: Range, y_range: Range) -> Minimum | None:
    """Where the surface is lowest strictly inside the square, or None (lowest on the edge).

    The lowest grid point is refined by Newton's method on the gradient; a point whose
    coordinates are simple fractions with an exactly zero gradient is given exactly.
    """
    lowest = drawable.lowest_point(surface, x_range, y_range)
    if lowest.on_edge:
        return None
    gradient = calc.gradient_function(surface)
    hessian = sympy.hessian(surface, (calc.X, calc.Y))
    second = sympy.lambdify((calc.X, calc.Y), hessian, "numpy")
    point = np.array([lowest.x, lowest.y], dtype=float)
    for _ in range(MINIMUM_NEWTON):
        g = np.array([float(v) for v in gradient(point[0], point[1])])
        if np.hypot(*g) < MINIMUM_TOLERANCE:
            break
        try:
            move = np.linalg.solve(np.array(second(*point), dtype=float), g)
        except np.linalg.LinAlgError:
            break
        if not np.all(np.isfinite(move)):
            break
        point = point - move
    height = calc.surface_height_function(surface)
    inside = x_range[0] < point[0] < x_range[1] and y_range[0] < point[1] < y_range[1]
    z = float(height(point[0], point[1])) if inside else math.inf
    if not (inside and math.isfinite(z) and z <= lowest.z + 1e-9):
        point, z = np.array([lowest.x, lowest.y]), lowest.z  # Newton wandered off: keep the grid's
    exact = _exact_stationary(surface, point)
    return Minimum(float(point[0]), float(point[1]), float(z), exact)


def _exact_stationary(
    surface: sympy.Expr, point: np.ndarray
) -> tuple[sympy.Expr, sympy.Expr] | None:
    guess = tuple(sympy.nsimplify(round(float(v), 9), rational=True) for v in point)
    if any(sympy.denom(v) > 1000 for v in guess):
        return None
    try:
        if all(sympy.simplify(g) == 0 for g in calc.gradient_at(surface, guess)):
            return guess  # type: ignore[return-value]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return None
