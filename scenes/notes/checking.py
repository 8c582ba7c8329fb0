"""Whether the sides of a notes' equation are equal, by sympy, with the notes' own names bound.

The notes define functions (f(x) = x^2), values (x_0 = 1) and surfaces (z = x^2 + y^2) as
they go; a chain of equalities is checked with those bound: f(2) is the function at 2,
f'(1) its derivative there, d/dx and limits are worked out, ∇z is the vector of partials.
A side that still holds a name nothing binds (rise, run) cannot be checked, and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sympy
from sympy.core.function import AppliedUndef

X, Y = sympy.Symbol("x"), sympy.Symbol("y")
NABLA = sympy.Symbol("nabla")
VARIABLES = frozenset({X, Y})
# where two sides hold x (and y), they are compared at these points: simplify could run
# for minutes on a side of a lecturer's notes; a numeric check at a few points cannot
SAMPLES = ((0.37, -0.61), (1.23, 0.58), (-0.71, 1.37), (2.09, -1.13))
TOLERANCE = 1e-9  # relative, at the sample points
NUMBER_TOLERANCE = 1e-12  # two numbers worked out to 30 digits


@dataclass
class Bound:
    """What the notes have defined so far: functions of x, surfaces in x and y, values."""

    functions: dict[str, sympy.Expr] = field(default_factory=dict)
    surfaces: dict[str, sympy.Expr] = field(default_factory=dict)
    values: dict[str, sympy.Expr] = field(default_factory=dict)


@dataclass(frozen=True)
class ChainCheck:
    """The outcome for a chain: which links are equal to the one before, which are not."""

    checked: tuple[int, ...]  # indexes of sides equal to the first checkable side
    unequal: tuple[tuple[int, str, str], ...]  # (index, its value, the value before)
    unchecked: tuple[int, ...]  # sides holding names nothing binds

    @property
    def ok(self) -> bool:
        return not self.unequal


def value_of(side: object, bound: Bound) -> sympy.Basic | tuple[sympy.Basic, ...] | None:
    """A side worked out with everything the notes bound, or None where a name is free."""
    if isinstance(side, tuple):
        parts = [value_of(part, bound) for part in side]
        return None if any(part is None for part in parts) else tuple(parts)  # type: ignore[misc]
    expr = sympy.sympify(side)
    gradient = _gradient(expr, bound)
    if gradient is not None:
        return gradient
    try:
        worked = _work_out(expr, bound)
    except (TypeError, ValueError, NotImplementedError, AttributeError, RecursionError):
        return None
    if worked is None or worked.free_symbols - VARIABLES:
        return None
    if worked.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None  # 0/0 and the like: undefined, nothing to compare
    if worked.atoms(AppliedUndef, sympy.Derivative, sympy.Limit):
        return None
    return worked


def _gradient(expr: sympy.Basic, bound: Bound) -> tuple[sympy.Basic, ...] | None:
    """∇z (read as nabla*z) and -∇z, for a surface z the notes defined."""
    sign = 1
    if isinstance(expr, sympy.Mul) and expr.args[0] == -1:
        sign, expr = -1, sympy.Mul(*expr.args[1:])
    if isinstance(expr, sympy.Mul) and NABLA in expr.args and len(expr.args) == 2:
        (name,) = [arg for arg in expr.args if arg != NABLA]
        surface = bound.surfaces.get(str(name)) or bound.functions.get(str(name))
        if surface is not None:
            return (sign * sympy.diff(surface, X), sign * sympy.diff(surface, Y))
    return None


def _work_out(expr: sympy.Basic, bound: Bound) -> sympy.Expr | None:
    def applied(call: AppliedUndef) -> sympy.Expr:
        name = type(call).__name__
        primes = len(name) - len(name.rstrip("'"))
        body = bound.functions.get(name.rstrip("'"))
        if body is None or len(call.args) != 1:
            raise ValueError(name)
        return (
            sympy.diff(body, X, primes).subs(X, call.args[0])
            if primes
            else body.subs(X, call.args[0])
        )

    try:
        expr = expr.replace(lambda part: isinstance(part, AppliedUndef), applied)
    except ValueError:
        return None
    for derivative in expr.atoms(sympy.Derivative):
        inside = derivative.args[0]
        if isinstance(inside, sympy.Symbol):  # dy/dx, df/dx, ∂z/∂x: only a bound name
            body = bound.surfaces.get(inside.name) or bound.functions.get(inside.name)
            if body is None:
                return None
            expr = expr.xreplace({derivative: derivative.func(body, *derivative.args[1:])})
    names = {sympy.Symbol(name): value for name, value in bound.values.items()}
    names.update({sympy.Symbol(name): body for name, body in bound.surfaces.items()})
    expr = expr.xreplace(names)
    return sympy.sympify(expr).doit()


def equal(first: sympy.Basic | tuple, second: sympy.Basic | tuple) -> bool:
    if isinstance(first, tuple) or isinstance(second, tuple):
        return (
            isinstance(first, tuple)
            and isinstance(second, tuple)
            and len(first) == len(second)
            and all(equal(a, b) for a, b in zip(first, second, strict=True))
        )
    difference = sympy.sympify(first - second)
    if difference.is_number:
        return abs(complex(sympy.N(difference, 30))) < NUMBER_TOLERANCE
    compared = 0
    for x, y in SAMPLES:
        try:
            value = complex(sympy.N(difference.subs({X: x, Y: y}), 20))
            scale = max(1.0, abs(complex(sympy.N(sympy.sympify(first).subs({X: x, Y: y})))))
        except (TypeError, ValueError, ArithmeticError):
            continue
        if value != value or abs(value) == float("inf"):
            continue  # undefined at this point: another point decides
        if abs(value) > TOLERANCE * scale:
            return False
        compared += 1
    return compared >= 2


def check_chain(sides: Sequence[object], bound: Bound) -> ChainCheck:
    """Each side compared with the last checkable side before it."""
    checked: set[int] = set()
    unequal, unchecked = [], []
    previous: tuple[int, object] | None = None
    for index, side in enumerate(sides):
        value = value_of(side, bound)
        if value is None:
            unchecked.append(index)
            continue
        if previous is not None:
            if equal(value, previous[1]):
                checked.update((previous[0], index))
            else:
                unequal.append((index, _shown(value), _shown(previous[1])))
        previous = (index, value)
    return ChainCheck(tuple(sorted(checked)), tuple(unequal), tuple(unchecked))


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return "⟨" + ", ".join(_shown(part) for part in value) + "⟩"
    return sympy.sstr(sympy.nsimplify(value) if getattr(value, "is_Float", False) else value)
