"""Content the math core accepts but no honest animation can show is refused by the plan
builders in one sentence naming the file, the key and the value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from content_files import plan_refusal, write_lecture

from scenes.content import loader
from scenes.content.loader import ContentError
from scenes.paths import EXAMPLE_LECTURES
from scenes.plans import build_plan, load_lecture, plan_scene, schemas

CASES = [
    (  # the ball rolls off the far edge, toward the next well of cos(3x)
        "GradientDescentBall",
        {"surface": "cos(3*x) + y**2", "x_range": [-2.5, 2.5], "start": [2.2, 0.5]},
        "start",
        "= [2.2, 0.5] cannot be animated: the ball's path from [2.2, 0.5] in flow_time 2.5 "
        "would leave the plotted domain [-2.5, 2.5] x [-2, 2] at (x, y) =",
    ),
    (
        "GradientDescentBall",
        {"surface": "x + y"},
        "surface",
        '= "x + y" cannot be animated: it has no minimum inside the plotted domain '
        "[-2, 2] x [-2, 2] (its lowest point there is (x, y) = (-2, -2) on the edge)",
    ),
    (
        "GradientDescentBall",
        {"surface": "x**2 - y**2"},
        "surface",
        "has no minimum inside the plotted domain",
    ),
    (
        "GradientDescentBall",
        {"surface": "log(x**2 + y**2)", "more_starts": [[1, 0]]},
        "surface",
        '= "log(x**2 + y**2)" cannot be drawn: it is undefined or not real at (x, y) = (0, 0)',
    ),
    (
        "GradientDescentBall",
        {"surface": "sqrt(x**2 + y**2)"},
        "more_starts[1]",
        '= [0, 0] cannot be animated: "sqrt(x**2 + y**2)" has no derivative in x at x = 0, y = 0',
    ),
    (  # one step jumps over the well at x = 1.05 and lands lower, past the edge
        "GradientDescentBall",
        {
            "surface": "cos(3*x) + y**2",
            "x_range": [-1.5, 1.5],
            "start": [0.3, 0.5],
            "learning_rate": 0.6,
            "descent_steps": 1,
        },
        "learning_rate",
        "= 0.6 cannot be animated: the gradient-descent steps from [0.3, 0.5] would leave the "
        "plotted domain [-1.5, 1.5] x [-2, 2] at (x, y) = (1.71",
    ),
    (  # the heights reach far past the sampled ones between two grid lines
        "GradientDescentBall",
        {"surface": "x**2 + y**2 + 40*exp(-2000*(x - 0.55)**2)", "start": [0.55, 0.5]},
        "start",
        "far outside the plotted heights",
    ),
    (
        "SecantConvergence",
        {"function": "sqrt(x)"},
        "function",
        '= "sqrt(x)" cannot be drawn: it is undefined or not real at x = -0.5, inside '
        "x_range = [-0.5, 2.5]",
    ),
    (
        "SecantConvergence",
        {"function": "abs(x - 1)"},
        "x0",
        '= 1 cannot be animated: "Abs(x - 1)" has no derivative in x at x = 1',
    ),
    (
        "SecantConvergence",
        {"function": "x**3"},
        "step_sizes[0]",
        "= 1 puts the secant's second point at y = 8, outside y_range = [-0.5, 4.5]",
    ),
    (
        "SecantConvergence",
        {"function": "x**2 + 5"},
        "x0",
        "= 1 puts P = (x0, f(x0)) at y = 6, outside y_range = [-0.5, 4.5]",
    ),
    (
        "SlopeOfLine",
        {"function": "5*x"},
        "x1",
        "= 2 puts the point (2, f(2)) at y = 10, outside y_range = [-0.5, 6]",
    ),
    (
        "SlopeOfLine",
        {"function": "1/(x - 1.5)"},
        "function",
        "cannot be drawn: it is undefined or not real at x = 1.5",
    ),
    (
        "FunctionAndDerivative",
        {"function": "log(x)", "identity": []},
        "function",
        '= "log(x)" cannot be drawn: it is undefined or not real at x = -6',
    ),
    (
        "FunctionAndDerivative",
        {"function": "8/(1 + exp(-x))", "identity": []},
        "y_range",
        "= [-0.25, 1.25] leaves out the peak of S' at y = 2, which the scene marks",
    ),
    (
        "GradientSurface",
        {"surface": "abs(x) + y**2", "point": [0, 1]},
        "point",
        '= [0, 1] cannot be animated: "y**2 + Abs(x)" has no derivative in x at x = 0, y = 1',
    ),
    (
        "GradientSurface",
        {"surface": "sqrt(1 - x**2 - y**2)", "point": [0.5, 0.5]},
        "surface",
        "cannot be drawn: it is undefined or not real at (x, y) = (-2, -2)",
    ),
]


@pytest.mark.parametrize(("template_name", "params", "param", "expected"), CASES)
def test_content_that_cannot_be_animated_honestly_is_one_sentence(
    tmp_path: Path, template_name: str, params: dict[str, Any], param: str, expected: str
) -> None:
    assert expected in plan_refusal(tmp_path, template_name, params, param)


@pytest.mark.parametrize(
    ("template_name", "params"),
    [
        ("GradientDescentBall", {"surface": "cos(3*x) + y**2", "start": [0.5, 0.5]}),
        ("SecantConvergence", {"function": "x**3", "y_range": [-0.5, 9]}),
        ("SecantConvergence", {"function": "sqrt(x)", "x_range": [0, 2.5], "x0": 1}),
        ("GradientSurface", {"surface": "abs(x) + y**2", "point": [1, 1]}),
    ],
)
def test_nearby_content_that_can_be_animated_still_plans(
    tmp_path: Path, template_name: str, params: dict[str, Any]
) -> None:
    path = write_lecture(tmp_path / "lecture.toml", "Scene", template_name, params)
    assert build_plan(load_lecture(path), "Scene").name == "Scene"


@pytest.mark.parametrize("content", [path.name for path in EXAMPLE_LECTURES])
def test_the_shipped_lectures_all_plan(content: str) -> None:
    lecture = load_lecture(Path(__file__).resolve().parents[2] / "render_config" / content)
    for scene in lecture.scenes:
        assert build_plan(lecture, scene.name).name == scene.name


def test_a_scene_already_loaded_plans_without_its_file_and_refuses_the_same(
    tmp_path: Path,
) -> None:
    """plan_scene (what a render worker calls with the content it was handed) reads no file."""
    good = write_lecture(tmp_path / "good.toml", "Scene", "SlopeOfLine", {})
    bad = write_lecture(tmp_path / "bad.toml", "Scene", "SlopeOfLine", {"function": "5*x"})
    # the bad scene as loaded before planning (its narration names no plan value to fill)
    good_lecture, bad_scene = load_lecture(good), loader.load_lecture(bad, schemas()).scene("Scene")
    expected = build_plan(good_lecture, "Scene")
    good.unlink()
    bad.unlink()
    assert plan_scene(good_lecture.scene("Scene"), good) == expected
    with pytest.raises(ContentError) as refused:
        plan_scene(bad_scene, bad)
    assert str(refused.value).startswith(f"{bad}: scenes.Scene.x1 = 2 puts the point (2, f(2))")
    assert refused.value.key == "scenes.Scene.x1"
