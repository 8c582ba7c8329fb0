"""LectureTitle: beats, title and outline on screen, layout, golden last frame, a content edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import layout_problems, run_scene, texts_of

from scenes.content.loader import DEFAULT_CONTENT
from scenes.kit.base import BeatScene
from scenes.plans import schemas
from scenes.templates.title import LectureTitle

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "title"

LECTURE = DEFAULT_CONTENT
OUTLINE_LINE = 'outline = ["Derivatives", "Derivative rules", "The sigmoid", "Gradients"]\n'


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("LectureTitle", tmp_path_factory.mktemp("title"))


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["LectureTitle"].beats)


def test_title_card_shows_title_and_subtitle(scene: BeatScene) -> None:
    assert texts_of(scene, "ShowTheTitle") == [
        "Calculus for Machine Learning",
        "after lecture notes by Kevin Fu",
    ]


def test_outline_is_numbered_in_order_and_subtitle_is_gone(scene: BeatScene) -> None:
    shown = texts_of(scene, "ListTheOutline")
    assert "after lecture notes by Kevin Fu" not in shown
    numbers = [item[0].tex_string for item in scene.outline]
    items = [item[1].tex_string for item in scene.outline]
    assert numbers == ["1.", "2.", "3.", "4."]
    assert items == ["Derivatives", "Derivative rules", "The sigmoid", "Gradients"]
    heights = [item.get_y() for item in scene.outline]
    assert heights == sorted(heights, reverse=True)
    assert scene.outline.get_top()[1] < scene.title.get_bottom()[1]


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_a_longer_outline_is_shown_and_fits(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline = [f"Topic number {i}" for i in range(1, 9)]
    edited = tmp_path / "lecture.toml"
    text = LECTURE.read_text()
    assert OUTLINE_LINE in text
    new_line = "outline = [" + ", ".join(f'"{item}"' for item in outline) + "]\n"
    edited.write_text(text.replace(OUTLINE_LINE, new_line))
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    scene = run_scene("LectureTitle", tmp_path)
    assert [item[1].tex_string for item in scene.outline] == outline
    assert [item[0].tex_string for item in scene.outline][-1] == "8."
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@frames_comparison(last_frame=True, base_scene=LectureTitle)
def test_lecture_title_last_frame(scene: LectureTitle) -> None:
    LectureTitle.construct(scene)
