"""A ball rolling down a loss curve, one gradient-descent step at a time: LossCurve's plan
and schema.

The plan builder computes every number and formula the scene shows from the content
file, with the math core (scenes/maths/descent_1d.py); the schema lists the parameters
and beats. No manim here: the Scene class drawing the plan is
scenes/templates/loss_curve.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from scenes.content.limits import LEARNING_RATE_RANGE
from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, SceneCheck, Steps, TemplateSchema
from scenes.maths import calculus as calc
from scenes.maths import descent_1d, drawable, refusals
from scenes.maths.descent_1d import Shown, shown_call, shown_decimal
from scenes.maths.plan_values import (
    Curve,
    curve,
    function_latex,
    hidden,
    tick_step,
    value_range,
)
from scenes.plans import PlanRefusal, Template

# ---------------------------------------------------------------- the plan

GRAPH_X_TICKS = 8  # at most this many tick steps across the plotted x range
GRAPH_Y_TICKS = 6
MAX_STEPS = 12  # one sentence and about four seconds each: a dozen is a minute of rolling
LOSS_NAME = "L"
RULE_LATEX = r"x_{k+1} = x_k - \eta\, L'(x_k)"


@dataclass(frozen=True)
class LossStepPlan:
    """One descent step as drawn: the floats place things, the texts are what is written."""

    index: int  # 1 for the first step
    x: float
    loss: float
    slope: float
    move: float  # -rate * slope: the arrow along x
    next_x: float
    next_loss: float
    x_text: str
    loss_text: str
    slope_text: str
    move_text: str
    next_x_text: str
    next_loss_text: str
    slope_latex: str  # L'(2.6) = 3.2
    update_latex: str  # x_1 = 3 - 0.1 \cdot 4 = 2.6
    update_lines_latex: str  # the same on two lines, the result under the sum, for a narrow column


@dataclass(frozen=True)
class LossCurvePlan:
    name: str
    loss_latex: str
    rule_latex: str
    rate_latex: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_step: float
    y_step: float
    learning_rate: float  # as shown
    steps: int
    start: float  # as shown (the ball is drawn at the exact start)
    start_loss: float
    start_x: float  # where the ball is drawn
    start_height: float
    start_text: str
    start_loss_text: str
    rolls: tuple[LossStepPlan, ...]
    final_x: float  # as shown
    final_loss: float
    minimum_x: float  # as shown
    minimum_loss: float
    minimum_at: tuple[float, float]  # where the minimum is drawn
    minimum_latex: str  # x^* = 1,\ L(x^*) = 0.5
    minimum_point_latex: str  # (1, 0.5)
    points: np.ndarray  # the visited points (x, L(x)): the start, then each landing
    f: Curve = hidden()
    df: Curve = hidden()

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """RollDownhill is said one descent step at a time: where the ball is, the slope
        there, the move and where it lands, each number as the screen writes it."""
        if beat != "RollDownhill":
            return ()
        return tuple(
            {
                "step": roll.index,
                "x": sympy.Rational(roll.x_text),
                "loss": sympy.Rational(roll.loss_text),
                "slope": sympy.Rational(roll.slope_text),
                "move": sympy.Rational(roll.move_text),
                "next_x": sympy.Rational(roll.next_x_text),
                "next_loss": sympy.Rational(roll.next_loss_text),
            }
            for roll in self.rolls
        )


def _relation(exact: bool) -> str:
    return "=" if exact else r"\approx"


def _signed(shown: Shown) -> str:
    """A factor after a product sign: negatives in brackets."""
    return f"({shown.latex})" if shown.text.startswith("-") else shown.latex


def _step_plan(step: descent_1d.DescentStep, rate: Shown) -> LossStepPlan:
    x, loss, slope = (shown_decimal(v) for v in (step.x, step.loss, step.slope))
    move, next_x, next_loss = (shown_decimal(v) for v in (step.move, step.next_x, step.next_loss))
    relation = _relation(all(s.exact for s in (x, slope, next_x, rate)))
    name, change = f"x_{{{step.index}}}", f"{x.latex} - {rate.latex} \\cdot {_signed(slope)}"
    update = f"{name} = {change} {relation} {next_x.latex}"
    update_lines = f"{name} &= {change} \\\\ &{relation} {next_x.latex}"
    return LossStepPlan(
        index=step.index,
        x=float(step.x),
        loss=float(step.loss),
        slope=float(step.slope),
        move=float(step.move),
        next_x=float(step.next_x),
        next_loss=float(step.next_loss),
        x_text=x.text,
        loss_text=loss.text,
        slope_text=slope.text,
        move_text=move.text,
        next_x_text=next_x.text,
        next_loss_text=next_loss.text,
        slope_latex=shown_call(f"{LOSS_NAME}'", x, slope),
        update_latex=update,
        update_lines_latex=update_lines,
    )


def _require_heights(points: np.ndarray, y_range: tuple[float, float], raw: Any) -> None:
    """Every point the ball visits, and the minimum, lie inside the plotted y range."""
    index = drawable.first_outside_range(points[:, 1], y_range)
    if index is not None:
        x, y = points[index]
        raise PlanRefusal(
            "y_range",
            f"= {refusals.shown(raw)} leaves out the ball at x = {shown_decimal(x).text}, "
            f"where the loss is {shown_decimal(y).text}; widen y_range.",
            raw,
        )


def build_plan(scene: SceneContent) -> LossCurvePlan:
    p = scene.params
    loss = p["loss"]
    x_range, y_range = value_range(p["x_range"]), value_range(p["y_range"])
    refusals.require_defined_on_range("loss", loss, x_range, points=(p["start"],))
    refusals.require_derivative("start", p["start"], loss, {calc.X: p["start"]})
    descent = descent_1d.descend(loss, p["start"], p["learning_rate"], int(p["steps"]), x_range)
    points = descent_1d.iterates(descent)
    minimum = descent.minimum
    _require_heights(
        np.vstack([points, [[float(minimum.x), float(minimum.loss)]]]), y_range, p["y_range"]
    )
    rate = shown_decimal(p["learning_rate"])
    start, start_loss = shown_decimal(p["start"]), shown_decimal(descent.steps[0].loss)
    final_x, final_loss = (shown_decimal(v) for v in points[-1])
    minimum_x, minimum_loss = shown_decimal(minimum.x), shown_decimal(minimum.loss)
    return LossCurvePlan(
        name=scene.name,
        loss_latex=function_latex(LOSS_NAME, loss),
        rule_latex=RULE_LATEX,
        rate_latex=rf"\eta {_relation(rate.exact)} {rate.latex}",
        x_range=x_range,
        y_range=y_range,
        x_step=tick_step(x_range[1] - x_range[0], GRAPH_X_TICKS),
        y_step=tick_step(y_range[1] - y_range[0], GRAPH_Y_TICKS),
        learning_rate=float(rate.value),
        steps=len(descent.steps),
        start=float(start.value),
        start_loss=float(start_loss.value),
        start_x=float(points[0][0]),
        start_height=float(points[0][1]),
        start_text=start.text,
        start_loss_text=start_loss.text,
        rolls=tuple(_step_plan(step, rate) for step in descent.steps),
        final_x=float(final_x.value),
        final_loss=float(final_loss.value),
        minimum_x=float(minimum_x.value),
        minimum_loss=float(minimum_loss.value),
        minimum_at=(float(minimum.x), float(minimum.loss)),
        minimum_latex=(
            f"x^* {_relation(minimum_x.exact)} {minimum_x.latex},\\quad "
            f"{LOSS_NAME}(x^*) {_relation(minimum_loss.exact)} {minimum_loss.latex}"
        ),
        minimum_point_latex=f"({minimum_x.latex}, {minimum_loss.latex})",
        points=points,
        f=curve(loss),
        df=curve(descent.derivative),
    )


# ---------------------------------------------------------------- the template


def _check_steps(scene: SceneCheck) -> None:
    if scene.params["steps"] > MAX_STEPS:
        raise scene.refuse(
            "steps",
            f"is more than {MAX_STEPS}: each step is said and drawn on its own; "
            f"use a larger learning_rate to get further in fewer steps",
            scene.raw["steps"],
        )


SCHEMA = TemplateSchema(
    name="LossCurve",
    group="Graphs",
    chapter="Rolling down the loss curve",
    description="A ball rolls down a loss curve of one variable, one gradient-descent step "
    "at a time.",
    beats=("DrawTheLoss", "PlaceTheBall", "RollDownhill", "ReachTheMinimum"),
    example_narration=(
        "Here is the loss as a curve: gradient descent looks for its lowest point.",
        "Place a ball on the curve at x equals {start}, where the loss is {start_loss}.",
        "Each step moves the ball against the slope, by the learning rate, {learning_rate}, "
        "times the slope.",
        "After {steps} steps the ball is at x equals {final_x}; it comes to rest at the "
        "bottom of its valley, x equals {minimum_x}, where the loss is {minimum_loss}.",
    ),
    params=(
        Param("loss", Kind.EXPR_X, "(x - 1)**2 + 1/2", "the loss curve L(x)"),
        Param("start", Kind.NUMBER, 3, "where the ball starts", inside=("x_range",)),
        Param(
            "learning_rate",
            Kind.POSITIVE,
            0.3,
            "how far each step moves, per unit of slope",
            limits=LEARNING_RATE_RANGE,
        ),
        Param("steps", Kind.COUNT, 5, f"how many descent steps are drawn, at most {MAX_STEPS}"),
        Param("x_range", Kind.RANGE, [-1, 3.5], "the plotted x range"),
        Param("y_range", Kind.RANGE, [0, 5], "the plotted y range"),
    ),
    check=_check_steps,
    steps=(
        Steps(
            "RollDownhill",
            "descent step",
            "At x equals {x}, the slope is {slope}, so the ball moves to {next_x}.",
        ),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.loss_curve:LossCurve")
