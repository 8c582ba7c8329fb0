"""Checks shared by the 3D scene tests: frame <-> axes coordinates and text fixed in the frame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import scene_harness
from manim import Mobject, ThreeDAxes, config
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.content.loader import DEFAULT_CONTENT
from scenes.kit.base import TEXT_TYPES, BeatScene
from scenes.kit.shaded_camera import ShadedFaceCamera

LECTURE = DEFAULT_CONTENT
TEX_CACHE = str(scene_harness.TEX_CACHE)


def edited_lecture(tmp_path: Path, scene: str, replacements: dict[str, str]) -> Path:
    """A copy of the lecture whose [scenes.<scene>] section has some lines replaced."""
    content = LECTURE.read_text()
    section = content.index(f"[scenes.{scene}]")
    head, tail = content[:section], content[section:]
    for old, new in replacements.items():
        assert old in tail, old
        tail = tail.replace(old, new, 1)
    path = tmp_path / "lecture.toml"
    path.write_text(head + tail)
    return path


def axes_coords(axes: ThreeDAxes, points: np.ndarray) -> np.ndarray:
    """Frame points -> (x, y, z) in the axes' own coordinates."""
    return np.array([axes.p2c(point) for point in np.atleast_2d(points)])


def direction(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)


def unpinned_texts(scene: BeatScene) -> list[str]:
    """Texts on screen with a part the 3D camera would project (not fixed in frame/orientation)."""
    camera = scene.renderer.camera
    held = camera.fixed_in_frame_mobjects | set(camera.fixed_orientation_mobjects)
    loose: list[str] = []
    for top in scene.mobjects:
        for mobject in top.get_family():
            if isinstance(mobject, TEXT_TYPES) and _has_loose_part(mobject, held):
                loose.append(type(mobject).__name__)
    return loose


def _has_loose_part(mobject: Mobject, held: set[Mobject]) -> bool:
    return any(part not in held for part in mobject.family_members_with_points())


class ThreeDTestRenderer(CairoRenderer):
    """A Cairo renderer with the scenes' own 3D camera, for golden frames of ThreeDScene subclasses.

    manim's frames_comparison gives the 3D camera only to `ThreeDScene` itself (an identity
    check), so a subclass would get a flat camera and fail to set its orientation. The scenes
    draw through ShadedFaceCamera (manim's frames, and the 3D view moved aside for the map).
    """

    def __init__(self, *args: Any, camera_class: type | None = None, **kwargs: Any) -> None:
        super().__init__(*args, camera_class=ShadedFaceCamera, **kwargs)


def screen_box(scene: BeatScene, mobject: Mobject) -> tuple[float, float, float, float]:
    """Where the 3D camera draws a mobject: (left, bottom, right, top) in frame units."""
    points = np.vstack([m.points for m in mobject.family_members_with_points()])
    projected = scene.renderer.camera.project_points(points)
    (left, bottom), (right, top) = projected[:, :2].min(axis=0), projected[:, :2].max(axis=0)
    return float(left), float(bottom), float(right), float(top)


def view_beside_map(scene: BeatScene, *three_d: Mobject) -> list[str]:
    """Problems with the 3D view's place: off the frame, or over the contour map beside it."""
    width, height = config.frame_width, config.frame_height
    map_left = scene.map.get_left()[0]
    problems = []
    for mobject in three_d:
        left, bottom, right, top = screen_box(scene, mobject)
        name = type(mobject).__name__
        if left < -width / 2 or bottom < -height / 2 or top > height / 2:
            problems.append(f"{name} leaves the frame: {left:.2f}, {bottom:.2f}, {top:.2f}")
        if right > map_left:
            problems.append(f"{name} reaches x = {right:.2f}, over the map (from {map_left:.2f})")
    return problems


def run_lecture_scene(lecture_file: Path, scene_id: str, tmp_path: Path) -> BeatScene:
    """One scene of a lecture file, constructed with animations skipped (as `run_scene` does
    for a template's scene in the default lecture)."""
    from manim import tempconfig

    from scenes.kit.base import PlannedScene
    from scenes.plans import build_plan, load_lecture

    lecture = load_lecture(lecture_file)
    content = lecture.scene(scene_id)
    cls = scene_harness.scene_class(content.template)
    settings = {**scene_harness.TINY, "media_dir": str(tmp_path / "media"), "dry_run": True}
    with tempconfig(settings):
        scene = cls(
            planned=PlannedScene(content, build_plan(lecture, scene_id)), skip_animations=True
        )
        scene.render()
    return scene
