"""Slope as rise over run: SlopeOfLine's plan and schema.

The plan builder computes every number and formula the scene shows from the content
file, with the math core; the schema lists the parameters and beats. No manim here: the
Scene class drawing the plan is scenes/templates/slope.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, SceneCheck, Steps, TemplateSchema
from scenes.maths import calculus as calc
from scenes.maths import refusals
from scenes.maths.narration_values import SaidValue
from scenes.maths.plan_values import (
    Curve,
    curve,
    function_latex,
    hidden,
    latex,
    number,
    tick_step,
    value_range,
)
from scenes.plans import Template

# ---------------------------------------------------------------- the plan

GRAPH_X_TICKS = 6  # at most this many tick steps across the plotted x range
GRAPH_Y_TICKS = 8
# Where SlopeIsTheCoefficient slides the triangle: starts sampled across the x range, kept
# SLIDE_INSET of each range inside the window, and at most SLIDE_RUNS runs from x0.
SLIDE_SAMPLES = 201
SLIDE_INSET = 0.12
SLIDE_RUNS = 0.75


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
    x_step: float
    y_step: float
    slide_range: tuple[float, float]  # the starts that keep the whole triangle in the window
    slide_ends: tuple[float, float]  # where the sliding triangle turns
    f: Curve = hidden()
    slope_between: Callable[[float, float], float] = hidden()

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """MarkTwoPoints is said one point at a time; RiseOverRun one leg of the triangle at a
        time (the run, then the rise, which the chain of equalities follows), and
        SlopeIsTheCoefficient one slide of the triangle at a time (to each end, then back)."""
        if beat == "MarkTwoPoints":
            return tuple(
                {"x": x, "y": y, "point": (x, y)}
                for x, y in ((self.x0, self.y0), (self.x1, self.y1))
            )
        if beat == "RiseOverRun":
            return (
                _leg("run", "x", self.x0, self.x1, self.run),
                _leg("rise", "y", self.y0, self.y1, self.rise),
            )
        if beat == "SlopeIsTheCoefficient":
            return tuple(
                {"start": a, "end": a + self.run, "slope": self.slope_between(a, a + self.run)}
                for a in self.slide_starts
            )
        return ()

    @property
    def slide_starts(self) -> tuple[float, float, float]:
        """Where each slide of SlopeIsTheCoefficient takes the triangle's first corner: to the
        low end, to the high end, and back to x0."""
        low, high = self.slide_ends
        return (low, high, self.x0)


def _leg(name: str, axis: str, start: float, end: float, change: float) -> dict[str, Any]:
    """One leg of the rise/run triangle: its name (words said as written), the axis it runs
    along, where it starts and ends on that axis, and its length with sign."""
    return {
        "name": SaidValue(name, name),
        "axis": axis,
        "start": start,
        "end": end,
        "change": change,
    }


def build_plan(scene: SceneContent) -> SlopePlan:
    p = scene.params
    refusals.require_defined_on_range(
        "function", p["function"], value_range(p["x_range"]), points=(p["x0"], p["x1"])
    )
    study = calc.line_slope(p["function"], p["x0"], p["x1"])
    for param, x, y in (("x0", study.x0, study.y0), ("x1", study.x1, study.y1)):
        label = f"the point ({number(x):.4g}, f({number(x):.4g}))"
        refusals.require_height_in_range(param, x, label, number(y), value_range(p["y_range"]))
    intercept = study.y0 - study.slope * study.x0
    f = curve(p["function"])
    x0, run = number(study.x0), number(study.run)
    slide_range = _slide_range(f, x0, run, value_range(p["x_range"]), value_range(p["y_range"]))
    return SlopePlan(
        name=scene.name,
        function_latex=function_latex("f", p["function"]),
        x_range=value_range(p["x_range"]),
        y_range=value_range(p["y_range"]),
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
        x_step=tick_step(p["x_range"][1] - p["x_range"][0], GRAPH_X_TICKS),
        y_step=tick_step(p["y_range"][1] - p["y_range"][0], GRAPH_Y_TICKS),
        slide_range=slide_range,
        slide_ends=_slide_ends(slide_range, x0, run),
        f=f,
        slope_between=_rise_over_run(f),
    )


def _slide_range(
    f: Curve,
    x0: float,
    run: float,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> tuple[float, float]:
    """The leftmost and rightmost starts that keep the whole rise/run triangle (first point,
    right-angle corner, second point) inside the window, less SLIDE_INSET of each range."""
    (x_low, x_high), (y_low, y_high) = x_range, y_range
    inset_x = SLIDE_INSET * (x_high - x_low)
    inset_y = SLIDE_INSET * (y_high - y_low)

    def corners(a: float) -> list[tuple[float, float]]:
        b = a + run
        return [(a, f(a)), (b, f(a)), (b, f(b))]

    fits = [
        a
        for a in np.linspace(x_low, x_high, SLIDE_SAMPLES)
        if all(
            x_low + inset_x <= x <= x_high - inset_x and y_low + inset_y <= y <= y_high - inset_y
            for x, y in corners(float(a))
        )
    ]
    if not fits:
        return x0, x0
    return float(min(fits)), float(max(fits))


def _slide_ends(slide_range: tuple[float, float], x0: float, run: float) -> tuple[float, float]:
    """Where the sliding triangle turns: within the window, at most SLIDE_RUNS runs away."""
    low, high = slide_range
    reach = abs(run) * SLIDE_RUNS
    return max(low, x0 - reach), min(high, x0 + reach)


def _rise_over_run(f: Curve) -> Callable[[float, float], float]:
    """The slope of f between any two x values (to show it is the same for a line)."""
    return lambda a, b: (f(b) - f(a)) / (b - a)


# ---------------------------------------------------------------- the template


def _check_points_differ(scene: SceneCheck) -> None:
    if sympy.simplify(scene.params["x0"] - scene.params["x1"]) == 0:
        raise scene.refuse(
            "x1",
            f"equals x0 = {scene.show(scene.raw['x0'])}; the two points need different x values",
            scene.raw["x1"],
        )


SCHEMA = TemplateSchema(
    name="SlopeOfLine",
    group="Graphs",
    chapter="Slope",
    description="Slope as rise over run for a straight line.",
    beats=("DrawTheLine", "MarkTwoPoints", "RiseOverRun", "SlopeIsTheCoefficient"),
    example_narration=(
        "Slope measures how fast a line rises: rise over run.",
        "Pick two points on it, at x equals {x0} and x equals {x1}.",
        "Between them, draw the run and the rise.",
        "Any two points give the same slope, {slope}: the coefficient of x.",
    ),
    params=(
        Param("function", Kind.EXPR_X, "2*x", "the line f(x)"),
        Param("x0", Kind.NUMBER, 1, "x of the first point", inside=("x_range",)),
        Param("x1", Kind.NUMBER, 2, "x of the second point", inside=("x_range",)),
        Param("x_range", Kind.RANGE, [-0.5, 3], "the plotted x range"),
        Param("y_range", Kind.RANGE, [-0.5, 6], "the plotted y range"),
    ),
    check=_check_points_differ,
    steps=(
        Steps(
            "RiseOverRun",
            "leg of the triangle",
            "The {name}, the change in {axis} from {start} to {end}, is {change}.",
        ),
        Steps(
            "SlopeIsTheCoefficient",
            "slide of the triangle",
            "From x equals {start} to {end}, the slope is {slope}.",
        ),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.slope:SlopeOfLine")
