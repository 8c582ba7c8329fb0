"""Storyboard jobs: each scene's beats drawn as finished pictures, without the animation.

A storyboard job is a render job (same scene, quality, content and output root) run the
way `manim -s` runs: every animation is skipped, which still builds and moves every
mobject to where the animation leaves it, so the frame drawn at a beat's end is the one
the clip shows there. The beat loop calls `beat_ended` after each beat; the worker draws
the frame then. Like render jobs, each runs in a fresh worker process (the same fork
server) and publishes atomically into `<out>/<quality>/storyboard/`. Its key is the render
job's key plus a storyboard marker, so a storyboard is fresh exactly as long as the clip
it previews would be.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from scenes.outputs import storyboard
from scenes.outputs.atomic_files import atomic_publish
from scenes.render import schedule, tex_cache
from scenes.render.cache import compute_key
from scenes.render.jobs import (
    WORK_DIR_NAME,
    Quality,
    RenderError,
    RenderInputError,
    RenderJob,
    SceneNotFoundError,
    default_executor,
    job_key,
    load_quality,
)
from scenes.render.tex_cache import TEX_CACHE_NAME

STORYBOARD_MARKER = "storyboard-1"  # bump when what a board holds changes


def storyboard_key(job: RenderJob) -> str:
    """The render job's key plus a storyboard marker and the sheet layout's code."""
    layout = Path(storyboard.__file__).read_text(encoding="utf-8")
    return compute_key({"render": job_key(job), "storyboard": STORYBOARD_MARKER, "layout": layout})


def board_folder(job: RenderJob) -> Path:
    return storyboard.board_dir(job.folder)


def is_fresh(job: RenderJob, key: str) -> bool:
    return storyboard.is_fresh(board_folder(job), job.scene, key)


# ---------------------------------------------------------------------------
# One job, in a worker process


def draw_only_at_beat_ends(scene: Any) -> Callable[[], np.ndarray]:
    """Stop manim drawing frames that nobody sees; return what draws the scene on demand.

    manim's skipped plays still draw: the static layer of each play, the held frame of each
    wait and the last moment of each animation, every one copied out. A storyboard needs the
    frame only at each beat's end, so those draws become no-ops on this scene's renderer
    (not on the class), and the returned function draws the whole scene as it stands.
    """
    renderer = scene.renderer
    update_frame, get_frame = renderer.update_frame, renderer.get_frame

    def no_static_layer(*_args: Any) -> None:
        renderer.static_image = None

    renderer.save_static_frame_data = no_static_layer
    renderer.update_frame = lambda *_args, **_kwargs: None
    renderer.get_frame = lambda: renderer.camera.pixel_array  # only ever skipped, never kept

    def finished_frame() -> np.ndarray:
        renderer.static_image = None
        update_frame(scene, ignore_skipping=True)
        return get_frame()

    return finished_frame


def beat_frames(
    job: RenderJob, quality: Quality, media_dir: Path
) -> tuple[list[storyboard.BeatFrame], str]:
    """Run the scene with every animation skipped; the frame, text and timing of each beat,
    and the scene's chapter title."""
    from manim import config, logger, tempconfig

    from scenes.render.shared_svg_paths import shared_svg_paths

    logger.setLevel("WARNING")
    settings = config.copy()
    settings.digest_file(quality.path)
    settings.update(
        {
            "media_dir": str(media_dir),
            "format": "png",  # manim's -s: skip every animation, keep the last frame
            "transparent": job.transparent,
            "save_sections": False,
            "disable_caching": True,
            "progress_bar": "none",
            "verbosity": "WARNING",
            "tex_dir": str(media_dir / "Tex"),
        }
    )
    shared_tex = job.out_root / TEX_CACHE_NAME
    tex_cache.seed(shared_tex, media_dir / "Tex")
    frames: list[storyboard.BeatFrame] = []
    with tempconfig(settings), shared_svg_paths():
        module = importlib.import_module(job.module)
        scene_class = getattr(module, job.class_name, None)
        for_render = getattr(scene_class, "for_render", None)
        if not isinstance(scene_class, type) or for_render is None:
            raise SceneNotFoundError(
                f"Module {job.module!r} has no lecture scene class {job.class_name!r}."
            )
        timing = job.beat_seconds()  # the narration's lengths, as the clip will have them
        if timing is None:
            scene = for_render(job.content, job.scene)
        else:
            scene = for_render(job.content, job.scene, beat_seconds=timing)
        if not hasattr(scene, "beat_ended"):
            raise RenderError(f"Scene {job.scene!r} has no beats to draw a storyboard of.")

        finished_frame = draw_only_at_beat_ends(scene)

        def draw(record: Any) -> None:
            beat = scene.content.beats[len(frames)]
            planned = record.end - record.start
            frames.append(
                storyboard.BeatFrame(beat.name, beat.narration, planned, finished_frame())
            )

        scene.beat_ended = draw
        scene.render()
    tex_cache.publish(media_dir / "Tex", shared_tex)
    return frames, scene.content.chapter


def draw_storyboard(job: RenderJob, key: str | None = None) -> storyboard.Board:
    """Draw one scene's storyboard and publish it; beats that no longer exist are removed."""
    key = key if key is not None else storyboard_key(job)
    quality = load_quality(job.quality, job.presets)
    work_root = job.out_root / WORK_DIR_NAME
    work_root.mkdir(parents=True, exist_ok=True)
    work_dir = Path(tempfile.mkdtemp(prefix=f"{job.scene}-storyboard-", dir=work_root))
    folder = board_folder(job)
    began = time.perf_counter()
    try:
        frames, chapter = beat_frames(job, quality, work_dir / "media")
        board, staged = storyboard.stage_board(
            work_dir / "board",
            scene=job.scene,
            chapter=chapter,
            quality=job.quality,
            key=key,
            frames=frames,
            seconds=time.perf_counter() - began,
        )
        record = storyboard.record_path(folder, job.scene)
        pictures = {source: folder / relative for source, relative in staged.items()}
        # the record last: a board whose record names its key has all its pictures
        atomic_publish({s: d for s, d in pictures.items() if d != record})
        atomic_publish({s: d for s, d in pictures.items() if d == record})
        _remove_gone_beats(folder / job.scene, set(pictures.values()))
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return board


def _remove_gone_beats(beat_folder: Path, published: set[Path]) -> None:
    if not beat_folder.is_dir():
        return
    for path in beat_folder.glob("*.png"):
        if path not in published:
            with suppress(OSError):
                path.unlink()


@dataclass(frozen=True)
class StoryboardFailure:
    """A scene whose storyboard could not be drawn: one line, and the traceback for --debug."""

    scene: str
    message: str
    traceback: str


def _failure(scene: str, error: BaseException) -> StoryboardFailure:
    lines = str(error).strip().splitlines()
    if isinstance(error, RenderInputError | RenderError) and lines:
        message = lines[0]
    else:
        message = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    return StoryboardFailure(scene, message, "".join(traceback.format_exception(error)))


def _draw_reporting_failure(
    job: RenderJob, key: str
) -> tuple[storyboard.Board, float] | StoryboardFailure:
    """The worker's entry point: the board and the worker's seconds, or the failure as data."""
    began = time.perf_counter()
    try:
        return draw_storyboard(job, key), time.perf_counter() - began
    except Exception as error:
        return _failure(job.scene, error)


# ---------------------------------------------------------------------------
# Many jobs, in parallel


class StoryboardEventKind(StrEnum):
    STARTED = "started"
    FINISHED = "finished"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class StoryboardEvent:
    kind: StoryboardEventKind
    job: RenderJob
    index: int
    total: int
    seconds: float = 0.0  # finished/failed: since the job started
    board: storyboard.Board | None = None
    failure: StoryboardFailure | None = None


def _longest_first(
    jobs: Sequence[RenderJob], pending: list[tuple[int, str]]
) -> list[tuple[int, str]]:
    """By the seconds each board last took to draw, else by the render's estimate."""

    def recorded(item: tuple[int, str]) -> float | None:
        job = jobs[item[0]]
        board = storyboard.read_board(board_folder(job), job.scene)
        return board.seconds if board is not None and board.seconds > 0 else None

    def estimated(item: tuple[int, str]) -> float:
        job = jobs[item[0]]
        return schedule.estimated_cost(job.scene, job.content, job.three_d)

    return schedule.longest_first(pending, recorded=recorded, estimated=estimated)


@dataclass(frozen=True)
class StoryboardReport:
    """The outcome of storyboard_jobs; each list follows the input order."""

    drawn: tuple[tuple[RenderJob, storyboard.Board, float], ...]  # job, board, worker seconds
    skipped: tuple[RenderJob, ...]
    failures: tuple[StoryboardFailure, ...]
    wall_seconds: float

    @property
    def ok(self) -> bool:
        return not self.failures


def storyboard_jobs(
    jobs: Sequence[RenderJob],
    *,
    workers: int | None = None,
    force: bool = False,
    on_event: Callable[[StoryboardEvent], None] | None = None,
    key_of: Callable[[RenderJob], str] = storyboard_key,
    executor: Executor | None = None,
) -> StoryboardReport:
    """Draw the storyboards that are not fresh, in parallel worker processes.

    A failing scene does not stop the others. `executor` replaces the default pool; it
    must run each job in its own process (manim's config is process-global).
    """
    began = time.perf_counter()
    emit = on_event or (lambda event: None)
    total = len(jobs)
    drawn: dict[int, tuple[RenderJob, storyboard.Board, float]] = {}
    failures: dict[int, StoryboardFailure] = {}
    skipped: list[RenderJob] = []
    pending: list[tuple[int, str]] = []
    for index, job in enumerate(jobs):
        try:
            key = key_of(job)
        except Exception as error:
            failures[index] = _failure(job.scene, error)
            emit(
                StoryboardEvent(
                    StoryboardEventKind.FAILED, job, index, total, failure=failures[index]
                )
            )
            continue
        if not force and is_fresh(job, key):
            skipped.append(job)
            emit(StoryboardEvent(StoryboardEventKind.SKIPPED, job, index, total))
        else:
            pending.append((index, key))
    if pending:
        pending = _longest_first(jobs, pending)
        limit = max(1, min(workers or os.cpu_count() or 1, len(pending)))
        pool = executor if executor is not None else default_executor(limit)
        try:
            running: dict[Future[Any], tuple[int, float]] = {}
            queue = list(pending)
            while queue or running:
                while queue and len(running) < limit:
                    index, key = queue.pop(0)
                    emit(StoryboardEvent(StoryboardEventKind.STARTED, jobs[index], index, total))
                    try:
                        future = pool.submit(_draw_reporting_failure, jobs[index], key)
                    except Exception as error:  # e.g. the pool broke: this one fails, on we go
                        failures[index] = _failure(jobs[index].scene, error)
                        emit(
                            StoryboardEvent(
                                StoryboardEventKind.FAILED,
                                jobs[index],
                                index,
                                total,
                                failure=failures[index],
                            )
                        )
                        continue
                    running[future] = (index, time.perf_counter())
                if not running:
                    continue
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: running[f][0]):
                    index, started = running.pop(future)
                    seconds = time.perf_counter() - started
                    try:
                        outcome = future.result()
                    except Exception as error:  # the worker died
                        outcome = _failure(jobs[index].scene, error)
                    job = jobs[index]
                    if isinstance(outcome, StoryboardFailure):
                        failures[index] = outcome
                        emit(
                            StoryboardEvent(
                                StoryboardEventKind.FAILED,
                                job,
                                index,
                                total,
                                seconds,
                                failure=outcome,
                            )
                        )
                    else:
                        board, worker_seconds = outcome
                        drawn[index] = (job, board, worker_seconds)
                        emit(
                            StoryboardEvent(
                                StoryboardEventKind.FINISHED,
                                job,
                                index,
                                total,
                                seconds,
                                board=board,
                            )
                        )
        finally:
            if executor is None:
                pool.shutdown(wait=True, cancel_futures=True)
        for out_root in {jobs[index].out_root for index in (*drawn, *failures)}:
            with suppress(OSError):
                (out_root / WORK_DIR_NAME).rmdir()
    return StoryboardReport(
        drawn=tuple(drawn[i] for i in sorted(drawn)),
        skipped=tuple(skipped),
        failures=tuple(failures[i] for i in sorted(failures)),
        wall_seconds=time.perf_counter() - began,
    )
