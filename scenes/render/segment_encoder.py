"""manim's segment encoder without its two avoidable costs per frame.

1. manim copies every RGBA frame into a newly allocated video frame before converting it to
   YUV. At 1080p that is 8 MB of fresh memory per frame (the kernel zeroes each page) plus
   the copy. manim hands the frame's array over to the encoder for good, so this encoder
   wraps the array itself.
2. When nothing moves (a `wait` with no time-based updaters), manim hands over one frame
   with a repeat count, and the encoder converts it to YUV again for every repeat. This
   encoder converts it once and sends the converted frame `repeat` times.

The decoded video is the same, pixel for pixel (tested). `lecture render` installs it in
its worker processes only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

import av
import numpy as np
from manim.scene import scene_file_writer
from manim.scene.video_segment_encoder import VideoSegmentEncoder


class LeanSegmentEncoder(VideoSegmentEncoder):
    """VideoSegmentEncoder that wraps frames without copying and converts a held frame once."""

    def write_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
        self._validate_frame(pixels, repeat)
        rate = self.spec.frame_rate
        time_base = Fraction(rate.denominator, rate.numerator)
        stream = self._stream
        try:
            frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
            if repeat > 1:
                frame = frame.reformat(
                    width=stream.width, height=stream.height, format=stream.pix_fmt
                )
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = time_base
                self._next_pts += 1
                for packet in stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error


@contextmanager
def lean_segment_encoding() -> Iterator[None]:
    """manim's file writer builds LeanSegmentEncoders while this is open."""
    original = scene_file_writer.VideoSegmentEncoder
    scene_file_writer.VideoSegmentEncoder = LeanSegmentEncoder  # type: ignore[misc]
    try:
        yield
    finally:
        scene_file_writer.VideoSegmentEncoder = original  # type: ignore[misc]
