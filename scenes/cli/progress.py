"""What `lecture render` shows while it works: a live display on a terminal, lines elsewhere.

On an interactive terminal one rich live display shows a line per running scene (its beat,
`3/5 ShrinkTheStep`, the frames written and frames per second) and an overall bar with
the time left. Workers report beats and frames through a queue from a multiprocessing
Manager (render/progress_hook.py); nothing is polled. The time left comes from the
manifest's last render seconds of each scene; a scene with no history is estimated from
its frame count (the preset's frame rate times its narration's reading time) at the
frames per second seen so far. Finished, skipped and failed scenes are printed above the
display as they happen, so the terminal keeps a log. Without a terminal (CI logs, pipes)
the plain lines are printed instead, and with --quiet nothing until the summary.
"""

from __future__ import annotations

import queue as queues
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from scenes.content.loader import Lecture
from scenes.content.reading import reading_time
from scenes.render.cache import MANIFEST_NAME, Manifest
from scenes.render.job import RenderJob
from scenes.render.pool import Event, EventKind
from scenes.render.progress_hook import BeatProgress

# Weights scenes with no history in the overall bar until this run has measured a speed;
# the README's benchmark measures 28-85 frames per second per scene at hd.
FALLBACK_FRAMES_PER_SECOND = 40.0
REFRESH_PER_SECOND = 8
RUNNING_FRACTION_CAP = 0.99  # a running scene is never shown as done


@dataclass(frozen=True)
class JobOutlook:
    """What is known of a job before it starts: its beats and what it should cost."""

    scene: str
    beats: tuple[str, ...]
    expected_frames: int
    expected_seconds: float | None  # the manifest's last render time; None: no history


def outlooks(lecture: Lecture, jobs: Sequence[RenderJob]) -> list[JobOutlook]:
    """Each job's beats, frames and seconds, from the content and the manifest."""
    manifests: dict[Any, Manifest] = {}
    found = []
    for job in jobs:
        if job.out_root not in manifests:
            manifests[job.out_root] = Manifest.load(job.out_root / MANIFEST_NAME)
        entry = manifests[job.out_root].entry(job.output_name)
        beats = lecture.scene(job.scene).beats
        rate = job.quality.frame_rate
        planned = sum(reading_time(beat.narration) for beat in beats)
        seconds_of_video = entry.duration if entry else planned
        found.append(
            JobOutlook(
                job.scene,
                tuple(beat.name for beat in beats),
                round(seconds_of_video * rate),
                entry.seconds if entry else None,
            )
        )
    return found


@dataclass
class _Running:
    started: float
    converting: bool  # no render: only converting formats or remuxing the narration
    beat_number: int = 0
    beat: str = ""
    frames: int = 0
    first_report: tuple[float, int] | None = None  # (time, frames) of the first frame count

    def fps(self, now: float) -> float | None:
        if self.first_report is None:
            return None
        since, frames = self.first_report
        return (self.frames - frames) / (now - since) if now - since > 0.5 else None


@dataclass
class RenderProgress:
    """The state behind the live display; events and worker reports update it."""

    plans: Sequence[JobOutlook]
    workers: int
    clock: Callable[[], float] = time.monotonic
    running: dict[int, _Running] = field(default_factory=dict)
    done: set[int] = field(default_factory=set)
    skipped: set[int] = field(default_factory=set)
    remuxing: dict[int, bool] = field(default_factory=dict)  # only the narration is remuxed
    measured: list[tuple[int, float]] = field(default_factory=list)  # finished: frames, seconds
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_event(self, event: Event) -> None:
        with self.lock:
            now = self.clock()
            if event.kind is EventKind.STARTED:
                converting = bool(event.work and not event.work.render)
                self.running[event.index] = _Running(now, converting)
                self.remuxing[event.index] = bool(event.work and event.work.narrate)
            elif event.kind is EventKind.SKIPPED:
                self.skipped.add(event.index)
            else:
                job = self.running.pop(event.index, None)
                self.done.add(event.index)
                if event.result is not None and event.result.rendered and job is not None:
                    self.measured.append((event.result.frames, max(now - job.started, 1e-3)))

    def on_report(self, report: BeatProgress) -> None:
        with self.lock:
            job = self.running.get(report.index)
            if job is None:
                return
            job.beat_number, job.beat, job.frames = report.beat_number, report.beat, report.frames
            if job.first_report is None and report.frames > 0:
                job.first_report = (self.clock(), report.frames)

    def frames_per_second(self, now: float) -> float | None:
        """Per scene, as seen in this run: finished renders, else the running ones."""
        if self.measured:
            return sum(f for f, _ in self.measured) / sum(s for _, s in self.measured)
        rates = [rate for job in self.running.values() if (rate := job.fps(now))]
        return sum(rates) / len(rates) if rates else None

    def _fraction(self, index: int) -> float:
        if index in self.done or index in self.skipped:
            return 1.0
        job = self.running.get(index)
        if job is None or job.converting:
            return 0.0
        expected = max(self.plans[index].expected_frames, 1)
        return min(job.frames / expected, RUNNING_FRACTION_CAP)

    def _cost(self, index: int, rate: float | None) -> float:
        """The seconds this job should take from start to end."""
        plan = self.plans[index]
        if index in self.skipped or (index in self.running and self.running[index].converting):
            return 0.0
        if plan.expected_seconds is not None:
            return plan.expected_seconds
        return plan.expected_frames / (rate or FALLBACK_FRAMES_PER_SECOND)

    def overall(self) -> tuple[float, float | None]:
        """The fraction of the work done, and the seconds left (None: not known yet)."""
        now = self.clock()
        rate = self.frames_per_second(now)
        costs = {index: self._cost(index, rate) for index in range(len(self.plans))}
        total = sum(costs.values())
        left = sum(costs[i] * (1 - self._fraction(i)) for i in costs)
        fraction = 1.0 - left / total if total > 0 else 1.0
        unfinished = [i for i in costs if i not in self.done and i not in self.skipped]
        unknown = rate is None and any(self.plans[i].expected_seconds is None for i in unfinished)
        parallel = max(1, min(self.workers, len(unfinished)))
        return fraction, None if unknown else left / parallel

    def __rich__(self) -> Group:
        with self.lock:
            now = self.clock()
            table = Table.grid(padding=(0, 2))
            for index in sorted(self.running):
                job, plan = self.running[index], self.plans[index]
                if job.converting:
                    doing = "narrating" if self.remuxing.get(index) else "converting"
                    table.add_row(plan.scene, doing, "", "")
                    continue
                beat = f"{job.beat_number}/{len(plan.beats)} {job.beat}" if job.beat else "starting"
                rate = job.fps(now)
                fps = f"{rate:.0f} fps" if rate is not None else ""
                table.add_row(plan.scene, beat, f"{job.frames} frames", fps)
            fraction, left = self.overall()
            finished = len(self.done) + len(self.skipped)
            remaining = format_seconds(left) + " left" if left is not None else "estimating"
            status = Text(f"{finished}/{len(self.plans)} scenes  {fraction:4.0%}  {remaining}")
            bar = Table.grid(padding=(0, 2))
            bar.add_row(ProgressBar(total=1.0, completed=fraction, width=40), status)
            return Group(table, bar)


def format_seconds(seconds: float) -> str:
    minutes, rest = divmod(max(0, round(seconds)), 60)
    return f"{minutes}:{rest:02d}"


@dataclass(frozen=True)
class Reporter:
    """What render_jobs is handed: the event callback and the workers' queue (or None)."""

    on_event: Callable[[Event], None]
    queue: Any = None


def _drain(source: Any, progress: RenderProgress, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            report = source.get(timeout=0.1)
        except queues.Empty:
            continue
        except (EOFError, OSError, BrokenPipeError):
            return
        progress.on_report(BeatProgress(*report))


@contextmanager
def render_progress(
    lecture: Lecture,
    jobs: Sequence[RenderJob],
    workers: int,
    plain: Callable[[Event], None],
    *,
    quiet: bool = False,
    local: bool = True,
    interactive: bool | None = None,
) -> Iterator[Reporter]:
    """The reporter for one render: live on a terminal, `plain` lines otherwise, or silent.

    `local`: the jobs run in this machine's worker processes, so they can reach the queue.
    """
    if quiet:
        yield Reporter(lambda event: None)
        return
    if interactive is None:
        interactive = sys.stdout.isatty()
    if not interactive:
        yield Reporter(plain)
        return
    from scenes.render.pool import worker_context

    progress = RenderProgress(outlooks(lecture, jobs), max(1, min(workers, len(jobs))))
    console = Console(file=sys.stdout)

    def on_event(event: Event) -> None:
        progress.on_event(event)
        if event.kind is EventKind.FINISHED:
            console.print(f"{event.scene}: done in {event.seconds:.1f} s", highlight=False)
        elif event.kind is EventKind.SKIPPED:
            console.print(f"{event.scene}: up to date", highlight=False)
        elif event.kind is EventKind.FAILED:
            message = event.failure.message if event.failure else "failed"
            console.print(f"{event.scene}: FAILED: {message}", style="red", highlight=False)

    manager = worker_context().Manager() if local else None
    source = manager.Queue() if manager is not None else None
    stop = threading.Event()
    drain = threading.Thread(target=_drain, args=(source, progress, stop), daemon=True)
    try:
        if source is not None:
            drain.start()
        with Live(progress, console=console, refresh_per_second=REFRESH_PER_SECOND, transient=True):
            yield Reporter(on_event, source)
    finally:
        stop.set()
        if drain.is_alive():
            drain.join(timeout=1)
        if manager is not None:
            manager.shutdown()
