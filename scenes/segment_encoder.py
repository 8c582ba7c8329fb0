"""manim's segment encoder, converting a held frame to the video's pixel format only once.

When nothing moves (a `wait` with no updaters), manim hands its encoder one frame with a
repeat count, and the encoder converts that RGBA frame to YUV again for every repeat: at
1080p the conversion costs about as much as encoding the frame. This encoder converts it
once and sends the converted frame `repeat` times: the same pixels, the same bytes in the
file (tested), less work. `lecture render` installs it in its worker processes only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

import av
from manim.scene import scene_file_writer
from manim.scene.video_segment_encoder import VideoSegmentEncoder


class HeldFrameEncoder(VideoSegmentEncoder):
    """VideoSegmentEncoder that converts a repeated frame once."""

    def write_frame(self, pixels, *, repeat: int = 1) -> None:  # type: ignore[no-untyped-def]
        if repeat == 1:
            super().write_frame(pixels, repeat=repeat)
            return
        self._validate_frame(pixels, repeat)
        rate = self.spec.frame_rate
        time_base = Fraction(rate.denominator, rate.numerator)
        stream = self._stream
        try:
            frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
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
def held_frames_converted_once() -> Iterator[None]:
    """manim's file writer builds HeldFrameEncoders while this is open."""
    original = scene_file_writer.VideoSegmentEncoder
    scene_file_writer.VideoSegmentEncoder = HeldFrameEncoder  # type: ignore[misc]
    try:
        yield
    finally:
        scene_file_writer.VideoSegmentEncoder = original  # type: ignore[misc]
