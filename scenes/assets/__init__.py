"""Files the tool ships for starter lectures: `lecture new` copies the ones a chosen
template's defaults name (such as Picture's diagram.svg) beside the new lecture file."""

from __future__ import annotations

from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent


def asset(name: str) -> Path | None:
    """The shipped file of that name, or None: a default that names no shipped file."""
    found = ASSETS_DIR / name
    return found if found.is_file() and found.parent == ASSETS_DIR else None
