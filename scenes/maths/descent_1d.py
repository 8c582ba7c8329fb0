"""Gradient descent on a loss of one variable: x_{k+1} = x_k - rate * L'(x_k), step by step.

The iterates are kept exact while they stay short rationals (a quadratic loss with a
rational start and rate gives 2.6, 2.28, 2.024, ...) and continue in floats once they do
not (a quartic's iterates triple their digits at every step). Every number the scene
shows goes through `shown_decimal`, so the screen and the voice write it one way.
Descents that cannot be shown honestly (the ball leaves the plotted range, never settles,
lands where the loss has no slope) are refused in one sentence naming the parameter.
No manim here.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import sympy

from scenes.maths import calculus as calc
from scenes.maths import drawable
from scenes.maths.decimals import plain, significant_digits, terminates
from scenes.maths.refusals import Refusal, shown

# ---------------------------------------------------------------- the number rule

EXACT_DIGITS = 4  # a terminating value with at most this many significant digits is exact
SHOWN_DIGITS = 3  # significant digits of a value that is not
MAX_PLACES = 4  # decimal places shown at most (a slope of 1e-7 reads 0)
MAX_EXACT_DENOMINATOR = 10**15  # iterates beyond this continue in floats

# ---------------------------------------------------------------- the descent

SETTLE_STEPS = 2000  # steps run past the shown ones to see where the ball comes to rest
SETTLED_SHARE = 1e-3  # of the x span: a step shorter than this at the end has settled
SUGGESTED_RATES = tuple(
    f * 10.0**e for e in range(1, -4, -1) for f in (5, 2, 1)
)  # nice rates, largest first, offered in place of one that fails
ROOT_TOLERANCE = 1e-7  # a zero of L' found numerically: |L'| this small, relative to the start's
EXACT_ROOT_SHARE = 1e-3  # of the x span: a rational zero of L' this near the numeric one is it
MINIMUM_PROBE = 1e-4  # of the x span: how far to each side a minimum is checked lowest


@dataclass(frozen=True)
class Shown:
    """A number as the scene writes it: its text (caption and readout), its LaTeX, the
    value written (the rounded one where rounded) and whether that is the value itself."""

    text: str
    latex: str
    value: sympy.Rational
    exact: bool

    @property
    def places(self) -> int:
        """Decimal places of the text (what a live readout shows at rest)."""
        return len(self.text.partition(".")[2])


def shown_decimal(value: sympy.Expr | float) -> Shown:
    """The value exact where it is a terminating decimal of at most EXACT_DIGITS significant
    digits (2.024, -0.5), else rounded to SHOWN_DIGITS significant digits and at most
    MAX_PLACES places (1.8192 -> 1.82, 1/3 -> 0.333). A float is a computed value: never
    exact."""
    if isinstance(value, int):
        value = sympy.Integer(value)
    if isinstance(value, sympy.Basic) and value.is_Rational:
        exact = Decimal(int(value.p)) / Decimal(int(value.q))
        written = plain(exact.normalize()) if terminates(int(value.q)) else ""
        if (
            written
            and significant_digits(written) <= EXACT_DIGITS
            and _places(written) <= MAX_PLACES
        ):
            return Shown(written, written, sympy.Rational(written), True)
        number = exact
    else:
        number = Decimal(repr(float(value)))
    if number == 0:
        return Shown("0", "0", sympy.Integer(0), True)
    magnitude = number.copy_abs().adjusted()  # the power of ten of its first digit
    places = min(MAX_PLACES, max(0, SHOWN_DIGITS - 1 - magnitude))
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    written = plain(rounded)
    if written in ("0", "-0"):
        written = "0"
    written = _integer_rounded(written, magnitude)
    return Shown(written, written, sympy.Rational(written), False)


def _places(text: str) -> int:
    return len(text.partition(".")[2])


def _integer_rounded(text: str, magnitude: int) -> str:
    """A large whole value to SHOWN_DIGITS significant digits (12345 -> 12300)."""
    if magnitude < SHOWN_DIGITS:
        return text
    scale = 10 ** (magnitude - SHOWN_DIGITS + 1)
    return str(int(round(int(Decimal(text)) / scale)) * scale)


def shown_call(name: str, argument: Shown, value: Shown) -> str:
    """`L'(2.6) = 3.2` in LaTeX, with approx where either number is rounded."""
    relation = "=" if argument.exact and value.exact else r"\approx"
    return f"{name}({argument.latex}) {relation} {value.latex}"


# ---------------------------------------------------------------- the iterates


@dataclass(frozen=True)
class DescentStep:
    """One step: from x (loss and slope there) by `move` = -rate * slope to next_x."""

    index: int  # 1 for the first step
    x: sympy.Expr | float
    loss: sympy.Expr | float
    slope: sympy.Expr | float
    move: sympy.Expr | float
    next_x: sympy.Expr | float
    next_loss: sympy.Expr | float


@dataclass(frozen=True)
class Minimum:
    """Where the ball comes to rest: a local minimum of the loss (exact where sympy finds
    it so), and its loss."""

    x: sympy.Expr | float
    loss: sympy.Expr | float


@dataclass(frozen=True)
class Descent:
    loss: sympy.Expr
    derivative: sympy.Expr
    rate: sympy.Expr
    start: sympy.Expr
    steps: tuple[DescentStep, ...]
    minimum: Minimum


def _short(value: sympy.Expr) -> bool:
    return (
        bool(value.is_Rational)
        and abs(int(value.q)) <= MAX_EXACT_DENOMINATOR
        and abs(int(value.p)) <= MAX_EXACT_DENOMINATOR * max(1, abs(int(value.q)))
    )


def _float_function(expr: sympy.Expr) -> Callable[[float], float]:
    fn = sympy.lambdify(calc.X, expr, "math")

    def evaluate(x: float) -> float:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                value = complex(fn(x))
            except (ValueError, TypeError, ZeroDivisionError, OverflowError):
                return math.nan
        return value.real if abs(value.imag) <= 1e-12 else math.nan

    return evaluate


def _value(expr: sympy.Expr, x: sympy.Expr | float, as_float: Callable[[float], float]):
    """expr at x: exact where x is exact and the value a short rational, else a float."""
    if isinstance(x, sympy.Basic):
        exact = expr.subs(calc.X, x)
        if exact.is_Rational and _short(exact):
            return exact
        return as_float(float(x))
    return as_float(x)


def float_run(
    derivative: Callable[[float], float], start: float, rate: float, count: int
) -> list[float]:
    """count steps of x <- x - rate * L'(x) in floats (inf or nan once it blows up)."""
    xs = [start]
    x = start
    for _ in range(count):
        try:
            x = x - rate * derivative(x)
        except OverflowError:
            x = math.inf
        xs.append(x)
        if not math.isfinite(x):
            break
    return xs


def _range_text(bounds: tuple[float, float]) -> str:
    return f"[{shown(bounds[0])}, {shown(bounds[1])}]"


def _at(x: float) -> str:
    return shown_decimal(x).text


def descend(
    loss: sympy.Expr,
    start: sympy.Expr,
    rate: sympy.Expr,
    count: int,
    x_range: tuple[float, float],
) -> Descent:
    """`count` steps of gradient descent on the loss from `start`, each exact where short,
    and the minimum the ball comes to rest at; Refusal where they cannot be shown."""
    derivative = sympy.diff(loss, calc.X)
    df = _float_function(derivative)
    f = _float_function(loss)
    _require_converging_rate(loss, rate, start)
    x: sympy.Expr | float = start
    steps: list[DescentStep] = []
    for index in range(1, count + 1):
        slope = _value(derivative, x, df)
        if index == 1 and _finite(slope) and float(slope) == 0:
            raise Refusal(
                "start",
                f"= {shown(start)} cannot be animated: the slope of {shown(loss)} is 0 there, "
                f"so the ball has nowhere to roll; choose a start away from it.",
                start,
            )
        if not _finite(slope) or not drawable.derivative_exists(
            loss, calc.X, {calc.X: x if isinstance(x, sympy.Basic) else sympy.Float(x)}
        ):
            raise Refusal(
                "learning_rate",
                f"= {shown(rate)} cannot be animated: step {index - 1} lands the ball at "
                f"x = {_at(float(x))}, where {shown(loss)} has no slope; choose another "
                f"rate.",
                rate,
            )
        move = -rate * slope if isinstance(slope, sympy.Basic) else -float(rate) * slope
        next_x = x + move
        if isinstance(next_x, sympy.Basic) and not _short(next_x):
            next_x = float(next_x)
        if not (_finite(next_x) and drawable.inside(float(next_x), x_range)):
            raise Refusal(
                "learning_rate",
                f"= {shown(rate)} cannot be animated: step {index} takes the ball from "
                f"x = {_at(float(x))} to x = {_text_or_far(next_x)}, outside x_range = "
                f"{_range_text(x_range)}; "
                f"{_smaller_rate(derivative, df, start, rate, count, x_range)}.",
                rate,
            )
        steps.append(
            DescentStep(index, x, _value(loss, x, f), slope, move, next_x, _value(loss, next_x, f))
        )
        x = next_x
    minimum = _resting_point(loss, derivative, df, f, start, rate, count, x_range, float(x))
    return Descent(loss, derivative, rate, start, tuple(steps), minimum)


def _finite(value: sympy.Expr | float) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def _text_or_far(value: sympy.Expr | float) -> str:
    return _at(float(value)) if _finite(value) else "infinity"


def _require_converging_rate(loss: sympy.Expr, rate: sympy.Expr, start: sympy.Expr) -> None:
    """A quadratic loss a x^2 + ... (a > 0) is descended only below rate 1/a: at 1/a the
    ball jumps between two points for ever, above it every jump is longer than the last."""
    try:
        polynomial = sympy.Poly(loss, calc.X)
    except sympy.PolynomialError:
        return
    if polynomial.degree() != 2 or polynomial.LC() <= 0:
        return
    limit = 1 / polynomial.LC()
    if rate >= limit:
        outcome = "jump between two points for ever" if rate == limit else "diverge"
        raise Refusal(
            "learning_rate",
            f"= {shown(rate)} makes gradient descent on {shown(loss)} from x = {shown(start)} "
            f"{outcome}: each step lands at least as far from the minimum as it started; use "
            f"a rate below {calc.number_text(limit)}.",
            rate,
        )


def _settles(
    derivative: sympy.Expr,
    df: Callable[[float], float],
    start: float,
    rate: float,
    count: int,
    x_range: tuple[float, float],
) -> bool:
    """Whether a float run stays in the range and closes in on a zero of L'."""
    xs = float_run(df, start, rate, count + SETTLE_STEPS)
    if not all(math.isfinite(x) and drawable.inside(x, x_range) for x in xs):
        return False
    return _approached_root(derivative, df, start, xs[-1], x_range) is not None


def _smaller_rate(
    derivative: sympy.Expr,
    df: Callable[[float], float],
    start: sympy.Expr,
    rate: sympy.Expr,
    count: int,
    x_range: tuple[float, float],
) -> str:
    """Advice naming the largest nice rate below `rate` whose run settles inside the range."""
    for candidate in SUGGESTED_RATES:
        if candidate < float(rate) and _settles(
            derivative, df, float(start), candidate, count, x_range
        ):
            return f"use a smaller rate, such as {calc.number_text(sympy.Rational(str(candidate)))}"
    return "use a smaller rate or another start"


def _resting_point(
    loss: sympy.Expr,
    derivative: sympy.Expr,
    df: Callable[[float], float],
    f: Callable[[float], float],
    start: sympy.Expr,
    rate: sympy.Expr,
    count: int,
    x_range: tuple[float, float],
    last: float,
) -> Minimum:
    """Where the descent comes to rest past the shown steps: it must stay in the range,
    settle, and settle at a minimum (not at a peak or a flat point it started on)."""
    xs = float_run(df, last, float(rate), SETTLE_STEPS)
    span = x_range[1] - x_range[0]
    outside = next(
        (i for i, x in enumerate(xs) if not (math.isfinite(x) and drawable.inside(x, x_range))),
        None,
    )
    if outside is not None:
        raise Refusal(
            "learning_rate",
            f"= {shown(rate)} cannot be animated: after the {count} steps shown the ball "
            f"leaves x_range = {_range_text(x_range)} at step {count + outside}; "
            f"{_smaller_rate(derivative, df, start, rate, count, x_range)}.",
            rate,
        )
    at = _approached_root(derivative, df, float(start), xs[-1], x_range)
    if at is None and abs(xs[-1] - xs[-2]) > SETTLED_SHARE * span:
        raise Refusal(
            "learning_rate",
            f"= {shown(rate)} cannot be animated: the ball never settles (after "
            f"{count + SETTLE_STEPS} steps it still jumps between x = {_at(xs[-2])} and "
            f"x = {_at(xs[-1])}); {_smaller_rate(derivative, df, start, rate, count, x_range)}.",
            rate,
        )
    if at is None:
        raise Refusal(
            "loss",
            f"= {shown(loss)} cannot be animated: the ball finds no minimum to rest in (after "
            f"{count + SETTLE_STEPS} steps from x = {shown(start)} it is at x = {_at(xs[-1])}, "
            f"still rolling); choose a loss with a minimum inside x_range, or another start.",
            loss,
        )
    probe = MINIMUM_PROBE * span
    height = f(at)
    sides = [f(at - probe), f(at + probe)]
    if not all(math.isfinite(v) and v >= height - 1e-12 * (1 + abs(height)) for v in sides):
        raise Refusal(
            "start",
            f"= {shown(start)} cannot be animated: the ball comes to rest at x = {_at(at)}, "
            f"where the slope of {shown(loss)} is 0 but the loss is no minimum, so it never "
            f"rolls down; choose another start.",
            start,
        )
    return Minimum(*_exact_minimum(loss, derivative, at, f, EXACT_ROOT_SHARE * span))


def _approached_root(
    derivative: sympy.Expr,
    df: Callable[[float], float],
    start: float,
    last: float,
    x_range: tuple[float, float],
) -> float | None:
    """The zero of L' the descent closes in on (found from where it stopped), or None: no
    zero there, or the ball is no nearer to it than where it started."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            root = float(sympy.nsolve(derivative, calc.X, last, verify=False))
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
        return None
    if not (math.isfinite(root) and drawable.inside(root, x_range)):
        return None
    slope = df(root)
    if not (math.isfinite(slope) and abs(slope) <= ROOT_TOLERANCE * (1 + abs(df(start)))):
        return None
    span = x_range[1] - x_range[0]
    if abs(last - root) >= abs(start - root) and abs(last - root) > ROOT_TOLERANCE * span:
        return None
    return root


def _exact_minimum(
    loss: sympy.Expr,
    derivative: sympy.Expr,
    at: float,
    f: Callable[[float], float],
    tolerance: float,
) -> tuple[sympy.Expr | float, sympy.Expr | float]:
    """The minimum exactly where L' is a polynomial whose root there sympy finds, and the
    loss there exact when that is a short rational; else the floats."""
    try:
        roots = sympy.Poly(derivative, calc.X).real_roots()
    except (sympy.PolynomialError, sympy.polys.polyerrors.PolynomialError, NotImplementedError):
        roots = []
    for root in roots:
        if root.is_Rational and abs(float(root) - at) <= tolerance:
            height = loss.subs(calc.X, root)
            return root, (height if height.is_Rational else f(float(root)))
    return at, f(at)


def iterates(descent: Descent) -> np.ndarray:
    """The visited points (x, L(x)) as floats: the start and each step's landing."""
    rows = [(float(descent.start), float(descent.steps[0].loss))] if descent.steps else []
    rows += [(float(step.next_x), float(step.next_loss)) for step in descent.steps]
    return np.array(rows, dtype=float)
