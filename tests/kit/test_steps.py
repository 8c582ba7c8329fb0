"""Steps inside a beat: each step's part of the narration starts with its step, and a step
lasts as long as the longer of its animation and its sentence."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest
from manim import Circle, Create, FadeIn, Square, tempconfig

from scenes.content.loader import Beat, SceneContent
from scenes.kit import style
from scenes.kit.base import LectureScene, PlannedScene


class ThreeSteps(LectureScene):
    """One beat: an opening animation, then three steps of 0.5 s each."""

    def count_three(self) -> None:
        self.play(Create(Circle()), run_time=0.5)
        for _ in range(3):
            self.begin_step()
            self.play(FadeIn(Square()), run_time=self.step_run_time(0.5))


def rendered(
    parts: tuple[str, ...], seconds: tuple[float, ...] | None, tmp_path: Path
) -> ThreeSteps:
    beat = Beat("CountThree", " ".join(parts), parts=parts)
    content = SceneContent(
        name="ThreeSteps",
        template="ThreeSteps",
        chapter="Steps",
        params=MappingProxyType({}),
        beats=(beat,),
        digest="steps",
    )
    whole = None if seconds is None else {"CountThree": sum(seconds) + 0.4}
    steps = None if seconds is None else {"CountThree": seconds}
    settings = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 10}
    with tempconfig({**settings, "media_dir": str(tmp_path), "dry_run": True}):
        scene = ThreeSteps(planned=PlannedScene(content, None, whole, steps), skip_animations=True)
        scene.render()
    return scene


def test_each_step_waits_for_the_part_said_before_it(tmp_path: Path) -> None:
    # the opening is said for 2 s, step one for 0.2 s (shorter than its animation),
    # step two for 3 s, step three for 1.5 s
    scene = rendered(("Open.", "One.", "Two.", "Three."), (2.0, 0.2, 3.0, 1.5), tmp_path)
    (record,) = scene.beat_records
    assert record.steps == pytest.approx((2.0, 2.5, 5.5), abs=1e-6)
    # step three's animation stretched to its sentence (to 7.0 s); the beat then holds its
    # finished picture, past the pause after the last word (7.4 s)
    assert record.end - record.start == pytest.approx(7.0 + max(style.BEAT_HOLD, 0.4), abs=1e-6)
    # what each part would take with a short sentence: its animations, unstretched (the
    # last also holds its finished picture), so a reworded step that fits keeps the video
    assert record.parts == pytest.approx((0.5, 0.5, 0.5, 0.5 + style.BEAT_HOLD), abs=1e-6)


def test_an_animation_may_stretch_to_its_sentence(tmp_path: Path) -> None:
    scene = rendered(("", "One.", "Two.", "Three."), (0.0, 1.5, 0.1, 0.1), tmp_path)
    (record,) = scene.beat_records
    # no opening sentence: step one starts as soon as the opening animation is done, and
    # its animation stretches to its 1.5 s sentence; the next steps take their 0.5 s
    assert record.steps == pytest.approx((0.5, 2.0, 2.5), abs=1e-6)


def test_a_beat_said_in_one_piece_lets_its_steps_play(tmp_path: Path) -> None:
    scene = rendered(("Said over the whole beat.",), None, tmp_path)
    (record,) = scene.beat_records
    assert record.steps == pytest.approx((0.5, 1.0, 1.5), abs=1e-6)
