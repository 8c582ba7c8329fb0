"""The notes' paragraphs as narration parts: sentences that lead into what follows them."""

from __future__ import annotations

from scenes.notes import speech


def lead_in(text: str) -> list[str]:
    """A paragraph's sentences; one the notes end at a display ("For a function like")
    ends with a colon, so the equation is said after it, and one continuing after a
    display ("we know the slope is 2") starts with a capital."""
    said = list(speech.sentences(text))
    if not said:
        return said
    if not text.rstrip().endswith((".", "!", "?", ":", ".)", '."')):
        said[-1] = said[-1].rstrip(".") + ":"
    return [sentence[:1].upper() + sentence[1:] for sentence in said]


def joined(first: str, second: str) -> str:
    """Two narration texts, either of which may be empty, as one."""
    return " ".join(part for part in (first, second) if part)
