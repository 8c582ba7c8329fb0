"""A beat said step by step: a list of sentences, one per step (an opening may lead), each
filled from its own step's values; left out, each step says the template's sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenes.content.loader import ContentError
from scenes.plans import load_lecture

CUBE = """
[lecture]
title = "Cubes"
scenes = ["SecantConvergence"]

[scenes.SecantConvergence]
function = "x**3"
y_range = [-1, 9]
"""


def written(tmp_path: Path, narration: str = "") -> Path:
    path = tmp_path / "lecture.toml"
    extra = f"\n[scenes.SecantConvergence.narration]\n{narration}\n" if narration else ""
    path.write_text(CUBE + extra, encoding="utf-8")
    return path


def table_beat(path: Path):  # noqa: ANN201
    return load_lecture(path).scene("SecantConvergence").beats[1]


def test_left_out_each_secant_is_said_with_its_own_run_and_slope(tmp_path: Path) -> None:
    beat = table_beat(written(tmp_path))
    assert beat.stepped and len(beat.parts) == 5  # the opening, then the four secants
    assert [part.split("slope is ")[-1] for part in beat.parts[1:]] == [
        "7.",
        "4.75.",
        "3.8125.",
        "3.31.",
    ]
    assert "four point seven five" in beat.spoken_parts[2]


def test_one_sentence_per_step_is_filled_from_that_step(tmp_path: Path) -> None:
    sentences = '["Run {dx}, slope {slope}.", "Then {slope}.", "Then {slope}.", "Last {slope}."]'
    beat = table_beat(written(tmp_path, f"TabulateTheSecants = {sentences}"))
    assert beat.parts == ("", "Run 1, slope 7.", "Then 4.75.", "Then 3.8125.", "Last 3.31.")
    assert beat.spoken_parts[1] == "Run one, slope seven."


def test_an_opening_sentence_may_lead_the_steps(tmp_path: Path) -> None:
    sentences = '["Four secants.", "A.", "B.", "C.", "D."]'
    beat = table_beat(written(tmp_path, f"TabulateTheSecants = {sentences}"))
    assert beat.parts == ("Four secants.", "A.", "B.", "C.", "D.")
    assert beat.narration == "Four secants. A. B. C. D."


def test_one_text_is_said_over_the_whole_beat_as_before(tmp_path: Path) -> None:
    beat = table_beat(written(tmp_path, 'TabulateTheSecants = "The slopes are {rows_slope}."'))
    assert not beat.stepped
    assert beat.narration == "The slopes are 7, 4.75, 3.8125 and 3.31."


def test_a_list_of_the_wrong_length_is_one_sentence_naming_the_count(tmp_path: Path) -> None:
    path = written(tmp_path, 'TabulateTheSecants = ["A.", "B.", "C."]')
    with pytest.raises(ContentError) as caught:
        load_lecture(path)
    assert str(caught.value) == (
        f"{path}: scenes.SecantConvergence.narration.TabulateTheSecants lists 3 sentences "
        "for the beat's 4 steps; give 4, one per secant, or 5 with an opening sentence first."
    )


def test_a_list_for_a_beat_without_steps_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="DrawTheCurve lists 2 sentences for the beat's 0"):
        load_lecture(written(tmp_path, 'DrawTheCurve = ["A.", "B."]'))


def test_a_step_that_is_no_text_is_named_by_its_place(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"TabulateTheSecants\[2\] = 3 is not text in quotes"):
        load_lecture(written(tmp_path, 'TabulateTheSecants = ["A.", "B.", 3, "D."]'))
