"""keep_freed_memory makes glibc keep frame-sized blocks in the heap instead of the kernel."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="mallopt is glibc's")

# Allocates and frees one 20 MB block (a 1080p frame is 8 MB) and reports, from glibc's
# mallinfo2: bytes held in mmapped blocks while it is allocated, heap bytes after it is freed.
PROBE = """
import ctypes, sys
from scenes.render.frame_memory import keep_freed_memory
tuned = keep_freed_memory() if sys.argv[1] == "tuned" else None
libc = ctypes.CDLL(None)
class Info(ctypes.Structure):
    names = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
    _fields_ = [(name, ctypes.c_size_t) for name in names.split()]
libc.mallinfo2.restype = Info
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
block = libc.malloc(20 * 1024 * 1024)
ctypes.memset(block, 1, 20 * 1024 * 1024)
mapped = libc.mallinfo2().hblkhd
libc.free(block)
print(tuned, mapped, libc.mallinfo2().arena)
"""
MB = 1024 * 1024


def _probe(mode: str) -> tuple[str, int, int]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0], int(out[1]), int(out[2])


def test_a_frame_sized_block_comes_from_the_heap_and_stays_there() -> None:
    tuned, mapped, heap_after_free = _probe("tuned")
    assert tuned == "True"
    assert mapped < MB  # not a fresh mmap of its own
    assert heap_after_free >= 20 * MB  # not handed back on free: the next frame reuses it


def test_without_it_glibc_maps_and_unmaps_the_block() -> None:
    """The control: what the tuning changes (so the test above can fail)."""
    _, mapped, heap_after_free = _probe("default")
    assert mapped >= 20 * MB
    assert heap_after_free < 20 * MB
