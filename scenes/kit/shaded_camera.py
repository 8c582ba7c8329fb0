"""A ThreeDCamera that draws shaded 3D faces in one batch, shading each face once.

Under Cairo, manim's ThreeDCamera spends most of a 3D frame on bookkeeping around a few
cairo calls per face: for every face of a surface it projects the points, finds the subpaths
again, and shades the face three times (background stroke, fill, stroke), though the light
never moves and a face's shading changes only when its points or colours do. This camera
keeps each face's shading, subpaths and gradient corners until the face's points, colours or
the light change (compared by content, so a stale shading can never be drawn; a face that
moved rigidly keeps its subpaths), projects all faces of a batch with one matrix product,
and sends cairo the same path, gradient and strokes manim would. What a frame did not draw
is forgotten after it, so mobjects made anew every frame don't pile up. Everything else
(fixed-in-frame text, unshaded mobjects, depth sorting) goes through manim's own code. The
whole 3D view can be moved on screen (`screen_shift`), to make room for a flat picture beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import cairo
import numpy as np
from manim import Camera, Mobject, ThreeDCamera, VMobject
from manim.camera.camera import CAP_STYLE_MAP, LINE_JOIN_MAP
from manim.mobject.three_d.three_d_utils import (
    get_3d_vmob_end_corner,
    get_3d_vmob_end_corner_unit_normal,
    get_3d_vmob_start_corner,
    get_3d_vmob_start_corner_unit_normal,
)
from manim.utils.color.core import get_shaded_rgb

Stops = tuple[tuple[float, float, float, float], tuple[float, float, float, float]]


@dataclass(slots=True)
class _Face:
    """What drawing one shaded face needs, valid while its `key` matches."""

    key: tuple[bytes, ...]
    points: np.ndarray  # the points it was made from
    subpaths: tuple[tuple[int, int, bool], ...]  # (first point, end point, closed)
    gradient: np.ndarray  # the 3D start and end corners its colours run between
    background: Stops | None  # None: nothing to draw (no width or fully transparent)
    fill: Stops | None
    stroke: Stops | None


@dataclass(frozen=True, slots=True)
class _Shading:
    """ThreeDCamera.modified_rgbas for one face, with its corners and normals found once.

    manim finds them again for each of the face's three colours; they are the same each time.
    """

    light: np.ndarray
    start: np.ndarray
    start_normal: np.ndarray
    end: np.ndarray
    end_normal: np.ndarray

    @classmethod
    def of(cls, vmobject: VMobject, light: np.ndarray) -> _Shading:
        return cls(
            light,
            get_3d_vmob_start_corner(vmobject),
            get_3d_vmob_start_corner_unit_normal(vmobject),
            get_3d_vmob_end_corner(vmobject),
            get_3d_vmob_end_corner_unit_normal(vmobject),
        )

    def apply(self, rgbas: np.ndarray) -> np.ndarray:
        shaded = rgbas.repeat(2, axis=0) if len(rgbas) < 2 else np.array(rgbas[:2])
        shaded[0, :3] = get_shaded_rgb(shaded[0, :3], self.start, self.start_normal, self.light)
        shaded[1, :3] = get_shaded_rgb(shaded[1, :3], self.end, self.end_normal, self.light)
        return shaded


def _moved_rigidly(before: np.ndarray, after: np.ndarray) -> bool:
    """Whether every point moved by the same vector (a ball rolling, a label sliding)."""
    if before.shape != after.shape:
        return False
    moves = after - before
    return bool(np.allclose(moves, moves[0], rtol=0.0, atol=1e-9))


def _stops(rgbas: np.ndarray) -> Stops | None:
    """Cairo colour stops (blue, green, red, alpha: cairo's byte order) of two shaded rgbas."""
    if not rgbas[:, 3].any():
        return None  # drawing with alpha 0 leaves every pixel as it was
    first, last = rgbas[0], rgbas[-1]
    return (
        (float(first[2]), float(first[1]), float(first[0]), float(first[3])),
        (float(last[2]), float(last[1]), float(last[0]), float(last[3])),
    )


class ShadedFaceCamera(ThreeDCamera):
    """ThreeDCamera with a fast path for shaded 3D faces; its frames are manim's frames."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._faces: dict[int, _Face] = {}
        self._centres: dict[int, tuple[bytes, np.ndarray]] = {}
        self._drawn: set[int] = set()
        self.screen_shift = np.zeros(2)  # where the 3D view sits on screen, frame units

    def project_points(self, points: np.ndarray) -> np.ndarray:
        """ThreeDCamera's projection, moved by `screen_shift` (text fixed in the frame is not).

        It makes room beside the 3D view for a flat picture without moving what the camera
        turns about.
        """
        projected = super().project_points(points)
        if self.screen_shift.any():
            projected[:, :2] += self.screen_shift
        return projected

    def capture_mobjects(self, mobjects: Iterable[Mobject], **kwargs: Any) -> None:
        self._drawn = set()
        super().capture_mobjects(mobjects, **kwargs)
        self._faces = {key: face for key, face in self._faces.items() if key in self._drawn}
        self._centres = {key: c for key, c in self._centres.items() if key in self._drawn}

    def display_multiple_non_background_colored_vmobjects(
        self, vmobjects: Iterable[VMobject], pixel_array: np.ndarray
    ) -> None:
        ctx = self.get_cairo_context(pixel_array)
        batch = list(vmobjects)
        faces = [self._face(vmobject) for vmobject in batch]
        drawn = [(vm, face) for vm, face in zip(batch, faces, strict=True) if face is not None]
        if drawn:
            stacked = np.concatenate([np.vstack([vm.points, face.gradient]) for vm, face in drawn])
            flat = self.project_points(stacked)[:, :2].ravel().tolist()  # x0, y0, x1, y1, ...
        start = 0
        for vmobject, face in zip(batch, faces, strict=True):
            if face is None:
                self.display_vectorized(vmobject, ctx)
                continue
            self._draw_face(ctx, vmobject, face, flat, start)
            start += len(vmobject.points) + 2

    def get_mobjects_to_display(self, *args: Any, **kwargs: Any) -> list[Mobject]:
        """ThreeDCamera's back-to-front order, with each face's centre kept between frames."""
        mobjects = Camera.get_mobjects_to_display(self, *args, **kwargs)
        to_camera = self.get_rotation_matrix().T

        def z_key(mobject: Mobject) -> float:
            if not getattr(mobject, "shade_in_3d", False):
                return np.inf  # type: ignore[no-any-return]
            return float(np.dot(self._reference_point(mobject), to_camera)[2])

        return sorted(mobjects, key=z_key)

    def _reference_point(self, mobject: Mobject) -> np.ndarray:
        """get_z_index_reference_point, remembered for a lone face until its points change."""
        if mobject.submobjects or hasattr(mobject, "z_index_group"):
            return mobject.get_z_index_reference_point()
        key = mobject.points.tobytes()
        self._drawn.add(id(mobject))
        cached = self._centres.get(id(mobject))
        if cached is None or cached[0] != key:
            cached = (key, mobject.get_z_index_reference_point())
            self._centres[id(mobject)] = cached
        return cached[1]

    # ------------------------------------------------------------------ one face

    def _face(self, vmobject: VMobject) -> _Face | None:
        """The face's cached drawing data, or None where manim's own path must draw it."""
        if not (self.should_apply_shading and vmobject.shade_in_3d):
            return None
        points = vmobject.points
        if len(points) < vmobject.n_points_per_cubic_curve:
            return None
        if vmobject in self.fixed_in_frame_mobjects or vmobject in self.fixed_orientation_mobjects:
            return None
        fill = vmobject.get_fill_rgbas()
        stroke = vmobject.get_stroke_rgbas()
        background = vmobject.get_stroke_rgbas(background=True)
        key = (
            points.tobytes(),
            fill.tobytes(),
            stroke.tobytes(),
            background.tobytes(),
            self.light_source.points.tobytes(),
            repr((vmobject.stroke_width, vmobject.background_stroke_width)).encode(),
        )
        self._drawn.add(id(vmobject))
        face = self._faces.get(id(vmobject))
        if face is not None and face.key == key:
            return face
        if not np.all(np.isfinite(points)):
            return None  # manim draws nothing sensible for these; let it decide
        shading = _Shading.of(vmobject, self.light_source.points[0])
        if face is not None and _moved_rigidly(face.points, points):
            subpaths = face.subpaths  # where anchors meet doesn't change when all move alike
        else:
            subpaths = self._subpaths(vmobject)
        face = _Face(
            key=key,
            points=points.copy(),
            subpaths=subpaths,
            gradient=np.array(vmobject.get_gradient_start_and_end_points(), dtype=float),
            background=self._shaded_stops(vmobject, background, True, shading),
            fill=_stops(shading.apply(fill)),
            stroke=self._shaded_stops(vmobject, stroke, False, shading),
        )
        self._faces[id(vmobject)] = face
        return face

    @staticmethod
    def _shaded_stops(
        vmobject: VMobject, rgbas: np.ndarray, background: bool, shading: _Shading
    ) -> Stops | None:
        if vmobject.get_stroke_width(background) == 0:
            return None
        return _stops(shading.apply(rgbas))

    @staticmethod
    def _subpaths(vmobject: VMobject) -> tuple[tuple[int, int, bool], ...]:
        """Subpaths as manim finds them (anchors that meet join), with whether each closes."""
        points = vmobject.points
        found = []
        for first, end in vmobject.get_subpath_split_indices_from_points(points):
            first, end = int(first), int(end)
            if end - first < vmobject.n_points_per_cubic_curve:
                continue
            closed = vmobject.consider_points_equals(points[first], points[end - 1])
            found.append((first, end, bool(closed)))
        return tuple(found)

    def _draw_face(
        self, ctx: cairo.Context, vmobject: VMobject, face: _Face, flat: list[float], start: int
    ) -> None:
        """manim's display_vectorized for one shaded face, from the batch's projected points.

        The face's points are at flat[2 * start:], its two gradient corners right after them.
        """
        ctx.new_path()
        nppcc = vmobject.n_points_per_cubic_curve
        for first, end, closed in face.subpaths:
            ctx.new_sub_path()
            at = 2 * (start + first)
            ctx.move_to(flat[at], flat[at + 1])
            for i in range(start + first, start + end - nppcc + 1, nppcc):
                at = 2 * i + 2
                ctx.curve_to(*flat[at : at + 6])
            if closed:
                ctx.close_path()
        at = 2 * (start + len(vmobject.points))
        ends = tuple(flat[at : at + 4])
        if face.background is not None:
            self._stroke(ctx, vmobject, face.background, ends, background=True)
        if face.fill is not None:
            ctx.set_source(self._gradient(face.fill, ends))
            ctx.fill_preserve()
        if face.stroke is not None:
            self._stroke(ctx, vmobject, face.stroke, ends, background=False)

    def _stroke(
        self,
        ctx: cairo.Context,
        vmobject: VMobject,
        stops: Stops,
        ends: tuple[float, ...],
        *,
        background: bool,
    ) -> None:
        ctx.set_source(self._gradient(stops, ends))
        ctx.set_line_width(vmobject.get_stroke_width(background) * self.cairo_line_width_multiple)
        ctx.set_line_join(LINE_JOIN_MAP[vmobject.joint_type])
        ctx.set_line_cap(CAP_STYLE_MAP[vmobject.cap_style])
        ctx.stroke_preserve()

    @staticmethod
    def _gradient(stops: Stops, ends: tuple[float, ...]) -> cairo.LinearGradient:
        pattern = cairo.LinearGradient(*ends)
        pattern.add_color_stop_rgba(0.0, *stops[0])
        pattern.add_color_stop_rgba(1.0, *stops[1])
        return pattern
