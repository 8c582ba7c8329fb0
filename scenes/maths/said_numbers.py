"""Numbers typed into the narration that the plan does not hold: what `lecture check` reports.

A sentence that names a value ("the slope is {slope}") always says the plan's number. One
that types it ("the slope is 2") says the truth only until the function changes. Every
number written in digits in a beat's narration must be one of its scene's values: a plan
field, a row or step of it, a parameter, or a number inside an expression or label
(rounded as written: "0.33" is 1/3). Numbers said in words ("two points") are counts of
things, not values, and are not checked. Nothing here imports manim.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import sympy

from scenes.content.loader import SceneContent
from scenes.maths.narration_values import said_values, step_values

# a number in digits, not part of a word or name ("x0", "2x" are not read as numbers)
WRITTEN_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:/\d+)?(?![\w/]|\.\d)")
MAX_LISTED = 8  # values named in one finding
MAX_SAID_LIST = 12  # a longer list (a schedule of frames, samples) is no value anyone says


@dataclass(frozen=True)
class UnsupportedNumber:
    """A number a beat's narration types that none of its scene's values is."""

    scene: str
    beat: str
    number: str
    values: tuple[str, ...]  # the scene's values, "name = written", for the sentence

    def sentence(self, shown: str) -> str:
        listed = "; ".join(self.values[:MAX_LISTED])
        more = "; ..." if len(self.values) > MAX_LISTED else ""
        values = f"its values: {listed}{more}" if listed else "it has no numeric values"
        return (
            f"{shown}: scenes.{self.scene}.narration.{self.beat} says {self.number}, which is "
            f"none of the scene's values ({values}); name the value in braces or correct it."
        )


def numbers_in(value: Any, depth: int = 0) -> Iterator[Fraction]:
    """Every number a value holds: itself, its items and fields, the numbers in its text."""
    if depth > 6 or isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float):
        if value == value and abs(value) != float("inf"):
            yield (
                Fraction(value).limit_denominator(10**9)
                if isinstance(value, float)
                else (Fraction(value))
            )
    elif isinstance(value, sympy.Basic):
        for atom in value.atoms(sympy.Number):
            if atom.is_finite:
                yield Fraction(str(atom)) if atom.is_Rational else Fraction(float(atom))
        if value.is_number and value.is_finite and not value.is_Number:
            yield Fraction(float(value)).limit_denominator(10**9)
    elif isinstance(value, str):
        for match in WRITTEN_NUMBER.finditer(value.replace("{", " ").replace("}", " ")):
            yield _as_fraction(match.group())
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from numbers_in(item, depth + 1)
    elif isinstance(value, tuple | list):
        if len(value) > MAX_SAID_LIST:
            return
        for item in value:
            yield from numbers_in(item, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from numbers_in(getattr(value, field.name), depth + 1)


def _as_fraction(text: str) -> Fraction:
    if "/" in text:  # 3/4, or a decimal over a whole number as a formula writes 0.05/12
        top, bottom = (Fraction(Decimal(part)) for part in text.split("/"))
        return top / bottom if bottom else top
    return Fraction(Decimal(text))


def _places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text and "/" not in text else 0


def matches_written(written: str, value: Fraction) -> bool:
    """Whether `written` is `value` as a person writes it: a whole number or fraction exactly,
    a decimal rounded to its places ("0.33" for 1/3, "0.4243" for 0.424264)."""
    number = _as_fraction(written)
    if "/" in written or "." not in written:
        return number == value
    half = Fraction(1, 2 * 10 ** _places(written))
    return abs(number - value) <= half


def scene_numbers(scene: SceneContent, plan: Any) -> list[Fraction]:
    """Every number the scene may say: its plan's, its steps', its parameters'."""
    numbers = list(numbers_in(plan)) + list(numbers_in(dict(scene.params)))
    for beat in scene.beats:
        numbers += list(numbers_in(step_values(plan, beat.name)))
    return numbers


def unsupported_numbers(scene: SceneContent, plan: Any) -> list[UnsupportedNumber]:
    """Each number typed in the scene's narration that is none of its values, once per beat."""
    numbers = scene_numbers(scene, plan)
    named = tuple(
        f"{name} = {said.written}"
        for name, said in said_values(plan).items()
        if any(c.isdigit() for c in said.written)
    )
    found = []
    for beat in scene.beats:
        seen: set[str] = set()
        for match in WRITTEN_NUMBER.finditer(beat.narration):
            written = match.group()
            if written in seen:
                continue
            seen.add(written)
            if not any(matches_written(written, value) for value in numbers):
                found.append(UnsupportedNumber(scene.name, beat.name, written, named))
    return found
