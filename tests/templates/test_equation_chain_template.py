"""EquationChain: each link on its line with the = signs aligned, the plan's checks and
refusals, the narration said link by link, long chains kept inside the frame, golden frame."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from content_files import plan_refusal
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.cli.main import main
from scenes.kit.base import BeatScene
from scenes.plans import build_plan, load_lecture, schemas
from scenes.templates.equation_chain import EquationChain, relation_of

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "equation_chain"

STRESS = Path(__file__).parents[1] / "stress" / "equation_chain.toml"
DEFAULT_LECTURE = """\
[lecture]
title = "Slope"
scenes = ["EquationChain"]

[scenes.EquationChain]
template = "EquationChain"
"""
SLOPE_LATEX = [
    r"\frac{\text{rise}}{\text{run}}",
    r"\frac{\Delta y}{\Delta x}",
    r"\frac{y_{1} - y_{0}}{x_{1} - x_{0}}",
    r"\frac{f(2) - f(1)}{2 - 1}",
    r"\frac{4 - 2}{2 - 1}",
    "2",
]


@pytest.fixture(scope="module", autouse=True)
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The template's defaults as a lecture of one scene, the lecture the scenes read."""
    path = tmp_path_factory.mktemp("equation_chain") / "lecture.toml"
    path.write_text(DEFAULT_LECTURE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LECTURE_CONTENT", str(path))
        yield path


@pytest.fixture(scope="module")
def scene(lecture: Path, tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("EquationChain", tmp_path_factory.mktemp("chain"))


def stress_scene(name: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> BeatScene:
    """One scene of the stress lecture, drawn alone."""
    text = STRESS.read_text()
    start = text.index("scenes = [")
    edited = folder / "equation_chain.toml"
    edited.write_text(text[:start] + f'scenes = ["{name}"]' + text[text.index("]", start) + 1 :])
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    return run_scene("EquationChain", folder)


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["EquationChain"].beats)


def test_each_link_is_written_on_its_line_with_the_equals_signs_aligned(scene: BeatScene) -> None:
    assert [link.latex for link in scene.plan.links] == SLOPE_LATEX
    shown = texts_of(scene, "WriteTheChain")
    assert shown == [
        f"{SLOPE_LATEX[0]} = {SLOPE_LATEX[1]}",
        *(f"= {latex}" for latex in SLOPE_LATEX[2:]),
    ]
    columns = [relation_of(line, i).get_x() for i, line in enumerate(scene.lines)]
    assert max(columns) - min(columns) < 1e-6
    tops = [line.get_top()[1] for line in scene.lines]
    assert tops == sorted(tops, reverse=True)  # one below the other, in order


def test_each_link_is_one_step(scene: BeatScene) -> None:
    record = next(r for r in scene.beat_records if r.beat == "WriteTheChain")
    assert len(record.steps) == len(scene.plan.links)


def test_the_last_line_holding_the_value_is_boxed(scene: BeatScene) -> None:
    assert texts_of(scene, "BoxTheResult")[-1] == "= 2"
    box, line = scene.result_box, scene.lines[-1]
    assert box.get_left()[0] < line.get_left()[0] and box.get_right()[0] > line.get_right()[0]
    assert box.get_bottom()[1] < line.get_bottom()[1] and box.get_top()[1] > line.get_top()[1]
    above = scene.lines[-2]
    assert box.get_top()[1] < above.get_bottom()[1]  # the box touches no other line


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_the_plan_marks_each_link_checked_with_its_value(lecture: Path) -> None:
    result = CliRunner().invoke(main, ["--content", str(lecture), "plan", "--json"])
    assert result.exit_code == 0, result.output
    (plan,) = json.loads(result.output)["scenes"]
    assert [link["checked"] for link in plan["links"]] == [False, False, True, True, True, True]
    assert [link["value"] for link in plan["links"]] == [None, None, 2.0, 2.0, 2.0, 2.0]
    assert plan["checked_links"] == 4
    assert plan["value"] == {"written": "2", "spoken": "two"}


def test_the_default_narration_says_each_link_and_its_value(lecture: Path) -> None:
    chain = load_lecture(lecture).scene("EquationChain")
    beat = next(b for b in chain.beats if b.name == "WriteTheChain")
    assert beat.parts == (
        "Work it out one equality at a time.",
        "Start from rise/run.",
        "It equals Δy/Δx.",
        "It equals (y1 - y0)/(x1 - x0), which is 2.",
        "It equals (f(2) - f(1))/(2 - 1), which is 2.",
        "It equals (4 - 2)/(2 - 1), which is 2.",
        "It equals 2.",
    )
    assert beat.spoken_parts[3] == (
        "It equals y one minus y zero, over x one minus x zero, which is two."
    )
    boxed = next(b for b in chain.beats if b.name == "BoxTheResult")
    assert boxed.narration == "So it comes to 2." and boxed.spoken == "So it comes to two."


@pytest.mark.parametrize(
    ("params", "param", "sentence"),
    [
        (
            {"links": ["rise/run", "(y1 - y0)/(x1 - x0)", "(f(2) - f(1))/(2 - 0)", "2"]},
            "links[2]",
            '= "(f(2) - f(1))/(2 - 0)" is not equal to the links before it: it is 1, they are 2.',
        ),
        (
            {"links": ["rise/run", "(f(2) - f(1))/(2 - 2)"]},
            "links[1]",
            "has no value: it divides by zero or is undefined.",
        ),
        (
            {"links": ["s", "(y1 - y0)/(x0 - 1)"]},
            "links[1]",
            "divides by zero: x0 - 1 is 0.",
        ),
        ({"links": ["s", "g(2)"]}, "links[1]", "calls g, which is no function of the scene"),
        ({"links": ["2"]}, "links", "has one link; a chain needs two or more"),
    ],
)
def test_refusals_are_one_sentence_naming_the_link(
    tmp_path: Path, params: dict, param: str, sentence: str
) -> None:
    message = plan_refusal(tmp_path, "EquationChain", params, param)
    assert sentence in message


def test_a_value_named_as_a_function_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lecture.toml"
    path.write_text(
        DEFAULT_LECTURE + 'values = { f = 1 }\nfunctions = { f = "2*x" }\nlinks = ["f", "1"]\n'
    )
    with pytest.raises(Exception) as refused:
        build_plan(load_lecture(path), "EquationChain")
    assert "scenes.EquationChain.values.f is also the name of a function" in str(refused.value)


def test_a_long_chain_scrolls_and_keeps_its_last_lines_in_the_frame(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = stress_scene("ManyLinks", tmp_path, monkeypatch)
    assert len(scene.plan.links) == 12
    shown = texts_of(scene, "BoxTheResult")
    assert shown[-1] == "= 1" and shown[-2] == r"= \frac{0 - 5}{0 - 5}"
    assert r"= \frac{g(b) - g(a)}{b - a}" not in shown  # scrolled off the top
    assert scene.result_box.get_bottom()[1] > -config.frame_height / 2
    assert scene.result_box.get_top()[1] < scene.heading.get_bottom()[1]
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_wide_links_shrink_about_their_equals_sign(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = stress_scene("WideLinks", tmp_path, monkeypatch)
    columns = [relation_of(line, i).get_x() for i, line in enumerate(scene.lines)]
    assert max(columns) - min(columns) < 1e-6
    half = config.frame_width / 2
    assert all(-half < line.get_left()[0] and line.get_right()[0] < half for line in scene.lines)
    assert scene.lines[2].height > scene.lines[1].height  # only the widest line is shrunk more
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_a_rounded_value_follows_the_last_link(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = stress_scene("RoundedValue", tmp_path, monkeypatch)
    assert texts_of(scene, "BoxTheResult")[-1] == r"\approx 1819"
    assert scene.plan.value_number == pytest.approx(1000 * 1.005**120)


@frames_comparison(last_frame=True, base_scene=EquationChain, tex_dir=str(TEX_CACHE))
def test_equation_chain_last_frame(scene: EquationChain) -> None:
    EquationChain.construct(scene)
