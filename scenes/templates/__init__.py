"""Scene templates: each module here is one template and declares `TEMPLATE`.

A template owns everything about one kind of scene: its schema (parameters, beats), the
plan builder (content + math core -> a frozen plan) and the Scene class that draws the
plan. The registry finds templates by walking this package, so adding one is adding one
module; nothing else lists them.
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
from scenes.maths.refusals import Refusal


class PlanRefusal(Refusal):
    """A plan builder cannot animate a parameter's value honestly; `problem` completes
    the sentence "scenes.<Id>.<param> ..." (the shared checks raise Refusal itself)."""


@dataclass(frozen=True)
class Template:
    """One scene template: its schema, its plan builder and the Scene class drawing the plan."""

    schema: TemplateSchema
    build_plan: Callable[[SceneContent], Any]
    scene_class: type

    @property
    def name(self) -> str:
        return self.schema.name

    @property
    def module(self) -> str:
        return self.scene_class.__module__


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
    found = templates()
    return next((found[k.__name__] for k in cls.__mro__ if k.__name__ in found), None)


def load_lecture(path: Path | str | None = None) -> Lecture:
    """A lecture file checked against every template (None: the default content)."""
    return loader.load_lecture(path, schemas())


def build_plan(lecture: Lecture, name: str) -> Any:
    """The plan of one scene instance of the lecture; what cannot be animated is a ContentError."""
    scene = lecture.scene(name)
    path = display_path(lecture.path)
    try:
        return template(scene.template).build_plan(scene)
    except Refusal as refusal:
        key = f"scenes.{name}.{refusal.param}"
        raise ContentError(
            f"{path}: {key} {refusal.problem}", path=path, key=key, value=refusal.value
        ) from None
    except (OverflowError, ZeroDivisionError) as error:  # numbers past what floats hold
        raise ContentError(
            f"{path}: scenes.{name} cannot be computed: its numbers grow past what can be "
            f"drawn ({error}); use smaller values.",
            path=path,
            key=f"scenes.{name}",
            value=None,
        ) from None
    except MathError as error:
        raise ContentError(
            f"{path}: scenes.{name} cannot be computed: {error}",
            path=path,
            key=f"scenes.{name}",
            value=None,
        ) from None
