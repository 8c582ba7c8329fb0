"""What a voice gives back for one beat: audio samples and where each sentence lies in them.

A voice is anything with a name, its settings and `speak(text) -> Speech`: Piper, another
engine, or a lecturer's recordings. Captions follow the sentence times, the scene waits
for the duration. numpy only, no manim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence as written (for the captions), and when it is said, in seconds."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Speech:
    """Mono float32 samples in [-1, 1] at `rate` Hz, and the sentences they say."""

    samples: np.ndarray
    rate: int
    sentences: tuple[Sentence, ...]

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


class Voice(Protocol):
    """Text in, speech out; `name` and `settings` go into the audio cache's key."""

    name: str
    settings: str

    def speak(self, sentences: list[str]) -> list[np.ndarray]:
        """One mono float32 array per sentence, all at `rate`."""
        ...

    @property
    def rate(self) -> int: ...


def split_sentences(text: str) -> list[str]:
    """A beat's narration as sentences, each ending at ., ! or ? (or the end of the text)."""
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


def proportional_sentences(sentences: list[str], seconds: float) -> tuple[Sentence, ...]:
    """Sentence times spread over `seconds` by length: for recordings and silent renders."""
    total = sum(len(sentence) for sentence in sentences)
    timed, start = [], 0.0
    for sentence in sentences:
        end = start + (seconds * len(sentence) / total if total else 0.0)
        timed.append(Sentence(sentence, round(start, 3), round(end, 3)))
        start = end
    return tuple(timed)
