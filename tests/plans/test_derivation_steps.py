"""Derivation says its rules and its algebra step by step: one step per rule applied (the
rule's name and what it acts on) and one per algebra step (what it rewrites, and into
what); the scene begins each step as its sentence starts."""

from __future__ import annotations

from itertools import accumulate
from pathlib import Path

import pytest
from content_files import with_entry
from manim import tempconfig
from scene_harness import TINY, scene_class

from scenes.content.loader import ContentError
from scenes.kit import style
from scenes.kit.base import BeatScene, PlannedScene
from scenes.maths.narration_values import said_values
from scenes.paths import DEFAULT_CONTENT
from scenes.plans import build_plan, load_lecture, template
from scenes.plans.derivation import ALGEBRA_BEAT, RULES_BEAT, DerivationPlan

ROOT = Path(__file__).resolve().parents[2]
STRESS = ROOT / "tests" / "stress" / "derivations.toml"
STEPPED = (RULES_BEAT, ALGEBRA_BEAT)


def without_stepped_narration(source: Path, tmp_path: Path) -> Path:
    """The lecture with the step-by-step beats' narration left out (the template's own)."""
    text = source.read_text(encoding="utf-8")
    for beat in STEPPED:
        text = with_entry(text, beat, None)
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    return path


def plan_of(scene: str, path: Path | None = None) -> DerivationPlan:
    return build_plan(load_lecture(path), scene)


def said(plan: DerivationPlan, beat: str, name: str, spoken: bool = True) -> list[str]:
    values = [said_values(step)[name] for step in plan.step_values(beat)]
    return [value.spoken if spoken else value.written for value in values]


def test_one_step_per_rule_applied_and_per_algebra_step() -> None:
    plan = plan_of("SigmoidDerivation")
    seven = plan.equation_seven_index
    assert len(plan.step_values(RULES_BEAT)) == seven - 1 == 7  # the first line opens
    assert len(plan.step_values(ALGEBRA_BEAT)) == len(plan.steps) - seven - 1 == 5
    for beat in template("Derivation").schema.beats:
        if beat not in STEPPED:
            assert plan.step_values(beat) == ()


def test_the_sigmoids_rules_are_said_by_name_with_what_they_act_on() -> None:
    plan = plan_of("SigmoidDerivation")
    # the lecture labels the rules "Chain rule (6)" on screen; the voice says the plain name
    assert said(plan, RULES_BEAT, "rule") == [
        "chain rule",
        "power rule",
        "sum rule",
        "constant rule",
        "chain rule",
        "exponential rule",
        "linear rule",
    ]
    assert said(plan, RULES_BEAT, "subterm") == [
        "one over one plus e to the minus x",
        "one over g",
        "one plus e to the minus x",
        "one",
        "e to the minus x",
        "e to the g",
        "minus x",
    ]
    assert said(plan, RULES_BEAT, "rule", spoken=False)[0] == "chain rule"
    # a rule that finishes its subterm says what it gives
    values = [said_values(step) for step in plan.step_values(RULES_BEAT)]
    given = {v["rule"].spoken: v["result"].spoken for v in values if "result" in v}
    assert given == {
        "power rule": "minus one over g squared",
        "constant rule": "zero",
        "exponential rule": "e to the g",
        "linear rule": "minus one",
    }


def test_each_algebra_step_says_what_it_rewrites_into_what() -> None:
    plan = plan_of("SigmoidDerivation")
    subterms = said(plan, ALGEBRA_BEAT, "subterm")
    results = said(plan, ALGEBRA_BEAT, "result")
    assert (subterms[1], results[1]) == ("one over one plus e to the minus x", "S of x")
    assert results[-1] == "one minus S of x"
    assert all("rule" not in said_values(step) for step in plan.step_values(ALGEBRA_BEAT))


def test_a_stress_derivation_says_a_table_derivative_and_a_helpers_definition() -> None:
    plan = plan_of("NegativeLogSigmoid", STRESS)
    rules = said(plan, RULES_BEAT, "rule")
    subterms = said(plan, RULES_BEAT, "subterm")
    assert len(rules) == plan.equation_seven_index - 1 == 11
    assert list(zip(rules, subterms, strict=True))[:4] == [
        ("linear rule", "minus the log of S of x"),
        ("chain rule", "the log of S of x"),
        ("standard derivative", "the log of g"),
        ("definition of S", "S of x"),
    ]
    assert len(plan.step_values(ALGEBRA_BEAT)) == 4
    assert said(plan, ALGEBRA_BEAT, "result")[-1] == "S of x minus one"


def test_left_out_each_step_says_the_templates_sentence(tmp_path: Path) -> None:
    scene = load_lecture(without_stepped_narration(DEFAULT_CONTENT, tmp_path)).scene(
        "SigmoidDerivation"
    )
    rules, algebra = (next(b for b in scene.beats if b.name == name) for name in STEPPED)
    assert rules.stepped and len(rules.parts) == 8  # the opening, then seven rules
    assert rules.parts[0] == "Then differentiate it, one rule at a time."
    assert rules.parts[1] == "The chain rule, applied to 1/(1 + e^(-x))."
    assert rules.spoken_parts[2] == "The power rule, applied to one over g."
    assert algebra.stepped and len(algebra.parts) == 6
    assert algebra.spoken_parts[2] == "Write one over one plus e to the minus x as S of x."


def test_a_list_of_the_wrong_length_names_the_rules_count(tmp_path: Path) -> None:
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    path = tmp_path / "lecture.toml"
    path.write_text(with_entry(text, RULES_BEAT, '["One.", "Two."]'), encoding="utf-8")
    with pytest.raises(ContentError, match="give 7, one per rule applied, or 8 with an opening"):
        load_lecture(path)


def test_the_default_lecture_says_each_rule_and_algebra_step_as_it_is_applied() -> None:
    scene = load_lecture().scene("SigmoidDerivation")
    rules, algebra = (next(b for b in scene.beats if b.name == name) for name in STEPPED)
    assert len(rules.parts) == 8 and len(algebra.parts) == 6  # each with an opening
    assert rules.parts[2] == "The power rule differentiates the outside: 1/g becomes -1/g^2."


# ---------------------------------------------------------------- the scene

OPENING = 4.0  # longer than writing the first line, or no step: each part's length
PART = 6.0  # longer than any step's animation


@pytest.mark.slow  # builds the scene with manim, its animations skipped
def test_the_scene_begins_each_step_as_the_part_before_it_ends(
    tex_dir: None, tmp_path: Path
) -> None:
    path = without_stepped_narration(STRESS, tmp_path)
    lecture = load_lecture(path)
    content = lecture.scene("QuotientRule")
    plan = build_plan(lecture, "QuotientRule")
    counts = {beat: len(plan.step_values(beat)) for beat in STEPPED}
    assert counts == {RULES_BEAT: 5, ALGEBRA_BEAT: 1}
    parts = {beat: (OPENING, *[PART] * count) for beat, count in counts.items()}
    whole = {beat: sum(seconds) for beat, seconds in parts.items()}
    settings = {**TINY, "media_dir": str(tmp_path / "media"), "dry_run": True}
    with tempconfig(settings):
        scene: BeatScene = scene_class("Derivation")(
            planned=PlannedScene(content, plan, whole, parts), skip_animations=True
        )
        scene.render()
    records = {record.beat: record for record in scene.beat_records}
    for beat, count in counts.items():
        # each step starts as the part before it has been said: its sentence with it
        starts = list(accumulate([OPENING, *[PART] * (count - 1)]))
        assert records[beat].steps == pytest.approx(starts, abs=1e-6)
        # the last one's rewrite is done as its sentence ends; the beat holds its poster
        ran = records[beat].end - records[beat].start
        assert ran == pytest.approx(whole[beat] + style.BEAT_HOLD, abs=1e-6)
    assert all(not records[beat].steps for beat in records if beat not in STEPPED)
    assert scene.shown_rules == [step.label for step in plan.steps[1:]]
