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


def said_slopes(path: Path | None = None) -> tuple[list[str], list[str]]:
    """What the secant scene says of each secant's slope, and of the limit: written, spoken."""
    scene = load_lecture(path).scene("SecantConvergence")
    table = next(beat for beat in scene.beats if beat.name == "TabulateTheSecants")
    limit = next(beat for beat in scene.beats if beat.name == "StateTheLimit")
    written = [part for part in table.parts[1:]] + [limit.narration]
    spoken = [part for part in table.spoken_parts[1:]] + [limit.spoken]
    return written, spoken


def test_the_default_lecture_says_each_secants_run_and_slope_as_its_row_appears() -> None:
    written, spoken = said_slopes()
    assert written[0].startswith("With a run of 1, the second point is at x equals 2.")
    assert "the slope is 3." in written[0] and "the slope is 2.5." in written[1]
    assert "the slope is two point two five." in spoken[2]
    assert "it is two point one." in spoken[3]
    assert "At x equals 1 it is 2, the slope of the tangent." in written[4]
    assert all("{" not in text for text in written + spoken)


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
    written, spoken = said_slopes(path)
    for said, slope in zip(written, ["7", "4.75", "3.8125", "3.31", "3"], strict=True):
        assert f" {slope}" in said, said
    for said, slope in zip(
        spoken,
        [
            "seven",
            "four point seven five",
            "three point eight one two five",
            "three point three one",
            "three, the slope",
        ],
        strict=True,
    ):
        assert slope in said, said


def test_a_name_that_is_no_value_of_the_plan_is_one_sentence_listing_the_values(
    tmp_path: Path,
) -> None:
    path = edited(tmp_path, "so the slope is {slope}.", "so the slope is {slopes}.")
    with pytest.raises(ContentError) as caught:
        load_lecture(path)
    message = str(caught.value)
    # the first secant's sentence, a step: its own values are offered beside the scene's
    assert "scenes.SecantConvergence.narration.TabulateTheSecants[1] names {slopes}" in message
    assert "which is no value of the scene; its values: " in message
    assert "rows_slope" in message and ", slope," in message and "\n" not in message


def test_a_brace_that_names_nothing_is_still_refused_as_unspeakable(tmp_path: Path) -> None:
    path = edited(tmp_path, "so the slope is {slope}.", "so the slope is { slope }.")
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


def test_the_gradient_scenes_unnarrated_beats_say_their_own_surface_and_start(
    tmp_path: Path,
) -> None:
    """A beat the lecture leaves without narration says the template's sentence, and that
    sentence names this scene's values: an off-centre bowl is not "the origin"."""
    path = tmp_path / "lecture.toml"
    path.write_text(
        """
[lecture]
title = "Off centre"
scenes = ["Ball", "Bowl"]

[scenes.Ball]
template = "GradientDescentBall"
surface = "(x - 1)**2 + 2*(y + 1/2)**2"
start = [-1, 1]
more_starts = [[0.5, -0.5], [1, "-1/2"]]

[scenes.Bowl]
template = "GradientSurface"
surface = "(x - 1)**2 + 2*(y + 1/2)**2"
point = [-1, 1]
""",
        encoding="utf-8",
    )
    lecture = load_lecture(path)
    ball = {beat.name: beat for beat in lecture.scene("Ball").beats}
    bowl = {beat.name: beat for beat in lecture.scene("Bowl").beats}
    opening = ball["ShowTheGradient"]
    assert opening.narration.startswith("At the point (-1, 1) the gradient is (-4, 6)")
    assert opening.spoken.startswith("At the point minus one, one the gradient is minus four, six")
    said = " ".join(beat.narration for beat in ball.values())
    assert "origin" not in said and "one, zero" not in said
    surface = bowl["ShowTheSurface"]
    assert "z equals (x - 1)^2 + 2(y + 1/2)^2" in surface.narration
    assert "x squared plus y squared" not in surface.spoken
