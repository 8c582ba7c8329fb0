"""ComputationalGraph: nodes at the plan's columns, values forward, gradients back equal to
sympy.diff, labels apart and inside the frame, refusals in one sentence, golden frame."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy
from content_files import one_scene_of
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.content.loader import ContentError
from scenes.kit.base import BeatScene
from scenes.plans import build_plan, load_lecture, schemas
from scenes.templates.computational_graph import ComputationalGraph

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "computational_graph"

NEURON = """
[lecture]
title = "Backpropagation"
scenes = ["Scene"]

[scenes.Scene]
template = "ComputationalGraph"
{params}
"""
DEFAULTS = """expression = "(S(w*x + b) - y)**2"
inputs = { x = 1.5, w = 0.8, b = -0.5, y = 1 }
helpers = { S = "1/(1 + exp(-x))" }
gradients_of = ["w", "b"]
"""
STRESS = Path(__file__).parents[1] / "stress" / "computational_graph.toml"


def lecture(folder: Path, params: str = DEFAULTS) -> Path:
    path = folder / "lecture.toml"
    path.write_text(NEURON.format(params=params), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    folder = tmp_path_factory.mktemp("graph")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LECTURE_CONTENT", str(lecture(folder)))
        return run_scene("ComputationalGraph", folder)


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["ComputationalGraph"].beats)


def test_nodes_sit_left_to_right_by_column_with_the_output_last(scene: BeatScene) -> None:
    plan = scene.plan
    xs = {node.column: [] for node in plan.nodes}
    for node in plan.nodes:
        xs[node.column].append(scene.nodes[node.index].get_x())
    columns = sorted(xs)
    for left, right in zip(columns, columns[1:], strict=False):
        assert max(xs[left]) < min(xs[right])
    assert scene.nodes[-1].get_x() == max(n.get_x() for n in scene.nodes)
    assert [plan.nodes[i].label for i in plan.forward_order] == [
        r"\times",
        "+",
        "S",
        "-",
        r"(\cdot)^{2}",
    ]


def test_every_edge_runs_from_its_child_to_its_parent(scene: BeatScene) -> None:
    for arrow, edge in zip(scene.edges, scene.plan.edges, strict=True):
        child, parent = scene.nodes[edge.child], scene.nodes[edge.parent]
        start, end = arrow.get_start(), arrow.get_end()
        assert abs(start[0] - child.get_x()) < abs(start[0] - parent.get_x())
        assert abs(end[0] - parent.get_x()) < abs(end[0] - child.get_x())


def test_forward_pass_shows_each_value_computed_by_sympy(scene: BeatScene) -> None:
    shown = texts_of(scene, "ForwardPass")
    z = sympy.Rational(7, 10)
    s = 1 / (1 + sympy.exp(-z))
    for value in ("1.2", "0.7", "0.668", "-0.332", "0.11"):
        assert value in shown
    plan = scene.plan
    assert plan.output_value == pytest.approx(float((s - 1) ** 2))
    assert plan.output_value_latex == "0.11"


def test_backward_pass_ends_at_sympys_gradients(scene: BeatScene) -> None:
    plan = scene.plan
    x, w, b, y = sympy.symbols("x w b y", real=True)
    loss = (1 / (1 + sympy.exp(-(w * x + b))) - y) ** 2
    at = {x: sympy.Rational(3, 2), w: sympy.Rational(4, 5), b: -sympy.Rational(1, 2), y: 1}
    by_label = {plan.nodes[i].label: plan.nodes[i] for i in plan.targets}
    for name, symbol in (("w", w), ("b", b)):
        expected = float(sympy.diff(loss, symbol).subs(at))
        assert by_label[name].gradient == pytest.approx(expected, rel=1e-12)
    shown = texts_of(scene, "ReadTheGradients")
    assert "-0.221" in shown and "-0.147" in shown
    assert (
        r"\frac{\partial f}{\partial w} \approx -0.221,\qquad \frac{\partial f}{\partial b} "
        r"\approx -0.147" in shown
    )
    assert "1" in texts_of(scene, "BackwardPass")  # the output's gradient


def test_local_derivatives_label_every_edge(scene: BeatScene) -> None:
    shown = texts_of(scene, "BackwardPass")
    for edge in scene.plan.edges:
        assert edge.local_latex in shown
    assert "0.222" in shown  # S'(0.7) = S (1 - S)


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_the_default_narration_says_the_numbers_shown(tmp_path: Path) -> None:
    loaded = load_lecture(lecture(tmp_path))
    beats = {beat.name: beat for beat in loaded.scene("Scene").beats}
    forward = beats["ForwardPass"].parts
    assert forward[1:] == (
        "The product node gives 1.2.",
        "The sum node gives 0.7.",
        "The S node gives 0.668.",
        "The difference node gives -0.332.",
        "The square node gives 0.11.",
    )
    assert "zero point six six eight" in beats["ForwardPass"].spoken
    backward = beats["BackwardPass"].parts
    assert backward[1] == "The gradient at the square node is 1."
    assert backward[3] == "The gradient at the S node is -0.664."
    assert beats["ReadTheGradients"].parts[1:] == (
        "The gradient for w is -0.221.",
        "The gradient for b is -0.147.",
    )


def refusal(folder: Path, params: str) -> ContentError:
    with pytest.raises(ContentError) as refused:
        build_plan(load_lecture(lecture(folder, params)), "Scene")
    assert len(str(refused.value).splitlines()) == 1
    return refused.value


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (('["w", "b"]', '["w", "z"]'), "gradients_of", "names z, which is no input"),
        (('(S(w*x + b) - y)**2"', '(S(w*x + b) - t)**2"'), "expression", "'t'"),
        (("y = 1 }", "y = 1, z = 2 }"), "inputs", "gives z, which the expression does not use"),
        (("x = 1.5", "x = -1"), None, None),
    ],
)
def test_refusals_name_the_key_in_one_sentence(tmp_path: Path, change, key, words) -> None:
    params = DEFAULTS.replace(*change)
    if key is None:  # a plain edit still plans
        assert build_plan(load_lecture(lecture(tmp_path, params)), "Scene").columns == 6
        return
    error = refusal(tmp_path, params)
    assert error.key == f"scenes.Scene.{key}"
    if key != "expression":  # the shared formula reader's sentence ends with the names
        assert str(error).endswith(".")
    assert words in str(error)


def test_too_many_operations_or_undefined_values_are_refused(tmp_path: Path) -> None:
    long = DEFAULTS.replace(
        '"(S(w*x + b) - y)**2"', '"sin(x)*cos(w) + sin(b)*cos(y) + sin(x*w)*cos(b*y) + x*y*w*b"'
    )
    error = refusal(tmp_path, long)
    assert error.key == "scenes.Scene.expression" and "operations" in str(error)
    undefined = 'expression = "log(x)"\ninputs = { x = 0 }\nhelpers = {}\ngradients_of = ["x"]\n'
    error = refusal(tmp_path, undefined)
    assert "logarithm node's value" in str(error)


def test_a_shared_input_sums_its_paths_on_screen(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x*x + x at x = -3: two bent arrows from x into the product, one into the sum, and the
    gradient -5 = 1(-3) + 1(-3) + 1 shown in the chain rule's band."""
    monkeypatch.setenv("LECTURE_CONTENT", str(one_scene_of(STRESS, "SharedInput", tmp_path)))
    scene = run_scene("ComputationalGraph", tmp_path)
    twins = [edge for edge in scene.plan.edges if edge.twins == 2]
    assert len(twins) == 2
    assert [n.gradient for n in scene.plan.nodes if n.is_target] == [-5]
    shown = texts_of(scene, "ReadTheGradients")
    assert r"1 \times (-3) + 1 \times (-3) + 1 \times 1 = -5" not in shown  # replaced at the end
    assert r"\frac{\partial f}{\partial x} = -5" in shown
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@pytest.fixture
def neuron_lecture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LECTURE_CONTENT", str(lecture(tmp_path)))


@frames_comparison(last_frame=True, base_scene=ComputationalGraph, tex_dir=str(TEX_CACHE))
def test_computational_graph_last_frame(scene: ComputationalGraph, neuron_lecture: None) -> None:
    ComputationalGraph.construct(scene)
