"""A ball rolls down a loss curve, one gradient-descent step at a time (the notes' ball placed
inside the parabola's curve).

The loss formula runs across the top, the curve sits on the left and the arithmetic on the
right: the learning rate, the update rule, each step's update with its numbers, and live
readouts of x and L(x). At every step the tangent under the ball shows the slope (its value
beside it, placed where nothing else is), an arrow along x shows the move, -rate times the
slope, and the ball rolls along the curve to where it lands; the points it visited stay as
faint dots. Every number comes from the plan.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Arrow,
    Circle,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    MathTex,
    Mobject,
    ValueTracker,
    VGroup,
    Write,
    config,
    smooth,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.layout import Box
from scenes.kit.live_number import LiveNumber
from scenes.kit.placement import Placer, clear_tick_numbers
from scenes.plans.loss_curve import LossCurvePlan, LossStepPlan

# ---------------------------------------------------------------- the scene

# Layout: the loss formula across the top, the graph below it on the left, the arithmetic
# in a column on the right.
TOP_BUFF = 0.55  # between the formula strip and the graph (the y axis's label sits between)
GRAPH_HEIGHT = 5.6
GRAPH_LEFT_PAD = 0.55  # room for the y axis's numbers left of the x axis's start
COLUMN_LEFT = 1.75
GRAPH_GAP = 0.75  # from the x axis's end to the column: its last number and the x label
COLUMN_BUFF = 0.38
READOUT_GAP = 0.7  # between the update line and the readouts
NUMBER_GAP = 0.12  # the gap labels keep from the axes' numbers
BALL_RADIUS = 0.12
TRAIL_RADIUS = 0.05
TRAIL_OPACITY = 0.45
TANGENT_LENGTH = 2.4
TANGENT_SPOTS = (0.0, 0.1, 0.2, 0.8, 0.9, 1.0)  # where along the tangent its label may sit
ARROW_STROKE = 5
ARROW_TIP = 0.2
# An arrow shorter than this (frame units, about 27 pixels at 1080p) is no arrow: its tip
# alone is longer, and it would sit under the ball as a blot. Such a step is left to the
# ball's own move and the readouts, which show it exactly.
MIN_ARROW_LENGTH = 0.25
MINIMUM_RING = 0.22
MOVING_DIGITS = 4  # significant digits a readout shows while it counts

# Timing, in seconds.
DRAW_RUN_TIME = 1.5
TANGENT_RUN_TIME = 0.8
ARROW_RUN_TIME = 0.7
ROLL_RUN_TIME = 1.2
CLEAR_RUN_TIME = 0.4


def column_right() -> float:
    return config.frame_width / 2 - style.FRAME_MARGIN


def graph_left() -> float:
    return -config.frame_width / 2 + style.FRAME_MARGIN + GRAPH_LEFT_PAD


def graph_width() -> float:
    """The x axis's length: from graph_left to GRAPH_GAP short of the column."""
    return COLUMN_LEFT - GRAPH_GAP - graph_left()


def column_width() -> float:
    return column_right() - COLUMN_LEFT


def frame_top() -> float:
    return config.frame_height / 2 - style.FRAME_MARGIN


class LossCurve(LectureScene):
    """The loss curve, the ball at its start, one rolled step per descent step, its rest."""

    plan: LossCurvePlan

    def setup(self) -> None:
        super().setup()
        plan = self.plan
        self.loss_formula = style.formula(plan.loss_latex)
        style.shrink_to_width(self.loss_formula, config.frame_width - 2 * style.FRAME_MARGIN)
        self.loss_formula.to_edge(UP, buff=style.FRAME_MARGIN)
        top = self.loss_formula.get_bottom()[1] - TOP_BUFF
        self.axes = style.lecture_axes(
            plan.x_range, plan.y_range, graph_width(), GRAPH_HEIGHT, plan.x_step, plan.y_step
        )
        self.axes.shift(RIGHT * (graph_left() - self.axes.x_axis.get_start()[0]))
        bottom = -config.frame_height / 2 + style.FRAME_MARGIN + 0.45  # the x axis's numbers
        self.axes.move_to([self.axes.get_x(), (top + bottom) / 2, 0])
        # over the graph where it fits there, else across the frame
        self.loss_formula.set_x(self.axes.get_x())
        if self.loss_formula.get_left()[0] < -config.frame_width / 2 + style.FRAME_MARGIN:
            self.loss_formula.to_edge(LEFT, buff=style.FRAME_MARGIN)
        if self.loss_formula.get_right()[0] > column_right():
            self.loss_formula.set_x(0)
        self.graph = style.graph_in_window(self.axes, plan.f, plan.x_range, plan.y_range)
        self.x = ValueTracker(plan.start_x)
        self.tangents = [self._tangent(roll) for roll in plan.rolls]
        self.arrows = [self._arrow(roll) for roll in plan.rolls]
        self.trail = VGroup(*(self._trail_dot(x, y) for x, y in plan.points))
        self.minimum_ring = Circle(
            radius=MINIMUM_RING, color=style.HIGHLIGHT_COLOR, stroke_width=4
        ).move_to(self.axes.c2p(*plan.minimum_at))
        to_come = VGroup(*self.tangents, *(a for a in self.arrows if a is not None), self.trail)
        clear_tick_numbers(self.axes, self.graph, to_come, self.minimum_ring)
        self.axis_labels = self._axis_labels(self._placer(to_come))
        self.column = self._column()

    # ------------------------------------------------------------------ beats

    def draw_the_loss(self) -> None:
        self.play(Write(self.loss_formula))
        self.play(Create(self.axes), FadeIn(self.axis_labels), run_time=DRAW_RUN_TIME)
        self.play(Create(self.graph), run_time=DRAW_RUN_TIME)
        self.wait(style.SHORT_PAUSE)

    def place_the_ball(self) -> None:
        plan = self.plan
        self.ball = Dot(radius=BALL_RADIUS, color=style.BALL_COLOR).set_z_index(3)
        self.ball.add_updater(lambda ball: ball.move_to(self._on_curve(self.x.get_value())))
        self.ball.update()
        rate, rule, _, readouts = self.column
        self.x_readout, self.loss_readout = readouts
        self._set_readouts(plan.start_text, plan.start_loss_text)
        self.play(FadeIn(self.ball, scale=0.5))
        self.play(FadeIn(readouts))
        self.play(Write(rate), Write(rule))
        self.wait(style.SHORT_PAUSE)

    def roll_downhill(self) -> None:
        plan = self.plan
        self.update_line: Mobject | None = None
        self.visited = VGroup()
        self.slope_labels: list[Mobject] = []
        for roll, tangent, arrow in zip(plan.rolls, self.tangents, self.arrows, strict=True):
            self.begin_step()  # each step, said as the ball rolls it
            label = self._slope_label(roll, tangent, arrow)
            self.slope_labels.append(label)
            self.play(Create(tangent), FadeIn(label), run_time=TANGENT_RUN_TIME)
            update = self._update_line(roll)
            shown = [FadeIn(update)]
            if self.update_line is not None:
                shown.append(FadeOut(self.update_line))
            if arrow is not None:
                shown.append(GrowArrow(arrow))
            self.play(*shown, run_time=ARROW_RUN_TIME)
            self.update_line = update
            dot = self.trail[roll.index - 1]
            self.add(dot)
            self.visited.add(dot)
            self._follow(roll)
            self.play(
                self.x.animate.set_value(roll.next_x),
                run_time=self.step_run_time(ROLL_RUN_TIME),
                rate_func=smooth,
            )
            self._set_readouts(roll.next_x_text, roll.next_loss_text)
            gone = [tangent, label] + ([arrow] if arrow is not None else [])
            self.play(FadeOut(*gone), run_time=CLEAR_RUN_TIME)
        self.wait(style.SHORT_PAUSE)

    def reach_the_minimum(self) -> None:
        plan = self.plan
        placer = self._placer(self.visited, self.ball, self.minimum_ring)
        self.minimum_label = placer.place(
            style.label(plan.minimum_point_latex, style.HIGHLIGHT_COLOR),
            self.minimum_ring.get_center(),
            buff=MINIMUM_RING + 0.1,
        )
        self.minimum_text = style.formula(plan.minimum_latex)
        style.shrink_to_width(self.minimum_text, column_width() - 0.4)
        readouts = self.column[3]
        self.minimum_text.next_to(readouts, DOWN, buff=READOUT_GAP, aligned_edge=LEFT)
        self.minimum_text.shift(RIGHT * 0.18)  # the box's padding stays inside the column
        self.minimum_box = style.result_box(self.minimum_text)
        self.play(Create(self.minimum_ring), FadeIn(self.minimum_label))
        self.play(Write(self.minimum_text), Create(self.minimum_box))
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ builders

    def _on_curve(self, x: float) -> np.ndarray:
        return self.axes.c2p(x, self.plan.f(x))

    def _window_box(self) -> tuple[float, float, float, float]:
        (x0, x1), (y0, y1) = self.plan.x_range, self.plan.y_range
        return x0, y0, x1, y1

    def _tangent(self, roll: LossStepPlan) -> Line:
        """The tangent under the ball, a fixed length on screen, cut to the graph's window."""
        x_unit = self.axes.x_axis.get_unit_size()
        y_unit = self.axes.y_axis.get_unit_size()
        direction = np.array([x_unit, roll.slope * y_unit])
        direction /= np.linalg.norm(direction)
        half = TANGENT_LENGTH / 2
        along = (direction[0] * half / x_unit, direction[1] * half / y_unit)
        ends = [
            _clipped((roll.x, roll.loss), (s * along[0], s * along[1]), self._window_box())
            for s in (-1, 1)
        ]
        return Line(
            self.axes.c2p(*ends[0]),
            self.axes.c2p(*ends[1]),
            color=style.TANGENT_COLOR,
            stroke_width=style.CURVE_STROKE - 1,
        )

    def _arrow(self, roll: LossStepPlan) -> Arrow | None:
        """The move along x, -rate times the slope, at the ball's height; None where it is
        too short to read as an arrow (see MIN_ARROW_LENGTH)."""
        start = self.axes.c2p(roll.x, roll.loss)
        end = self.axes.c2p(roll.next_x, roll.loss)
        if np.linalg.norm(end - start) < MIN_ARROW_LENGTH:
            return None
        arrow = Arrow(
            start,
            end,
            buff=0,
            color=style.DESCENT_COLOR,
            stroke_width=ARROW_STROKE,
            tip_length=ARROW_TIP,
            max_tip_length_to_length_ratio=0.5,
            max_stroke_width_to_length_ratio=20,
        )
        arrow.set_z_index(2)
        return arrow

    def _trail_dot(self, x: float, y: float) -> Dot:
        return Dot(
            self.axes.c2p(x, y),
            radius=TRAIL_RADIUS,
            color=style.TRAIL_COLOR,
            fill_opacity=TRAIL_OPACITY,
        ).set_z_index(1)

    def _placer(self, *to_come: Mobject) -> Placer:
        """A Placer for the graph's labels: the axes, their numbers (with a gap), the curve,
        what is given, the formula strip and the right column kept for the arithmetic."""
        placer = Placer([self.axes, self.graph, *to_come])
        if hasattr(self, "axis_labels"):
            placer.avoid(self.axis_labels)
        for number in (*self.axes.x_axis.numbers, *self.axes.y_axis.numbers):
            placer.avoid_box(Box.around(number.get_all_points()).inset(-NUMBER_GAP), "a number")
        half_w, half_h = config.frame_width / 2, config.frame_height / 2
        placer.avoid_box(Box(COLUMN_LEFT - 0.2, -half_h, half_w, half_h), "the right column")
        top = self.loss_formula.get_bottom()[1] - 0.05
        return placer.avoid_box(Box(-half_w, top, half_w, half_h), "the loss formula")

    def _axis_labels(self, placer: Placer) -> VGroup:
        x_label = style.label("x", style.MUTED_COLOR)
        y_label = style.label("L", style.MUTED_COLOR)
        placer.place(x_label, self.axes.x_axis.get_end(), directions=(UL, UP), leader=False)
        placer.place(y_label, self.axes.y_axis.get_end(), directions=(UR, RIGHT), leader=False)
        return VGroup(x_label, y_label)

    def _slope_label(self, roll: LossStepPlan, tangent: Line, arrow: Arrow | None) -> Mobject:
        """L'(x) = slope beside the tangent, off the curve, the axes' numbers and the arrow."""
        label = style.label(roll.slope_latex, style.TANGENT_COLOR)
        avoid = [tangent, self.ball, self.visited, self.axis_labels]
        if arrow is not None:
            avoid.append(arrow)
        landing = self._trail_dot(roll.next_x, roll.next_loss)
        placer = self._placer(*avoid, landing)
        anchors = [tangent.point_from_proportion(t) for t in TANGENT_SPOTS]
        return style.place_beside_path(placer, label, anchors)

    def _column(self) -> VGroup:
        """Rate, update rule, the step's update (filled per step), readouts of x and L(x)."""
        plan = self.plan
        rate = style.formula(plan.rate_latex)
        rule = style.formula(plan.rule_latex)
        updates = [style.formula(roll.update_latex) for roll in plan.rolls]
        self.two_lines = max(line.width for line in updates) > column_width()
        if self.two_lines:  # the result under the sum, rather than all of it shrunk
            updates = [style.formula(roll.update_lines_latex) for roll in plan.rolls]
        widest = max(line.width for line in updates)
        self.update_scale = min(1.0, column_width() / widest)  # one size for every step's line
        slot = updates[0].scale(self.update_scale)
        x_row = self._readout("x =", style.BALL_COLOR)
        loss_row = self._readout("L(x) =", style.BALL_COLOR)
        readouts = VGroup(x_row, loss_row).arrange(DOWN, aligned_edge=LEFT, buff=COLUMN_BUFF)
        column = VGroup(rate, rule, slot, readouts)
        for part in column:
            style.shrink_to_width(part, column_width())
        column.arrange(DOWN, aligned_edge=LEFT, buff=COLUMN_BUFF)
        readouts.shift(DOWN * (READOUT_GAP - COLUMN_BUFF))
        top = self.loss_formula.get_bottom()[1] - TOP_BUFF
        column.move_to([COLUMN_LEFT, top, 0], aligned_edge=UL)
        self.update_slot = slot.copy()
        return column

    def _readout(self, name: str, color: str) -> VGroup:
        title = MathTex(name, font_size=style.BODY_SIZE, color=style.TEXT_COLOR)
        value = LiveNumber(0, num_decimal_places=0, font_size=style.BODY_SIZE, color=color)
        value.next_to(title, RIGHT, buff=0.15)
        return VGroup(title, value)

    def _set_readouts(self, x_text: str, loss_text: str) -> None:
        """The readouts at rest show exactly the texts the step's sentence says."""
        for row, text in ((self.x_readout, x_text), (self.loss_readout, loss_text)):
            value = row[1]
            value.clear_updaters()
            value.num_decimal_places = len(text.partition(".")[2])
            value.set_value(float(text))
            value.next_to(row[0], RIGHT, buff=0.15)

    def _follow(self, roll: LossStepPlan) -> None:
        """While the ball rolls, the readouts count along with as many places as the ends."""
        places = _moving_places(roll.x_text, roll.next_x_text)
        loss_places = _moving_places(roll.loss_text, roll.next_loss_text)
        x_value, loss_value = self.x_readout[1], self.loss_readout[1]
        x_value.num_decimal_places = places
        loss_value.num_decimal_places = loss_places
        x_value.add_updater(lambda m: m.set_value(self.x.get_value()))
        loss_value.add_updater(lambda m: m.set_value(self.plan.f(self.x.get_value())))

    def _update_line(self, roll: LossStepPlan) -> Mobject:
        latex = roll.update_lines_latex if self.two_lines else roll.update_latex
        line = style.formula(latex).scale(self.update_scale)
        line.move_to(self.update_slot.get_left(), aligned_edge=LEFT)
        return line


def _places(text: str) -> int:
    return len(text.partition(".")[2])


def _moving_places(start: str, end: str) -> int:
    """Places of a readout counting from one text to another: as many as the ends show, but
    no more than keep 4 significant digits (1.0952 is read as 1.095)."""
    largest = max(abs(float(start)), abs(float(end)))
    magnitude = int(np.floor(np.log10(largest))) if largest > 0 else 0
    return max(0, min(max(_places(start), _places(end)), MOVING_DIGITS - 1 - magnitude))


def _clipped(
    point: tuple[float, float], offset: tuple[float, float], window: tuple[float, ...]
) -> tuple[float, float]:
    """point + t * offset for the largest t in [0, 1] that stays inside the window."""
    x, y = point
    dx, dy = offset
    x0, y0, x1, y1 = window
    t = 1.0
    for position, change, low, high in ((x, dx, x0, x1), (y, dy, y0, y1)):
        if change > 0:
            t = min(t, (high - position) / change)
        elif change < 0:
            t = min(t, (low - position) / change)
    t = max(t, 0.0)
    return (x + t * dx, y + t * dy)
