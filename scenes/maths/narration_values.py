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
from sympy.printing.str import StrPrinter

from scenes.content.loader import PLACEHOLDER, Beat, ContentError, Lecture, SceneContent
from scenes.content.schema import Steps
from scenes.maths.calculus import number_text
from scenes.maths.spoken_math import spoken_expression, spoken_number

MAX_SAID_ITEMS = 12  # a longer list is no value a sentence says


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


class _CaptionPrinter(StrPrinter):
    """A formula as a caption writes it in plain text: e^(-x), x^2, 2x, a·b."""

    def _print_exp(self, expr: sympy.Expr) -> str:
        argument = self._print(expr.args[0])
        return f"e^{argument}" if expr.args[0].is_Symbol else f"e^({argument})"

    def _print_Pow(self, expr: sympy.Expr, rational: bool = False) -> str:
        if expr.base is sympy.E:
            return self._print_exp(sympy.exp(expr.exp, evaluate=False))
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_Mul(self, expr: sympy.Expr) -> str:
        factors = sympy.Mul.make_args(expr)
        if len(factors) == 2 and factors[0].is_Number and factors[0] not in (1, -1):
            second = self._print(factors[1])
            if factors[1].is_Symbol or factors[1].is_Pow:
                return f"{self._print(factors[0])}{second}"  # 2x, 3x^2
        return super()._print_Mul(expr).replace("*", "·")


def caption_formula(value: sympy.Expr) -> str:
    """A sympy formula written for a caption line: no ** or exp( ), as people type them."""
    return _CaptionPrinter().doprint(value).replace("**", "^")


def _said_expression(value: sympy.Expr) -> SaidValue:
    return SaidValue(caption_formula(value), spoken_expression(value))


def _field_values(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def said_values(plan: Any) -> dict[str, SaidValue]:
    """Every value of a plan (or of one step's values, a dataclass or a mapping) a sentence
    may name, by name."""
    found: dict[str, SaidValue] = {}
    if isinstance(plan, Mapping):
        fields = dict(plan)
    else:
        fields = _field_values(plan) if dataclasses.is_dataclass(plan) else {}
    for name, value in fields.items():
        written = fields.get(f"{name}_text")
        if isinstance(value, SaidValue):
            found[name] = value  # words the plan wrote and says as they are ("chain rule")
        elif isinstance(value, str) and len(value) == 1 and value.isalpha():
            found[name] = SaidValue(value, value)  # a function's one-letter name
        elif _is_number(value):
            found[name] = _said_number(value, written if isinstance(written, str) else None)
        elif isinstance(value, sympy.Expr) and value.free_symbols:
            found[name] = _said_expression(value)
        elif isinstance(value, tuple) and len(value) > MAX_SAID_ITEMS:
            continue  # a schedule of frames or samples: no value a sentence says
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


def step_values(plan: Any, beat: str) -> tuple[Any, ...]:
    """Each step's values of a beat said step by step (the plan's `step_values(beat)`); ()
    for a beat without steps."""
    of = getattr(plan, "step_values", None)
    return tuple(of(beat)) if of is not None else ()


def _filled(text: str, values: Mapping[str, SaidValue], key: str, shown: str, spoken: bool) -> str:
    def value(match: Any) -> str:
        name = match.group(1)
        if name not in values:
            known = ", ".join(sorted(values)) or "none"
            raise ContentError(
                f"{shown}: {key} names {{{name}}}, which is no value of the scene; "
                f"its values: {known}.",
                path=shown,
                key=key,
                value=text,
            )
        said = values[name]
        return said.spoken if spoken else said.written

    return PLACEHOLDER.sub(value, text)


def fill_beat(
    beat: Beat,
    values: Mapping[str, SaidValue],
    key: str,
    shown: str,
    steps: Sequence[Mapping[str, SaidValue]] = (),
    stepped: Steps | None = None,
) -> Beat:
    """A beat with its {names} filled: written in the caption, in words for the voice.

    A beat with `steps` (each step's own values) said as a list gets an opening part and
    one part per step, each step's part filled from its own values over the scene's; left
    out by the lecture, each step says the template's sentence (`stepped.narration`).
    """
    parts, spoken = list(beat.parts), list(beat.spoken_parts)
    if beat.listed:
        count = len(steps)
        if len(parts) not in (count, count + 1) or not count:
            each = stepped.each if stepped is not None else "step"
            wanted = (
                f"give {count}, one per {each}, or {count + 1} with an opening sentence first"
                if count
                else "it has no steps: write one text for the whole beat"
            )
            raise ContentError(
                f"{shown}: {key} lists {len(parts)} sentences for the beat's {count} "
                f"steps; {wanted}.",
                path=shown,
                key=key,
                value=list(beat.parts),
            )
        if len(parts) == count:
            parts, spoken = ["", *parts], ["", *spoken]
    elif beat.default and stepped is not None and steps:
        parts += [stepped.narration] * len(steps)
        spoken += [stepped.narration] * len(steps)
    scopes = [values] + [{**values, **step} for step in steps]
    filled = [
        _filled(part, scopes[min(i, len(scopes) - 1)], key + (f"[{i}]" if i else ""), shown, False)
        for i, part in enumerate(parts)
    ]
    said = [
        _filled(part, scopes[min(i, len(scopes) - 1)], key, shown, True)
        for i, part in enumerate(spoken)
    ]
    return dataclasses.replace(
        beat,
        narration=" ".join(p for p in filled if p),
        spoken=" ".join(p for p in said if p),
        parts=tuple(filled),
        spoken_parts=tuple(said),
    )


def needs_values(scene: SceneContent, steps_of: Any = None) -> bool:
    """Whether a scene's narration names plan values or is said step by step."""
    return any(
        PLACEHOLDER.search(" ".join(beat.parts))
        or beat.listed
        or (beat.default and steps_of is not None and steps_of(scene.template, beat.name))
        for beat in scene.beats
    )


def fill_scene(scene: SceneContent, plan: Any, shown: str, steps_of: Any = None) -> SceneContent:
    values = said_values(plan)
    beats = []
    for beat in scene.beats:
        stepped = steps_of(scene.template, beat.name) if steps_of is not None else None
        steps = [said_values(step) for step in step_values(plan, beat.name)]
        key = f"scenes.{scene.name}.narration.{beat.name}"
        beats.append(fill_beat(beat, values, key, shown, steps, stepped))
    return dataclasses.replace(scene, beats=tuple(beats))


def fill_lecture(lecture: Lecture, plan_of: Any, shown: str, steps_of: Any = None) -> Lecture:
    """The lecture with every scene's named values filled in and its step-by-step beats
    split into parts (scenes without either untouched; `plan_of(scene)` builds a plan,
    `steps_of(template, beat)` is the schema's Steps of a beat or None)."""
    if not any(needs_values(scene, steps_of) for scene in lecture.scenes):
        return lecture
    scenes = tuple(
        fill_scene(scene, plan_of(scene), shown, steps_of)
        if needs_values(scene, steps_of)
        else scene
        for scene in lecture.scenes
    )
    return dataclasses.replace(lecture, scenes=scenes)
