"""`lecture storyboard`: the finished picture of every beat, in seconds instead of minutes.

Draws each stale scene's storyboard in worker processes (see render/storyboard_jobs.py),
then writes the lecture's page `OUT/<quality>/storyboard/index.html`, which lists every
beat of every scene with its narration and, once drawn, its picture. `lecture watch
--storyboard` calls `storyboard_round` after each save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scenes.cli.common import (
    EXIT_RENDER_FAILED,
    State,
    fail,
    guarded,
    pass_state,
    prepared_narration,
    quality_of,
    require_latex,
    resolve_scenes,
)
from scenes.cli.layout_report import LayoutReport, gather, print_report, strict_option
from scenes.cli.options import (
    jobs_option,
    narration_option,
    no_wait_option,
    out_option,
    quality_option,
    quiet_option,
)
from scenes.content.loader import ContentError, Lecture

if TYPE_CHECKING:
    from scenes.cli.watch import Batch
    from scenes.render.job import RenderJob
    from scenes.render.pool import Event
    from scenes.render.storyboard_jobs import StoryboardReport

EXIT_OK = 0


def page_path(out: Path, quality: str) -> Path:
    from scenes.outputs import storyboard

    return storyboard.board_dir(out / quality) / storyboard.PAGE_NAME


def write_page(lecture: Lecture, quality: str, out: Path) -> Path:
    """The lecture's storyboard page, from the content as it is now and the boards drawn."""
    from scenes.outputs import storyboard
    from scenes.outputs.atomic_files import atomic_write_text

    folder = storyboard.board_dir(out / quality)
    scenes = [
        storyboard.PageScene(
            scene.name,
            scene.chapter,
            tuple((beat.name, beat.narration) for beat in scene.beats),
            storyboard.read_board(folder, scene.name),
        )
        for scene in lecture.scenes
    ]
    path = page_path(out, quality)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, storyboard.lecture_page(lecture.title, quality, scenes))
    return path


def event_printer(quiet: bool = False) -> Callable[[Event], None]:
    """One line per scene started, drawn, up to date or failed (only failures when quiet)."""
    from scenes.render.pool import EventKind as Kind

    def show(event: Event) -> None:
        position = f"[{event.index + 1}/{event.total}] {event.job.scene}"
        if event.kind is Kind.FAILED:
            message = event.failure.message if event.failure else "failed"
            click.echo(f"{position}: FAILED: {message}", err=True)
        elif quiet:
            return
        elif event.kind is Kind.STARTED:
            click.echo(f"{position}: drawing")
        elif event.kind is Kind.SKIPPED:
            click.echo(f"{position}: up to date")
        elif event.kind is Kind.FINISHED and event.result is not None:
            beats = len(event.result.beats)
            click.echo(f"{position}: {beats} beats drawn in {event.seconds:.1f} s")

    return show


def report_failures(report: StoryboardReport, debug: bool) -> None:
    for failure in report.failures:
        click.echo(f"Error: {failure.scene}: no storyboard: {failure.message}", err=True)
        if debug:
            click.echo(failure.traceback, err=True)


def run_storyboard(
    lecture: Lecture,
    jobs: Sequence[RenderJob],
    quality: str,
    out: Path,
    *,
    workers: int | None = None,
    force: bool = False,
    debug: bool = False,
    quiet: bool = False,
    layout: bool = True,
) -> StoryboardReport:
    """Draw what is stale, write the page, print where the sheets and the page are, and
    (with `layout`) what the layout check found on every board of the run."""
    from scenes.outputs import storyboard
    from scenes.render import disk
    from scenes.render.storyboard_jobs import storyboard_jobs

    report = storyboard_jobs(
        jobs,
        workers=workers,
        force=force,
        on_event=event_printer(quiet),
        before_start=disk.require_room_for_boards,  # one sentence, nothing started
    )
    try:
        page = write_page(lecture, quality, out)
    except OSError as error:
        fail(f"{page_path(out, quality)} could not be written: {error.strerror}.", 1)
    for job, board, _seconds in report.drawn:
        click.echo(f"{job.scene}: {storyboard.board_dir(job.folder) / board.sheet}")
    report_failures(report, debug)
    click.echo(f"Storyboard: {page} ({report.wall_seconds:.1f} s)")
    if layout:
        print_report(boards_layout(jobs), len(jobs), quiet)
    return report


def boards_layout(jobs: Sequence[RenderJob]) -> LayoutReport:
    """The layout findings on each job's board, drawn now or fresh from before."""
    from scenes.outputs import storyboard

    records: list[tuple[str, Sequence[str] | None]] = []
    for job in jobs:
        board = storyboard.read_board(storyboard.board_dir(job.folder), job.scene)
        records.append((job.scene, board.findings if board is not None else None))
    return gather(records)


def storyboard_round(
    build: Callable[[], Batch],
    *,
    workers: int | None = None,
    debug: bool = False,
) -> StoryboardReport | None:
    """`lecture watch --storyboard`: redraw what a save made stale; None on a content error
    or when the output folder is refused (its sentence is printed)."""
    from scenes.cli.writer import as_sole_writer
    from scenes.render.errors import RenderInputError
    from scenes.voice.piper_voice import VoiceUnavailable

    try:
        batch = build()
    except (ContentError, RenderInputError, VoiceUnavailable) as error:
        click.echo(f"Error: {error}", err=True)
        return None
    lecture, jobs = batch.lecture, batch.jobs
    if lecture is None or not jobs:
        return None
    reports: list[StoryboardReport] = []

    def draw() -> int:
        reports.append(
            run_storyboard(
                lecture, jobs, jobs[0].quality.name, jobs[0].out_root, workers=workers, debug=debug
            )
        )
        return 0

    # refused: its sentence is printed; Ctrl-C goes on to `watch`, which stops
    as_sole_writer(draw, [jobs[0].out_root], catch_interrupt=False)
    if not reports:
        return None
    report = reports[0]
    if not report.drawn and not report.failures:
        click.echo("Every storyboard is up to date.")
    return report


@click.command("storyboard")
@click.argument("scenes", nargs=-1)
@quality_option("hd")
@out_option(
    "Where storyboards are written: OUT/<quality>/storyboard/index.html, a <Scene>.png "
    "sheet per scene and a picture per beat in <Scene>/."
)
@jobs_option
@click.option("--force", is_flag=True, help="Draw even storyboards that are up to date.")
@narration_option
@no_wait_option
@quiet_option
@strict_option
@pass_state
def storyboard_command(
    state: State,
    scenes: tuple[str, ...],
    quality: str,
    out: Path,
    jobs: int | None,
    force: bool,
    silent: bool,
    no_wait: bool,
    quiet: bool,
    strict: bool,
) -> None:
    """Draw the finished picture of every beat of SCENES (all by default), without video."""

    def outcome(report: StoryboardReport, drawn: Sequence[RenderJob]) -> int:
        if not report.ok:
            return EXIT_RENDER_FAILED
        return EXIT_RENDER_FAILED if strict and not boards_layout(drawn).clean else EXIT_OK

    draw_boards(state, scenes, quality, out, jobs, force, silent, no_wait, quiet, outcome)


def draw_boards(
    state: State,
    scenes: tuple[str, ...],
    quality: str,
    out: Path,
    jobs: int | None,
    force: bool,
    silent: bool,
    no_wait: bool,
    quiet: bool,
    outcome: Callable[[StoryboardReport, Sequence[RenderJob]], int],
    layout: bool = True,
) -> None:
    """Draw SCENES' boards under the output folder's lock and exit with `outcome` (the
    storyboard and check commands differ only there and in what they print)."""
    from scenes.cli.writer import as_sole_writer
    from scenes.plans import build_plan
    from scenes.render.lecture_jobs import scene_jobs

    lecture = guarded(state, state.lecture)
    names = resolve_scenes(lecture, scenes)
    preset = quality_of(quality, state.presets)
    require_latex(out)
    guarded(state, lambda: [build_plan(lecture, name) for name in names])

    def draw() -> int:  # under the output lock, which the voice cache in `out` shares
        narration = prepared_narration(state, lecture, out, silent, quiet)  # beats as spoken
        render_list = scene_jobs(lecture, names, preset, out, narration=narration)
        report = run_storyboard(
            lecture,
            render_list,
            quality,
            out,
            workers=jobs,
            force=force,
            debug=state.debug,
            quiet=quiet,
            layout=layout,
        )
        return outcome(report, render_list)

    raise SystemExit(as_sole_writer(draw, [out], wait=not no_wait))
