"""Level curves of z = f(x, y): which heights to draw and where each curve runs (notes 3).

A contour map shows the surface from above; the gradient at a point is perpendicular to the
level curve through it. The levels are round numbers across the plotted square plus the height
of each given point, so the curve through the point a scene talks about is always drawn.
No manim here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from scenes.maths import calculus as calc

CONTOUR_COUNT = 8  # about this many round levels across the plotted heights
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
) -> tuple[float, ...]:
    """Round levels strictly between the lowest and highest plotted height, plus each point's.

    A round level closer than a quarter step to a point's level is dropped, so the curve
    through the point never crowds a neighbour. A flat surface has no levels.
    """
    low, high = _heights(surface, x_range, y_range)
    if high - low < 1e-12:
        return ()
    step = _round_step(high - low, count)
    height = calc.surface_height_function(surface)
    own = sorted({round(float(height(float(x), float(y))), 12) for x, y in through})
    own = [level for level in own if low < level < high]
    first = math.floor(low / step) + 1
    rounds = [k * step for k in range(first, math.ceil(high / step)) if low < k * step < high]
    kept = [r for r in rounds if all(abs(r - level) >= step / 4 for level in own)]
    return tuple(sorted({*kept, *own}))


def level_curve(
    surface: sympy.Expr, level: float, x_range: Range, y_range: Range, grid: int = CONTOUR_GRID
) -> LevelCurve:
    """The level curve traced by marching squares, each point refined onto the level.

    Points stay on the grid line they were found on (refined along it), so a curve that
    leaves the square ends exactly on its edge.
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
    return LevelCurve(float(level), tuple(p for p in paths if len(p) >= 2))


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


def level_tangent(surface: sympy.Expr, point: Sequence[float]) -> tuple[float, float]:
    """The unit tangent of the level curve through the point: the gradient turned a quarter left.

    Zero where the gradient is (a minimum has no level curve direction).
    """
    gx, gy = (float(v) for v in calc.gradient_at(surface, tuple(point)))
    size = math.hypot(gx, gy)
    return (0.0, 0.0) if size < 1e-12 else (-gy / size, gx / size)
