"""The one worker pool: every kind of job (render, storyboard) runs through `Pool.run`.

It owns what every kind needs the same way: at most `limit` jobs handed to workers at a
time (so "started" means a worker has the job), the order they were given in (callers
sort them longest first, see schedule.py), one event per start, finish or failure, a
worker that dies becoming that job's failure, every worker stopped when the run is
interrupted, and the output roots' work folders (`<out>/.work/`): those left by a run
that died are removed before any job starts, the empty folder after the last. Each job
runs in a fresh process forked from a server that has imported manim once.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from scenes import ownership
from scenes.render import orphans
from scenes.render.job import WORK_DIR_NAME, RenderFailure, RenderJob, Work, failure_of

# What every job imports first: a fork server imports them once and forks each worker from
# there (about a second of imports saved per job); nothing of ours, so no content state.
# The fork server also imports orphans, which makes it die with the run (see orphans.py).
WORKER_PRELOAD = (
    "numpy",
    "sympy",
    "cairo",
    "av",
    "manim",
    "scenes.render.orphans",
)


class EventKind(StrEnum):
    STARTED = "started"  # handed to a worker
    FINISHED = "finished"
    SKIPPED = "skipped"  # fresh: nothing to do
    FAILED = "failed"


@dataclass(frozen=True)
class Event:
    """Progress of one job, for one progress display."""

    kind: EventKind
    job: RenderJob
    index: int  # the job's position in the input
    total: int  # the number of jobs in the call
    elapsed: float  # seconds since the call began
    seconds: float = 0.0  # for finished/failed: seconds since this job started
    result: Any = None  # for finished: what the job returned (a JobResult, a Board)
    failure: RenderFailure | None = None
    work: Work | None = None  # for started: whether it renders or only converts

    @property
    def scene(self) -> str:
        return self.job.scene


@dataclass(frozen=True)
class Task:
    """One job to hand to a worker: `call(job, *args)` runs there."""

    index: int  # the job's position in the call's input
    args: tuple[Any, ...] = ()
    work: Work | None = None  # shown with the "started" event


def worker_context() -> multiprocessing.context.BaseContext:
    """On Linux a fork server with manim imported; elsewhere "spawn".

    macOS has a fork server too, but forking a process that has loaded Apple's frameworks
    (CoreText, under Pango) can crash the child, which is why Python spawns there by default.
    """
    if sys.platform != "linux":
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    _own_multiprocessing_temp()
    orphans.quiet_resource_tracker()
    orphans.mark_fork_server_parent()
    context.set_forkserver_preload(list(WORKER_PRELOAD))
    return context


def _own_multiprocessing_temp() -> None:
    """multiprocessing's temporary folder (the fork server's socket), owned by this process,
    so that a killed run leaves no `pymp-*` folder behind for good (see ownership.py).

    multiprocessing keeps the folder it uses in the process's `_config["tempdir"]` and
    makes one only when none is set (util.get_temp_dir).
    """
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    if config.get("tempdir") is None:
        config["tempdir"] = str(ownership.process_temp_folder())


def default_executor(workers: int) -> Executor:
    """Worker processes that each run one job and exit.

    Each job gets a fresh process forked from a server that has only imported manim and its
    libraries: manim's global config, random seeds and imported scene modules never leak from
    the parent or from an earlier job, and the worker's peak memory is that job's.
    """
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=worker_context(),
        max_tasks_per_child=1,
        initializer=orphans.worker_initializer,  # no worker outlives the run
    )


def remove_dead_work(out_roots: Iterable[Path]) -> None:
    """Remove the work folders of runs that died (their owner process is gone)."""
    for out_root in dict.fromkeys(out_roots):
        ownership.remove_dead(out_root / WORK_DIR_NAME)


@dataclass
class Pool:
    """One call's jobs, how to report on them and which failed; `run` hands tasks to workers."""

    jobs: Sequence[RenderJob]
    emit: Callable[[Event], None]
    began: float = field(default_factory=time.perf_counter)
    failures: dict[int, RenderFailure] = field(default_factory=dict)

    def event(self, kind: EventKind, index: int, **details: Any) -> None:
        elapsed = time.perf_counter() - self.began
        self.emit(Event(kind, self.jobs[index], index, len(self.jobs), elapsed, **details))

    def fail(self, index: int, failure: RenderFailure, seconds: float = 0.0) -> None:
        self.failures[index] = failure
        self.event(EventKind.FAILED, index, seconds=seconds, failure=failure)

    def ordered_failures(self) -> tuple[RenderFailure, ...]:
        """The failures in the order of the call's input."""
        return tuple(self.failures[index] for index in sorted(self.failures))

    def run(
        self,
        tasks: Sequence[Task],
        call: Callable[..., Any],
        *,
        limit: int,
        executor: Executor | None,
        finished: Callable[[int, Any, float], None],
    ) -> None:
        """Run `call(job, *task.args)` for each task in its own worker process.

        `call` must be a module-level function that returns its failure as a RenderFailure
        rather than raising (nothing else needs pickling); a failure is recorded in
        `failures`, anything else is handed to `finished`. `executor` replaces the default
        pool; it must run each call in its own process, since manim's config is global.
        """
        limit = max(1, min(limit, len(tasks)))
        pool = executor if executor is not None else default_executor(limit)
        try:
            self._execute(pool, list(tasks), call, limit, finished)
        except BaseException:  # interrupted: no worker may go on to publish unrecorded work
            if executor is None:
                orphans.stop_workers(pool)
            raise
        finally:
            if executor is None:
                pool.shutdown(wait=True, cancel_futures=True)
        for out_root in {self.jobs[task.index].out_root for task in tasks}:
            with suppress(OSError):
                (out_root / WORK_DIR_NAME).rmdir()  # only if empty: jobs clean their own

    def _execute(
        self,
        pool: Executor,
        pending: list[Task],
        call: Callable[..., Any],
        limit: int,
        finished: Callable[[int, Any, float], None],
    ) -> None:
        """Keep at most `limit` jobs in the pool, so "started" means a worker has the job."""
        running: dict[Future[Any], tuple[int, float]] = {}
        while pending or running:
            while pending and len(running) < limit:
                task = pending.pop(0)
                self.event(EventKind.STARTED, task.index, work=task.work)
                job = self.jobs[task.index]
                try:
                    future = pool.submit(call, job, *task.args)
                except Exception as error:  # e.g. the pool broke: this job fails, on we go
                    self.fail(task.index, failure_of(job, error))
                    continue
                running[future] = (task.index, time.perf_counter())
            if not running:
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: running[f][0]):
                index, started = running.pop(future)
                seconds = time.perf_counter() - started
                try:
                    outcome = future.result()
                except Exception as error:  # the worker died (e.g. out of memory)
                    outcome = failure_of(self.jobs[index], error)
                if isinstance(outcome, RenderFailure):
                    self.fail(index, outcome, seconds)
                else:
                    finished(index, outcome, seconds)
