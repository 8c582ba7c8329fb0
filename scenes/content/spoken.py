"""Narration is read aloud: text a voice would read badly is refused, and a lecture's
pronunciation table turns written forms into spoken ones.

A caption can show "x²" or "dy/dx"; a voice says "x two" or "d y slash d x", or nothing.
So each beat's text, after the lecture's `[pronunciation]` replacements, must be plain
words: no TeX, no markup, no superscripts, no symbols between terms. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# characters the voice skips, spells out or misreads (checked against Piper's phonemes:
# "*" is "asterisk", "x^2" and "x²" are "x two", "/" is "slash", "∂" is "delta", "·" and
# "∇" are dropped); "=", "+", "×", "÷", "±", "≤", "≥", "≠", "≈", "√", "∞" and "π" are
# read as words and are allowed
_SYMBOLS: dict[str, str] = {
    "\\": "TeX commands",
    "$": "TeX math",
    "^": "a power",
    "_": "a subscript",
    "{": "a brace",
    "}": "a brace",
    "<": "markup",
    ">": "markup",
    "*": "a product or emphasis",
    "#": "markup",
    "`": "markup",
    "|": "a bar",
    "~": "a tilde",
    "∂": "a partial derivative",
    "∇": "a gradient",
    "∑": "a sum",
    "∫": "an integral",
    "→": "an arrow",
    "·": "a product",
    "′": "a prime",
    "″": "a prime",
}
_SCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"
_SLASH_BETWEEN_TERMS = re.compile(r"[\w)]\s*/\s*[\w(]")


@dataclass(frozen=True)
class Unspeakable:
    """The first part of a text a voice would read badly, and why."""

    part: str
    what: str

    def sentence(self) -> str:
        return (
            f'has "{self.part}" ({self.what}), which a voice reads badly; write it in words '
            '(for example "x squared", "d y by d x"), or add it to [pronunciation]'
        )


def unspeakable_part(text: str) -> Unspeakable | None:
    """The first word of `text` holding TeX, markup, a script digit or a symbol; None if clean."""
    for word in text.split():
        for character in word:
            if character in _SCRIPTS:
                return Unspeakable(word, "a superscript or subscript")
            if character in _SYMBOLS:
                return Unspeakable(word, _SYMBOLS[character])
    match = _SLASH_BETWEEN_TERMS.search(text)
    if match is not None:
        return Unspeakable(_word_around(text, match.start(), match.end()), "a slash between terms")
    return None


def apply_pronunciation(text: str, table: Mapping[str, str]) -> str:
    """`text` with each written form replaced by its spoken form: whole words, longest first,
    in one pass (a spoken form is never replaced again)."""
    if not table:
        return text
    forms = "|".join(re.escape(written) for written in sorted(table, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{forms})(?!\w)")
    return pattern.sub(lambda match: table[match.group(0)], text)


def _word_around(text: str, start: int, end: int) -> str:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]
