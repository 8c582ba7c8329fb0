"""A lecturer's recording is read within limits checked on its header: a bad one is one
sentence naming the file, the value and the limit, and reading it costs little memory."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from wav_files import pcm, wav_bytes, write_wav

from scenes.content.loader import ContentError
from scenes.voice.recordings import (
    MAX_RECORDING_BYTES,
    MAX_RECORDING_SECONDS,
    MAX_SAMPLE_RATE,
    MIN_SAMPLE_RATE,
    read_wav,
)

NAME = Path("voice/Intro/Hello.wav")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Messages name the file relative to the working directory, as the user typed it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def tone(seconds: float, rate: int, channels: int = 1) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    wave = 0.5 * np.sin(2 * np.pi * 220 * t)
    return np.stack([wave * (1 - 0.5 * c) for c in range(channels)], axis=1)


@pytest.mark.parametrize("width", [1, 2, 3, 4])
@pytest.mark.parametrize("channels", [1, 2])
def test_each_pcm_width_reads_as_the_mono_mix_of_its_channels(
    here: Path, width: int, channels: int
) -> None:
    frames = tone(0.5, 16_000, channels)
    write_wav(NAME, 16_000, channels, width, pcm(frames, width))
    samples, rate = read_wav(NAME)
    assert rate == 16_000 and samples.dtype == np.float32
    step = 1 / 127 if width == 1 else 1 / 32767
    np.testing.assert_allclose(samples, frames.mean(axis=1), atol=step)


@pytest.mark.parametrize(
    ("header", "sentence"),
    [
        (
            dict(rate=1, channels=1, width=2),
            "voice/Intro/Hello.wav: the recording's sample rate is 1 Hz; "
            "recordings must be 8000 to 192000 Hz.",
        ),
        (
            dict(rate=0, channels=1, width=2),
            "voice/Intro/Hello.wav: the recording's sample rate is 0 Hz; "
            "recordings must be 8000 to 192000 Hz.",
        ),
        (
            dict(rate=384_000, channels=1, width=2),
            "voice/Intro/Hello.wav: the recording's sample rate is 384000 Hz; "
            "recordings must be 8000 to 192000 Hz.",
        ),
        (
            dict(rate=16_000, channels=6, width=2),
            "voice/Intro/Hello.wav: the recording has 6 channels; "
            "recordings must be mono or stereo.",
        ),
        (
            dict(rate=16_000, channels=1, width=8),
            "voice/Intro/Hello.wav: the recording's samples are 64-bit; "
            "recordings must be 8, 16, 24 or 32-bit PCM.",
        ),
    ],
)
def test_a_header_outside_the_limits_is_one_sentence_naming_file_value_and_limit(
    here: Path, header: dict[str, int], sentence: str
) -> None:
    write_wav(NAME, data=bytes(12_000), **header)
    with pytest.raises(ContentError) as caught:
        read_wav(NAME)
    assert str(caught.value) == sentence


def sparse_wav(path: Path, rate: int, seconds: float, width: int = 2) -> Path:
    """A WAV of silence that takes no disk: its header, then a hole as long as its samples."""
    size = int(seconds * rate) * width
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.write(wav_bytes(rate, 1, width, b"", declared=size))
        file.truncate(44 + size)
    return path


def test_an_hour_of_silence_is_refused_from_its_header_without_reading_it(here: Path) -> None:
    sparse_wav(NAME, 48_000, 3600)
    tracemalloc.start()
    began = time.perf_counter()
    try:
        with pytest.raises(ContentError) as caught:
            read_wav(NAME)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (
        "voice/Intro/Hello.wav: the recording is 60.0 minutes long; "
        f"a beat's recording may be at most {MAX_RECORDING_SECONDS // 60} minutes."
    )
    assert peak < 1_000_000 and time.perf_counter() - began < 1


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(here: Path) -> None:
    sparse_wav(NAME, 48_000, MAX_RECORDING_BYTES / 96_000 + 1)  # a hole: no disk used
    with pytest.raises(ContentError) as caught:
        read_wav(NAME)
    size = NAME.stat().st_size
    assert str(caught.value) == (
        f"voice/Intro/Hello.wav: the recording is {size:,} bytes; "
        f"recordings may be at most {MAX_RECORDING_BYTES:,} bytes."
    )


def test_the_limits_agree_the_largest_allowed_recording_fits_the_size_limit() -> None:
    assert MAX_RECORDING_SECONDS * MAX_SAMPLE_RATE * 2 * 4 + 44 <= MAX_RECORDING_BYTES
    assert MIN_SAMPLE_RATE == 8_000 and MAX_SAMPLE_RATE == 192_000


def test_the_longest_recording_allowed_is_read(here: Path) -> None:
    sparse_wav(NAME, 8_000, MAX_RECORDING_SECONDS, width=1)
    samples, rate = read_wav(NAME)
    assert (len(samples), rate) == (MAX_RECORDING_SECONDS * 8_000, 8_000)


def test_a_file_cut_short_inside_its_samples_says_so(here: Path) -> None:
    whole = wav_bytes(16_000, 1, 2, pcm(tone(1.0, 16_000), 2))
    NAME.parent.mkdir(parents=True)
    NAME.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ContentError) as caught:
        read_wav(NAME)
    assert str(caught.value) == (
        "voice/Intro/Hello.wav: the recording is cut short: its header declares "
        f"32,000 bytes of samples, the file is {len(whole) // 2:,} bytes; export it again."
    )


def test_a_file_cut_short_by_a_few_frames_behind_a_longer_header_says_so(here: Path) -> None:
    """A metadata chunk before the samples hides the shortfall from the size check."""
    whole = wav_bytes(16_000, 1, 2, pcm(tone(1.0, 16_000), 2))
    riff = (len(whole) - 8 + 108).to_bytes(4, "little")
    padded = b"RIFF" + riff + whole[8:36] + b"LIST" + (100).to_bytes(4, "little") + bytes(100)
    padded += whole[36:]
    NAME.parent.mkdir(parents=True)
    NAME.write_bytes(padded[:-20])
    with pytest.raises(ContentError) as caught:
        read_wav(NAME)
    assert str(caught.value) == (
        "voice/Intro/Hello.wav: the recording is cut short: its header declares "
        "16,000 frames, the file holds 15,990; export it again."
    )


def test_a_recording_under_a_tenth_of_a_second_is_refused(here: Path) -> None:
    write_wav(NAME, 16_000, 1, 2, pcm(tone(0.05, 16_000), 2))
    with pytest.raises(ContentError, match=r"Hello\.wav: the recording is 0\.050 s long; "):
        read_wav(NAME)


def test_reading_holds_no_copy_of_the_whole_file(here: Path) -> None:
    """Peak memory: the mono float32 result plus one block, not the bytes and their copies."""
    write_wav(NAME, 48_000, 2, 2, pcm(tone(30.0, 48_000, 2), 2))
    size = NAME.stat().st_size
    tracemalloc.start()
    try:
        samples, _ = read_wav(NAME)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert samples.nbytes == size - 44  # 30 s of mono float32: 4 bytes a frame
    assert peak < 1.5 * size, f"peak {peak:,} bytes for a {size:,}-byte file"
