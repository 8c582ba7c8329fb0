"""How long a caption takes to read: the scenes hold each beat that long (no manim here)."""

from __future__ import annotations

READING_WORDS_PER_SECOND = 2.6


def reading_time(narration: str) -> float:
    """How long a viewer needs to read a beat's caption."""
    return len(narration.split()) / READING_WORDS_PER_SECOND
