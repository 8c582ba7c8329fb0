"""Captions as people read them: cues of at most 2 lines of at most 42 characters.

Common captioning practice (the BBC, Netflix and DCMP guidelines agree) keeps a cue to two
lines of about 42 characters, shown for 1 to 7 seconds, broken where the sentence breaks:
after a comma or a colon, before "and" or "which", never between "the" and its noun. A
spoken sentence becomes as many cues as it needs; each cue is shown for the share of the
sentence's spoken time that its characters take, so the words on screen follow the voice.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence

from scenes.outputs.captions import Cue

MAX_LINE = 42
MAX_LINES = 2
MIN_CUE_SECONDS = 1.0
MAX_CUE_SECONDS = 7.0

# Break after these marks (strongest first), before these words, never after those.
_AFTER_MARKS = {".": 0.0, "?": 0.0, "!": 0.0, ";": 1.0, ":": 1.0, ",": 2.0, ")": 3.0}
_BEFORE_WORDS = frozenset(
    "and or but so then which that where when while because if as until unless "
    "to with from into for by is are was were has have gives can will".split()
)
_NEVER_AFTER = frozenset("a an the of to in on at by for with from its their this these".split())
_MARK_WEIGHT = 4.0  # characters of imbalance a better break is worth, per rank
_WORD_BREAK = 12.0  # a break before a joining word
_PLAIN_BREAK = 16.0  # a break between two other words
_BAD_BREAK = 60.0  # a break after an article or a preposition
_INSIDE_BRACKETS = 120.0  # a break between a bracket and its closing one


def _break_cost(words: Sequence[str], at: int) -> float:
    """What breaking between words[at - 1] and words[at] costs (lower is better)."""
    before = words[at - 1]
    after = words[at].lower().strip("\"'(")
    mark = before[-1] if before else ""
    opened = sum(word.count("(") - word.count(")") for word in words[:at])
    if opened > 0:  # inside a point or a bracket: "(2," and "0)" are read as one
        return _INSIDE_BRACKETS
    if mark in _AFTER_MARKS:
        return _MARK_WEIGHT * _AFTER_MARKS[mark]
    if before.lower() in _NEVER_AFTER:
        return _BAD_BREAK
    if after in _BEFORE_WORDS:
        return _WORD_BREAK
    return _PLAIN_BREAK


def _length(words: Sequence[str]) -> int:
    return len(" ".join(words))


def _best_split(words: Sequence[str], fits: int) -> int:
    """Where to cut `words` in two: both halves within `fits` characters if possible, at the
    best phrase boundary, balanced."""
    best_at, best_score = 1, float("inf")
    for at in range(1, len(words)):
        left, right = _length(words[:at]), _length(words[at:])
        over = max(left - fits, 0) + max(right - fits, 0)
        score = 1000.0 * over + _break_cost(words, at) + abs(left - right) / 2
        if score < best_score:
            best_at, best_score = at, score
    return best_at


def _lines(words: Sequence[str]) -> list[str]:
    """One cue's words on one line, or two balanced lines broken at a phrase boundary."""
    if _length(words) <= MAX_LINE or len(words) < 2:
        return [" ".join(words)]
    at = _best_split(words, MAX_LINE)
    return [" ".join(words[:at]), " ".join(words[at:])]


def pages(text: str) -> list[str]:
    """A sentence cut into cue texts, each at most 2 lines of at most 42 characters.

    A single word longer than a line (a long formula name) stays whole on its own line.
    """
    words = text.split()
    if not words:
        return []
    chunks: list[list[str]] = [words]
    done: list[list[str]] = []
    while chunks:
        chunk = chunks.pop(0)
        lines = _lines(chunk)
        if len(chunk) == 1 or (
            len(lines) <= MAX_LINES and all(len(line) <= MAX_LINE for line in lines)
        ):
            done.append(chunk)
            continue
        at = _best_split(chunk, MAX_LINE * MAX_LINES)
        chunks[0:0] = [chunk[:at], chunk[at:]]
    return ["\n".join(_lines(chunk)) for chunk in done]


def sentence_cues(text: str, start: float, end: float) -> list[Cue]:
    """The cues of one spoken sentence, its time shared out by characters.

    A cue would be shorter than a second only where the sentence is spoken faster than its
    pages can be read; those pages are joined back (up to the 2-line limit) first.
    """
    texts = pages(text)
    if not texts:
        return []
    seconds = max(end - start, 0.0)
    texts = _join_short(texts, seconds)
    total = sum(len(t) for t in texts)
    cues: list[Cue] = []
    at = start
    for number, page in enumerate(texts):
        share = seconds * len(page) / total if total else seconds
        stop = end if number == len(texts) - 1 else at + share
        lines = page.split("\n")
        if stop - at > MAX_CUE_SECONDS and len(lines) > 1:  # said slowly: a line at a time
            middle = at + (stop - at) * len(lines[0]) / (len(lines[0]) + len(lines[1]))
            cues += [Cue(round(at, 3), round(middle, 3), lines[0])]
            cues += [Cue(round(middle, 3), round(stop, 3), lines[1])]
        else:
            cues.append(Cue(round(at, 3), round(stop, 3), page))
        at = stop
    return cues


def _join_short(texts: list[str], seconds: float) -> list[str]:
    """Join neighbouring pages whose share of the time is under a second, while they fit."""
    total = sum(len(t) for t in texts)
    joined = list(texts)
    changed = True
    while changed and len(joined) > 1:
        changed = False
        for i in range(len(joined) - 1):
            share = seconds * len(joined[i]) / total if total else 0.0
            if share >= MIN_CUE_SECONDS:
                continue
            merged = pages(" ".join((joined[i] + " " + joined[i + 1]).split()))
            if len(merged) == 1:
                joined[i : i + 2] = merged
                changed = True
                break
    return joined
