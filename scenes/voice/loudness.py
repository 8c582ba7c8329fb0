"""One loudness for the whole lecture: -16 LUFS integrated, true peak at most -1.5 dBTP.

The online-video convention. The gain is one number for the lecture (measured with an
ITU-R BS.1770 meter, pyloudnorm), not one per sentence, so quiet and loud sentences keep
their difference. Speech has peaks far above its loudness (about 20 dB for Piper's voice),
so a gain that reaches -16 LUFS would clip; a look-ahead peak limiter, measured on the
4x oversampled signal (true peak), keeps them under the ceiling. numpy and scipy only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

TARGET_LUFS = -16.0
TRUE_PEAK_DBTP = -1.5
LIMITER_CEILING_DBTP = -3.0  # below the target: AAC adds about 1 dB to the peaks (measured)
GAIN_STEP_DB = (
    0.5  # the gain is rounded to this, so a small edit leaves every clip's audio as it was
)
MIX_RATE = 48_000
_LOOKAHEAD_SECONDS = 0.03


def to_mix_rate(samples: np.ndarray, rate: int) -> np.ndarray:
    """Resampled to 48 kHz, the rate of every audio track written."""
    if rate == MIX_RATE:
        return samples.astype(np.float32)
    divisor = np.gcd(MIX_RATE, rate)
    from scipy.signal import resample_poly  # late: commands that only read the cache need no scipy

    return resample_poly(samples, MIX_RATE // divisor, rate // divisor).astype(np.float32)


def integrated_loudness(samples: np.ndarray, rate: int = MIX_RATE) -> float:
    """BS.1770 integrated loudness in LUFS; -inf for silence or less than a 400 ms block."""
    import pyloudnorm

    if len(samples) < int(0.4 * rate) or not np.any(samples):
        return float("-inf")
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))


def true_peak_envelope(samples: np.ndarray) -> np.ndarray:
    """Per sample, the largest magnitude of the 4x oversampled signal around it."""
    if len(samples) == 0:
        return np.zeros(0, np.float32)
    from scipy.signal import resample_poly

    oversampled = resample_poly(samples.astype(np.float64), 4, 1)[: 4 * len(samples)]
    return np.abs(oversampled).reshape(len(samples), 4).max(axis=1)


def true_peak_db(samples: np.ndarray) -> float:
    peak = float(true_peak_envelope(samples).max(initial=0.0))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def limit(
    samples: np.ndarray, ceiling_db: float = LIMITER_CEILING_DBTP, rate: int = MIX_RATE
) -> np.ndarray:
    """A look-ahead limiter: gain falls smoothly before each true peak over the ceiling.

    The gain each sample needs is spread over ±30 ms by a minimum filter, then smoothed by a
    moving average half as wide, which never rises above what any sample needs.
    """
    if len(samples) == 0:
        return samples.astype(np.float32)
    ceiling = 10 ** (ceiling_db / 20)
    needed = np.minimum(1.0, ceiling / np.maximum(true_peak_envelope(samples), 1e-12))
    half = max(1, int(_LOOKAHEAD_SECONDS * rate))
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    spread = minimum_filter1d(needed, size=2 * half + 1, mode="nearest")
    gain = uniform_filter1d(spread, size=half, mode="nearest")
    return (samples * np.minimum(gain, needed)).astype(np.float32)


def apply_gain(samples: np.ndarray, gain_db: float) -> np.ndarray:
    """The lecture's gain, then the limiter."""
    return limit(samples * np.float32(10 ** (gain_db / 20)))


def lecture_gain(beats: Sequence[np.ndarray]) -> float:
    """The one gain in dB that brings all the lecture's speech (at 48 kHz) to the target."""
    speech = [beat for beat in beats if len(beat)]
    if not speech:
        return 0.0
    joined = np.concatenate(speech)
    measured = integrated_loudness(joined)
    if not np.isfinite(measured):
        return 0.0
    gain = TARGET_LUFS - measured
    for _ in range(6):  # the limiter takes a little loudness off the peaks: make it up
        limited = np.concatenate([apply_gain(beat, gain) for beat in speech])
        gain += TARGET_LUFS - integrated_loudness(limited)
    return round(gain / GAIN_STEP_DB) * GAIN_STEP_DB
