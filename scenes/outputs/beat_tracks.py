"""Per-beat caption and description tracks, cut from a scene's render-wide cue files.

A render writes one captions file per scene (`<Scene>.srt`) and, where the scene
describes its pictures, one descriptions file (`<Scene>.descriptions.vtt`), both in
scene time. A beat clip starts at 0, so its tracks are the cues that overlap the
beat, clipped to it and shifted to the beat's own time. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from scenes.outputs.atomic_files import atomic_write_text
from scenes.outputs.captions import Cue, parse_srt, shift

CAPTIONS_SUFFIX = ".srt"
DESCRIPTIONS_SUFFIX = ".descriptions.vtt"

# WebVTT times may leave out the hours: `mm:ss.ttt` or `hh:mm:ss.ttt`.
_VTT_STAMP = r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})"
_VTT_TIMING = re.compile(rf"^\s*{_VTT_STAMP}\s+-->\s+{_VTT_STAMP}")
_VTT_SKIPPED = ("WEBVTT", "NOTE", "STYLE", "REGION")
_VTT_UNESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", "\u00a0"), ("&amp;", "&"))
# A cue cut at a beat's edge keeps no sliver shorter than this: the .srt's milliseconds
# and the beat times' microseconds round apart, so a neighbour's cue may overlap by 1 ms.
MIN_SLIVER = 0.05


def scene_captions(scene_folder: Path, scene: str) -> list[Cue] | None:
    """The scene's caption cues (scene time) from `<Scene>.srt`; None when there is none."""
    path = scene_folder / f"{scene}{CAPTIONS_SUFFIX}"
    return parse_srt(path.read_text(encoding="utf-8")) if path.is_file() else None


def scene_descriptions(scene_folder: Path, scene: str) -> list[Cue] | None:
    """The scene's description cues (scene time); None when the render wrote none."""
    path = scene_folder / f"{scene}{DESCRIPTIONS_SUFFIX}"
    return parse_vtt(path.read_text(encoding="utf-8")) if path.is_file() else None


def parse_vtt(text: str) -> list[Cue]:
    """Read WebVTT cues: skips the header, NOTE/STYLE/REGION blocks, cue ids and settings."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[Cue] = []
    for block in _blocks(lines):
        if block[0].split(maxsplit=1)[0] in _VTT_SKIPPED and "-->" not in block[0]:
            continue
        if "-->" not in block[0] and len(block) > 1:
            block = block[1:]  # a cue identifier
        match = _VTT_TIMING.match(block[0])
        if match is None:
            raise ValueError(f"WebVTT cue {len(cues) + 1} has no valid timing: {block[0]!r}.")
        cues.append(
            Cue(
                _seconds(*match.groups()[:4]),
                _seconds(*match.groups()[4:]),
                _unescape("\n".join(line.rstrip() for line in block[1:])),
            )
        )
    return cues


def beat_cues(cues: Sequence[Cue], start: float, end: float) -> list[Cue]:
    """The cues overlapping [start, end), clipped to it and moved to the beat's time."""
    inside = []
    for cue in cues:
        if cue.end <= start or cue.start >= end:
            continue
        clipped = Cue(max(cue.start, start), min(cue.end, end), cue.text)
        cut = clipped != cue
        if not (cut and clipped.end - clipped.start < MIN_SLIVER):
            inside.append(clipped)
    return shift(inside, -start)


def write_changed(tracks: Mapping[Path, str]) -> None:
    """Writes each track whose file is missing or holds other text; leaves the rest alone."""
    for path, text in tracks.items():
        if not (path.is_file() and _same_text(path, text)):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, text)


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _blocks(lines: Iterable[str]) -> Iterable[list[str]]:
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _unescape(text: str) -> str:
    for escaped, raw in _VTT_UNESCAPES:
        text = text.replace(escaped, raw)
    return text
