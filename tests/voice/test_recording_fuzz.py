"""Random WAV files, good and bad: each reads or is refused with a ContentError, quickly and
without memory growing past a few times the file's size (resampling included)."""

from __future__ import annotations

import random
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from wav_files import wav_bytes

from scenes.content.loader import ContentError
from scenes.voice.loudness import MIX_RATE, to_mix_rate
from scenes.voice.recordings import MAX_SAMPLE_RATE, MIN_SAMPLE_RATE, read_wav

CASES = 300
MAX_DATA_BYTES = 2_000_000  # of samples in one file: the test stays fast
SECONDS_PER_CASE = 3.0
# reading: the mono float32 result (at most 4x an 8-bit file) and a block; resampling an
# odd rate such as 191999 Hz builds a polyphase filter of about 200 MB, whatever the length
READ_MEMORY_FACTOR, READ_MEMORY_SLACK = 5, 4_000_000
RESAMPLE_MEMORY_SLACK = 250_000_000
COMMON_RATES = (8_000, 11_025, 16_000, 22_050, 32_000, 44_100, 48_000, 96_000, 192_000)


@dataclass(frozen=True)
class Case:
    """One random file: its header, how many bytes of samples, and how it was damaged."""

    rate: int
    channels: int
    bits: int
    frames: int
    declared: int | None
    cut: int | None
    garbage: tuple[tuple[int, int], ...]
    noise_only: bool

    def content(self, rng: random.Random) -> bytes:
        if self.noise_only:
            return rng.randbytes(self.frames)
        width = max(1, (self.bits + 7) // 8)
        data = rng.randbytes(min(self.frames * max(1, self.channels) * width, MAX_DATA_BYTES))
        content = bytearray(
            wav_bytes(self.rate, self.channels, width, data, declared=self.declared, bits=self.bits)
        )
        for position, value in self.garbage:
            if position < len(content):
                content[position] = value
        return bytes(content[: self.cut] if self.cut is not None else content)


def random_case(rng: random.Random) -> Case:
    """A third of the files are good (any rate in the limits, 1 or 2 channels, 8 to 32 bit,
    0.1 to 2 s), the others have any header at all, damaged or cut anywhere."""
    if rng.random() < 0.35:
        # any rate, but mostly common ones: resampling an odd rate takes up to a second
        odd = rng.random() < 0.15
        rate = rng.randint(MIN_SAMPLE_RATE, MAX_SAMPLE_RATE) if odd else rng.choice(COMMON_RATES)
        channels, bits = rng.choice([1, 2]), rng.choice([8, 16, 24, 32])
        frames = rng.randint(rate // 10 + 1, 2 * rate)
        frames = min(frames, MAX_DATA_BYTES // (channels * bits // 8))
        return Case(rate, channels, bits, frames, None, None, (), False)
    rate = rng.choice(
        [
            rng.choice(COMMON_RATES),
            rng.randint(0, 20),
            rng.choice([MIN_SAMPLE_RATE - 1, MAX_SAMPLE_RATE + 1]),
            rng.randint(0, 2**32 - 1),
        ]
    )
    channels = rng.choice([1, 2, 0, 3, rng.randint(0, 65_535)])
    bits = rng.choice([8, 16, 24, 32, 0, 1, 12, 20, 64, rng.randint(0, 65_535)])
    frames = min(rng.choice([0, rng.randint(0, 2_000), rng.randint(0, 2 * max(rate, 1))]), 400_000)
    declared = rng.choice([None, rng.randint(0, 2**32 - 1), rng.randint(0, 4 * frames + 1)])
    cut = rng.choice([None, rng.randint(0, 60), rng.randint(0, 44 + 4 * frames)])
    garbage = tuple((rng.randint(0, 60), rng.randint(0, 255)) for _ in range(rng.choice([0, 1, 3])))
    return Case(rate, channels, bits, frames, declared, cut, garbage, rng.random() < 0.05)


def test_random_wav_files_read_or_are_refused_in_one_sentence(tmp_path: Path) -> None:
    to_mix_rate(np.zeros(100, np.float32), 8_000)  # scipy's import is no case's time
    rng = random.Random(20240611)
    outcomes = {"read": 0, "refused": 0}
    for index in range(CASES):
        case = random_case(rng)
        path = tmp_path / f"case{index}.wav"
        path.write_bytes(case.content(rng))
        size = path.stat().st_size
        began = time.perf_counter()
        tracemalloc.start()
        try:
            samples, rate = read_wav(path)
            read_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()
            mixed = to_mix_rate(samples, rate)
            resample_peak = tracemalloc.get_traced_memory()[1]
        except ContentError as error:
            message = str(error)
            assert message.startswith(f"{path}: ") and message.endswith("."), (case, message)
            assert "\n" not in message, (case, message)
            outcomes["refused"] += 1
            continue
        except Exception as error:  # anything else is the crash this test is about
            pytest.fail(f"{case}: {type(error).__name__}: {error}")
        finally:
            tracemalloc.stop()
            seconds = time.perf_counter() - began
            assert seconds < SECONDS_PER_CASE, (case, seconds)
        outcomes["read"] += 1
        assert MIN_SAMPLE_RATE <= rate <= MAX_SAMPLE_RATE, case
        assert samples.dtype == np.float32 and samples.ndim == 1, case
        assert len(samples) >= rate // 10, case
        assert np.all(np.abs(samples) <= 1.0), case
        assert len(mixed) == pytest.approx(len(samples) * MIX_RATE / rate, abs=2), case
        assert read_peak <= READ_MEMORY_FACTOR * size + READ_MEMORY_SLACK, (case, read_peak)
        assert resample_peak <= 4 * mixed.nbytes + RESAMPLE_MEMORY_SLACK, (case, resample_peak)
    assert outcomes["read"] >= CASES // 4 and outcomes["refused"] >= CASES // 2, outcomes
