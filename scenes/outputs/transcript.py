"""The lecture as text: a transcript (HTML and Markdown) beside lecture.mp4, for WCAG 1.2.1/1.2.8.

A media alternative must say everything the video says and shows, in order. So it is read
from the renders, never re-derived: each scene's chapter and beats from its index.json,
each sentence's time from the scene's captions (`<Scene>.srt`), each scene's place in the
lecture from chapters.vtt (what lecture.mp4 was assembled with; else the scenes' lengths
summed in lecture order). A sentence's time is when its first word is shown: the captions
split a sentence into pages (caption_lines), so the words of the beat's narration are
matched to the words of its cues, and a word inside a cue gets the cue's time shared by
characters. The equations are the plan's formulas (sympy, with free symbols, as the
narration values treat them) and each step's, as MathML with the words the voice would say.
"""

from __future__ import annotations

import dataclasses
import html
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sympy

from scenes.content.loader import ContentError, Lecture, SceneContent
from scenes.outputs.assemble import CHAPTERS_VTT, LECTURE_VIDEO
from scenes.outputs.atomic_files import atomic_write_text
from scenes.outputs.captions import Cue, parse_srt, parse_vtt
from scenes.outputs.slides import ExportError, read_index, scene_index_path
from scenes.voice.speech import split_sentences

HTML_NAME = "transcript.html"
MARKDOWN_NAME = "transcript.md"
BEAT_EDGE = 0.002  # s: a cue this close to a beat's end starts the next beat (ms rounding)
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"lt", "gt", "amp", "quot", "apos"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


@dataclass(frozen=True)
class Equation:
    """A formula shown on screen: as a caption writes it, as it is said, and as MathML."""

    written: str
    spoken: str
    mathml: str  # presentation MathML, without the <math> element


@dataclass(frozen=True)
class Line:
    """One sentence of the narration and when, in the lecture, it is said (seconds)."""

    start: float
    text: str


@dataclass(frozen=True)
class BeatText:
    """What one beat says and which equations it shows."""

    name: str
    lines: tuple[Line, ...]
    equations: tuple[Equation, ...]


@dataclass(frozen=True)
class Chapter:
    """One scene: its chapter title, where it starts in the lecture, its beats in order."""

    scene: str
    title: str
    start: float
    beats: tuple[BeatText, ...]

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(line for beat in self.beats for line in beat.lines)


@dataclass(frozen=True)
class Transcript:
    title: str
    chapters: tuple[Chapter, ...]


# ---------------------------------------------------------------- times


def clock(seconds: float) -> str:
    """A time as people read it: 0:07, 12:05, 1:02:03 (whole seconds, rounded down)."""
    whole = int(max(seconds, 0.0) + 1e-6)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def media_fragment(seconds: float) -> str:
    """A Media Fragments time (`#t=12.345`): seconds, to the millisecond, no trailing zeros."""
    text = f"{max(seconds, 0.0):.3f}".rstrip("0").rstrip(".")
    return text or "0"


def sentence_starts(
    sentences: Sequence[str], cues: Sequence[Cue], beat_start: float, beat_end: float
) -> list[float]:
    """When each sentence of a beat is first shown, in scene seconds.

    The beat's cue words are matched against the sentences' words in order; a sentence
    begins at its first word's time. Once the words differ (a caption cut at the beat's
    end, a narration edited since the render), the rest share the time left by length.
    """
    words = _timed_words(cues)
    starts: list[float] = []
    at = 0
    for number, sentence in enumerate(sentences):
        said = sentence.split()
        if said and [word for word, _ in words[at : at + len(said)]] == said:
            starts.append(words[at][1])
            at += len(said)
            continue
        rest = sentences[number:]
        begin = words[at][1] if at < len(words) else (starts[-1] if starts else beat_start)
        return starts + _shared(rest, max(begin, beat_start), beat_end)
    return starts


def _timed_words(cues: Sequence[Cue]) -> list[tuple[str, float]]:
    """Every word of the cues with the time it is shown from (its cue's time by characters)."""
    timed: list[tuple[str, float]] = []
    for cue in cues:
        words = cue.text.split()
        total = sum(len(word) + 1 for word in words)
        before = 0
        for word in words:
            timed.append((word, cue.start + (cue.end - cue.start) * before / total))
            before += len(word) + 1
    return timed


def _shared(sentences: Sequence[str], begin: float, end: float) -> list[float]:
    total = sum(len(sentence) for sentence in sentences)
    span, starts, at = max(end - begin, 0.0), [], begin
    for sentence in sentences:
        starts.append(at)
        at += span * len(sentence) / total if total else 0.0
    return starts


# ---------------------------------------------------------------- equations


def equation(expr: sympy.Expr) -> Equation:
    """A sympy formula as a caption writes it, as the voice says it, and as MathML."""
    from scenes.maths.narration_values import caption_formula
    from scenes.maths.spoken_math import spoken_expression

    mathml = sympy.printing.mathml(expr, printer="presentation")
    return Equation(caption_formula(expr), spoken_expression(expr), _plain_entities(mathml))


def _plain_entities(markup: str) -> str:
    """MathML's named entities (&ExponentialE;) as characters: valid in HTML and XML alike."""

    def character(match: re.Match[str]) -> str:
        if match[1] in _XML_ENTITIES:
            return match[0]
        text = html.unescape(match[0])
        return text if text != match[0] else match[0]

    return _ENTITY.sub(character, markup)


def formulas(values: Any) -> list[sympy.Expr]:
    """The formulas among a plan's (or one step's) values: sympy expressions with free
    symbols, the values the narration writes as formulas, in field order."""
    if isinstance(values, Mapping):
        fields = list(values.values())
    elif dataclasses.is_dataclass(values) and not isinstance(values, type):
        fields = [getattr(values, field.name) for field in dataclasses.fields(values)]
    else:
        fields = []
    return [value for value in fields if isinstance(value, sympy.Expr) and value.free_symbols]


def beat_equations(lecture: Lecture, scene: SceneContent, beats: Sequence[str]) -> dict[str, list]:
    """Each beat's formulas: a step's under its beat, the plan's own under the first beat
    whose narration writes it (else the first beat); each once per beat."""
    from scenes.maths.narration_values import caption_formula, step_values
    from scenes.plans import plan_scene

    try:
        plan = plan_scene(scene, lecture.path)
    except ContentError as error:
        raise ExportError(str(error)) from None
    placed: dict[str, list[sympy.Expr]] = {name: [] for name in beats}
    if not beats:
        return {}
    said = {beat.name: beat.narration for beat in scene.beats}
    for expr in formulas(plan):
        written = caption_formula(expr)
        home = next((name for name in beats if written in said.get(name, "")), beats[0])
        placed[home].append(expr)
    for name in beats:
        for step in step_values(plan, name):
            placed[name].extend(formulas(step))
    return {name: [equation(expr) for expr in _unique(exprs)] for name, exprs in placed.items()}


def _unique(exprs: Sequence[sympy.Expr]) -> list[sympy.Expr]:
    kept: list[sympy.Expr] = []
    for expr in exprs:
        if not any(expr == seen for seen in kept):
            kept.append(expr)
    return kept


# ---------------------------------------------------------------- reading the renders


def render_command(renders: Path, quality: str) -> str:
    return f"lecture render --quality {quality} --out {renders}"


def read_transcript(lecture: Lecture, renders: Path, quality: str) -> Transcript:
    """The lecture's chapters, sentences and equations, from one quality's renders."""
    command = render_command(renders, quality)
    indexes = [
        _read_index(scene_index_path(renders, quality, s.name), command) for s in lecture.scenes
    ]
    starts = scene_starts(lecture, renders, quality, indexes)
    chapters = []
    for scene, index, start in zip(lecture.scenes, indexes, starts, strict=True):
        captions = renders / quality / f"{scene.name}.srt"
        cues = _read_cues(captions, command)
        beats = index["beats"]
        shown = beat_equations(lecture, scene, [str(beat["name"]) for beat in beats])
        chapters.append(
            Chapter(
                scene=scene.name,
                title=str(index.get("chapter") or scene.chapter),
                start=start,
                beats=tuple(_beat_text(beat, cues, start, shown) for beat in beats),
            )
        )
    return Transcript(title=lecture.title, chapters=tuple(chapters))


def _beat_text(
    beat: Mapping[str, Any], cues: Sequence[Cue], offset: float, shown: Mapping[str, list]
) -> BeatText:
    begin, end = float(beat["start"]), float(beat["end"])
    own = [cue for cue in cues if begin - BEAT_EDGE <= cue.start < end - BEAT_EDGE]
    sentences = split_sentences(str(beat.get("narration") or ""))
    starts = sentence_starts(sentences, own, begin, end)
    lines = tuple(
        Line(round(offset + at, 3), text) for at, text in zip(starts, sentences, strict=True)
    )
    name = str(beat["name"])
    return BeatText(name, lines, tuple(shown.get(name, ())))


def _read_index(path: Path, command: str) -> dict[str, Any]:
    """A scene's index.json (slides.read_index) with every beat's name and times checked."""
    index = read_index(path, f"render scene {path.parent.name} first with `{command}`")
    for beat in index["beats"]:
        timed = isinstance(beat, dict) and all(
            isinstance(beat.get(key), int | float) for key in ("start", "end")
        )
        if not timed or not isinstance(beat.get("name"), str):
            raise ExportError(f"{path} has a beat without a name, start and end: {beat!r}.")
    return index


def _read_cues(path: Path, command: str) -> list[Cue]:
    if not path.is_file():
        raise ExportError(
            f"{path} is missing: render scene {path.stem}'s captions first with `{command}`."
        )
    try:
        return sorted(parse_srt(path.read_text(encoding="utf-8-sig")), key=lambda c: c.start)
    except (OSError, ValueError) as error:
        raise ExportError(f"{path} is not valid SubRip: {error}") from None


def scene_starts(
    lecture: Lecture, renders: Path, quality: str, indexes: Sequence[Mapping[str, Any]]
) -> list[float]:
    """Where each scene starts in lecture.mp4: chapters.vtt when it lists exactly the
    lecture's chapters in order, else each scene's last beat end summed in order."""
    from_chapters = _chapter_starts(renders / quality / CHAPTERS_VTT)
    titles = [
        str(index.get("chapter") or scene.chapter)
        for scene, index in zip(lecture.scenes, indexes, strict=True)
    ]
    if from_chapters is not None and [title for title, _ in from_chapters] == titles:
        return [start for _, start in from_chapters]
    starts, at = [], 0.0
    for index in indexes:
        starts.append(round(at, 6))
        at += max(float(beat["end"]) for beat in index["beats"])
    return starts


def _chapter_starts(path: Path) -> list[tuple[str, float]] | None:
    """(title, start) per cue of a chapters.vtt; None when there is none or it is unreadable."""
    if not path.is_file():
        return None
    try:
        cues = parse_vtt(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return [(cue.text.strip(), cue.start) for cue in cues]


# ---------------------------------------------------------------- HTML

CSS = """
body { font: 1.125rem/1.6 system-ui, sans-serif; color: #1a1a1a; background: #fdfdfb;
  max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
a { color: #0b4f9c; }
a:focus-visible { outline: 3px solid #0b4f9c; outline-offset: 2px; }
.skip { position: absolute; left: -999rem; }
.skip:focus { position: static; }
h1 { font-size: 2rem; line-height: 1.25; }
h2 { font-size: 1.5rem; margin-top: 2.5rem; border-top: 1px solid #c8c8c8; padding-top: 1rem; }
nav ol { padding-left: 1.5rem; }
.line { margin: 0.5rem 0; }
.time { font-variant-numeric: tabular-nums; font-weight: 600; margin-right: 0.5rem; }
figure { margin: 1rem 0 1rem 1.5rem; padding: 0.5rem 1rem; background: #f0f0ea;
  border-left: 4px solid #6b6b6b; }
math { font-size: 1.25rem; }
figcaption { font-size: 1rem; color: #333; }
code { font-family: ui-monospace, monospace; }
"""


def render_html(
    transcript: Transcript, video_href: str = LECTURE_VIDEO, slides: str | None = None
) -> str:
    """The transcript as one HTML page: no script, no network, CSS inline. With `slides`
    (the deck's page) each time opens its beat's slide instead of the video there, so a
    copied deck folder keeps working links."""
    title = html.escape(transcript.title)
    contents = "\n".join(
        f'<li><a href="#chapter-{number}">{html.escape(chapter.title)}</a> '
        f"({clock(chapter.start)})</li>"
        for number, chapter in enumerate(transcript.chapters, start=1)
    )
    firsts = _first_slides(transcript)
    chapters = "\n".join(
        _chapter_html(number, chapter, video_href, slides, first)
        for number, (chapter, first) in enumerate(
            zip(transcript.chapters, firsts, strict=True), start=1
        )
    )
    opens = "opens its slide in the deck" if slides else "opens the video there"
    source = html.escape(slides or video_href, quote=True)
    kind = "slides" if slides else "lecture video"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: transcript</title>
<style>{CSS}</style>
</head>
<body>
<a class="skip" href="#transcript">Skip to the transcript</a>
<header>
<h1>{title}</h1>
<p>The transcript of <a href="{source}">the {kind}</a>: every sentence said, with the
time it is said (each time {opens}), and every equation shown, with how it is read.</p>
</header>
<nav aria-label="Chapters">
<ol>
{contents}
</ol>
</nav>
<main id="transcript">
{chapters}
</main>
</body>
</html>
"""


def _first_slides(transcript: Transcript) -> list[int]:
    """The deck's slide number of each chapter's first beat (one slide per beat, in order)."""
    firsts, number = [], 1
    for chapter in transcript.chapters:
        firsts.append(number)
        number += len(chapter.beats)
    return firsts


def _chapter_html(
    number: int, chapter: Chapter, video_href: str, slides: str | None, first_slide: int
) -> str:
    title = html.escape(chapter.title)
    parts = [
        f'<section aria-labelledby="chapter-{number}">',
        f'<h2 id="chapter-{number}">{title}</h2>',
    ]
    for slide, beat in enumerate(chapter.beats, start=first_slide):
        for line in beat.lines:
            target = (
                f"{slides}#slide-{slide}"
                if slides
                else f"{video_href}#t={media_fragment(line.start)}"
            )
            href = html.escape(target, quote=True)
            where = f", slide {slide}" if slides else ""
            label = html.escape(f"{clock(line.start)}, {chapter.title}{where}", quote=True)
            parts.append(
                f'<p class="line"><a class="time" href="{href}" aria-label="{label}">'
                f"{clock(line.start)}</a> {html.escape(line.text)}</p>"
            )
        parts.extend(_equation_html(shown) for shown in beat.equations)
    parts.append("</section>")
    return "\n".join(parts)


def _equation_html(shown: Equation) -> str:
    spoken = html.escape(shown.spoken, quote=True)
    return (
        f'<figure class="equation">\n'
        f'<math xmlns="{MATHML_NS}" display="block" alttext="{spoken}">{shown.mathml}</math>\n'
        f"<figcaption><code>{html.escape(shown.written)}</code>, read: {spoken}</figcaption>\n"
        f"</figure>"
    )


# ---------------------------------------------------------------- Markdown


def render_markdown(
    transcript: Transcript, video_href: str = LECTURE_VIDEO, slides: str | None = None
) -> str:
    """The transcript as Markdown: plain-text times, equations as their caption form."""
    kind = "slides" if slides else "lecture video"
    out = [
        f"# {_md(transcript.title)}",
        "",
        f"The transcript of [the {kind}](<{slides or video_href}>): every sentence said, with the "
        "time it is said, and every equation shown, with how it is read.",
        "",
    ]
    out += [
        f"{number}. {_md(chapter.title)} [{clock(chapter.start)}]"
        for number, chapter in enumerate(transcript.chapters, start=1)
    ]
    for chapter in transcript.chapters:
        out += ["", f"## {_md(chapter.title)}"]
        for beat in chapter.beats:
            out += [f"\n[{clock(line.start)}] {_md(line.text)}" for line in beat.lines]
            out += [
                f"\nEquation: `{shown.written}`, read: {_md(shown.spoken)}"
                for shown in beat.equations
            ]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


# ---------------------------------------------------------------- writing


def relative_href(target: Path, folder: Path) -> str:
    """`target` as a URL relative to a page in `folder`."""
    relative = os.path.relpath(target.resolve(), folder.resolve())
    return quote(Path(relative).as_posix())


def write_transcript(
    lecture: Lecture,
    renders: Path,
    quality: str,
    folder: Path,
    video_href: str = LECTURE_VIDEO,
    slides: str | None = None,
) -> tuple[Path, Path]:
    """Writes `folder/transcript.html` and `folder/transcript.md` (each atomically) from the
    renders of `quality`; the times link to `video_href`, or with `slides` (the deck's page
    beside it) to each beat's slide. Returns (html, markdown)."""
    transcript = read_transcript(lecture, renders, quality)
    folder.mkdir(parents=True, exist_ok=True)
    page, text = folder / HTML_NAME, folder / MARKDOWN_NAME
    atomic_write_text(page, render_html(transcript, video_href, slides))
    atomic_write_text(text, render_markdown(transcript, video_href, slides))
    return page, text
