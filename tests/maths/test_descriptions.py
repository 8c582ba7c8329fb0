"""What each step shows, in words, and the steps whose numbers the narration never says."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenes.maths.descriptions import describe_scene, unsaid_steps, words
from scenes.paths import EXAMPLE_LECTURES
from scenes.plans import build_plan, load_lecture, templates

SECANT = """
[lecture]
title = "Squares"
scenes = ["SecantConvergence"]

[scenes.SecantConvergence]
function = "x**2"
step_sizes = [1, 0.5, 0.25]

[scenes.SecantConvergence.narration]
TabulateTheSecants = [
    "Secants through one point.",
    "With a run of {dx}, the slope is {slope}.",
    "Next.",
    "A run of one quarter gives two and a quarter.",
]
"""


def scene_of(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "lecture.toml"
    path.write_text(text, encoding="utf-8")
    lecture = load_lecture(path)
    scene = lecture.scenes[0]
    return lecture, scene, build_plan(lecture, scene.name)


def test_each_step_is_described_by_the_values_it_shows(tmp_path: Path) -> None:
    _, scene, plan = scene_of(tmp_path, SECANT)
    beats = {beat.name: beat for beat in describe_scene(scene, plan)}
    table = beats["TabulateTheSecants"]
    assert [step.index for step in table.steps] == [1, 2, 3]
    second = {value.name: value.written for value in table.steps[1].values}
    # x0 = 1 by default: the second secant runs 0.5 to x1 = 1.5, rising 1.25, slope 2.5
    assert (second["dx"], second["x1"], second["rise"], second["slope"]) == (
        "0.5",
        "1.5",
        "1.25",
        "2.5",
    )
    assert "intercept" not in second  # the plan says no label writes it
    texts = table.texts()
    assert texts[0] == "Tabulate the secants."
    assert texts[2].startswith("Tabulate the secants, step 2 of 3: dx 0.5;")
    assert beats["DrawTheCurve"].steps == ()


def test_a_step_shown_in_silence_is_found_and_one_said_in_words_is_not(tmp_path: Path) -> None:
    _, scene, plan = scene_of(tmp_path, SECANT)
    found = unsaid_steps(scene, plan)
    # step 1 says {dx} and {slope}; "two and a quarter" is not how the voice says 2.25
    # ("two point two five"): only the digits or the voice's own words count
    assert [(f.beat, f.step.index) for f in found] == [
        ("TabulateTheSecants", 2),
        ("TabulateTheSecants", 3),
    ]
    sentence = found[0].sentence("lecture.toml")
    assert sentence.startswith(
        "lecture.toml: scenes.SecantConvergence.narration.TabulateTheSecants"
    )
    assert "step 2 of 3 shows dx = 0.5" in sentence and '"Next."' in sentence


def test_a_number_said_in_the_voices_words_counts(tmp_path: Path) -> None:
    text = SECANT.replace("A run of one quarter gives two and a quarter.", "Zero point two five.")
    text = text.replace('"Next."', '"Half: {slope}."')
    _, scene, plan = scene_of(tmp_path, text)
    assert unsaid_steps(scene, plan) == []


def test_one_text_for_a_stepped_beat_says_each_row_by_listing_them(tmp_path: Path) -> None:
    text = SECANT.split("TabulateTheSecants")[0] + (
        'TabulateTheSecants = "With runs of {rows_dx}, the slopes are {rows_slope}."\n'
    )
    _, scene, plan = scene_of(tmp_path, text)
    assert unsaid_steps(scene, plan) == []
    silent = SECANT.split("TabulateTheSecants")[0] + 'TabulateTheSecants = "Smaller runs."\n'
    _, scene, plan = scene_of(tmp_path, silent)
    assert len(unsaid_steps(scene, plan)) == 3


@pytest.mark.parametrize("path", EXAMPLE_LECTURES, ids=lambda p: p.name)
def test_the_shipped_lectures_say_every_step_they_show(path: Path) -> None:
    lecture = load_lecture(path)
    found = [
        f.sentence(str(path))
        for scene in lecture.scenes
        for f in unsaid_steps(scene, build_plan(lecture, scene.name))
    ]
    assert found == []


def test_names_become_words() -> None:
    assert words("TabulateTheSecants") == "Tabulate the secants"
    assert words("RewriteAsAPower") == "Rewrite as a power"
    assert words("next_point") == "next point"


def test_every_templates_own_sentences_say_what_its_steps_show(tmp_path: Path) -> None:
    """The starter of `lecture new` (each template's example and sentences, which a lecture
    that leaves a beat out says) has no step shown in silence. Its derivation's last rule,
    "The linear rule, applied to -x.", says the formula the step turns into -1."""
    from click.testing import CliRunner

    from scenes.cli.main import main

    starter = tmp_path / "all.toml"
    made = CliRunner().invoke(main, ["new", str(starter)])
    assert made.exit_code == 0, made.output
    lecture = load_lecture(starter)
    assert len(lecture.scenes) == len(templates())
    found = [
        f.sentence(starter.name)
        for scene in lecture.scenes
        for f in unsaid_steps(scene, build_plan(lecture, scene.name))
    ]
    assert found == []
    derivation = next(s for s in lecture.scenes if s.template == "Derivation")
    last = describe_scene(derivation, build_plan(lecture, derivation.name))
    rules = next(beat for beat in last if beat.name == "DifferentiateStepByStep")
    assert rules.steps[-1].said == ("subterm",)  # -x, said; its result -1 is not
