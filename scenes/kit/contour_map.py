"""The top view beside a 3D surface: level curves, and the vectors and paths that live in the plane.

A gradient is a vector in the x-y plane (the input space), perpendicular to the level curve
through its point; the map shows exactly that, flat and undistorted, while the 3D view beside
it shows the heights. The map is fixed in the frame (its own flat axes), so the 3D camera may
turn without moving it. Its curves carry the same colours as the level curves in 3D.

Its tick numbers sit outside the plotted square, along its bottom and left edges (as on any
contour plot): level curves fill the square, and a number on an axis inside it would lie
on one curve or another for most surfaces. Point labels are placed, not positioned: a
`Placer` reading the map and what will be drawn on it picks each label's spot.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DL,
    RIGHT,
    UP,
    UR,
    Arrow,
    Dot,
    Line,
    ManimColor,
    MathTex,
    Mobject,
    Rectangle,
    RightAngle,
    VGroup,
    VMobject,
    interpolate_color,
)

from scenes.kit import style
from scenes.kit.layout import INK_INSET, INK_TOLERANCE, Box, ink_inside, picture_of
from scenes.kit.placement import Placer
from scenes.maths.contours import LevelCurve

MAP_SIDE = 4.2  # frame units
MAP_CENTER = np.array([4.45, -1.1, 0.0])  # right of the 3D view, below the top-right texts
LEVEL_COLORS = ("#2F7FB3", "#BFE3F7")  # lowest and highest level
THROUGH_COLOR = style.TEXT_COLOR  # the level curve through the point the scene is about
LEVEL_WIDTH = 2.5
THROUGH_WIDTH = 4
ARROW_WIDTH = 5
ARROW_TIP_RATIO = 0.25
ARROW_STROKE_RATIO = 20  # short arrows (small partials) keep their full stroke width
SHORTEST_ARROW = 1e-3
DOT_RADIUS = 0.07
RIGHT_ANGLE = 0.2
TANGENT_HALF = 0.55  # frame units each side of the point
LABEL_BUFF = 0.12
LABEL_GAP = 0.12  # labels on the map keep this far apart: "(0, 0)" edge to edge with
# "(1, -1/2)" reads as one line
NUMBER_GAP = 0.12  # between the square's edge and its tick numbers
EDGE_TICK = 0.08  # the short ticks on the square's edges, by each number
FRAME_WIDTH = 1.5
BEYOND = 100.0  # far past the frame's edges
CURVE_GAP = 0.06  # a level curve broken for a label stops this far short of it (frame units)
BREAK_STEP = 0.01  # frame units between the points a broken curve is cut at


def level_colors(levels: Sequence[float]) -> list[str]:
    """One colour per level, from dark (low) to light (high); shared by the map and the floor."""
    if not levels:
        return []
    low, high = min(levels), max(levels)
    span = high - low or 1.0
    return [
        interpolate_color(
            ManimColor(LEVEL_COLORS[0]), ManimColor(LEVEL_COLORS[1]), (lv - low) / span
        ).to_hex()
        for lv in levels
    ]


def curve_mobject(paths: Sequence[np.ndarray], place, color: str, width: float) -> VMobject:
    """One VMobject for all pieces of a level curve; `place` maps (n, 2) plane points to frame."""
    mobject = VMobject(stroke_color=color, stroke_width=width)
    for path in paths:
        points = place(path)
        mobject.start_new_path(points[0])
        mobject.add_points_as_corners(points[1:])
    return mobject


def _broken(curve: VMobject, box: Box) -> VMobject:
    """The curve with what lies inside `box` taken out, its pieces kept as separate paths."""
    broken = VMobject(stroke_color=curve.get_stroke_color(), stroke_width=curve.get_stroke_width())
    for segments in (_segments_of(path) for path in curve.get_subpaths()):
        run: list[np.ndarray] = []
        for start, end in segments:
            count = max(1, int(np.ceil(np.linalg.norm(end - start) / BREAK_STEP)))
            for t in np.linspace(0.0, 1.0, count, endpoint=False):
                point = start + t * (end - start)
                inside = box.left <= point[0] <= box.right and box.bottom <= point[1] <= box.top
                if inside:
                    _add_run(broken, run)
                    run = []
                else:
                    run.append(point)
        if segments:
            run.append(segments[-1][1])
        _add_run(broken, run)
    return broken


def _segments_of(path: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    corners = np.vstack([path[::4], path[-1:]]) if len(path) >= 4 else path
    return [(corners[i], corners[i + 1]) for i in range(len(corners) - 1)]


def _add_run(curve: VMobject, run: list[np.ndarray]) -> None:
    if len(run) >= 2:
        curve.start_new_path(run[0])
        curve.add_points_as_corners(run[1:])


class ContourMap(VGroup):
    """Flat x-y axes with numbered ticks, labelled x and y, and the level curves drawn on them."""

    def __init__(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        step: float,
        curves: Sequence[LevelCurve],
        through: int | None,
        side: float = MAP_SIDE,
        center: np.ndarray = MAP_CENTER,
    ) -> None:
        super().__init__()
        widest = max(x_range[1] - x_range[0], y_range[1] - y_range[0])
        width = side * (x_range[1] - x_range[0]) / widest  # equal units: right angles stay right
        height = side * (y_range[1] - y_range[0]) / widest
        self.axes = style.lecture_axes(x_range, y_range, width, height, step, step)
        style.numbers_in_front(self.axes)
        self.axes.move_to(center)
        x_label = MathTex("x", font_size=style.LABEL_SIZE, color=style.MUTED_COLOR)
        y_label = MathTex("y", font_size=style.LABEL_SIZE, color=style.MUTED_COLOR)
        x_label.next_to(self.axes.x_axis.get_end(), RIGHT, buff=LABEL_BUFF)
        y_label.next_to(self.axes.y_axis.get_end(), UP, buff=LABEL_BUFF)
        self.labels = VGroup(x_label, y_label)
        self.frame = self._numbers_outside()
        colors = level_colors([c.level for c in curves])
        self.level_curves = tuple(curves)
        self.curves = VGroup(
            *(
                curve_mobject(
                    c.paths,
                    self.to_frame,
                    THROUGH_COLOR if k == through else color,
                    THROUGH_WIDTH if k == through else LEVEL_WIDTH,
                )
                for k, (c, color) in enumerate(zip(curves, colors, strict=True))
            )
        )
        self.add(self.curves, self.frame, self.axes, self.labels)

    def _numbers_outside(self) -> VGroup:
        """Move the tick numbers below and left of the square; a thin frame and edge ticks."""
        (x0, x1), (y0, y1) = self.axes.x_range[:2], self.axes.y_range[:2]
        left, bottom, _ = self.at(x0, y0)
        right, top, _ = self.at(x1, y1)
        box = Rectangle(
            width=right - left,
            height=top - bottom,
            stroke_color=style.MUTED_COLOR,
            stroke_width=FRAME_WIDTH,
            stroke_opacity=0.6,
        ).move_to([(left + right) / 2, (bottom + top) / 2, 0.0])
        ticks = VGroup()
        for number in self.axes.x_axis.numbers:
            at = self.axes.x_axis.n2p(round(self.axes.x_axis.p2n(number.get_center()), 9))[0]
            number.set_y(bottom - NUMBER_GAP - number.height / 2)
            ticks.add(Line([at, bottom, 0], [at, bottom + EDGE_TICK, 0]))
        for number in self.axes.y_axis.numbers:
            at = number.get_center()[1]
            number.move_to([left - NUMBER_GAP - number.width / 2, at, 0.0])
            ticks.add(Line([left, at, 0], [left + EDGE_TICK, at, 0]))
        ticks.set_stroke(style.MUTED_COLOR, FRAME_WIDTH, opacity=0.6)
        return VGroup(box, ticks)

    def at(self, x: float, y: float) -> np.ndarray:
        return self.axes.c2p(float(x), float(y))

    def to_frame(self, xy: np.ndarray) -> np.ndarray:
        """Plane points (n, 2) to frame points (n, 3); the map is linear, so one product."""
        origin = self.at(0.0, 0.0)
        ex, ey = self.at(1.0, 0.0) - origin, self.at(0.0, 1.0) - origin
        xy = np.atleast_2d(np.asarray(xy, dtype=float))
        return origin + np.outer(xy[:, 0], ex) + np.outer(xy[:, 1], ey)

    def plane(self, frame_point: np.ndarray) -> np.ndarray:
        """A frame point back to (x, y) on the map."""
        return np.array(self.axes.p2c(frame_point)[:2], dtype=float)

    def arrow(
        self, base: Sequence[float], vector: Sequence[float], scale: float, color: str
    ) -> Arrow:
        """The scaled vector drawn from the point (x, y); an invisible stub when too short."""
        start = self.at(base[0], base[1])
        end = self.at(base[0] + scale * vector[0], base[1] + scale * vector[1])
        visible = np.linalg.norm(end - start) >= SHORTEST_ARROW
        arrow = Arrow(
            start,
            end if visible else start + SHORTEST_ARROW * RIGHT,
            buff=0,
            color=color,
            stroke_width=ARROW_WIDTH,
            max_tip_length_to_length_ratio=ARROW_TIP_RATIO,
            max_stroke_width_to_length_ratio=ARROW_STROKE_RATIO,
        )
        return arrow if visible else arrow.set_opacity(0)

    def dot(
        self, x: float, y: float, color: str = style.POINT_COLOR, radius: float = DOT_RADIUS
    ) -> Dot:
        return Dot(self.at(x, y), radius=radius, color=color)

    def point_label(
        self,
        latex: str,
        xy: Sequence[float],
        placer: Placer,
        color: str = style.TEXT_COLOR,
    ) -> Mobject:
        """A point's coordinates at the free spot the placer finds beside its dot (with a
        leader line if it had to go further); the placer then keeps later labels off it."""
        label = MathTex(latex, font_size=style.SMALL_SIZE, color=color)
        placed = placer.place(label, self.at(xy[0], xy[1]), buff=LABEL_BUFF)
        # after placing, so the patch is no larger a label to find room for; on the map it
        # stops the frame line or a level curve at the label's edge ("0.|1" otherwise)
        style.on_patch(label)
        self.break_curves_under(label)
        return placed

    def break_curves_under(self, label: Mobject) -> None:
        """Where level curves crowd a point (an elongated bowl's minimum) and no spot beside
        it is free, the curves under its label are broken around it, as a printed contour
        map breaks its lines for a label. Curves that only pass near are left whole."""
        box = Box.around(np.array([label.get_corner(DL), label.get_corner(UR)]))
        for curve in self.curves.submobjects:
            covered = ink_inside(picture_of([curve]).ink_segments(), box.inset(INK_INSET))
            if covered <= INK_TOLERANCE / 2:
                continue
            # in place: a map already fixed in a 3D camera's frame keeps the same mobjects
            curve.set_points(_broken(curve, box.inset(-CURVE_GAP)).points)

    def placer(self, *drawn: Mobject) -> Placer:
        """A placer for labels on the map: the map itself and what will be drawn on it. Labels
        stay on the map's side: left of its tick numbers is the 3D view, which it can't see."""
        left = self.get_left()[0]
        return Placer([self, *drawn]).avoid_box(Box(-BEYOND, -BEYOND, left, BEYOND), "the 3D view")

    def right_angle(
        self, base: Sequence[float], tangent: Sequence[float], normal: Sequence[float]
    ) -> VGroup:
        """The level curve's tangent through the point, with a right-angle mark to the normal."""
        at = self.at(base[0], base[1])
        along = self.at(base[0] + tangent[0], base[1] + tangent[1]) - at
        across = self.at(base[0] + normal[0], base[1] + normal[1]) - at
        along, across = along / np.linalg.norm(along), across / np.linalg.norm(across)
        half = TANGENT_HALF
        line = Line(at - half * along, at + half * along, color=THROUGH_COLOR, stroke_width=2)
        mark = RightAngle(
            Line(at, at + along), Line(at, at + across), length=RIGHT_ANGLE, color=THROUGH_COLOR
        )
        return VGroup(line, mark)

    def polyline(self, xy: np.ndarray, color: str, width: float) -> VMobject:
        line = VMobject(stroke_color=color, stroke_width=width)
        line.set_points_as_corners(self.to_frame(xy))
        return line
