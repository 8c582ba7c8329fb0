"""The lecture's scenes as data: where each lives, its beats and the parameters it takes.

This is the one place that knows which scenes exist. The content loader validates
`render_config/lecture.toml` against it, the CLI lists it, the renderer finds scene
classes through it. It imports no manim, so all of that stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """How a parameter's TOML value is read and checked."""

    TEXT = "text"  # a string that may reach LaTeX: checked for unsafe commands
    TEXT_LIST = "text_list"  # a non-empty list of such strings
    EXPR_X = "expr_x"  # an expression in x, e.g. "x**2"
    EXPR_XY = "expr_xy"  # an expression in x and y, e.g. "x**2 + y**2"
    EXPR_LIST = "expr_list"  # author steps in x, kept as written (unevaluated)
    NUMBER = "number"  # an exact number: int, float or string like "1/3"
    POSITIVE = "positive"  # a number > 0
    COUNT = "count"  # a whole number >= 1
    STEP_SIZES = "step_sizes"  # a non-empty, strictly decreasing list of numbers > 0
    POINT = "point"  # [x, y]
    POINT_LIST = "point_list"  # [[x, y], ...]
    RANGE = "range"  # [low, high] with low < high
    NAME = "name"  # a one-letter function name such as "S"


@dataclass(frozen=True)
class SceneSpec:
    """One scene: its class, the module it lives in, what it shows, its beats and parameters."""

    name: str
    module: str
    chapter: str
    description: str
    beats: tuple[str, ...]
    params: tuple[tuple[str, Kind], ...]
    three_d: bool = False  # drawn with a 3D camera: each frame costs about twice a 2D one

    @property
    def param_kinds(self) -> dict[str, Kind]:
        return dict(self.params)


SCENES: tuple[SceneSpec, ...] = (
    SceneSpec(
        name="LectureTitle",
        chapter="Introduction",
        module="scenes.templates.title",
        description="The title and the outline of the lecture.",
        beats=("ShowTheTitle", "ListTheOutline"),
        params=(("title", Kind.TEXT), ("subtitle", Kind.TEXT), ("outline", Kind.TEXT_LIST)),
    ),
    SceneSpec(
        name="SlopeOfLine",
        chapter="Slope",
        module="scenes.templates.slope",
        description="Slope as rise over run for a straight line (notes 2.1).",
        beats=("DrawTheLine", "MarkTwoPoints", "RiseOverRun", "SlopeIsTheCoefficient"),
        params=(
            ("function", Kind.EXPR_X),
            ("x0", Kind.NUMBER),
            ("x1", Kind.NUMBER),
            ("x_range", Kind.RANGE),
            ("y_range", Kind.RANGE),
        ),
    ),
    SceneSpec(
        name="SecantConvergence",
        chapter="From secants to the tangent",
        module="scenes.templates.secant",
        description="Secant lines of f converge to the tangent at x0 (notes 2.1, eq. 1).",
        beats=(
            "DrawTheCurve",
            "TabulateTheSecants",
            "ShrinkTheStep",
            "ZoomOnTheTangent",
            "StateTheLimit",
        ),
        params=(
            ("function", Kind.EXPR_X),
            ("x0", Kind.NUMBER),
            ("step_sizes", Kind.STEP_SIZES),
            ("final_step", Kind.POSITIVE),
            ("x_range", Kind.RANGE),
            ("y_range", Kind.RANGE),
        ),
    ),
    SceneSpec(
        name="DerivativeRules",
        chapter="Derivative rules",
        module="scenes.templates.rules",
        description="The derivative rules: constant, linear, sum, power, exponential, chain.",
        beats=(
            "ConstantRule",
            "LinearRule",
            "SumRule",
            "PowerRule",
            "ExponentialRule",
            "ChainRule",
        ),
        params=(
            ("constant_function", Kind.EXPR_X),
            ("linear_function", Kind.EXPR_X),
            ("power_function", Kind.EXPR_X),
            ("power_point", Kind.NUMBER),
            ("exponential_base", Kind.POSITIVE),
            ("chain_outer", Kind.EXPR_X),
            ("chain_inner", Kind.EXPR_X),
            ("x_range", Kind.RANGE),
        ),
    ),
    SceneSpec(
        name="SigmoidDerivation",
        chapter="Differentiating the sigmoid",
        module="scenes.templates.derivation",
        description="The sigmoid's derivative one rule at a time, to S'(x) = S(x)(1 - S(x)).",
        beats=(
            "StateTheSigmoid",
            "RewriteAsAPower",
            "DifferentiateStepByStep",
            "ReachEquationSeven",
            "RewriteInTermsOfS",
            "BoxTheResult",
        ),
        params=(
            ("name", Kind.NAME),
            ("function", Kind.EXPR_X),
            ("rewritten", Kind.EXPR_LIST),
            ("algebra_steps", Kind.EXPR_LIST),
        ),
    ),
    SceneSpec(
        name="SigmoidGraph",
        chapter="The sigmoid and its derivative",
        module="scenes.templates.function_graph",
        description="The sigmoid and its derivative on one graph (notes Figure 3).",
        beats=("PlotTheSigmoid", "PlotItsDerivative", "MarkThePeak", "TraceSTimesOneMinusS"),
        params=(
            ("name", Kind.NAME),
            ("function", Kind.EXPR_X),
            ("x_range", Kind.RANGE),
            ("y_range", Kind.RANGE),
        ),
    ),
    SceneSpec(
        name="GradientSurface",
        chapter="Partial derivatives and the gradient",
        three_d=True,
        module="scenes.templates.surface",
        description="The surface z = f(x, y), its partial derivatives and gradient (notes 3).",
        beats=("ShowTheSurface", "SliceAlongX", "SliceAlongY", "AssembleTheGradient"),
        params=(
            ("surface", Kind.EXPR_XY),
            ("point", Kind.POINT),
            ("x_range", Kind.RANGE),
            ("y_range", Kind.RANGE),
        ),
    ),
    SceneSpec(
        name="GradientDescentBall",
        chapter="Rolling down the gradient",
        three_d=True,
        module="scenes.templates.descent",
        description="A ball rolls down the negative gradient of the surface (notes 3, Figure 4).",
        beats=(
            "ShowTheGradient",
            "FlipToDescent",
            "RollTheBall",
            "RollAlongTheAxis",
            "RestAtTheMinimum",
        ),
        params=(
            ("surface", Kind.EXPR_XY),
            ("start", Kind.POINT),
            ("more_starts", Kind.POINT_LIST),
            ("flow_time", Kind.POSITIVE),
            ("learning_rate", Kind.POSITIVE),
            ("descent_steps", Kind.COUNT),
            ("x_range", Kind.RANGE),
            ("y_range", Kind.RANGE),
        ),
    ),
)

SCENES_BY_NAME: dict[str, SceneSpec] = {spec.name: spec for spec in SCENES}


def scene_spec(name: str) -> SceneSpec:
    """The spec of one scene; KeyError names the valid scenes."""
    try:
        return SCENES_BY_NAME[name]
    except KeyError:
        valid = ", ".join(SCENES_BY_NAME)
        raise KeyError(f"unknown scene {name!r}; valid scenes: {valid}") from None
