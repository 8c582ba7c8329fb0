"""`lecture check`, and the layout findings that `render` and `storyboard` print (--strict)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from scenes.cli.main import main
from scenes.outputs import storyboard

PLANTED = 'LectureTitle, beat ShowTheTitle at 1.0 s: the text "T" overlaps the text "U".'


def plant_on_board(out: Path) -> None:
    """Put a finding on the drawn board's first beat, keeping its key (the board stays fresh)."""
    record = out / "draft" / "storyboard" / "LectureTitle.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["beats"][0]["findings"] = [PLANTED]
    record.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.slow
def test_check_reports_nothing_on_a_clean_scene_and_every_planted_finding(tmp_path: Path) -> None:
    arguments = ["check", "LectureTitle", "--no-narration", "--out", str(tmp_path)]
    clean = CliRunner().invoke(main, arguments)
    assert clean.exit_code == 0, clean.output
    assert "Layout: nothing found in 1 scene." in clean.output

    plant_on_board(tmp_path)
    found = CliRunner().invoke(main, arguments)
    assert found.exit_code == 1, found.output
    assert f"Layout: 1 finding:\n  {PLANTED}\n" in found.output

    storyboard_arguments = ["storyboard", "LectureTitle", "-q", "draft", "--no-narration"]
    storyboard_arguments += ["--out", str(tmp_path)]
    shown = CliRunner().invoke(main, storyboard_arguments)
    assert shown.exit_code == 0, shown.output  # printed, but not an error without --strict
    assert PLANTED in shown.output
    strict = CliRunner().invoke(main, [*storyboard_arguments, "--strict"])
    assert strict.exit_code == 1 and PLANTED in strict.output


@pytest.mark.slow
def test_render_prints_the_clips_findings_and_strict_makes_them_fail(tmp_path: Path) -> None:
    arguments = ["render", "LectureTitle", "-q", "draft", "--no-narration", "--out", str(tmp_path)]
    first = CliRunner().invoke(main, arguments)
    assert first.exit_code == 0, first.output
    assert "Layout: nothing found in 1 scene." in first.output
    record = tmp_path / "draft" / "LectureTitle.layout.json"
    assert json.loads(record.read_text(encoding="utf-8")) == {"findings": []}

    record.write_text(json.dumps({"findings": [{"sentence": PLANTED}]}), encoding="utf-8")
    fresh = CliRunner().invoke(main, arguments)  # the clip is fresh: its record is read
    assert fresh.exit_code == 0 and PLANTED in fresh.output
    strict = CliRunner().invoke(main, [*arguments, "--strict"])
    assert strict.exit_code == 1 and PLANTED in strict.output

    record.unlink()
    unchecked = CliRunner().invoke(main, [*arguments, "--strict"])
    assert unchecked.exit_code == 1
    assert "LectureTitle has no layout record" in unchecked.output


def test_the_sheet_frames_a_beat_with_findings_in_red_and_the_page_lists_them() -> None:
    beats = (
        storyboard.BoardBeat("Clean", "", 1.0, "S/01-Clean.png"),
        storyboard.BoardBeat("Flagged", "", 1.0, "S/02-Flagged.png", (PLANTED,)),
    )
    board = storyboard.Board("S", "Chapter", "draft", "key", "S.png", beats)
    assert storyboard.Board.from_json(board.to_json()) == board
    assert board.findings == (PLANTED,)
    dark = Image.new("RGB", (160, 90), (0, 0, 0))
    sheet = np.asarray(storyboard.draw_sheet(board, [dark, dark]))
    red = np.all(sheet == storyboard.FINDING_COLOUR, axis=2)
    left_cell = red[:, : storyboard.MARGIN + storyboard.THUMB_WIDTH]
    right_cell = red[:, storyboard.MARGIN + storyboard.THUMB_WIDTH + storyboard.MARGIN // 2 :]
    assert not left_cell.any() and right_cell.sum() > 4 * storyboard.THUMB_WIDTH
    page = storyboard.lecture_page(
        "T",
        "draft",
        [storyboard.PageScene("S", "Chapter", (("Clean", ""), ("Flagged", "")), board)],
    )
    assert page.count('class="beat flagged"') == 1
    assert "the text &quot;T&quot; overlaps the text &quot;U&quot;." in page


@pytest.mark.slow
def test_check_reports_a_typed_number_that_is_none_of_the_scenes_values(tmp_path: Path) -> None:
    lecture = tmp_path / "lecture.toml"
    lecture.write_text(
        '[lecture]\ntitle = "T"\nscenes = ["LectureTitle"]\n\n[scenes.LectureTitle]\n'
        'title = "Derivatives"\n\n[scenes.LectureTitle.narration]\n'
        'ShowTheTitle = "Derivatives in 3 steps."\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    arguments = ["--content", str(lecture), "check", "--no-narration", "--out", str(out)]
    found = CliRunner().invoke(main, arguments)
    assert found.exit_code == 1, found.output
    assert (
        f"Narration: {lecture}: scenes.LectureTitle.narration.ShowTheTitle says 3, which is "
        "none of the scene's values (it has no numeric values); name the value in braces or "
        "correct it.\n"
    ) in found.output


ACCESSIBLE = """
[lecture]
title = "Squares"
scenes = ["SecantConvergence"]

[scenes.SecantConvergence]
function = "x**2"
step_sizes = [1, 0.5]

[scenes.SecantConvergence.narration]
TabulateTheSecants = ["With a run of {dx}, the slope is {slope}.", "SECOND"]
"""
CRITERIA = "1.2.1 1.2.2 1.2.3 1.2.5 1.2.8 1.4.2 1.4.3 1.4.11 2.2.2 2.3.1".split()


@pytest.mark.slow
def test_check_accessibility_passes_a_said_lecture_and_names_the_criterion_it_fails(
    tmp_path: Path,
) -> None:
    lecture = tmp_path / "lecture.toml"
    lecture.write_text(ACCESSIBLE.replace("SECOND", "A run of {dx}: {slope}."), "utf-8")
    out = tmp_path / "out"
    base = ["--content", str(lecture)]
    check = [*base, "check", "--accessibility", "--no-narration", "--out", str(out)]
    before = CliRunner().invoke(main, check)
    assert before.exit_code == 1, before.output
    assert f"run `lecture render -q draft --out {out}` first" in before.output

    render = [*base, "render", "-q", "draft", "--no-narration", "--out", str(out)]
    rendered = CliRunner().invoke(main, render)
    assert rendered.exit_code == 0, rendered.output
    passed = CliRunner().invoke(main, check)
    assert passed.exit_code == 0, passed.output
    lines = [line for line in passed.output.splitlines() if line.startswith(("pass", "FAIL"))]
    assert [line.split()[1] for line in lines] == CRITERIA
    assert all(line.startswith("pass ") for line in lines)
    assert "Accessibility: 10 of 10 WCAG 2.1 criteria pass." in passed.output
    assert (out / "draft" / "transcript.html").is_file()
    descriptions = (out / "draft" / "SecantConvergence.descriptions.vtt").read_text("utf-8")
    assert "Tabulate the secants, step 2 of 2: dx 0.5;" in descriptions

    # the second row said by nobody: the renders no longer match the lecture until rendered
    lecture.write_text(ACCESSIBLE.replace("SECOND", "And again."), "utf-8")
    stale = CliRunner().invoke(main, check)
    assert stale.exit_code == 1, stale.output
    assert "the renders of SecantConvergence in " in stale.output
    assert "are older than the lecture file" in stale.output
    assert CliRunner().invoke(main, render).exit_code == 0
    failed = CliRunner().invoke(main, check)
    assert failed.exit_code == 1, failed.output
    assert "FAIL 1.2.5 Audio description (prerecorded): " in failed.output
    assert "step 2 of 2 shows dx = 0.5" in failed.output
    assert "fix 1.2.5." in failed.output
    plain = CliRunner().invoke(main, [a for a in check if a != "--accessibility"])
    assert plain.exit_code == 0, plain.output  # a note: the descriptions track carries the row
    assert (
        f"Description: {lecture}: scenes.SecantConvergence.narration.TabulateTheSecants step 2 "
        "of 2 shows dx = 0.5"
    ) in plain.output
