"""`lecture check --accessibility`: one line per WCAG 2.1 criterion, from the lecture's renders.

The layout check has just drawn the boards (its contrast findings are 1.4.3 and 1.4.11);
everything else is read from what `lecture render` wrote in OUT/<quality>: captions,
descriptions tracks, the clips' frames for flashes, and the transcript, which this writes
there (transcript.html and .md) from the renders. Scenes not rendered yet, or rendered
before the lecture last changed, are named with the command that renders them, and the
check fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from scenes.content.loader import Lecture
from scenes.render.quality import Quality
from scenes.render.status import Freshness, lecture_statuses


def accessibility_results(
    lecture: Lecture,
    names: Sequence[str],
    out: Path,
    quality: Quality,
    findings: Sequence[str],
    voiced: bool = True,
) -> list[str]:
    """Print one line per criterion; return the numbers of those that fail. Renders missing
    or older than the lecture file (`lecture list` would call them stale) fail at once:
    their captions and tracks would not be this lecture's."""
    from scenes.outputs import accessibility as wcag
    from scenes.outputs.flashes import check_lecture
    from scenes.outputs.slides import ExportError
    from scenes.outputs.transcript import write_transcript
    from scenes.plans import build_plan

    folder = out / quality.name
    everything = [scene.name for scene in lecture.scenes]
    missing = wcag.missing_renders(folder, everything)
    statuses = lecture_statuses(lecture, quality, out, voiced=voiced)
    stale = [s.scene for s in statuses if s.freshness != Freshness.FRESH and s.scene not in missing]
    render = f"run `lecture render -q {quality.name} --out {out}` first, then check again"
    if missing or stale:
        if missing:
            click.echo(f"Accessibility: {folder} has no render of {', '.join(missing)}; {render}.")
        if stale:
            click.echo(
                f"Accessibility: the renders of {', '.join(stale)} in {folder} are older than "
                f"the lecture file; {render}."
            )
        return ["render"]
    whole = list(names) == everything
    try:
        written: tuple[Path, ...] | None = write_transcript(lecture, out, quality.name, folder)
        error = ""
    except ExportError as failure:
        written, error = None, str(failure)
    measured = [
        (clip, report.flashes_per_second, report.at)
        for clip, report in check_lecture(folder, names)
    ]
    results = [
        *wcag.transcript(written, error),
        wcag.captions(lecture, folder, names),
        wcag.descriptions(folder, names, whole),
        wcag.said_steps(lecture, names, lambda name: build_plan(lecture, name)),
        *wcag.deck_sound_and_motion(folder),
        *wcag.contrast(findings),
        wcag.flashes(measured),
    ]
    results.sort(key=lambda result: tuple(int(part) for part in result.number.split(".")))
    for result in results:
        click.echo(result.line())
    failed = [result.number for result in results if not result.passed]
    count = len(results)
    click.echo(
        f"Accessibility: {count - len(failed)} of {count} WCAG 2.1 criteria pass"
        + (f"; fix {', '.join(failed)}." if failed else ".")
    )
    return failed
