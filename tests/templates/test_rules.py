"""DerivativeRules: beats, on-screen values, layout, golden last frame and a content edit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from content_files import plan_refusal
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.content.loader import DEFAULT_CONTENT
from scenes.kit.base import BeatScene
from scenes.plans import schemas
from scenes.templates.rules import DerivativeRules

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "rules"

LECTURE = DEFAULT_CONTENT
STRESS = Path(__file__).resolve().parents[2] / "tests" / "stress" / "derivations.toml"


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("DerivativeRules", tmp_path_factory.mktemp("rules"))


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["DerivativeRules"].beats)


def test_each_beat_shows_its_rule_and_example(scene: BeatScene) -> None:
    rules = {rule.name: rule for rule in scene.plan.rules}
    beats = {
        "ConstantRule": ["constant"],
        "LinearRule": ["linear"],
        "SumRule": ["sum"],
        "PowerRule": ["power"],
        "ExponentialRule": ["exponential", "natural exponential"],
        "ChainRule": ["chain"],
    }
    for beat, names in beats.items():
        shown = texts_of(scene, beat)
        for name in names:
            assert rules[name].latex in shown, (beat, name)
            assert rules[name].example_latex in shown, (beat, name)
            if rules[name].equation:
                assert rules[name].equation in shown, (beat, name)


def test_equation_numbers_come_from_the_lecture(scene: BeatScene) -> None:
    """The default lecture numbers its rules (3)-(6); the template numbers none itself."""
    assert "(3)" in texts_of(scene, "SumRule")
    assert "(4)" in texts_of(scene, "PowerRule")
    assert "(5)" in texts_of(scene, "ExponentialRule")
    assert "(6)" in texts_of(scene, "ChainRule")


def test_equation_labels_one_per_rule(tmp_path: Path) -> None:
    message = plan_refusal(
        tmp_path, "DerivativeRules", {"equation_labels": ["(3)"]}, "equation_labels"
    )
    assert "has 1 labels but must have 7, one per rule in this order: constant, linear" in message


def test_the_previous_beat_is_cleared(scene: BeatScene) -> None:
    assert "(3)" not in texts_of(scene, "PowerRule")
    assert r"\frac{d}{dx} x^{2} = 2 x" not in texts_of(scene, "ChainRule")


def test_power_rule_reads_the_slope_at_the_point(scene: BeatScene) -> None:
    assert "f'(1) = 2" in texts_of(scene, "PowerRule")
    assert scene.power_readout[1].get_value() == pytest.approx(2.0)
    dot = scene.power_dot.get_center()
    assert np.allclose(dot, scene.power_axes.c2p(1, 1))


def test_constant_rule_slope_stays_zero(scene: BeatScene) -> None:
    assert scene.constant_readout[1].get_value() == pytest.approx(0.0)


def test_linear_rule_triangles_rise_by_the_slope(scene: BeatScene) -> None:
    axes = scene.linear_axes
    assert len(scene.linear_triangles) == 2
    for run, rise, run_label, rise_label in scene.linear_triangles:
        run_start, run_end = (axes.p2c(p) for p in run.get_start_and_end())
        rise_start, rise_end = (axes.p2c(p) for p in rise.get_start_and_end())
        assert run_end[0] - run_start[0] == pytest.approx(1)
        assert rise_end[1] - rise_start[1] == pytest.approx(2)
        assert (run_label.get_tex_string(), rise_label.get_tex_string()) == ("1", "2")


def test_chain_rule_shows_outer_and_inner_derivatives(scene: BeatScene) -> None:
    shown = texts_of(scene, "ChainRule")
    assert "f'(g(x)) = e^{- x}" in shown
    assert "g'(x) = -1" in shown
    assert "f(g(x)) = e^{- x}" in shown


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_another_power_point_changes_the_readout(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = tmp_path / "lecture.toml"
    edited.write_text(LECTURE.read_text().replace("power_point = 1\n", "power_point = 2\n"))
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    scene = run_scene("DerivativeRules", tmp_path)
    assert "f'(2) = 4" in texts_of(scene, "PowerRule")
    assert scene.power_readout[1].get_value() == pytest.approx(4.0)
    assert np.allclose(scene.power_dot.get_center(), scene.power_axes.c2p(2, 4))
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@frames_comparison(last_frame=True, base_scene=DerivativeRules, tex_dir=str(TEX_CACHE))
def test_derivative_rules_last_frame(scene: DerivativeRules) -> None:
    DerivativeRules.construct(scene)
