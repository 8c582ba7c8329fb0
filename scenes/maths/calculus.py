"""The lecture's math core: every number, array and formula the scenes show.

Pure numpy + sympy, never manim, so it can be imported and tested on its own. Symbolic
work happens once per call; arrays come from `sympy.lambdify(..., "numpy")` (cached per
expression), so a scene never runs sympy per frame. Every function is general over its
parameters: the lecture's function, point, step sizes and surface are inputs, not constants.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import cache

import numpy as np
import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

from scenes.maths.decimals import terminating_places

X, Y = sympy.symbols("x y", real=True)
DELTA_X = sympy.Symbol(r"\Delta x", real=True)

NumberLike = int | float | Fraction | str | sympy.Expr
PointLike = Sequence[NumberLike]
ExactPoint = tuple[sympy.Expr, sympy.Expr]

# Terminating decimals up to this many places are shown exactly ("3.8125"); longer or
# non-terminating values are rounded to DISPLAY_PLACES decimals ("0.3333").
MAX_EXACT_PLACES = 6
DISPLAY_PLACES = 4

# Gradient-flow integration: the largest RK4 step, and the step as a fraction of 1/|Hessian|
# so that steep surfaces stay stable.
FLOW_MAX_STEP = 0.005
FLOW_STABILITY = 0.1
FLOW_MAX_SUBSTEPS = 200_000


class MathError(ValueError):
    """A math input the lecture cannot show; the message is one sentence for the user."""


class DivergenceError(MathError):
    """An iteration (gradient descent or flow) that does not settle."""


# --------------------------------------------------------------------------- inputs


def exact_number(value: NumberLike, name: str = "value") -> sympy.Expr:
    """An exact sympy number from an int, float, Fraction, numeric string or sympy number.

    Floats go through their shortest decimal text, so 0.1 becomes 1/10 exactly.
    """
    if isinstance(value, bool):
        raise MathError(f"{name} must be a number, not {value!r}.")
    if isinstance(value, sympy.Basic):
        number = value
        if isinstance(number, sympy.Float):
            number = sympy.Rational(str(number))
    elif isinstance(value, Fraction):
        number = sympy.Rational(value.numerator, value.denominator)
    elif isinstance(value, numbers.Integral):
        number = sympy.Integer(int(value))
    elif isinstance(value, numbers.Real):
        if not math.isfinite(float(value)):
            raise MathError(f"{name} must be a finite number, not {value!r}.")
        number = sympy.Rational(repr(float(value)))
    elif isinstance(value, str):
        try:
            number = sympy.Rational(value.strip())
        except (TypeError, ValueError):
            raise MathError(f"{name} must be a number, not {value!r}.") from None
    else:
        raise MathError(f"{name} must be a number, not {value!r}.")
    if number.free_symbols or not number.is_extended_real or not number.is_finite:
        raise MathError(f"{name} must be a finite real number, not {value!r}.")
    return number


def exact_point(point: PointLike, name: str = "point") -> ExactPoint:
    """An exact (x, y) pair."""
    if isinstance(point, str) or len(point) != 2:
        raise MathError(f"{name} must be a pair (x, y), not {point!r}.")
    return exact_number(point[0], f"{name} x"), exact_number(point[1], f"{name} y")


def _expression(
    function: sympy.Expr | NumberLike, variables: tuple[sympy.Symbol, ...]
) -> sympy.Expr:
    """A sympy expression in the given variables; symbols named like them are unified."""
    if isinstance(function, str):
        raise MathError(f"expected a sympy expression, not the string {function!r}.")
    try:
        expr = sympy.sympify(function, strict=True)
    except sympy.SympifyError:
        raise MathError(f"expected a sympy expression, not {function!r}.") from None
    by_name = {variable.name: variable for variable in variables}
    renames = {
        symbol: by_name[symbol.name]
        for symbol in expr.free_symbols
        if symbol.name in by_name and symbol != by_name[symbol.name]
    }
    expr = expr.xreplace(renames) if renames else expr
    extra = sorted(str(symbol) for symbol in expr.free_symbols - set(variables))
    if extra:
        allowed = " and ".join(variable.name for variable in variables)
        raise MathError(f"{expr} may use only {allowed}, but it also uses {', '.join(extra)}.")
    return expr


def _value_at(function: sympy.Expr, x: sympy.Expr) -> sympy.Expr:
    """f(x) exactly; MathError where f is undefined there."""
    value = function.subs(X, x)
    if value.has(sympy.zoo, sympy.nan) or value.is_finite is False:
        raise MathError(f"f(x) = {function} is undefined at x = {x}.")
    return value


# --------------------------------------------------------------------------- number text


def _terminating_places(value: sympy.Expr) -> int | None:
    """Decimal places of a rational with a terminating expansion, else None."""
    if not isinstance(value, sympy.Rational):
        return None
    return terminating_places(int(value.q))


def _decimal_string(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def number_text(value: NumberLike, places: int = DISPLAY_PLACES) -> str:
    """A plain decimal string: exact for short terminating decimals ("2.25"), else rounded."""
    number = sympy.sympify(value) if not isinstance(value, sympy.Basic) else value
    exact_places = _terminating_places(number)
    with localcontext() as context:
        context.prec = 60
        if exact_places is not None and exact_places <= MAX_EXACT_PLACES:
            return _decimal_string(Decimal(int(number.p)) / Decimal(int(number.q)))
        approximate = Decimal(str(sympy.N(number, 40)))
        return _decimal_string(
            approximate.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        )


def number_latex(value: sympy.Expr) -> str:
    """LaTeX for an exact value: short decimals as decimals ("0.5"), the rest from sympy."""
    places = _terminating_places(value)
    if places is not None and places <= MAX_EXACT_PLACES:
        return number_text(value)
    return sympy.latex(value)


def _is_bare(value: sympy.Expr) -> bool:
    """Whether a value can stand next to an operator without brackets."""
    if isinstance(value, sympy.NumberSymbol):
        return True
    places = _terminating_places(value)
    return places is not None and places <= MAX_EXACT_PLACES and value >= 0


def _bracketed(latex: str) -> str:
    return rf"\left({latex}\right)"


def _subtrahend(latex: str, is_sum: bool = False) -> str:
    """A term placed after a minus sign, bracketed where it starts with a sign or is a sum
    (f(x1) - (x0^2 + 1), not f(x1) - x0^2 + 1)."""
    return _bracketed(latex) if is_sum or latex.lstrip().startswith(("-", "+")) else latex


def _latex_with_x_as(function: sympy.Expr, shown: str, bare: bool) -> str:
    """sympy's LaTeX of f with x written as the given text, unevaluated ("1.5^{2}").

    x is replaced by a symbol whose name is the text, so sympy keeps the structure (and
    puts a \\cdot between numbers); brackets it needs only as an operand are dropped again.
    """
    wrapped = shown if bare else _bracketed(shown)
    latex = sympy.latex(function.xreplace({X: sympy.Symbol(wrapped)}))
    if not bare:
        latex = latex.replace("{" + wrapped + "}", "{" + shown + "}")
        latex = latex.replace(r"\left(" + wrapped + r" \right)", r"\left(" + shown + r" \right)")
    return latex


def _latex_at(function: sympy.Expr, x: sympy.Expr) -> str:
    """LaTeX of f(x) with the number x shown, not evaluated."""
    return _latex_with_x_as(function, number_latex(x), _is_bare(x))


# --------------------------------------------------------------------------- numeric functions


def _broadcast_float(value: object, shape: tuple[int, ...]) -> np.ndarray:
    return np.array(np.broadcast_to(np.asarray(value, dtype=float), shape))


@cache
def _lambdified(expr: sympy.Expr, variables: tuple[sympy.Symbol, ...]) -> Callable[..., object]:
    return sympy.lambdify(variables, expr, "numpy")


def _vectorised(expr: sympy.Expr, variables: tuple[sympy.Symbol, ...]) -> Callable[..., np.ndarray]:
    """A float-array function of the variables that broadcasts even constant expressions."""
    raw = _lambdified(expr, variables)

    def evaluate(*arrays: np.ndarray | float) -> np.ndarray:
        shape = np.broadcast_shapes(*(np.shape(array) for array in arrays))
        with np.errstate(all="ignore"):
            try:
                return _broadcast_float(raw(*arrays), shape)
            except (OverflowError, ZeroDivisionError):  # exact numbers past float: undefined
                return np.full(shape, np.nan)

    return evaluate


# --------------------------------------------------------------------------- slope of a line


@dataclass(frozen=True)
class LineSlope:
    """Rise over run between two points of f, with the notes' chain of equalities."""

    function: sympy.Expr
    x0: sympy.Expr
    x1: sympy.Expr
    y0: sympy.Expr
    y1: sympy.Expr
    rise: sympy.Expr
    run: sympy.Expr
    slope: sympy.Expr
    is_linear: bool
    latex_steps: tuple[str, ...]


def line_slope(function: sympy.Expr, x0: NumberLike, x1: NumberLike) -> LineSlope:
    """Slope of f between x0 and x1 as rise over run (notes 2.1)."""
    f = _expression(function, (X,))
    a, b = exact_number(x0, "x0"), exact_number(x1, "x1")
    if a == b:
        raise MathError(f"x0 and x1 must differ to give a run, but both are {a}.")
    y0, y1 = _value_at(f, a), _value_at(f, b)
    rise, run = y1 - y0, b - a
    slope = sympy.simplify(rise / run)
    a_text, b_text = number_latex(a), number_latex(b)
    run_latex = f"{b_text} - {_subtrahend(a_text)}"
    steps = (
        r"\frac{\Delta y}{\Delta x}",
        r"\frac{y_1 - y_0}{x_1 - x_0}",
        rf"\frac{{f({b_text}) - f({a_text})}}{{{run_latex}}}",
        rf"\frac{{{number_latex(y1)} - {_subtrahend(number_latex(y0))}}}{{{run_latex}}}",
        number_latex(slope),
    )
    is_linear = sympy.simplify(sympy.diff(f, X, 2)) == 0
    return LineSlope(f, a, b, y0, y1, rise, run, slope, bool(is_linear), steps)


# --------------------------------------------------------------------------- secants and tangent


@dataclass(frozen=True)
class SecantRow:
    """One row of the notes' secant table: the slope from x0 to x0 + dx."""

    dx: sympy.Expr
    x0: sympy.Expr
    x1: sympy.Expr
    f_x0: sympy.Expr
    f_x1: sympy.Expr
    rise: sympy.Expr
    run: sympy.Expr
    slope: sympy.Expr
    quotient_latex: str
    slope_text: str
    dx_text: str


@dataclass(frozen=True)
class Tangent:
    """The tangent line y = slope * x + intercept at (x0, y0)."""

    x0: sympy.Expr
    y0: sympy.Expr
    slope: sympy.Expr
    intercept: sympy.Expr
    expr: sympy.Expr
    latex: str


@dataclass(frozen=True)
class SecantStudy:
    """Secant slopes for shrinking steps, their limit, and the tangent it gives (eq. 1)."""

    function: sympy.Expr
    x0: sympy.Expr
    rows: tuple[SecantRow, ...]
    derivative: sympy.Expr
    limit: sympy.Expr
    tangent: Tangent
    definition_latex: str
    limit_latex: str


DEFINITION_LATEX = r"\lim_{\Delta x \to 0} \frac{f(x_0 + \Delta x) - f(x_0)}{\Delta x}"


def derivative(function: sympy.Expr) -> sympy.Expr:
    """f'(x), symbolic."""
    return sympy.diff(_expression(function, (X,)), X)


def derivative_at(function: sympy.Expr, point: NumberLike) -> sympy.Expr:
    """f'(point), exact."""
    f = _expression(function, (X,))
    x0 = exact_number(point, "point")
    value = sympy.simplify(sympy.diff(f, X).subs(X, x0))
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or value.is_finite is False:
        raise MathError(f"f(x) = {f} is not differentiable at x0 = {x0}.")
    return value


def _secant_row(f: sympy.Expr, x0: sympy.Expr, f_x0: sympy.Expr, dx: sympy.Expr) -> SecantRow:
    x1 = x0 + dx
    f_x1 = _value_at(f, x1)
    rise = f_x1 - f_x0
    slope = rise / dx
    subtracted = _subtrahend(_latex_at(f, x0), f.is_Add)
    quotient = rf"\frac{{{_latex_at(f, x1)} - {subtracted}}}{{{number_latex(dx)}}}"
    return SecantRow(
        dx=dx,
        x0=x0,
        x1=x1,
        f_x0=f_x0,
        f_x1=f_x1,
        rise=rise,
        run=dx,
        slope=slope,
        quotient_latex=quotient,
        slope_text=number_text(slope),
        dx_text=number_text(dx),
    )


def _difference_quotient(f: sympy.Expr, x0: sympy.Expr) -> sympy.Expr:
    """(f(x0 + dx) - f(x0)) / dx as an expression in DELTA_X, cancelled where rational."""
    quotient = (f.subs(X, x0 + DELTA_X) - f.subs(X, x0)) / DELTA_X
    if quotient.is_rational_function(DELTA_X):
        return sympy.cancel(quotient)
    return quotient


def _limit_of_quotient(f: sympy.Expr, x0: sympy.Expr) -> sympy.Expr:
    not_differentiable = MathError(f"f(x) = {f} is not differentiable at x0 = {x0}.")
    try:
        limit = sympy.limit(_difference_quotient(f, x0), DELTA_X, 0, dir="+-")
    except (ValueError, NotImplementedError, sympy.PoleError):
        raise not_differentiable from None
    if limit.has(sympy.Limit, sympy.AccumBounds) or not limit.is_finite:
        raise not_differentiable
    return limit


def _tangent(f: sympy.Expr, x0: sympy.Expr, y0: sympy.Expr, slope: sympy.Expr) -> Tangent:
    intercept = sympy.simplify(y0 - slope * x0)
    expr = slope * X + intercept
    return Tangent(x0, y0, slope, intercept, expr, f"y = {sympy.latex(expr)}")


def secant_study(
    function: sympy.Expr, x0: NumberLike, step_sizes: Sequence[NumberLike]
) -> SecantStudy:
    """The secant table for the given steps, the limit of eq. (1), and the tangent at x0."""
    f = _expression(function, (X,))
    a = exact_number(x0, "x0")
    steps = [exact_number(step, "step size") for step in step_sizes]
    if not steps or any(step == 0 for step in steps):
        raise MathError("step sizes must be a non-empty list of non-zero numbers.")
    f_x0 = _value_at(f, a)
    rows = tuple(_secant_row(f, a, f_x0, step) for step in steps)
    limit = _limit_of_quotient(f, a)
    slope = derivative_at(f, a)
    if sympy.simplify(limit - slope) != 0:
        raise MathError(f"f(x) = {f} is not differentiable at x0 = {a}.")
    shifted = _latex_with_x_as(f, f"{number_latex(a)} + \\Delta x", bare=False)
    limit_latex = (
        rf"\lim_{{\Delta x \to 0}} \frac{{{shifted} - {_subtrahend(_latex_at(f, a), f.is_Add)}}}"
        rf"{{\Delta x}} = {number_latex(limit)}"
    )
    return SecantStudy(
        function=f,
        x0=a,
        rows=rows,
        derivative=sympy.diff(f, X),
        limit=limit,
        tangent=_tangent(f, a, f_x0, slope),
        definition_latex=DEFINITION_LATEX,
        limit_latex=limit_latex,
    )


@cache
def _secant_slope_function(f: sympy.Expr, x0: sympy.Expr) -> Callable[..., np.ndarray]:
    _value_at(f, x0)
    return _vectorised(_difference_quotient(f, x0), (DELTA_X,))


def secant_slope_function(
    function: sympy.Expr, x0: NumberLike
) -> Callable[[np.ndarray | float], np.ndarray]:
    """Vectorised dx -> secant slope at x0, lambdified once (for animating a shrinking step)."""
    return _secant_slope_function(_expression(function, (X,)), exact_number(x0, "x0"))


def secant_line(function: sympy.Expr, x0: NumberLike, dx: float) -> tuple[float, float]:
    """(slope, intercept) of the secant from x0 to x0 + dx, as floats; cheap per frame."""
    if dx == 0:
        raise MathError("a secant needs a non-zero step dx.")
    f = _expression(function, (X,))
    a = exact_number(x0, "x0")
    slope = float(_secant_slope_function(f, a)(float(dx)))
    height = float(_vectorised(f, (X,))(float(a)))
    return slope, height - slope * float(a)


def step_schedule(start: float, end: float, count: int) -> np.ndarray:
    """Step sizes shrinking geometrically from start to end: equal ratios look smooth."""
    if not (start > end > 0):
        raise MathError(f"a step schedule needs start > end > 0, not start {start} and end {end}.")
    if count < 2:
        raise MathError(f"a step schedule needs at least 2 steps, not {count}.")
    return np.geomspace(float(start), float(end), int(count))


@dataclass(frozen=True, eq=False)
class FunctionSamples:
    """f and f' sampled on an even grid, for plotting."""

    x: np.ndarray
    f: np.ndarray
    df: np.ndarray


def _read_only(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def _check_range(x_range: tuple[float, float], name: str = "x range") -> tuple[float, float]:
    low, high = (float(bound) for bound in x_range)
    if not low < high:
        raise MathError(f"{name} must be [low, high] with low < high, not {list(x_range)}.")
    return low, high


def function_samples(
    function: sympy.Expr, x_range: tuple[float, float], count: int
) -> FunctionSamples:
    """f and f' on count points across x_range (lambdified)."""
    f = _expression(function, (X,))
    low, high = _check_range(x_range)
    if count < 2:
        raise MathError(f"sampling needs at least 2 points, not {count}.")
    x = np.linspace(low, high, int(count))
    values = _vectorised(f, (X,))(x)
    slopes = _vectorised(sympy.diff(f, X), (X,))(x)
    return FunctionSamples(_read_only(x), _read_only(values), _read_only(slopes))


# --------------------------------------------------------------------------- derivative rules


class _LecturePrinter(LatexPrinter):
    r"""sympy's LaTeX with \frac{d}{dx} for ordinary derivatives and optional f'(x) notation."""

    def __init__(self, prime_notation: bool = False) -> None:
        # graded order writes highest degree first: m x + b, x^{2} + 2 x + 1
        super().__init__({"ln_notation": True, "order": "grlex"})
        self._prime_notation = prime_notation

    def _print_Mul(self, expr: sympy.Mul) -> str:
        if self._prime_notation and expr.has(sympy.Subs):
            # keep f'(g(x)) g'(x) in the written order rather than sympy's sorted one
            return " ".join(
                self._print(arg)
                if isinstance(arg, sympy.Subs | sympy.Derivative)
                else self.parenthesize(arg, PRECEDENCE["Mul"])
                for arg in expr.args
            )
        return super()._print_Mul(expr)

    def _prime(self, applied: sympy.Expr, argument: sympy.Expr) -> str:
        return rf"{applied.func.__name__}'{{\left({self._print(argument)} \right)}}"

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        (variable, count), *others = expr.variable_count
        if others or count != 1 or not isinstance(variable, sympy.Symbol):
            return super()._print_Derivative(expr)
        inner = expr.expr
        if self._prime_notation and isinstance(inner, AppliedUndef) and inner.args == (variable,):
            return self._prime(inner, variable)
        body = self.parenthesize(inner, PRECEDENCE["Mul"])
        return rf"\frac{{d}}{{d{self._print(variable)}}} {body}"

    def _print_Subs(self, expr: sympy.Subs) -> str:
        derivative_expr = expr.expr
        if (
            self._prime_notation
            and isinstance(derivative_expr, sympy.Derivative)
            and isinstance(derivative_expr.expr, AppliedUndef)
            and len(expr.variables) == 1
            and derivative_expr.variable_count == ((expr.variables[0], 1),)
            and derivative_expr.expr.args == expr.variables
        ):
            return self._prime(derivative_expr.expr, expr.point[0])
        return super()._print_Subs(expr)


def lecture_latex(expr: sympy.Expr, prime_notation: bool = False) -> str:
    r"""LaTeX in the lecture's notation: \frac{d}{dx}, \ln, optionally f'(g(x))."""
    return _LecturePrinter(prime_notation).doprint(expr)


@dataclass(frozen=True)
class DerivativeRule:
    """A differentiation rule as a sympy-verified identity lhs = rhs."""

    name: str
    lhs: sympy.Expr
    rhs: sympy.Expr
    latex: str


def _verified_rule(
    name: str, lhs: sympy.Expr, rhs: sympy.Expr, prime: bool = False
) -> DerivativeRule:
    if sympy.simplify(lhs.doit() - rhs.doit()) != 0:
        raise MathError(f"sympy could not verify the {name} rule {lhs} = {rhs}.")
    latex = f"{lecture_latex(lhs, prime)} = {lecture_latex(rhs, prime)}"
    return DerivativeRule(name, lhs, rhs, latex)


@cache
def derivative_rules() -> tuple[DerivativeRule, ...]:
    """The rules of notes 2.2 in order, each checked by sympy; a lecture numbers them itself."""
    c, m, b, n = sympy.symbols("c m b n", real=True)
    a = sympy.Symbol("a", positive=True)
    f, g = sympy.Function("f"), sympy.Function("g")
    u = sympy.Symbol("u", real=True)
    d = sympy.Derivative
    chain_rhs = sympy.Mul(sympy.Subs(d(f(u), u), u, g(X)), d(g(X), X), evaluate=False)
    return (
        _verified_rule("constant", d(c, X), sympy.Integer(0)),
        _verified_rule("linear", d(m * X + b, X), m),
        _verified_rule("sum", d(f(X) + g(X), X), d(f(X), X) + d(g(X), X)),
        _verified_rule("power", d(X**n, X), n * X ** (n - 1)),
        _verified_rule("exponential", d(a**X, X), a**X * sympy.log(a)),
        _verified_rule("natural exponential", d(sympy.exp(X), X), sympy.exp(X)),
        _verified_rule("chain", d(f(g(X)), X), chain_rhs, prime=True),
    )


RULE_NAMES: tuple[str, ...] = (
    "constant",
    "linear",
    "sum",
    "power",
    "exponential",
    "natural exponential",
    "chain",
)


@dataclass(frozen=True)
class RuleExample:
    """A rule applied to a concrete function, e.g. d/dx x^2 = 2x."""

    rule: str
    function: sympy.Expr
    derivative: sympy.Expr
    latex: str


def _is_composition(f: sympy.Expr) -> bool:
    """Whether some function or power in f takes a non-trivial expression of x."""
    for node in sympy.preorder_traversal(f):
        if isinstance(node, sympy.Function | sympy.Pow):
            if any(arg.has(X) and arg != X for arg in node.args):
                return True
    return False


def _fits_rule(rule: str, f: sympy.Expr) -> bool:
    coefficient, term = f.as_independent(X, as_Add=False)
    if rule == "constant":
        return not f.has(X)
    if rule == "linear":
        return f.is_polynomial(X) and sympy.degree(f, X) == 1
    if rule == "sum":
        return isinstance(f, sympy.Add) and f.has(X)
    if rule == "power":
        base, exponent = term.as_base_exp()
        return base == X and not exponent.has(X)
    if rule in ("exponential", "natural exponential"):
        base, exponent = term.as_base_exp()
        natural = base == sympy.E
        return exponent == X and not base.has(X) and (natural or rule == "exponential")
    if rule == "chain":
        return _is_composition(f)
    return False


def rule_example(rule: str, function: sympy.Expr) -> RuleExample:
    """The derivative of a concrete function that illustrates the named rule."""
    if rule not in RULE_NAMES:
        raise MathError(f"unknown derivative rule {rule!r}; known rules: {', '.join(RULE_NAMES)}.")
    f = _expression(function, (X,))
    if not _fits_rule(rule, f):
        raise MathError(f"{f} is not an example of the {rule} rule.")
    df = sympy.diff(f, X)
    latex = f"{lecture_latex(sympy.Derivative(f, X))} = {lecture_latex(df)}"
    return RuleExample(rule, f, df, latex)


def compose(outer: sympy.Expr, inner: sympy.Expr) -> sympy.Expr:
    """outer(inner(x)), for building a chain-rule example from its two parts."""
    return _expression(outer, (X,)).xreplace({X: _expression(inner, (X,))})


# --------------------------------------------------------------------------- sigmoid


def sigmoid() -> sympy.Expr:
    """S(x) = 1 / (1 + e^(-x)), notes eq. (2)."""
    return 1 / (1 + sympy.exp(-X))


@dataclass(frozen=True)
class DerivativePeak:
    """Where f' is largest on a range, and its value there."""

    x: sympy.Expr
    value: sympy.Expr


def _critical_points(second: sympy.Expr, interval: sympy.Interval) -> list[sympy.Expr]:
    """Solutions of f'' = 0 inside the interval: exact where sympy finds them, else numeric."""
    if sympy.simplify(second) == 0:
        return []
    numerator = sympy.numer(sympy.together(second))
    solutions = sympy.solveset(numerator, X, interval)
    if isinstance(solutions, sympy.FiniteSet):
        return list(solutions)
    grid = np.linspace(float(interval.start), float(interval.end), 2001)
    values = _vectorised(second, (X,))(grid)
    changes = np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)[0]
    return [sympy.nsolve(second, X, (grid[i], grid[i + 1]), solver="bisect") for i in changes]


def derivative_peak(function: sympy.Expr, x_range: tuple[NumberLike, NumberLike]) -> DerivativePeak:
    """The maximum of f' on the closed range, from f'' = 0 and the endpoints (exact)."""
    f = _expression(function, (X,))
    low, high = exact_number(x_range[0], "x range low"), exact_number(x_range[1], "x range high")
    if not low < high:
        raise MathError(f"x range must be [low, high] with low < high, not [{low}, {high}].")
    slope = sympy.diff(f, X)
    candidates = [low, *_critical_points(sympy.diff(slope, X), sympy.Interval(low, high)), high]
    values = [sympy.simplify(slope.subs(X, point)) for point in candidates]
    best = max(range(len(candidates)), key=lambda i: float(values[i]))
    return DerivativePeak(candidates[best], values[best])


def identity_residual(
    function: sympy.Expr, identity: sympy.Expr, samples: FunctionSamples | np.ndarray
) -> float:
    """max |f' - identity| on the samples: how well an identity such as f' = f (1 - f) holds."""
    x = samples.x if isinstance(samples, FunctionSamples) else np.asarray(samples, dtype=float)
    slopes = _vectorised(sympy.diff(_expression(function, (X,)), X), (X,))(x)
    values = _vectorised(_expression(identity, (X,)), (X,))(x)
    return float(np.max(np.abs(slopes - values)))


# --------------------------------------------------------------------------- gradients


@dataclass(frozen=True)
class Gradient:
    """The partials of z = f(x, y) and the gradient vector, with their LaTeX."""

    surface: sympy.Expr
    partials: tuple[sympy.Expr, sympy.Expr]
    partial_latex: tuple[str, str]
    latex: str
    negative_latex: str


def _surface(surface: sympy.Expr) -> sympy.Expr:
    return _expression(surface, (X, Y))


def _vector_latex(components: Sequence[sympy.Expr]) -> str:
    return rf"\left\langle {', '.join(sympy.latex(c) for c in components)} \right\rangle"


def gradient(surface: sympy.Expr) -> Gradient:
    """The gradient of z = surface: one partial derivative per variable (notes 3)."""
    z = _surface(surface)
    partials = (sympy.diff(z, X), sympy.diff(z, Y))
    partial_latex = tuple(
        rf"\frac{{\partial z}}{{\partial {sympy.latex(v)}}} = {sympy.latex(p)}"
        for v, p in zip((X, Y), partials, strict=True)
    )
    return Gradient(
        surface=z,
        partials=partials,
        partial_latex=(partial_latex[0], partial_latex[1]),
        latex=rf"\nabla z = {_vector_latex(partials)}",
        negative_latex=rf"-\nabla z = {_vector_latex([-p for p in partials])}",
    )


def gradient_at(surface: sympy.Expr, point: PointLike) -> ExactPoint:
    """The gradient vector at a point, exact."""
    z = _surface(surface)
    px, py = exact_point(point)
    at = {X: px, Y: py}
    dx, dy = (sympy.simplify(sympy.diff(z, v).subs(at)) for v in (X, Y))
    if not (dx.is_finite and dy.is_finite):
        raise MathError(f"the gradient of {z} is undefined at ({px}, {py}).")
    return dx, dy


def descent_direction(surface: sympy.Expr, point: PointLike) -> ExactPoint:
    """The negative gradient at a point: the direction of steepest descent."""
    dx, dy = gradient_at(surface, point)
    return -dx, -dy


def is_stationary(surface: sympy.Expr, point: PointLike) -> bool:
    """Whether the gradient vanishes at the point (a ball there stays put)."""
    return all(component == 0 for component in gradient_at(surface, point))


def surface_height_function(surface: sympy.Expr) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """Vectorised z(x, y), broadcasting like numpy (constant surfaces included)."""
    return _vectorised(_surface(surface), (X, Y))


def gradient_function(
    surface: sympy.Expr,
) -> Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Vectorised (x, y) -> (dz/dx, dz/dy)."""
    z = _surface(surface)
    partial_x = _vectorised(sympy.diff(z, X), (X, Y))
    partial_y = _vectorised(sympy.diff(z, Y), (X, Y))

    def evaluate(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return partial_x(x, y), partial_y(x, y)

    return evaluate


@dataclass(frozen=True, eq=False)
class FlowPath:
    """A path of steepest descent: times (count,) and points (count, 3) as x, y, z."""

    times: np.ndarray
    points: np.ndarray


def _point_text(point: ExactPoint) -> str:
    return f"({point[0]}, {point[1]})"


def _scalar_gradient(z: sympy.Expr) -> Callable[[float, float], tuple[float, float]]:
    raw = _lambdified(sympy.Tuple(sympy.diff(z, X), sympy.diff(z, Y)), (X, Y))
    return lambda x, y: tuple(float(v) for v in raw(x, y))  # type: ignore[return-value]


def _scalar_hessian_size(z: sympy.Expr) -> Callable[[float, float], float]:
    """Frobenius norm of the Hessian at a point: bounds how steep the flow can turn."""
    hessian = sympy.hessian(z, (X, Y))
    raw = _lambdified(sympy.Tuple(*hessian), (X, Y))
    return lambda x, y: math.hypot(*(float(v) for v in raw(x, y)))


def gradient_flow_path(
    surface: sympy.Expr, start: PointLike, duration: float, count: int
) -> FlowPath:
    """The ball's path: dp/dt = -grad z(p), integrated by RK4 with fine steps."""
    z = _surface(surface)
    begin = exact_point(start, "start")
    if duration <= 0 or count < 2:
        raise MathError(f"a flow needs duration > 0 and count >= 2, not {duration} and {count}.")
    grad = _scalar_gradient(z)
    hessian_size = _scalar_hessian_size(z)

    def velocity(x: float, y: float) -> tuple[float, float]:
        gx, gy = grad(x, y)
        return -gx, -gy

    def rk4(x: float, y: float, step: float) -> tuple[float, float]:
        k1 = velocity(x, y)
        k2 = velocity(x + step / 2 * k1[0], y + step / 2 * k1[1])
        k3 = velocity(x + step / 2 * k2[0], y + step / 2 * k2[1])
        k4 = velocity(x + step * k3[0], y + step * k3[1])
        return (
            x + step / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
            y + step / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]),
        )

    times = np.linspace(0.0, float(duration), int(count))
    xy = np.empty((int(count), 2))
    x, y = float(begin[0]), float(begin[1])
    xy[0] = x, y
    substeps = 0
    for index in range(1, len(times)):
        remaining = times[index] - times[index - 1]
        while remaining > 0:
            try:
                stable = FLOW_STABILITY / (hessian_size(x, y) + 1e-300)
                step = min(FLOW_MAX_STEP, stable, remaining)
                x, y = rk4(x, y, step)
            except (OverflowError, ZeroDivisionError):
                step = 0.0
            remaining -= step
            substeps += 1
            finite = math.isfinite(x) and math.isfinite(y)
            if not finite or step <= 0 or substeps > FLOW_MAX_SUBSTEPS:
                raise DivergenceError(
                    f"the descent path on {z} from {_point_text(begin)} runs away before "
                    f"t = {times[index]:g}; use a shorter flow time or another start."
                )
        xy[index] = x, y
    heights = surface_height_function(z)(xy[:, 0], xy[:, 1])
    points = np.column_stack([xy, heights])
    return FlowPath(_read_only(times), _read_only(points))


def _quadratic_rate_limit(z: sympy.Expr) -> sympy.Expr | None:
    """2 / lambda_max of the Hessian for a quadratic surface with positive curvature, else None."""
    try:
        polynomial = sympy.Poly(z, X, Y)
    except sympy.PolynomialError:
        return None
    if polynomial.total_degree() > 2:
        return None
    eigenvalues = list(sympy.hessian(z, (X, Y)).eigenvals())
    largest = max(eigenvalues, key=lambda value: float(value))
    return 2 / largest if largest > 0 else sympy.oo


def gradient_descent_steps(
    surface: sympy.Expr, start: PointLike, learning_rate: float, steps: int
) -> np.ndarray:
    """Discrete gradient descent p <- p - rate * grad z(p): (steps + 1, 3) rows of x, y, z.

    Refuses a rate that does not lower the height: for a quadratic surface exactly (the
    rate must be below 2 / the Hessian's largest eigenvalue), otherwise step by step.
    """
    z = _surface(surface)
    begin = exact_point(start, "start")
    rate = exact_number(learning_rate, "learning rate")
    if rate <= 0:
        raise MathError(f"the learning rate must be positive, not {number_text(rate)}.")
    if steps < 0:
        raise MathError(f"the number of descent steps must be 0 or more, not {steps}.")
    where = f"gradient descent on {z} diverge from {_point_text(begin)}"
    limit = _quadratic_rate_limit(z)
    if limit is not None and rate >= limit:
        raise DivergenceError(
            f"learning rate {number_text(rate)} makes {where}; "
            f"use a rate below {number_text(limit)}."
        )
    grad = _scalar_gradient(z)
    height = _vectorised(z, (X, Y))
    rows = np.empty((int(steps) + 1, 3))
    x, y = float(begin[0]), float(begin[1])
    rows[0] = x, y, float(height(x, y))
    step_rate = float(rate)
    for index in range(1, int(steps) + 1):
        try:
            gx, gy = grad(x, y)
            x, y = x - step_rate * gx, y - step_rate * gy
        except OverflowError:
            x = y = math.inf
        rows[index] = x, y, float(height(x, y))
        previous, current = rows[index - 1, 2], rows[index, 2]
        rising = limit is None and current > previous + 1e-12 * (1 + abs(previous))
        if not np.all(np.isfinite(rows[index])) or rising:
            raise DivergenceError(
                f"learning rate {number_text(rate)} makes {where} (the height rises at step "
                f"{index}); use a smaller rate."
            )
    return _read_only(rows)
