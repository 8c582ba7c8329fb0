"""LossCurve: hand-computed iterates on screen, the ball and its trail on the curve, arrows
skipped where too short, readouts and sentences saying what is shown, refusals, layout and a
golden frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from content_files import one_scene_of, plan_refusal, write_lecture
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.kit.base import BeatScene
from scenes.plans import build_plan, load_lecture, schemas
from scenes.templates.loss_curve import MIN_ARROW_LENGTH, LossCurve

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "loss_curve"

STRESS = Path(__file__).parents[1] / "stress" / "loss_curve.toml"


def default_lecture(folder: Path) -> Path:
    """A lecture of one LossCurve scene with the template's defaults: (x - 1)^2 + 1/2 from
    3 at rate 0.3, five steps."""
    return write_lecture(folder / "lecture.toml", "LossCurve", "LossCurve", {})


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    folder = tmp_path_factory.mktemp("loss_curve")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LECTURE_CONTENT", str(default_lecture(folder)))
        return run_scene("LossCurve", folder)


def coords(scene: BeatScene, mobject) -> tuple[float, float]:
    x, y = scene.axes.p2c(mobject.get_center())
    return (float(x), float(y))


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["LossCurve"].beats)


def test_the_iterates_are_the_hand_computed_ones(scene: BeatScene) -> None:
    """L' = 2(x - 1); each step keeps 1 - 2 * 0.3 = 0.4 of the distance to 1."""
    rolls = scene.plan.rolls
    assert [r.x for r in rolls] == pytest.approx([3, 1.8, 1.32, 1.128, 1.0512])
    assert [r.x_text for r in rolls] == ["3", "1.8", "1.32", "1.128", "1.05"]
    assert [r.slope_text for r in rolls] == ["4", "1.6", "0.64", "0.256", "0.1024"]
    assert [r.next_x_text for r in rolls] == ["1.8", "1.32", "1.128", "1.05", "1.02"]
    assert rolls[0].update_latex == r"x_{1} = 3 - 0.3 \cdot 4 = 1.8"
    assert rolls[3].update_latex == r"x_{4} = 1.128 - 0.3 \cdot 0.256 \approx 1.05"
    assert rolls[0].slope_latex == "L'(3) = 4"
    assert rolls[4].slope_latex == r"L'(1.05) \approx 0.1024"
    last = rolls[4].update_lines_latex if scene.two_lines else rolls[4].update_latex
    assert last in texts_of(scene, "RollDownhill")
    assert rolls[4].update_lines_latex == r"x_{5} &= 1.05 - 0.3 \cdot 0.1024 \\ &\approx 1.02"


def test_the_ball_and_its_trail_sit_on_the_curve(scene: BeatScene) -> None:
    plan = scene.plan
    for dot, (x, y) in zip(scene.trail, plan.points, strict=True):
        assert coords(scene, dot) == pytest.approx((x, y), abs=1e-6)
        assert y == pytest.approx((x - 1) ** 2 + 0.5)
    assert coords(scene, scene.ball) == pytest.approx(tuple(plan.points[-1]), abs=1e-6)
    assert len(scene.visited) == len(plan.rolls)


def test_arrows_are_rate_times_slope_long_and_tiny_ones_are_left_out(scene: BeatScene) -> None:
    x_unit = scene.axes.x_axis.get_unit_size()
    drawn = 0
    for roll, arrow in zip(scene.plan.rolls, scene.arrows, strict=True):
        length = abs(roll.move) * x_unit
        if length < MIN_ARROW_LENGTH:
            assert arrow is None
            continue
        drawn += 1
        start, end = (scene.axes.p2c(p) for p in arrow.get_start_and_end())
        assert (start[0], end[0]) == pytest.approx((roll.x, roll.next_x), abs=1e-6)
        assert start[1] == pytest.approx(roll.loss) and end[1] == pytest.approx(roll.loss)
        assert roll.move == pytest.approx(-0.3 * roll.slope)
    assert drawn == 3  # the last two steps (0.077 and 0.031 along x) are too short to draw


def test_readouts_rest_on_the_numbers_said(scene: BeatScene) -> None:
    assert scene.x_readout[1].get_value() == pytest.approx(1.02)
    assert scene.loss_readout[1].get_value() == pytest.approx(0.5)
    assert scene.x_readout[1].num_decimal_places == 2


def test_the_minimum_is_marked_with_its_value(scene: BeatScene) -> None:
    shown = texts_of(scene, "ReachTheMinimum")
    assert r"x^* = 1,\quad L(x^*) = 0.5" in shown and "(1, 0.5)" in shown
    assert coords(scene, scene.minimum_ring) == pytest.approx((1, 0.5))


def test_each_step_is_said_with_the_numbers_shown(tmp_path: Path) -> None:
    """RollDownhill left out of the narration: each step says the template's sentence."""
    path = default_lecture(tmp_path)
    text = path.read_text()
    path.write_text("\n".join(s for s in text.splitlines() if not s.startswith("RollDownhill")))
    lecture = load_lecture(path)
    beat = next(b for b in lecture.scene("LossCurve").beats if b.name == "RollDownhill")
    assert beat.parts[1:] == tuple(
        f"At x equals {x}, the slope is {slope}, so the ball moves to {landing}."
        for x, slope, landing in [
            ("3", "4", "1.8"),
            ("1.8", "1.6", "1.32"),
            ("1.32", "0.64", "1.128"),
            ("1.128", "0.256", "1.05"),
            ("1.05", "0.1024", "1.02"),
        ]
    )
    assert "the ball moves to one point zero two" in beat.spoken
    closing = next(b for b in lecture.scene("LossCurve").beats if b.name == "ReachTheMinimum")
    assert "at x equals 1.02; it comes to rest at the bottom of its valley, x equals 1, where " in (
        closing.narration
    )


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_an_overshooting_rate_jumps_across_the_minimum_and_settles(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rate 0.85: each step keeps 1 - 1.7 = -0.7 of the distance to 1, on the other side."""
    monkeypatch.setenv("LECTURE_CONTENT", str(one_scene_of(STRESS, "OvershootingRate", tmp_path)))
    scene = run_scene("LossCurve", tmp_path)
    xs = np.array([r.x for r in scene.plan.rolls])
    assert xs - 1 == pytest.approx(2 * (-0.7) ** np.arange(8))
    directions = [np.sign(a.get_end()[0] - a.get_start()[0]) for a in scene.arrows if a]
    assert directions[:4] == [-1, 1, -1, 1]
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@pytest.mark.parametrize(
    ("params", "param", "wording"),
    [
        (
            {"learning_rate": 0.9, "x_range": [0, 4]},
            "learning_rate",
            "step 1 takes the ball from x = 3 to x = -0.6, outside x_range = [0, 4]; use a "
            "smaller rate, such as 0.5.",
        ),
        ({"learning_rate": 1}, "learning_rate", "use a rate below 1."),
        ({"steps": 13}, "steps", "is more than 12"),
        ({"loss": "abs(x - 2)", "start": 2}, "start", "has no derivative"),
        ({"loss": "log(x)"}, "loss", "is undefined or not real"),
        ({"y_range": [0, 4]}, "y_range", "leaves out the ball at x = 3, where the loss is 4.5"),
        ({"start": 1}, "start", "the slope of"),
    ],
)
def test_what_cannot_be_shown_is_refused_in_one_sentence(
    tmp_path: Path, params: dict, param: str, wording: str
) -> None:
    if param == "steps":
        from scenes.content.loader import ContentError

        path = write_lecture(tmp_path / "lecture.toml", "Scene", "LossCurve", params)
        with pytest.raises(ContentError) as refused:
            build_plan(load_lecture(path), "Scene")
        assert wording in str(refused.value) and "scenes.Scene.steps" in str(refused.value)
        return
    assert wording in plan_refusal(tmp_path, "LossCurve", params, param)


@pytest.fixture
def loss_lecture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LECTURE_CONTENT", str(default_lecture(tmp_path)))


@frames_comparison(last_frame=True, base_scene=LossCurve, tex_dir=str(TEX_CACHE))
def test_loss_curve_last_frame(scene: LossCurve, loss_lecture: None) -> None:
    LossCurve.construct(scene)
