"""Benchmark: how long `lecture storyboard` takes, for one edited scene and the whole lecture.

    .venv/bin/python bench/bench_storyboard.py --quality hd --scene SecantConvergence \
        --repeat 3 --json /tmp/storyboard.json

Runs the real command in a fresh output folder (`--out <tmp>`), from this checkout:

1. cold: the whole lecture, with no typeset formulas cached yet (LaTeX runs);
2. whole lecture: every storyboard drawn again (`--force`), formulas cached;
3. one edited scene: that scene's narration edited in a temp copy of the content file
   (`--content`), so only it is stale and drawn again, as after a save;
4. nothing changed: the same command again (every storyboard fresh).

Each is wall time of the whole command, start-up included (loading the templates and
manim, about 2 s). Targets on 2 cores: one scene under 5 s, the lecture under 30 s; this
reports what it measured and asserts nothing. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CONTENT = REPO_ROOT / "render_config" / "lecture.toml"
EDIT_SUFFIX = " (edited for the benchmark)"


def storyboard(args: list[str], out: Path, content: Path = CONTENT) -> float:
    """Wall seconds of one `lecture storyboard` run; exits if it fails."""
    command = [sys.executable, "-m", "scenes.cli.main", "--content", str(content), "storyboard"]
    command += [*args, "--out", str(out), "--quiet"]
    began = time.perf_counter()
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return seconds


def edited_copy(folder: Path, scene: str, round_number: int) -> Path:
    """The content file with the first beat of `scene` narrated differently."""
    text = CONTENT.read_text(encoding="utf-8")
    narration = tomllib.loads(text)["scenes"][scene]["narration"]
    sentence = next(iter(narration.values()))
    copy = folder / "lecture.toml"  # the same stem: the same output folder layout
    copy.write_text(text.replace(sentence, f"{sentence}{EDIT_SUFFIX} {round_number}", 1))
    return copy


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", default="hd")
    parser.add_argument("--scene", default="SecantConvergence", help="the scene edited")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each warm measurement")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    options = parser.parse_args(argv)
    quality = ["-q", options.quality]
    with tempfile.TemporaryDirectory(prefix="bench-storyboard-") as temp:
        root = Path(temp)
        out = root / "out"
        results: dict[str, list[float]] = {"cold": [storyboard(quality, out)]}
        results["whole lecture"] = [
            storyboard([*quality, "--force"], out) for _ in range(options.repeat)
        ]
        edits = root / "edits"
        edits.mkdir()
        results["one edited scene"] = []
        for number in range(options.repeat):
            copy = edited_copy(edits, options.scene, number)
            results["one edited scene"].append(storyboard([*quality, options.scene], out, copy))
        results["nothing changed"] = [storyboard(quality, out) for _ in range(options.repeat)]
    print(f"lecture storyboard at {options.quality}, seconds (median of the runs):")
    for name, runs in results.items():
        listed = ", ".join(f"{seconds:.1f}" for seconds in runs)
        print(f"  {name:<18} {statistics.median(runs):6.1f}   ({listed})")
    if options.json:
        document = {"quality": options.quality, "scene": options.scene, "seconds": results}
        options.json.write_text(json.dumps(document, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
