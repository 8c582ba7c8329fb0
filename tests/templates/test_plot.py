"""Plot: functions and elements drawn at the plan's numbers (sympy's values, slopes and
integrals), refusals naming the key, the default narration saying what the screen shows,
layout, golden frame."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy
from content_files import toml_value
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.content.loader import ContentError
from scenes.kit.base import BeatScene
from scenes.kit.layout import SAFE_MARGIN, Box
from scenes.plans import build_plan, load_lecture, schemas
from scenes.templates.plot import Plot

__module_test__ = "plot"

slow = pytest.mark.slow  # builds the scene with manim
X = sympy.Symbol("x", real=True)
SILU = X / (1 + sympy.exp(-X))
RELU = (X + sympy.Abs(X)) / 2
NARRATION = {
    "DrawTheAxes": "Two functions on one pair of axes.",
    "PlotTheFunctions": "Each one in its own colour.",
    "AddTheElements": "Now look closer.",
}


def _toml(value: Any) -> str:
    """A TOML literal, inline tables included."""
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return toml_value(value)


def write_plot(path: Path, narration: Mapping[str, str] | None = None, **params: Any) -> Path:
    """A lecture of one Plot scene, Acts, with these parameters (the rest default)."""
    lines = ["[lecture]", 'title = "Plots"', 'scenes = ["Acts"]', "", "[scenes.Acts]"]
    lines += ['template = "Plot"', *(f"{k} = {_toml(v)}" for k, v in params.items())]
    if narration is not None:
        lines += ["", "[scenes.Acts.narration]"]
        lines += [f"{beat} = {json.dumps(text)}" for beat, text in narration.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module", autouse=True)
def plot_lecture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The template's defaults, drawn by every scene test here (and the golden frame)."""
    path = write_plot(tmp_path_factory.mktemp("plot") / "lecture.toml", NARRATION)
    before = os.environ.get("LECTURE_CONTENT")
    os.environ["LECTURE_CONTENT"] = str(path)
    yield path
    if before is None:
        del os.environ["LECTURE_CONTENT"]
    else:
        os.environ["LECTURE_CONTENT"] = before


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("Plot", tmp_path_factory.mktemp("plot-scene"))


def graph_xy(scene: BeatScene, point: np.ndarray) -> tuple[float, float]:
    x, y = scene.axes.p2c(point)[:2]
    return float(x), float(y)


def mark_of(scene: BeatScene, kind: str) -> int:
    return next(i for i, mark in enumerate(scene.plan.marks) if mark.kind == kind)


@slow
def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["Plot"].beats)


@slow
def test_each_function_is_drawn_in_its_colour_with_its_legend(scene: BeatScene) -> None:
    shown = texts_of(scene, "PlotTheFunctions")
    for function, curve, expr in zip(scene.plan.functions, scene.curves, (RELU, SILU), strict=True):
        assert function.formula_latex in shown
        xy = np.array([graph_xy(scene, p) for piece in curve for p in piece.get_anchors()])
        expected = sympy.lambdify(X, expr)(xy[:, 0])
        assert np.allclose(xy[:, 1], expected, atol=1e-6)
    assert scene.curves[0][0].get_color() != scene.curves[1][0].get_color()


@slow
def test_the_point_sits_at_the_plan_coordinates_with_its_label(scene: BeatScene) -> None:
    index = mark_of(scene, "point")
    height = float(SILU.subs(X, 2))
    assert scene.plan.marks[index].height == pytest.approx(height)
    assert graph_xy(scene, scene.drawings[index].get_center()) == pytest.approx((2, height))
    assert r"\left(2,\ 1.76\right)" in texts_of(scene, "AddTheElements")


@slow
def test_the_tangent_has_sympys_slope(scene: BeatScene) -> None:
    index = mark_of(scene, "tangent")
    mark = scene.plan.marks[index]
    assert mark.value == float(sympy.diff(SILU, X).subs(X, 0)) == 0.5
    line = scene.drawings[index][0]
    (x1, y1), (x2, y2) = (graph_xy(scene, p) for p in line.get_start_and_end())
    assert (y2 - y1) / (x2 - x1) == pytest.approx(0.5)
    assert x1 < 0 < x2
    assert "s'(0) = 0.5" in texts_of(scene, "AddTheElements")


@slow
def test_the_area_between_is_the_integral_of_the_difference(scene: BeatScene) -> None:
    index = mark_of(scene, "area")
    expected = mpmath.quad(lambda t: (t + abs(t)) / 2 - t / (1 + mpmath.exp(-t)), [-2, 0, 2])
    assert scene.plan.marks[index].value == pytest.approx(float(expected), rel=1e-9)
    assert r"\int_{-2}^{2} (r - s)\,dx \approx 0.875" in texts_of(scene, "AddTheElements")
    corners = np.array([graph_xy(scene, p) for p in scene.drawings[index].get_vertices()])
    assert corners[:, 0].min() == pytest.approx(-2) and corners[:, 0].max() == pytest.approx(2)


@slow
def test_the_marker_line_stands_at_its_x(scene: BeatScene) -> None:
    index = mark_of(scene, "vline")
    ends = [graph_xy(scene, p) for p in scene._line_ends(scene.plan.marks[index])]
    assert [x for x, _ in ends] == pytest.approx([1, 1])
    assert [y for _, y in ends] == pytest.approx([-1, 4])
    assert "x = 1" in texts_of(scene, "AddTheElements")


@slow
def test_the_tracker_ends_where_its_readout_says(scene: BeatScene) -> None:
    end = float(SILU.subs(X, 3))
    _, x_value, _, f_value = scene.readout
    assert x_value.get_value() == pytest.approx(3)
    assert f_value.get_value() == pytest.approx(end)
    mark = scene.plan.marks[mark_of(scene, "tracker")]
    assert graph_xy(scene, scene.drawings[mark_of(scene, "tracker")].get_center()) == (
        pytest.approx((3, end))
    )
    shown = f"{f_value.get_value():.{f_value.num_decimal_places}f}"
    assert mark.said["value"].written == shown == "2.86"  # the voice says where it stops


@slow
def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@slow
@frames_comparison(last_frame=True, base_scene=Plot, tex_dir=str(TEX_CACHE))
def test_plot_last_frame(scene: Plot) -> None:
    Plot.construct(scene)


# ---------------------------------------------------------------- narration


def test_the_default_narration_says_each_element_with_the_numbers_shown(tmp_path: Path) -> None:
    lecture = load_lecture(write_plot(tmp_path / "lecture.toml"))
    beats = {beat.name: beat for beat in lecture.scenes[0].beats}
    functions = beats["PlotTheFunctions"]
    assert functions.parts[1:] == ("Here is r of x, in blue.", "Here is s of x, in orange.")
    elements = beats["AddTheElements"]
    assert elements.parts[1:] == (
        "At x equals 2, s of x is about 1.76.",
        "At x equals 0, the slope of s is 0.5.",
        "The area between r and s from x equals -2 to 2 is about 0.875.",
        "A vertical line marks x equals 1.",
        "A dot slides along s from x equals -3 to 3, where s of x is about 2.86.",
    )
    assert elements.spoken_parts[2] == "At x equals zero, the slope of s is one half."
    assert "minus two to two is about zero point eight seven five" in elements.spoken_parts[3]


def test_a_narration_list_names_each_elements_own_values(tmp_path: Path) -> None:
    narration = {
        **NARRATION,
        "AddTheElements": ["Look.", "Slope {slope} at {x}.", "Area {area}."],
    }
    elements = [{"tangent": "s", "at": 0}, {"area": "s", "from": 0, "to": 1}]
    path = write_plot(tmp_path / "lecture.toml", narration, elements=elements)
    beat = next(b for b in load_lecture(path).scenes[0].beats if b.name == "AddTheElements")
    area = float(mpmath.quad(lambda t: t / (1 + mpmath.exp(-t)), [0, 1]))
    assert beat.parts == ("Look.", "Slope 0.5 at 0.", f"Area {area:.3g}.")


# ---------------------------------------------------------------- refusals


def refusal(tmp_path: Path, param: str, **params: Any) -> str:
    """The one sentence refusing the scene, which must name `scenes.Acts.<param>`."""
    path = write_plot(tmp_path / "lecture.toml", NARRATION, **params)
    with pytest.raises(ContentError) as refused:
        build_plan(load_lecture(path), "Acts")
    message = str(refused.value)
    assert message.startswith(f"{path}: scenes.Acts.{param} "), message
    assert len(message.splitlines()) == 1 and message.endswith("."), message
    return message


@pytest.mark.parametrize(
    ("element", "param", "says"),
    [
        ({"point": "q", "at": 1}, "elements[0].point", "names no function"),
        ({"point": "s", "at": 5}, "elements[0].at", "outside x_range = [-4, 4]"),
        ({"point": "s", "at": 3.9}, "elements[0].at", "outside y_range"),
        ({"tangent": "r", "at": 0}, "elements[0].at", "has no derivative"),
        ({"area": "s", "from": 2, "to": 1}, "elements[0].to", "is not larger than from"),
        ({"area": "s", "between": "s", "from": 0, "to": 1}, "elements[0].between", "itself"),
        ({"tracker": "s", "from": -3, "to": 4}, "elements[0].to", "sliding dot"),
        ({"point": "s", "tangent": "s", "at": 0}, "elements[0]", "exactly one of"),
        ({"point": "s", "at": 0, "label": "P"}, "elements[0].label", "is not a key here"),
        ({"point": "s"}, "elements[0]", "has no at"),
        ({"vline": 9}, "elements[0].vline", "outside x_range"),
        ({"hline": -2}, "elements[0].hline", "outside y_range"),
    ],
)
def test_an_element_that_cannot_be_drawn_is_refused_naming_its_key(
    tmp_path: Path, element: dict[str, Any], param: str, says: str
) -> None:
    assert says in refusal(tmp_path, param, y_range=[-1, 3], elements=[element])


def test_a_legend_text_for_no_function_is_refused(tmp_path: Path) -> None:
    assert "names no function" in refusal(tmp_path, "labels[0].q", labels=[{"q": "Q"}])


def test_no_function_at_all_is_refused(tmp_path: Path) -> None:
    assert "is empty" in refusal(tmp_path, "functions", functions={}, elements=[])


def test_a_function_undefined_on_the_range_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, "functions.l", functions={"l": "log(x)"}, elements=[])
    assert "undefined" in message


# ---------------------------------------------------------------- stress content

STRESS = Path(__file__).parents[1] / "stress" / "plot.toml"


def stress_scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scene_id: str) -> BeatScene:
    text = STRESS.read_text()
    start = text.index("scenes = [")
    end = text.index("]", start) + 1
    edited = tmp_path / "plot.toml"
    edited.write_text(text[:start] + f'scenes = ["{scene_id}"]' + text[end:])
    monkeypatch.setenv("LECTURE_CONTENT", str(edited))
    return run_scene("Plot", tmp_path)


def box_of(mobject) -> Box:
    return Box.around(mobject.get_all_points())


@slow
def test_tangents_at_the_edges_stop_at_the_window_and_labels_stay_in_the_frame(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x^2 - 1 on [-2, 2] x [-1.5, 3]: the tangents at both edges, where the curve meets the
    window's top corners, are cut at the window, each still through its point."""
    scene = stress_scene(tmp_path, monkeypatch, "EdgePoints")
    for index, mark in enumerate(scene.plan.marks):
        if mark.kind != "tangent":
            continue
        ends = [graph_xy(scene, p) for p in scene.drawings[index][0].get_start_and_end()]
        for x, y in ends:
            assert -2 - 1e-6 <= x <= 2 + 1e-6 and -1.5 - 1e-6 <= y <= 3 + 1e-6
        assert (mark.start, mark.height) in [pytest.approx(end) for end in ends]
        assert mark.value == 2 * mark.start  # the derivative of x^2 - 1
    for label in (label for label in scene.labels if label is not None):
        assert box_of(label).beyond(Box.frame(SAFE_MARGIN)) == 0


@slow
def test_ranges_below_zero_keep_numbers_off_the_other_axis(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x in [-10, -2], y in [-55, -5]: the axes meet at the top-right corner, where the end
    numbers -2 and -5 would lie on the other axis; they go, the others stay."""
    scene = stress_scene(tmp_path, monkeypatch, "BelowZero")
    x_numbers = [number.get_value() for number in scene.axes.x_axis.numbers]
    y_numbers = [number.get_value() for number in scene.axes.y_axis.numbers]
    assert -2 not in x_numbers and -5 not in y_numbers
    assert x_numbers and y_numbers
    area = scene.plan.marks[2]
    expected = mpmath.quad(lambda t: -(t**2) / 2 - 5 * t, [-8, -3])
    assert area.value == pytest.approx(float(expected))
