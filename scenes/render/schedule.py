"""The order render jobs start in: the longest first, so no long job starts last.

With more jobs than workers, a long scene started last runs alone at the end while the
other cores idle. Starting the longest first (LPT scheduling) keeps every worker busy
until near the end. A job's length is what its last render took, from the manifest; where
some job has never been rendered, all are estimated from their narration instead (the
scenes hold each beat until it can be read), 3D scenes counting double.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from scenes.content.reading import READING_WORDS_PER_SECOND
from scenes.render.cache import Manifest

THREE_D_COST = 2.0  # frame for frame, a 3D scene renders about twice as long (bench/)

Job = TypeVar("Job")


def narration_seconds(content: Path, scene: str) -> float:
    """How long the scene's narration takes to read; 0 where the file can't say."""
    try:
        with content.open("rb") as file:
            narration = tomllib.load(file)["scenes"][scene]["narration"]
        words = sum(len(str(text).split()) for text in narration.values())
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError):
        return 0.0
    return words / READING_WORDS_PER_SECOND


def estimated_cost(scene: str, content: Path, three_d: bool = False) -> float:
    factor = THREE_D_COST if three_d else 1.0
    return factor * narration_seconds(content, scene)


def longest_first(
    jobs: Sequence[Job],
    *,
    recorded: Callable[[Job], float | None],
    estimated: Callable[[Job], float],
) -> list[Job]:
    """The jobs, longest first: by recorded seconds if every job has them, else by estimate.

    Equal ones keep their order.
    """
    seconds = [recorded(job) for job in jobs]
    if all(value is not None for value in seconds):
        costs = [float(value or 0.0) for value in seconds]
    else:
        costs = [estimated(job) for job in jobs]
    order = sorted(range(len(jobs)), key=lambda index: -costs[index])
    return [jobs[index] for index in order]


def recorded_seconds(manifest: Manifest, output_name: str) -> float | None:
    """What the last render of this clip took, if the manifest remembers it."""
    entry = manifest.entry(output_name)
    return entry.seconds if entry is not None else None
