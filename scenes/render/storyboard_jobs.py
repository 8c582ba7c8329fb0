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

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scenes.outputs import storyboard
from scenes.outputs.atomic_files import atomic_publish
from scenes.render import schedule, tex_cache
from scenes.render.cache import compute_key
from scenes.render.errors import RenderError
from scenes.render.job import RenderFailure, RenderJob, failure_of
from scenes.render.keys import job_key
from scenes.render.pool import Event, EventKind, Pool, Task, remove_dead_work
from scenes.render.tex_cache import TEX_CACHE_NAME
from scenes.render.worker import manim_settings, scene_for, work_folder

STORYBOARD_MARKER = "storyboard-2"  # bump when what a board holds changes


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
        """The beat's last frame drawn as the clip drew it: the last play's still mobjects
        first, then its moving ones over them. In 3D the order matters: manim sorts only
        the mobjects of one draw by depth, so a ball that moves is drawn over the level
        curve beside it in the clip, and would be drawn under it in one draw of everything."""
        present = set(scene.get_mobject_family_members())
        still = [m for m in scene.static_mobjects if m in present]
        moving = [m for m in scene.moving_mobjects if m in present]
        renderer.static_image = None
        if still:
            update_frame(scene, mobjects=still, ignore_skipping=True)
            renderer.static_image = get_frame()
        update_frame(scene, mobjects=moving, ignore_skipping=True)  # none: everything
        renderer.static_image = None
        return get_frame()

    return finished_frame


def beat_frames(job: RenderJob, media_dir: Path) -> tuple[list[storyboard.BeatFrame], str]:
    """Run the scene with every animation skipped; the frame, text and timing of each beat,
    and the scene's chapter title."""
    from manim import tempconfig

    from scenes.render.shared_svg_paths import shared_svg_paths

    # manim's -s: skip every animation, keep the last frame
    settings = manim_settings(job, media_dir, format="png", save_sections=False)
    shared_tex = job.out_root / TEX_CACHE_NAME
    tex_cache.seed(shared_tex, media_dir / "Tex")
    frames: list[storyboard.BeatFrame] = []
    with tempconfig(settings), shared_svg_paths():
        scene = scene_for(job)  # beats as long as the narration's, as the clip will have them
        if not hasattr(scene, "beat_ended"):
            raise RenderError(f"Scene {job.scene!r} has no beats to draw a storyboard of.")

        finished_frame = draw_only_at_beat_ends(scene)
        scene.checks_layout = True  # each beat's findings go on the board beside its picture
        reported = 0

        def draw(record: Any) -> None:
            nonlocal reported
            beat = scene.content.beats[len(frames)]
            planned = record.end - record.start
            found = tuple(f.sentence() for f in scene.layout_findings[reported:])
            reported = len(scene.layout_findings)
            frames.append(
                storyboard.BeatFrame(beat.name, beat.narration, planned, finished_frame(), found)
            )

        scene.beat_ended = draw
        scene.render()
    tex_cache.publish(media_dir / "Tex", shared_tex)
    return frames, scene.content.chapter


def draw_storyboard(job: RenderJob, key: str | None = None) -> storyboard.Board:
    """Draw one scene's storyboard and publish it; beats that no longer exist are removed."""
    key = key if key is not None else storyboard_key(job)
    folder = board_folder(job)
    began = time.perf_counter()
    with work_folder(job, "storyboard") as work_dir:
        frames, chapter = beat_frames(job, work_dir / "media")
        board, staged = storyboard.stage_board(
            work_dir / "board",
            scene=job.scene,
            chapter=chapter,
            quality=job.quality.name,
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
    return board


def _remove_gone_beats(beat_folder: Path, published: set[Path]) -> None:
    if not beat_folder.is_dir():
        return
    for path in beat_folder.glob("*.png"):
        if path not in published:
            with suppress(OSError):
                path.unlink()


def draw_reporting_failure(job: RenderJob, key: str) -> Drawn | RenderFailure:
    """The worker's entry point: the board and the worker's seconds, or the failure as data."""
    began = time.perf_counter()
    try:
        return Drawn(draw_storyboard(job, key), time.perf_counter() - began)
    except Exception as error:
        return failure_of(job, error)


# ---------------------------------------------------------------------------
# Many jobs, through the pool


@dataclass(frozen=True)
class Drawn:
    """A board a worker drew, and the seconds it took there."""

    board: storyboard.Board
    seconds: float


def _longest_first(jobs: Sequence[RenderJob], pending: list[Task]) -> list[Task]:
    """By the seconds each board last took to draw, else by the render's estimate."""

    def recorded(task: Task) -> float | None:
        job = jobs[task.index]
        board = storyboard.read_board(board_folder(job), job.scene)
        return board.seconds if board is not None and board.seconds > 0 else None

    def estimated(task: Task) -> float:
        return schedule.estimated_cost(jobs[task.index])

    return schedule.longest_first(pending, recorded=recorded, estimated=estimated)


@dataclass(frozen=True)
class StoryboardReport:
    """The outcome of storyboard_jobs; each list follows the input order."""

    drawn: tuple[tuple[RenderJob, storyboard.Board, float], ...]  # job, board, worker seconds
    skipped: tuple[RenderJob, ...]
    failures: tuple[RenderFailure, ...]
    wall_seconds: float

    @property
    def ok(self) -> bool:
        return not self.failures


def storyboard_jobs(
    jobs: Sequence[RenderJob],
    *,
    workers: int | None = None,
    force: bool = False,
    on_event: Callable[[Event], None] | None = None,
    key_of: Callable[[RenderJob], str] = storyboard_key,
    executor: Executor | None = None,
    before_start: Callable[[Sequence[RenderJob]], None] | None = None,
) -> StoryboardReport:
    """Draw the storyboards that are not fresh, in parallel worker processes.

    A failing scene does not stop the others. `executor` replaces the default pool; it
    must run each job in its own process (manim's config is process-global).
    `before_start` sees the jobs that will be drawn before any starts (e.g. a disk check);
    what it raises ends the call with nothing started. A finished event's `result` is
    the Board.
    """
    pool = Pool(jobs, on_event or (lambda event: None))
    drawn: dict[int, tuple[RenderJob, storyboard.Board, float]] = {}
    skipped: list[RenderJob] = []

    def finished(index: int, outcome: Drawn, seconds: float) -> None:
        drawn[index] = (jobs[index], outcome.board, outcome.seconds)
        pool.event(EventKind.FINISHED, index, seconds=seconds, result=outcome.board)

    remove_dead_work(job.out_root for job in jobs)
    pending: list[Task] = []
    for index, job in enumerate(jobs):
        try:
            key = key_of(job)
        except Exception as error:
            pool.fail(index, failure_of(job, error))
            continue
        if not force and is_fresh(job, key):
            skipped.append(job)
            pool.event(EventKind.SKIPPED, index)
        else:
            pending.append(Task(index, (key,)))
    if pending:
        if before_start is not None:
            before_start([jobs[task.index] for task in pending])
        pool.run(
            _longest_first(jobs, pending),
            draw_reporting_failure,
            limit=workers or os.cpu_count() or 1,
            executor=executor,
            finished=finished,
        )
    return StoryboardReport(
        drawn=tuple(drawn[i] for i in sorted(drawn)),
        skipped=tuple(skipped),
        failures=pool.ordered_failures(),
        wall_seconds=time.perf_counter() - pool.began,
    )
