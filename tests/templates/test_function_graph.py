"""FunctionAndDerivative: beats, curves and peak in axes coordinates, layout, golden frame,
content edits (another function, another identity, none)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import VMobject, config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.content.loader import DEFAULT_CONTENT, ContentError
from scenes.kit.base import BeatScene
from scenes.kit.layout import SAFE_MARGIN, Box, ink_inside, picture_of
from scenes.paths import RENDER_CONFIG_DIR
from scenes.plans import build_plan, load_lecture, schemas
from scenes.templates.function_graph import FunctionAndDerivative

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "sigmoid_graph"

LECTURE = DEFAULT_CONTENT


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("SigmoidGraph", tmp_path_factory.mktemp("graph"))


def graph_points(scene: BeatScene, curve: VMobject) -> np.ndarray:
    """The curve's anchor points in axes coordinates (x, y)."""
    points = curve.family_members_with_points()
    anchors = np.concatenate([m.get_anchors() for m in points])
    return np.array([scene.axes.p2c(p) for p in anchors])


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["SigmoidGraph"].beats)


def test_the_sigmoid_and_its_derivative_follow_the_plan(scene: BeatScene) -> None:
    for curve, fn in ((scene.function, scene.plan.f), (scene.derivative, scene.plan.df)):
        xy = graph_points(scene, curve)
        assert xy[:, 0].min() == pytest.approx(-6) and xy[:, 0].max() == pytest.approx(6)
        assert np.allclose(xy[:, 1], [fn(x) for x in xy[:, 0]], atol=1e-6)
    assert scene.plan.df(0) == pytest.approx(0.25)


def test_the_peak_sits_at_one_quarter_above_zero(scene: BeatScene) -> None:
    x, y = scene.axes.p2c(scene.peak_dot.get_center())
    assert (x, y) == (pytest.approx(0), pytest.approx(0.25))
    assert r"S'(0) = \frac{1}{4}" in texts_of(scene, "MarkThePeak")


def test_s_times_one_minus_s_lies_on_the_derivative(scene: BeatScene) -> None:
    xy = graph_points(scene, scene.identity)
    assert len(xy) > 100
    assert np.allclose(xy[:, 1], [scene.plan.df(x) for x in xy[:, 0]], atol=1e-6)
    shown = texts_of(scene, "TraceTheIdentity")
    assert scene.plan.residual_latex in shown
    assert scene.plan.residual_latex.startswith(r"\max_x \left| S'(x) - ")
    assert scene.plan.identity_residual < 1e-12


def test_the_legend_grows_beat_by_beat(scene: BeatScene) -> None:
    plan = scene.plan
    assert plan.function_latex in texts_of(scene, "PlotTheFunction")
    assert plan.derivative_latex not in texts_of(scene, "PlotTheFunction")
    assert plan.derivative_latex in texts_of(scene, "PlotItsDerivative")
    assert plan.identity_latex not in texts_of(scene, "MarkThePeak")
    assert plan.identity_latex in texts_of(scene, "TraceTheIdentity")


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_another_x_range_moves_the_axes(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = LECTURE.read_text()
    section = content.index("[scenes.SigmoidGraph]")
    edited_text = content[:section] + content[section:].replace(
        "x_range = [-6, 6]", "x_range = [-3, 4]", 1
    )
    edited = tmp_path / "lecture.toml"
    edited.write_text(edited_text)
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    scene = run_scene("SigmoidGraph", tmp_path)
    assert list(scene.axes.x_range[:2]) == [-3, 4]
    xy = graph_points(scene, scene.function)
    assert xy[:, 0].min() == pytest.approx(-3) and xy[:, 0].max() == pytest.approx(4)
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@frames_comparison(last_frame=True, base_scene=FunctionAndDerivative, tex_dir=str(TEX_CACHE))
def test_sigmoid_graph_last_frame(scene: FunctionAndDerivative) -> None:
    FunctionAndDerivative.construct(scene)


def graph_lecture(tmp_path: Path, **params: str) -> Path:
    """The example lecture's tanh graph alone, with some parameters replaced."""
    text = (RENDER_CONFIG_DIR / "activations.toml").read_text()
    text = text.replace(
        'scenes = ["SoftplusDerivation", "TanhGraph", "SineSecant", "BowlDescent"]',
        'scenes = ["TanhGraph"]',
    )
    for key, value in params.items():
        start = text.index(f"\n{key} = ", text.index("[scenes.TanhGraph]"))
        end = text.index("\n", start + 1)
        text = text[:start] + f"\n{key} = {value}" + text[end:]
    path = tmp_path / "graph.toml"
    path.write_text(text)
    return path


def test_another_function_and_identity_redraw_the_graph(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LECTURE_CONTENT", str(graph_lecture(tmp_path)))
    scene = run_scene("FunctionAndDerivative", tmp_path)
    assert (scene.plan.peak_x, scene.plan.peak_value) == (0, 1)
    assert scene.plan.identity_residual < 1e-12
    assert scene.plan.identity_latex in texts_of(scene, "TraceTheIdentity")
    xy = graph_points(scene, scene.identity)
    assert np.allclose(xy[:, 1], 1 - np.tanh(xy[:, 0]) ** 2, atol=0.02)
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_no_identity_leaves_the_last_beat_without_a_trace(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LECTURE_CONTENT", str(graph_lecture(tmp_path, identity="[]")))
    scene = run_scene("FunctionAndDerivative", tmp_path)
    assert scene.plan.identity is None and not hasattr(scene, "identity")
    assert texts_of(scene, "TraceTheIdentity") == texts_of(scene, "MarkThePeak")


def test_an_identity_that_is_not_the_derivative_is_refused(tmp_path: Path) -> None:
    path = graph_lecture(tmp_path, identity='["T(x) * (1 - T(x))"]')
    lecture = load_lecture(path)
    with pytest.raises(ContentError, match=r"scenes\.TanhGraph\.identity does not trace T'\(x\)"):
        build_plan(lecture, "TanhGraph")


STRESS = Path(__file__).parents[1] / "stress" / "graphs.toml"


def stress_scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scene_id: str) -> BeatScene:
    text = STRESS.read_text()
    start = text.index("scenes = [")
    edited = tmp_path / "graphs.toml"
    end = text.index("]", start) + 1
    edited.write_text(text[:start] + f'scenes = ["{scene_id}"]' + text[end:])
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    return run_scene("FunctionAndDerivative", tmp_path)


def box_of(mobject) -> Box:
    return Box.around(mobject.get_all_points())


def test_silu_readout_clears_the_y_axis_and_no_number_punches_the_curve(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x/(1 + e^-x) on [-5, 5]: the residual readout lay over the top of the y axis and its
    tick 5, and the tick numbers -1 and -2 punched holes in the curve where it dips."""
    scene = stress_scene(tmp_path, monkeypatch, "SiluGraph")
    readout = box_of(scene.readout)
    numbers = [*scene.axes.x_axis.numbers, *scene.axes.y_axis.numbers]
    assert readout.bottom > max(box_of(m).top for m in [scene.axes, *numbers])
    segments = picture_of([scene.function, scene.derivative]).ink_segments()
    for number in numbers:
        assert ink_inside(segments, box_of(number)) == 0, number.get_value()


def test_a_peak_at_the_range_edge_keeps_its_label_in_the_frame(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """softplus on [-4, 4]: f' = the sigmoid peaks at the right edge, by the frame's edge."""
    scene = stress_scene(tmp_path, monkeypatch, "SoftplusGraph")
    assert scene.plan.peak_x == 4
    assert box_of(scene.peak_label).beyond(Box.frame(SAFE_MARGIN)) == 0
    assert box_of(scene.peak_label).distance_to(scene.peak_dot.get_center()) < 1.5
