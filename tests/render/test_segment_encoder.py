"""LeanSegmentEncoder writes the same video as manim's encoder, with less work per frame."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene import scene_file_writer
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from scenes.render.segment_encoder import LeanSegmentEncoder, lean_segment_encoding

WIDTH, HEIGHT = 160, 96
# (frame seed, repeat): held frames between moving ones, as manim sends them
SEQUENCE = [(1, 1), (2, 7), (3, 1), (4, 1), (5, 12), (6, 1)]
# One x264 thread: with several, two encodes of the same frames may differ in rounding.
FORMATS = {
    "mp4": ("mp4", "libx264", "yuv420p", (("preset", "veryfast"), ("threads", "1"))),
    "mov": ("mov", "qtrle", "argb", ()),
}


def _frame(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pixels = np.zeros((HEIGHT, WIDTH, 4), np.uint8)
    pixels[..., 3] = 255
    x = int(rng.integers(0, WIDTH - 40))
    pixels[20:70, x : x + 40, :3] = rng.integers(0, 256, 3, dtype=np.uint8)
    return pixels


def _write(encoder_class: type[VideoSegmentEncoder], target: Path, name: str) -> list[np.ndarray]:
    container, codec, pixel_format, options = FORMATS[name]
    spec = VideoEncoderSpec(
        container, codec, pixel_format, WIDTH, HEIGHT, Fraction(30), tuple(options)
    )
    encoder = encoder_class(target=target, spec=spec)
    for seed, repeat in SEQUENCE:
        encoder.write_frame(_frame(seed), repeat=repeat)
    encoder.finish()
    with av.open(str(target)) as video:
        return [frame.to_ndarray(format="rgba") for frame in video.decode(video=0)]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_held_frames_decode_to_the_same_pixels(tmp_path: Path, name: str) -> None:
    theirs = _write(VideoSegmentEncoder, tmp_path / f"manim.{name}", name)
    ours = _write(LeanSegmentEncoder, tmp_path / f"ours.{name}", name)
    assert len(ours) == len(theirs) == sum(repeat for _, repeat in SEQUENCE)
    for mine, reference in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(mine, reference)
    assert not np.array_equal(ours[0], ours[1])  # the frames do move


def test_the_encoder_is_swapped_in_only_while_the_context_is_open() -> None:
    assert scene_file_writer.VideoSegmentEncoder is VideoSegmentEncoder
    with lean_segment_encoding():
        assert scene_file_writer.VideoSegmentEncoder is LeanSegmentEncoder
    assert scene_file_writer.VideoSegmentEncoder is VideoSegmentEncoder
