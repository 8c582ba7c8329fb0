"""The values plans are made of: floats and LaTeX from sympy, plot ranges, tick steps.

Shared by every template's plan builder; `plan_json` turns any plan into the JSON that
`lecture plan --json` prints (callables left out, arrays as lists). No manim here.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import field
from typing import Any

import numpy as np
import sympy

from scenes.maths import calculus as calc

Curve = Callable[[float], float]


SAMPLES = 241


TICK_FACTORS = (1, 2, 2.5, 5, 10)


def hidden() -> Any:
    """A field left out of the JSON plan (callables and helper objects)."""
    return field(default=None, metadata={"json": False}, repr=False, compare=False)


def number(value: sympy.Expr) -> float:
    return float(sympy.N(value))


def exact(value: sympy.Expr) -> str:
    return str(sympy.nsimplify(value))


def latex(value: sympy.Expr) -> str:
    """LaTeX as the derivation engine writes it too: the natural log as ln."""
    return sympy.latex(value, ln_notation=True)


def number_text(value: sympy.Expr, digits: int = 4) -> str:
    """A readable decimal: 2.5, 2.25, 3 -- rounded where it does not terminate."""
    as_float = round(number(value), digits)
    return f"{as_float:g}" if abs(as_float) >= 1e-4 or as_float == 0 else f"{as_float:.2e}"


MAX_EXACT_LATEX = 20  # an exact value up to this long on screen (\frac{\sqrt{2}}{2}) stays exact
SHOWN_DIGITS = 3  # significant digits of a value that is not


def shown_latex(value: sympy.Expr) -> tuple[str, bool]:
    """A value as people write it on screen, and whether it is exact: exact where that is
    short (1/4, sqrt(2)/2, e - 1), else rounded to SHOWN_DIGITS significant digits (a value
    found numerically, such as 2.39935728051547, is shown as 2.4). Plans keep the full value."""
    expr = sympy.sympify(value)
    if not expr.atoms(sympy.Float):
        text = latex(expr)
        if len(text) <= MAX_EXACT_LATEX:
            return text, True
    text = f"{number(expr):.{SHOWN_DIGITS}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text, False


def shown_equation(left: str, value: sympy.Expr, *arguments: sympy.Expr) -> str:
    """`left(arguments) = value` in LaTeX, with approx where a shown number is rounded."""
    shown = [shown_latex(argument) for argument in arguments]
    right, exact = shown_latex(value)
    call = f"{left}({', '.join(text for text, _ in shown)})" if arguments else left
    relation = "=" if exact and all(flag for _, flag in shown) else r"\approx"
    return f"{call} {relation} {right}"


def curve(expr: sympy.Expr, variable: sympy.Symbol = calc.X) -> Curve:
    """A float -> float callable for manim's `Axes.plot` (constants broadcast too)."""
    fn = sympy.lambdify(variable, expr, "numpy")
    return lambda t: float(fn(t))


def value_range(value: tuple[sympy.Expr, sympy.Expr]) -> tuple[float, float]:
    return (number(value[0]), number(value[1]))


def function_latex(name: str, expr: sympy.Expr, variable: str = "x") -> str:
    return f"{name}({variable}) = {latex(expr)}"


def tick_step(span: float, max_ticks: int) -> float:
    """The smallest 1-2-2.5-5 step that puts at most max_ticks ticks on the span."""
    raw = span / max_ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(f * magnitude for f in TICK_FACTORS if f * magnitude >= raw)


def point_latex(point: tuple[sympy.Expr, ...]) -> str:
    return "(" + ", ".join(latex(v) for v in point) + ")"


def vector_latex(vector: tuple[sympy.Expr, ...]) -> str:
    return r"\left\langle " + ", ".join(latex(v) for v in vector) + r" \right\rangle"


def z_range(surface: sympy.Expr, x_range, y_range) -> tuple[float, float]:
    height = calc.surface_height_function(surface)
    xs = np.linspace(*x_range, 41)
    ys = np.linspace(*y_range, 41)
    grid_x, grid_y = np.meshgrid(xs, ys)
    z = np.broadcast_to(height(grid_x, grid_y), grid_x.shape)
    low, high = float(np.min(z)), float(np.max(z))
    return (low, high) if high > low else (low - 1.0, low + 1.0)


def height_function(surface: sympy.Expr) -> Callable[[float, float], float]:
    fn = calc.surface_height_function(surface)
    return lambda u, v: float(fn(np.asarray(u), np.asarray(v)))


def plan_json(plan: Any) -> dict[str, Any]:
    """A plan as plain JSON values."""
    return _jsonable(plan)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("json", True)
        }
    if isinstance(value, np.ndarray):
        return np.round(value, 6).tolist()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 9)
    return value


ARROW_SHARE = 0.3  # the longest gradient arrow spans this share of the narrower plotted range


def arrow_scale(vectors, x_range, y_range, share: float = ARROW_SHARE) -> float:
    """One factor from gradient units to plot units for every arrow of a scene.

    One shared factor keeps the arrows' lengths comparable (a gradient twice as large is drawn
    twice as long); small gradients are drawn at their true length.
    """
    longest = max((math.hypot(float(vx), float(vy)) for vx, vy in vectors), default=0.0)
    room = share * min(x_range[1] - x_range[0], y_range[1] - y_range[0])
    return 1.0 if longest <= room else room / longest
