"""Progress from inside a render worker: which beat it is drawing and how many frames are out.

The parent hands each job a ProgressSink (a queue from a multiprocessing Manager, which
pickles into the worker, and the job's index). While `reporting` is open, manim's file
writer tells the sink each new section (a beat) and, at most every `interval` seconds,
how many frames it has handed to the encoder. Nothing is polled and nothing is written
to disk; a sink that cannot be reached (e.g. on a remote cluster worker) is dropped
silently, since progress is never worth failing a render for.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

REPORT_INTERVAL = 0.2  # seconds between frame-count messages


@dataclass(frozen=True)
class BeatProgress:
    """One message: job `index` is in its `beat_number`th beat (1-based) with `frames` out."""

    index: int
    beat_number: int
    beat: str
    frames: int


@dataclass
class ProgressSink:
    """Where one job's progress goes; `queue` needs only `put_nowait`.

    Messages travel as plain tuples (BeatProgress's fields), so the queue's server process
    needs no module of ours to unpickle them.
    """

    queue: Any
    index: int
    broken: bool = False

    def send(self, beat_number: int, beat: str, frames: int) -> None:
        if self.broken:
            return
        try:
            self.queue.put_nowait((self.index, beat_number, beat, frames))
        except Exception:  # the parent is gone or unreachable: render on without it
            self.broken = True


@contextmanager
def reporting(sink: ProgressSink | None, interval: float = REPORT_INTERVAL) -> Iterator[None]:
    """Report beats and frames from manim's file writer to `sink` while open (None: nothing)."""
    if sink is None:
        yield
        return
    from manim.scene.scene_file_writer import SceneFileWriter

    original_section, original_write = SceneFileWriter.next_section, SceneFileWriter.write_frame
    state = {"beat_number": 0, "beat": "", "frames": 0, "sent": 0.0}

    def send() -> None:
        state["sent"] = time.monotonic()
        sink.send(int(state["beat_number"]), str(state["beat"]), int(state["frames"]))

    def next_section(self: SceneFileWriter, name: str, *args: Any, **kwargs: Any) -> None:
        own_first = not self.sections  # the writer opens one itself before any beat
        original_section(self, name, *args, **kwargs)
        if own_first:
            return
        state["beat_number"] = int(state["beat_number"]) + 1
        state["beat"] = name
        send()

    def write_frame(self: SceneFileWriter, pixels: Any, *, repeat: int = 1) -> None:
        original_write(self, pixels, repeat=repeat)
        state["frames"] = int(state["frames"]) + repeat
        if time.monotonic() - float(state["sent"]) >= interval:
            send()

    SceneFileWriter.next_section = next_section  # type: ignore[method-assign]
    SceneFileWriter.write_frame = write_frame  # type: ignore[method-assign]
    try:
        yield
        send()  # the final count
    finally:
        SceneFileWriter.next_section = original_section  # type: ignore[method-assign]
        SceneFileWriter.write_frame = original_write  # type: ignore[method-assign]
