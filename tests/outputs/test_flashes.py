from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest

from scenes.outputs.assemble import assemble_lecture
from scenes.outputs.flashes import (
    FlashReport,
    analysis_size,
    chapter_at,
    check_lecture,
    field_pixels,
    flash_report,
    flash_reports,
    luminance_and_red,
)

FPS = 30
WIDTH, HEIGHT = 320, 180
BLACK, WHITE, RED = (0, 0, 0), (255, 255, 255), (255, 0, 0)

Painter = Callable[[int], np.ndarray]


def make_clip(path: Path, frames: int, paint: Painter, *, fps: int = FPS) -> Path:
    """Encode frames painted by `paint(index)` (RGB arrays) as H.264 yuv420p, like manim."""
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=fps, options={"crf": "18"})
        stream.pix_fmt = "yuv420p"
        stream.width, stream.height = WIDTH, HEIGHT
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(paint(index), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def solid(colour: tuple[int, int, int]) -> np.ndarray:
    pixels = np.empty((HEIGHT, WIDTH, 3), np.uint8)
    pixels[:] = colour
    return pixels


def alternating(every: int, start: int, stop: int, light=WHITE, dark=BLACK) -> Painter:
    """`dark`, then `light` and `dark` in turns of `every` frames from `start` to `stop`."""

    def paint(index: int) -> np.ndarray:
        inside = start <= index < stop
        return solid(light if inside and (index - start) // every % 2 == 1 else dark)

    return paint


def test_black_white_every_two_frames_is_7_flashes_a_second_and_fails(tmp_path: Path) -> None:
    # 1 s of alternation at 30 fps: light on frames 2-3, 6-7, ..., 26-27 -> 14 changes
    clip = make_clip(tmp_path / "strobe.mp4", 60, alternating(2, 0, 30))
    report = flash_report(clip)
    assert report.general_per_second == 7.0
    assert report.flashes_per_second == 7.0
    assert report.red_per_second == 0.0
    assert report.at == pytest.approx(2 / FPS)
    assert not report.passes
    assert report.frames == 60
    assert report.duration == pytest.approx(2.0)


def test_a_2_hz_blink_is_2_flashes_a_second_and_passes(tmp_path: Path) -> None:
    # on for 7-8 frames, off for 7-8: four changes in any second
    clip = make_clip(
        tmp_path / "blink.mp4", 90, lambda i: solid(WHITE if i * 4 // FPS % 2 else BLACK)
    )
    report = flash_report(clip)
    assert report.general_per_second == 2.0
    assert report.passes


def test_a_slow_fade_up_and_down_is_at_most_one_flash(tmp_path: Path) -> None:
    def fade(index: int) -> np.ndarray:  # black to white and back over 2 s
        level = round(255 * (1 - abs(index - FPS) / FPS))
        return solid((level, level, level))

    report = flash_report(make_clip(tmp_path / "fade.mp4", 2 * FPS + 1, fade))
    assert report.general_per_second <= 1.0
    assert report.passes


def test_a_flashing_square_below_a_quarter_field_is_not_a_flash(tmp_path: Path) -> None:
    field_w, field_h = field_pixels(WIDTH)  # 107 x 80 at 320 px wide
    small = int((0.2 * field_w * field_h) ** 0.5)  # 20% of a field
    big = int((0.3 * field_w * field_h) ** 0.5)  # 30% of a field

    def square(side: int) -> Painter:
        def paint(index: int) -> np.ndarray:
            pixels = solid(BLACK)
            if index // 2 % 2:
                pixels[50 : 50 + side, 100 : 100 + side] = WHITE
            return pixels

        return paint

    small_report = flash_report(make_clip(tmp_path / "small.mp4", 30, square(small)))
    big_report = flash_report(make_clip(tmp_path / "big.mp4", 30, square(big)))
    assert small_report.flashes_per_second == 0.0
    assert small_report.passes
    assert big_report.general_per_second == 7.0
    assert not big_report.passes


def test_light_flicker_above_0_8_is_not_a_general_flash(tmp_path: Path) -> None:
    # relative luminance 1.0 against about 0.84: the darker state is not below 0.80
    clip = make_clip(tmp_path / "bright.mp4", 30, alternating(2, 0, 30, dark=(236, 236, 236)))
    report = flash_report(clip)
    assert report.general_per_second == 0.0
    assert report.passes


def test_saturated_red_flashes_are_counted_as_red(tmp_path: Path) -> None:
    # red against a grey as light: luminance changes by 0.003, the red value by 320
    grey = (128, 128, 128)
    clip = make_clip(tmp_path / "red.mp4", 45, alternating(3, 0, 45, light=RED, dark=grey))
    report = flash_report(clip)
    assert report.general_per_second == 0.0
    assert report.red_per_second == 5.0  # 10 changes in 30 frames at 3 frames a state
    assert report.flashes_per_second == 5.0
    assert report.at == pytest.approx(report.red_at)
    assert not report.passes
    assert "red flashes" in report.describe("Red")


def test_a_still_clip_has_no_flashes(tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / "still.mp4", 20, lambda i: solid((30, 30, 30)))]
    reports = flash_reports(clips)
    assert reports[clips[0]] == FlashReport(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 20 / FPS, 20)
    assert reports[clips[0]].describe("Still") == "Still: no flashes (0.7 s checked)."


def test_luminance_follows_wcag_and_red_needs_saturation() -> None:
    rgb = np.array([[[255, 255, 255], [0, 0, 0], [255, 0, 0], [255, 128, 128], [128, 128, 128]]])
    luminance, red = luminance_and_red(rgb.astype(np.uint8))
    assert luminance[0].tolist() == pytest.approx([1.0, 0.0, 0.2126, 0.3826, 0.2159], abs=1e-3)
    assert red[0].tolist() == pytest.approx([0.0, 0.0, 320.0, 0.0, 0.0])


def test_frames_are_checked_320_wide_and_the_field_scales_with_the_width() -> None:
    assert analysis_size(1920, 1080) == (320, 180)
    assert analysis_size(854, 480) == (320, 180)
    assert analysis_size(64, 36) == (64, 36)
    assert field_pixels(1024) == (341, 256)
    assert field_pixels(320) == (107, 80)


def test_check_lecture_names_the_chapter_of_the_worst_window(tmp_path: Path) -> None:
    folder = tmp_path / "draft"
    folder.mkdir()
    make_clip(folder / "Calm.mp4", 30, lambda i: solid(BLACK))
    make_clip(folder / "Strobe.mp4", 60, alternating(2, 0, 30))
    scenes = check_lecture(folder, ["Calm", "Strobe", "NotRendered"])
    assert [(name, report.flashes_per_second) for name, report in scenes] == [
        ("Calm", 0.0),
        ("Strobe", 7.0),
    ]
    assemble_lecture([folder / "Calm.mp4", folder / "Strobe.mp4"], folder, ["Calm", "Strobe"])
    [(name, report)] = check_lecture(folder, ["Calm", "Strobe"])
    assert name == "lecture.mp4 (Strobe)"
    assert report.at == pytest.approx(1 + 2 / FPS)
    assert chapter_at(folder / "lecture.mp4", 0.5) == "Calm"
    assert not report.passes
