"""Audio muxed into clips: the video packets untouched, the track as long as the video."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from scenes.outputs.audio_tracks import AUDIO_RATE, add_audio, fit

RATE = 15
FRAMES = 37  # 2.4667 s: not a whole number of AAC or Opus frames


def silent_clip(path: Path, codec: str, pix_fmt: str) -> Path:
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=RATE)
        stream.width, stream.height, stream.pix_fmt = 64, 48, pix_fmt
        for index in range(FRAMES):
            image = np.full((48, 64, 3), index * 6, np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def video_packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux(video=0) if p.size]


def decoded_audio(path: Path) -> tuple[float, np.ndarray]:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        assert stream.rate == AUDIO_RATE and stream.layout.name == "mono"
        seconds = float(container.duration / av.time_base)
        samples = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(stream)])
    return seconds, samples


@pytest.mark.parametrize(
    ("suffix", "codec", "pix_fmt", "audio_codec"),
    [
        (".mp4", "libx264", "yuv420p", "aac"),
        (".webm", "libvpx-vp9", "yuv420p", "opus"),
        (".mov", "prores_aw", "yuva444p10le", "aac"),
    ],
)
def test_the_track_is_added_as_long_as_the_video_and_the_video_is_copied(
    tmp_path: Path, suffix: str, codec: str, pix_fmt: str, audio_codec: str
) -> None:
    source = silent_clip(tmp_path / f"silent{suffix}", codec, pix_fmt)
    tone = 0.3 * np.sin(2 * np.pi * 500 * np.arange(5 * AUDIO_RATE) / AUDIO_RATE)
    target = tmp_path / f"voiced{suffix}"
    add_audio(source, tone.astype(np.float32), target)

    assert video_packets(target) == video_packets(source)
    with av.open(str(target)) as container:
        assert container.streams.audio[0].codec_context.name == audio_codec
    seconds, samples = decoded_audio(target)
    assert seconds == pytest.approx(FRAMES / RATE, abs=1 / RATE)
    middle = samples[AUDIO_RATE // 2 : AUDIO_RATE]
    assert np.sqrt(np.mean(middle**2)) == pytest.approx(0.3 / np.sqrt(2), rel=0.1)


def test_no_samples_writes_the_video_alone(tmp_path: Path) -> None:
    source = silent_clip(tmp_path / "silent.mp4", "libx264", "yuv420p")
    voiced = tmp_path / "voiced.mp4"
    add_audio(source, np.ones(AUDIO_RATE, np.float32) * 0.1, voiced)
    again = tmp_path / "again.mp4"
    add_audio(voiced, None, again)
    with av.open(str(again)) as container:
        assert not container.streams.audio
    assert video_packets(again) == video_packets(source)


def test_fit_cuts_or_pads_to_the_exact_length() -> None:
    assert len(fit(np.ones(10, np.float32), 1)) == AUDIO_RATE
    assert len(fit(np.ones(2 * AUDIO_RATE, np.float32), 0.5)) == AUDIO_RATE // 2
    assert fit(np.ones(10, np.float32), 1)[10:].max() == 0
