"""`lecture render` end to end: jobs, progress, a summary, beat indexes, the assembled lecture.

Kept apart from cli.py so the command module stays a thin argument parser.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import av
import click
import numpy as np

from scenes.cli.layout_report import LayoutReport, gather, print_report
from scenes.cli.progress import render_progress
from scenes.content.loader import Lecture
from scenes.outputs.assemble import assemble_lecture
from scenes.outputs.descriptions import write_descriptions
from scenes.outputs.formats import clip_index, write_clip_index
from scenes.render import disk
from scenes.render.findings import read_findings
from scenes.render.job import RenderJob
from scenes.render.jobs import RenderReport, render_jobs
from scenes.render.lecture_jobs import scene_jobs
from scenes.render.narrate import read_sections
from scenes.render.pool import Event, EventKind
from scenes.render.quality import Quality
from scenes.voice.loudness import MIX_RATE
from scenes.voice.narration import LectureNarration, scene_track

EXIT_OK = 0
EXIT_RENDER_FAILED = 1


@dataclass(frozen=True)
class SummaryRow:
    scene: str
    status: str
    duration: str
    seconds: str
    file: str


def progress_printer(total: int) -> Callable[[Event], None]:
    """One line per event, so logs and terminals read the same."""

    def show(event: Event) -> None:
        name = event.job.scene
        position = f"[{event.index + 1}/{total}]"
        if event.kind is EventKind.STARTED and event.work and not event.work.render:
            steps = (["narrating"] if event.work.narrate else []) + (
                [f"converting to {', '.join(event.work.convert)}"] if event.work.convert else []
            )
            click.echo(f"{position} {name}: {' and '.join(steps)}")
        elif event.kind is EventKind.STARTED:
            click.echo(f"{position} {name}: rendering")
        elif event.kind is EventKind.SKIPPED:
            click.echo(f"{position} {name}: up to date")
        elif event.kind is EventKind.FINISHED:
            click.echo(f"{position} {name}: done in {event.seconds:.1f} s")
        elif event.kind is EventKind.FAILED:
            message = event.failure.message if event.failure else "failed"
            click.echo(f"{position} {name}: FAILED: {message}", err=True)

    return show


def summary_rows(jobs: list[RenderJob], report: RenderReport) -> list[SummaryRow]:
    results = {r.scene: r for r in report.results}
    failures = {f.scene: f for f in report.failures}
    rows = []
    for job in jobs:
        clip = job.clip_path
        if job.scene in results:
            r = results[job.scene]
            status = "rendered" if r.rendered else "narrated" if r.narrated else "converted"
            rows.append(
                SummaryRow(
                    job.scene, status, f"{r.duration:.1f}", f"{r.wall_seconds:.1f}", str(clip)
                )
            )
        elif job.scene in failures:
            rows.append(SummaryRow(job.scene, "FAILED", "-", "-", "-"))
        else:
            rows.append(SummaryRow(job.scene, "up to date", "-", "0.0", str(clip)))
    return rows


def print_summary(rows: list[SummaryRow]) -> None:
    headers = SummaryRow("scene", "status", "video s", "render s", "file")
    table = [headers, *rows]
    widths = [max(len(getattr(row, f)) for row in table) for f in SummaryRow.__dataclass_fields__]
    for row in table:
        cells = [getattr(row, f) for f in SummaryRow.__dataclass_fields__]
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)))


def needs_assembly(clips: list[Path], lecture_video: Path, rendered_any: bool) -> bool:
    if rendered_any or not lecture_video.is_file():
        return True
    newest_clip = max(clip.stat().st_mtime for clip in clips)
    return lecture_video.stat().st_mtime < newest_clip


def lecture_track(
    narration: LectureNarration, names: list[str], folder: Path
) -> Callable[[list[float]], np.ndarray]:
    """The whole lecture's narration as one track, given where each scene starts."""

    def track(starts: list[float]) -> np.ndarray:
        pieces = []
        for name, start in zip(names, starts, strict=True):
            sections = read_sections(folder / f"{name}.sections.json")
            spans = [(float(s["start"]), float(s["end"])) for s in sections]
            pieces.append((round(start * MIX_RATE), scene_track(narration.scenes[name], spans)))
        total = max(offset + len(piece) for offset, piece in pieces)
        whole = np.zeros(total, np.float32)
        for offset, piece in pieces:
            whole[offset : offset + len(piece)] += piece
        return whole

    return track


def assemble(
    lecture: Lecture,
    names: list[str],
    quality: str,
    out: Path,
    rendered: bool,
    narration: LectureNarration | None = None,
) -> None:
    """Joins the scenes into lecture.mp4 (with chapters, captions, one narration track)."""
    folder = out / quality
    clips = [folder / f"{name}.mp4" for name in names]
    if not needs_assembly(clips, folder / "lecture.mp4", rendered):
        click.echo(f"{folder / 'lecture.mp4'}: up to date")
        return
    titles = [lecture.scene(name).chapter for name in names]
    voiced = narration is not None and any(s.voiced for s in narration.scenes.values())
    audio = lecture_track(narration, names, folder) if narration and voiced else None
    assembled = assemble_lecture(clips, folder, titles, audio=audio)
    click.echo(
        f"{assembled.path}: {assembled.duration:.1f} s, {len(assembled.chapters)} chapters, "
        f"captions in {assembled.srt_path.name} and {assembled.vtt_path.name}"
    )


def burn_open_captions(folder: Path, names: list[str], with_lecture: bool) -> list[Path]:
    """Writes open-captions/<Scene>.mp4 for each scene (and lecture.mp4 with `with_lecture`
    when it was assembled) unless up to date; returns the clips it wrote. The clean clips
    are only read."""
    from scenes.outputs.open_captions import OPEN_CAPTIONS_DIR, burn_if_stale

    stems = [*names, "lecture"] if with_lecture else list(names)
    written = []
    for stem in stems:
        clip = folder / f"{stem}.mp4"
        if not clip.is_file():
            continue
        target = folder / OPEN_CAPTIONS_DIR / clip.name
        if burn_if_stale(clip, clip.with_suffix(".srt"), target):
            written.append(target)
            click.echo(f"{target}: captions burnt in")
        else:
            click.echo(f"{target}: up to date")
    return written


def write_indexes(lecture: Lecture, jobs: list[RenderJob], report: RenderReport) -> None:
    """Writes each scene's beat index (`<Scene>/index.json`) for the jobs that did not fail."""
    failed = {failure.scene for failure in report.failures}
    for job in jobs:
        if job.scene in failed:
            continue
        index = clip_index(
            job.folder,
            job.scene,
            quality=job.quality.name,
            chapter=lecture.scene(job.scene).chapter,
            narration={beat.name: beat.narration for beat in lecture.scene(job.scene).beats},
            transparent=job.transparent,
        )
        write_clip_index(job.folder, index)


def run_render(
    lecture: Lecture,
    names: list[str],
    quality: Quality,
    out: Path,
    jobs: int | None,
    force: bool,
    debug: bool,
    formats: tuple[str, ...] = (),
    transparent: bool = False,
    executor: Executor | None = None,
    narration: LectureNarration | None = None,
    quiet: bool = False,
    strict: bool = False,
    burn_captions: bool = False,
) -> int:
    """Renders the named scenes; assembles the lecture when all of them were asked for.

    Prints what the layout check found in every clip of the run; with `strict`, a finding
    makes the render exit 1 (the clips are written all the same).

    `burn_captions` also writes OUT/<quality>/open-captions/: each clip (and lecture.mp4)
    with its captions drawn in, for players that show no caption track.
    `executor` (e.g. a dask cluster's) runs the jobs instead of local worker processes.
    `narration` (see voice.narration) times the beats and voices the clips.
    Progress is live on a terminal, plain lines elsewhere, nothing with `quiet`.
    """
    render_list = scene_jobs(
        lecture, names, quality, out, formats, transparent, narration=narration
    )
    plain = progress_printer(len(render_list))
    workers = jobs or os.cpu_count() or 1
    local = executor is None
    with render_progress(lecture, render_list, workers, plain, quiet=quiet, local=local) as shown:
        report = render_jobs(
            render_list,
            workers=jobs,
            executor=executor,
            force=force,
            on_event=shown.on_event,
            progress=shown.queue,
            before_start=disk.require_room,  # full or unwritable: one sentence, nothing started
        )
    write_indexes(lecture, render_list, report)
    click.echo()
    print_summary(summary_rows(render_list, report))
    if report.failures:
        failed = {failure.scene for failure in report.failures}
        done = [name for name in names if name not in failed]
        write_descriptions(lecture, out / quality.name, done, whole=False)
        for failure in report.failures:
            click.echo(f"Error: {failure.scene} failed to render: {failure.message}", err=True)
            if debug:
                click.echo(failure.traceback, err=True)
        return EXIT_RENDER_FAILED
    whole_lecture = names == [scene.name for scene in lecture.scenes]
    if whole_lecture and not transparent:
        try:
            assemble(lecture, names, quality.name, out, bool(report.results), narration)
        except ValueError as error:
            # the clips are published; only the joined lecture could not be written
            click.echo(f"Error: lecture.mp4 was not assembled: {error}", err=True)
            return EXIT_RENDER_FAILED
    write_descriptions(lecture, out / quality.name, names, whole_lecture and not transparent)
    if burn_captions and not transparent:
        try:
            burn_open_captions(out / quality.name, names, whole_lecture)
        except (OSError, ValueError, av.FFmpegError) as error:
            # the clean clips are published; only a captioned copy could not be written
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            where = f" ({error.filename})" if isinstance(error, OSError) and error.filename else ""
            click.echo(f"Error: open captions were not written{where}: {reason}.", err=True)
            return EXIT_RENDER_FAILED
    layout = layout_of(render_list)
    print_report(layout, len(render_list), quiet)
    click.echo(f"Done in {report.wall_seconds:.1f} s.")
    return EXIT_RENDER_FAILED if strict and not layout.clean else EXIT_OK


def layout_of(jobs: list[RenderJob]) -> LayoutReport:
    """The layout findings recorded beside each clip of the run."""
    return gather([(job.scene, read_findings(job.findings_path)) for job in jobs])
