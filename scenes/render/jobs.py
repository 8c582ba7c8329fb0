"""Render jobs through the pool: what is stale is rendered (or only converted), and recorded.

The parent process decides what each job must do (keys, freshness, the manifest) and
never imports manim; the worker (worker.py) draws and publishes; only the parent writes
`manifest.json`, once after each finished job, with the key of what that worker drew.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scenes.render import schedule
from scenes.render.cache import MANIFEST_NAME, Manifest, ManifestEntry, utc_now
from scenes.render.job import JobResult, RenderFailure, RenderJob, Work, failure_of
from scenes.render.keys import format_key, job_key, narration_key, plan_work
from scenes.render.pool import Event, EventKind, Pool, Task, remove_dead_work
from scenes.render.progress_hook import ProgressSink
from scenes.render.worker import run_reporting_failure


@dataclass(frozen=True)
class RenderReport:
    """The outcome of render_jobs; each list follows the input order."""

    results: tuple[JobResult, ...]
    skipped: tuple[RenderJob, ...]
    failures: tuple[RenderFailure, ...]
    wall_seconds: float

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class Manifests:
    """The manifest of each output root, loaded once per call and saved after each job."""

    loaded: dict[Path, Manifest] = field(default_factory=dict)

    def of(self, job: RenderJob) -> Manifest:
        if job.out_root not in self.loaded:
            self.loaded[job.out_root] = Manifest.load(job.out_root / MANIFEST_NAME)
        return self.loaded[job.out_root]

    def record(self, job: RenderJob, result: JobResult) -> None:
        """Record what a finished job published, under the key of what it drew."""
        manifest = self.of(job)
        now = utc_now()

        def entry(name: str, key: str, seconds: float, size: int) -> ManifestEntry:
            return ManifestEntry(
                scene=job.scene,
                quality=job.quality.name,
                format=name,
                key=key,
                rendered_at=now,
                duration=round(result.duration, 6),
                seconds=round(seconds, 3),
                bytes=size,
            )

        if result.rendered:
            converting = sum(conversion.seconds for conversion in result.conversions)
            size = job.clip_path.stat().st_size
            master = entry(job.format, result.key, result.wall_seconds - converting, size)
            manifest.record(job.output_name, master)
            for name in job.convertible:  # the render removed them, or replaces them below
                manifest.renders.pop(job.output_name_of(name), None)
        for conversion in result.conversions:
            key = format_key(result.key, conversion.format, job.transparent)
            manifest.record(
                job.output_name_of(conversion.format),
                entry(conversion.format, key, conversion.seconds, conversion.bytes),
            )
        if result.narrated and job.narration is not None:
            if not result.rendered:  # remuxed with the new audio: same video, new sizes
                for name in (job.format, *job.convertible):
                    old = manifest.entry(job.output_name_of(name))
                    path = job.folder / f"{job.scene}.{name}"
                    if old is not None and path.is_file():
                        manifest.record(
                            job.output_name_of(name), replace(old, bytes=path.stat().st_size)
                        )
            manifest.record(
                job.narration_name,
                entry(
                    "narration", narration_key(job, result.key), 0.0, job.srt_path.stat().st_size
                ),
            )
        manifest.save(job.out_root / MANIFEST_NAME)


def _longest_first(
    jobs: Sequence[RenderJob], manifests: Manifests, pending: Sequence[Task]
) -> list[Task]:
    """Pending jobs in the order to start them (see schedule.py); only converting is short."""

    def recorded(task: Task) -> float | None:
        job = jobs[task.index]
        if task.work is not None and not task.work.render:
            return 0.0
        return schedule.recorded_seconds(manifests.of(job), job.output_name)

    def estimated(task: Task) -> float:
        rendering = task.work is None or task.work.render
        return schedule.estimated_cost(jobs[task.index]) if rendering else 0.0

    return schedule.longest_first(pending, recorded=recorded, estimated=estimated)


def render_jobs(
    jobs: Sequence[RenderJob],
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    force: bool = False,
    on_event: Callable[[Event], None] | None = None,
    key_of: Callable[[RenderJob], str] = job_key,
    before_start: Callable[[Sequence[tuple[RenderJob, Work]]], None] | None = None,
    progress: Any = None,
) -> RenderReport:
    """Render (or only convert) the jobs that are not fresh, in parallel; record the manifest.

    A failing job does not stop the others. `key_of` computes job keys (tests inject
    other keys through it). `executor` replaces the default process pool; it must run
    each job in its own process, since manim's config is process-global.
    `before_start` sees the jobs that will run before any starts (e.g. disk.require_room);
    what it raises ends the call with nothing started.
    `progress`: a queue (e.g. a multiprocessing Manager's) that workers put BeatProgress on.
    """
    pool = Pool(jobs, on_event or (lambda event: None))
    manifests = Manifests()
    results: dict[int, JobResult] = {}
    skipped: list[RenderJob] = []

    def finished(index: int, result: JobResult, seconds: float) -> None:
        job = jobs[index]
        if result.rendered and job.narration is not None:
            # the key again, now that the published sections say how long each beat's
            # animations take (see RenderJob.timing_key); the job is what the worker drew
            result = replace(result, key=key_of(job))
        manifests.record(job, result)
        results[index] = result
        pool.event(EventKind.FINISHED, index, seconds=seconds, result=result)

    remove_dead_work(job.out_root for job in jobs)
    pending: list[Task] = []
    for index, job in enumerate(jobs):
        try:
            key = key_of(job)
        except Exception as error:
            pool.fail(index, failure_of(job, error))
            continue
        work = plan_work(job, manifests.of(job), key=key, force=force)
        if work is None:
            skipped.append(job)
            pool.event(EventKind.SKIPPED, index)
        else:
            sink = ProgressSink(progress, index) if progress is not None else None
            pending.append(Task(index, (key, work, sink), work))

    if pending:
        if before_start is not None:
            before_start([(jobs[task.index], task.args[1]) for task in pending])
        pool.run(
            _longest_first(jobs, manifests, pending),
            run_reporting_failure,
            limit=workers or os.cpu_count() or 1,
            executor=executor,
            finished=finished,
        )

    return RenderReport(
        results=tuple(results[index] for index in sorted(results)),
        skipped=tuple(skipped),
        failures=pool.ordered_failures(),
        wall_seconds=time.perf_counter() - pool.began,
    )
