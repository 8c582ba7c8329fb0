"""Narration is read aloud: text a voice would read badly is refused, and a lecture's
pronunciation table turns written forms into spoken ones.

A caption can show "x²" or "dy/dx"; a voice says "x two" or "d y slash d x", or nothing.
So each beat's text, after the lecture's `[pronunciation]` replacements, must be plain
words: no TeX, no markup, no superscripts, no symbols between terms. The voice is English
(Piper en_US): it said "Chinese letter" for each Chinese character and read French with
English sounds, so letters outside the Latin script, and sentences that are plainly in
another language, are refused too. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

VOICE_LANGUAGE = "English"

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
MAX_PART_SHOWN = 40  # characters of the word a refusal quotes: a sentence, not a page
_SCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"
_SLASH_BETWEEN_TERMS = re.compile(r"[\w)]\s*/\s*[\w(]")


@dataclass(frozen=True)
class Unspeakable:
    """The first part of a text a voice would read badly, and why."""

    part: str
    what: str

    def sentence(self) -> str:
        part = self.part if len(self.part) <= MAX_PART_SHOWN else self.part[:MAX_PART_SHOWN] + "..."
        return (
            f'has "{part}" ({self.what}), which a voice reads badly; write it in words '
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


# ---------------------------------------------------------------- the voice's language

# A beat shorter than this says too little to tell its language from its function words.
MIN_WORDS_FOR_LANGUAGE = 8
# A beat is taken for another language when at least this many of its words, and this
# share of them, are that language's function words, and they outnumber English ones
# FOREIGN_OVER_ENGLISH times: an English sentence quoting "la dérivée" or citing
# "et al." keeps its own "the", "of", "is".
MIN_FOREIGN_WORDS = 3
MIN_FOREIGN_SHARE = 0.2
FOREIGN_OVER_ENGLISH = 3

# Function words, each list without words that are also English ("a", "in", "on", "die",
# "pour", "as", "no") or that narration uses for math ("e", "y", "o"): only these decide.
_ENGLISH = frozenset(
    """the of and is are to it its that this these those we you for with at by be from or
    not so which what when where then than there here has have was were will can each every
    our how why if all but up down over into out like just one two an as on in""".split()
)
_FOREIGN: dict[str, frozenset[str]] = {
    "French": frozenset(
        """le la les de des du une en et est sont que qui dans avec ce cette nous vous il elle ils
        au aux ne pas mais leur sa ses très où été être sur c'est qu'il l'on d'un d'une""".split()
    ),
    "German": frozenset(
        """der das und ist nicht ein eine einen mit von zu den dem sich auf für es wir ich
        auch im wird werden sind oder wenn dass nach bei aus sie ihr""".split()
    ),
    "Spanish": frozenset(
        """el la los las de del es son que en un una por con para se su sus como pero más está
        este esta lo al muy""".split()
    ),
    "Italian": frozenset(
        """il lo la gli le di del della che è un una per con non sono nel alla questo questa
        anche come più dei delle""".split()
    ),
    "Portuguese": frozenset(
        """os um uma de do da dos das em que não para com por se é são mais como mas isso esta
        ao na no""".split()
    ),
}
_FOREIGN = {  # "no" is English: only the other lists decide
    language: words - _ENGLISH - {"no"} for language, words in _FOREIGN.items()
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Foreign:
    """Narration the English voice cannot say: a letter of another script, or a sentence
    in another language; `sentence()` completes "<key> = <value> ..."."""

    character: str = ""
    language: str = ""

    def sentence(self) -> str:
        if self.character:
            code = f"U+{ord(self.character):04X}"
            name = unicodedata.name(self.character, code).lower()
            return (
                f'has "{self.character}" ({name}), a letter outside the Latin script; the '
                f"voice speaks {VOICE_LANGUAGE}, so write the narration in {VOICE_LANGUAGE}"
            )
        return (
            f"reads as {self.language}, not {VOICE_LANGUAGE}; the voice speaks "
            f"{VOICE_LANGUAGE} and would read it with {VOICE_LANGUAGE} sounds, so write the "
            f"narration in {VOICE_LANGUAGE}"
        )


def foreign_part(text: str) -> Foreign | None:
    """The first letter outside the Latin script, or the language a beat is plainly
    written in when that is not English; None when the voice can say it."""
    for word in _WORD.finditer(text):
        greek = 0
        for character in word.group(0):
            script = _script(character)
            if script == "GREEK":  # a symbol such as π, η, Δx: read as its name
                greek += 1
                if greek == 1:
                    continue
            if script != "LATIN":
                return Foreign(character=character)
    language = guessed_language(text)
    return Foreign(language=language) if language else None


def guessed_language(text: str) -> str | None:
    """The language a text is plainly written in, when it is not English: from the share
    of common function words; None for English or when the text is too short to tell."""
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return None
    english = sum(word in _ENGLISH for word in words)
    counts = {
        language: sum(word in vocabulary for word in words)
        for language, vocabulary in _FOREIGN.items()
    }
    language, count = max(counts.items(), key=lambda item: item[1])
    plainly = count >= MIN_FOREIGN_WORDS and count >= MIN_FOREIGN_SHARE * len(words)
    return language if plainly and count > FOREIGN_OVER_ENGLISH * english else None


def _script(character: str) -> str:
    """The script a letter belongs to, from its Unicode name: LATIN, GREEK, CJK, ..."""
    name = unicodedata.name(character, "")
    if not name:
        return "UNKNOWN"
    if character.isascii():
        return "LATIN"
    first = name.split()[0]
    # ª º and the like are Latin letters without LATIN in their names
    return "LATIN" if first in ("FEMININE", "MASCULINE") else first
