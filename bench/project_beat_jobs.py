"""Projection: the lecture's render wall time with scenes, beats or runs of beats as jobs.

    .venv/bin/python bench/project_beat_jobs.py --out output --quality hd --setup 2.5

Reads what a render of the whole lecture recorded (OUT/manifest.json: each scene's render
seconds; OUT/QUALITY/<Scene>.sections.json: each beat's length in the clip) and projects,
with the pool's own schedule (longest first, each job to the worker free soonest), the wall
time on 1, 2, 8 and 32 workers of

- scene jobs, as `lecture render` runs today;
- beat jobs: every beat its own job;
- runs: a scene longer than a worker's share of the whole (total / workers) cut into runs
  of beats of about equal length (schedule.cut_runs), as few as keep each run within that
  share; shorter scenes stay whole, so they pay no setup;

and the lower bound of each (the longest job, or the total over the workers). A beat
costs its share of its scene's render seconds by its share of the frames (a worker draws
and encodes at a steady rate: bench_render.py measured 42.3 vs 42.5 fps); a job that
does not start at the scene's first beat pays `--setup` more, the time to build the
scene's state at its first beat without drawing (the storyboard does it for
SecantConvergence at hd in 2.5 s), and the join of a scene's segments is a remux
(`--join`). It also projects re-rendering only the last beat of one scene after an edit.
A projection, not a measurement: it says what beat jobs could reach before they exist.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from scenes.render.schedule import cut_runs, makespan  # noqa: E402

WORKERS = (1, 2, 8, 32)


@dataclass(frozen=True)
class SceneCost:
    scene: str
    seconds: float  # the last render's wall time, one worker
    beats: tuple[float, ...]  # each beat's share of `seconds`


@dataclass(frozen=True)
class Projection:
    workers: int
    scenes: float
    beats: float
    runs: float
    scenes_bound: float
    beats_bound: float
    runs_bound: float


def scene_costs(out: Path, quality: str) -> list[SceneCost]:
    """Each rendered scene's seconds and its beats' shares, in the manifest's order."""
    renders = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["renders"]
    costs = []
    for name, entry in renders.items():
        if not name.startswith(f"{quality}/") or not name.endswith(".mp4"):
            continue
        sections_path = out / quality / f"{entry['scene']}.sections.json"
        if not sections_path.is_file():
            continue
        sections = json.loads(sections_path.read_text(encoding="utf-8"))
        lengths = [float(s["end"]) - float(s["start"]) for s in sections]
        total = sum(lengths) or 1.0
        seconds = float(entry["seconds"])
        costs.append(
            SceneCost(entry["scene"], seconds, tuple(seconds * x / total for x in lengths))
        )
    if not costs:
        raise SystemExit(
            f"{out} holds no {quality} render with sections; render the lecture first."
        )
    return costs


def beat_jobs(costs: list[SceneCost], setup: float, join: float) -> list[float]:
    return [
        beat + (setup if index else 0.0) + join
        for scene in costs
        for index, beat in enumerate(scene.beats)
    ]


def run_jobs(costs: list[SceneCost], workers: int, setup: float, join: float) -> list[float]:
    share = sum(scene.seconds for scene in costs) / workers
    jobs = []
    for scene in costs:
        count = max(1, math.ceil(scene.seconds / share)) if share > 0 else 1
        for run in cut_runs(scene.beats, count):
            cost = sum(scene.beats[i] for i in run)
            jobs.append(cost + (setup if run.start else 0.0) + (join if count > 1 else 0.0))
    return jobs


def bound(jobs: list[float], workers: int) -> float:
    return max(max(jobs, default=0.0), sum(jobs) / workers)


def project(costs: list[SceneCost], setup: float, join: float) -> list[Projection]:
    scenes = [scene.seconds for scene in costs]
    beats = beat_jobs(costs, setup, join)
    rows = []
    for workers in WORKERS:
        runs = run_jobs(costs, workers, setup, join)
        rows.append(
            Projection(
                workers,
                makespan(scenes, workers),
                makespan(beats, workers),
                makespan(runs, workers),
                bound(scenes, workers),
                bound(beats, workers),
                bound(runs, workers),
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "output")
    parser.add_argument("--quality", default="hd")
    parser.add_argument("--setup", type=float, default=2.5, help="seconds to build a beat's state")
    parser.add_argument("--join", type=float, default=0.3, help="seconds to remux a segment in")
    parser.add_argument(
        "--edit", default="SecantConvergence", help="the scene whose last beat changes"
    )
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    costs = scene_costs(args.out, args.quality)
    rows = project(costs, args.setup, args.join)
    total = sum(scene.seconds for scene in costs)
    print(
        f"{len(costs)} scenes, {sum(len(s.beats) for s in costs)} beats, {total:.1f} s of "
        f"rendering at {args.quality} (setup {args.setup} s, join {args.join} s per job)"
    )
    print(f"{'workers':>7}  {'scenes':>14}  {'beats':>14}  {'runs':>14}   (projected / bound, s)")
    for row in rows:
        cells = [
            f"{projected:>6.1f} / {lower:<5.1f}"
            for projected, lower in (
                (row.scenes, row.scenes_bound),
                (row.beats, row.beats_bound),
                (row.runs, row.runs_bound),
            )
        ]
        print(f"{row.workers:>7}  " + "  ".join(cells))
    edited = next((s for s in costs if s.scene == args.edit), None)
    if edited is not None:
        last = edited.beats[-1] + args.setup + args.join
        print(
            f"an edit to {edited.scene}'s last beat: {last:.1f} s as a beat job "
            f"(its scene: {edited.seconds:.1f} s)"
        )
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(row) for row in rows], indent=2) + "\n")


if __name__ == "__main__":
    main()
