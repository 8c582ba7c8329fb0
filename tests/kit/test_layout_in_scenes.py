"""The layout check inside a running scene: beat ends, and samples inside each animation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from manim import LEFT, RIGHT, Text, ValueTracker, always_redraw, tempconfig

from scenes.content.loader import Beat, SceneContent
from scenes.kit.base import LectureScene, PlannedScene


class CrossingScene(LectureScene):
    """A label driven by a tracker crosses a fixed text halfway and ends clear of it;
    then a text carried by its own animation flies over the fixed text."""

    def slide_the_label(self) -> None:
        self.add(Text("wall", font_size=36))
        where = ValueTracker(-4.0)
        self.add(
            always_redraw(lambda: Text("label", font_size=36).move_to([where.get_value(), 0, 0]))
        )
        self.play(where.animate.set_value(4.0), run_time=2)

    def fly_a_text(self) -> None:
        flying = Text("flying", font_size=36).move_to(4 * LEFT + 2 * RIGHT * 0)
        self.add(flying)
        self.play(flying.animate.move_to([4, -2, 0]), run_time=2)


def run_checked(tmp_path: Path) -> CrossingScene:
    content = SceneContent(
        name="Crossing",
        template="Crossing",
        chapter="",
        params={},
        beats=(Beat("SlideTheLabel", ""), Beat("FlyAText", "")),
        digest="crossing",
    )
    settings = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 5}
    with tempconfig({**settings, "media_dir": str(tmp_path), "dry_run": True}):
        scene = CrossingScene(planned=PlannedScene(content, None), skip_animations=True)
        scene.checks_layout = True
        scene.render()
    return scene


def test_a_label_crossing_a_text_inside_an_animation_is_found_at_its_time(tmp_path: Path):
    scene = run_checked(tmp_path)
    crossing = [f for f in scene.layout_findings if f.kind == "overlap"]
    assert len(crossing) == 1  # reported once, though seen at more than one sample
    finding = crossing[0]
    assert (finding.scene, finding.beat) == ("Crossing", "SlideTheLabel")
    assert finding.seconds == 1.0  # halfway through the 2 s slide, where the label is on "wall"
    assert finding.sentence() == (
        'Crossing, beat SlideTheLabel at 1.0 s: the text "wall" overlaps the text "label".'
    )


def test_a_text_carried_by_its_animation_is_only_held_to_the_frame(tmp_path: Path):
    scene = run_checked(tmp_path)
    assert [f for f in scene.layout_findings if f.beat == "FlyAText"] == []


def test_without_the_check_nothing_is_recorded(tmp_path: Path):
    content = SceneContent(
        "Crossing", "Crossing", "", {}, (Beat("SlideTheLabel", ""), Beat("FlyAText", "")), "c"
    )
    with tempconfig(
        {"pixel_width": 320, "pixel_height": 180, "media_dir": str(tmp_path), "dry_run": True}
    ):
        scene = CrossingScene(planned=PlannedScene(content, None), skip_animations=True)
        scene.render()
    assert scene.layout_findings == []


def test_a_3d_scene_reads_points_at_the_camera_angle_it_has_now() -> None:
    from manim import DEGREES, Dot

    from scenes.kit.base import LectureThreeDScene

    scene = LectureThreeDScene()
    dot = Dot([1.0, 0.0, 0.0])
    point = np.array([[1.0, 0.0, 0.0]])
    scene.set_camera_orientation(phi=60 * DEGREES, theta=-90 * DEGREES)
    first = scene.to_frame(dot, point)
    scene.set_camera_orientation(theta=0.0)  # turned, and no frame drawn since
    turned = scene.to_frame(dot, point)
    assert not np.allclose(first, turned)
    scene.renderer.camera.rotation_matrix = np.eye(3)  # a matrix set elsewhere
    assert np.allclose(scene.to_frame(dot, point), turned)
