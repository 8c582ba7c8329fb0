"""Text descriptions as a WebVTT `descriptions` track: what each beat and step shows, in words.

Beside each clip's captions (what is said) the render writes `<Scene>.descriptions.vtt`
(what is shown: maths/descriptions.py), timed with the beats and steps the clip recorded
in `<Scene>.sections.json`; the whole lecture gets `lecture.descriptions.vtt`, each scene's
cues moved to where its chapter starts. A player or screen reader reads them out (WCAG
2.1 1.2.3 and 1.2.5); the HTML deck gives every beat clip its part of them. Written
through a temporary file, so a reader never sees half a track. No manim here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from scenes.content.loader import Lecture
from scenes.maths.descriptions import BeatShown, describe_scene
from scenes.outputs.atomic_files import atomic_write_text
from scenes.outputs.captions import Cue, format_vtt, parse_vtt, shift

LECTURE_DESCRIPTIONS = "lecture.descriptions.vtt"
CHAPTERS = "chapters.vtt"


def descriptions_path(folder: Path, scene: str) -> Path:
    return folder / f"{scene}.descriptions.vtt"


def _step_starts(section: Mapping[str, Any], count: int) -> list[float]:
    """Each step's start in the scene: as the render recorded it (narrated steps), else the
    beat's time after its first moment shared evenly (a silent render records none)."""
    start, end = float(section["start"]), float(section["end"])
    recorded = [start + float(t) for t in section.get("steps", ())]
    if len(recorded) == count:
        return recorded
    share = (end - start) / (count + 1)
    return [start + share * (i + 1) for i in range(count)]


def description_cues(
    described: Sequence[BeatShown], sections: Sequence[Mapping[str, Any]]
) -> list[Cue]:
    """One cue per beat from its start, then one per step from the step's start, each until
    the next cue (or the beat's end), in scene time."""
    by_name = {str(section["name"]): section for section in sections}
    cues = []
    for beat in described:
        section = by_name.get(beat.name)
        if section is None:
            continue
        start, end = float(section["start"]), float(section["end"])
        texts = beat.texts()
        starts = [start, *_step_starts(section, len(beat.steps))]
        ends = [*starts[1:], end]
        for text, at, until in zip(texts, starts, ends, strict=True):
            at, until = min(at, end), min(max(until, at), end)
            if until > at:
                cues.append(Cue(round(at, 3), round(until, 3), text))
    return cues


def write_scene_descriptions(folder: Path, scene: str, described: Sequence[BeatShown]) -> Path:
    """`<Scene>.descriptions.vtt` from the clip's sections (`<Scene>.sections.json`)."""
    sections = json.loads((folder / f"{scene}.sections.json").read_text(encoding="utf-8"))
    target = descriptions_path(folder, scene)
    atomic_write_text(target, format_vtt(description_cues(described, sections)))
    return target


def chapter_starts(folder: Path) -> list[float]:
    """Where each scene starts in lecture.mp4, from the chapters the assembly wrote."""
    return [cue.start for cue in parse_vtt((folder / CHAPTERS).read_text(encoding="utf-8"))]


def write_lecture_descriptions(
    folder: Path, described: Mapping[str, Sequence[BeatShown]], names: Sequence[str]
) -> Path:
    """`lecture.descriptions.vtt`: every scene's descriptions at its chapter's start."""
    starts = chapter_starts(folder)
    if len(starts) != len(names):
        raise ValueError(
            f"{folder / CHAPTERS} lists {len(starts)} chapters for the lecture's {len(names)} "
            "scenes; render the whole lecture again"
        )
    cues: list[Cue] = []
    for name, start in zip(names, starts, strict=True):
        sections = json.loads((folder / f"{name}.sections.json").read_text(encoding="utf-8"))
        cues += shift(description_cues(described[name], sections), start)
    target = folder / LECTURE_DESCRIPTIONS
    atomic_write_text(target, format_vtt(cues))
    return target


def describe_lecture(lecture: Lecture, names: Sequence[str]) -> dict[str, tuple[BeatShown, ...]]:
    """What each named scene's beats and steps show, from its plan."""
    from scenes.plans import plan_scene

    return {
        name: describe_scene(lecture.scene(name), plan_scene(lecture.scene(name), lecture.path))
        for name in names
    }


def write_descriptions(
    lecture: Lecture, folder: Path, names: Sequence[str], whole: bool
) -> list[Path]:
    """Each named scene's descriptions track (those with a published clip), and the
    lecture's when `whole` and lecture.mp4's chapters are there."""
    ready = [name for name in names if (folder / f"{name}.sections.json").is_file()]
    described = describe_lecture(lecture, ready)
    written = [write_scene_descriptions(folder, name, described[name]) for name in ready]
    if whole and len(ready) == len(names) and (folder / CHAPTERS).is_file():
        written.append(write_lecture_descriptions(folder, described, names))
    return written
