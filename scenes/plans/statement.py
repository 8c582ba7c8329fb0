"""A heading and items shown one at a time: Statement's plan and schema.

Each item is a bullet point (text, inline math allowed), a display equation written as a
sympy formula, or a display equation given as TeX; each is said as it appears. No manim
here: the Scene class drawing the plan is scenes/templates/statement.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scenes.content.limits import MAX_TEXT_LENGTH
from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, Steps, TemplateSchema
from scenes.content.spoken import unspeakable_part
from scenes.maths import given
from scenes.maths import statement_items as words
from scenes.maths.narration_values import SaidValue
from scenes.plans import PlanRefusal, Template

# ---------------------------------------------------------------- the plan

KINDS = ("point", "equation", "tex")
OPTIONAL_KEYS = ("label", "say")
MAX_ITEMS = 10  # more do not stay readable on one slide: split them over two scenes
MAX_LABEL_LENGTH = 12  # "(1)", "(A.3)": a tag beside an equation, not a caption
ITEMS_BEAT = "ShowTheItems"


@dataclass(frozen=True)
class StatementItem:
    """One item: its kind, what the screen shows (text, or the equation's LaTeX), the tag
    beside a display equation, and the item as the caption writes it and the voice says it."""

    kind: str
    shown: str
    label: str
    said: SaidValue

    @property
    def is_equation(self) -> bool:
        return self.kind != "point"


@dataclass(frozen=True)
class StatementPlan:
    name: str
    heading: str
    items: tuple[StatementItem, ...]

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """ShowTheItems is said one item at a time, as each appears."""
        if beat != ITEMS_BEAT:
            return ()
        return tuple({"item": item.said} for item in self.items)


def build_plan(scene: SceneContent) -> StatementPlan:
    p = scene.params
    records = p["items"]
    if len(records) > MAX_ITEMS:
        raise PlanRefusal(
            "items",
            f"has {len(records)} items; at most {MAX_ITEMS} stay readable on one slide, "
            "so split them over two scenes",
            None,
        )
    items = tuple(_item(f"items[{index}]", record) for index, record in enumerate(records))
    return StatementPlan(name=scene.name, heading=p["heading"], items=items)


def _item(key: str, record: Mapping[str, Any]) -> StatementItem:
    kind = given.one_of(key, record, KINDS)
    given.fields(key, record, (kind,), OPTIONAL_KEYS)
    label = _short_text(f"{key}.label", record.get("label", ""), MAX_LABEL_LENGTH)
    if label and kind == "point":
        raise PlanRefusal(
            f"{key}.label", "labels a bullet point; a label tags a display equation", label
        )
    value = record[kind]
    if kind == "equation":
        equation = words.equation(f"{key}.equation", value)
        shown, written, spoken = equation.latex, equation.written, equation.spoken
    elif kind == "tex":
        shown = _short_text(f"{key}.tex", value, MAX_TEXT_LENGTH)
        written = spoken = words.math_words(shown)
    else:
        shown = _short_text(f"{key}.point", value, MAX_TEXT_LENGTH)
        if not shown.strip():
            raise PlanRefusal(f"{key}.point", "is empty; give the point's text", value)
        written = spoken = words.tex_words(shown)
    if "say" in record:
        spoken = _said(f"{key}.say", record["say"])
        written = spoken
    if not spoken.strip():
        raise PlanRefusal(
            key, 'has nothing the voice can say; give its words as say = "..."', dict(record)
        )
    return StatementItem(kind, shown, label, SaidValue(_sentence(written), _sentence(spoken)))


def _short_text(key: str, value: Any, limit: int) -> str:
    checked = given.text(key, value)
    if len(checked) > limit:
        raise PlanRefusal(key, f"is {len(checked)} characters long; the limit is {limit}", value)
    _check_balanced(key, checked)
    return checked


def _check_balanced(key: str, text: str) -> None:
    """Braces that close what they open and math that ends: LaTeX would stop on either
    inside the renderer, far from the line that caused it."""
    unescaped = re.sub(r"\\.", "", text)
    depth = 0
    for character in unescaped:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            raise PlanRefusal(key, "has a '}' that closes nothing", text)
    if depth:
        raise PlanRefusal(key, "has a '{' that is never closed", text)
    if unescaped.count("$") % 2:
        raise PlanRefusal(key, "has a '$' that starts math never ended by another '$'", text)


def _said(key: str, value: Any) -> str:
    """An item's own words for the voice: plain words, as narration is."""
    checked = _short_text(key, value, MAX_TEXT_LENGTH)
    problem = unspeakable_part(checked)
    if problem is not None:
        raise PlanRefusal(key, problem.sentence(), value)
    return checked


def _sentence(text: str) -> str:
    """The item as the body of its step's sentence (the sentence adds its own full stop)."""
    return text.strip().rstrip(".;:,").strip()


# ---------------------------------------------------------------- the template

DEFAULT_ITEMS = [
    {"point": "The sigmoid turns any score into a probability."},
    {"equation": "S = 1/(1 + exp(-z))", "label": "(1)"},
    {"point": "Its derivative needs nothing but $S$ itself."},
    {"tex": r"S' = S\,(1 - S)", "label": "(2)", "say": "S prime equals S times one minus S"},
]

SCHEMA = TemplateSchema(
    name="Statement",
    group="Titles and text",
    chapter="Key facts",
    description="A heading, then points and display equations shown one at a time.",
    beats=("ShowTheHeading", ITEMS_BEAT),
    example_narration=(
        "Let us write down what we know.",
        "Here it is, one item at a time.",
    ),
    params=(
        Param("heading", Kind.TEXT, "The sigmoid in two lines", "the heading above the items"),
        Param(
            "items",
            Kind.RECORDS,
            DEFAULT_ITEMS,
            'the items in order, each { point = "text" }, { equation = "formula" } (a sympy '
            'formula, one "=" at most) or { tex = "LaTeX" }; an equation may have a label '
            'such as "(1)", and any item say = "words" for the voice',
        ),
    ),
    steps=(Steps(ITEMS_BEAT, "item", "{item}."),),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.statement:Statement")
