"""A ball rolls down the negative gradient of the surface to its minimum (notes 3, Figure 4).

The gradient points uphill; the ball goes the other way. While it rolls, its position and the
gradient under it are read out live, and the gradient shrinks to zero at the bottom, where a
ball placed there stays put.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DEGREES,
    DL,
    DOWN,
    ORIGIN,
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
    Line,
    MathTex,
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

from scenes.kit import style
from scenes.kit import surface as kit
from scenes.kit.base import LectureThreeDScene
from scenes.kit.contour_map import LABEL_BUFF, LABEL_GAP
from scenes.kit.layout import Box, set_anchor
from scenes.kit.placement import Placer
from scenes.kit.still_pinned import StillPinned
from scenes.plans.descent import DescentPlan, RollPlan, split_rolls

# ---------------------------------------------------------------- the scene

CAMERA_PHI = 45 * DEGREES  # high enough to see the bottom of the bowl over its front rim
AXES_DROP = 1.5  # seen from higher up, the bowl's far rim rises higher on screen
BALL_RADIUS = 0.13
BALL_RESOLUTION = (10, 10)
STEP_DOT_RADIUS = 0.05
TRAIL_WIDTH = 4
STEP_WIDTH = 2.5
CREATE_TIME = 2.0
WRITE_TIME = 1.2
ROLL_TIME = 4.0
STEPS_TIME = 1.5
STEP_TIME = 1.0  # one gradient-descent step, where RollTheBall is said step by step
DIMMED = 0.35
ROW_BUFF = 0.3  # between a value and its name on one row
RATE_BUFF = 0.15
# The camera may turn this far from facing the gradient, nearest first, for a larger view.
THETA_TURNS = tuple(sign * k * 10 * DEGREES for k in range(7) for sign in (1, -1))[1:]
ZOOM_SLACK = 0.1  # a turn is worth it where it makes the view this much larger
FLIP_SWEEP = 18  # the flipped arrow's path in this many steps (10 degrees), for labels to keep off


def flip_sweep(arrow: Arrow) -> list[Mobject]:
    """Where an arrow passes as FlipToDescent turns it half round its tail (counterclockwise
    on the frame, as manim's Rotate does): labels placed before keep off its whole way."""
    tail = arrow.get_start()
    return [
        arrow.copy().rotate(PI * k / FLIP_SWEEP, about_point=tail) for k in range(1, FLIP_SWEEP)
    ]


class GradientDescentBall(StillPinned, LectureThreeDScene):
    """ShowTheGradient, FlipToDescent, RollTheBall, RollAlongTheAxis, RestAtTheMinimum.

    The 3D view (left) and the contour map (right) show the same roll: the ball on the surface
    and its dot on the map move together, and every gradient arrow lies in the x-y plane (on
    the floor under the ball, and on the map, across the level curves).
    """

    plan: DescentPlan

    def setup(self) -> None:
        super().setup()
        plan = self.plan
        self.axes = kit.surface_axes(plan.x_range, plan.y_range, plan.z_range, AXES_DROP)
        self.surface = kit.surface_mobject(self.axes, plan.height, plan.x_range, plan.y_range)
        self.map, self.surface_contours, self.axis_labels = kit.contour_picture(self.axes, plan)
        self.minimum_mark, self.map_minimum = kit.minimum_marks(self.axes, plan, self.map)
        self.arrow_scale = plan.arrow_scale
        self.roll = plan.rolls[0]
        self.progress = ValueTracker(0.0)
        self.ball = Dot3D(radius=BALL_RADIUS, color=style.BALL_COLOR, resolution=BALL_RESOLUTION)
        self.ball.add_updater(lambda ball: ball.move_to(self._ball_center()))
        self.drop = Line(stroke_color=style.MUTED_COLOR, stroke_width=2)
        self.drop.add_updater(lambda line: self._drop_to_floor(line))
        self.map_dot = self.map.dot(*self.roll.start[:2], color=style.BALL_COLOR)
        self.map_dot.add_updater(lambda dot: dot.move_to(self.map.at(*self._state()[0][:2])))
        self.readouts = self._readouts()
        left, bottom, _ = self.readouts.get_corner(DL)
        right, top, _ = self.readouts.get_corner(UR)
        self.reserved_boxes = [Box(left, bottom, right, top)]  # labels in the 3D view keep off
        self.roll_texts: list[Mobject] = []
        self.leftovers: list[Mobject] = []
        self.trails: list[VMobject] = []
        self.map_trails: list[VMobject] = []
        self.step_dots = VGroup()
        self.map_steps = VGroup()
        self.formulas = kit.column(
            style.formula(plan.surface_latex),
            style.label(plan.gradient_formula_latex, color=style.ASCENT_COLOR),
            style.label(plan.negative_gradient_formula_latex, color=style.DESCENT_COLOR),
            corner=UL,
        )
        theta, zoom, shift = self._camera()
        kit.set_up_camera(self, theta, phi=CAMERA_PHI, zoom=zoom, shift=shift)

    def _camera(self) -> tuple[float, float, np.ndarray]:
        """The azimuth nearest the one that shows the first gradient pointing right, among
        those at which the 3D view is (nearly) as large as it can be: clear of the formulas,
        the texts at the top right, the readouts and the map."""
        roll = self.roll
        texts = kit.column(
            VGroup(style.label(roll.gradient_at_latex), Tex("steepest ascent")).arrange(RIGHT),
            VGroup(style.label(roll.descent_at_latex), Tex("steepest descent")).arrange(RIGHT),
            corner=UR,
        )
        boxes = [self.reserved_boxes[0], kit.box_of(self.formulas), kit.box_of(texts)]
        points = kit.view_points(self.axes, self.surface, *self._view_inks()[1:])
        right = self.map.get_left()[0] - kit.VIEW_GAP
        facing = kit.facing_theta(roll.gradient)
        fits = []
        for turn in THETA_TURNS:
            theta = facing + turn
            zoom, shift = kit.fit_view(self, points, CAMERA_PHI, [theta], right, boxes)
            fits.append((theta, zoom, shift))
        best = max(zoom for _, zoom, _ in fits)
        return next(fit for fit in fits if fit[1] >= best - ZOOM_SLACK)

    # ------------------------------------------------------------------ beats

    def show_the_gradient(self) -> None:
        plan, roll = self.plan, self.roll
        title, formula, _ = self.formulas
        kit.pin(self, title, formula, self.map)
        camera = self.renderer.camera
        if self.minimum_mark:
            camera.add_fixed_orientation_mobjects(*self.minimum_mark)
        in_view = self._in_view()
        for label, end in zip(self.axis_labels, kit.axis_ends(self.axes), strict=True):
            kit.place_in_view(self, label, end, *in_view)
        self.map_placer = self.map.placer(*self._on_map())
        self.map_minimum_label = VGroup()
        if self.map_minimum:
            x, y, _ = plan.minimum
            self.map_minimum_label = self.map.point_label(
                plan.minimum_latex, (x, y), self.map_placer, style.MUTED_COLOR
            )
        kit.pin(self, self.map_minimum, self.map_minimum_label)
        self.play(
            Create(self.axes),
            *(FadeIn(label) for label in self.axis_labels),
            FadeIn(self.map),
            run_time=CREATE_TIME,
        )
        self.play(
            Create(self.surface_contours),
            FadeIn(self.minimum_mark),
            FadeIn(self.map_minimum),
            FadeIn(self.map_minimum_label),
            Create(self.surface),
            Write(title),
            run_time=CREATE_TIME,
        )
        self.start_mark = kit.floor_mark(
            self.axes, *roll.start[:2], plan.floor, roll.start_latex, style.TEXT_COLOR
        )
        kit.show_floor_mark(self, self.start_mark, *self._in_view(), optional=True)
        self.map_start = self._map_start_label(roll)
        kit.pin(self, self.map_dot, self.map_start)
        self.play(
            FadeIn(self.ball, scale=0.5),
            FadeIn(self.map_dot, scale=0.5),
            FadeIn(self.drop),
            FadeIn(self.start_mark),
            FadeIn(self.map_start),
            Write(formula),
            run_time=WRITE_TIME,
        )
        value = style.label(roll.gradient_at_latex, color=style.ASCENT_COLOR)
        name = Tex("steepest ascent", font_size=style.LABEL_SIZE, color=style.ASCENT_COLOR)
        self.ascent = self._floor_arrow(roll.start, roll.gradient, style.ASCENT_COLOR)
        self.map_ascent = self.map.arrow(
            roll.start, roll.gradient, self.arrow_scale, style.ASCENT_COLOR
        )
        self.level_mark = self.map.right_angle(roll.start, roll.tangent, roll.gradient)
        kit.pin(self, self.map_ascent, self.level_mark)
        self.ascent_texts = [value, name]
        self._top_right(VGroup(value, name).arrange(RIGHT, buff=ROW_BUFF))
        self.play(
            GrowArrow(self.ascent), GrowArrow(self.map_ascent), Write(value), run_time=WRITE_TIME
        )
        self.play(FadeIn(name, shift=0.2 * DOWN), Create(self.level_mark))

    def flip_to_descent(self) -> None:
        roll = self.roll
        formula = self.formulas[2]
        kit.pin(self, formula)
        value = style.label(roll.descent_at_latex, color=style.DESCENT_COLOR)
        name = Tex("steepest descent", font_size=style.LABEL_SIZE, color=style.DESCENT_COLOR)
        self.descent_row = VGroup(value, name).arrange(RIGHT, buff=ROW_BUFF)
        self._top_right(VGroup(*self.ascent_texts), self.descent_row)
        descent = self.ascent.copy().set_color(style.DESCENT_COLOR)
        map_descent = self.map_ascent.copy().set_color(style.DESCENT_COLOR)
        kit.pin(self, map_descent)
        tail, map_tail = self.ascent.get_start(), self.map_ascent.get_start()
        self.play(
            Rotate(descent, PI, about_point=tail),
            Rotate(map_descent, PI, about_point=map_tail),
            Write(formula),
            run_time=WRITE_TIME,
        )
        self.play(
            *(m.animate.set_opacity(DIMMED) for m in (self.ascent, self.map_ascent)),
            # text steps back in colour, not opacity: a dimmed red would be 1.7:1 on the
            # background, under the 4.5:1 text needs (WCAG 1.4.3); the grey keeps 9.8:1
            *(text.animate.set_color(style.MUTED_COLOR) for text in self.ascent_texts),
            Write(value),
            run_time=WRITE_TIME,
        )
        self.play(FadeIn(name, shift=0.2 * DOWN))
        self.descent, self.map_descent = descent, map_descent
        self.roll_texts = [*self.ascent_texts, value, name]

    def roll_the_ball(self) -> None:
        self.play(
            FadeOut(self.ascent),
            FadeOut(self.map_ascent),
            FadeOut(self.level_mark),
            *(FadeOut(text) for text in self.ascent_texts),
        )
        self.roll_texts = self.roll_texts[len(self.ascent_texts) :]
        self.descent_row.generate_target()
        kit.column(self.descent_row.target, corner=UR)
        self.play(MoveToTarget(self.descent_row))
        self._show_readouts()
        self.play(FadeIn(self.readouts))
        self.remove(self.descent, self.map_descent)
        self._roll_down()
        self._show_steps()

    def roll_along_the_axis(self) -> None:
        middle, _ = split_rolls(len(self.plan.rolls))
        for index in middle:
            self.begin_step()  # each start, said as the ball is set down there and rolls
            self._start_again(self.plan.rolls[index])
            self._roll_down()

    def rest_at_the_minimum(self) -> None:
        _, last = split_rolls(len(self.plan.rolls))
        if last is None:
            return
        roll = self.plan.rolls[last]
        self._start_again(roll)
        if roll.stationary:
            # a colour flash, not a swell: the text sits in the frame's corner
            self.play(Indicate(self.roll_texts[0], scale_factor=1, color=style.HIGHLIGHT_COLOR))
            self.wait(style.PAUSE)
        else:
            self._roll_down()

    # ------------------------------------------------------------------ the roll

    def _start_again(self, roll: RollPlan) -> None:
        """Clear the previous roll, then set the ball down at this roll's start.

        The camera stays where it is: the map shows the new start's direction, and a turn could
        leave the bowl edge-on.
        """
        gone = [*self.leftovers, *self.roll_texts, self.start_mark, self.map_start]
        self.play(
            *(FadeOut(m) for m in gone),
            FadeOut(self.ball),
            FadeOut(self.map_dot),
            FadeOut(self.drop),
        )
        self.leftovers, self.roll_texts = [], []
        self.roll = roll
        self.progress.set_value(0.0)
        self._show_readouts()
        value = style.label(roll.gradient_at_latex, color=style.ASCENT_COLOR)
        texts: list[Mobject] = [value]
        if not roll.stationary:
            texts.append(style.label(roll.descent_at_latex, color=style.DESCENT_COLOR))
        self._top_right(*texts)
        self.roll_texts = texts
        self.start_mark = kit.floor_mark(
            self.axes, *roll.start[:2], self.plan.floor, roll.start_latex, style.TEXT_COLOR
        )
        # a later start's coordinates: on the map and in the top right, not among the
        # level curves of the 3D view
        self.start_mark.remove(self.start_mark[1])
        kit.show_floor_mark(self, self.start_mark, *self._in_view(), optional=True)
        self.map_start = self._map_start_label(roll)
        kit.pin(self, self.map_start)
        shown = [FadeIn(self.map_start)]
        if not self._at_minimum(roll):
            shown.append(FadeIn(self.start_mark))  # the minimum is marked already
        self.play(
            FadeIn(self.ball, scale=0.5),
            FadeIn(self.map_dot, scale=0.5),
            FadeIn(self.drop),
            *shown,
            Write(value),
            run_time=WRITE_TIME,
        )
        if roll.stationary:
            return
        ascent = self._floor_arrow(roll.start, roll.gradient, style.ASCENT_COLOR)
        map_ascent = self.map.arrow(roll.start, roll.gradient, self.arrow_scale, style.ASCENT_COLOR)
        kit.pin(self, map_ascent)
        self.play(GrowArrow(ascent), GrowArrow(map_ascent), run_time=WRITE_TIME)
        self.play(
            Write(texts[1]),
            ascent.animate.set_opacity(DIMMED),
            map_ascent.animate.set_opacity(DIMMED),
            run_time=WRITE_TIME,
        )
        self.leftovers = [ascent, map_ascent]

    def _roll_down(self) -> None:
        """Ball and map dot follow the path, each leaving a trail; readouts and arrows follow."""
        frame_path = kit.frame_points(self.axes, self.roll.path)
        map_path = self.map.to_frame(self.roll.path[:, :2])
        trail = VMobject(stroke_color=style.TRAIL_COLOR, stroke_width=TRAIL_WIDTH)
        trail.add_updater(lambda m: self._trace(m, frame_path, self.axes.c2p))
        map_trail = VMobject(stroke_color=style.TRAIL_COLOR, stroke_width=TRAIL_WIDTH)
        map_trail.add_updater(lambda m: self._trace(m, map_path, self._map_point))
        arrow = always_redraw(self._live_arrow)
        map_arrow = always_redraw(self._live_map_arrow)
        kit.pin(self, map_trail, map_arrow)
        map_arrow.add_updater(lambda m: kit.pin(self, m))
        self.readouts.add_updater(lambda _: self._show_readouts())
        self.add(trail, arrow, map_trail, map_arrow)
        self.bring_to_front(self.map_dot)
        last = len(self.roll.path) - 1
        self.play(self.progress.animate.set_value(last), run_time=ROLL_TIME, rate_func=linear)
        self.readouts.clear_updaters()
        for m in (trail, arrow, map_trail, map_arrow):
            m.clear_updaters()
        self.leftovers += [trail, arrow, map_trail, map_arrow]
        self.trails.append(trail)
        self.map_trails.append(map_trail)

    def _map_point(self, x: float, y: float, _z: float = 0.0) -> np.ndarray:
        return self.map.at(x, y)

    def _trace(self, trail: VMobject, path: np.ndarray, place: Callable[..., np.ndarray]) -> None:
        done = int(self.progress.get_value())
        here = place(*self._state()[0])
        trail.set_points_as_corners(np.vstack([path[: done + 1], here]))

    def _show_steps(self) -> None:
        """The discrete gradient-descent steps: dots on the surface, dots joined on the map."""
        steps = self.plan.descent_steps
        dots = VGroup(
            *(
                Dot(self.axes.c2p(*step), radius=STEP_DOT_RADIUS, color=style.DESCENT_COLOR)
                for step in steps
            )
        )
        self.renderer.camera.add_fixed_orientation_mobjects(*dots)
        joined = self.map.polyline(steps[:, :2], style.DESCENT_COLOR, STEP_WIDTH)
        map_dots = VGroup(
            *(self.map.dot(x, y, style.DESCENT_COLOR, STEP_DOT_RADIUS) for x, y, _ in steps)
        )
        key = VGroup(
            Line(ORIGIN, 0.5 * RIGHT, color=style.DESCENT_COLOR, stroke_width=STEP_WIDTH),
            Dot(radius=STEP_DOT_RADIUS * 1.6, color=style.DESCENT_COLOR),
        )
        key[1].move_to(key[0].get_center())
        legend_text = Tex(
            rf"gradient-descent steps, $\eta = {self.plan.learning_rate_latex}$",
            font_size=style.SMALL_SIZE,
            color=style.DESCENT_COLOR,
        )
        legend = VGroup(key, legend_text).arrange(RIGHT, buff=0.15)
        self._top_right(self.descent_row, legend)
        rate = self._rate_label(steps, legend)
        kit.pin(self, joined, map_dots, legend, rate)
        said = len(self.plan.said_steps)
        if self._said_in_steps("RollTheBall"):
            joined = self._step_by_step(dots, map_dots, VGroup(legend, rate), said)
        else:  # said in one piece: every step appears at once, as the steps begin
            for _ in range(said):
                self.begin_step()
            self.play(
                LaggedStart(*(FadeIn(dot, scale=0.5) for dot in dots), run_time=STEPS_TIME),
                Create(joined, run_time=STEPS_TIME),
                LaggedStart(*(FadeIn(dot, scale=0.5) for dot in map_dots), run_time=STEPS_TIME),
                FadeIn(legend),
                FadeIn(rate),
            )
        self.rate_label = rate
        self.leftovers += [dots, joined, map_dots, legend, rate]
        self.step_dots = dots
        self.map_steps = map_dots

    def _step_by_step(self, dots: VGroup, map_dots: VGroup, key: VGroup, said: int) -> VGroup:
        """The first `said` gradient-descent steps one at a time, each with its sentence (the
        step's dot, and its line on the map), then the others at once; the map's lines."""
        steps = self.plan.descent_steps[:, :2]
        lines = [
            self.map.polyline(steps[k : k + 2], style.DESCENT_COLOR, STEP_WIDTH)
            for k in range(said)
        ]
        if said < len(steps) - 1:
            lines.append(self.map.polyline(steps[said:], style.DESCENT_COLOR, STEP_WIDTH))
        kit.pin(self, key, *lines)
        for k in range(said):
            self.begin_step()
            start = (FadeIn(dots[0], scale=0.5), FadeIn(map_dots[0], scale=0.5), FadeIn(key))
            self.play(
                *(start if k == 0 else ()),
                FadeIn(dots[k + 1], scale=0.5),
                FadeIn(map_dots[k + 1], scale=0.5),
                Create(lines[k]),
                run_time=STEP_TIME,
            )
        rest = range(said + 1, len(steps))
        if rest:
            self.play(
                LaggedStart(*(FadeIn(dots[k], scale=0.5) for k in rest), run_time=STEPS_TIME),
                Create(lines[-1], run_time=STEPS_TIME),
                LaggedStart(*(FadeIn(map_dots[k], scale=0.5) for k in rest), run_time=STEPS_TIME),
            )
        return VGroup(*lines)

    def _said_in_steps(self, beat: str) -> bool:
        """Whether the lecture says the beat step by step (a list, or the template's own
        sentences), rather than in one piece."""
        return any(b.name == beat and b.stepped for b in self.content.beats)

    def _rate_label(self, steps: np.ndarray, legend: Mobject) -> Mobject:
        """The learning rate beside the first step on the map, where a free spot is near it
        (clear of the map's curves and of the 3D view beside it); the legend always says it."""
        label = MathTex(
            rf"\eta = {self.plan.learning_rate_latex}",
            font_size=style.SMALL_SIZE,
            color=style.DESCENT_COLOR,
        )
        first, second = self.map.at(*steps[0, :2]), self.map.at(*steps[min(1, len(steps) - 1), :2])
        on_map = [self.map, self.map_dot, *self._on_map(), *self.map_trails]
        kit.pin(self, *on_map)  # seen where they are drawn, as the flat map is
        in_view = [m for m in self.mobjects if m not in on_map]
        placer = Placer([*on_map, *in_view, *self._in_view()], to_frame=self.to_frame)
        placer.occupy(*self._map_labels(), gap=LABEL_GAP)
        placer.occupy(legend)
        centre, _ = placer.spot(label.width, label.height, (first + second) / 2, buff=LABEL_BUFF)
        label.move_to([centre[0], centre[1], 0.0])
        if not placer.is_free(Box.around(np.array([label.get_corner(DL), label.get_corner(UR)]))):
            return VGroup()
        set_anchor(label, (first + second) / 2)
        return style.on_patch(label)

    def _map_labels(self) -> list[Mobject]:
        labels = [self.map_start, self.map_minimum_label]
        return [m for m in labels if m.family_members_with_points()]

    # ------------------------------------------------------------------ state and text

    def _state(self) -> tuple[np.ndarray, np.ndarray]:
        """The ball's (x, y, z) and the gradient there, interpolated along the path index."""
        roll = self.roll
        index = np.arange(len(roll.path))
        at = float(np.clip(self.progress.get_value(), 0, index[-1]))
        point = np.array([np.interp(at, index, roll.path[:, k]) for k in range(3)])
        gradient = np.array([np.interp(at, index, roll.path_gradients[:, k]) for k in range(2)])
        return point, gradient

    def _floor_arrow(self, point: Sequence[float], vector: Sequence[float], color: str) -> Arrow:
        """A gradient-like vector drawn on the floor, from under the point."""
        base = (point[0], point[1], self.plan.floor)
        return kit.level_arrow(self.axes, base, vector, self.arrow_scale, color)

    def _live_arrow(self) -> Arrow:
        """The descent arrow on the floor under the ball where it is now."""
        point, gradient = self._state()
        return self._floor_arrow(point, -gradient, style.DESCENT_COLOR)

    def _live_map_arrow(self) -> Arrow:
        point, gradient = self._state()
        return self.map.arrow(point, -gradient, self.arrow_scale, style.DESCENT_COLOR)

    def _ball_center(self) -> np.ndarray:
        return self.axes.c2p(*self._state()[0]) + BALL_RADIUS * OUT

    def _drop_to_floor(self, line: Line) -> None:
        x, y, z = self._state()[0]
        top, foot = self.axes.c2p(x, y, z), self.axes.c2p(x, y, self.plan.floor)
        if np.linalg.norm(top - foot) < 1e-6:
            foot = top + 1e-6 * OUT  # on the floor already: a stub, never a zero-length line
        line.put_start_and_end_on(top, foot)

    def _at_minimum(self, roll: RollPlan) -> bool:
        low = self.plan.minimum
        return low is not None and bool(
            np.hypot(roll.start[0] - low[0], roll.start[1] - low[1]) < 1e-6
        )

    def _map_start_label(self, roll: RollPlan) -> Mobject:
        """The start's coordinates at a free spot beside its dot, clear of the map's curves,
        the arrows at the start, the paths and steps, and the labels placed before."""
        if self._at_minimum(roll):
            return VGroup()  # the minimum's label says it
        placer = self.map.placer(self.map_dot, *self._on_map(), *self._start_arrows(roll))
        if self.map_minimum_label.family_members_with_points():
            placer.occupy(self.map_minimum_label, gap=LABEL_GAP)
        if roll is not self.plan.rolls[0]:
            # a later start is named in the top right; its label only goes where it is free
            label = MathTex(roll.start_latex, font_size=style.SMALL_SIZE)
            at = self.map.at(*roll.start[:2])
            centre, _ = placer.spot(label.width, label.height, at, buff=LABEL_BUFF)
            half = np.array([label.width, label.height]) / 2
            if not placer.is_free(Box(*(centre - half), *(centre + half))):
                return VGroup()
        return self.map.point_label(roll.start_latex, roll.start[:2], placer)

    def _start_arrows(self, roll: RollPlan) -> list[Mobject]:
        scale = self.arrow_scale
        ascent = self.map.arrow(roll.start, roll.gradient, scale, style.ASCENT_COLOR)
        arrows = [
            ascent,
            self.map.arrow(roll.start, -np.array(roll.gradient), scale, style.DESCENT_COLOR),
            self.map.right_angle(roll.start, roll.tangent, roll.gradient)
            if not roll.stationary
            else VGroup(),
        ]
        if roll is self.plan.rolls[0] and not roll.stationary:
            arrows += flip_sweep(ascent)
        return arrows

    def _on_map(self) -> list[Mobject]:
        """What the rolls draw on the map: each path and the gradient-descent steps."""
        plan = self.plan
        paths = [
            self.map.polyline(roll.path[:, :2], style.TRAIL_COLOR, TRAIL_WIDTH)
            for roll in plan.rolls
        ]
        steps = self.map.polyline(plan.descent_steps[:, :2], style.DESCENT_COLOR, STEP_WIDTH)
        return [*paths, steps]

    def _paths(self) -> list[VMobject]:
        """Each roll's path on the surface, as its trail will draw it."""
        trails = []
        for roll in self.plan.rolls:
            trail = VMobject(stroke_color=style.TRAIL_COLOR, stroke_width=TRAIL_WIDTH)
            trail.set_points_as_corners(kit.frame_points(self.axes, roll.path))
            trails.append(trail)
        return trails

    def _view_inks(self) -> list[Mobject]:
        """What the 3D view will draw: axes, level curves, the paths on the surface, the drops
        and arrows at the starts (the first arrow also on its way round as it flips)."""
        arrows: list[Mobject] = []
        for index, roll in enumerate(self.plan.rolls):
            x, y, z = roll.start
            top, foot = self.axes.c2p(x, y, z), self.axes.c2p(x, y, self.plan.floor)
            if np.linalg.norm(top - foot) > 1e-6:
                arrows.append(Line(top, foot))  # the drop from the ball to the floor
            if roll.stationary:
                continue
            ascent = self._floor_arrow(roll.start, roll.gradient, style.ASCENT_COLOR)
            arrows.append(ascent)
            arrows.append(
                self._floor_arrow(roll.start, -np.array(roll.gradient), style.DESCENT_COLOR)
            )
            if index == 0:
                arrows += flip_sweep(ascent)
        return [self.axes, self.surface_contours, self.minimum_mark, *self._paths(), *arrows]

    def _in_view(self) -> list[Mobject]:
        """What labels in the 3D view keep off: its drawing and the readouts in the frame."""
        return [*self._view_inks(), self.readouts]

    def _readouts(self) -> VGroup:
        rolls = self.plan.rolls
        paths = np.vstack([roll.path for roll in rolls])
        gradients = np.vstack([roll.path_gradients for roll in rolls])
        rows = [
            kit.ReadoutRow(
                "(x, y) =", kit.widest_value(paths[:, :2]), count=2, brackets=("(", ")")
            ),
            kit.ReadoutRow("z =", kit.widest_value(paths[:, 2])),
            kit.ReadoutRow(
                r"\nabla z =",
                kit.widest_value(gradients),
                count=2,
                brackets=(r"\langle", r"\rangle"),
                color=style.ASCENT_COLOR,
            ),
        ]
        group = kit.stack_rows(rows)
        group.to_corner(DL, buff=style.FRAME_MARGIN)
        return group

    def _show_readouts(self) -> None:
        point, gradient = self._state()
        self.readouts[0].show(self, point[:2])
        self.readouts[1].show(self, [point[2]])
        self.readouts[2].show(self, gradient)
        kit.pin(self, self.readouts)

    def _top_right(self, *texts: Mobject) -> None:
        kit.column(*texts, corner=UR)
        kit.pin(self, *texts)
