"""A ball rolls down the negative gradient of the surface to its minimum (notes 3, Figure 4).

The gradient points uphill; the ball goes the other way. While it rolls, its position and the
gradient under it are read out live, and the gradient shrinks to zero at the bottom, where a
ball placed there stays put.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy
from manim import (
    DEGREES,
    DL,
    DOWN,
    DR,
    LEFT,
    OUT,
    PI,
    RIGHT,
    UL,
    UR,
    Arrow,
    Create,
    Dot,
    Dot3D,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    Mobject,
    MoveToTarget,
    Rotate,
    Tex,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    always_redraw,
    linear,
)

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, TemplateSchema
from scenes.kit import style
from scenes.kit import surface as kit
from scenes.kit.base import LectureThreeDScene
from scenes.maths import calculus as calc
from scenes.maths import drawable, refusals
from scenes.maths.plan_values import (
    height_function,
    hidden,
    latex,
    number,
    number_text,
    point_latex,
    value_range,
    vector_latex,
    z_range,
)
from scenes.templates import PlanRefusal, Template

# ---------------------------------------------------------------- the plan


FLOW_SAMPLES = 121
HEIGHT_SLACK = 0.05  # of the z span: how far a path may poke past the sampled heights


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
    height: Callable[[float, float], float] = hidden()


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
    )


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
            f"= {number(p['learning_rate']):g} cannot be animated: {error}",
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
        gradient=rolls[0].gradient,
        path=rolls[0].path,
        rolls=rolls,
        descent_steps=steps,
        learning_rate_latex=number_text(p["learning_rate"]),
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


# ---------------------------------------------------------------- the scene

CAMERA_PHI = 45 * DEGREES  # high enough to see the bottom of the bowl over its front rim
AXES_DROP = 1.8  # seen from higher up, the bowl's far rim rises higher on screen
BALL_RADIUS = 0.13
BALL_RESOLUTION = (10, 10)
STEP_DOT_RADIUS = 0.05
TRAIL_WIDTH = 4
CREATE_TIME = 2.0
WRITE_TIME = 1.2
CAMERA_MOVE_TIME = 1.6
ROLL_TIME = 4.0
STEPS_TIME = 1.5
DIMMED = 0.35


def split_rolls(count: int) -> tuple[range, int | None]:
    """Which rolls RollAlongTheAxis shows and which one RestAtTheMinimum shows.

    rolls[0] is the main roll; the ones from `more_starts` follow. The last of those rests at
    the minimum, the others (at least the first) roll along the axis; missing ones show nothing.
    """
    last = max(2, count - 1)
    return range(1, min(last, count)), (last if last < count else None)


class GradientDescentBall(LectureThreeDScene):
    """ShowTheGradient, FlipToDescent, RollTheBall, RollAlongTheAxis, RestAtTheMinimum."""

    plan: DescentPlan

    def setup(self) -> None:
        super().setup()
        plan = self.plan
        self.axes = kit.surface_axes(plan.x_range, plan.y_range, plan.z_range, AXES_DROP)
        self.surface = kit.surface_mobject(self.axes, plan.height, plan.x_range, plan.y_range)
        self.arrow_scale = kit.arrow_scale(self.axes, [roll.gradient for roll in plan.rolls])
        self.roll = plan.rolls[0]
        self.progress = ValueTracker(0.0)
        self.ball = Dot3D(radius=BALL_RADIUS, color=style.BALL_COLOR, resolution=BALL_RESOLUTION)
        self.ball.add_updater(lambda ball: ball.move_to(self._ball_center()))
        self.readouts = self._readouts()
        self.roll_texts: list[Mobject] = []
        self.leftovers: list[Mobject] = []
        self.trails: list[VMobject] = []
        self.step_dots = VGroup()
        kit.set_up_camera(self, kit.facing_theta(self.roll.gradient), phi=CAMERA_PHI)

    # ------------------------------------------------------------------ beats

    def show_the_gradient(self) -> None:
        plan, roll = self.plan, self.roll
        title = style.formula(plan.surface_latex)
        formula = style.label(plan.gradient_formula_latex, color=style.ASCENT_COLOR)
        self.formulas = kit.column(title, formula, corner=UL)
        kit.pin(self, title, formula)
        self.play(Create(self.axes), run_time=CREATE_TIME)
        self.play(Create(self.surface), Write(title), run_time=CREATE_TIME)
        self.play(FadeIn(self.ball, scale=0.5), Write(formula), run_time=WRITE_TIME)
        value = style.label(roll.gradient_at_latex, color=style.ASCENT_COLOR)
        name = Tex("steepest ascent", font_size=style.LABEL_SIZE, color=style.ASCENT_COLOR)
        self.ascent = self._start_arrow(roll.gradient, style.ASCENT_COLOR)
        self.ascent_texts = [value, name]
        self._top_right(value, name)
        self.play(GrowArrow(self.ascent), Write(value), run_time=WRITE_TIME)
        self.play(FadeIn(name, shift=0.2 * DOWN))

    def flip_to_descent(self) -> None:
        plan, roll = self.plan, self.roll
        formula = style.label(plan.negative_gradient_formula_latex, color=style.DESCENT_COLOR)
        formula.next_to(self.formulas, DOWN, aligned_edge=LEFT, buff=style.ITEM_BUFF)
        kit.pin(self, formula)
        self.formulas.add(formula)
        value = style.label(roll.descent_at_latex, color=style.DESCENT_COLOR)
        name = Tex("steepest descent", font_size=style.LABEL_SIZE, color=style.DESCENT_COLOR)
        self._top_right(*self.ascent_texts, value, name)
        descent = self.ascent.copy().set_color(style.DESCENT_COLOR)
        tail = self.ascent.get_start()
        self.play(Rotate(descent, PI, about_point=tail), Write(formula), run_time=WRITE_TIME)
        self.play(
            self.ascent.animate.set_opacity(DIMMED),
            *(text.animate.set_opacity(DIMMED) for text in self.ascent_texts),
            Write(value),
            run_time=WRITE_TIME,
        )
        self.play(FadeIn(name, shift=0.2 * DOWN))
        self.descent = descent
        self.roll_texts = [*self.ascent_texts, value, name]

    def roll_the_ball(self) -> None:
        self.play(FadeOut(self.ascent), *(FadeOut(text) for text in self.ascent_texts))
        self.roll_texts = self.roll_texts[len(self.ascent_texts) :]
        for text in self.roll_texts:
            text.generate_target()
        kit.column(*(text.target for text in self.roll_texts), corner=UR)
        self.play(*(MoveToTarget(text) for text in self.roll_texts))
        self._show_readouts()
        self.play(FadeIn(self.readouts))
        self.remove(self.descent)
        self._roll_down()
        self._show_steps()

    def roll_along_the_axis(self) -> None:
        middle, _ = split_rolls(len(self.plan.rolls))
        for index in middle:
            self._start_again(self.plan.rolls[index])
            self._roll_down()

    def rest_at_the_minimum(self) -> None:
        _, last = split_rolls(len(self.plan.rolls))
        if last is None:
            return
        roll = self.plan.rolls[last]
        self._start_again(roll)
        if roll.stationary:
            self.play(Indicate(self.roll_texts[0], color=style.HIGHLIGHT_COLOR))
            self.wait(style.PAUSE)
        else:
            self._roll_down()

    # ------------------------------------------------------------------ the roll

    def _start_again(self, roll: RollPlan) -> None:
        """Clear the previous roll, then set the ball down at this roll's start."""
        self.play(
            *(FadeOut(m) for m in (*self.leftovers, *self.roll_texts)),
            FadeOut(self.ball),
        )
        self.leftovers, self.roll_texts = [], []
        self.roll = roll
        self.progress.set_value(0.0)
        theta = kit.facing_theta(roll.gradient, near=kit.camera_theta(self))
        if abs(theta - kit.camera_theta(self)) > kit.SAME_ANGLE:
            self.move_camera(theta=theta, run_time=CAMERA_MOVE_TIME)
        self._show_readouts()
        value = style.label(roll.gradient_at_latex, color=style.ASCENT_COLOR)
        texts: list[Mobject] = [value]
        if not roll.stationary:
            texts.append(style.label(roll.descent_at_latex, color=style.DESCENT_COLOR))
        self._top_right(*texts)
        self.roll_texts = texts
        ascent = self._start_arrow(roll.gradient, style.ASCENT_COLOR)
        self.play(FadeIn(self.ball, scale=0.5), Write(value), run_time=WRITE_TIME)
        if roll.stationary:
            return
        self.play(GrowArrow(ascent), run_time=WRITE_TIME)
        self.play(Write(texts[1]), ascent.animate.set_opacity(DIMMED), run_time=WRITE_TIME)
        self.leftovers = [ascent]

    def _roll_down(self) -> None:
        """The ball follows the roll's path, leaving a trail; readouts and arrow follow it."""
        frame_path = np.array([self.axes.c2p(*point) for point in self.roll.path])
        trail = VMobject(stroke_color=style.TRAIL_COLOR, stroke_width=TRAIL_WIDTH)
        trail.add_updater(lambda m: self._trace(m, frame_path))
        arrow = always_redraw(self._live_arrow)
        self.readouts.add_updater(lambda _: self._show_readouts())
        self.add(trail, arrow)
        last = len(self.roll.path) - 1
        self.play(self.progress.animate.set_value(last), run_time=ROLL_TIME, rate_func=linear)
        self.readouts.clear_updaters()
        trail.clear_updaters()
        arrow.clear_updaters()
        self.leftovers += [trail, arrow]
        self.trails.append(trail)

    def _trace(self, trail: VMobject, frame_path: np.ndarray) -> None:
        done = int(self.progress.get_value())
        here = self.axes.c2p(*self._state()[0])
        trail.set_points_as_corners(np.vstack([frame_path[: done + 1], here]))

    def _show_steps(self) -> None:
        """The discrete gradient-descent steps, as dots on the surface, with their rate."""
        dots = VGroup(
            *(
                Dot(self.axes.c2p(*step), radius=STEP_DOT_RADIUS, color=style.DESCENT_COLOR)
                for step in self.plan.descent_steps
            )
        )
        self.renderer.camera.add_fixed_orientation_mobjects(*dots)
        key = Dot(radius=STEP_DOT_RADIUS * 1.6, color=style.DESCENT_COLOR)
        legend_text = Tex(
            rf"gradient-descent steps, $\eta = {self.plan.learning_rate_latex}$",
            font_size=style.SMALL_SIZE,
            color=style.MUTED_COLOR,
        )
        legend = VGroup(key, legend_text).arrange(RIGHT, buff=0.15)
        legend.to_corner(DL, buff=style.FRAME_MARGIN)
        kit.pin(self, legend)
        self.play(
            LaggedStart(*(FadeIn(dot, scale=0.5) for dot in dots), run_time=STEPS_TIME),
            FadeIn(legend),
        )
        self.leftovers += [dots, legend]
        self.step_dots = dots

    # ------------------------------------------------------------------ state and text

    def _state(self) -> tuple[np.ndarray, np.ndarray]:
        """The ball's (x, y, z) and the gradient there, interpolated along the path index."""
        roll = self.roll
        index = np.arange(len(roll.path))
        at = float(np.clip(self.progress.get_value(), 0, index[-1]))
        point = np.array([np.interp(at, index, roll.path[:, k]) for k in range(3)])
        gradient = np.array([np.interp(at, index, roll.path_gradients[:, k]) for k in range(2)])
        return point, gradient

    def _live_arrow(self) -> Arrow:
        """The descent arrow under the ball where it is now."""
        point, gradient = self._state()
        return kit.level_arrow(self.axes, point, -gradient, self.arrow_scale, style.DESCENT_COLOR)

    def _ball_center(self) -> np.ndarray:
        return self.axes.c2p(*self._state()[0]) + BALL_RADIUS * OUT

    def _start_arrow(self, vector: Sequence[float], color: str) -> Arrow:
        return kit.level_arrow(self.axes, self.roll.start, vector, self.arrow_scale, color)

    def _readouts(self) -> VGroup:
        rolls = self.plan.rolls
        paths = np.vstack([roll.path for roll in rolls])
        gradients = np.vstack([roll.path_gradients for roll in rolls])
        rows = [
            kit.ReadoutRow(f"{name} =", kit.widest_value(paths[:, k]))
            for k, name in enumerate("xyz")
        ]
        rows.append(
            kit.ReadoutRow(
                r"\nabla z =",
                kit.widest_value(gradients),
                count=2,
                brackets=(r"\langle", r"\rangle"),
                color=style.ASCENT_COLOR,
            )
        )
        group = kit.stack_rows(rows)
        group.to_corner(DR, buff=style.FRAME_MARGIN)
        return group

    def _show_readouts(self) -> None:
        point, gradient = self._state()
        for k, row in enumerate(self.readouts[:3]):
            row.show(self, [point[k]])
        self.readouts[3].show(self, gradient)
        kit.pin(self, self.readouts)

    def _top_right(self, *texts: Mobject) -> None:
        kit.column(*texts, corner=UR)
        kit.pin(self, *texts)


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="GradientDescentBall",
    chapter="Rolling down the gradient",
    description="A ball rolls down the negative gradient of the surface (notes 3, Figure 4).",
    three_d=True,
    beats=(
        "ShowTheGradient",
        "FlipToDescent",
        "RollTheBall",
        "RollAlongTheAxis",
        "RestAtTheMinimum",
    ),
    example_narration=(
        "At the point one, one the gradient is two, two: the direction of steepest ascent.",
        "A ball rolls the other way, down the negative gradient.",
        "Following the negative gradient, the ball rolls down to the origin.",
        "Started at one, zero, it rolls straight along the x axis.",
        "At the origin the gradient is zero: the ball stays where it is.",
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
        Param("flow_time", Kind.POSITIVE, 2.5, "how long (in flow time) each ball rolls"),
        Param("learning_rate", Kind.POSITIVE, 0.1, "the gradient-descent steps' rate"),
        Param("descent_steps", Kind.COUNT, 12, "how many gradient-descent steps are drawn"),
        Param("x_range", Kind.RANGE, [-2, 2], "the plotted x range"),
        Param("y_range", Kind.RANGE, [-2, 2], "the plotted y range"),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, GradientDescentBall)
