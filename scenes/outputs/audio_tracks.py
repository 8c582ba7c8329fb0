"""Voice in the clips: each clip's video packets copied as they are, one audio track added.

manim's section clips are silent by design, so the narration is muxed here with PyAV:
AAC (48 kHz mono) in .mp4 and .mov, Opus in .webm; GIFs carry none. The track is cut or
padded to the video's length, so audio and video end together. The video is never
re-encoded: changing a sentence whose beat keeps its length costs one remux per clip.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

AUDIO_RATE = 48_000
AAC_BIT_RATE = 128_000
OPUS_BIT_RATE = 96_000
AUDIO_SUFFIXES = (".mp4", ".mov", ".webm")
_CODECS = {".mp4": "aac", ".mov": "aac", ".webm": "libopus"}


def carries_audio(path: Path) -> bool:
    """Whether clips of this file type get the narration (GIFs and PNGs do not)."""
    return path.suffix in AUDIO_SUFFIXES


def video_seconds(path: Path) -> Fraction:
    """A constant-rate clip's length: its frame count over its frame rate."""
    with av.open(str(path)) as reader:
        stream = reader.streams.video[0]
        frames = sum(1 for packet in reader.demux(stream) if packet.size)
        rate = Fraction(stream.average_rate or stream.guessed_rate)
    return frames / rate


def add_audio(source: Path, samples: np.ndarray | None, target: Path) -> None:
    """Write `target`: the video of `source`, and `samples` (48 kHz mono) as its audio.

    `samples` None writes the video alone, dropping any audio the source had.
    """
    options = {"movflags": "+faststart"} if target.suffix in (".mp4", ".mov") else {}
    with (
        av.open(str(source)) as reader,
        av.open(str(target), mode="w", options=options) as writer,
    ):
        video_in = reader.streams.video[0]
        video_out = writer.add_stream_from_template(video_in)
        video_out.metadata.update(video_in.metadata)  # e.g. webm's alpha_mode
        if target.suffix in (".mov", ".mp4"):  # else ProRes 4444 reads as HQ
            video_out.codec_context.codec_tag = video_in.codec_context.codec_tag
        writer.metadata.update(reader.metadata)
        track = None
        if samples is not None:
            frames = sum(1 for packet in reader.demux(video_in) if packet.size)
            seconds = frames / Fraction(video_in.average_rate or video_in.guessed_rate)
            reader.seek(0)
            track = AudioQueue(writer, fit(samples, seconds), target.suffix)
        for packet in reader.demux(video_in):
            if packet.dts is None or packet.pts is None:
                continue
            if track is not None:
                track.mux_until(packet.dts * packet.time_base)
            packet.stream = video_out
            writer.mux(packet)
        if track is not None:
            track.mux_rest()


class AudioQueue:
    """An audio track encoded up front and muxed between video packets in time order,
    so players never wait on one stream while holding the other."""

    def __init__(
        self, writer: av.container.OutputContainer, samples: np.ndarray, suffix: str
    ) -> None:
        self._writer = writer
        self._packets = iter(list(_encode(writer, samples, suffix)))
        self._next = next(self._packets, None)

    def mux_until(self, seconds: Fraction) -> None:
        while self._next is not None and _time(self._next) <= seconds:
            self._writer.mux(self._next)
            self._next = next(self._packets, None)

    def mux_rest(self) -> None:
        while self._next is not None:
            self._writer.mux(self._next)
            self._next = next(self._packets, None)


def fit(samples: np.ndarray, seconds: Fraction | float) -> np.ndarray:
    """Cut or pad with silence to exactly `seconds` at 48 kHz."""
    length = round(Fraction(seconds) * AUDIO_RATE)
    if len(samples) >= length:
        return samples[:length].astype(np.float32)
    return np.concatenate([samples, np.zeros(length - len(samples), np.float32)]).astype(np.float32)


def _time(packet: av.Packet) -> Fraction:
    return (packet.dts if packet.dts is not None else packet.pts or 0) * packet.time_base


def _encode(
    writer: av.container.OutputContainer, samples: np.ndarray, suffix: str
) -> Iterator[av.Packet]:
    """Encode the samples with the container's audio codec, one codec frame at a time."""
    stream = writer.add_stream(_CODECS[suffix], rate=AUDIO_RATE, layout="mono")
    stream.bit_rate = OPUS_BIT_RATE if suffix == ".webm" else AAC_BIT_RATE
    stream.codec_context.time_base = Fraction(1, AUDIO_RATE)
    size = stream.codec_context.frame_size or 1024
    clipped = np.clip(samples, -1.0, 1.0).astype(np.float32)
    sample_format = stream.codec_context.format.name  # fltp for aac, flt or s16 for opus
    for start in range(0, len(clipped), size):
        chunk = clipped[start : start + size]  # the last one may be shorter: both codecs allow it
        frame = _frame(chunk, sample_format)
        frame.pts = start
        frame.time_base = Fraction(1, AUDIO_RATE)
        yield from stream.encode(frame)
    yield from stream.encode(None)


def _frame(chunk: np.ndarray, sample_format: str) -> av.AudioFrame:
    if sample_format.startswith("s16"):
        data = (chunk * 32767).astype(np.int16).reshape(1, -1)
    else:  # flt or fltp: for one channel the same layout
        data = chunk.reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(data, format=sample_format, layout="mono")
    frame.sample_rate = AUDIO_RATE
    return frame
