"""Benchmark: what the `lecture` commands cost to start, before and after a change.

    .venv/bin/python bench/bench_startup.py --before HEAD --runs 5 --json /tmp/startup.json

Side by side in one run, the same commands from two trees with the same .venv python:

- before: a git ref (`--before`, default HEAD) checked out with `git worktree add` into a
  temp folder (removed at exit);
- after: the working tree, uncommitted edits included.

Each command runs as `python -c "from scenes.cli.main import main; main()" ARGS` with the
tree as its working folder and first on PYTHONPATH (the installed `lecture` script would
import the working tree's code on both sides):

- `lecture --help`
- `lecture list -q draft --out OUT`
- `lecture plan`
- `lecture render -q draft --no-narration --out OUT SlopeOfLine`, a no-op: each side renders
  it once into its own temp OUT first, untimed.

Per command and side it reports the median of `--runs` runs of CPU time (user + sys of the
command's process and the processes it waited for, from wait4) and wall time, in
alternating order (before first on even runs), after one untimed warm-up run each, with
bytecode cached under the temp folder (PYTHONPYCACHEPREFIX) so both sides start warm. One
more run of each, with a wrapper, records which of manim and scipy the command imported.
Prints a table; `--json FILE` writes the numbers. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RENDERED_SCENE = "SlopeOfLine"
COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "list -q draft": ["list", "-q", "draft", "--out", "{out}"],
    "plan": ["plan"],
    f"render -q draft {RENDERED_SCENE} (no-op)": [
        "render", "-q", "draft", "--no-narration", "--out", "{out}", RENDERED_SCENE,
    ],
}  # fmt: skip
PRIME = COMMANDS[f"render -q draft {RENDERED_SCENE} (no-op)"]
HEAVY_MODULES = ("manim", "scipy")
LAUNCH = "from scenes.cli.main import main; main(prog_name='lecture')"
# The same command, and at exit (click ends with sys.exit) one line on stderr: which of
# HEAVY_MODULES it imported, and where `scenes` came from.
PROBE = f"""
import atexit, json, sys
def _report():
    loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set({HEAVY_MODULES!r}))
    scenes = getattr(sys.modules.get("scenes"), "__file__", None)
    sys.stderr.write("\\nSTARTUP-PROBE " + json.dumps([loaded, scenes]) + "\\n")
atexit.register(_report)
{LAUNCH}
"""


@dataclass(frozen=True)
class Side:
    """One tree the commands run from, and its own output folder."""

    name: str
    root: Path
    out: Path


@dataclass
class Measured:
    """One command on one side: every run's CPU and wall seconds, and what it imported."""

    cpu_s: list[float] = field(default_factory=list)
    wall_s: list[float] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_s)

    @property
    def wall(self) -> float:
        return statistics.median(self.wall_s)


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def add_worktree(ref: str, root: Path) -> Path:
    """`ref` checked out (detached) into a new worktree under `root`."""
    tree = root / "before"
    git("worktree", "add", "--detach", "--quiet", str(tree), ref)
    return tree


def remove_worktree(tree: Path) -> None:
    """Take the worktree away again; never fail the benchmark over it."""
    subprocess.run(
        ["git", "worktree", "remove", "--force", str(tree)],
        cwd=REPO_ROOT,
        capture_output=True,
        check=False,
    )
    subprocess.run(["git", "worktree", "prune"], cwd=REPO_ROOT, capture_output=True, check=False)


def environment(side: Side, pycache: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(side.root), "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # warm bytecode, as an installed tool has
    env.pop("LECTURE_CONTENT", None)  # each side's own default lecture
    return env


def arguments(command: list[str], side: Side) -> list[str]:
    return [arg.format(out=side.out) for arg in command]


def run(
    code: str, command: list[str], side: Side, pycache: Path, log: Path
) -> tuple[float, float, str]:
    """Run one command; its CPU seconds (wait4: user + sys), wall seconds and stderr."""
    argv = [sys.executable, "-c", code, *arguments(command, side)]
    with log.open("w+b") as sink:
        began = time.perf_counter()
        process = subprocess.Popen(
            argv,
            cwd=side.root,
            env=environment(side, pycache),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        sink.seek(0)
        stderr = sink.read().decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(
            f"{side.name}: lecture {' '.join(argv[3:])} exited {process.returncode}:\n"
            f"{stderr[-2000:]}"
        )
    return usage.ru_utime + usage.ru_stime, wall, stderr


def imports_of(command: list[str], side: Side, pycache: Path, log: Path) -> list[str]:
    """Which of HEAVY_MODULES the command imports, checking it ran the side's own code."""
    _, _, stderr = run(PROBE, command, side, pycache, log)
    line = next(line for line in stderr.splitlines() if line.startswith("STARTUP-PROBE "))
    loaded, scenes_file = json.loads(line.removeprefix("STARTUP-PROBE "))
    if scenes_file is None or not Path(scenes_file).resolve().is_relative_to(side.root):
        raise RuntimeError(f"{side.name}: the command imported scenes from {scenes_file}")
    return loaded


def measure(sides: list[Side], runs: int, work: Path) -> dict[str, dict[str, Measured]]:
    """Every command on every side: prime, warm up, then `runs` timed runs, alternating."""
    pycache = work / "pycache"
    results = {label: {side.name: Measured() for side in sides} for label in COMMANDS}
    for side in sides:  # the render that makes the timed renders no-ops
        run(LAUNCH, PRIME, side, pycache, work / f"prime-{side.name}.log")
    for label, command in COMMANDS.items():
        for side in sides:
            log = work / f"{side.name}.log"
            run(LAUNCH, command, side, pycache, log)  # warm-up, untimed
            results[label][side.name].imports = imports_of(command, side, pycache, log)
        for index in range(runs):
            for side in sides if index % 2 == 0 else sides[::-1]:
                cpu, wall, _ = run(LAUNCH, command, side, pycache, work / f"{side.name}.log")
                results[label][side.name].cpu_s.append(cpu)
                results[label][side.name].wall_s.append(wall)
    return results


def shown(imports: list[str]) -> str:
    return "+".join(imports) or "-"


def table(results: dict[str, dict[str, Measured]], before: str, runs: int) -> str:
    """One line per command: medians, the before/after CPU ratio, and the heavy imports."""
    width = max(len("lecture " + label) for label in results) + 2
    header = (
        f"{'command':<{width}}{'before CPU s':>13}{'after CPU s':>12}{'before/after':>13}"
        f"{'before wall s':>14}{'after wall s':>13}  {'imports before':<15}{'imports after'}"
    )
    lines = [f"before = {before}, after = the working tree; median of {runs} runs", header]
    for label, sides in results.items():
        b, a = sides["before"], sides["after"]
        lines.append(
            f"{'lecture ' + label:<{width}}{b.cpu:>13.2f}{a.cpu:>12.2f}{b.cpu / a.cpu:>12.2f}x"
            f"{b.wall:>14.2f}{a.wall:>13.2f}  {shown(b.imports):<15}{shown(a.imports)}"
        )
    return "\n".join(lines)


def document(results: dict[str, dict[str, Measured]], before: str, runs: int) -> dict[str, Any]:
    def side_json(measured: Measured) -> dict[str, Any]:
        return {**asdict(measured), "cpu_median_s": measured.cpu, "wall_median_s": measured.wall}

    return {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "runs": runs,
        "before": {"ref": before, "commit": git("rev-parse", before)},
        "after": {
            "tree": str(REPO_ROOT),
            "head": git("rev-parse", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        },
        "commands": {
            label: {
                "args": COMMANDS[label],
                **{name: side_json(measured) for name, measured in by_side.items()},
                "cpu_ratio_before_over_after": by_side["before"].cpu / by_side["after"].cpu,
            }
            for label, by_side in results.items()
        },
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="HEAD", help="git ref to compare against")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command and side")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        git("rev-parse", "--verify", "--quiet", f"{args.before}^{{commit}}")
    except subprocess.CalledProcessError:
        print(f"error: --before {args.before!r} names no commit", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still remove the worktree
    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    tree = None
    try:
        tree = add_worktree(args.before, work)
        sides = [
            Side("before", tree, work / "out-before"),
            Side("after", REPO_ROOT, work / "out-after"),
        ]
        results = measure(sides, args.runs, work)
    finally:
        if tree is not None:
            remove_worktree(tree)
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(document(results, args.before, args.runs), indent=2))
    print(table(results, args.before, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
