"""Per-beat caption and description tracks, cut from a scene's render-wide cue files.

A render writes one captions file per scene (`<Scene>.srt`) and, where the scene
describes its pictures, one descriptions file (`<Scene>.descriptions.vtt`), both in
scene time. A beat clip starts at 0, so its tracks are the cues that overlap the
beat, clipped to it and shifted to the beat's own time. Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from scenes.outputs.atomic_files import atomic_write_text
from scenes.outputs.captions import Cue, parse_srt, parse_vtt, shift

CAPTIONS_SUFFIX = ".srt"
DESCRIPTIONS_SUFFIX = ".descriptions.vtt"

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
