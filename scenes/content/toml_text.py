"""Values written as TOML text, for the lecture files the tool writes (a starter lecture,
a draft from notes): strings quoted, lists bracketed, inline tables, numbers as they are."""

from __future__ import annotations

import json
from typing import Any


def toml_value(value: Any, multiline: bool = False) -> str:
    """One value as TOML; `multiline` puts each item of a list on a line of its own."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if multiline and value:
            return "[\n" + "".join(f"    {toml_value(item)},\n" for item in value) + "]"
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    return repr(value)


def _key(key: str) -> str:
    """A bare key where TOML allows one, else a quoted one."""
    return (
        key
        if key.replace("_", "").replace("-", "").isalnum() and key.isascii()
        else json.dumps(key)
    )
