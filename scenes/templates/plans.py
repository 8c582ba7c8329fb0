"""Content + math core -> what each scene animates.

A plan holds every value, array, callable and LaTeX string one scene shows, so
the scene itself only draws. `plan_json` turns a plan into the JSON that
`lecture plan --json` prints (callables left out, arrays as lists).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from scenes.content.loader import ContentError, Lecture, SceneContent, display_path
from scenes.maths import calculus as calc

Curve = Callable[[float], float]
STEP_SCHEDULE_FRAMES = 90
MAX_READOUT_PLACES = 6
FLOW_SAMPLES = 121
SAMPLES = 241
# DerivativeRules / SigmoidDerivation / SigmoidGraph
SUM_TERMS = ("power", "linear")  # the sum rule's example is these two examples added
PICTURE_TICKS = 6
PICTURE_PADDING = 0.1
TICK_FACTORS = (1, 2, 2.5, 5, 10)
GRAPH_X_TICKS = 12
GRAPH_Y_TICKS = 6
SIGMOID_EQUATIONS = {"definition": "(2)", "simplified": "(7)", "result": "(8)"}


def _hidden() -> Any:
    """A field left out of the JSON plan (callables and helper objects)."""
    return field(default=None, metadata={"json": False}, repr=False, compare=False)


def number(value: sympy.Expr) -> float:
    return float(sympy.N(value))


def exact(value: sympy.Expr) -> str:
    return str(sympy.nsimplify(value))


def latex(value: sympy.Expr) -> str:
    return sympy.latex(value)


def number_text(value: sympy.Expr, digits: int = 4) -> str:
    """A readable decimal: 2.5, 2.25, 3 -- rounded where it does not terminate."""
    as_float = round(number(value), digits)
    return f"{as_float:g}" if abs(as_float) >= 1e-4 or as_float == 0 else f"{as_float:.2e}"


def curve(expr: sympy.Expr, variable: sympy.Symbol = calc.X) -> Curve:
    """A float -> float callable for manim's `Axes.plot` (constants broadcast too)."""
    fn = sympy.lambdify(variable, expr, "numpy")
    return lambda t: float(fn(t))


# ---------------------------------------------------------------- plans


@dataclass(frozen=True)
class TitlePlan:
    name: str
    title: str
    subtitle: str
    outline: tuple[str, ...]


@dataclass(frozen=True)
class SlopePlan:
    name: str
    function_latex: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x0: float
    x1: float
    y0: float
    y1: float
    rise: float
    run: float
    slope: float
    slope_latex: str
    x0_latex: str
    x1_latex: str
    y0_latex: str
    y1_latex: str
    steps_latex: tuple[str, ...]
    is_linear: bool
    intercept: float
    line_form_latex: str
    f: Curve = _hidden()
    slope_between: Callable[[float, float], float] = _hidden()


@dataclass(frozen=True)
class SecantRowPlan:
    dx: float
    x1: float
    y1: float
    rise: float
    run: float
    slope: float
    slope_exact: str
    dx_text: str
    slope_text: str
    quotient_latex: str
    intercept: float


@dataclass(frozen=True)
class SecantPlan:
    name: str
    function_latex: str
    x0: float
    y0: float
    x0_latex: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    rows: tuple[SecantRowPlan, ...]
    step_schedule: tuple[float, ...]
    tangent_slope: float
    tangent_intercept: float
    tangent_latex: str
    definition_latex: str
    limit_latex: str
    derivative_latex: str
    y0_latex: str
    tangent_slope_latex: str
    readout_places: int
    f: Curve = _hidden()
    secant_slope: Curve = _hidden()


@dataclass(frozen=True)
class RulePlan:
    name: str
    equation: str | None
    latex: str
    example_latex: str
    function_latex: str
    derivative_latex: str
    y_range: tuple[float, float]
    y_step: float
    f: Curve | None = _hidden()
    df: Curve | None = _hidden()


@dataclass(frozen=True)
class RulesPlan:
    name: str
    x_range: tuple[float, float]
    rules: tuple[RulePlan, ...]
    constant_value: float
    linear_slope: float
    power_point: float
    power_value: float
    power_slope: float
    power_slope_latex: str
    power_intercept: float
    chain_outer_latex: str
    chain_inner_latex: str
    x_step: float
    linear_slope_latex: str
    sum_terms: tuple[str, str]
    chain_latex: str
    chain_outer_prime_latex: str
    chain_inner_prime_latex: str


@dataclass(frozen=True)
class StepPlan:
    latex: str
    rule: str
    label: str
    parts: tuple[str, str, str]
    source_parts: tuple[str, str, str]


@dataclass(frozen=True)
class SigmoidDerivationPlan:
    name: str
    function_name: str
    definition_latex: str
    rewritten_latex: str
    steps: tuple[StepPlan, ...]
    equation_seven_index: int
    result_latex: str
    derivative_lhs_latex: str
    definition_equation: str
    equation_seven: str
    result_equation: str


@dataclass(frozen=True)
class SigmoidGraphPlan:
    name: str
    function_latex: str
    derivative_latex: str
    identity_latex: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    peak_x: float
    peak_value: float
    peak_latex: str
    identity_residual: float
    residual_latex: str
    x_step: float
    y_step: float
    f: Curve = _hidden()
    df: Curve = _hidden()
    identity: Curve = _hidden()


@dataclass(frozen=True)
class SurfacePlan:
    name: str
    surface_latex: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    z_range: tuple[float, float]
    point: tuple[float, float, float]
    point_latex: str
    partial_latex: tuple[str, str]
    partial_values: tuple[float, float]
    partial_values_latex: tuple[str, str]
    slice_x_latex: str
    slice_y_latex: str
    gradient_latex: str
    gradient_value_latex: str
    held_latex: tuple[str, str]
    partial_at_latex: tuple[str, str]
    height: Callable[[float, float], float] = _hidden()
    slice_x: Curve = _hidden()
    slice_y: Curve = _hidden()


@dataclass(frozen=True)
class RollPlan:
    """One ball's roll: its start, the gradient there and its path down."""

    start: tuple[float, float, float]
    start_latex: str
    gradient: tuple[float, float]
    gradient_latex: str
    descent_latex: str
    stationary: bool
    path: np.ndarray
    path_gradients: np.ndarray
    gradient_at_latex: str
    descent_at_latex: str


@dataclass(frozen=True)
class DescentPlan:
    name: str
    surface_latex: str
    gradient_formula_latex: str
    negative_gradient_formula_latex: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    z_range: tuple[float, float]
    flow_time: float
    learning_rate: float
    start: tuple[float, float, float]
    gradient: tuple[float, float]
    path: np.ndarray
    rolls: tuple[RollPlan, ...]
    descent_steps: np.ndarray
    learning_rate_latex: str
    height: Callable[[float, float], float] = _hidden()


# ---------------------------------------------------------------- builders


def _range(value: tuple[sympy.Expr, sympy.Expr]) -> tuple[float, float]:
    return (number(value[0]), number(value[1]))


def _function_latex(name: str, expr: sympy.Expr, variable: str = "x") -> str:
    return f"{name}({variable}) = {latex(expr)}"


def _title(scene: SceneContent) -> TitlePlan:
    p = scene.params
    return TitlePlan(scene.name, p["title"], p["subtitle"], tuple(p["outline"]))


def _slope(scene: SceneContent) -> SlopePlan:
    p = scene.params
    study = calc.line_slope(p["function"], p["x0"], p["x1"])
    intercept = study.y0 - study.slope * study.x0
    return SlopePlan(
        name=scene.name,
        function_latex=_function_latex("f", p["function"]),
        x_range=_range(p["x_range"]),
        y_range=_range(p["y_range"]),
        x0=number(study.x0),
        x1=number(study.x1),
        y0=number(study.y0),
        y1=number(study.y1),
        rise=number(study.rise),
        run=number(study.run),
        slope=number(study.slope),
        slope_latex=latex(study.slope),
        x0_latex=latex(study.x0),
        x1_latex=latex(study.x1),
        y0_latex=latex(study.y0),
        y1_latex=latex(study.y1),
        steps_latex=tuple(study.latex_steps),
        is_linear=study.is_linear,
        intercept=number(intercept),
        line_form_latex=f"y = m x + b,\\quad m = {latex(study.slope)},\\ b = {latex(intercept)}",
        f=curve(p["function"]),
        slope_between=_rise_over_run(curve(p["function"])),
    )


def _rise_over_run(f: Curve) -> Callable[[float, float], float]:
    """The slope of f between any two x values (to show it is the same for a line)."""
    return lambda a, b: (f(b) - f(a)) / (b - a)


def _secant(scene: SceneContent) -> SecantPlan:
    p = scene.params
    f, x0 = p["function"], p["x0"]
    study = calc.secant_study(f, x0, p["step_sizes"])
    rows = tuple(
        SecantRowPlan(
            dx=number(row.dx),
            x1=number(row.x1),
            y1=number(row.f_x1),
            rise=number(row.rise),
            run=number(row.run),
            slope=number(row.slope),
            slope_exact=exact(row.slope),
            dx_text=row.dx_text,
            slope_text=row.slope_text,
            quotient_latex=row.quotient_latex,
            intercept=number(row.f_x0 - row.slope * row.x0),
        )
        for row in study.rows
    )
    schedule = calc.step_schedule(
        number(p["step_sizes"][0]), number(p["final_step"]), STEP_SCHEDULE_FRAMES
    )
    slope_fn = calc.secant_slope_function(f, x0)
    return SecantPlan(
        name=scene.name,
        function_latex=_function_latex("f", f),
        x0=number(x0),
        y0=number(f.subs(calc.X, x0)),
        x0_latex=calc.number_latex(study.x0),
        x_range=_range(p["x_range"]),
        y_range=_range(p["y_range"]),
        rows=rows,
        step_schedule=tuple(float(v) for v in schedule),
        tangent_slope=number(study.tangent.slope),
        tangent_intercept=number(study.tangent.intercept),
        tangent_latex=study.tangent.latex,
        definition_latex=study.definition_latex,
        limit_latex=study.limit_latex,
        derivative_latex=f"f'({calc.number_latex(study.x0)}) = {calc.number_latex(study.limit)}",
        y0_latex=calc.number_latex(study.tangent.y0),
        tangent_slope_latex=calc.number_latex(study.tangent.slope),
        readout_places=_readout_places(number(p["final_step"])),
        f=curve(f),
        secant_slope=lambda dx: float(slope_fn(dx)),
    )


def _readout_places(final_step: float) -> int:
    """Decimal places a live Δx readout needs to show the final step (0.001 -> 3)."""
    places = math.ceil(round(-math.log10(final_step), 9))
    return min(MAX_READOUT_PLACES, max(1, places))


def _rules(scene: SceneContent) -> RulesPlan:
    p = scene.params
    by_name = {rule.name: rule for rule in calc.derivative_rules()}
    constant = p["constant_function"]
    linear = p["linear_function"]
    power = p["power_function"]
    outer, inner = p["chain_outer"], p["chain_inner"]
    examples = {
        "constant": constant,
        "linear": linear,
        "sum": power + linear,
        "power": power,
        "exponential": p["exponential_base"] ** calc.X,
        "natural exponential": sympy.exp(calc.X),
        "chain": calc.compose(outer, inner),
    }
    exponentials = (examples["exponential"], examples["natural exponential"])
    drawn = {  # the curves each picture draws, where more than the example itself
        "sum": (examples["sum"], *(examples[term] for term in SUM_TERMS)),
        "exponential": (*exponentials, *(calc.derivative(e) for e in exponentials)),
        "natural exponential": (*exponentials, *(calc.derivative(e) for e in exponentials)),
    }
    x_range = _range(p["x_range"])
    rules = []
    for rule_name, example in examples.items():
        rule = by_name[rule_name]
        worked = calc.rule_example(rule_name, example)
        shown = drawn.get(rule_name, (example,))
        y_low, y_high, y_step = _picture_range(shown, x_range)
        rules.append(
            RulePlan(
                name=rule_name,
                equation=rule.equation,
                latex=rule.latex,
                example_latex=worked.latex,
                function_latex=latex(example),
                derivative_latex=calc.lecture_latex(worked.derivative),
                y_range=(y_low, y_high),
                y_step=y_step,
                f=curve(example),
                df=curve(worked.derivative),
            )
        )
    point = p["power_point"]
    slope_at = calc.derivative_at(power, point)
    value_at = power.subs(calc.X, point)
    return RulesPlan(
        name=scene.name,
        x_range=x_range,
        rules=tuple(rules),
        constant_value=number(constant),
        linear_slope=number(calc.derivative(linear)),
        power_point=number(point),
        power_value=number(value_at),
        power_slope=number(slope_at),
        power_slope_latex=f"f'({latex(point)}) = {latex(slope_at)}",
        power_intercept=number(value_at - slope_at * point),
        chain_outer_latex=latex(outer),
        chain_inner_latex=latex(inner),
        x_step=_tick_step(x_range[1] - x_range[0], PICTURE_TICKS),
        linear_slope_latex=latex(calc.derivative(linear)),
        sum_terms=SUM_TERMS,
        chain_latex=latex(calc.compose(outer, inner)),
        chain_outer_prime_latex=latex(calc.compose(calc.derivative(outer), inner)),
        chain_inner_prime_latex=latex(calc.derivative(inner)),
    )


def _tick_step(span: float, max_ticks: int) -> float:
    """The smallest 1-2-2.5-5 step that puts at most max_ticks ticks on the span."""
    raw = span / max_ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(f * magnitude for f in TICK_FACTORS if f * magnitude >= raw)


def _picture_range(
    shown: tuple[sympy.Expr, ...], x_range: tuple[float, float]
) -> tuple[float, float, float]:
    """A y range (with the x axis in it) and tick step that fit the drawn curves."""
    values = np.concatenate([calc.function_samples(expr, x_range, SAMPLES).f for expr in shown])
    low, high = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    pad = PICTURE_PADDING * (high - low) if high > low else 1.0
    step = _tick_step(high - low + 2 * pad, PICTURE_TICKS)
    return (
        math.floor((low - pad) / step) * step,
        math.ceil((high + pad) / step) * step,
        step,
    )


def _scientific_latex(value: float) -> str:
    """0, or a small residual as m \times 10^{e}."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.1e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def _sigmoid_derivation(scene: SceneContent, path: str) -> SigmoidDerivationPlan:
    from scenes.maths.derivation import DerivationError, power_latex, sigmoid_derivation

    p = scene.params
    name = p["name"]
    try:
        derivation = sigmoid_derivation(p["function"], p["rewritten"][0], p["algebra_steps"], name)
    except DerivationError as error:
        raise ContentError(
            f"{path}: scenes.{scene.name}.algebra_steps is not a valid derivation: {error}",
            path=path,
            key=f"scenes.{scene.name}.algebra_steps",
            value=p["algebra_steps"],
        ) from None
    steps = tuple(
        StepPlan(s.latex, s.rule, s.label, tuple(s.parts), tuple(s.source_parts))
        for s in derivation.steps
    )
    simplify_index = max(i for i, s in enumerate(steps) if s.rule == "simplify")
    return SigmoidDerivationPlan(
        name=scene.name,
        function_name=name,
        definition_latex=_function_latex(name, p["function"]),
        rewritten_latex=power_latex(p["rewritten"][0]),
        steps=steps,
        equation_seven_index=simplify_index,
        result_latex=f"{name}'(x) = {steps[-1].latex}",
        derivative_lhs_latex=f"{name}'(x)",
        definition_equation=SIGMOID_EQUATIONS["definition"],
        equation_seven=SIGMOID_EQUATIONS["simplified"],
        result_equation=SIGMOID_EQUATIONS["result"],
    )


def _sigmoid_graph(scene: SceneContent) -> SigmoidGraphPlan:
    p = scene.params
    name, f = p["name"], p["function"]
    df = calc.derivative(f)
    x_range = _range(p["x_range"])
    peak = calc.derivative_peak(f, p["x_range"])
    grid = calc.function_samples(f, x_range, SAMPLES)
    residual = calc.logistic_identity_residual(f, grid)
    y_range = _range(p["y_range"])
    s = sympy.Function(name)(calc.X)
    return SigmoidGraphPlan(
        name=scene.name,
        function_latex=_function_latex(name, f),
        derivative_latex=f"{name}'(x)",
        identity_latex=sympy.latex(sympy.Mul(s, 1 - s, evaluate=False), order="none"),
        x_range=x_range,
        y_range=y_range,
        peak_x=number(peak.x),
        peak_value=number(peak.value),
        peak_latex=f"{name}'({latex(peak.x)}) = {latex(peak.value)}",
        identity_residual=residual,
        residual_latex=rf"\max_x \left| {name}'(x) - "
        rf"{sympy.latex(sympy.Mul(s, 1 - s, evaluate=False), order='none')} \right| = "
        f"{_scientific_latex(residual)}",
        x_step=_tick_step(x_range[1] - x_range[0], GRAPH_X_TICKS),
        y_step=_tick_step(y_range[1] - y_range[0], GRAPH_Y_TICKS),
        f=curve(f),
        df=curve(df),
        identity=curve(f * (1 - f)),
    )


def _point_latex(point: tuple[sympy.Expr, ...]) -> str:
    return "(" + ", ".join(latex(v) for v in point) + ")"


def _vector_latex(vector: tuple[sympy.Expr, ...]) -> str:
    return r"\left\langle " + ", ".join(latex(v) for v in vector) + r" \right\rangle"


def _z_range(surface: sympy.Expr, x_range, y_range) -> tuple[float, float]:
    height = calc.surface_height_function(surface)
    xs = np.linspace(*x_range, 41)
    ys = np.linspace(*y_range, 41)
    grid_x, grid_y = np.meshgrid(xs, ys)
    z = np.broadcast_to(height(grid_x, grid_y), grid_x.shape)
    low, high = float(np.min(z)), float(np.max(z))
    return (low, high) if high > low else (low - 1.0, low + 1.0)


def _height(surface: sympy.Expr) -> Callable[[float, float], float]:
    fn = calc.surface_height_function(surface)
    return lambda u, v: float(fn(np.asarray(u), np.asarray(v)))


def _surface(scene: SceneContent) -> SurfacePlan:
    p = scene.params
    z = p["surface"]
    px, py = p["point"]
    grad = calc.gradient(z)
    gx, gy = calc.gradient_at(z, (px, py))
    z0 = z.subs({calc.X: px, calc.Y: py})
    x_range, y_range = _range(p["x_range"]), _range(p["y_range"])
    slice_x = z.subs(calc.Y, py)
    slice_y = z.subs(calc.X, px)
    return SurfacePlan(
        name=scene.name,
        surface_latex=f"z = {latex(z)}",
        x_range=x_range,
        y_range=y_range,
        z_range=_z_range(z, x_range, y_range),
        point=(number(px), number(py), number(z0)),
        point_latex=_point_latex((px, py)),
        partial_latex=tuple(grad.partial_latex),
        partial_values=(number(gx), number(gy)),
        partial_values_latex=(latex(gx), latex(gy)),
        slice_x_latex=f"z = {latex(slice_x)}",
        slice_y_latex=f"z = {latex(slice_y)}",
        gradient_latex=grad.latex,
        gradient_value_latex=r"\nabla z" + _point_latex((px, py)) + " = " + _vector_latex((gx, gy)),
        held_latex=(f"y = {latex(py)}", f"x = {latex(px)}"),
        partial_at_latex=tuple(
            rf"\frac{{\partial z}}{{\partial {v}}}{_point_latex((px, py))} = {latex(g)}"
            for v, g in (("x", gx), ("y", gy))
        ),
        height=_height(z),
        slice_x=curve(slice_x),
        slice_y=curve(slice_y, calc.Y),
    )


def _roll(surface: sympy.Expr, start: tuple[sympy.Expr, sympy.Expr], duration: float) -> RollPlan:
    gx, gy = calc.gradient_at(surface, start)
    nx, ny = calc.descent_direction(surface, start)
    flow = calc.gradient_flow_path(surface, start, duration, FLOW_SAMPLES)
    grad_fn = calc.gradient_function(surface)
    path_gx, path_gy = grad_fn(flow.points[:, 0], flow.points[:, 1])
    path_gradients = np.column_stack(
        [
            np.broadcast_to(path_gx, flow.points[:, 0].shape),
            np.broadcast_to(path_gy, flow.points[:, 0].shape),
        ]
    )
    z0 = surface.subs({calc.X: start[0], calc.Y: start[1]})
    return RollPlan(
        start=(number(start[0]), number(start[1]), number(z0)),
        start_latex=_point_latex(start),
        gradient=(number(gx), number(gy)),
        gradient_latex=r"\nabla z = " + _vector_latex((gx, gy)),
        descent_latex=r"-\nabla z = " + _vector_latex((nx, ny)),
        stationary=calc.is_stationary(surface, start),
        path=flow.points,
        path_gradients=path_gradients,
        gradient_at_latex=r"\nabla z" + _point_latex(start) + " = " + _vector_latex((gx, gy)),
        descent_at_latex=r"-\nabla z" + _point_latex(start) + " = " + _vector_latex((nx, ny)),
    )


def _descent(scene: SceneContent, path: str) -> DescentPlan:
    p = scene.params
    z = p["surface"]
    x_range, y_range = _range(p["x_range"]), _range(p["y_range"])
    duration = number(p["flow_time"])
    rolls = tuple(_roll(z, start, duration) for start in (p["start"], *p["more_starts"]))
    try:
        steps = calc.gradient_descent_steps(
            z, p["start"], number(p["learning_rate"]), int(p["descent_steps"])
        )
    except calc.DivergenceError as error:
        key = f"scenes.{scene.name}.learning_rate"
        raise ContentError(
            f"{path}: {key} = {number(p['learning_rate']):g} cannot be animated: {error}",
            path=path,
            key=key,
            value=p["learning_rate"],
        ) from None
    grad = calc.gradient(z)
    return DescentPlan(
        name=scene.name,
        surface_latex=f"z = {latex(z)}",
        gradient_formula_latex=grad.latex,
        negative_gradient_formula_latex=grad.negative_latex,
        x_range=x_range,
        y_range=y_range,
        z_range=_z_range(z, x_range, y_range),
        flow_time=duration,
        learning_rate=number(p["learning_rate"]),
        start=rolls[0].start,
        gradient=rolls[0].gradient,
        path=rolls[0].path,
        rolls=rolls,
        descent_steps=steps,
        learning_rate_latex=number_text(p["learning_rate"]),
        height=_height(z),
    )


def build_plan(lecture: Lecture, name: str) -> Any:
    """The plan of one scene of the lecture."""
    scene = lecture.scene(name)
    path = display_path(lecture.path)
    builders: dict[str, Callable[[], Any]] = {
        "LectureTitle": lambda: _title(scene),
        "SlopeOfLine": lambda: _slope(scene),
        "SecantConvergence": lambda: _secant(scene),
        "DerivativeRules": lambda: _rules(scene),
        "SigmoidDerivation": lambda: _sigmoid_derivation(scene, path),
        "SigmoidGraph": lambda: _sigmoid_graph(scene),
        "GradientSurface": lambda: _surface(scene),
        "GradientDescentBall": lambda: _descent(scene, path),
    }
    try:
        return builders[name]()
    except calc.MathError as error:
        raise ContentError(
            f"{path}: scenes.{name} cannot be computed: {error}",
            path=path,
            key=f"scenes.{name}",
            value=None,
        ) from None


def build_plans(lecture: Lecture) -> list[Any]:
    return [build_plan(lecture, scene.name) for scene in lecture.scenes]


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
