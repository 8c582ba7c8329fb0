"""The surface z = f(x, y), its partial derivatives as slopes of slices, and the gradient (notes 3).

Each partial derivative is the slope of an ordinary curve: hold one variable fixed, cut the
surface along the other, and take the tangent. The two slopes, side by side, are the gradient.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UR,
    Arrow,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Mobject,
    ParametricFunction,
    ReplacementTransform,
    Tex,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit import surface as kit
from scenes.kit.base import LectureThreeDScene
from scenes.kit.still_pinned import StillPinned
from scenes.plans.surface import SurfacePlan

# ---------------------------------------------------------------- the scene

ROTATION_SWEEP = 40 * DEGREES  # how far the camera turns while the surface appears
ROTATION_RATE = 0.12  # radians per second: a slow drift
CREATE_TIME = 2.0
WRITE_TIME = 1.2
CAMERA_MOVE_TIME = 2.0
TANGENT_HALF_LENGTH = 1.1
POINT_RADIUS = 0.08
ROW_BUFF = 0.3  # between two texts on one row
SLICE_LINE_WIDTH = 3


class GradientSurface(StillPinned, LectureThreeDScene):
    """ShowTheSurface, SliceAlongX, SliceAlongY, AssembleTheGradient.

    Beside the 3D view, the contour map (the top view) collects each partial derivative as an
    arrow along its axis; put head to tail they make the gradient, which crosses the level
    curve through the point at a right angle.
    """

    plan: SurfacePlan

    def setup(self) -> None:
        super().setup()
        plan = self.plan
        self.axes = kit.surface_axes(plan.x_range, plan.y_range, plan.z_range)
        self.surface = kit.surface_mobject(self.axes, plan.height, plan.x_range, plan.y_range)
        self.map, self.surface_contours, self.axis_labels = kit.contour_picture(self.axes, plan)
        self.minimum_mark, self.map_minimum = kit.minimum_marks(self.axes, plan, self.map)
        # Each slice is seen side-on, its free variable increasing to the right.
        self.slice_thetas = (kit.facing_theta((1.0, 0.0)), kit.facing_theta((0.0, 1.0)))
        self.marker = Dot(self.axes.c2p(*plan.point), radius=POINT_RADIUS, color=style.POINT_COLOR)
        self.results = VGroup()
        self.curves: list[ParametricFunction] = []
        self.tangents: list[Mobject] = []
        self.map_components: list[Arrow] = []
        self.slice_parts: list[Mobject] = []
        self.slice_texts: list[Mobject] = []
        zoom, shift = self._view_fit()
        kit.set_up_camera(self, self.slice_thetas[0] - ROTATION_SWEEP, zoom=zoom, shift=shift)

    def _view_fit(self) -> tuple[float, np.ndarray]:
        """The largest 3D view that stays clear of the map and of the texts in the top
        corners from every azimuth the camera passes through."""
        plan = self.plan
        first, second = self.slice_thetas
        last = kit.facing_theta(plan.partial_values, near=second)
        stops = [first - ROTATION_SWEEP, first, second, last]
        thetas = [
            a + (b - a) * t for a, b in zip(stops, stops[1:], strict=False) for t in (0, 0.5)
        ] + [last]
        title = style.formula(plan.surface_latex).to_corner(UL, buff=style.FRAME_MARGIN)
        results = VGroup(*(style.label(latex) for latex in plan.partial_at_latex))
        results.arrange(DOWN, aligned_edge=LEFT, buff=style.ITEM_BUFF)
        results.next_to(title, DOWN, aligned_edge=LEFT, buff=style.HEADING_BUFF)
        boxes = [kit.box_of(title, results)]
        for axis in (0, 1):
            held = Tex(f"hold ${plan.held_latex[axis]}$", font_size=style.LABEL_SIZE)
            formula = style.label((plan.slice_x_latex, plan.slice_y_latex)[axis])
            partial = style.label(plan.partial_latex[axis])
            value = style.label(plan.partial_at_latex[axis])
            boxes.append(
                kit.box_of(
                    kit.column(
                        VGroup(held, formula).arrange(RIGHT, buff=ROW_BUFF),
                        VGroup(partial, value).arrange(RIGHT, buff=ROW_BUFF),
                        corner=UR,
                    )
                )
            )
        boxes.append(
            kit.box_of(
                kit.column(
                    style.label(plan.gradient_latex),
                    style.label(plan.gradient_value_latex),
                    corner=UR,
                )
            )
        )
        slices = [self._slice_curve(axis) for axis in (0, 1)]
        points = kit.view_points(self.axes, self.surface, self.surface_contours, *slices)
        right = self.map.get_left()[0] - kit.VIEW_GAP
        return kit.fit_view(self, points, kit.CAMERA_PHI, thetas, right, boxes)

    # ------------------------------------------------------------------ beats

    def show_the_surface(self) -> None:
        title = style.formula(self.plan.surface_latex).to_corner(UL, buff=style.FRAME_MARGIN)
        self.title = title
        kit.pin(self, title, self.map)
        camera = self.renderer.camera
        if self.minimum_mark:
            camera.add_fixed_orientation_mobjects(*self.minimum_mark)
        drawn = (self.axes, self.surface_contours, self.map, title, self.minimum_mark)
        for label, end in zip(self.axis_labels, kit.axis_ends(self.axes), strict=True):
            kit.place_in_view(self, label, end, *drawn)
            kit.keep_in_view(self, label, end, *drawn)
        self.map_minimum_label = self._map_minimum_label()
        kit.pin(self, self.map_minimum, self.map_minimum_label)
        start = self.time
        self.begin_ambient_camera_rotation(rate=ROTATION_RATE)
        self.play(
            Create(self.axes),
            *(FadeIn(label) for label in self.axis_labels),
            FadeIn(self.map),
            run_time=CREATE_TIME,
        )
        self.play(
            Create(self.surface),
            Create(self.surface_contours),
            FadeIn(self.minimum_mark),
            FadeIn(self.map_minimum),
            FadeIn(self.map_minimum_label),
            Write(title),
            run_time=CREATE_TIME,
        )
        rest = ROTATION_SWEEP / ROTATION_RATE - (self.time - start)
        if rest > 0:
            self.wait(rest)
        self.stop_ambient_camera_rotation()
        self.set_camera_orientation(theta=self.slice_thetas[0])
        for label in self.axis_labels:
            label.update()

    def slice_along_x(self) -> None:
        plan = self.plan
        px, py, _ = plan.point
        camera = self.renderer.camera
        self.floor_mark = kit.floor_mark(
            self.axes, px, py, plan.floor, plan.point_latex, style.TEXT_COLOR
        )
        camera.add_fixed_orientation_mobjects(self.marker)
        self.drop = kit.drop_line(self.axes, plan.point, plan.floor)
        in_view = (self.marker, self.drop, *self._to_come_in_view())
        kit.show_floor_mark(self, self.floor_mark, *in_view)
        kit.keep_in_view(self, self.floor_mark[1], self.floor_mark[0].get_center(), *in_view)
        self.map_dot = self.map.dot(px, py)
        placer = self.map.placer(self.map_dot, *self._to_come_on_map())
        if self.map_minimum_label.family_members_with_points():
            placer.occupy(self.map_minimum_label)
        self.map_label = self.map.point_label(plan.point_latex, (px, py), placer)
        kit.pin(self, self.map_dot, self.map_label)
        self.play(
            FadeIn(self.marker, scale=0.5),
            Create(self.drop),
            FadeIn(self.floor_mark),
            FadeIn(self.map_dot, scale=0.5),
            FadeIn(self.map_label),
        )
        self._slice(0)

    def slice_along_y(self) -> None:
        self._clear_slice()
        self.move_camera(theta=self.slice_thetas[1], run_time=CAMERA_MOVE_TIME)
        self._slice(1)

    def assemble_the_gradient(self) -> None:
        plan = self.plan
        self._clear_slice()
        gradient = plan.partial_values
        theta = kit.facing_theta(gradient, near=kit.camera_theta(self))
        self.move_camera(theta=theta, run_time=CAMERA_MOVE_TIME)
        formula = style.label(plan.gradient_latex, color=style.ASCENT_COLOR)
        value = style.label(plan.gradient_value_latex, color=style.ASCENT_COLOR)
        kit.column(formula, value, corner=UR)
        kit.pin(self, formula, value)
        self.play(Write(formula), run_time=WRITE_TIME)
        self.play(kit.gather(self, self.results, value), run_time=WRITE_TIME)
        px, py, _ = plan.point
        x_part, y_part = self.map_components
        tip = x_part.get_end()
        self.play(y_part.animate.shift(tip - y_part.get_start()), run_time=WRITE_TIME)
        floor_point = (px, py, plan.floor)
        arrow = kit.level_arrow(
            self.axes, floor_point, gradient, plan.arrow_scale, style.ASCENT_COLOR
        )
        map_arrow = self.map.arrow((px, py), gradient, plan.arrow_scale, style.ASCENT_COLOR)
        level_mark = self.map.right_angle((px, py), plan.tangent, gradient)
        kit.pin(self, map_arrow, level_mark)
        self.gradient_arrow, self.map_gradient = arrow, map_arrow
        self.play(GrowArrow(arrow), GrowArrow(map_arrow), run_time=WRITE_TIME)
        self.play(Create(level_mark))
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ labels

    def _map_minimum_label(self) -> Mobject:
        """The minimum's coordinates beside its dot on the map (nothing where there is none)."""
        if not self.map_minimum:
            return VGroup()
        x, y, _ = self.plan.minimum
        placer = self.map.placer(*self._to_come_on_map())
        return self.map.point_label(self.plan.minimum_latex, (x, y), placer, style.MUTED_COLOR)

    def _to_come_on_map(self) -> list[Mobject]:
        """What the beats will draw on the map around the point: slice lines, the partials'
        arrows (the y one in both its places), the gradient and the level curve's tangent."""
        plan = self.plan
        px, py, _ = plan.point
        (gx, gy), k = plan.partial_values, plan.arrow_scale
        lines = [self._map_slice(axis) for axis in (0, 1)]
        moved = self.map.arrow((px + k * gx, py), (0.0, gy), k, style.DERIVATIVE_COLOR)
        gradient = self.map.arrow((px, py), (gx, gy), k, style.ASCENT_COLOR)
        level = self.map.right_angle((px, py), plan.tangent, (gx, gy))
        return [*(m for pair in lines for m in pair), moved, gradient, level]

    def _to_come_in_view(self) -> list[Mobject]:
        """What the beats will draw in the 3D view near the point: slices, tangents, arrow."""
        plan = self.plan
        px, py, _ = plan.point
        shapes: list[Mobject] = [self._slice_curve(axis) for axis in (0, 1)]
        for axis in (0, 1):
            direction = [0.0, 0.0, plan.partial_values[axis]]
            direction[axis] = 1.0
            shapes.append(
                kit.tangent_segment(self.axes, plan.point, direction, TANGENT_HALF_LENGTH)
            )
        shapes.append(
            kit.level_arrow(
                self.axes,
                (px, py, plan.floor),
                plan.partial_values,
                plan.arrow_scale,
                style.ASCENT_COLOR,
            )
        )
        return shapes

    # ------------------------------------------------------------------ one slice

    def _slice(self, axis: int) -> None:
        """Cut along one variable at the point: the curve, its tangent and the partial's value.

        On the map the cut is a line through the point, and the partial an arrow along it.
        """
        plan = self.plan
        curve, plane = self._slice_curve(axis), self._slice_plane(axis)
        direction = [0.0, 0.0, plan.partial_values[axis]]
        direction[axis] = 1.0
        tangent = kit.tangent_segment(self.axes, plan.point, direction, TANGENT_HALF_LENGTH)
        held = Tex(f"hold ${plan.held_latex[axis]}$", font_size=style.LABEL_SIZE)
        slice_formula = style.label(
            (plan.slice_x_latex, plan.slice_y_latex)[axis], color=style.SLICE_COLOR
        )
        partial = style.label(plan.partial_latex[axis], color=style.DERIVATIVE_COLOR)
        value = style.label(plan.partial_at_latex[axis], color=style.DERIVATIVE_COLOR)
        kit.column(
            VGroup(held, slice_formula).arrange(RIGHT, buff=ROW_BUFF),
            VGroup(partial, value).arrange(RIGHT, buff=ROW_BUFF),
            corner=UR,
        )
        kit.pin(self, held, slice_formula, partial, value)
        map_line, component = self._map_slice(axis)
        kit.pin(self, map_line, component)
        self.play(FadeIn(plane), Create(map_line), Write(held), run_time=WRITE_TIME)
        self.play(Create(curve), Write(slice_formula), run_time=CREATE_TIME)
        self.begin_step()  # the tangent and the partial's value at the point, said as they appear
        self.play(Create(tangent), Write(partial), run_time=WRITE_TIME)
        self.play(Write(value), GrowArrow(component), run_time=WRITE_TIME)
        self.wait(style.SHORT_PAUSE)
        result = value.copy()
        self.results.add(result)
        self.results.arrange(DOWN, aligned_edge=[-1, 0, 0], buff=style.ITEM_BUFF)
        self.results.next_to(self.title, DOWN, aligned_edge=[-1, 0, 0], buff=style.HEADING_BUFF)
        kit.pin(self, result)
        self.play(ReplacementTransform(value, result), run_time=WRITE_TIME)
        self.slice_parts = [plane, curve, tangent, map_line]
        self.curves.append(curve)
        self.tangents.append(tangent)
        self.map_components.append(component)
        self.slice_texts = [held, slice_formula, partial]

    def _map_slice(self, axis: int) -> tuple[Mobject, Arrow]:
        """The slice's line across the map, and the partial as an arrow along it from the point."""
        plan = self.plan
        px, py, _ = plan.point
        ends = np.array([[plan.x_range[0], py], [plan.x_range[1], py]])
        if axis == 1:
            ends = np.array([[px, plan.y_range[0]], [px, plan.y_range[1]]])
        line = self.map.polyline(ends, style.SLICE_COLOR, SLICE_LINE_WIDTH)
        vector = [0.0, 0.0]
        vector[axis] = plan.partial_values[axis]
        component = self.map.arrow((px, py), vector, plan.arrow_scale, style.DERIVATIVE_COLOR)
        return line, component

    def _slice_curve(self, axis: int) -> ParametricFunction:
        plan = self.plan
        px, py, _ = plan.point
        if axis == 0:
            return ParametricFunction(
                lambda t: self.axes.c2p(t, py, plan.slice_x(t)),
                t_range=list(plan.x_range),
                color=style.SLICE_COLOR,
                stroke_width=kit.CURVE_STROKE_WIDTH,
            )
        return ParametricFunction(
            lambda t: self.axes.c2p(px, t, plan.slice_y(t)),
            t_range=list(plan.y_range),
            color=style.SLICE_COLOR,
            stroke_width=kit.CURVE_STROKE_WIDTH,
        )

    def _slice_plane(self, axis: int) -> Mobject:
        plan = self.plan
        low, high = kit.with_zero(plan.z_range)
        held = plan.point[1 - axis]
        free = (plan.x_range, plan.y_range)[axis]
        corners = []
        for along, z in ((free[0], low), (free[1], low), (free[1], high), (free[0], high)):
            xy = [0.0, 0.0]
            xy[axis], xy[1 - axis] = along, held
            corners.append((xy[0], xy[1], z))
        return kit.slice_plane(self.axes, corners)

    def _clear_slice(self) -> None:
        if self.slice_parts or self.slice_texts:
            self.play(*(FadeOut(m) for m in (*self.slice_parts, *self.slice_texts)))
        self.slice_parts, self.slice_texts = [], []
