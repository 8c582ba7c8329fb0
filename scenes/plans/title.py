"""The lecture's title and outline: LectureTitle's plan and schema.

The plan builder computes every number and formula the scene shows from the content
file, with the math core; the schema lists the parameters and beats. No manim here: the
Scene class drawing the plan is scenes/templates/title.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, TemplateSchema
from scenes.plans import Template

# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class TitlePlan:
    name: str
    title: str
    subtitle: str
    outline: tuple[str, ...]


def build_plan(scene: SceneContent) -> TitlePlan:
    p = scene.params
    return TitlePlan(scene.name, p["title"], p["subtitle"], tuple(p["outline"]))


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="LectureTitle",
    group="Titles and text",
    chapter="Introduction",
    description="The title and the outline of the lecture.",
    beats=("ShowTheTitle", "ListTheOutline"),
    example_narration=(
        "Welcome. Here is what this lecture is about.",
        "We will go through it in this order.",
    ),
    params=(
        Param("title", Kind.TEXT, "Calculus for Machine Learning", "the lecture's title"),
        Param("subtitle", Kind.TEXT, "after lecture notes by Kevin Fu", "a line under the title"),
        Param(
            "outline",
            Kind.TEXT_LIST,
            ["Derivatives", "Derivative rules", "The sigmoid", "Gradients"],
            "the outline, one item per chapter",
        ),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.title:LectureTitle")
