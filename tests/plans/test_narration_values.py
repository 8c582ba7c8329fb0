"""Plan values named in the narration: written as on screen, said in words, never typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenes.content.loader import ContentError
from scenes.paths import DEFAULT_CONTENT
from scenes.plans import load_lecture


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "lecture.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def table_beat(path: Path | None = None):  # noqa: ANN201
    scene = load_lecture(path).scene("SecantConvergence")
    return next(beat for beat in scene.beats if beat.name == "TabulateTheSecants")


def test_the_default_lecture_says_the_runs_and_slopes_its_table_shows() -> None:
    beat = table_beat()
    assert "With runs of 1, 0.5, 0.25 and 0.1, the slopes are 3, 2.5, 2.25 and 2.1:" in (
        beat.narration
    )
    assert "the slopes are three, two point five, two point two five and two point one:" in (
        beat.spoken
    )
    assert "{" not in beat.narration + beat.spoken


def test_the_readme_edit_to_x_cubed_changes_what_is_said_without_touching_the_narration(
    tmp_path: Path,
) -> None:
    path = edited(
        tmp_path,
        'function = "x**2"\nx0 = 1',
        'function = "x**3"\nx0 = 1',
    )
    text = path.read_text(encoding="utf-8").replace("y_range = [-0.5, 4.5]", "y_range = [-0.5, 9]")
    path.write_text(text, encoding="utf-8")
    beat = table_beat(path)
    assert "the slopes are 7, 4.75, 3.8125 and 3.31:" in beat.narration
    assert (
        "seven, four point seven five, three point eight one two five and three point three one"
        in (beat.spoken)
    )


def test_a_name_that_is_no_value_of_the_plan_is_one_sentence_listing_the_values(
    tmp_path: Path,
) -> None:
    path = edited(tmp_path, "the slopes are {rows_slope}", "the slopes are {slopes}")
    with pytest.raises(ContentError) as caught:
        load_lecture(path)
    message = str(caught.value)
    assert "scenes.SecantConvergence.narration.TabulateTheSecants names {slopes}" in message
    assert "which is no value of the scene; its values: " in message
    assert "rows_slope" in message and "\n" not in message


def test_a_brace_that_names_nothing_is_still_refused_as_unspeakable(tmp_path: Path) -> None:
    path = edited(tmp_path, "the slopes are {rows_slope}", "the slopes are { rows }")
    with pytest.raises(ContentError, match="brace"):
        load_lecture(path)


def test_a_value_is_written_to_the_places_the_voice_says() -> None:
    from scenes.maths.narration_values import said_values
    from scenes.plans import build_plan

    arrow = said_values(build_plan(load_lecture(), "GradientDescentBall"))["arrow_scale"]
    assert (arrow.written, arrow.spoken) == ("0.4243", "zero point four two four three")


def test_a_formula_is_captioned_as_people_type_it() -> None:
    import sympy

    from scenes.maths.narration_values import caption_formula

    x = sympy.Symbol("x")
    assert caption_formula(sympy.exp(-x) / (1 + sympy.exp(-x)) ** 2) == "e^(-x)/(1 + e^(-x))^2"
    assert caption_formula(3 * x**2 + x * sympy.exp(x)) == "3x^2 + x·e^x"
