"""One gain for the lecture reaches -16 LUFS; the limiter keeps true peaks under the ceiling."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.voice import loudness
from scenes.voice.loudness import MIX_RATE


def speechlike(seconds: float, seed: int, level: float = 0.05) -> np.ndarray:
    """Noise in syllable-sized bursts with sharp peaks: loudness far below its peak, as speech."""
    rng = np.random.default_rng(seed)
    samples = rng.normal(0, level, int(seconds * MIX_RATE)).astype(np.float32)
    envelope = (np.sin(np.linspace(0, seconds * 2 * np.pi * 4, len(samples))) > 0).astype(float)
    samples *= envelope.astype(np.float32)
    clicks = rng.choice(len(samples), size=int(seconds * 3), replace=False)
    samples[clicks] = level * 12  # plosive-like peaks, 20 dB over the bursts
    return samples


def test_the_limiter_keeps_the_true_peak_under_its_ceiling_and_leaves_quiet_parts() -> None:
    loud = speechlike(3.0, seed=1) * 8
    assert loudness.true_peak_db(loud) > 0  # it would clip
    limited = loudness.limit(loud)
    assert loudness.true_peak_db(limited) <= loudness.LIMITER_CEILING_DBTP + 0.1
    quiet = speechlike(3.0, seed=2, level=0.001)
    assert np.array_equal(loudness.limit(quiet), quiet)


def test_the_lecture_gain_brings_all_the_speech_to_the_target() -> None:
    beats = [speechlike(4.0, seed=n, level=0.02 * (1 + n % 3)) for n in range(6)]
    gain = loudness.lecture_gain(beats)
    assert gain % loudness.GAIN_STEP_DB == 0
    mixed = np.concatenate([loudness.apply_gain(beat, gain) for beat in beats])
    assert loudness.integrated_loudness(mixed) == pytest.approx(loudness.TARGET_LUFS, abs=0.5)
    assert loudness.true_peak_db(mixed) <= loudness.TRUE_PEAK_DBTP
    # one gain, not one per beat: a beat spoken 3x (9.5 dB) louder stays clearly louder
    # (the limiter takes about half the difference off this noise's dense peaks; one gain
    # per beat would leave none of it)
    levels = [loudness.integrated_loudness(loudness.apply_gain(b, gain)) for b in beats[:3]]
    assert levels[0] < levels[1] < levels[2]
    assert levels[2] - levels[0] > 4


def test_speech_the_limiter_barely_touches_reaches_the_target_within_half_a_step() -> None:
    rng = np.random.default_rng(3)
    gentle = [rng.normal(0, 0.01 * (1 + n), 3 * MIX_RATE).astype(np.float32) for n in range(3)]
    gain = loudness.lecture_gain(gentle)
    mixed = np.concatenate([loudness.apply_gain(beat, gain) for beat in gentle])
    assert loudness.integrated_loudness(mixed) == pytest.approx(
        loudness.TARGET_LUFS, abs=loudness.GAIN_STEP_DB / 2 + 0.05
    )


def test_each_gain_tried_is_a_step_and_a_beat_is_measured_once_per_gain() -> None:
    beats = [speechlike(3.0, seed=n) for n in range(3)]
    measure = loudness.powers_after_gain(beats)
    tried: list[tuple[int, float]] = []

    def spy(index: int, gain_db: float) -> np.ndarray:
        tried.append((index, gain_db))
        return measure(index, gain_db)

    gain = loudness.lecture_gain(beats, spy)
    assert gain == loudness.lecture_gain(beats)  # the same with or without the hook
    assert all(g % loudness.GAIN_STEP_DB == 0 for _, g in tried)
    assert len(tried) == 3 * loudness.MAKE_UP_ROUNDS  # each beat at each round's gain


def test_gating_blocks_measured_apart_and_gated_together_agree_with_the_meter() -> None:
    one = speechlike(5.0, seed=7)
    assert loudness.gated_loudness(loudness.block_powers(one)) == pytest.approx(
        loudness.integrated_loudness(one), abs=1e-6
    )
    # two beats measured apart, then gated as one programme: within a tenth of a LU of the
    # meter on the joined signal (only the blocks that would straddle the join differ)
    two = [speechlike(3.0, seed=8, level=0.02), speechlike(6.0, seed=9, level=0.05)]
    apart = np.concatenate([loudness.block_powers(beat) for beat in two])
    joined = loudness.integrated_loudness(np.concatenate(two))
    assert loudness.gated_loudness(apart) == pytest.approx(joined, abs=0.1)
    assert loudness.gated_loudness(np.zeros(3)) == float("-inf")


def test_silence_and_nothing_get_no_gain() -> None:
    assert loudness.lecture_gain([]) == 0.0
    assert loudness.lecture_gain([np.zeros(MIX_RATE, np.float32)]) == 0.0


def test_resampling_to_48_khz_keeps_length_and_pitch() -> None:
    rate = 22_050
    tone = np.sin(2 * np.pi * 440 * np.arange(rate) / rate).astype(np.float32)
    mixed = loudness.to_mix_rate(tone, rate)
    assert len(mixed) == MIX_RATE
    spectrum = np.abs(np.fft.rfft(mixed))
    assert np.argmax(spectrum) == pytest.approx(440, abs=1)  # 1 s long: bin = Hz
