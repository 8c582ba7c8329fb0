"""SecantConvergence: the table, the shrinking step, the tangent and eq. (1), from the plan."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from content_files import with_entry
from manim import MovingCamera, config
from manim.renderer.cairo_renderer import CairoRenderer
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import layout_problems, run_scene, texts_of

from scenes.content.loader import DEFAULT_CONTENT
from scenes.kit import style
from scenes.kit.base import BeatScene
from scenes.kit.layout import Box
from scenes.plans import schemas
from scenes.templates.secant import SecantConvergence, geometric_schedule

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "secant"

LECTURE = DEFAULT_CONTENT
SECANT_PARAMS = 'function = "x**2"\nx0 = 1\nstep_sizes = [1, 0.5, 0.25, 0.1]\n'


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("SecantConvergence", tmp_path_factory.mktemp("secant"))


def edited_scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *edits: tuple[str, str]):
    text = LECTURE.read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    # each secant is said step by step: with other step sizes, the template's own sentences
    text = with_entry(text, "TabulateTheSecants", None)
    edited = tmp_path / "lecture.toml"
    edited.write_text(text)
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    return run_scene("SecantConvergence", tmp_path)


def table_columns(scene: BeatScene) -> list[list[str]]:
    """The table's data rows as [dx, quotient, slope] tex strings, top to bottom."""
    _, *rows, _ = scene.table
    ordered = sorted(rows, key=lambda row: -row.get_y())
    return [[cell.get_tex_string() for cell in row] for row in ordered]


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["SecantConvergence"].beats)


def test_the_curve_and_p_are_drawn_from_the_plan(scene: BeatScene) -> None:
    assert {"f(x) = x^{2}", "P = (1, 1)"} <= set(texts_of(scene, "DrawTheCurve"))
    x, y = scene.axes.p2c(scene.p_dot.get_center())
    assert (x, y) == pytest.approx((1, 1))


def test_the_table_shows_the_notes_slopes_with_the_real_denominators(scene: BeatScene) -> None:
    assert table_columns(scene) == [
        ["1", r"\frac{2^{2} - 1^{2}}{1}", "3"],
        ["0.5", r"\frac{1.5^{2} - 1^{2}}{0.5}", "2.5"],
        ["0.25", r"\frac{1.25^{2} - 1^{2}}{0.25}", "2.25"],
        ["0.1", r"\frac{1.1^{2} - 1^{2}}{0.1}", "2.1"],
    ]
    shown = texts_of(scene, "TabulateTheSecants")
    assert not any("{2 - 1}" in text for text in shown)
    assert {r"\Delta x", r"\frac{\Delta y}{\Delta x}", r"\text{slope}"} <= set(shown)


def test_a_tabulated_secant_passes_through_p_and_q(scene: BeatScene) -> None:
    secant, run, rise, q_dot, q_label, run_label, rise_label = scene._secant_group(0.1, True)
    start, end = (scene.axes.p2c(p)[:2] for p in secant.get_start_and_end())
    slope = (end[1] - start[1]) / (end[0] - start[0])
    assert slope == pytest.approx(2.1)
    assert scene.axes.p2c(q_dot.get_center())[:2] == pytest.approx((1.1, 1.21))
    assert scene.axes.p2c(run.get_end())[:2] == pytest.approx((1.1, 1))
    assert run.get_color() == style.RUN_COLOR and rise.get_color() == style.RISE_COLOR
    assert [m.get_tex_string() for m in (q_label, run_label, rise_label)] == [
        "Q",
        r"\Delta x",
        r"\Delta y",
    ]


def test_the_step_shrinks_geometrically_and_the_readouts_approach_the_tangent(
    scene: BeatScene,
) -> None:
    plan = scene.plan
    dx_value, slope_value = scene.readouts[0][1], scene.readouts[1][1]
    assert dx_value.get_value() == pytest.approx(plan.step_schedule[-1])
    assert slope_value.get_value() == pytest.approx(2.001)
    assert abs(slope_value.get_value() - 2) < abs(plan.rows[-1].slope - 2)
    assert r"\to 2" in texts_of(scene, "ShrinkTheStep")
    step = geometric_schedule(1.0, 0.001)
    assert (step(0), step(0.5), step(1)) == pytest.approx((1.0, math.sqrt(0.001), 0.001))


def test_the_tangent_and_the_limit_are_stated(scene: BeatScene) -> None:
    start, end = (scene.axes.p2c(p)[:2] for p in scene.tangent.get_start_and_end())
    assert (end[1] - start[1]) / (end[0] - start[0]) == pytest.approx(2)
    assert start[1] == pytest.approx(2 * start[0] - 1)
    assert scene.tangent.get_color() == style.TANGENT_COLOR
    shown = texts_of(scene, "StateTheLimit")
    assert {
        r"\lim_{\Delta x \to 0} \frac{f(x_0 + \Delta x) - f(x_0)}{\Delta x}",
        r"\lim_{\Delta x \to 0} \frac{\left(1 + \Delta x\right)^{2} - 1^{2}}{\Delta x} = 2",
        "f'(1) = 2",
        "y = 2 x - 1",
    } <= set(shown)
    assert r"\frac{1.1^{2} - 1^{2}}{0.1}" not in shown


def test_the_camera_is_back_at_normal_zoom(scene: BeatScene) -> None:
    frame = scene.camera.frame
    assert frame.width == pytest.approx(config.frame_width)
    assert np.allclose(frame.get_center(), 0)
    assert scene.lens == pytest.approx(1)


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_a_cubic_changes_the_table_and_the_tangent(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = edited_scene(
        tmp_path,
        monkeypatch,
        (SECANT_PARAMS, SECANT_PARAMS.replace("x**2", "x**3")),
        ("y_range = [-0.5, 4.5]", "y_range = [-0.5, 8.5]"),
    )
    assert [row[2] for row in table_columns(scene)] == ["7", "4.75", "3.8125", "3.31"]
    assert table_columns(scene)[1][1] == r"\frac{1.5^{3} - 1^{3}}{0.5}"
    assert scene.plan.tangent_slope == pytest.approx(3)
    assert {r"\to 3"} <= set(texts_of(scene, "ShrinkTheStep"))
    assert {"f'(1) = 3", "y = 3 x - 2"} <= set(texts_of(scene, "StateTheLimit"))
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_six_step_sizes_still_fit_the_right_column(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = edited_scene(
        tmp_path,
        monkeypatch,
        (SECANT_PARAMS, SECANT_PARAMS.replace("0.1]", "0.1, 0.05, 0.01]")),
    )
    assert [row[2] for row in table_columns(scene)] == ["3", "2.5", "2.25", "2.1", "2.05", "2.01"]
    assert scene.table.get_bottom()[1] > scene.readouts.get_top()[1]
    assert scene.table.get_left()[0] > scene.axes.get_right()[0]
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


class MovingCameraRenderer(CairoRenderer):
    """The Cairo renderer with a movable camera: frames_comparison gives a plain one."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("camera_class", MovingCamera)
        super().__init__(**kwargs)


@frames_comparison(
    last_frame=True, base_scene=SecantConvergence, renderer_class=MovingCameraRenderer
)
def test_secant_convergence_last_frame(scene: SecantConvergence) -> None:
    SecantConvergence.construct(scene)


STRESS = Path(__file__).parents[1] / "stress" / "graphs.toml"


def stress_scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scene_id: str) -> BeatScene:
    text = STRESS.read_text()
    start = text.index("scenes = [")
    end = text.index("]", start)
    edited = tmp_path / "graphs.toml"
    edited.write_text(text[:start] + f'scenes = ["{scene_id}"]' + text[end + 1 :])
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    return run_scene("SecantConvergence", tmp_path)


def box_of(mobject) -> Box:
    return Box.around(mobject.get_all_points())


def test_p_at_zero_keeps_off_the_y_axis_and_its_tick(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """exp(x) at x0 = 0: P once sat on the y axis over its tick '1' and merged with it."""
    scene = stress_scene(tmp_path, monkeypatch, "ExpSecantAtZero")
    label = box_of(scene.p_label)
    for number in scene.axes.y_axis.numbers:
        assert label.overlap_area(box_of(number)) == 0, number.get_value()
    axis_x = scene.axes.c2p(0, 0)[0]
    assert not label.left < axis_x < label.right


def test_the_zoom_leaves_no_bar_and_no_giant_digit(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """exp(x) at 0: zoomed 8 times, the y axis became a thick bar and its '1' a giant digit
    beside the tangent. The axes, their numbers and the graph's labels are off the screen
    while the camera zooms in and out, and back afterwards."""
    on_screen_at_zoom: list[list[bool]] = []
    zoom = SecantConvergence._zoom

    def watched(self: SecantConvergence, end: float, pinned):
        shown = (self.axes, self.axis_labels, self.curve_label, self.p_label)
        family = self.get_mobject_family_members()
        on_screen_at_zoom.append([m in family for m in shown])
        return zoom(self, end, pinned)

    monkeypatch.setattr(SecantConvergence, "_zoom", watched)
    scene = stress_scene(tmp_path, monkeypatch, "ExpSecantAtZero")
    assert on_screen_at_zoom == [[False] * 4, [False] * 4]
    family = scene.get_mobject_family_members()
    assert all(m in family for m in (scene.axes, scene.axis_labels, scene.curve_label))
    assert scene.lens == pytest.approx(1)
