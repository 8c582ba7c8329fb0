"""Numbers typed in the narration are checked against the scene's values."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from scenes.maths import said_numbers
from scenes.maths.said_numbers import unsupported_numbers
from scenes.paths import EXAMPLE_LECTURES
from scenes.plans import build_plan, load_lecture

SECANT = """
[lecture]
title = "Cubes"
scenes = ["SecantConvergence"]

[scenes.SecantConvergence]
function = "x**3"
y_range = [-1, 9]

[scenes.SecantConvergence.narration]
DrawTheCurve = "What is the slope at x equals 1?"
TabulateTheSecants = "The slopes are 7, 4.75, 3.81 and 3.3, then 5.5, {rows_slope}."
StateTheLimit = "The limit is 3, not 6."
"""


def found(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "lecture.toml"
    path.write_text(text, encoding="utf-8")
    lecture = load_lecture(path)
    return [
        (f.beat, f.number)
        for scene in lecture.scenes
        for f in unsupported_numbers(scene, build_plan(lecture, scene.name))
    ]


def test_numbers_the_plan_holds_pass_rounded_as_written_and_others_are_found(
    tmp_path: Path,
) -> None:
    # 3.81 is 3.8125 to two places and 3.3 is 3.31 to one; 5.5 and 6 are no value
    assert found(tmp_path, SECANT) == [
        ("TabulateTheSecants", "5.5"),
        ("StateTheLimit", "6"),
    ]


def test_a_whole_number_is_not_a_rounded_decimal(tmp_path: Path) -> None:
    # 3.8125 is a value, but a lecturer writing 4 means four
    text = SECANT.replace("The limit is 3, not 6.", "The slope nears 4.")
    assert ("StateTheLimit", "4") in found(tmp_path, text)


def test_the_example_lectures_type_no_number_their_plans_contradict() -> None:
    for path in EXAMPLE_LECTURES:
        lecture = load_lecture(path)
        for scene in lecture.scenes:
            assert unsupported_numbers(scene, build_plan(lecture, scene.name)) == []


def test_a_decimal_over_a_whole_number_in_a_plan_is_read_as_its_value() -> None:
    # a rate a plan writes as a formula, 0.05/12: one number, not a crash of the check
    assert said_numbers._as_fraction("0.05/12") == Fraction(1, 240)
    assert said_numbers._as_fraction("3/4") == Fraction(3, 4)
