"""3D building blocks shared by the gradient scenes: axes, the surface, camera and screen text.

Both `GradientSurface` and `GradientDescentBall` draw the same surface from the same kind of
plan, so its look (axes size, resolution, checkerboard, camera angle) lives here once. Text in
these scenes is fixed in the frame so it stays readable while the camera moves; the helpers
below keep that true also for `DecimalNumber`s, which rebuild their digits on every update.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    IN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    DashedLine,
    Dot,
    FadeIn,
    Line,
    MathTex,
    Mobject,
    Polygon,
    Surface,
    ThreeDAxes,
    ThreeDScene,
    VGroup,
    config,
)
from manim.constants import RendererType

from scenes.kit import style
from scenes.kit.contour_map import ContourMap, curve_mobject
from scenes.kit.layout import Box, Picture, picture_of, set_anchor
from scenes.kit.live_number import LiveNumber
from scenes.kit.placement import Placer

Height = Callable[[float, float], float]
Range = tuple[float, float]

AXES_SIDE = 5.2  # length of the x and y axes, frame units
AXES_HEIGHT = 3.2  # length of the z axis
AXES_DROP = 0.85  # the axes box sits this far below the frame's centre: the bowl's rim fits
TICKS_PER_AXIS = 8  # about this many ticks per axis, at a round step
SURFACE_RESOLUTION = 18  # faces per side: smooth enough, cheap enough for Cairo
SURFACE_OPACITY = 0.45  # see-through: the axes, floor contours and paths stay visible
SURFACE_STROKE_WIDTH = 0.4
CAMERA_PHI = 62 * DEGREES
CAMERA_ZOOM = 0.8  # the 3D view shares the frame with the contour map (where no fit is found)
SCREEN_SHIFT = (-2.2, -0.35)  # the 3D view sits left of centre, the map on the right
VIEW_ZOOMS = tuple(round(1.4 - 0.025 * k, 3) for k in range(33))  # tried largest first
SHIFT_STEPS = 9  # shifts tried along each side of the range that keeps the view in frame
VIEW_GAP = 0.2  # between the 3D view and the map or a block of text
AXIS_LABEL_BUFF = 0.3  # axes units beyond each axis' end
MARK_RADIUS = 0.06
# A label's nearest distance to its point; with the placer's farthest reach (8 of these) a
# label set off diagonally still stays within the layout check's 1.5 units of its point.
LABEL_BUFF = 0.12
DROP_DASH = 0.08
DEFAULT_THETA = -60 * DEGREES
CURVE_STROKE_WIDTH = 5
ARROW_STROKE_WIDTH = 6
ARROW_TIP_RATIO = 0.3
SHORTEST_ARROW = 1e-3  # shorter arrows are not drawn
SLICE_PLANE_OPACITY = 0.08
READOUT_PLACES = 2
READOUT_GAP = 0.15  # after the prefix and after a comma
READOUT_TIGHT = 0.04  # before a comma or closing bracket
READOUT_LINE_STEP = 0.62  # baseline to baseline


# ------------------------------------------------------------------ axes and surface


def tick_step(low: float, high: float) -> float:
    """A round tick spacing (1, 2 or 5 times a power of ten) giving about TICKS_PER_AXIS ticks."""
    raw = (high - low) / TICKS_PER_AXIS
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def with_zero(span: Range) -> Range:
    """A range stretched to include 0, so the xy-plane (z = 0) lies inside the axes box."""
    return (min(span[0], 0.0), max(span[1], 0.0))


def surface_axes(
    x_range: Range, y_range: Range, z_range: Range, drop: float = AXES_DROP
) -> ThreeDAxes:
    """Axes for z = f(x, y), `drop` below the frame's centre; the z axis reaches down to 0."""
    z_span = with_zero(z_range)
    axes = ThreeDAxes(
        x_range=[*x_range, tick_step(*x_range)],
        y_range=[*y_range, tick_step(*y_range)],
        z_range=[*z_span, tick_step(*z_span)],
        x_length=AXES_SIDE,
        y_length=AXES_SIDE,
        z_length=AXES_HEIGHT,
        axis_config={"color": style.MUTED_COLOR, "include_tip": False},
    ).shift(drop * IN)
    freeze_axis_sheen(axes)
    return axes


def freeze_axis_sheen(axes: ThreeDAxes) -> None:
    """Compute once where each axis' sheen gradient runs, instead of on every frame.

    Under Cairo, manim gives every piece of every axis a gradient whose ends are its whole
    axis' edges toward and away from the light, recomputed for each piece on each frame (the
    largest single cost of a frame with a moving camera). The axes never move once placed.
    """
    if config.renderer != RendererType.CAIRO:
        return
    light = axes.light_source
    for axis in axes:
        ends = (axis.get_edge_center(-light), axis.get_edge_center(light))
        for part in axis.family_members_with_points():
            part.get_gradient_start_and_end_points = lambda ends=ends: ends


def surface_mobject(axes: ThreeDAxes, height: Height, x_range: Range, y_range: Range) -> Surface:
    """The checkerboard surface z = height(x, y) over the plan's ranges."""
    return Surface(
        lambda u, v: axes.c2p(u, v, height(u, v)),
        u_range=list(x_range),
        v_range=list(y_range),
        resolution=(SURFACE_RESOLUTION, SURFACE_RESOLUTION),
        checkerboard_colors=list(style.SURFACE_COLORS),
        fill_opacity=SURFACE_OPACITY,
        stroke_color=style.SURFACE_COLORS[0],
        stroke_width=SURFACE_STROKE_WIDTH,
    )


def tangent_segment(
    axes: ThreeDAxes, point: Sequence[float], direction: Sequence[float], half_length: float
) -> Line:
    """A segment of the given frame half-length through an axes-space point along a direction."""
    at = axes.c2p(*point)
    ahead = axes.c2p(*(p + d for p, d in zip(point, direction, strict=True))) - at
    unit = ahead / np.linalg.norm(ahead)
    return Line(
        at - half_length * unit,
        at + half_length * unit,
        color=style.TANGENT_COLOR,
        stroke_width=CURVE_STROKE_WIDTH,
    )


def slice_plane(axes: ThreeDAxes, corners: Sequence[Sequence[float]]) -> Polygon:
    """A faint vertical plane through the given axes-space corners: where the slice is taken."""
    return Polygon(
        *(axes.c2p(*corner) for corner in corners),
        stroke_width=1,
        stroke_color=style.MUTED_COLOR,
        fill_color=style.TEXT_COLOR,
        fill_opacity=SLICE_PLANE_OPACITY,
        shade_in_3d=True,
    )


def frame_points(axes: ThreeDAxes, xyz: np.ndarray) -> np.ndarray:
    """Axes points (n, 3) to frame points in one product (the axes are linear)."""
    origin = axes.c2p(0.0, 0.0, 0.0)
    basis = np.array([axes.c2p(*unit) - origin for unit in np.eye(3)])
    return origin + np.atleast_2d(np.asarray(xyz, dtype=float)) @ basis


def level_contours(
    axes: ThreeDAxes,
    paths: Sequence[Sequence[np.ndarray]],
    colors: Sequence[str],
    levels: Sequence[float],
    widths: Sequence[float],
) -> VGroup:
    """The level curves drawn on the surface, each at its own height, one VMobject per level.

    A curve on the floor under a see-through surface seems to cut through it; at its height
    it is the ring where the surface meets the plane z = level, the same curve as on the map.
    """

    def place(level: float) -> Callable[[np.ndarray], np.ndarray]:
        def at(xy: np.ndarray) -> np.ndarray:
            return frame_points(axes, np.column_stack([xy, np.full(len(xy), level)]))

        return at

    return VGroup(
        *(
            curve_mobject(level_paths, place(level), color, width)
            for level_paths, color, level, width in zip(paths, colors, levels, widths, strict=True)
        )
    )


def axis_ends(axes: ThreeDAxes) -> list[np.ndarray]:
    """The positive ends of the x, y and z axes, where their labels belong."""
    return [
        axes.c2p(axes.x_range[1], 0.0, 0.0),
        axes.c2p(0.0, axes.y_range[1], 0.0),
        axes.c2p(0.0, 0.0, axes.z_range[1]),
    ]


def axis_labels(axes: ThreeDAxes) -> VGroup:
    """x, y and z just beyond each axis' positive end (to be fixed in orientation)."""
    ends = (
        (axes.x_range[1] + AXIS_LABEL_BUFF, 0.0, 0.0),
        (0.0, axes.y_range[1] + AXIS_LABEL_BUFF, 0.0),
        (0.0, 0.0, axes.z_range[1] + AXIS_LABEL_BUFF),
    )
    return VGroup(
        *(
            MathTex(name, font_size=style.LABEL_SIZE, color=style.TEXT_COLOR).move_to(
                axes.c2p(*end)
            )
            for name, end in zip("xyz", ends, strict=True)
        )
    )


def floor_mark(
    axes: ThreeDAxes, x: float, y: float, floor: float, latex: str, color: str
) -> VGroup:
    """A dot on the floor at (x, y) and its coordinates (placed later: `place_in_view`)."""
    dot = Dot(axes.c2p(x, y, floor), radius=MARK_RADIUS, color=color)
    label = MathTex(latex, font_size=style.SMALL_SIZE, color=color)
    label.move_to(dot)
    return VGroup(dot, label)


def show_floor_mark(
    scene: ThreeDScene, mark: VGroup, *drawn: Mobject, optional: bool = False
) -> VGroup:
    """Fix a floor mark's dot in orientation and place its label beside it. An optional
    label (one the map beside says too) is left out where no free spot is near its dot."""
    scene.renderer.camera.add_fixed_orientation_mobjects(mark[0])
    if len(mark) < 2:
        return mark  # a dot alone
    anchor = mark[0].get_center()
    place_in_view(scene, mark[1], anchor, mark[0], *drawn)
    if optional and not _free_in_view(scene, mark[1], anchor, mark[0], *drawn):
        scene.renderer.camera.remove_fixed_orientation_mobjects(mark[1])
        mark.remove(mark[1])
    return mark


def drop_line(axes: ThreeDAxes, point: Sequence[float], floor: float) -> DashedLine:
    """A dashed vertical from a point on the surface down to the floor under it."""
    x, y, z = point
    return DashedLine(
        axes.c2p(x, y, z),
        axes.c2p(x, y, floor),
        dash_length=DROP_DASH,
        color=style.MUTED_COLOR,
        stroke_width=2,
    )


# ------------------------------------------------------------------ arrows in the xy-plane


def level_arrow(
    axes: ThreeDAxes, base: Sequence[float], vector: Sequence[float], scale: float, color: str
) -> Arrow:
    """A horizontal arrow from the point (x, y, z) along the scaled (x, y)-vector.

    Seen from above it is the vector in the xy-plane, yet it starts at the point it belongs to.
    A vector too short to draw gives an invisible stub, so updaters can always `become` it.
    """
    x, y, z = base
    start = axes.c2p(x, y, z)
    end = axes.c2p(x + scale * vector[0], y + scale * vector[1], z)
    visible = np.linalg.norm(end - start) >= SHORTEST_ARROW
    arrow = Arrow(
        start,
        end if visible else start + SHORTEST_ARROW * RIGHT,
        buff=0,
        color=color,
        stroke_width=ARROW_STROKE_WIDTH,
        max_tip_length_to_length_ratio=ARROW_TIP_RATIO,
    )
    return arrow if visible else arrow.set_opacity(0)


# ------------------------------------------------------------------ camera


def facing_theta(direction: Sequence[float], near: float = DEFAULT_THETA) -> float:
    """The camera azimuth that shows `direction` pointing to the right of the screen.

    Of the equivalent azimuths (a full turn apart) the one closest to `near` is taken, so the
    camera turns the short way; a zero direction keeps `near`.
    """
    dx, dy = float(direction[0]), float(direction[1])
    if math.hypot(dx, dy) < 1e-12:
        return near
    base = math.atan2(dy, dx) - math.pi / 2
    turns = round((near - base) / math.tau)
    return base + turns * math.tau


def set_up_camera(
    scene: ThreeDScene,
    theta: float,
    phi: float = CAMERA_PHI,
    zoom: float = CAMERA_ZOOM,
    shift: Sequence[float] = SCREEN_SHIFT,
) -> None:
    scene.set_camera_orientation(phi=phi, theta=theta, zoom=zoom)
    camera = scene.renderer.camera
    camera.reset_rotation_matrix()  # manim renews it only when it draws a frame
    if hasattr(camera, "screen_shift"):
        camera.screen_shift = np.array(shift, dtype=float)


def box_of(*mobjects: Mobject) -> Box:
    """The frame box around mobjects laid out flat (text fixed in the frame)."""
    points = np.vstack([m.get_all_points() for m in mobjects if m.has_points() or m.submobjects])
    return Box.around(points)


def view_points(axes: ThreeDAxes, surface: Surface, *drawn: Mobject) -> np.ndarray:
    """What the 3D view must keep on screen and off text: the surface's corners, the axes
    with room for their labels, and whatever else is drawn in 3D."""
    faces = [face.points[::4] for face in surface.family_members_with_points()]
    ends = [
        axes.c2p(*end)
        for end in (
            (axes.x_range[1] + 2 * AXIS_LABEL_BUFF, 0.0, 0.0),
            (0.0, axes.y_range[1] + 2 * AXIS_LABEL_BUFF, 0.0),
            (0.0, 0.0, axes.z_range[1] + 2 * AXIS_LABEL_BUFF),
        )
    ]
    others = [m.get_all_points() for m in (axes, *drawn) if len(m.get_all_points())]
    return np.vstack([*faces, np.array(ends), *others])


def fit_view(
    scene: ThreeDScene,
    points: np.ndarray,
    phi: float,
    thetas: Sequence[float],
    right: float,
    keep_clear: Sequence[Box] = (),
) -> tuple[float, np.ndarray]:
    """The largest zoom, and a screen shift, at which the 3D points seen from every one of
    the camera's azimuths stay in the frame, left of `right` (the map) and off the boxes
    (text in the frame's corners). The projection is linear in zoom and shift."""
    camera = scene.renderer.camera
    shifted = hasattr(camera, "screen_shift")
    before = np.array(camera.screen_shift) if shifted else None
    seen = []
    for theta in thetas:
        scene.set_camera_orientation(phi=phi, theta=theta, zoom=1.0)
        camera.reset_rotation_matrix()  # manim renews it only when it draws a frame
        if shifted:
            camera.screen_shift = np.zeros(2)
        seen.append(camera.project_points(points)[:, :2])
    if shifted:
        camera.screen_shift = before
    q = np.vstack(seen)
    low, high = q.min(axis=0), q.max(axis=0)
    half_w, half_h = config.frame_width / 2, config.frame_height / 2
    margin = style.FRAME_MARGIN
    bounds = np.array([[-half_w + margin, right], [-half_h + margin, half_h - margin]])
    clear = [box.inset(-VIEW_GAP) for box in keep_clear]
    for zoom in VIEW_ZOOMS:
        lowest = bounds[:, 0] - zoom * low  # the shifts that keep the points inside
        highest = bounds[:, 1] - zoom * high
        if np.any(lowest > highest):
            continue
        middle = (lowest + highest) / 2
        xs = np.linspace(lowest[0], highest[0], SHIFT_STEPS)
        ys = np.linspace(lowest[1], highest[1], SHIFT_STEPS)
        grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
        grid = grid[np.argsort(np.linalg.norm(grid - middle, axis=1))]
        for shift in grid:
            on_screen = zoom * q + shift
            if not any(_points_in(on_screen, box) for box in clear):
                return float(zoom), shift
    return CAMERA_ZOOM, np.array(SCREEN_SHIFT, dtype=float)


def _points_in(points: np.ndarray, box: Box) -> bool:
    x, y = points[:, 0], points[:, 1]
    return bool(np.any((x > box.left) & (x < box.right) & (y > box.bottom) & (y < box.top)))


def camera_theta(scene: ThreeDScene) -> float:
    return float(scene.renderer.camera.get_theta())


# ------------------------------------------------------------------ text fixed in the frame


def pin(scene: ThreeDScene, *mobjects: Mobject) -> None:
    """Fix mobjects (and all their parts) in the frame without adding them to the scene yet."""
    scene.renderer.camera.add_fixed_in_frame_mobjects(*mobjects)


def gather(scene: ThreeDScene, sources: Mobject, target: Mobject) -> AnimationGroup:
    """Copies of fixed-in-frame sources fly into a fixed-in-frame target, which fades in.

    A Transform between texts of different shapes would give the target new, unpinned parts
    (drawn in 3D, skewed); moving a pinned copy keeps every part fixed in the frame.
    """
    ghost = sources.copy()
    pin(scene, ghost, target)
    return AnimationGroup(
        ghost.animate(remover=True).move_to(target).set_opacity(0), FadeIn(target)
    )


def column(*mobjects: Mobject, corner: np.ndarray, buff: float = style.ITEM_BUFF) -> VGroup:
    """Mobjects stacked top to bottom, aligned on the corner's side and placed in that corner."""
    side = RIGHT if corner[0] > 0 else LEFT
    group = VGroup(*mobjects).arrange(DOWN, aligned_edge=side, buff=buff)
    return group.to_corner(corner, buff=style.FRAME_MARGIN)


class ReadoutRow(VGroup):
    """`prefix open n1, n2, ... close` with live numbers in fixed-width, right-aligned slots.

    Each slot is as wide as the widest value the row will show, so updating a number never
    moves its neighbours; every piece sits on the digits' baseline as LaTeX would set it.
    """

    def __init__(
        self,
        prefix: str,
        widest: float,
        count: int = 1,
        brackets: tuple[str, str] = ("", ""),
        color: str = style.TEXT_COLOR,
        font_size: int = style.LABEL_SIZE,
    ) -> None:
        super().__init__()
        self.numbers: list[LiveNumber] = []
        opening, closing = brackets
        # (piece, its bottom's offset from the baseline, the gap before it)
        pieces = [(*self._piece(prefix, color, font_size), 0.0)]
        if opening:
            pieces.append((*self._piece(opening, color, font_size), READOUT_GAP))
        for index in range(count):
            number = LiveNumber(
                widest,
                num_decimal_places=READOUT_PLACES,
                font_size=font_size,
                color=color,
                edge_to_fix=RIGHT,
            )
            self.numbers.append(number)
            snug = index == 0 and opening
            pieces.append((number, 0.0, READOUT_TIGHT if snug else READOUT_GAP))
            after = "," if index < count - 1 else closing
            if after:
                pieces.append((*self._piece(after, color, font_size), READOUT_TIGHT))
        self.add(*(piece for piece, _, _ in pieces))
        for previous, (piece, _, gap) in zip(self.submobjects, pieces[1:], strict=False):
            piece.next_to(previous, RIGHT, buff=gap)
        baseline = self.numbers[0].get_bottom()[1]
        for piece, drop, _ in pieces:
            piece.shift((baseline + drop - piece.get_bottom()[1]) * np.array([0.0, 1.0, 0.0]))

    @staticmethod
    def _piece(latex: str, color: str, font_size: int) -> tuple[MathTex, float]:
        """A static piece and how far its bottom lies from the digits' baseline."""
        beside_digit = MathTex("0", latex, font_size=font_size)
        drop = beside_digit[1].get_bottom()[1] - beside_digit[0].get_bottom()[1]
        return MathTex(latex, font_size=font_size, color=color), float(drop)

    def show(self, scene: ThreeDScene, values: Sequence[float]) -> None:
        """Set the numbers, keeping their new digits fixed in the frame."""
        camera = scene.renderer.camera
        for number, value in zip(self.numbers, values, strict=True):
            shown = round(float(value), READOUT_PLACES) + 0.0  # + 0.0: no "-0.00"
            if shown == number.get_value() and number.submobjects:
                continue  # same digits: rebuilding them (deep copies) is most of a roll's time
            camera.remove_fixed_in_frame_mobjects(*number.submobjects)
            number.set_value(shown)
            camera.add_fixed_in_frame_mobjects(number)


def stack_rows(rows: Sequence[ReadoutRow], line_step: float = READOUT_LINE_STEP) -> VGroup:
    """Readout rows left-aligned, their baselines evenly spaced (descenders don't push them)."""
    group = VGroup(*rows)
    first = rows[0].numbers[0].get_bottom()[1]
    for index, row in enumerate(rows):
        row.align_to(rows[0], LEFT)
        row.shift((first - index * line_step - row.numbers[0].get_bottom()[1]) * UP)
    return group


def widest_value(values: np.ndarray) -> float:
    """The value whose printed form is widest: the largest magnitude, negative if any is."""
    magnitude = float(np.max(np.abs(values))) if values.size else 0.0
    return -magnitude if values.size and float(np.min(values)) < 0 else magnitude


def contour_picture(axes: ThreeDAxes, plan: Any) -> tuple[ContourMap, VGroup, VGroup]:
    """What both gradient scenes set up from their plans: the contour map, its level curves
    on the surface in the 3D view in the map's colours and widths, and the axis labels."""
    contour_map = ContourMap(
        plan.x_range, plan.y_range, plan.map_step, plan.contours, plan.through_level
    )
    colors = [m.get_stroke_color().to_hex() for m in contour_map.curves]
    widths = [m.get_stroke_width() for m in contour_map.curves]
    on_surface = level_contours(
        axes, [c.paths for c in plan.contours], colors, [c.level for c in plan.contours], widths
    )
    return contour_map, on_surface, axis_labels(axes)


def minimum_marks(axes: ThreeDAxes, plan: Any, contour_map: ContourMap) -> tuple[VGroup, VGroup]:
    """The plan's minimum as a dot on the surface and a dot on the map; empty groups where the
    surface has no minimum inside the plotted square (nothing to mistake for one)."""
    if plan.minimum is None:
        return VGroup(), VGroup()
    x, y, z = plan.minimum
    on_surface = Dot(axes.c2p(x, y, z), radius=MARK_RADIUS, color=style.MUTED_COLOR)
    return VGroup(on_surface), VGroup(contour_map.dot(x, y, style.MUTED_COLOR))


# ------------------------------------------------------------------ labels in the 3D view


def view_label(latex: str, color: str = style.TEXT_COLOR) -> MathTex:
    return MathTex(latex, font_size=style.SMALL_SIZE, color=color)


def place_in_view(
    scene: ThreeDScene, label: Mobject, anchor: Sequence[float], *drawn: Mobject
) -> Mobject:
    """Fix a label's orientation at a 3D point and put it at the free spot beside where the
    point is seen now, clear of what is on screen and of `drawn` (shown later).

    manim draws a fixed-orientation mobject at its points + (project(c) - c), c its centre
    function; with c the anchor and the label at anchor + offset, the label is seen `offset`
    from the projected anchor, however the camera turns.
    """
    point = np.asarray(anchor, dtype=float).reshape(3)
    camera = scene.renderer.camera
    camera.reset_rotation_matrix()  # where the camera is now, drawn or skipped
    camera.add_fixed_orientation_mobjects(label, center_func=lambda: point)
    others = [m for m in scene.mobjects if m is not label and label not in m.get_family()]
    placer = Placer([*others, *drawn], to_frame=scene.to_frame)  # type: ignore[attr-defined]
    for reserved in getattr(scene, "reserved_boxes", ()):
        placer.avoid_box(reserved)
    label.move_to(_best_spot(placer, label, point, camera.project_point(point)))
    set_anchor(label, point)
    return label


def _best_spot(placer: Placer, label: Mobject, point: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """The label's centre (in 3D, fixed in orientation at `point`, which is seen at `seen`)
    at the placer's best spot beside where the point is seen."""
    centre, _ = placer.spot(label.width, label.height, seen[:2], buff=LABEL_BUFF)
    return point + np.array([centre[0] - seen[0], centre[1] - seen[1], 0.0])


def _view_placer(scene: ThreeDScene, label: Mobject, *drawn: Mobject) -> Placer:
    others = [m for m in scene.mobjects if label not in m.get_family()]
    placer = Placer([*others, *drawn], to_frame=scene.to_frame)  # type: ignore[attr-defined]
    for reserved in getattr(scene, "reserved_boxes", ()):
        placer.avoid_box(reserved)
    return placer


def _free_in_view(scene: ThreeDScene, label: Mobject, anchor: np.ndarray, *drawn: Mobject) -> bool:
    """Whether a label fixed in orientation at `anchor` is seen on a free spot."""
    scene.renderer.camera.reset_rotation_matrix()
    seen = scene.renderer.camera.project_point(anchor)
    centre = seen[:2] + (label.get_center() - anchor)[:2]
    half_w, half_h = label.width / 2, label.height / 2
    box = Box(centre[0] - half_w, centre[1] - half_h, centre[0] + half_w, centre[1] + half_h)
    return _view_placer(scene, label, *drawn).is_free(box)


def keep_in_view(
    scene: ThreeDScene, label: Mobject, anchor: Sequence[float], *drawn: Mobject
) -> None:
    """While the camera turns, keep the label at its spot while that is free, and at the best
    free spot while it is taken.

    The label's place is a function of the picture now, never of the frames before: the
    clip updates it every frame, a skipped run (storyboard, check) only at an animation's
    end, and both must show the label where the other does.
    """
    point = np.asarray(anchor, dtype=float).reshape(3)
    home = label.get_center() - point  # its spot, as placed for the camera it started at

    def check(mobject: Mobject) -> None:
        others = [m for m in scene.mobjects if mobject not in m.get_family()]
        if len(others) == len(scene.mobjects):
            return  # not on screen
        scene.refresh_rotation()  # type: ignore[attr-defined]  # where the camera is now
        pictures = _pictures_now(scene, [*others, *drawn])
        placer = Placer.of_pictures(pictures, to_frame=scene.to_frame)  # type: ignore[attr-defined]
        for reserved in getattr(scene, "reserved_boxes", ()):
            placer.avoid_box(reserved)
        seen = scene.renderer.camera.project_point(point)
        centre = seen[:2] + home[:2]
        half_w, half_h = mobject.width / 2, mobject.height / 2
        box = Box(centre[0] - half_w, centre[1] - half_h, centre[0] + half_w, centre[1] + half_h)
        # the best spot from the pictures read once this frame, not a placer of its own
        free = placer.is_free(box)
        target = point + home if free else _best_spot(placer, mobject, point, seen)
        if not np.allclose(mobject.get_center(), target):
            mobject.move_to(target)
            scene._pictures_now = None  # a label moved: read the picture again

    label.add_updater(check)


def _pictures_now(scene: ThreeDScene, mobjects: Sequence[Mobject]) -> list[Picture]:
    """Each mobject's picture at this moment and camera angle, read once for all the labels
    kept in view (each checks every frame, and reading a 3D picture is the slow part)."""
    camera = scene.renderer.camera
    moment = (scene.time, camera.get_phi(), camera.get_theta(), camera.get_gamma())
    cached = getattr(scene, "_pictures_now", None)
    if cached is None or cached[0] != moment:
        cached = (moment, {})
        scene._pictures_now = cached  # type: ignore[attr-defined]
    pictures: dict[int, tuple[Mobject, Picture]] = cached[1]
    read = []
    for mobject in mobjects:
        kept = pictures.get(id(mobject))
        if kept is None or kept[0] is not mobject:
            kept = (mobject, picture_of([mobject], scene.to_frame))  # type: ignore[attr-defined]
            pictures[id(mobject)] = kept
        read.append(kept[1])
    return read
