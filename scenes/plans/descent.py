"""A ball rolling down the negative gradient: GradientDescentBall's plan and schema.

The plan builder computes every number and formula the scene shows from the content
file, with the math core; the schema lists the parameters and beats. No manim here: the
Scene class drawing the plan is scenes/templates/descent.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from scenes.content.limits import FLOW_TIME_RANGE, LEARNING_RATE_RANGE
from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, Steps, TemplateSchema
from scenes.maths import calculus as calc
from scenes.maths import drawable, refusals
from scenes.maths.contours import (
    LevelCurve,
    contour_levels,
    level_curves,
    level_tangent,
    surface_minimum,
)
from scenes.maths.plan_values import (
    arrow_scale,
    height_function,
    hidden,
    latex,
    number,
    number_text,
    point_latex,
    tick_step,
    value_range,
    vector_latex,
    z_range,
)
from scenes.plans import PlanRefusal, Template

# ---------------------------------------------------------------- the plan

FLOW_SAMPLES = 121
HEIGHT_SLACK = 0.05  # of the z span: how far a path may poke past the sampled heights
MAP_TICKS = 4  # at most this many numbered ticks along each side of the contour map
SAID_STEPS = 3  # RollTheBall says this many gradient-descent steps one by one; the rest follow


def split_rolls(count: int) -> tuple[range, int | None]:
    """Which rolls RollAlongTheAxis shows and which one RestAtTheMinimum shows.

    rolls[0] is the main roll; the ones from `more_starts` follow. The last of those rests at
    the minimum, the others (at least the first) roll along the axis; missing ones show nothing.
    """
    last = max(2, count - 1)
    return range(1, min(last, count)), (last if last < count else None)


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
    tangent: tuple[float, float]


@dataclass(frozen=True)
class DescentStepPlan:
    """One gradient-descent step: from a point, against the gradient there, by the learning
    rate times it (`step`), to the next point."""

    point: tuple[float, float]
    gradient: tuple[float, float]
    step: tuple[float, float]
    next_point: tuple[float, float]


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
    start_xy: tuple[float, float]  # where the first ball starts, as the narration says it
    gradient: tuple[float, float]
    path: np.ndarray
    rolls: tuple[RollPlan, ...]
    descent_steps: np.ndarray
    learning_rate_latex: str
    contour_levels: tuple[float, ...]
    contours: tuple[LevelCurve, ...]
    through_level: int | None
    arrow_scale: float
    map_step: float
    floor: float
    minimum: tuple[float, float, float] | None  # where the balls come to rest
    minimum_latex: str
    said_steps: tuple[DescentStepPlan, ...]  # the first steps, said one by one in RollTheBall
    height: Callable[[float, float], float] = hidden()

    def step_values(self, beat: str) -> tuple[Any, ...]:
        """RollTheBall is said one gradient-descent step at a time for its first steps (the
        others appear with the last of them); RollAlongTheAxis one roll at a time, each with
        its start, the gradient there and where the ball ends."""
        if beat == "RollTheBall":
            return self.said_steps
        if beat == "RollAlongTheAxis":
            middle, _ = split_rolls(len(self.rolls))
            return tuple(_roll_values(self.rolls[index]) for index in middle)
        return ()


def _roll_values(roll: RollPlan) -> Mapping[str, Any]:
    end = roll.path[-1]
    return {
        "start": roll.start[:2],
        "gradient": roll.gradient,
        "end": (float(end[0]), float(end[1])),
    }


def _said_steps(surface: sympy.Expr, steps: np.ndarray, rate: float) -> tuple[DescentStepPlan, ...]:
    """The first SAID_STEPS gradient-descent steps, each with its gradient and step."""
    grad = calc.gradient_function(surface)
    said = []
    for here, there in zip(steps[:SAID_STEPS], steps[1 : SAID_STEPS + 1], strict=False):
        gx, gy = (float(np.asarray(g)) for g in grad(np.asarray(here[0]), np.asarray(here[1])))
        said.append(
            DescentStepPlan(
                point=(float(here[0]), float(here[1])),
                gradient=(gx, gy),
                step=(rate * gx, rate * gy),
                next_point=(float(there[0]), float(there[1])),
            )
        )
    return tuple(said)


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
        start_latex=point_latex(start),
        gradient=(number(gx), number(gy)),
        gradient_latex=r"\nabla z = " + vector_latex((gx, gy)),
        descent_latex=r"-\nabla z = " + vector_latex((nx, ny)),
        stationary=calc.is_stationary(surface, start),
        path=flow.points,
        path_gradients=path_gradients,
        gradient_at_latex=r"\nabla z" + point_latex(start) + " = " + vector_latex((gx, gy)),
        descent_at_latex=r"-\nabla z" + point_latex(start) + " = " + vector_latex((nx, ny)),
        tangent=level_tangent(surface, start),
    )


def _index_of(levels: tuple[float, ...], level: float) -> int | None:
    """Which of the levels is the one through a point (None: the point is at an extreme)."""
    return next((k for k, lv in enumerate(levels) if abs(lv - level) < 1e-9), None)


def build_plan(scene: SceneContent) -> DescentPlan:
    p = scene.params
    z = p["surface"]
    x_range, y_range = value_range(p["x_range"]), value_range(p["y_range"])
    duration = number(p["flow_time"])
    starts = {"start": p["start"]} | {
        f"more_starts[{index}]": start for index, start in enumerate(p["more_starts"])
    }
    refusals.require_defined_on_box("surface", z, x_range, y_range)
    refusals.require_minimum_inside("surface", z, x_range, y_range)
    for param, (sx, sy) in starts.items():
        refusals.require_derivative(param, (sx, sy), z, {calc.X: sx, calc.Y: sy})
    rolls = tuple(_roll(z, start, duration) for start in starts.values())
    heights = z_range(z, x_range, y_range)
    for (param, start), roll in zip(starts.items(), rolls, strict=True):
        what = f"the ball's path from {refusals.shown(start)} in flow_time {duration:g}"
        refusals.require_path_inside(param, start, roll.path, x_range, y_range, what)
        _require_heights(param, start, roll.path, heights)
    try:
        steps = calc.gradient_descent_steps(
            z, p["start"], number(p["learning_rate"]), int(p["descent_steps"])
        )
    except calc.DivergenceError as error:
        raise PlanRefusal(
            "learning_rate",
            f"= {refusals.shown(p['learning_rate'])} cannot be animated: "
            f"{refusals.rounded_text(str(error))}",
            p["learning_rate"],
        ) from None
    refusals.require_path_inside(
        "learning_rate",
        p["learning_rate"],
        steps,
        x_range,
        y_range,
        f"the gradient-descent steps from {refusals.shown(p['start'])}",
    )
    grad = calc.gradient(z)
    first = rolls[0].start
    through = [roll.start[:2] for roll in rolls]
    near = np.vstack([*(roll.path[:, :2] for roll in rolls), steps[:, :2]])
    levels = contour_levels(z, x_range, y_range, through=through, near=near)
    lowest = surface_minimum(z, x_range, y_range)
    z_span = z_range(z, x_range, y_range)
    return DescentPlan(
        name=scene.name,
        surface_latex=f"z = {latex(z)}",
        gradient_formula_latex=grad.latex,
        negative_gradient_formula_latex=grad.negative_latex,
        x_range=x_range,
        y_range=y_range,
        z_range=heights,
        flow_time=duration,
        learning_rate=number(p["learning_rate"]),
        start=rolls[0].start,
        start_xy=(rolls[0].start[0], rolls[0].start[1]),
        gradient=rolls[0].gradient,
        path=rolls[0].path,
        rolls=rolls,
        descent_steps=steps,
        learning_rate_latex=number_text(p["learning_rate"]),
        contour_levels=levels,
        contours=level_curves(z, levels, x_range, y_range, keep=[*through, *near]),
        through_level=_index_of(levels, first[2]),
        arrow_scale=arrow_scale([roll.gradient for roll in rolls], x_range, y_range),
        map_step=tick_step(min(x_range[1] - x_range[0], y_range[1] - y_range[0]), MAP_TICKS),
        floor=min(z_span[0], 0.0),
        minimum=None if lowest is None else (lowest.x, lowest.y, lowest.z),
        minimum_latex="" if lowest is None else lowest.latex,
        said_steps=_said_steps(z, steps, number(p["learning_rate"])),
        height=height_function(z),
    )


def _require_heights(
    param: str, start: tuple, path: np.ndarray, heights: tuple[float, float]
) -> None:
    """The ball's heights stay in the plotted z range (a spike between samples would not)."""
    low, high = heights
    slack = HEIGHT_SLACK * (high - low)
    index = drawable.first_outside_range(path[:, 2], (low - slack, high + slack))
    if index is not None:
        raise PlanRefusal(
            param,
            f"= {refusals.shown(start)} cannot be animated: the ball reaches z = "
            f"{path[index, 2]:.4g}, far outside the plotted heights [{low:.4g}, {high:.4g}]; "
            f"choose a smoother surface or other ranges.",
            start,
        )


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="GradientDescentBall",
    group="Surfaces and gradients",
    chapter="Rolling down the gradient",
    description="A ball rolls down the negative gradient of the surface to its minimum.",
    three_d=True,
    beats=(
        "ShowTheGradient",
        "FlipToDescent",
        "RollTheBall",
        "RollAlongTheAxis",
        "RestAtTheMinimum",
    ),
    example_narration=(
        "At the point {start_xy} the gradient is {gradient}: the direction of steepest ascent.",
        "A ball rolls the other way, down the negative gradient.",
        "Following the negative gradient, the ball rolls downhill.",
        "The same rule works from any start.",
        "Where the gradient is zero there is no downhill left: a ball there stays where it is.",
    ),
    params=(
        Param("surface", Kind.EXPR_XY, "x**2 + y**2", "the surface z = f(x, y)"),
        Param("start", Kind.POINT, [1, 1], "where the ball starts", inside=("x_range", "y_range")),
        Param(
            "more_starts",
            Kind.POINT_LIST,
            [[1, 0], [0, 0]],
            "more starts: the last one in RestAtTheMinimum, the others in RollAlongTheAxis",
            inside=("x_range", "y_range"),
        ),
        Param(
            "flow_time",
            Kind.POSITIVE,
            2.5,
            "how long (in flow time) each ball rolls",
            limits=FLOW_TIME_RANGE,
        ),
        Param(
            "learning_rate",
            Kind.POSITIVE,
            0.1,
            "the gradient-descent steps' rate",
            limits=LEARNING_RATE_RANGE,
        ),
        Param("descent_steps", Kind.COUNT, 12, "how many gradient-descent steps are drawn"),
        Param("x_range", Kind.RANGE, [-2, 2], "the plotted x range"),
        Param("y_range", Kind.RANGE, [-2, 2], "the plotted y range"),
    ),
    steps=(
        Steps(
            "RollTheBall",
            "gradient-descent step",
            "At {point} the gradient is {gradient}; a step against it lands at {next_point}.",
        ),
        Steps(
            "RollAlongTheAxis",
            "start",
            "From {start}, where the gradient is {gradient}, the ball rolls down to {end}.",
        ),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.descent:GradientDescentBall")
