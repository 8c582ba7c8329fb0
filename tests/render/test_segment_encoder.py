"""LeanSegmentEncoder writes the same video as manim's encoder, with less work per frame."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

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
FORMATS = {
    "mp4": ("mp4", "libx264", "yuv420p", (("preset", "veryfast"), ("threads", "1"))),
    "mov": ("mov", "qtrle", "argb", ()),
}
LOSSLESS = {"mov"}
# x264 is lossy: a decoded frame is its source up to chroma subsampling at the edges (mean
# error about 1.2); the frames of SEQUENCE differ from each other by a mean of 30 or more.
LOSSY_MEAN_ERROR = 4.0


class RecordingStream:
    """Stands in for an encoder's stream and keeps what the codec gets: pts and pixels."""

    def __init__(self, stream: av.video.stream.VideoStream) -> None:
        self._stream = stream
        self.sent: list[tuple[int | None, np.ndarray]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def encode(self, frame: av.VideoFrame | None = None) -> list[av.Packet]:
        if frame is not None:  # converted as the codec converts it: one thread, its format
            stream = self._stream
            coded = frame.reformat(
                width=stream.width, height=stream.height, format=stream.pix_fmt, threads=1
            )
            self.sent.append((frame.pts, coded.to_ndarray()))
        return self._stream.encode(frame)


def _frame(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pixels = np.zeros((HEIGHT, WIDTH, 4), np.uint8)
    pixels[..., 3] = 255
    x = int(rng.integers(0, WIDTH - 40))
    pixels[20:70, x : x + 40, :3] = rng.integers(0, 256, 3, dtype=np.uint8)
    return pixels


def _write(
    encoder_class: type[VideoSegmentEncoder], target: Path, name: str
) -> tuple[RecordingStream, list[np.ndarray]]:
    """What the encoder handed its codec, and the video's frames decoded."""
    container, codec, pixel_format, options = FORMATS[name]
    spec = VideoEncoderSpec(
        container, codec, pixel_format, WIDTH, HEIGHT, Fraction(30), tuple(options)
    )
    encoder = encoder_class(target=target, spec=spec)
    encoder._stream = recording = RecordingStream(encoder._stream)  # type: ignore[assignment]
    for seed, repeat in SEQUENCE:
        encoder.write_frame(_frame(seed), repeat=repeat)
    encoder.finish()
    with av.open(str(target)) as video:
        return recording, [frame.to_ndarray(format="rgba") for frame in video.decode(video=0)]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_held_frames_decode_to_the_same_pixels(tmp_path: Path, name: str) -> None:
    theirs_sent, theirs = _write(VideoSegmentEncoder, tmp_path / f"manim.{name}", name)
    ours_sent, ours = _write(LeanSegmentEncoder, tmp_path / f"ours.{name}", name)
    count = sum(repeat for _, repeat in SEQUENCE)
    assert len(ours) == len(theirs) == len(ours_sent.sent) == count

    # The codec gets the same pictures at the same times: all that the lean encoder changes.
    assert [pts for pts, _ in ours_sent.sent] == [pts for pts, _ in theirs_sent.sent]
    for (_, mine), (_, reference) in zip(ours_sent.sent, theirs_sent.sent, strict=True):
        np.testing.assert_array_equal(mine, reference)

    if name in LOSSLESS:
        for mine, reference in zip(ours, theirs, strict=True):
            np.testing.assert_array_equal(mine, reference)
    else:
        # Not pixel for pixel against manim's file: two x264 encodes of the same input
        # (even manim's against manim's, with threads=1) were seen to differ on a loaded
        # machine, about 1 run in 100. So each decoded frame is checked against its source.
        sources = [_frame(seed) for seed, repeat in SEQUENCE for _ in range(repeat)]
        for index, (mine, source) in enumerate(zip(ours, sources, strict=True)):
            error = np.abs(mine[..., :3].astype(int) - source[..., :3]).mean()
            assert error < LOSSY_MEAN_ERROR, f"frame {index}: mean error {error:.1f}"
    assert not np.array_equal(ours[0], ours[1])  # the frames do move


def test_the_encoder_is_swapped_in_only_while_the_context_is_open() -> None:
    assert scene_file_writer.VideoSegmentEncoder is VideoSegmentEncoder
    with lean_segment_encoding():
        assert scene_file_writer.VideoSegmentEncoder is LeanSegmentEncoder
    assert scene_file_writer.VideoSegmentEncoder is VideoSegmentEncoder
