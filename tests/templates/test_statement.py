"""Statement: the heading, each item on screen as the plan reads it (points at the margin,
equations centred with their labels at the right), said one per step, fitted however many
or wide the items are, refusals in one sentence, and a golden frame."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.content.loader import ContentError
from scenes.content.toml_text import toml_value
from scenes.kit.base import BeatScene
from scenes.kit.style import FRAME_MARGIN
from scenes.plans import build_plan, load_lecture, schemas
from scenes.templates.statement import Statement

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "statement"

ITEMS = [
    {"point": "For one example with label $y$ and prediction $S$:"},
    {"equation": "L = -y*log(S) - (1 - y)*log(1 - S)", "label": "(1)"},
    {"point": "Its slope in $S$ is"},
    {"tex": r"\frac{\partial L}{\partial S} = \frac{S - y}{S(1 - S)}", "label": "(2)"},
]
HEADING = "The log-loss"


def lecture_text(items: list[dict[str, Any]], heading: str = HEADING, narration: str = "") -> str:
    rows = ",\n".join(f"    {toml_value(item)}" for item in items)
    return (
        '[lecture]\ntitle = "T"\nscenes = ["Loss"]\n\n[scenes.Loss]\ntemplate = "Statement"\n'
        f"heading = {toml_value(heading)}\nitems = [\n{rows}\n]\n{narration}"
    )


def write(folder: Path, items: list[dict[str, Any]], **kwargs: Any) -> Path:
    path = folder / "lecture.toml"
    path.write_text(lecture_text(items, **kwargs), encoding="utf-8")
    return path


@pytest.fixture(scope="module", autouse=True)
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The scenes of this file (the golden frame's too) draw this lecture."""
    path = write(tmp_path_factory.mktemp("statement-lecture"), ITEMS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LECTURE_CONTENT", str(path))
        yield path


@pytest.fixture(scope="module")
def scene(tex_dir: None, lecture: Path, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("Statement", tmp_path_factory.mktemp("statement"))


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["Statement"].beats)


def test_the_heading_comes_first_then_every_item_in_order(scene: BeatScene) -> None:
    assert [text for text in texts_of(scene, "ShowTheHeading") if HEADING in text]
    assert [row.item.kind for row in scene.items] == ["point", "equation", "point", "tex"]
    shown = texts_of(scene, "ShowTheItems")
    assert (
        r"L = - y \ln{\!\left(S \right)} - \left(1 - y\right) \ln{\!\left(1 - S \right)}" in shown
    )
    assert ITEMS[3]["tex"] in shown and {"(1)", "(2)"} <= set(shown)
    tops = [row.body.get_top()[1] for row in scene.items]
    assert tops == sorted(tops, reverse=True)
    assert scene.items.get_top()[1] < scene.rule.get_y()
    for upper, lower in zip(scene.items, scene.items[1:], strict=False):
        assert upper.get_bottom()[1] > lower.get_top()[1]


def test_points_sit_at_the_margin_and_equations_centred_with_labels_at_the_right(
    scene: BeatScene,
) -> None:
    left = -config.frame_width / 2 + FRAME_MARGIN
    right = config.frame_width / 2 - FRAME_MARGIN
    for row in scene.items:
        if row.item.is_equation:
            assert row.body.get_x() == pytest.approx(0, abs=1e-6)
            assert row.label.get_right()[0] == pytest.approx(right)
            assert row.label.get_y() == pytest.approx(row.body.get_y())
        else:
            assert (
                row.bullet.get_left()[0] > left
                and row.bullet.get_right()[0] < row.body.get_left()[0]
            )
            assert row.bullet.get_top()[1] <= row.body.get_top()[1] + 1e-6


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_the_items_beat_says_each_item_as_it_appears(lecture: Path) -> None:
    loaded = load_lecture(lecture)
    (scene,) = loaded.scenes
    beat = next(beat for beat in scene.beats if beat.name == "ShowTheItems")
    assert beat.parts[1:] == (
        "For one example with label y and prediction S.",
        "L = -y·log(S) - (1 - y)·log(1 - S).",
        "Its slope in S is.",
        "partial L over partial S equals S minus y over S 1 minus S.",
    )
    assert beat.spoken_parts[2].startswith("L equals minus y times the log of S")


def test_many_long_items_and_a_wide_equation_still_fit(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_point = "A point long enough to wrap over two lines of the slide, " * 2
    items: list[dict[str, Any]] = [{"point": long_point.strip()} for _ in range(5)]
    wide = " + ".join(f"a_{i}*x_{i}" for i in range(1, 16))
    items += [{"equation": f"y = {wide}", "label": "(10)"}, {"equation": "y = 0"}]
    items += [{"point": f"Item {i}"} for i in range(3)]
    monkeypatch.setenv("LECTURE_CONTENT", str(write(tmp_path, items, heading="H " * 40)))
    scene = run_scene("Statement", tmp_path)
    assert len(scene.items) == 10
    assert scene.items.get_bottom()[1] >= -config.frame_height / 2 + FRAME_MARGIN - 1e-6
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def refusal(folder: Path, items: list[dict[str, Any]]) -> ContentError:
    path = write(folder, items)
    with pytest.raises(ContentError) as refused:
        build_plan(load_lecture(path), "Loss")
    message = str(refused.value)
    assert message.startswith(f"{path}: scenes.Loss.") and len(message.splitlines()) == 1
    return refused.value


@pytest.mark.parametrize(
    ("items", "key", "problem"),
    [
        ([{"point": "a", "equation": "x"}], "items[0]", "must give exactly one of point, equation"),
        ([{"label": "(1)"}], "items[0]", "must give exactly one of point, equation, tex"),
        ([{"point": "a", "lable": "(1)"}], "items[0].lable", 'did you mean "label"'),
        ([{"point": "a", "label": "(1)"}], "items[0].label", "labels a bullet point"),
        ([{"point": "a"}, {"equation": "a = b = c"}], "items[1].equation", "more than one '='"),
        ([{"equation": "x = import(y)"}], "items[0].equation", "is not a valid expression"),
        ([{"tex": r"\input{/etc/passwd}"}], "items[0].tex", "could read or write files"),
        ([{"point": "a", "say": "x^2"}], "items[0].say", "which a voice reads badly"),
        ([{"point": "a"}] * 11, "items", "at most 10 stay readable"),
        ([{"tex": r"\frac{1}{"}], "items[0].tex", "has a '{' that is never closed"),
        ([{"point": "It costs $5"}], "items[0].point", "a '$' that starts math never ended"),
    ],
)
def test_what_a_slide_cannot_show_is_refused_in_one_sentence(
    tmp_path: Path, items: list[dict[str, Any]], key: str, problem: str
) -> None:
    refused = refusal(tmp_path, items)
    assert refused.key == f"scenes.Loss.{key}"
    assert problem in str(refused)


@frames_comparison(last_frame=True, base_scene=Statement, tex_dir=str(TEX_CACHE))
def test_statement_last_frame(scene: Statement) -> None:
    Statement.construct(scene)
