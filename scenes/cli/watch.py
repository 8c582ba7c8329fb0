"""`lecture watch`: re-render the scenes a save made stale, while you edit.

It polls modification times (standard library only; a few dozen files every half
second costs nothing) of the content file, the quality presets and the scene modules.
After a change it asks render_jobs for the scenes: their content keys decide what is
stale, so a save that changes nothing a scene depends on renders nothing. Every job
runs in a fresh process, so edits to scene code are always picked up. A mistake in the
content prints one sentence and the watch goes on; Ctrl-C ends it with exit code 0.

The watching process reads the content with the loader it imported at start: after
editing the loader itself (content.py, catalog.py), restart the watch.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scenes.cli.common import (
    EXIT_INTERRUPTED,
    INTERRUPTED,
    State,
    quality_of,
    require_latex,
)
from scenes.cli.options import jobs_option, narration_option, out_option, quality_option
from scenes.content.loader import ContentError, Lecture
from scenes.paths import PACKAGE_DIR, RENDER_CONFIG_DIR

if TYPE_CHECKING:
    from scenes.render.job import RenderJob
    from scenes.render.jobs import RenderReport
    from scenes.render.pool import Event

POLL_SECONDS = 0.5
WATCH_QUALITY = "draft"
sleep = time.sleep  # what `watch` waits with between polls; tests replace it
Snapshot = dict[Path, tuple[int, int]]


def watched_files(content: Path, presets: Path, scenes_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The files whose saves can make a clip stale: content, presets, the package's modules."""
    return sorted({content, *presets.glob("*.cfg"), *scenes_dir.rglob("*.py")})


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Modification time and size of each file that exists (a deleted file drops out)."""
    state: Snapshot = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        state[path] = (stat.st_mtime_ns, stat.st_size)
    return state


@dataclass(frozen=True)
class Batch:
    """One round's single reading of the lecture, and the jobs cut from it."""

    lecture: Lecture | None  # None: jobs of scenes that are not a lecture's (tests' fixtures)
    jobs: list[RenderJob]


def lecture_jobs(
    content: Path,
    names: Sequence[str],
    quality: str,
    out: Path,
    *,
    voiced: bool = True,
    presets: Path = RENDER_CONFIG_DIR,
) -> Callable[[], Batch]:
    """Builds the jobs for the named scenes (all when none) from the content and the preset
    as saved now, with its narration (only new sentences are synthesised)."""
    from scenes.plans import load_lecture
    from scenes.render.errors import RenderInputError
    from scenes.render.lecture_jobs import scene_jobs
    from scenes.render.quality import load_quality
    from scenes.voice.narration import narration_for

    def build() -> Batch:
        preset = load_quality(quality, presets)
        lecture: Lecture = load_lecture(content)
        order = [scene.name for scene in lecture.scenes]
        unknown = [name for name in names if name not in order]
        if unknown:
            raise RenderInputError(
                f"{content} has no scene {unknown[0]!r}; its scenes: {', '.join(order)}."
            )
        narration = narration_for(lecture, out, voiced=voiced)
        chosen = [n for n in order if not names or n in names]
        return Batch(lecture, scene_jobs(lecture, chosen, preset, out, narration=narration))

    return build


def announce(event: Event) -> None:
    """One line when a scene starts rendering; the finished clips are listed after the round."""
    from scenes.render.pool import EventKind

    if event.kind is EventKind.STARTED:
        click.echo(f"{event.scene}: rendering")


def report_round(report: RenderReport, debug: bool = False) -> None:
    """Where each new clip is, and each failure in one sentence (with --debug, its traceback)."""
    for result in report.results:
        click.echo(
            f"{result.scene}: {result.path} ({result.duration:.1f} s of video, "
            f"rendered in {result.wall_seconds:.1f} s)"
        )
    for failure in report.failures:
        click.echo(f"Error: {failure.scene} failed to render: {failure.message}", err=True)
        if debug:
            click.echo(failure.traceback, err=True)
    if not report.results and not report.failures:
        click.echo("Everything is up to date.")


def render_round(
    build: Callable[[], Batch],
    *,
    workers: int | None = None,
    key_of: Callable[[RenderJob], str] | None = None,
    debug: bool = False,
) -> RenderReport | None:
    """Render what is stale now, holding the output folders' locks; None when the content
    cannot be read or the folder cannot take the render (the error is printed)."""
    from scenes.render.errors import RenderInputError
    from scenes.render.jobs import render_jobs
    from scenes.render.keys import job_key
    from scenes.voice.piper_voice import VoiceUnavailable

    try:
        jobs = build().jobs
    except (ContentError, RenderInputError, VoiceUnavailable) as error:
        click.echo(f"Error: {error}", err=True)
        return None
    from scenes.cli.writer import as_sole_writer
    from scenes.render import disk

    reports: list[RenderReport] = []

    def render() -> int:
        reports.append(
            render_jobs(
                jobs,
                workers=workers,
                key_of=key_of or job_key,
                on_event=announce,
                before_start=disk.require_room,
            )
        )
        return 0

    # refused: its sentence is printed; Ctrl-C goes on to `watch`, which stops
    as_sole_writer(render, {job.out_root for job in jobs}, catch_interrupt=False)
    if not reports:
        return None
    report_round(reports[0], debug)
    return reports[0]


class RoundInterrupted(KeyboardInterrupt):
    """Ctrl-C while a round was rendering: the round was cut short (exit code 130)."""


def watch(
    build: Callable[[], Batch],
    files: Callable[[], Iterable[Path]],
    *,
    workers: int | None = None,
    key_of: Callable[[RenderJob], str] | None = None,
    interval: float = POLL_SECONDS,
    pause: Callable[[float], None] | None = None,
    max_polls: int | None = None,
    debug: bool = False,
    storyboard: bool = False,
) -> int:
    """Render now, then again after every change to `files()`; returns the rounds rendered.

    With `storyboard`, each round redraws the stale storyboards instead of rendering video.

    Runs until interrupted, or for `max_polls` polls (tests). `pause` (default: this
    module's `sleep`) is called between polls. A save during a round is seen at the next
    poll, so nothing is missed.
    """
    seen: Snapshot | None = None
    rounds = polls = 0
    while max_polls is None or polls < max_polls:
        current = snapshot(files())
        if current != seen:
            seen = current
            try:
                if storyboard:
                    from scenes.cli.storyboard import storyboard_round

                    storyboard_round(build, workers=workers, debug=debug)
                else:
                    render_round(build, workers=workers, key_of=key_of, debug=debug)
            except KeyboardInterrupt:
                raise RoundInterrupted from None
            rounds += 1
            click.echo("Watching for changes (Ctrl-C to stop)...")
        polls += 1
        if max_polls is None or polls < max_polls:
            (pause or sleep)(interval)
    return rounds


@click.command("watch")
@click.argument("scenes", nargs=-1)
@quality_option(WATCH_QUALITY)
@out_option("Where clips are written: OUT/<quality>/<Scene>.mp4.")
@jobs_option
@narration_option
@click.option(
    "--storyboard",
    is_flag=True,
    help="Redraw the storyboard (OUT/<quality>/storyboard/) instead of rendering video.",
)
@click.pass_obj
def watch_command(
    state: State,
    scenes: tuple[str, ...],
    quality: str,
    out: Path,
    jobs: int | None,
    silent: bool,
    storyboard: bool,
) -> None:
    """Render SCENES (all by default) now and again whenever a save makes them stale."""
    quality_of(quality, state.presets)  # an unknown preset is refused now; each round rereads
    require_latex(out)
    build = lecture_jobs(
        state.content, scenes, quality, out, voiced=not silent, presets=state.presets
    )
    try:
        files = partial(watched_files, state.content, state.presets)
        watch(build, files, workers=jobs, debug=state.debug, storyboard=storyboard)
    except RoundInterrupted:
        click.echo(f"\n{INTERRUPTED}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:  # while waiting for a save: the usual way to stop watching
        click.echo("\nStopped watching.")
