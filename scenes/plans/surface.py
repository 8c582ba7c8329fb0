"""A surface's partial derivatives and gradient: GradientSurface's plan and schema.

The plan builder computes every number and formula the scene shows from the content
file, with the math core; the schema lists the parameters and beats. No manim here: the
Scene class drawing the plan is scenes/templates/surface.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, Steps, TemplateSchema
from scenes.maths import calculus as calc
from scenes.maths import refusals
from scenes.maths.contours import (
    LevelCurve,
    contour_levels,
    level_curves,
    level_tangent,
    surface_minimum,
)
from scenes.maths.narration_values import SaidValue, caption_formula
from scenes.maths.plan_values import (
    Curve,
    arrow_scale,
    curve,
    height_function,
    hidden,
    latex,
    number,
    point_latex,
    tick_step,
    value_range,
    vector_latex,
    z_range,
)
from scenes.maths.spoken_math import spoken_expression
from scenes.plans import Template

# ---------------------------------------------------------------- the plan

MAP_TICKS = 4  # at most this many numbered ticks along each side of the contour map


@dataclass(frozen=True)
class SurfacePlan:
    name: str
    surface_latex: str
    surface: SaidValue  # the height's formula, as captions write it and the voice says it
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
    contour_levels: tuple[float, ...]
    contours: tuple[LevelCurve, ...]
    through_level: int | None
    tangent: tuple[float, float]
    arrow_scale: float
    map_step: float
    floor: float
    minimum: tuple[float, float, float] | None  # the lowest point inside the square, if any
    minimum_latex: str
    height: Callable[[float, float], float] = hidden()
    slice_x: Curve = hidden()
    slice_y: Curve = hidden()

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """Each slice is said in two parts: its opening while the slice is cut, then one step
        as its tangent and the partial's value at the point appear."""
        axis = {"SliceAlongX": 0, "SliceAlongY": 1}.get(beat)
        if axis is None:
            return ()
        return (
            {
                "variable": "xy"[axis],
                "point": self.point[:2],
                "slope": self.partial_values[axis],
            },
        )


def build_plan(scene: SceneContent) -> SurfacePlan:
    p = scene.params
    z = p["surface"]
    px, py = p["point"]
    x_range, y_range = value_range(p["x_range"]), value_range(p["y_range"])
    refusals.require_defined_on_box("surface", z, x_range, y_range)
    refusals.require_derivative("point", p["point"], z, {calc.X: px, calc.Y: py})
    grad = calc.gradient(z)
    gx, gy = calc.gradient_at(z, (px, py))
    z0 = z.subs({calc.X: px, calc.Y: py})
    slice_x = z.subs(calc.Y, py)
    slice_y = z.subs(calc.X, px)
    z_span = z_range(z, x_range, y_range)
    through = [(number(px), number(py))]
    levels = contour_levels(z, x_range, y_range, through=through)
    lowest = surface_minimum(z, x_range, y_range)
    return SurfacePlan(
        name=scene.name,
        surface_latex=f"z = {latex(z)}",
        surface=SaidValue(caption_formula(z), spoken_expression(z)),
        x_range=x_range,
        y_range=y_range,
        z_range=z_span,
        point=(number(px), number(py), number(z0)),
        point_latex=point_latex((px, py)),
        partial_latex=tuple(grad.partial_latex),
        partial_values=(number(gx), number(gy)),
        partial_values_latex=(latex(gx), latex(gy)),
        slice_x_latex=f"z = {latex(slice_x)}",
        slice_y_latex=f"z = {latex(slice_y)}",
        gradient_latex=grad.latex,
        gradient_value_latex=r"\nabla z" + point_latex((px, py)) + " = " + vector_latex((gx, gy)),
        held_latex=(f"y = {latex(py)}", f"x = {latex(px)}"),
        partial_at_latex=tuple(
            rf"\frac{{\partial z}}{{\partial {v}}}{point_latex((px, py))} = {latex(g)}"
            for v, g in (("x", gx), ("y", gy))
        ),
        contour_levels=levels,
        contours=level_curves(z, levels, x_range, y_range, keep=through),
        through_level=next((k for k, lv in enumerate(levels) if abs(lv - number(z0)) < 1e-9), None),
        tangent=level_tangent(z, (px, py)),
        arrow_scale=arrow_scale([(gx, gy)], x_range, y_range),
        map_step=tick_step(min(x_range[1] - x_range[0], y_range[1] - y_range[0]), MAP_TICKS),
        floor=min(z_span[0], 0.0),
        minimum=None if lowest is None else (lowest.x, lowest.y, lowest.z),
        minimum_latex="" if lowest is None else lowest.latex,
        height=height_function(z),
        slice_x=curve(slice_x),
        slice_y=curve(slice_y, calc.Y),
    )


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="GradientSurface",
    group="Surfaces and gradients",
    chapter="Partial derivatives and the gradient",
    description="The surface z = f(x, y), its partial derivatives and its gradient.",
    three_d=True,
    beats=("ShowTheSurface", "SliceAlongX", "SliceAlongY", "AssembleTheGradient"),
    example_narration=(
        "Here is the surface z equals {surface}: a height above every point of the plane.",
        "Hold y constant and slice: the slope of this curve is the partial derivative with "
        "respect to x.",
        "Hold x constant instead: that slope is the partial derivative with respect to y.",
        "The gradient is the vector of the two partials.",
    ),
    params=(
        Param("surface", Kind.EXPR_XY, "x**2 + y**2", "the surface z = f(x, y)"),
        Param("point", Kind.POINT, [1, 1], "where the slices cross", inside=("x_range", "y_range")),
        Param("x_range", Kind.RANGE, [-2, 2], "the plotted x range"),
        Param("y_range", Kind.RANGE, [-2, 2], "the plotted y range"),
    ),
    steps=tuple(
        Steps(beat, "tangent", "At {point}, the slice's slope is {slope}.")
        for beat in ("SliceAlongX", "SliceAlongY")
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.surface:GradientSurface")
