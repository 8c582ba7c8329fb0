"""Each WCAG criterion's line, from a fake render folder and planted problems."""

from __future__ import annotations

import json
from pathlib import Path

from scenes.outputs import accessibility as wcag
from scenes.outputs.captions import Cue, format_srt
from scenes.plans import build_plan, load_lecture

LECTURE = """
[lecture]
title = "Squares"
scenes = ["SecantConvergence"]

[scenes.SecantConvergence]
function = "x**2"
step_sizes = [1, 0.5]

[scenes.SecantConvergence.narration]
DrawTheCurve = "A curve."
TabulateTheSecants = ["With a run of {dx}, the slope is {slope}.", "{STEP2}"]
"""


def lecture_with(tmp_path: Path, second_step: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "lecture.toml"
    path.write_text(LECTURE.replace("{STEP2}", second_step), encoding="utf-8")
    return load_lecture(path)


def fake_render(folder: Path, cues: list[Cue]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    sections = [
        {"name": "DrawTheCurve", "start": 0.0, "end": 3.0},
        {"name": "TabulateTheSecants", "start": 3.0, "end": 9.0, "steps": [0.0, 3.0]},
    ]  # the later beats are not in this fake render, so they are not looked for
    (folder / "SecantConvergence.sections.json").write_text(json.dumps(sections), "utf-8")
    (folder / "SecantConvergence.srt").write_text(format_srt(cues), "utf-8")
    (folder / "SecantConvergence.mp4").write_bytes(b"")


def test_captions_pass_when_every_spoken_beat_has_a_cue_and_name_the_gap(tmp_path: Path) -> None:
    lecture = lecture_with(tmp_path, "A run of {dx}: {slope}.")
    folder = tmp_path / "out"
    fake_render(folder, [Cue(0.5, 2.5, "A curve."), Cue(3.0, 8.0, "With a run of 1 ...")])
    assert wcag.missing_renders(folder, ["SecantConvergence"]) == []
    assert wcag.captions(lecture, folder, ["SecantConvergence"]).passed
    fake_render(folder, [Cue(3.0, 8.0, "With a run of 1 ...")])
    failed = wcag.captions(lecture, folder, ["SecantConvergence"])
    assert not failed.passed
    assert failed.line().startswith("FAIL 1.2.2 Captions: no caption while SecantConvergence")
    assert "beat DrawTheCurve (0.0-3.0 s)" in failed.detail


def test_a_step_whose_row_is_never_said_fails_1_2_5(tmp_path: Path) -> None:
    said = lecture_with(tmp_path, "A run of {dx}: {slope}.")
    plan = {"SecantConvergence": build_plan(said, "SecantConvergence")}
    assert wcag.said_steps(said, ["SecantConvergence"], plan.__getitem__).passed
    silent = lecture_with(tmp_path, "And again.")
    plan = {"SecantConvergence": build_plan(silent, "SecantConvergence")}
    result = wcag.said_steps(silent, ["SecantConvergence"], plan.__getitem__)
    assert not result.passed
    assert result.line().startswith("FAIL 1.2.5 Audio description (prerecorded):")
    assert "step 2 of 2 shows dx = 0.5" in result.detail


def test_contrast_findings_fail_the_criterion_they_cite() -> None:
    dim = 'S, beat B at 1.0 s: the text "x" is #303030 on #0F1115, contrast 1.4:1 (WCAG 1.4.3)'
    text, graphics = wcag.contrast([dim])
    assert (text.number, text.passed, graphics.passed) == ("1.4.3", False, True)
    assert dim in text.detail
    assert all(result.passed for result in wcag.contrast([]))


def test_more_than_three_flashes_in_a_second_fail_2_3_1() -> None:
    calm = wcag.flashes([("A.mp4", 0, 0.0), ("B.mp4", 2, 4.0)])
    assert calm.passed and calm.detail == "at most 2 flashes in any second of A.mp4; B.mp4"
    assert not wcag.flashes([]).passed
    flashing = wcag.flashes([("A.mp4", 0, 0.0), ("B.mp4", 7.5, 12.25)])
    assert not flashing.passed
    assert flashing.detail == "B.mp4 flashes 7.5 times a second at 12.2 s"


def test_missing_descriptions_and_transcript_fail(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    fake_render(folder, [])
    missing = wcag.descriptions(folder, ["SecantConvergence"], whole=True)
    assert not missing.passed
    assert "SecantConvergence" in missing.detail and "lecture.descriptions.vtt" in missing.detail
    (folder / "SecantConvergence.descriptions.vtt").write_text("WEBVTT\n\n", "utf-8")
    (folder / "lecture.descriptions.vtt").write_text("WEBVTT\n\n", "utf-8")
    assert wcag.descriptions(folder, ["SecantConvergence"], whole=True).passed
    failed = wcag.transcript(None, "no render of SecantConvergence")
    assert [r.number for r in failed] == ["1.2.1", "1.2.8"] and not any(r.passed for r in failed)


def test_the_deck_must_start_muted_and_pause_from_the_keyboard(tmp_path: Path) -> None:
    no_deck = wcag.deck_sound_and_motion(tmp_path)
    assert [r.number for r in no_deck] == ["1.4.2", "2.2.2"] and all(r.passed for r in no_deck)
    page = tmp_path / "slides" / "index.html"
    page.parent.mkdir()
    good = (
        '<video class="clip" muted src="a.mp4"></video><video muted></video>'
        '<style>@media (prefers-reduced-motion: reduce) {}</style><script>key === "k"</script>'
    )
    page.write_text(good, "utf-8")
    assert all(r.passed for r in wcag.deck_sound_and_motion(tmp_path))
    page.write_text(good.replace("<video muted>", "<video>"), "utf-8")
    sound, pause = wcag.deck_sound_and_motion(tmp_path)
    assert not sound.passed and "1 of the deck's 2 clips may start with sound" in sound.detail
    assert pause.passed
