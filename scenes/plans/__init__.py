"""Template declarations: each module here declares one template as `TEMPLATE`; no manim.

A template is a schema (parameters, beats), a plan builder (content + math core -> a
frozen plan) and the Scene class that draws the plan. The schema and the plan builder
live here, in scenes/plans/<name>.py; the Scene class lives in scenes/templates/<name>.py
and is named by reference ("module:Class"), imported only when a scene is drawn. So
loading a lecture, checking it against every template and planning its scenes never
imports manim. The registry finds templates by walking this package, so adding one is
adding one module here and its Scene module; nothing else lists them.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from scenes.content import loader
from scenes.content.loader import ContentError, Lecture, SceneContent, display_path
from scenes.content.schema import TemplateSchema
from scenes.maths.calculus import MathError
from scenes.maths.refusals import Refusal, rounded_text


class PlanRefusal(Refusal):
    """A plan builder cannot animate a parameter's value honestly; `problem` completes
    the sentence "scenes.<Id>.<param> ..." (the shared checks raise Refusal itself)."""


@dataclass(frozen=True)
class Template:
    """One scene template: its schema, its plan builder and where its Scene class is.

    `scene` is a "module:Class" reference, such as "scenes.templates.secant:SecantConvergence";
    `scene_class()` imports it (and with it manim) only when asked.
    """

    schema: TemplateSchema
    build_plan: Callable[[SceneContent], Any]
    scene: str

    def __post_init__(self) -> None:
        module, _, class_name = self.scene.partition(":")
        if not module or not class_name or ":" in class_name:
            raise ValueError(f"scene must be 'module:Class', not {self.scene!r}")

    @property
    def name(self) -> str:
        return self.schema.name

    @property
    def module(self) -> str:
        """The module that defines the Scene class, e.g. "scenes.templates.secant"."""
        return self.scene.partition(":")[0]

    @property
    def class_name(self) -> str:
        """The Scene class's name, e.g. "SecantConvergence"."""
        return self.scene.partition(":")[2]

    def scene_class(self) -> type:
        """The Scene class drawing this template's plan (imports its module, and manim)."""
        return getattr(importlib.import_module(self.module), self.class_name)


@cache
def templates() -> dict[str, Template]:
    """Every template in this package, by name, in the order of their modules' names."""
    found: dict[str, Template] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        template = getattr(module, "TEMPLATE", None)
        if isinstance(template, Template):
            found[template.name] = template
    return found


def schemas() -> dict[str, TemplateSchema]:
    """The schemas by every name a lecture file may use: template names and their aliases."""
    by_name: dict[str, TemplateSchema] = {}
    for template in templates().values():
        for name in (template.name, *template.schema.aliases):
            by_name[name] = template.schema
    return by_name


def template(name: str) -> Template:
    """A template by name; KeyError lists the templates."""
    try:
        return templates()[name]
    except KeyError:
        raise KeyError(f"unknown template {name!r}; templates: {', '.join(templates())}") from None


def template_of_class(cls: type) -> Template | None:
    """The template whose Scene class `cls` is or derives from (test harnesses wrap scenes).

    Matched by class name along the MRO, since plain `manim render FILE` loads a template's
    file as a module of its own, whose classes are not the registry's objects.
    """
    by_class = {found.class_name: found for found in templates().values()}
    return next((by_class[k.__name__] for k in cls.__mro__ if k.__name__ in by_class), None)


def load_lecture(path: Path | str | None = None) -> Lecture:
    """A lecture file checked against every template (None: the default content), with
    the plan values its narration names ("{rows_slope}") filled in."""
    from scenes.maths.narration_values import fill_lecture

    lecture = loader.load_lecture(path, schemas())
    shown = display_path(lecture.path)

    def steps_of(name: str, beat: str) -> Any:
        return template(name).schema.steps_of(beat)

    return fill_lecture(lecture, lambda scene: plan_scene(scene, lecture.path), shown, steps_of)


def build_plan(lecture: Lecture, name: str) -> Any:
    """The plan of one scene instance of the lecture; what cannot be animated is a ContentError."""
    return plan_scene(lecture.scene(name), lecture.path)


def plan_scene(scene: SceneContent, path: Path) -> Any:
    """The plan of one scene instance already loaded from the lecture file at `path`.

    What cannot be animated is a ContentError naming the file and the parameter, as when
    the lecture was loaded; the file itself is not read again.
    """
    name, shown = scene.name, display_path(path)
    try:
        return template(scene.template).build_plan(scene)
    except Refusal as refusal:
        key = f"scenes.{name}.{refusal.param}"
        problem = rounded_text(refusal.problem)
        raise ContentError(
            f"{shown}: {key} {problem}" + ("" if problem.endswith((".", "?", "!")) else "."),
            path=shown,
            key=key,
            value=refusal.value,
        ) from None
    except (OverflowError, ZeroDivisionError) as error:  # numbers past what floats hold
        raise ContentError(
            f"{shown}: scenes.{name} cannot be computed: its numbers grow past what can be "
            f"drawn ({error}); use smaller values.",
            path=shown,
            key=f"scenes.{name}",
            value=None,
        ) from None
    except MathError as error:
        raise ContentError(
            f"{shown}: scenes.{name} cannot be computed: {rounded_text(str(error))}",
            path=shown,
            key=f"scenes.{name}",
            value=None,
        ) from None
