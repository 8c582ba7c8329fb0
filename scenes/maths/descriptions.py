"""What each beat and step puts on screen, in words, and which steps the narration leaves unsaid.

A screen-reader user hears the narration but does not see the table row, the point or the
formula a step draws (WCAG 2.1 1.2.3 and 1.2.5). The plan knows each step's values (the
ones a sentence may name, `step_values`): they are what the step writes on screen, so the
text description of a step is those values in words, numbers as the screen writes them
and formulas as the voice says them. The description track carries them all; where the
narration already says a step's numbers, nothing is lost without it.

A step showing numbers of which the narration says nothing (a table row shown in silence)
is a gap `lecture check --accessibility` reports under 1.2.5. Said means: in the sentence
said over the step (its own sentence when the beat is said step by step, the beat's text
otherwise), one of its numbers is written as `said_numbers` matches them ("0.33" for 1/3)
or said in the voice's words, or one of its formulas is written or said ("the linear rule,
applied to -x" says the step that turns -x into -1). A step showing only formulas or
statements is not checked: a derivation's line is explained, not read out; the description
track carries its spoken form. Nothing here imports manim.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from scenes.content.loader import Beat, SceneContent
from scenes.maths.narration_values import said_values, step_values
from scenes.maths.said_numbers import WRITTEN_NUMBER, matches_written, numbers_in

_NUMERIC = re.compile(r"^[\s()\[\],\-−\d./]*\d[\s()\[\],\-−\d./]*$")  # 2, -0.5, (1, 2), 1/3
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# whole numbers that place a step, not values it shows (a link's position in a chain)
_PLACES = frozenset({"position", "index", "paths"})


@dataclass(frozen=True)
class ShownValue:
    """One value a step writes on screen: its name, as written, as described, and whether
    it is a number (or point, or list of numbers) or a formula."""

    name: str
    written: str
    spoken: str
    described: str
    numeric: bool
    formula: bool = False


@dataclass(frozen=True)
class StepShown:
    """One step of a beat said step by step: what it shows and which numbers are said."""

    index: int  # 1-based
    count: int
    values: tuple[ShownValue, ...]
    said: tuple[str, ...]  # names of the numbers and formulas the narration says

    @property
    def numbers(self) -> tuple[ShownValue, ...]:
        return tuple(value for value in self.values if value.numeric)

    @property
    def unsaid(self) -> bool:
        """It shows numbers and the narration says none of them."""
        return bool(self.numbers) and not self.said

    def text(self, beat_words: str) -> str:
        shown = "; ".join(f"{words(v.name)} {v.described}" for v in self.values)
        return f"{beat_words}, step {self.index} of {self.count}: {shown}."


@dataclass(frozen=True)
class BeatShown:
    """A beat's description: its name in words and, for a beat said step by step, its steps."""

    name: str
    steps: tuple[StepShown, ...] = ()

    @property
    def words(self) -> str:
        return words(self.name)

    def texts(self) -> list[str]:
        """The beat's description, then one per step."""
        return [f"{self.words}.", *(step.text(self.words) for step in self.steps)]


@dataclass(frozen=True)
class UnsaidStep:
    """A step showing numbers the narration never says: a gap in the audio (WCAG 1.2.5)."""

    scene: str
    beat: str
    step: StepShown
    sentence_said: str  # what is said over it ("" when nothing)

    def sentence(self, shown: str) -> str:
        values = ", ".join(f"{v.name} = {v.written}" for v in self.step.numbers)
        said = f'"{self.sentence_said}"' if self.sentence_said else "nothing"
        return (
            f"{shown}: scenes.{self.scene}.narration.{self.beat} step {self.step.index} of "
            f"{self.step.count} shows {values} and the narration says none of them (it says "
            f"{said}); say them, e.g. with {{{self.step.numbers[0].name}}} in that step's "
            "sentence."
        )


def words(name: str, capital: bool = True) -> str:
    """A beat or value name as words: "TabulateTheSecants" -> "Tabulate the secants" (with
    `capital=False`, "tabulate the secants"), "next_point" -> "next point"; acronyms stay."""
    spaced = _CAMEL.sub(" ", name.replace("_", " ")).strip()
    if not spaced:
        return name
    lowered = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in spaced.split())
    if capital and name[:1].isupper():
        return lowered[0].upper() + lowered[1:]
    return lowered


def _fields(step: Any) -> dict[str, Any]:
    if isinstance(step, Mapping):
        return dict(step)
    if dataclasses.is_dataclass(step) and not isinstance(step, type):
        return {f.name: getattr(step, f.name) for f in dataclasses.fields(step)}
    return {}


def _is_formula(value: Any) -> bool:
    return isinstance(value, sympy.Expr) and bool(value.free_symbols)


def shown_values(step: Any, unshown: frozenset[str] = frozenset()) -> tuple[ShownValue, ...]:
    """A step's values as the screen writes them and in words (formulas spoken); `unshown`
    names values only sentences use (a plan's UNSHOWN_STEP_VALUES)."""
    raw = _fields(step)
    shown = []
    for name, said in said_values(step).items():
        value = raw.get(name)
        if name in unshown or (name in _PLACES and isinstance(value, int)):
            continue
        formula = _is_formula(value)
        numeric = not formula and bool(_NUMERIC.match(said.written))
        described = said.spoken if formula else said.written
        shown.append(ShownValue(name, said.written, said.spoken, described, numeric, formula))
    return tuple(shown)


def _said_over(beat: Beat, index: int, count: int) -> tuple[str, str]:
    """What the narration says while step `index` (0-based) is on screen, as captioned and
    as spoken: the step's own sentence when the beat is said step by step, else the beat's."""
    if len(beat.parts) == count + 1 and len(beat.spoken_parts) == count + 1:
        return beat.parts[index + 1], beat.spoken_parts[index + 1]
    return beat.narration, beat.spoken


def _is_said(value: ShownValue, sentence: tuple[str, str]) -> bool:
    """A number written in the caption ("0.25" for 1/4), a formula as the caption writes it,
    or either in the voice's words."""
    written, spoken = sentence
    if value.formula and value.written in written:
        return True
    if value.numeric:
        typed = [match.group() for match in WRITTEN_NUMBER.finditer(written)]
        numbers = list(numbers_in(value.written))
        if any(matches_written(w, n) for w in typed for n in numbers):
            return True
    return (
        bool(value.spoken)
        and re.search(rf"(?<![\w-]){re.escape(value.spoken)}(?![\w-])", spoken, re.IGNORECASE)
        is not None
    )


def describe_scene(scene: SceneContent, plan: Any) -> tuple[BeatShown, ...]:
    """Every beat of a scene (its narration filled in) with what its steps show."""
    unshown = frozenset(getattr(plan, "UNSHOWN_STEP_VALUES", frozenset()))
    beats = []
    for beat in scene.beats:
        steps = step_values(plan, beat.name)
        shown = []
        for index, step in enumerate(steps):
            values = shown_values(step, unshown)
            sentence = _said_over(beat, index, len(steps))
            said = tuple(
                v.name for v in values if (v.numeric or v.formula) and _is_said(v, sentence)
            )
            shown.append(StepShown(index + 1, len(steps), values, said))
        beats.append(BeatShown(beat.name, tuple(shown)))
    return tuple(beats)


def unsaid_steps(scene: SceneContent, plan: Any) -> list[UnsaidStep]:
    """Each step of the scene that shows numbers the narration says none of."""
    by_name = {beat.name: beat for beat in scene.beats}
    found = []
    for described in describe_scene(scene, plan):
        beat = by_name[described.name]
        for step in described.steps:
            if step.unsaid:
                said, _ = _said_over(beat, step.index - 1, step.count)
                found.append(UnsaidStep(scene.name, beat.name, step, said))
    return found
