"""ShadedFaceCamera draws what manim's ThreeDCamera draws, also after faces change."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from manim import (
    DEGREES,
    LEFT,
    OUT,
    RIGHT,
    BackgroundRectangle,
    Dot3D,
    Line,
    MathTex,
    Mobject,
    ThreeDCamera,
    config,
    tempconfig,
)

from scenes.kit import surface as kit
from scenes.kit.shaded_camera import ShadedFaceCamera

pytestmark = pytest.mark.slow  # renders 3D frames with manim's camera and with ours

SMALL = {"pixel_width": 480, "pixel_height": 270}
TOLERANCE = 1  # uint8 levels: only rounding may differ


def _bowl(u: float, v: float) -> float:
    return u * u + v * v


def _scene_mobjects() -> list[Mobject]:
    axes = kit.surface_axes((-2, 2), (-2, 2), (0, 8))
    surface = kit.surface_mobject(axes, _bowl, (-2, 2), (-2, 2))
    ball = Dot3D(axes.c2p(1, 1, 2), radius=0.2, color="#f0c040", resolution=(8, 8))
    plane = kit.slice_plane(axes, [(-2, 0, 0), (2, 0, 0), (2, 0, 8), (-2, 0, 8)])
    line = Line(axes.c2p(-2, -2, 0), axes.c2p(2, 2, 0), color="#ff6060")
    return [axes, surface, plane, ball, line]


def _frame(camera: ThreeDCamera, mobjects: list[Mobject]) -> np.ndarray:
    camera.reset()
    camera.capture_mobjects(mobjects)
    return camera.pixel_array.copy()


def _cameras(theta: float) -> tuple[ThreeDCamera, ShadedFaceCamera]:
    cameras = (ThreeDCamera(), ShadedFaceCamera())
    for camera in cameras:
        camera.set_phi(62 * DEGREES)
        camera.set_theta(theta)
    return cameras


def _assert_same(manim_frame: np.ndarray, ours: np.ndarray) -> None:
    assert manim_frame.any(), "the reference frame is blank"
    difference = np.abs(manim_frame.astype(int) - ours.astype(int))
    assert difference.max() <= TOLERANCE, f"{np.count_nonzero(difference)} pixels differ"


@pytest.mark.parametrize("theta", [-60 * DEGREES, 30 * DEGREES, 150 * DEGREES])
def test_frames_match_manims_camera_from_several_angles(theta: float) -> None:
    with tempconfig(SMALL):
        reference, fast = _cameras(theta)
        mobjects = _scene_mobjects()
        _assert_same(_frame(reference, mobjects), _frame(fast, mobjects))
        # the second frame draws from the cache
        _assert_same(_frame(reference, mobjects), _frame(fast, mobjects))


def _fade(mobjects: list[Mobject]) -> None:
    mobjects[1].set_fill(opacity=0.3)


def _recolour(mobjects: list[Mobject]) -> None:
    mobjects[1].set_color("#40a0ff")


def _move_ball(mobjects: list[Mobject]) -> None:
    mobjects[3].shift(0.7 * LEFT + 0.3 * OUT)


def _stretch_surface(mobjects: list[Mobject]) -> None:
    mobjects[1].stretch(0.6, 2)


def _thicken(mobjects: list[Mobject]) -> None:
    mobjects[1].set_stroke(width=3)


def _move_light(camera: ThreeDCamera) -> None:
    camera.light_source.move_to(5 * RIGHT + 4 * OUT)


@pytest.mark.parametrize("change", [_fade, _recolour, _move_ball, _stretch_surface, _thicken])
def test_a_changed_face_is_drawn_anew(change: Callable[[list[Mobject]], None]) -> None:
    with tempconfig(SMALL):
        reference, fast = _cameras(-60 * DEGREES)
        mobjects = _scene_mobjects()
        before = _frame(fast, mobjects)
        change(mobjects)
        after = _frame(fast, mobjects)
        assert np.abs(after.astype(int) - before.astype(int)).max() > TOLERANCE
        _assert_same(_frame(reference, mobjects), after)


def test_moving_the_light_reshades_every_face() -> None:
    with tempconfig(SMALL):
        reference, fast = _cameras(-60 * DEGREES)
        mobjects = _scene_mobjects()
        _frame(fast, mobjects)
        for camera in (reference, fast):
            _move_light(camera)
        _assert_same(_frame(reference, mobjects), _frame(fast, mobjects))


def test_text_fixed_in_the_frame_still_goes_through_manim() -> None:
    with tempconfig(SMALL):
        reference, fast = _cameras(-60 * DEGREES)
        label = MathTex("x^2").to_corner(LEFT)
        backdrop = BackgroundRectangle(label)
        for camera in (reference, fast):
            camera.add_fixed_in_frame_mobjects(label, backdrop)
        mobjects = [*_scene_mobjects(), backdrop, label]
        _assert_same(_frame(reference, mobjects), _frame(fast, mobjects))
        assert config.pixel_width == SMALL["pixel_width"]


def test_faces_made_anew_every_frame_do_not_pile_up() -> None:
    with tempconfig(SMALL):
        _, fast = _cameras(-60 * DEGREES)
        mobjects = _scene_mobjects()
        sizes = []
        for step in range(6):
            ball = Dot3D(np.array([0.2 * step, 0.0, 0.5]), radius=0.3, resolution=(6, 6))
            _frame(fast, [*mobjects, ball])
            sizes.append(len(fast._faces))
        assert sizes[0] > 36  # the surface's faces and the ball's
        assert len(set(sizes)) == 1  # each frame's new ball replaces the last one's


def test_the_screen_shift_moves_the_3d_view_and_not_the_text_fixed_in_the_frame() -> None:
    """The 3D view moved aside is manim's frame moved by whole pixels; pinned text stays put."""
    with tempconfig(SMALL):
        reference, fast = _cameras(-60 * DEGREES)
        pixels = 40
        fast.screen_shift = np.array([-pixels * config.frame_width / config.pixel_width, 0.0])
        mobjects = _scene_mobjects()
        label = MathTex("x", color="#ffffff").to_edge(RIGHT)
        fast.add_fixed_in_frame_mobjects(label)
        reference.add_fixed_in_frame_mobjects(label)
        moved = _frame(fast, mobjects)
        still = _frame(reference, mobjects)
        assert still.any()
        difference = np.abs(still[:, pixels:].astype(int) - moved[:, :-pixels].astype(int))
        assert np.count_nonzero(difference.max(axis=2) > 8) < 0.002 * difference[..., 0].size
        with_text, without = _frame(fast, [*mobjects, label]), moved
        changed = np.nonzero((with_text != without).any(axis=2))
        assert changed[1].min() > config.pixel_width * 0.8  # the label's pixels, at the right edge
        assert fast.project_points(np.zeros((1, 3)))[0, 0] == pytest.approx(fast.screen_shift[0])
