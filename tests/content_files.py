"""Lecture files written from Python values, for tests that try many contents."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scenes.plans import template


def toml_value(value: Any) -> str:
    """A TOML literal for a str, bool, int, float, or a list or table of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)  # JSON's escapes are TOML basic-string escapes
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):  # an inline table, keys quoted as TOML basic strings
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML literal for {value!r}")


def scene_table(scene_id: str, template_name: str, params: Mapping[str, Any]) -> str:
    """One [scenes.<Id>] table with the template's example narration."""
    schema = template(template_name).schema
    lines = [f"[scenes.{json.dumps(scene_id)}]", f"template = {toml_value(template_name)}"]
    lines += [f"{json.dumps(name)} = {toml_value(value)}" for name, value in params.items()]
    lines += ["", f"[scenes.{json.dumps(scene_id)}.narration]"]
    lines += [
        f"{beat} = {toml_value(sentence)}"
        for beat, sentence in zip(schema.beats, schema.example_narration, strict=True)
    ]
    return "\n".join(lines) + "\n"


def write_lecture(
    path: Path, scene_id: str, template_name: str, params: Mapping[str, Any], title: str = "T"
) -> Path:
    """A lecture of one scene."""
    head = f"[lecture]\ntitle = {toml_value(title)}\nscenes = [{json.dumps(scene_id)}]\n\n"
    path.write_text(head + scene_table(scene_id, template_name, params), encoding="utf-8")
    return path


def one_scene_of(lecture: Path, scene: str, folder: Path) -> Path:
    """A copy of `lecture` in `folder` whose scene list names only `scene` (one scene of a
    stress lecture, drawn alone)."""
    text = lecture.read_text(encoding="utf-8")
    start = text.index("scenes = [")
    path = folder / lecture.name
    end = text.index("]", start) + 1
    path.write_text(text[:start] + f"scenes = [{json.dumps(scene)}]" + text[end:], encoding="utf-8")
    return path


def plan_refusal(folder: Path, template_name: str, params: Mapping[str, Any], param: str) -> str:
    """The one sentence with which planning a one-scene lecture of `template_name` refuses
    `params`; it must name the file and `scenes.Scene.<param>`."""
    import pytest

    from scenes.content.loader import ContentError
    from scenes.plans import build_plan, load_lecture

    path = write_lecture(folder / "lecture.toml", "Scene", template_name, params)
    with pytest.raises(ContentError) as refused:
        build_plan(load_lecture(path), "Scene")
    message = str(refused.value)
    assert message.startswith(f"{path}: scenes.Scene.{param} ")
    assert refused.value.key == f"scenes.Scene.{param}"
    assert len(message.splitlines()) == 1 and message.endswith(".")
    return message


def with_entry(text: str, key: str, value: str | None) -> str:
    """A lecture file's text with every `key = ...` line (a string, or a list over several
    lines) set to the TOML `value`, or left out where `value` is None."""
    import re

    entry = re.compile(rf'^{re.escape(key)} = (\[.*?^\]|".*?")[ \t]*\n', re.MULTILINE | re.DOTALL)
    assert entry.search(text), f"no {key} = ... in the lecture"
    return entry.sub("" if value is None else f"{key} = {value}\n", text)
