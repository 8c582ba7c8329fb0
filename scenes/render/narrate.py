"""The narration step of a job, in its worker: audio into every clip, captions from the voice.

Runs after the render (on the staged masters, before they are published) or alone, when
only what is said changed (on the published clips, which are remuxed, not re-encoded).
Each scene clip gets the scene's track (each beat's speech from its section's start); each
beat clip its own beat's part of it. Captions follow each sentence at the times the voice
says it (cut into cues readers can take in, outputs/caption_lines.py), never past the end
of its beat. Nothing here imports manim.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from scenes.outputs.audio_tracks import (
    AAC_BIT_RATE,
    AUDIO_RATE,
    OPUS_BIT_RATE,
    add_audio,
    carries_audio,
)
from scenes.outputs.caption_lines import MAX_LINE, MAX_LINES, sentence_cues
from scenes.outputs.captions import Cue, format_srt
from scenes.outputs.formats import beat_stems
from scenes.voice.narration import SceneNarration, scene_track, timed_sentences

# bumped when the mixing or the captions change for the same narration
AUDIO_SETTINGS = (
    f"2 {AUDIO_RATE} aac {AAC_BIT_RATE} opus {OPUS_BIT_RATE} cues-{MAX_LINES}x{MAX_LINE}"
)


def read_sections(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8")))


def voice_clips(
    clips: Mapping[str, Path],
    scene: str,
    narration: SceneNarration,
    sections: list[dict[str, Any]],
    work_dir: Path,
) -> dict[str, Path]:
    """`clips` (names relative to the variant folder -> files) with the narration muxed in.

    Clips that carry no audio (GIFs, posters, captions) are passed through.
    """
    spans = [(float(s["start"]), float(s["end"])) for s in sections]
    placed = [
        (float(s["start"]), float(s["end"]), [float(t) for t in s.get("steps", ())])
        for s in sections
    ]
    track = scene_track(narration, placed) if narration.voiced else None
    stems = beat_stems([str(section["name"]) for section in sections])
    by_stem = dict(zip(stems, spans, strict=True))
    voiced: dict[str, Path] = {}
    work_dir.mkdir(parents=True, exist_ok=True)
    for name, source in clips.items():
        if not carries_audio(source):
            voiced[name] = source
            continue
        stem = Path(name).stem
        samples = track
        if track is not None and "/" in name:  # a beat clip: its own beat's part of the track
            start, end = by_stem[stem]
            samples = track[round(start * AUDIO_RATE) : round(end * AUDIO_RATE)]
        target = work_dir / name.replace("/", "__")
        add_audio(source, samples, target)
        voiced[name] = target
    return voiced


def caption_cues(narration: SceneNarration, sections: list[dict[str, Any]]) -> list[Cue]:
    """Each sentence's cues (2 lines of 42 characters at most, caption_lines) at its spoken
    time in the scene, cut at the end of its beat."""
    by_name = {str(section["name"]): section for section in sections}
    cues = []
    for beat in narration.beats:
        section = by_name.get(beat.name)
        if section is None:
            continue
        start, end = float(section["start"]), float(section["end"])
        steps = [float(t) for t in section.get("steps", ())]
        for sentence in timed_sentences(beat, steps):
            cue_start = min(start + sentence.start, end)
            cue_end = min(start + max(sentence.end, sentence.start), end)
            if cue_end > cue_start:
                cues.extend(sentence_cues(sentence.text, cue_start, cue_end))
    # a step may begin while the part before it is still fading (its pause): one cue at a time
    cues.sort(key=lambda cue: cue.start)
    return [
        replace(cue, end=min(cue.end, after.start)) if after.start > cue.start else cue
        for cue, after in zip(cues, [*cues[1:], Cue(float("inf"), float("inf"), "")], strict=True)
    ]


def write_captions(narration: SceneNarration, sections: list[dict[str, Any]], target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(format_srt(caption_cues(narration, sections)), encoding="utf-8")
    return target
