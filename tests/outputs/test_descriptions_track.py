"""The descriptions track: each beat's and step's words at the times the clip shows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenes.maths.descriptions import BeatShown, ShownValue, StepShown
from scenes.outputs.descriptions import (
    description_cues,
    write_lecture_descriptions,
    write_scene_descriptions,
)

ROW = (ShownValue("dx", "0.5", "zero point five", "0.5", True),)
BEATS = (
    BeatShown("DrawTheCurve"),
    BeatShown("TabulateTheSecants", (StepShown(1, 2, ROW, ()), StepShown(2, 2, ROW, ("dx",)))),
)
SECTIONS = [
    {"name": "DrawTheCurve", "start": 0.0, "end": 4.0},
    {"name": "TabulateTheSecants", "start": 4.0, "end": 12.0, "steps": [1.5, 5.0]},
]


def test_cues_follow_the_beats_and_the_recorded_step_starts() -> None:
    cues = description_cues(BEATS, SECTIONS)
    assert [(c.start, c.end) for c in cues] == [(0, 4), (4, 5.5), (5.5, 9), (9, 12)]
    assert cues[0].text == "Draw the curve."
    assert cues[2].text == "Tabulate the secants, step 1 of 2: dx 0.5."


def test_a_silent_render_shares_the_beat_between_its_steps() -> None:
    sections = [dict(SECTIONS[0]), {"name": "TabulateTheSecants", "start": 4.0, "end": 10.0}]
    cues = description_cues(BEATS, sections)
    assert [(c.start, c.end) for c in cues[1:]] == [(4, 6), (6, 8), (8, 10)]


def test_the_lecture_track_moves_each_scene_to_its_chapter(tmp_path: Path) -> None:
    for name in ("A", "B"):
        (tmp_path / f"{name}.sections.json").write_text(json.dumps(SECTIONS), encoding="utf-8")
    (tmp_path / "chapters.vtt").write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:12.000\nOne\n\n00:00:12.000 --> 00:00:24.000\nTwo\n",
        encoding="utf-8",
    )
    scene = write_scene_descriptions(tmp_path, "A", BEATS).read_text(encoding="utf-8")
    assert scene.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nDraw the curve.\n")
    lecture = write_lecture_descriptions(tmp_path, {"A": BEATS, "B": BEATS}, ["A", "B"])
    text = lecture.read_text(encoding="utf-8")
    assert text.count("Draw the curve.") == 2
    assert "00:00:12.000 --> 00:00:16.000\nDraw the curve." in text
    assert "00:00:21.000 --> 00:00:24.000\nTabulate the secants, step 2 of 2" in text


def test_chapters_that_do_not_match_the_scenes_are_refused(tmp_path: Path) -> None:
    (tmp_path / "chapters.vtt").write_text("WEBVTT\n\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lists 0 chapters for the lecture's 1 scenes"):
        write_lecture_descriptions(tmp_path, {"A": BEATS}, ["A"])
