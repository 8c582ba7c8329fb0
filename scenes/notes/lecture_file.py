"""A draft made into a lecture file that plans as written, with the notes' mapping as comments.

Each drafted scene is planned before it is written: its steps are counted (so the notes'
sentences go one per step, the template's own sentence where the notes have none), a
number its narration types that is none of its values is written in words (the notes'
"the slope is 2" is the lecturer's prose, not a value the check could vouch for), and a
scene its template refuses is left out, with the refusal reported and kept as a comment.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenes.content.loader import ContentError
from scenes.content.toml_text import toml_value
from scenes.notes import speech
from scenes.notes.drafting import Draft, DraftScene

# the beat whose steps take the notes' lead-in sentences, one per step
STEPPED_BEAT = {
    "Statement": "ShowTheItems",
    "EquationChain": "WriteTheChain",
    "Derivation": "RewriteInTermsOfTheFunction",
    "SecantConvergence": "TabulateTheSecants",
    "Table": "FillTheRows",
}
SENTENCE_END = (".", "!", "?")
WORDING_PASSES = 3  # plans after writing stray numbers in words; one is usually enough


@dataclass(frozen=True)
class Written:
    """The lecture file's text and the report, one line per section and per element left."""

    text: str
    report: tuple[str, ...]
    scenes: int


def written_lecture(draft: Draft) -> Written:
    report = list(draft.report)
    kept: list[DraftScene] = []
    for scene in draft.scenes:
        problem = _settle(scene)
        if problem is None:
            kept.append(scene)
            continue
        report.append(f"  {scene.name} ({scene.template}) left out: {problem}")
        draft.comments.setdefault(scene.name, []).append(
            f"a {scene.template} was drafted here and refused: {problem}"
        )
    return Written(_text(draft, kept), tuple(report), len(kept))


def _settle(scene: DraftScene) -> str | None:
    """Plan the scene, spread its sentences over its steps, and word the stray numbers."""
    from scenes.maths.said_numbers import unsupported_numbers
    from scenes.plans import build_plan, template

    _drop_empty(scene)
    try:
        lecture = _loaded([scene])
        plan = build_plan(lecture, scene.name)
    except ContentError as error:
        return _problem(error)
    except (ArithmeticError, TypeError, ValueError, AttributeError, RecursionError) as error:
        return f"its template could not plan it ({type(error).__name__}: {error})"
    schema = template(scene.template).schema
    for beat, example in zip(schema.beats, schema.example_narration, strict=True):
        text = scene.narration.get(beat)
        if isinstance(text, str) and text.endswith(":"):  # "Simplifying, we get:" + what
            scene.narration[beat] = f"{text} {example}"
    for stepped in schema.steps:
        beat = stepped.beat
        count = len(plan.step_values(beat))
        if not count:
            continue
        parts = scene.parts if STEPPED_BEAT.get(scene.template) == beat else []
        opening = scene.narration.get(beat, "")
        if not parts and not opening:
            continue
        scene.narration[beat] = _per_step(opening, parts, count, stepped.narration)
    for _ in range(WORDING_PASSES):
        try:
            lecture = _loaded([scene])
            found = unsupported_numbers(lecture.scene(scene.name), build_plan(lecture, scene.name))
        except ContentError as error:
            return _problem(error)
        if not found:
            return None
        for finding in found:
            scene.narration[finding.beat] = _worded(scene.narration[finding.beat], finding.number)
    return "its narration types numbers that are none of its values"


def _per_step(opening: str, parts: list[str], count: int, step_sentence: str) -> list[str]:
    entries = []
    for index in range(count):
        lead = parts[index] if index < len(parts) else ""
        ends = lead.rstrip().endswith(SENTENCE_END)
        entries.append(lead if lead and ends else " ".join(p for p in (lead, step_sentence) if p))
    for extra in parts[count:]:
        entries[-1] = " ".join(p for p in (entries[-1], extra) if p)
    return [opening, *entries] if opening else entries


def _worded(text: Any, number: str) -> Any:
    if isinstance(text, list):
        return [speech.in_words(part, [number]) for part in text]
    return speech.in_words(text, [number])


def _drop_empty(scene: DraftScene) -> None:
    for beat in [b for b, text in scene.narration.items() if not text]:
        del scene.narration[beat]


def _problem(error: ContentError) -> str:
    text = str(error)
    return text.split(": ", 1)[1] if ": " in text else text


def _loaded(scenes: list[DraftScene]) -> Any:
    from scenes.plans import load_lecture

    with tempfile.TemporaryDirectory(prefix="lecture-draft-") as folder:
        path = Path(folder) / "draft.toml"
        path.write_text(_lecture_text("Draft", scenes, {}), encoding="utf-8")
        return load_lecture(path)


def _text(draft: Draft, scenes: list[DraftScene]) -> str:
    return _lecture_text(draft.title, scenes, draft.comments)


def _lecture_text(title: str, scenes: list[DraftScene], comments: dict[str, list[str]]) -> str:
    lines = [
        "# Drafted from notes by `lecture new --from`: each scene says which part of the notes",
        "# it shows; what could not be mapped is a comment where it would go.",
        "",
        "[lecture]",
        f"title = {_value(title)}",
        "scenes = [",
        *(f"    {_value(scene.name)}," for scene in scenes),
        "]",
    ]
    for scene in scenes:
        lines.append("")
        lines.extend(f"# {comment}" for comment in comments.get(scene.name, []))
        lines.extend(f"# {source}" for source in scene.source)
        lines.append(f"[scenes.{scene.name}]")
        lines.append(f"template = {_value(scene.template)}")
        lines.extend(f"{key} = {_value(value)}" for key, value in scene.params.items())
        if scene.narration:
            lines.append("")
            lines.append(f"[scenes.{scene.name}.narration]")
            for beat, text in scene.narration.items():
                lines.append(f"{beat} = {_value(text, multiline=True)}")
    if comments.get(""):
        lines.append("")
        lines.extend(f"# {comment}" for comment in comments[""])
    return "\n".join(lines) + "\n"


def _value(value: Any, multiline: bool = False) -> str:
    """A parameter or narration as TOML; a list of tables, or of sentences, one per line."""
    listed = isinstance(value, list) and (multiline or any(isinstance(v, dict) for v in value))
    return toml_value(value, multiline=listed)
