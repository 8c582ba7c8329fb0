"""`lecture export`: slide decks and a transcript from the renders, the notes' figures as stills.

Thin like the rest of the CLI: it parses arguments and hands over to `scenes.outputs.slides`,
`scenes.outputs.transcript` and `scenes.outputs.figures` (imported late, so `lecture --help`
stays fast).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scenes.cli.common import State, fail, guarded, require_latex
from scenes.cli.options import no_wait_option, out_option

if TYPE_CHECKING:
    from scenes.content.loader import Lecture

FIGURES_DIR = "figures"
DEFAULT_SIZE = "2400x1600"  # scenes.figures.DEFAULT_SIZE, spelled out: --help loads no manim
_SIZE = re.compile(r"^(\d+)x(\d+)$")
MAX_PIXELS = 8192


@click.group("export")
def export() -> None:
    """Slide decks, a transcript and still figures made from the lecture."""


@export.command("slides")
@click.option(
    "--to",
    "target",
    type=click.Choice(["html", "pptx"]),
    default="html",
    show_default=True,
    help="An offline HTML deck (a folder) or a PowerPoint file.",
)
@click.option("--quality", "-q", default="hd", show_default=True, help="Which renders to use.")
@out_option("Where `lecture render` wrote its clips (its --out).", name="--renders", writes=False)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="html: the deck folder [default: RENDERS/QUALITY/slides]; "
    "pptx: the file [default: RENDERS/QUALITY/lecture.pptx].",
)
@no_wait_option
@click.pass_obj
def slides(
    state: State, target: str, quality: str, renders: Path, out: Path | None, no_wait: bool
) -> None:
    """One slide per beat, in lecture order, from the clips of `lecture render`."""
    from scenes.cli.writer import as_sole_writer
    from scenes.outputs.slides import (
        HTML_DECK_DIR,
        PPTX_NAME,
        ExportError,
        read_deck,
        write_html_deck,
        write_pptx_deck,
    )

    lecture = guarded(state, state.lecture)

    def export_deck() -> int:  # holding the renders' lock: no render changes a clip meanwhile
        try:
            deck = read_deck(lecture, renders, quality)
            if target == "html":
                folder = out or renders / quality / HTML_DECK_DIR
                deck_transcript(lecture, renders, quality, folder)
                written = write_html_deck(deck, folder)
            else:
                written = write_pptx_deck(deck, out or renders / quality / PPTX_NAME)
        except ExportError as error:
            fail(str(error))
        click.echo(f"{written}: {len(deck.slides)} slides")
        return 0

    locked = [renders] if renders.is_dir() else []  # none yet: read_deck says what is missing
    raise SystemExit(as_sole_writer(export_deck, locked, wait=not no_wait))


def deck_transcript(lecture: Lecture, renders: Path, quality: str, folder: Path) -> None:
    """The transcript beside the deck's page (which links it), each time opening its beat's
    slide, so the folder still works when copied elsewhere."""
    from scenes.outputs.slides import ExportError
    from scenes.outputs.transcript import write_transcript

    try:
        write_transcript(lecture, renders, quality, folder, slides="index.html")
    except ExportError as error:
        click.echo(f"No transcript in the deck: {error}")


@export.command("transcript")
@click.option("--quality", "-q", default="hd", show_default=True, help="Which renders to use.")
@out_option("Where `lecture render` wrote its clips (its --out).", name="--renders", writes=False)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The folder for transcript.html and transcript.md  [default: RENDERS/QUALITY, "
    "beside lecture.mp4]",
)
@no_wait_option
@click.pass_obj
def transcript(state: State, quality: str, renders: Path, out: Path | None, no_wait: bool) -> None:
    """Every sentence with its time in lecture.mp4, every equation as MathML (HTML, Markdown)."""
    from scenes.cli.writer import as_sole_writer
    from scenes.outputs.assemble import LECTURE_VIDEO
    from scenes.outputs.slides import ExportError
    from scenes.outputs.transcript import relative_href, write_transcript

    lecture = guarded(state, state.lecture)
    folder = out or renders / quality

    def export_transcript() -> int:  # holding the renders' lock: no render changes them meanwhile
        try:
            href = relative_href(renders / quality / LECTURE_VIDEO, folder)
            page, text = write_transcript(lecture, renders, quality, folder, href)
        except ExportError as error:
            fail(str(error))
        click.echo(f"{page}  {text}: {len(lecture.scenes)} chapters")
        return 0

    locked = [renders] if renders.is_dir() else []  # none yet: the export says what is missing
    raise SystemExit(as_sole_writer(export_transcript, locked, wait=not no_wait))


def parse_size(text: str) -> tuple[int, int]:
    """'2400x1600' -> (2400, 1600); a click error for anything else."""
    match = _SIZE.match(text)
    if not match:
        raise click.BadParameter(f"{text!r} is not WIDTHxHEIGHT, such as {DEFAULT_SIZE}.")
    width, height = int(match[1]), int(match[2])
    if not (0 < width <= MAX_PIXELS and 0 < height <= MAX_PIXELS):
        raise click.BadParameter(f"{text!r}: width and height must be 1 to {MAX_PIXELS} pixels.")
    return width, height


@export.command("figures")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    callback=lambda ctx, _param, value: (
        value if value is not None else ctx.ensure_object(State).default_out / FIGURES_DIR
    ),
    help="Where figure-<n>-<name>.png and .svg are written.  [default: OUT/figures, "
    "OUT being where `lecture render` writes]",
)
@click.option(
    "--size",
    default=DEFAULT_SIZE,
    show_default=True,
    callback=lambda _ctx, _param, value: parse_size(value),
    help="Width x height in pixels, such as 3840x2160.",
)
@no_wait_option
@click.pass_obj
def figures(state: State, out: Path, size: tuple[int, int], no_wait: bool) -> None:
    """The notes' four figures (secant, tangent, sigmoid, paraboloid) as PNG and SVG."""
    lecture = guarded(state, state.lecture)
    require_latex()
    from scenes.cli.writer import as_sole_writer
    from scenes.outputs.figures import export_figures

    def export_all() -> int:
        written = guarded(state, lambda: export_figures(lecture, out, size))
        for files in written:
            click.echo(f"{files.png}  {files.svg}")
        return 0

    raise SystemExit(as_sole_writer(export_all, [out], wait=not no_wait))
