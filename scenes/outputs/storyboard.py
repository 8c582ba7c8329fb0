"""Storyboards: the finished picture of every beat, as one PNG sheet per scene and one page.

A board is what one scene's storyboard holds: each beat's name, narration, planned
duration and picture (the frame at the beat's end). The render side draws the pictures;
this module only lays them out: `stage_board` writes a scene's beat PNGs, its sheet and
its record (`<Scene>.json`, with the key it was drawn from) into a staging folder, and
`lecture_page` writes the lecture's `index.html`, which links the pictures by relative
paths so the folder opens from disk and can be copied anywhere. No manim here.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from scenes.outputs.formats import beat_stems

STORYBOARD_DIR = "storyboard"  # under <out>/<quality>/
PAGE_NAME = "index.html"
SHEET_COLUMNS = 3
THUMB_WIDTH = 480  # pixels per beat picture on the sheet
MARGIN = 24
SHEET_BACKGROUND = (24, 24, 28)
TEXT_COLOUR = (236, 236, 236)
DIM_COLOUR = (170, 170, 178)
FINDING_COLOUR = (255, 92, 92)  # a beat the layout check found something in
FINDING_BORDER = 4


@dataclass(frozen=True)
class BoardBeat:
    """One beat on a board; `image` is relative to the storyboard folder."""

    name: str
    narration: str
    planned: float  # seconds the beat lasts in the clip
    image: str
    findings: tuple[str, ...] = ()  # the layout check's sentences for this beat


@dataclass(frozen=True)
class Board:
    """One scene's storyboard, as recorded in `<Scene>.json`."""

    scene: str
    chapter: str
    quality: str
    key: str
    sheet: str  # relative to the storyboard folder
    beats: tuple[BoardBeat, ...]
    seconds: float = 0.0  # what drawing the beats took (the next run starts the longest first)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Board:
        data = json.loads(text)
        beats = tuple(
            BoardBeat(**{**beat, "findings": tuple(beat.get("findings", ()))})
            for beat in data.pop("beats")
        )
        return cls(**data, beats=beats)

    @property
    def findings(self) -> tuple[str, ...]:
        """Every layout finding on the board, in beat order."""
        return tuple(sentence for beat in self.beats for sentence in beat.findings)


@dataclass(frozen=True)
class BeatFrame:
    """What the render side hands over per beat: its text, timing and finished picture."""

    name: str
    narration: str
    planned: float
    pixels: np.ndarray  # height x width x 3 or 4, uint8
    findings: tuple[str, ...] = ()


def board_dir(quality_folder: Path) -> Path:
    return quality_folder / STORYBOARD_DIR


def record_path(folder: Path, scene: str) -> Path:
    return folder / f"{scene}.json"


def read_board(folder: Path, scene: str) -> Board | None:
    """The scene's recorded board; None when missing or unreadable."""
    try:
        return Board.from_json(record_path(folder, scene).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def board_files(folder: Path, board: Board) -> list[Path]:
    """Every file a board needs besides its record."""
    return [folder / board.sheet, *(folder / beat.image for beat in board.beats)]


def is_fresh(folder: Path, scene: str, key: str) -> bool:
    """Whether the scene's board was drawn from `key` and all its pictures are there."""
    board = read_board(folder, scene)
    return (
        board is not None
        and board.key == key
        and all(path.is_file() for path in board_files(folder, board))
    )


def stage_board(
    staging: Path,
    *,
    scene: str,
    chapter: str,
    quality: str,
    key: str,
    frames: Sequence[BeatFrame],
    seconds: float = 0.0,
) -> tuple[Board, dict[Path, str]]:
    """Write the beat pictures, the sheet and the record into `staging`.

    Returns the board and, for each staged file, its path relative to the storyboard
    folder (where it is to be published).
    """
    staging.mkdir(parents=True, exist_ok=True)
    staged: dict[Path, str] = {}
    beats: list[BoardBeat] = []
    pictures: list[Image.Image] = []
    for frame, stem in zip(frames, beat_stems([f.name for f in frames]), strict=True):
        picture = Image.fromarray(frame.pixels).convert("RGB")
        relative = f"{scene}/{stem}.png"
        path = staging / f"{stem}.png"
        picture.save(path, compress_level=1)
        staged[path] = relative
        pictures.append(picture)
        beats.append(
            BoardBeat(
                frame.name, frame.narration, round(frame.planned, 3), relative, frame.findings
            )
        )
    board = Board(scene, chapter, quality, key, f"{scene}.png", tuple(beats), round(seconds, 3))
    sheet = staging / board.sheet
    draw_sheet(board, pictures).save(sheet, compress_level=1)
    staged[sheet] = board.sheet
    record = staging / f"{scene}.json"
    record.write_text(board.to_json(), encoding="utf-8")
    staged[record] = record.name
    return board, staged


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def draw_sheet(board: Board, pictures: Sequence[Image.Image]) -> Image.Image:
    """The beats in order, left to right, each with its number, name, duration and narration;
    a beat with layout findings is framed in red, with their count beside its name."""
    title_font, name_font, text_font = _font(30), _font(20), _font(17)
    thumbs = [p.resize((THUMB_WIDTH, round(THUMB_WIDTH * p.height / p.width))) for p in pictures]
    thumb_height = max((t.height for t in thumbs), default=round(THUMB_WIDTH * 9 / 16))
    wrap = max(20, THUMB_WIDTH // 9)
    texts = [textwrap.wrap(beat.narration, wrap) or [""] for beat in board.beats]
    text_lines = max((len(lines) for lines in texts), default=1)
    cell_height = thumb_height + 34 + 22 * text_lines + MARGIN
    columns = min(SHEET_COLUMNS, max(1, len(thumbs)))
    rows = -(-len(thumbs) // columns) if thumbs else 1
    title_height = 70
    width = MARGIN + columns * (THUMB_WIDTH + MARGIN)
    height = title_height + rows * cell_height + MARGIN
    sheet = Image.new("RGB", (width, height), SHEET_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    total = sum(beat.planned for beat in board.beats)
    title = f"{board.scene}: {board.chapter}"
    draw.text((MARGIN, 18), title, font=title_font, fill=TEXT_COLOUR)
    summary = f"{len(board.beats)} beats, {total:.1f} s ({board.quality})"
    summary_x = width - MARGIN - draw.textlength(summary, font=name_font)
    draw.text((summary_x, 26), summary, font=name_font, fill=DIM_COLOUR)
    for number, (beat, thumb, lines) in enumerate(zip(board.beats, thumbs, texts, strict=True)):
        row, column = divmod(number, columns)
        x = MARGIN + column * (THUMB_WIDTH + MARGIN)
        y = title_height + row * cell_height
        sheet.paste(thumb, (x, y))
        heading = f"{number + 1}. {beat.name}"
        draw.text((x, y + thumb_height + 6), heading, font=name_font, fill=TEXT_COLOUR)
        if beat.findings:
            box = (x - FINDING_BORDER, y - FINDING_BORDER, x + THUMB_WIDTH, y + thumb.height)
            draw.rectangle(box, outline=FINDING_COLOUR, width=FINDING_BORDER)
            count = len(beat.findings)
            flag = f"  {count} layout finding{'s' if count > 1 else ''}"
            flag_x = x + draw.textlength(heading, font=name_font)
            draw.text((flag_x, y + thumb_height + 6), flag, font=name_font, fill=FINDING_COLOUR)
        seconds = f"{beat.planned:.1f} s"
        seconds_x = x + THUMB_WIDTH - draw.textlength(seconds, font=name_font)
        draw.text((seconds_x, y + thumb_height + 6), seconds, font=name_font, fill=DIM_COLOUR)
        for line_number, line in enumerate(lines):
            top = y + thumb_height + 34 + 22 * line_number
            draw.text((x, top), line, font=text_font, fill=DIM_COLOUR)
    return sheet


@dataclass(frozen=True)
class PageScene:
    """A scene on the lecture page: its beats from the content, its board once drawn."""

    scene: str
    chapter: str
    beats: tuple[tuple[str, str], ...]  # (name, narration), as the content file says now
    board: Board | None


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: storyboard</title>
<style>
body {{ margin: 0 auto; max-width: 1500px; padding: 1.5em; background: #18181c; color: #ececec;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }}
h1 {{ font-size: 1.6em; }}
h2 {{ font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #444; padding-bottom: .3em; }}
.meta {{ color: #aaa; font-weight: normal; font-size: .8em; }}
.beats {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr));
  gap: 1.2em; }}
figure {{ margin: 0; }}
figure img {{ width: 100%; display: block; border: 1px solid #333; }}
.missing {{ aspect-ratio: 16 / 9; display: flex; align-items: center; justify-content: center;
  border: 1px dashed #555; color: #888; }}
figcaption b {{ display: block; margin: .4em 0 .2em; }}
figcaption .seconds {{ float: right; color: #aaa; font-weight: normal; }}
figcaption p {{ margin: 0; color: #c8c8c8; line-height: 1.4; }}
figure.flagged img {{ border: 3px solid #ff5c5c; }}
figcaption ul.findings {{ margin: .4em 0 0; padding-left: 1.2em; color: #ff8c8c; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="meta">Storyboard at {quality}: the finished picture of every beat.</p>
{scenes}
</body>
</html>
"""


def _beat_html(number: int, name: str, narration: str, beat: BoardBeat | None) -> str:
    alt, said = html.escape(name), html.escape(narration)
    findings = ""
    if beat is None:
        picture = '<div class="missing">not drawn yet</div>'
        seconds = ""
    else:
        src = html.escape(beat.image)
        picture = f'<a href="{src}"><img src="{src}" alt="{alt}" loading="lazy"></a>'
        seconds = f'<span class="seconds">{beat.planned:.1f} s</span>'
        if beat.findings:
            items = "".join(f"<li>{html.escape(sentence)}</li>" for sentence in beat.findings)
            findings = f'<ul class="findings">{items}</ul>'
    flagged = " flagged" if findings else ""
    return (
        f'<figure class="beat{flagged}" data-beat="{alt}">{picture}<figcaption>'
        f"<b>{number}. {alt}{seconds}</b><p>{said}</p>{findings}</figcaption></figure>"
    )


def _scene_html(entry: PageScene) -> str:
    drawn = {beat.name: beat for beat in entry.board.beats} if entry.board else {}
    beats = "\n".join(
        _beat_html(number, name, narration, drawn.get(name))
        for number, (name, narration) in enumerate(entry.beats, start=1)
    )
    scene, chapter = html.escape(entry.scene), html.escape(entry.chapter)
    sheet = ""
    if entry.board:
        sheet = f' <a class="meta" href="{html.escape(entry.board.sheet)}">sheet</a>'
    return (
        f'<section class="scene" id="{scene}" data-scene="{scene}">\n'
        f'<h2>{scene} <span class="meta">{chapter}</span>{sheet}</h2>\n'
        f'<div class="beats">\n{beats}\n</div>\n</section>'
    )


def lecture_page(title: str, quality: str, scenes: Sequence[PageScene]) -> str:
    """The lecture's storyboard page: every beat of every scene with its narration."""
    return PAGE.format(
        title=html.escape(title),
        quality=html.escape(quality),
        scenes="\n".join(_scene_html(entry) for entry in scenes),
    )
