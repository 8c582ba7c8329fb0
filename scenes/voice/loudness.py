"""One loudness for the whole lecture: -16 LUFS integrated, true peak at most -1.5 dBTP.

The online-video convention. The gain is one number for the lecture (measured with an
ITU-R BS.1770 meter, pyloudnorm), not one per sentence, so quiet and loud sentences keep
their difference. Speech has peaks far above its loudness (about 20 dB for Piper's voice),
so a gain that reaches -16 LUFS would clip; a look-ahead peak limiter, measured on the
4x oversampled signal (true peak), keeps them under the ceiling. numpy and scipy only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

TARGET_LUFS = -16.0
TRUE_PEAK_DBTP = -1.5
LIMITER_CEILING_DBTP = -3.0  # below the target: AAC adds about 1 dB to the peaks (measured)
GAIN_STEP_DB = (
    0.5  # the gain is rounded to this, so a small edit leaves every clip's audio as it was
)
MIX_RATE = 48_000
_LOOKAHEAD_SECONDS = 0.03
_BLOCK_SECONDS = 0.4  # BS.1770 gating blocks
_BLOCK_OVERLAP = 0.75
_ABSOLUTE_GATE_LUFS = -70.0
MAKE_UP_ROUNDS = 6


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


def block_powers(samples: np.ndarray, rate: int = MIX_RATE) -> np.ndarray:
    """The mean square of the K-weighted signal in each 400 ms gating block (75 % overlap),
    as pyloudnorm's meter computes them: gating the blocks of several beats together
    measures them as one programme, so a beat's blocks can be kept and reused."""
    if len(samples) < int(_BLOCK_SECONDS * rate):
        return np.zeros(0)
    import pyloudnorm
    from scipy.signal import lfilter

    weighted = samples.astype(np.float64)
    for stage in pyloudnorm.Meter(rate)._filters.values():
        weighted = stage.passband_gain * lfilter(stage.b, stage.a, weighted)
    step = 1.0 - _BLOCK_OVERLAP
    count = int(np.round((len(samples) / rate - _BLOCK_SECONDS) / (_BLOCK_SECONDS * step))) + 1
    blocks = np.arange(count)
    lower = (_BLOCK_SECONDS * (blocks * step) * rate).astype(np.int64)
    upper = (_BLOCK_SECONDS * (blocks * step + 1) * rate).astype(np.int64)
    upper = np.minimum(upper, len(weighted))
    energy = np.concatenate([[0.0], np.cumsum(np.square(weighted))])
    return (energy[upper] - energy[lower]) / (_BLOCK_SECONDS * rate)


def gated_loudness(powers: np.ndarray) -> float:
    """Integrated loudness in LUFS of a programme's gating blocks: the blocks above -70 LUFS,
    then those within 10 LU of their mean (BS.1770-4); -inf when none is left."""
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(powers)
    audible = powers[levels >= _ABSOLUTE_GATE_LUFS]
    if len(audible) == 0:
        return float("-inf")
    relative = -0.691 + 10 * np.log10(audible.mean()) - 10.0
    kept = powers[(levels > relative) & (levels > _ABSOLUTE_GATE_LUFS)]
    return -0.691 + 10 * float(np.log10(kept.mean())) if len(kept) else float("-inf")


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
    samples: np.ndarray,
    ceiling_db: float = LIMITER_CEILING_DBTP,
    rate: int = MIX_RATE,
    envelope: np.ndarray | None = None,
) -> np.ndarray:
    """A look-ahead limiter: gain falls smoothly before each true peak over the ceiling.

    The gain each sample needs is spread over ±30 ms by a minimum filter, then smoothed by a
    moving average half as wide, which never rises above what any sample needs. `envelope`
    is the samples' true_peak_envelope where the caller has it (it scales with a gain).
    """
    if len(samples) == 0:
        return samples.astype(np.float32)
    ceiling = 10 ** (ceiling_db / 20)
    if envelope is None:
        envelope = true_peak_envelope(samples)
    needed = np.minimum(1.0, ceiling / np.maximum(envelope, 1e-12))
    half = max(1, int(_LOOKAHEAD_SECONDS * rate))
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    spread = minimum_filter1d(needed, size=2 * half + 1, mode="nearest")
    gain = uniform_filter1d(spread, size=half, mode="nearest")
    return (samples * np.minimum(gain, needed)).astype(np.float32)


def apply_gain(
    samples: np.ndarray, gain_db: float, envelope: np.ndarray | None = None
) -> np.ndarray:
    """The lecture's gain, then the limiter (`envelope`: the unscaled samples' true peaks)."""
    factor = np.float32(10 ** (gain_db / 20))
    return limit(samples * factor, envelope=None if envelope is None else envelope * factor)


# A beat's gating blocks after a gain and the limiter: (index of the beat, gain in dB).
PowersOf = Callable[[int, float], np.ndarray]


def powers_after_gain(beats: Sequence[np.ndarray]) -> PowersOf:
    """Each beat's gating blocks after a gain and the limiter, its true peaks found once."""
    envelopes: dict[int, np.ndarray] = {}

    def powers(index: int, gain_db: float) -> np.ndarray:
        if index not in envelopes:
            envelopes[index] = true_peak_envelope(beats[index])
        return block_powers(apply_gain(beats[index], gain_db, envelopes[index]))

    return powers


def lecture_gain(beats: Sequence[np.ndarray], powers_of: PowersOf | None = None) -> float:
    """The one gain in dB that brings all the lecture's speech (at 48 kHz) to the target.

    From the gain the unlimited speech needs, MAKE_UP_ROUNDS rounds each add back what the
    limiter took off the peaks. Speech has peaks far above its loudness (Piper's voice about
    24 dB), so near the target the limiter takes most of any more gain: the rounds stop
    about half a dB short of it rather than squash the voice further. Every gain tried is a
    GAIN_STEP_DB step, so `powers_of`, a beat's gating blocks at a gain
    (`powers_after_gain` by default), can be kept per beat: the voice cache does, and after
    an edit only the edited beats are measured again.
    """
    speech = [beat for beat in beats if len(beat)]
    if not speech:
        return 0.0
    measure = powers_of or powers_after_gain(speech)
    unlimited = gated_loudness(np.concatenate([block_powers(beat) for beat in speech]))
    if not np.isfinite(unlimited):
        return 0.0
    gain = _on_step(TARGET_LUFS - unlimited)
    for _ in range(MAKE_UP_ROUNDS):
        limited = gated_loudness(np.concatenate([measure(i, gain) for i in range(len(speech))]))
        gain = _on_step(gain + TARGET_LUFS - limited)
    return gain


def _on_step(gain_db: float) -> float:
    return round(gain_db / GAIN_STEP_DB) * GAIN_STEP_DB
