"""Steps inside the beats of SlopeOfLine, DerivativeRules, GradientSurface and
GradientDescentBall: how many steps each beat has (the plan's step_values), the values each
step's sentence names, the templates' own step sentences, and a scene that begins each step
once, after the part said before it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import sympy
from manim import tempconfig
from scene_harness import TINY, scene_class

from scenes.content.loader import Lecture, SceneContent
from scenes.content.reading import reading_time
from scenes.kit.base import BeatScene, PlannedScene
from scenes.maths import calculus as calc
from scenes.maths.narration_values import step_values
from scenes.paths import DEFAULT_CONTENT
from scenes.plans import build_plan, load_lecture, template

TEMPLATES = ("SlopeOfLine", "DerivativeRules", "GradientSurface", "GradientDescentBall")
STRESS = sorted((Path(__file__).parents[1] / "stress").glob("*.toml"))
LECTURES = [DEFAULT_CONTENT, *STRESS]
# the beats said step by step: with the template's own sentence (Steps), or only when the
# lecture lists one sentence per step
STEPPED = {
    "SlopeOfLine": {"MarkTwoPoints": 2, "RiseOverRun": 2, "SlopeIsTheCoefficient": 3},
    "DerivativeRules": {"LinearRule": 2, "SumRule": 3, "ExponentialRule": 2, "ChainRule": 3},
    "GradientSurface": {"SliceAlongX": 1, "SliceAlongY": 1},
    "GradientDescentBall": {"RollTheBall": None, "RollAlongTheAxis": None},
}


def narration_line(beat: str) -> re.Pattern[str]:
    """A beat's narration in a lecture file: one text, or a list over several lines."""
    return re.compile(rf"^{beat} = (\[[^\]]*\]|.*)$", flags=re.M)


def rewritten(path: Path, tmp_path: Path, narration: str) -> Path:
    """The lecture with every stepped beat of these templates said as `narration` ("" leaves
    it out: the template's own sentences); the beat names belong to these templates only."""
    text = path.read_text(encoding="utf-8")
    for beat in (beat for stepped in STEPPED.values() for beat in stepped):
        text = narration_line(beat).sub(f"{beat} = {narration}" if narration else "", text)
    return written_beside(path, tmp_path, text)


def written_beside(path: Path, tmp_path: Path, text: str) -> Path:
    """`text` as a copy of the lecture at `path` in `tmp_path`, with the folders beside it
    (the pictures a stress lecture names), so its relative paths still find their files."""
    for folder in (p for p in path.parent.iterdir() if p.is_dir() and p.name != "__pycache__"):
        shutil.copytree(folder, tmp_path / folder.name, dirs_exist_ok=True)
    copy = tmp_path / path.name
    copy.write_text(text, encoding="utf-8")
    return copy


def left_out(path: Path, tmp_path: Path) -> Path:
    return rewritten(path, tmp_path, "")


def in_one_piece(path: Path, tmp_path: Path) -> Path:
    return rewritten(path, tmp_path, '"Said in one piece."')


def scenes_of(lecture: Lecture) -> list[SceneContent]:
    return [scene for scene in lecture.scenes if scene.template in TEMPLATES]


@pytest.mark.parametrize("path", LECTURES, ids=lambda path: path.stem)
def test_each_stepped_beat_has_one_part_per_step(path: Path, tmp_path: Path) -> None:
    lecture = load_lecture(left_out(path, tmp_path))
    for scene in scenes_of(lecture):
        plan = build_plan(lecture, scene.name)
        schema = template(scene.template).schema
        for beat in scene.beats:
            steps = step_values(plan, beat.name)
            expected = STEPPED[scene.template].get(beat.name, 0)
            if beat.name in STEPPED[scene.template]:
                assert steps, (scene.name, beat.name)
                assert expected is None or len(steps) == expected, (scene.name, beat.name)
            else:
                assert steps == (), (scene.name, beat.name)
            if schema.steps_of(beat.name) is None:
                assert not beat.stepped, (scene.name, beat.name)
            else:
                assert beat.stepped and len(beat.parts) == 1 + len(steps), (scene.name, beat.name)
                assert all("{" not in part for part in beat.parts)


@pytest.mark.parametrize("path", LECTURES, ids=lambda path: path.stem)
def test_one_text_is_said_over_the_whole_beat(path: Path, tmp_path: Path) -> None:
    lecture = load_lecture(in_one_piece(path, tmp_path))
    for scene in scenes_of(lecture):
        assert not any(beat.stepped for beat in scene.beats), scene.name


@pytest.mark.parametrize("path", LECTURES, ids=lambda path: path.stem)
def test_a_list_of_one_sentence_per_step_is_filled_from_each_step(
    path: Path, tmp_path: Path
) -> None:
    """Every stepped beat (MarkTwoPoints too) takes a list, each sentence naming one of its
    step's values."""
    lecture = load_lecture(path)
    text = path.read_text(encoding="utf-8")
    listed: list[tuple[str, str]] = []
    for scene in scenes_of(lecture):
        plan = build_plan(lecture, scene.name)
        table = text.index(f"[scenes.{scene.name}.narration]")
        for beat in STEPPED[scene.template]:
            steps = step_values(plan, beat)
            name = next(iter(steps[0])) if isinstance(steps[0], dict) else "point"
            sentences = "[" + ", ".join(f'"Step {{{name}}}."' for _ in steps) + "]"
            line = narration_line(beat).search(text, table)
            assert line is not None, (scene.name, beat)
            text = text[: line.start()] + f"{beat} = {sentences}" + text[line.end() :]
            listed.append((scene.name, beat))
    listed_lecture = load_lecture(written_beside(path, tmp_path, text))
    for scene_name, beat_name in listed:
        beat = next(b for b in listed_lecture.scene(scene_name).beats if b.name == beat_name)
        assert beat.stepped and beat.parts[0] == "", (scene_name, beat_name)
        assert all(part.startswith("Step ") for part in beat.parts[1:])
        assert "{" not in beat.narration


# ---------------------------------------------------------------- values and sentences


@pytest.fixture(scope="module")
def default_left_out(tmp_path_factory: pytest.TempPathFactory) -> Lecture:
    return load_lecture(left_out(DEFAULT_CONTENT, tmp_path_factory.mktemp("left-out")))


def parts_of(lecture: Lecture, scene: str, beat: str) -> tuple[str, ...]:
    return next(b for b in lecture.scene(scene).beats if b.name == beat).parts


def spoken_of(lecture: Lecture, scene: str, beat: str) -> tuple[str, ...]:
    return next(b for b in lecture.scene(scene).beats if b.name == beat).spoken_parts


def test_slope_steps_name_the_points_legs_and_slides(default_left_out: Lecture) -> None:
    plan = build_plan(default_left_out, "SlopeOfLine")
    assert [step["point"] for step in plan.step_values("MarkTwoPoints")] == [(1, 2), (2, 4)]
    run, rise = plan.step_values("RiseOverRun")
    assert (run["axis"], run["start"], run["end"], run["change"]) == ("x", 1, 2, plan.run)
    assert (rise["axis"], rise["start"], rise["end"], rise["change"]) == ("y", 2, 4, plan.rise)
    slides = plan.step_values("SlopeIsTheCoefficient")
    assert [slide["start"] for slide in slides] == [*plan.slide_ends, plan.x0]
    assert all(slide["end"] == slide["start"] + plan.run for slide in slides)
    assert all(slide["slope"] == pytest.approx(2) for slide in slides)
    assert parts_of(default_left_out, "SlopeOfLine", "RiseOverRun")[1:] == (
        "The run, the change in x from 1 to 2, is 1.",
        "The rise, the change in y from 2 to 4, is 2.",
    )
    assert spoken_of(default_left_out, "SlopeOfLine", "RiseOverRun")[2] == (
        "The rise, the change in y from two to four, is two."
    )
    low, high = plan.slide_ends
    assert parts_of(default_left_out, "SlopeOfLine", "SlopeIsTheCoefficient")[1:] == (
        f"From x equals {low:g} to {low + 1:g}, the slope is 2.",
        f"From x equals {high:.4g} to {high + 1:.4g}, the slope is 2.",
        "From x equals 1 to 2, the slope is 2.",
    )
    # MarkTwoPoints has no sentence of its own: left out, it is the example over the beat
    assert parts_of(default_left_out, "SlopeOfLine", "MarkTwoPoints") == (
        "Pick two points on it, at x equals 1 and x equals 2.",
    )


def test_rules_steps_name_each_function_and_its_derivative(default_left_out: Lecture) -> None:
    plan = build_plan(default_left_out, "DerivativeRules")
    triangles = plan.step_values("LinearRule")
    assert [t["start"] for t in triangles] == pytest.approx([-1.4, 0.4])
    assert all((t["run"], t["rise"]) == (1, plan.linear_slope) for t in triangles)
    assert parts_of(default_left_out, "DerivativeRules", "LinearRule")[1:] == (
        "From x equals -1.4, a run of 1 gives a rise of 2.",
        "From x equals 0.4, a run of 1 gives a rise of 2.",
    )
    assert spoken_of(default_left_out, "DerivativeRules", "SumRule")[1:] == (
        "The derivative of x squared is two x.",
        "The derivative of two x plus one is two.",
        "The derivative of x squared plus two x plus one is two x plus two.",
    )
    assert spoken_of(default_left_out, "DerivativeRules", "ExponentialRule")[1:] == (
        "The derivative of two to the x is two to the x times the log of two.",
        "The derivative of e to the x is e to the x.",
    )
    assert spoken_of(default_left_out, "DerivativeRules", "ChainRule")[1:] == (
        "The derivative of e to the x is e to the x.",
        "The derivative of minus x is minus one.",
        "The derivative of e to the minus x is minus e to the minus x.",
    )
    # the screen shows f'(g(x)) = e^{-x}: the first step also gives that value to say
    outer = plan.step_values("ChainRule")[0]
    assert outer["at_inner"] == sympy.exp(-calc.X)
    assert "at_inner" not in plan.step_values("ChainRule")[1]
    for beat in ("ConstantRule", "PowerRule"):
        assert plan.step_values(beat) == ()


def test_surface_steps_name_the_point_and_each_partial(default_left_out: Lecture) -> None:
    plan = build_plan(default_left_out, "GradientSurface")
    (along_x,) = plan.step_values("SliceAlongX")
    (along_y,) = plan.step_values("SliceAlongY")
    assert (along_x["variable"], along_x["slope"]) == ("x", plan.partial_values[0])
    assert (along_y["variable"], along_y["slope"]) == ("y", plan.partial_values[1])
    assert along_x["point"] == along_y["point"] == plan.point[:2]
    assert parts_of(default_left_out, "GradientSurface", "SliceAlongX")[1] == (
        "At (1, 1), the slice's slope is 2."
    )
    assert spoken_of(default_left_out, "GradientSurface", "SliceAlongY")[1] == (
        "At one, one, the slice's slope is two."
    )


def test_descent_steps_name_each_step_and_each_start(default_left_out: Lecture) -> None:
    plan = build_plan(default_left_out, "GradientDescentBall")
    said = plan.step_values("RollTheBall")
    assert len(said) == 3
    for step, here, there in zip(said, plan.descent_steps, plan.descent_steps[1:], strict=False):
        assert step.point == pytest.approx(tuple(here[:2]))
        assert step.next_point == pytest.approx(tuple(there[:2]))
        assert step.step == pytest.approx(tuple(here[:2] - there[:2]))
        assert step.step == pytest.approx(tuple(plan.learning_rate * g for g in step.gradient))
    assert parts_of(default_left_out, "GradientDescentBall", "RollTheBall")[1:] == (
        "At (1, 1) the gradient is (2, 2); a step against it lands at (0.8, 0.8).",
        "At (0.8, 0.8) the gradient is (1.6, 1.6); a step against it lands at (0.64, 0.64).",
        "At (0.64, 0.64) the gradient is (1.28, 1.28); a step against it lands at (0.512, 0.512).",
    )
    (roll,) = plan.step_values("RollAlongTheAxis")
    assert (roll["start"], roll["gradient"]) == ((1, 0), (2, 0))
    assert roll["end"] == pytest.approx(tuple(plan.rolls[1].path[-1][:2]))
    assert parts_of(default_left_out, "GradientDescentBall", "RollAlongTheAxis")[1] == (
        "From (1, 0), where the gradient is (2, 0), the ball rolls down to (0.0067, 0)."
    )


def test_fewer_descent_steps_than_said_are_all_said(tmp_path: Path) -> None:
    path = tmp_path / "lecture.toml"
    path.write_text(
        '[lecture]\ntitle = "T"\nscenes = ["GradientDescentBall"]\n\n'
        "[scenes.GradientDescentBall]\ndescent_steps = 2\nmore_starts = [[1, 0], [0.5, 0], "
        "[0, 0]]\n",
        encoding="utf-8",
    )
    lecture = load_lecture(path)
    plan = build_plan(lecture, "GradientDescentBall")
    assert len(plan.step_values("RollTheBall")) == 2
    starts = [roll["start"] for roll in plan.step_values("RollAlongTheAxis")]
    assert starts == [(1, 0), (0.5, 0)]
    beats = {beat.name: beat for beat in lecture.scene("GradientDescentBall").beats}
    assert len(beats["RollTheBall"].parts) == 3 and len(beats["RollAlongTheAxis"].parts) == 3


# ---------------------------------------------------------------- the scenes' steps


def rendered(lecture: Lecture, scene_id: str, tmp_path: Path) -> BeatScene:
    """The scene with animations skipped (each step's wait still counts), as the template
    tests build it."""
    content = lecture.scene(scene_id)
    cls = scene_class(content.template)
    settings = {**TINY, "media_dir": str(tmp_path / "media"), "dry_run": True}
    with tempconfig(settings):
        scene = cls(
            planned=PlannedScene(content, build_plan(lecture, scene_id)), skip_animations=True
        )
        scene.render()
    return scene


def check_steps_begun(scene: BeatScene) -> None:
    """One step begun per step of the plan; said step by step, each step waits for the part
    said before it (each part's reading time, as there is no voice here)."""
    for beat, record in zip(scene.content.beats, scene.beat_records, strict=True):
        steps = step_values(scene.plan, beat.name)
        assert len(record.steps) == len(steps), beat.name
        assert list(record.steps) == sorted(record.steps), beat.name
        if beat.stepped:
            lengths = [reading_time(part) if part else 0.0 for part in beat.parts]
            begun = [0.0, *record.steps]
            for number, start in enumerate(record.steps):
                assert start >= begun[number] + lengths[number] - 1e-6, (beat.name, number)


@pytest.mark.slow
@pytest.mark.parametrize("scene_id", TEMPLATES)
def test_each_template_begins_each_step_once_after_the_part_before(
    scene_id: str, tex_dir: None, tmp_path: Path
) -> None:
    lecture = load_lecture(left_out(DEFAULT_CONTENT, tmp_path))
    scene = rendered(lecture, scene_id, tmp_path)
    assert any(beat.stepped for beat in scene.content.beats)
    check_steps_begun(scene)
    if scene_id == "GradientDescentBall":  # its first descent steps appear one by one
        record = next(r for r in scene.beat_records if r.beat == "RollTheBall")
        gaps = [b - a for a, b in zip(record.steps, record.steps[1:], strict=False)]
        assert len(gaps) == 2 and all(gap > 2 for gap in gaps)


@pytest.mark.slow
@pytest.mark.parametrize("scene_id", ["SlopeOfLine", "DerivativeRules", "GradientDescentBall"])
def test_said_in_one_piece_the_steps_are_still_begun_once_each(
    scene_id: str, tex_dir: None, tmp_path: Path
) -> None:
    scene = rendered(load_lecture(in_one_piece(DEFAULT_CONTENT, tmp_path)), scene_id, tmp_path)
    assert not any(beat.stepped for beat in scene.content.beats)
    check_steps_begun(scene)
