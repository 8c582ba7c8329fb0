"""How the notes write values, read back: numbers, table cells, points, a graph's range.

A cell "0.762" stands for tanh(1) to the places written; "\\frac{1.5^2 - 1^2}{2 - 1}" is a
value sympy works out; a number goes into the lecture file as an int, a short decimal or
a fraction. No code is generated from the notes: values are worked out by sympy's evalf.
"""

from __future__ import annotations

import math
import re
from typing import Any

import sympy

from scenes.maths.decimals import terminates
from scenes.notes.checking import Bound, X, equal, value_of
from scenes.notes.latex import LatexError, parse_side

INLINE_MATH = re.compile(r"\$([^$]+)\$")
EXTENT_SAMPLES = 120  # points a graph's function is sampled at to fit its y range
EXTENT_MARGIN = 0.1  # of the function's span, kept free above and below it
EXTENT_LEAST_MARGIN = 0.25  # graph units, for a function that hardly varies


def written_number(value: Any) -> Any:
    """A number as the lecture file writes it: an int, a short decimal, or a fraction text."""
    value = sympy.nsimplify(sympy.sympify(value))
    if value.is_Integer:
        return int(value)
    if value.is_Rational and terminates(int(value.q)):
        return float(value)
    if value.is_Rational:
        return str(value)
    return round(float(value), 3)


def point_of(latex: str) -> tuple[float, float] | None:
    match = re.fullmatch(r"\s*\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)\s*", latex)
    return (sympy.nsimplify(match.group(1)), sympy.nsimplify(match.group(2))) if match else None


def cell_number(text: str) -> sympy.Expr | None:
    value = cell_value(text)
    return value if value is not None and value.is_number else None


def cell_value(text: str) -> sympy.Expr | None:
    latex = plain_cell(text)
    if not latex:
        return None
    try:
        side = parse_side(latex)
    except LatexError:
        return None
    if isinstance(side, tuple) or side.free_symbols:
        return None
    return sympy.nsimplify(sympy.sympify(side).doit(), rational=True)


def agrees(text: str, cell: sympy.Expr, expected: sympy.Expr) -> bool:
    """A cell equals its value, or rounds it as written: 0.762 for tanh(1) = 0.76159..."""
    places = re.fullmatch(r"\$?\s*-?\d+\.(\d+)\s*\$?", text.strip())
    if places:
        tolerance = sympy.Rational(1, 2) * sympy.Rational(1, 10 ** len(places.group(1)))
        return abs(float(sympy.N(expected - cell))) <= float(tolerance) + 1e-12
    return equal(cell, expected)


def plain_cell(text: str) -> str:
    """A cell's or heading's TeX, without its $...$."""
    return text.strip().strip("$").strip()


def column_variable(header: str) -> str | None:
    try:
        side = parse_side(plain_cell(header))
    except LatexError:
        return None
    return side.name if isinstance(side, sympy.Symbol) else None


def header_formula(header: str, variable: str, bound: Bound) -> sympy.Expr | None:
    try:
        side = parse_side(plain_cell(header))
    except LatexError:
        return None
    if isinstance(side, tuple):
        return None
    value = value_of(side.xreplace({sympy.Symbol(variable): X}), bound)
    if value is None or isinstance(value, tuple) or value.free_symbols - {X}:
        return None
    return sympy.sympify(value).xreplace({X: sympy.Symbol(variable)}) if variable != "x" else value


def y_extent(body: sympy.Expr, low: Any, high: Any) -> tuple[float, float]:
    """The range a graph of `body` needs over [low, high], sampled by sympy's evalf (no
    code is generated from the notes, as lambdify would)."""
    samples = []
    for index in range(EXTENT_SAMPLES + 1):
        x = float(low) + (float(high) - float(low)) * index / EXTENT_SAMPLES
        try:
            value = float(body.evalf(subs={X: x}))
        except (ArithmeticError, ValueError, TypeError):
            continue
        if value == value and abs(value) < 1e6:
            samples.append(value)
    if not samples:
        return -1.0, 1.0
    bottom, top = min(samples), max(samples)
    margin = max((top - bottom) * EXTENT_MARGIN, EXTENT_LEAST_MARGIN)
    return _nice(bottom - margin, down=True), _nice(top + margin, down=False)


def _nice(value: float, down: bool) -> float:
    """A range end rounded out to a quarter."""
    quarters = value * 4
    return (math.floor(quarters) if down else math.ceil(quarters)) / 4
