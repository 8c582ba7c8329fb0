"""The plan's values in the narration: "the slopes are {rows_slope}" says what the table shows.

A sentence names a value of its scene's plan in braces; the caption shows it written as on
screen ("3, 2.5, 2.25 and 2.1"), the voice says it in words ("three, two point five, two
point two five and two point one"). Change the function and the narration follows, since
nothing is typed twice. The values a scene offers are its plan's numbers and formulas:
each numeric field (`{x0}`, `{tangent_slope}`), each list of numbers, and each field of a
list of rows as a list (`{rows_slope}`, `{rows_dx}`); a field `<name>_text` beside a
number is how the screen writes it. `lecture plan` lists every plan's fields.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from scenes.content.loader import PLACEHOLDER, Beat, ContentError, Lecture, SceneContent
from scenes.maths.calculus import number_text
from scenes.maths.spoken_math import spoken_expression, spoken_number


@dataclass(frozen=True)
class SaidValue:
    """A value as the caption writes it and as the voice says it."""

    written: str
    spoken: str


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return math.isfinite(value)
    return isinstance(value, sympy.Expr) and value.is_number and bool(value.is_finite)


def _written_number(value: Any) -> str:
    """As the tables write numbers (calculus.number_text: exact where a short decimal, else 4
    places, the places the voice says); a fraction with no short decimal stays a fraction."""
    number = sympy.sympify(value)
    written = number_text(number)
    if number.is_Rational and sympy.Rational(written) != number:
        return f"{number.p}/{number.q}"
    return written


def _said_number(value: Any, written: str | None = None) -> SaidValue:
    shown = written if written is not None else _written_number(value)
    spoken = spoken_number(value if not isinstance(value, float) else sympy.Float(value))
    return SaidValue(shown, spoken)


def _said_list(items: Sequence[SaidValue]) -> SaidValue:
    def joined(parts: list[str]) -> str:
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    return SaidValue(
        joined([item.written for item in items]), joined([item.spoken for item in items])
    )


def _said_point(items: Sequence[SaidValue]) -> SaidValue:
    written = "(" + ", ".join(item.written for item in items) + ")"
    return SaidValue(written, ", ".join(item.spoken for item in items))


def _said_expression(value: sympy.Expr) -> SaidValue:
    return SaidValue(str(value).replace("**", "^"), spoken_expression(value))


def _field_values(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def said_values(plan: Any) -> dict[str, SaidValue]:
    """Every value of a plan a sentence may name, by name."""
    found: dict[str, SaidValue] = {}
    fields = _field_values(plan) if dataclasses.is_dataclass(plan) else {}
    for name, value in fields.items():
        written = fields.get(f"{name}_text")
        if isinstance(value, str) and len(value) == 1 and value.isalpha():
            found[name] = SaidValue(value, value)  # a function's one-letter name
        elif _is_number(value):
            found[name] = _said_number(value, written if isinstance(written, str) else None)
        elif isinstance(value, sympy.Expr) and value.free_symbols:
            found[name] = _said_expression(value)
        elif isinstance(value, tuple) and value and all(_is_number(v) for v in value):
            said = [_said_number(v) for v in value]
            point = len(value) in (2, 3) and not name.endswith(("_range", "levels", "schedule"))
            found[name] = _said_point(said) if point else _said_list(said)
        elif isinstance(value, tuple) and value and all(dataclasses.is_dataclass(v) for v in value):
            rows = [said_values(row) for row in value]
            for sub in rows[0]:
                if all(sub in row for row in rows):
                    found[f"{name}_{sub}"] = _said_list([row[sub] for row in rows])
    return found


def fill_beat(beat: Beat, values: Mapping[str, SaidValue], key: str, shown: str) -> Beat:
    """A beat with its {names} filled: written in the caption, in words for the voice."""

    def value(match: Any) -> SaidValue:
        name = match.group(1)
        if name not in values:
            known = ", ".join(sorted(values)) or "none"
            raise ContentError(
                f"{shown}: {key} names {{{name}}}, which is no value of the scene; "
                f"its values: {known}.",
                path=shown,
                key=key,
                value=beat.narration,
            )
        return values[name]

    narration = PLACEHOLDER.sub(lambda m: value(m).written, beat.narration)
    spoken = PLACEHOLDER.sub(lambda m: value(m).spoken, beat.spoken)
    return dataclasses.replace(beat, narration=narration, spoken=spoken)


def needs_values(scene: SceneContent) -> bool:
    return any(PLACEHOLDER.search(beat.narration) for beat in scene.beats)


def fill_scene(scene: SceneContent, plan: Any, shown: str) -> SceneContent:
    values = said_values(plan)
    beats = tuple(
        fill_beat(beat, values, f"scenes.{scene.name}.narration.{beat.name}", shown)
        for beat in scene.beats
    )
    return dataclasses.replace(scene, beats=beats)


def fill_lecture(lecture: Lecture, plan_of: Any, shown: str) -> Lecture:
    """The lecture with every scene's named values filled in (scenes without any untouched;
    `plan_of(scene)` builds a plan)."""
    if not any(needs_values(scene) for scene in lecture.scenes):
        return lecture
    scenes = tuple(
        fill_scene(scene, plan_of(scene), shown) if needs_values(scene) else scene
        for scene in lecture.scenes
    )
    return dataclasses.replace(lecture, scenes=scenes)
