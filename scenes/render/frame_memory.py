"""Keep freed frame buffers in the process instead of handing them back to the kernel.

manim copies each frame (8 MB at 1080p) for its encoder thread, which frees it after encoding.
glibc returns a freed block that size to the kernel and asks for fresh pages for the next
one, so every frame costs two thousand page faults and the kernel zeroing 8 MB. Raising the
mmap and trim thresholds makes glibc reuse the same memory: a 1080p scene rendered with
7.5x fewer page faults and a third of the system time (DerivativeRules: sys 4.8 -> 1.7 s).
A worker's peak memory is unchanged; it keeps what it peaked at until it exits.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024  # glibc's ceiling: 1080p frames fit, 4K frames don't
TRIM_THRESHOLD_BYTES = 1024 * 1024 * 1024


@cache
def keep_freed_memory() -> bool:
    """Tune this process's allocator for frame-sized buffers; False where libc is not glibc."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    )
