"""The order render jobs start in: the longest first, so no long job starts last.

With more jobs than workers, a long scene started last runs alone at the end while the
other cores idle. Starting the longest first (LPT scheduling) keeps every worker busy
until near the end. A job's length is what its last render took, from the manifest; where
some job has never been rendered, all are estimated from their narration instead (the
scenes hold each beat until it can be read), 3D scenes counting double.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from scenes.render.cache import Manifest
from scenes.render.job import RenderJob

THREE_D_COST = 2.0  # frame for frame, a 3D scene renders about twice as long (bench/)

Job = TypeVar("Job")


def estimated_cost(job: RenderJob) -> float:
    """A job's length before it was ever rendered: its narration's reading time, 3D double."""
    factor = THREE_D_COST if job.three_d else 1.0
    return factor * job.expected_seconds


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


def makespan(costs: Sequence[float], workers: int) -> float:
    """The wall time of running jobs of these lengths on `workers` alike workers, longest
    first, each to the worker free soonest (as the pool does): what a schedule projects."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    free = [0.0] * min(workers, max(len(costs), 1))
    for cost in sorted(costs, reverse=True):
        soonest = min(range(len(free)), key=free.__getitem__)
        free[soonest] += cost
    return max(free)


def cut_runs(lengths: Sequence[float], runs: int) -> list[range]:
    """Consecutive items (a scene's beats) in at most `runs` runs of about equal total
    length: each cut falls at the item boundary nearest an equal share, so one run never
    splits a beat. Returns the runs as index ranges, in order, covering every item."""
    count = len(lengths)
    runs = max(1, min(runs, count))
    total = float(sum(lengths))
    ends: list[float] = []
    running = 0.0
    for length in lengths:
        running += length
        ends.append(running)
    cuts = [0]
    for share in range(1, runs):
        goal = total * share / runs
        lowest = cuts[-1] + 1  # every run keeps at least one item
        highest = count - (runs - share)
        if lowest > highest:
            break
        best = min(range(lowest, highest + 1), key=lambda cut: abs(ends[cut - 1] - goal))
        cuts.append(best)
    cuts.append(count)
    return [range(start, end) for start, end in zip(cuts, cuts[1:], strict=False) if end > start]
