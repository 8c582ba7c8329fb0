"""Beat clips -> slide decks: one slide per beat, as an offline HTML deck or a PowerPoint file.

Reads what `lecture render` wrote per scene (`<renders>/<quality>/<Scene>/index.json`
and the clips and posters it names) and never renders anything itself, so a deck is
always exactly the clips the lecturer has. The HTML deck is a folder with its media
copied in (zip it, move it, open index.html offline); the PowerPoint file embeds them.
Each HTML clip carries WebVTT captions (and descriptions, where the render wrote them)
cut per beat from the scene's own cue files, so the deck is accessible offline too.
"""

from __future__ import annotations

import filecmp
import html
import json
import math
import os
import string
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from scenes.content.loader import Lecture
from scenes.maths.descriptions import words as name_words
from scenes.outputs import beat_tracks, deck_page
from scenes.outputs.atomic_files import atomic_publish, atomic_write_text
from scenes.outputs.captions import Cue, format_vtt
from scenes.ownership import scratch_folder

INDEX_NAME = "index.json"
HTML_DECK_DIR = "slides"
PPTX_NAME = "lecture.pptx"
MEDIA_DIR = "media"
# Written by the transcript export into the deck folder; the page links it when present.
TRANSCRIPT_NAME = "transcript.html"
# Video formats a browser can play, in the order the deck offers them (mp4 plays everywhere).
VIDEO_TYPES: dict[str, str] = {"mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime"}
PPTX_VIDEO = "mp4"

# PowerPoint layout, in inches, on a 16:9 slide.
SLIDE_WIDTH_IN = 13.333
SLIDE_HEIGHT_IN = 7.5
MARGIN_IN = 0.4
TITLE_HEIGHT_IN = 1.0
TITLE_GAP_IN = 0.2
TITLE_ONLY_LAYOUT = 5  # in python-pptx's default template
TITLE_SIZE_PT = 32


class ExportError(ValueError):
    """Something the export needs is missing or malformed; str() is one sentence."""


@dataclass(frozen=True)
class BeatSlide:
    """One beat as a slide: where it belongs, what is said over it, its clips and poster."""

    scene: str
    chapter: str
    beat: str
    narration: str
    clips: tuple[tuple[str, Path], ...]  # (format, file), in VIDEO_TYPES order
    poster: Path | None
    start: float = 0.0  # scene time, seconds
    end: float = 0.0
    captions: tuple[Cue, ...] = ()  # beat time
    descriptions: tuple[Cue, ...] | None = None  # None: the render described nothing

    def clip(self, video_format: str) -> Path | None:
        return dict(self.clips).get(video_format)


@dataclass(frozen=True)
class Deck:
    """The lecture's beats in lecture order, from one quality's renders."""

    title: str
    quality: str
    slides: tuple[BeatSlide, ...]


# ---------------------------------------------------------------- reading the renders


def scene_index_path(renders: Path, quality: str, scene: str) -> Path:
    return renders / quality / scene / INDEX_NAME


def read_deck(lecture: Lecture, renders: Path, quality: str) -> Deck:
    """Every beat of the lecture's scenes, read from the beat indexes under `renders`."""
    render_command = f"lecture render --quality {quality} --out {renders}"
    slides: list[BeatSlide] = []
    for scene in lecture.scenes:
        index_path = scene_index_path(renders, quality, scene.name)
        slides.extend(read_scene_slides(index_path, render_command))
    return Deck(title=lecture.title, quality=quality, slides=tuple(slides))


def read_index(index_path: Path, missing: str) -> dict[str, Any]:
    """A scene's index.json (what the deck and the transcript read of a render), its beats in
    beat order; `missing` ends the sentence when there is none ("render ... first with ...")."""
    scene = index_path.parent.name
    if not index_path.is_file():
        raise ExportError(f"{index_path} is missing: {missing}.")
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ExportError(f"{index_path} cannot be read as JSON: {error}.") from None
    beats = index.get("beats") if isinstance(index, dict) else None
    if not isinstance(beats, list) or not beats:
        raise ExportError(f"{index_path} has no list of beats.")
    if index.get("scene", scene) != scene:
        raise ExportError(f"{index_path} describes scene {index.get('scene')!r}, not {scene!r}.")
    index["beats"] = sorted(
        beats, key=lambda beat: beat.get("index", 0) if isinstance(beat, dict) else 0
    )
    return index


def read_scene_slides(index_path: Path, render_command: str) -> list[BeatSlide]:
    """The beats one scene's index.json lists, in beat order, with their files checked."""
    scene = index_path.parent.name
    index = read_index(index_path, f"render the beat clips first with `{render_command}`")
    chapter = index.get("chapter") or scene
    slides = [_beat_slide(index_path, scene, str(chapter), beat) for beat in index["beats"]]
    return _with_tracks(index_path, slides)


def _with_tracks(index_path: Path, slides: list[BeatSlide]) -> list[BeatSlide]:
    """Each beat's captions and descriptions, cut from the scene's cue files."""
    scene = index_path.parent.name
    try:
        captions = beat_tracks.scene_captions(index_path.parent.parent, scene)
        descriptions = beat_tracks.scene_descriptions(index_path.parent.parent, scene)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ExportError(f"The cue files of {scene} cannot be read: {error}") from None
    return [
        replace(
            slide,
            captions=tuple(
                beat_tracks.beat_cues(captions, slide.start, slide.end)
                if captions is not None
                else _narration_cue(slide)
            ),
            descriptions=(
                tuple(beat_tracks.beat_cues(descriptions, slide.start, slide.end))
                if descriptions is not None
                else None
            ),
        )
        for slide in slides
    ]


def _narration_cue(slide: BeatSlide) -> list[Cue]:
    """Without the scene's .srt, the narration is the caption, over the whole beat."""
    if not slide.narration.strip():
        return []
    return [Cue(0.0, slide.end - slide.start, slide.narration)]


def _beat_slide(index_path: Path, scene: str, chapter: str, beat: Any) -> BeatSlide:
    folder = index_path.parent
    if not isinstance(beat, dict) or not isinstance(beat.get("name"), str):
        raise ExportError(f"{index_path} has a beat without a name: {beat!r}.")
    name = beat["name"]
    files = beat.get("files")
    if not isinstance(files, dict):
        raise ExportError(f"{index_path}: beat {name!r} has no 'files' table.")
    clips = tuple(
        (video_format, _existing(index_path, name, folder, files[video_format]))
        for video_format in VIDEO_TYPES
        if video_format in files
    )
    if not clips:
        wanted = " or ".join(VIDEO_TYPES)
        raise ExportError(f"{index_path}: beat {name!r} has no {wanted} clip.")
    poster = beat.get("poster")
    start, end = beat.get("start"), beat.get("end")
    if not all(_is_time(value) for value in (start, end)) or end < start:
        raise ExportError(f"{index_path}: beat {name!r} has no valid start and end times.")
    return BeatSlide(
        scene=scene,
        chapter=chapter,
        beat=name,
        narration=str(beat.get("narration") or ""),
        clips=clips,
        poster=_existing(index_path, name, folder, poster) if poster else None,
        start=float(start),
        end=float(end),
    )


def _is_time(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


def _existing(index_path: Path, beat: str, folder: Path, name: Any) -> Path:
    """A file the index names, relative to its folder; it must be there."""
    if not isinstance(name, str) or Path(name).name != name:
        raise ExportError(f"{index_path}: beat {beat!r} names {name!r}, not a file name.")
    path = folder / name
    if not path.is_file():
        raise ExportError(f"{path} is missing, though {index_path} lists it for beat {beat!r}.")
    return path


# ---------------------------------------------------------------- HTML


def html_media_name(slide: BeatSlide, source: Path) -> str:
    """Where a clip or poster lives inside the deck folder (a relative URL path)."""
    return f"{MEDIA_DIR}/{slide.scene}/{source.name}"


def html_track_names(slide: BeatSlide) -> dict[str, str]:
    """The beat's WebVTT files in the deck folder, by track kind (descriptions only if any)."""
    stem = slide.clips[0][1].stem
    kinds = ["captions"] + (["descriptions"] if slide.descriptions is not None else [])
    return {kind: f"{MEDIA_DIR}/{slide.scene}/{stem}.{kind}.vtt" for kind in kinds}


def html_tracks(slide: BeatSlide) -> dict[str, str]:
    """The WebVTT text of the beat's tracks, by kind."""
    cues = {"captions": slide.captions, "descriptions": slide.descriptions or ()}
    return {kind: format_vtt(cues[kind]) for kind in html_track_names(slide)}


def beat_words(name: str) -> str:
    """A beat's name as words for a label: `DrawTheLine` -> `draw the line`."""
    return name_words(name, capital=False)


def render_html(deck: Deck, background: str, transcript: str | None = None) -> str:
    """The deck's index.html: every slide, the CSS and the JS inline, media by relative URL.

    `transcript`: a relative URL of the lecture's transcript, linked from the page's bar.
    """
    total = len(deck.slides)
    slides = "\n".join(
        _slide_html(number, total, slide) for number, slide in enumerate(deck.slides, start=1)
    )
    css = string.Template(deck_page.CSS).substitute(background=background)
    links = deck_page.TRANSCRIPT_LINK.format(href=_url(transcript)) if transcript else ""
    return deck_page.PAGE.format(
        title=html.escape(deck.title),
        css=css,
        links=links,
        slides=slides,
        script=deck_page.SCRIPT,
    )


def _slide_html(number: int, total: int, slide: BeatSlide) -> str:
    sources = "\n".join(
        deck_page.SOURCE.format(
            src=_url(html_media_name(slide, path)), mime=VIDEO_TYPES[video_format]
        )
        for video_format, path in slide.clips
    )
    texts = html_tracks(slide)
    tracks = "\n".join(
        deck_page.TRACKS[kind].format(src=_url(name), vtt=html.escape(texts[kind]))
        for kind, name in html_track_names(slide).items()
    )
    poster = _url(html_media_name(slide, slide.poster)) if slide.poster else ""
    words = beat_words(slide.beat)
    return deck_page.SLIDE.format(
        number=number,
        label=html.escape(f"Slide {number} of {total}: {slide.chapter}, {words}"),
        scene=html.escape(slide.scene),
        beat=html.escape(slide.beat),
        chapter=html.escape(slide.chapter),
        clip_label=html.escape(f"Clip: {words}"),
        poster=poster,
        sources=sources,
        tracks=tracks,
        notes=html.escape(slide.narration),
    )


def _url(relative: str) -> str:
    return html.escape(quote(relative))


def write_html_deck(deck: Deck, folder: Path) -> Path:
    """Writes `folder/index.html` with the deck's clips, posters and tracks under `folder/media`.

    Only media and tracks that changed are written; what an earlier export left and this
    deck no longer uses is removed. A `transcript.html` already in `folder` is linked.
    """
    from scenes.kit.style import BACKGROUND  # imported late: it loads manim

    media = _deck_media(deck, folder)
    tracks = _deck_tracks(deck, folder)
    _copy_changed(media)
    beat_tracks.write_changed(tracks)
    _remove_stale_media(folder / MEDIA_DIR, set(media.values()) | set(tracks))
    transcript = TRANSCRIPT_NAME if (folder / TRANSCRIPT_NAME).is_file() else None
    page = folder / "index.html"
    atomic_write_text(page, render_html(deck, BACKGROUND, transcript=transcript))
    return page


def _deck_media(deck: Deck, folder: Path) -> dict[Path, Path]:
    media: dict[Path, Path] = {}
    for slide in deck.slides:
        sources = [path for _, path in slide.clips] + ([slide.poster] if slide.poster else [])
        for source in sources:
            media[source] = folder / html_media_name(slide, source)
    return media


def _deck_tracks(deck: Deck, folder: Path) -> dict[Path, str]:
    tracks: dict[Path, str] = {}
    for slide in deck.slides:
        texts = html_tracks(slide)
        for kind, name in html_track_names(slide).items():
            tracks[folder / name] = texts[kind]
    return tracks


def _copy_changed(media: Mapping[Path, Path]) -> None:
    """Copies each source whose copy is missing or differs, keeping its modification time."""
    changed = {
        source: target
        for source, target in media.items()
        if not (target.is_file() and filecmp.cmp(source, target, shallow=True))
    }
    atomic_publish(changed)
    for source, target in changed.items():
        stat = source.stat()
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _remove_stale_media(media_dir: Path, keep: set[Path]) -> None:
    """Deletes media a previous export left that this deck no longer uses."""
    if not media_dir.is_dir():
        return
    for path in sorted(media_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir():
            with suppress(OSError):
                path.rmdir()  # only when empty


# ---------------------------------------------------------------- PowerPoint


def write_pptx_deck(deck: Deck, path: Path) -> Path:
    """Writes a .pptx with one slide per beat: chapter title, embedded mp4, narration as notes."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    presentation = Presentation()
    presentation.slide_width = Inches(SLIDE_WIDTH_IN)
    presentation.slide_height = Inches(SLIDE_HEIGHT_IN)
    layout = presentation.slide_layouts[TITLE_ONLY_LAYOUT]
    for beat in deck.slides:
        clip = beat.clip(PPTX_VIDEO)
        if clip is None:
            raise ExportError(
                f"{beat.scene} beat {beat.beat!r} has no {PPTX_VIDEO} clip, which PowerPoint needs."
            )
        slide = presentation.slides.add_slide(layout)
        title = slide.shapes.title
        title.left, title.top = Inches(MARGIN_IN), Inches(MARGIN_IN)
        title.width = Inches(SLIDE_WIDTH_IN - 2 * MARGIN_IN)
        title.height = Inches(TITLE_HEIGHT_IN)
        title.text = beat.chapter
        title.text_frame.paragraphs[0].runs[0].font.size = Pt(TITLE_SIZE_PT)
        left, top, width, height = _movie_box(_video_aspect(clip))
        slide.shapes.add_movie(
            str(clip),
            Inches(left),
            Inches(top),
            Inches(width),
            Inches(height),
            poster_frame_image=str(beat.poster) if beat.poster else None,
            mime_type=VIDEO_TYPES[PPTX_VIDEO],
        )
        slide.notes_slide.notes_text_frame.text = beat.narration
    with scratch_folder() as scratch:
        draft = Path(scratch) / path.name
        presentation.save(str(draft))
        atomic_publish({draft: path})
    return path


def _movie_box(aspect: float) -> tuple[float, float, float, float]:
    """The largest box of the clip's aspect below the title: left, top, width, height (in)."""
    top = MARGIN_IN + TITLE_HEIGHT_IN + TITLE_GAP_IN
    room_width = SLIDE_WIDTH_IN - 2 * MARGIN_IN
    room_height = SLIDE_HEIGHT_IN - top - MARGIN_IN
    width = min(room_width, room_height * aspect)
    height = width / aspect
    return (SLIDE_WIDTH_IN - width) / 2, top, width, height


def _video_aspect(clip: Path) -> float:
    """Width over height of a clip's first video stream."""
    import av

    try:
        with av.open(str(clip)) as container:
            stream = container.streams.video[0]
            return stream.codec_context.width / stream.codec_context.height
    except (av.error.FFmpegError, IndexError, ZeroDivisionError):
        raise ExportError(f"{clip} is not a readable video.") from None
