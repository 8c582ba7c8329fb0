"""Real WAV bytes for the recording tests, with any header, including ones `wave` never writes."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np


def wav_bytes(
    rate: int,
    channels: int,
    width: int,
    data: bytes,
    *,
    declared: int | None = None,
    bits: int | None = None,
) -> bytes:
    """A canonical 44-byte RIFF/WAVE header, then `data`; `declared`: the data chunk's size."""
    size = len(data) if declared is None else declared
    block = channels * width
    fmt = struct.pack(
        "<HHIIHH",
        1,  # PCM
        channels,
        rate & 0xFFFFFFFF,
        (rate * block) & 0xFFFFFFFF,
        block & 0xFFFF,
        8 * width if bits is None else bits,
    )
    return (
        b"RIFF"
        + struct.pack("<I", (36 + size) & 0xFFFFFFFF)
        + b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"data"
        + struct.pack("<I", size & 0xFFFFFFFF)
        + data
    )


def pcm(samples: np.ndarray, width: int) -> bytes:
    """Samples in [-1, 1] (frames x channels, or one channel) as little-endian PCM."""
    if width == 1:
        return np.round(samples * 127 + 128).astype(np.uint8).tobytes()
    if width == 3:
        ints = np.round(samples * ((1 << 23) - 1)).astype(np.int32).reshape(-1)
        raw = ints.astype("<i4").view(np.uint8).reshape(-1, 4)[:, :3]
        return raw.tobytes()
    kind = {2: "<i2", 4: "<i4"}[width]
    return np.round(samples * np.iinfo(kind).max).astype(kind).tobytes()


def write_wav(path: Path, rate: int, channels: int, width: int, data: bytes, **header: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(wav_bytes(rate, channels, width, data, **header))
    return path
