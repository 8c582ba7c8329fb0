"""Derivation (the sigmoid's): every engine step shown with its rule, eq. (7), the boxed eq. (8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_files import plan_refusal, with_entry
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene

from scenes.content.loader import DEFAULT_CONTENT
from scenes.kit.base import BeatScene
from scenes.plans import schemas
from scenes.plans.derivation import ALGEBRA_BEAT as ALGEBRA
from scenes.plans.derivation import RULES_BEAT as RULES
from scenes.templates.derivation import Derivation

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "sigmoid"

LECTURE = DEFAULT_CONTENT
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("SigmoidDerivation", tmp_path_factory.mktemp("sigmoid"))


def flat(latex: str) -> str:
    """LaTeX with runs of whitespace collapsed (MathTex joins its parts with spaces)."""
    return " ".join(latex.split())


def texts_of(scene: BeatScene, beat: str) -> list[str]:
    record = next(r for r in scene.beat_records if r.beat == beat)
    return [flat(box.text) for box in record.texts]


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["SigmoidDerivation"].beats)


def test_every_engine_step_is_shown_with_its_rule(scene: BeatScene) -> None:
    steps = scene.plan.steps
    assert scene.shown_rules == [step.label for step in steps[1:]]
    assert scene.shown_rules[:8] == [
        "Chain rule (6)",
        "Power rule (4)",
        "Sum rule (3)",
        "Constant rule",
        "Chain rule (6)",
        "Exponential rule (5)",
        "Linear rule",
        "Simplify",
    ]


def test_the_hint_rewrites_the_sigmoid_as_a_power(scene: BeatScene) -> None:
    shown = texts_of(scene, "RewriteAsAPower")
    assert flat(r"S(x) = \frac{1}{1 + e^{- x}} = \left(1 + e^{- x}\right)^{-1}") in shown
    assert "(2)" in shown


def test_each_beat_ends_on_its_step(scene: BeatScene) -> None:
    plan = scene.plan
    seven = plan.equation_seven_index
    assert flat(plan.steps[seven - 1].latex) in texts_of(scene, "DifferentiateStepByStep")
    reached = texts_of(scene, "SimplifyTheDerivative")
    assert flat(r"\frac{e^{- x}}{\left(1 + e^{- x}\right)^{2}}") in reached
    assert flat(rf"S'(x) = {plan.steps[seven].latex}") in reached  # the reference at the top
    assert "(7)" in reached
    assert flat(plan.steps[-1].latex) in texts_of(scene, "RewriteInTermsOfTheFunction")


def test_the_result_is_boxed_as_equation_eight(scene: BeatScene) -> None:
    shown = texts_of(scene, "BoxTheResult")
    assert flat(r"S'(x) = S{\left(x \right)} \left(1 - S{\left(x \right)}\right)") in shown
    assert "(8)" in shown
    result, box, _ = scene.result
    assert box.get_left()[0] < result.get_left()[0] and box.get_right()[0] > result.get_right()[0]
    assert box.get_bottom()[1] < result.get_bottom()[1] and box.get_top()[1] > result.get_top()[1]


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_another_name_and_fewer_algebra_steps_change_the_scene(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = LECTURE.read_text()
    start = content.index("[scenes.SigmoidDerivation]")
    end = content.index("[scenes.SigmoidDerivation.narration]")
    section = content[start:end]
    edited_section = (
        section.replace('name = "S"', 'name = "G"')
        .replace("S(x)", "G(x)")
        .replace('    "G(x) * (((1 + exp(-x)) - 1)/(1 + exp(-x)))",\n', "")
    )
    assert edited_section.count("G(x)") == 4
    edited = tmp_path / "lecture.toml"
    # one algebra step fewer: the template's own sentence for each algebra step
    text = with_entry(content[:start] + edited_section + content[end:], ALGEBRA, None)
    edited.write_text(text)
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    scene = run_scene("SigmoidDerivation", tmp_path)
    assert scene.shown_rules.count("Algebra") == 4
    shown = texts_of(scene, "BoxTheResult")
    assert flat(r"G'(x) = G{\left(x \right)} \left(1 - G{\left(x \right)}\right)") in shown
    assert flat(r"G(x) = \frac{1}{1 + e^{- x}} = \left(1 + e^{- x}\right)^{-1}") in shown
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_a_derivation_without_algebra_steps_ends_on_the_rules_result(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = LECTURE.read_text()
    start = content.index("[scenes.SigmoidDerivation]")
    end = content.index("[scenes.SigmoidDerivation.narration]")
    section = (
        '[scenes.SigmoidDerivation]\ntemplate = "Derivation"\nname = "F"\n'
        'function = "x**3"\nrewritten = ["x**3"]\nalgebra_steps = []\n\n'
    )
    edited = tmp_path / "lecture.toml"
    text = content[:start] + section + content[end:]
    for stepped in (RULES, ALGEBRA):  # other steps: the template's own sentences
        text = with_entry(text, stepped, None)
    edited.write_text(text)
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    scene = run_scene("Derivation", tmp_path)
    assert [step.rule for step in scene.plan.steps] == ["start", "power"]
    assert scene.plan.equation_seven_index == 1
    assert [r.beat for r in scene.beat_records] == list(schemas()["Derivation"].beats)
    assert flat("F'(x) = 3 x^{2}") in texts_of(scene, "BoxTheResult")
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_rule_labels_come_from_the_lecture(scene: BeatScene) -> None:
    """The default lecture numbers its rules (rule_labels); the others keep plain names."""
    assert "Sum rule (3)" in scene.shown_rules
    assert "Constant rule" in scene.shown_rules


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"rule_labels": ["chain: (6)"]}, 'has "chain: (6)", which is not "rule = label"'),
        ({"rule_labels": ["chane = Chain rule"]}, "whose rule 'chane' is none of power, chain"),
        (
            {"rule_labels": ["sum = Sum (3)", "sum = Sum (4)"]},
            "labels the sum rule twice, the second time as 'Sum (4)'",
        ),
        ({"equation_labels": ["(1)"]}, "must have 3 labels"),
    ],
)
def test_wrong_labels_are_refused_in_one_sentence(
    tmp_path: Path, params: dict[str, object], expected: str
) -> None:
    assert expected in plan_refusal(tmp_path, "Derivation", params, next(iter(params)))


def test_a_step_unequal_to_the_derivative_is_refused_naming_the_key(tmp_path: Path) -> None:
    message = plan_refusal(
        tmp_path, "Derivation", {"algebra_steps": ["S(x) * (2 - S(x))"]}, "algebra_steps"
    )
    assert "algebra step 1" in message and "is not equal to the derivative" in message


@frames_comparison(last_frame=True, base_scene=Derivation, tex_dir=str(TEX_CACHE))
def test_sigmoid_derivation_last_frame(scene: Derivation) -> None:
    Derivation.construct(scene)
