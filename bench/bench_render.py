"""Benchmark: `lecture render` against plain `manim render`, scene after scene.

    .venv/bin/python bench/bench_render.py --scenes SlopeOfLine,SecantConvergence \
        --qualities draft --repeat 1 --json /tmp/bench.json

For each quality and repeat, in alternating order (ours first on even repeats, plain
first on odd ones, so neither always gets the warm disk cache):

- ours, cold: `lecture render --quality Q --out <fresh tmp> --no-narration SCENES` (silent,
  the same frames as plain manim; parallel workers,
  x264 veryfast, no manim segment cache), then the same command again (a no-op: every
  clip is fresh), then once more with one scene's narration edited in a temp copy of
  the content file (`--content`): only that scene renders again.
- plain: `manim render -ql|-qh scenes/<module>.py <Scene>` for each scene, one after
  another, each in a fresh temp media dir: what a user would type (manim's defaults:
  x264 medium, segment caching on, progress bars).

Per scene it reports frames per second of render wall time and peak memory (ours:
from each job's JobResult, recorded by running the real CLI with render_jobs wrapped;
plain: wait4's peak RSS of the manim process). Both run from a frozen copy of scenes/
and render_config/, so edits made while it runs don't count. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
PLAIN_FLAGS = {"draft": "-ql", "hd": "-qh"}  # manim's 854x480@15 and 1920x1080@60
EDIT_SUFFIX = " (edited for the benchmark)"
RECORD_FLAG = "--as-lecture"  # internal: run the `lecture` CLI and record its RenderReport


@dataclass(frozen=True)
class Timed:
    """One finished command: wall seconds, the peak RSS of its process tree, its exit code."""

    wall_s: float
    peak_rss_mb: float
    returncode: int


@dataclass(frozen=True)
class SceneRun:
    """One scene's render: frames, video seconds, render seconds, speed and memory."""

    scene: str
    frames: int
    video_s: float
    wall_s: float
    fps: float
    peak_rss_mb: float


def freeze_tree(root: Path) -> Path:
    """A copy of the code and presets: edits made to the repository during the run don't count.

    Commands run in it with it first on PYTHONPATH, ahead of the editable install.
    """
    tree = root / "tree"
    for folder in ("scenes", "render_config"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO_ROOT / folder, tree / folder, ignore=ignore)
    return tree


def timed_run(
    command: list[str], *, tree: Path, log: Path, env: dict[str, str] | None = None
) -> Timed:
    """Run a command in `tree` (its code first on the path), output to `log`; time it by wait4."""
    environment = {**(env if env is not None else os.environ), "PYTHONPATH": str(tree)}
    began = time.perf_counter()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=tree, env=environment, stdout=sink, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Timed(time.perf_counter() - began, usage.ru_maxrss / 1024, process.returncode)


def edit_narration(text: str, scene: str) -> str:
    """The content text with the first narration sentence of `scene` changed."""
    header = re.search(rf"^\[scenes\.{re.escape(scene)}\.narration\]\s*$", text, re.MULTILINE)
    if header is None:
        raise ValueError(f"the content has no [scenes.{scene}.narration] table")
    line = re.compile(r'^(\w+\s*=\s*")(.*)("\s*)$', re.MULTILINE).search(text, header.end())
    if line is None:
        raise ValueError(f"[scenes.{scene}.narration] has no sentence to edit")
    edited = f"{line.group(1)}{line.group(2)}{EDIT_SUFFIX}{line.group(3)}"
    return text[: line.start()] + edited + text[line.end() :]


# ---------------------------------------------------------------------------
# Ours: the real CLI, its RenderReport recorded


def report_json(report: Any) -> dict[str, Any]:
    """The parts of a RenderReport the benchmark reads."""
    return {
        "wall_s": report.wall_seconds,
        "rendered": [
            {
                "scene": r.scene,
                "frames": r.frames,
                "video_s": r.duration,
                "wall_s": r.wall_seconds,
                "peak_rss_mb": r.peak_rss_mb,
            }
            for r in report.results
        ],
        "skipped": [job.scene for job in report.skipped],
        "failed": [{"scene": f.scene, "message": f.message} for f in report.failures],
    }


def run_lecture_recording(record: Path, args: list[str]) -> None:
    """Run `lecture ARGS` in this process and write its RenderReport to `record` as JSON."""
    import scenes.render.jobs as render

    original = render.render_jobs

    def recording(*positional: Any, **named: Any) -> Any:
        report = original(*positional, **named)
        record.write_text(json.dumps(report_json(report), indent=2))
        return report

    render.render_jobs = recording  # before scenes.cli.render imports it by name
    from scenes.cli.main import main

    main(args, prog_name="lecture")


def ours(
    quality: str, scenes: list[str], out: Path, work: Path, label: str, content: Path, tree: Path
) -> tuple[Timed, dict[str, Any]]:
    record = work / f"{label}.json"
    command = [sys.executable, str(Path(__file__).resolve()), RECORD_FLAG, str(record), "--"]
    # silent, so both sides render the same frames (plain manim has no voice to wait for);
    # bench_narration.py measures what the voice adds
    command += ["--content", str(content), "render", "-q", quality, "--out", str(out)]
    command += ["--no-narration", *scenes]
    timed = timed_run(command, tree=tree, log=work / f"{label}.log")
    if not record.is_file() or json.loads(record.read_text())["failed"]:
        tail = (work / f"{label}.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"lecture render ({label}) exited {timed.returncode}:\n{tail}")
    recorded = json.loads(record.read_text())
    if timed.returncode != 0:  # every job rendered, a later step (assembly) failed: say so
        log = (work / f"{label}.log").read_text(errors="replace").strip().splitlines()
        recorded["error"] = f"exit {timed.returncode}: {log[-1] if log else ''}"
    return timed, recorded


def scene_runs_of(record: dict[str, Any]) -> list[SceneRun]:
    return [
        SceneRun(
            r["scene"],
            r["frames"],
            r["video_s"],
            r["wall_s"],
            r["frames"] / r["wall_s"],
            r["peak_rss_mb"],
        )
        for r in record["rendered"]
    ]


# ---------------------------------------------------------------------------
# Plain manim


def plain_command(quality: str, module: str, scene: str, media: Path) -> list[str]:
    """`manim render -ql|-qh scenes/<file>.py <Scene>` into its own media folder."""
    source = module.replace(".", "/") + ".py"
    flag = PLAIN_FLAGS[quality]
    return [sys.executable, "-m", "manim", "render", flag, "--media_dir", str(media), source, scene]


def plain(
    quality: str, scenes: list[str], work: Path, content: Path, tree: Path
) -> tuple[float, list[SceneRun]]:
    from scenes.plans import load_lecture, template
    from scenes.render.worker import probe_video

    env = {**os.environ, "LECTURE_CONTENT": str(content)}
    runs: list[SceneRun] = []
    began = time.perf_counter()
    lecture = load_lecture(content)
    for scene in scenes:
        media = work / f"plain-{scene}"
        drawn_with = template(lecture.scene(scene).template)
        class_name = drawn_with.class_name
        command = plain_command(quality, drawn_with.module, class_name, media)
        timed = timed_run(command, tree=tree, log=work / f"plain-{scene}.log", env=env)
        movies = sorted(media.glob(f"videos/**/{class_name}.mp4"))
        if timed.returncode != 0 or not movies:
            tail = (work / f"plain-{scene}.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"manim render {scene} exited {timed.returncode}:\n{tail}")
        frames, video = probe_video(movies[0])
        runs.append(
            SceneRun(scene, frames, video, timed.wall_s, frames / timed.wall_s, timed.peak_rss_mb)
        )
        shutil.rmtree(media, ignore_errors=True)
    return time.perf_counter() - began, runs


# ---------------------------------------------------------------------------
# One round and the report


def one_round(
    quality: str, scenes: list[str], edit_scene: str, ours_first: bool, tree: Path
) -> dict[str, Any]:
    """Ours cold, no-op and one-edit, and plain, in the order asked, in fresh folders."""
    work = Path(tempfile.mkdtemp(prefix=f"{quality}-", dir=tree.parent))
    content = work / "lecture.toml"
    shutil.copyfile(tree / "render_config" / "lecture.toml", content)
    edited = work / "edited.toml"
    edited.write_text(edit_narration(content.read_text(), edit_scene))
    order = "ours first" if ours_first else "plain first"
    result: dict[str, Any] = {"quality": quality, "order": order}

    def run_ours() -> None:
        out = work / "out"
        cold, cold_record = ours(quality, scenes, out, work, "ours-cold", content, tree)
        noop, noop_record = ours(quality, scenes, out, work, "ours-noop", content, tree)
        edit, edit_record = ours(quality, scenes, out, work, "ours-edit", edited, tree)
        result["ours"] = {
            "cold_s": cold.wall_s,
            "cold_render_jobs_s": cold_record["wall_s"],
            "cold_peak_rss_mb": cold.peak_rss_mb,
            "noop_s": noop.wall_s,
            "noop_rendered": [r["scene"] for r in noop_record["rendered"]],
            "edit_s": edit.wall_s,
            "edit_scene": edit_scene,
            "edit_rendered": [r["scene"] for r in edit_record["rendered"]],
            "scenes": [asdict(run) for run in scene_runs_of(cold_record)],
            "errors": [r["error"] for r in (cold_record, noop_record, edit_record) if "error" in r],
        }

    def run_plain() -> None:
        total, runs = plain(quality, scenes, work, content, tree)
        result["plain"] = {"total_s": total, "scenes": [asdict(run) for run in runs]}

    for step in (run_ours, run_plain) if ours_first else (run_plain, run_ours):
        step()
    result["video_s"] = sum(run["video_s"] for run in result["ours"]["scenes"])
    result["ratio_plain_over_ours_cold"] = result["plain"]["total_s"] / result["ours"]["cold_s"]
    shutil.rmtree(work, ignore_errors=True)
    return result


def table(rounds: list[dict[str, Any]]) -> str:
    """The rounds as a plain-text table: totals first, then each scene."""
    lines = []
    for number, r in enumerate(rounds, start=1):
        o, p = r["ours"], r["plain"]
        noop = ", ".join(o["noop_rendered"]) or "nothing"
        edit = ", ".join(o["edit_rendered"]) or "nothing"
        lines += [
            f"## {r['quality']} (round {number}, {r['order']}): "
            f"{r['video_s']:.1f} s of video in {len(o['scenes'])} scenes",
            f"  plain manim, one after another : {p['total_s']:7.1f} s",
            f"  lecture render, cold           : {o['cold_s']:7.1f} s"
            f"   (plain/ours = {r['ratio_plain_over_ours_cold']:.2f}x;"
            f" {r['video_s'] / o['cold_s']:.2f} s of video per s)",
            f"  lecture render, no-op re-run   : {o['noop_s']:7.1f} s   (rendered: {noop})",
            f"  lecture render, one edit       : {o['edit_s']:7.1f} s"
            f"   (edited {o['edit_scene']}; rendered: {edit})",
            *(f"  after rendering, lecture render failed: {error}" for error in o["errors"]),
            "",
            f"  {'scene':<22}{'frames':>7}{'video s':>9}"
            f"{'ours s':>9}{'ours fps':>10}{'ours MiB':>10}"
            f"{'plain s':>9}{'plain fps':>10}{'plain MiB':>10}",
        ]
        plain_by_scene = {run["scene"]: run for run in p["scenes"]}
        for run in o["scenes"]:
            other = plain_by_scene[run["scene"]]
            lines.append(
                f"  {run['scene']:<22}{run['frames']:>7}{run['video_s']:>9.1f}"
                f"{run['wall_s']:>9.1f}{run['fps']:>10.1f}{run['peak_rss_mb']:>10.0f}"
                f"{other['wall_s']:>9.1f}{other['fps']:>10.1f}{other['peak_rss_mb']:>10.0f}"
            )
        lines.append("")
    return "\n".join(lines)


def parse_args(argv: list[str]) -> argparse.Namespace:
    from scenes.plans import load_lecture

    all_scenes = ",".join(scene.name for scene in load_lecture().scenes)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qualities", default="draft", help="comma-separated: draft,hd")
    parser.add_argument("--repeat", type=int, default=1, help="rounds per quality")
    parser.add_argument("--scenes", default=all_scenes, help="comma-separated, lecture order")
    parser.add_argument("--edit-scene", default=None, help="whose narration the edit changes")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    args = parser.parse_args(argv)
    args.qualities = args.qualities.split(",")
    args.scenes = args.scenes.split(",")
    unknown = [q for q in args.qualities if q not in PLAIN_FLAGS]
    if unknown:
        parser.error(f"unknown quality {unknown[0]!r}; choose from {', '.join(PLAIN_FLAGS)}")
    args.edit_scene = args.edit_scene or args.scenes[0]
    return args


def main(argv: list[str]) -> int:
    if argv[:1] == [RECORD_FLAG]:
        run_lecture_recording(Path(argv[1]), argv[3:])  # argv[2] is "--"
        return 0
    args = parse_args(argv)
    rounds = []
    with tempfile.TemporaryDirectory(prefix="bench-render-") as root:
        tree = freeze_tree(Path(root))
        for quality in args.qualities:
            for repeat in range(args.repeat):
                ours_first = repeat % 2 == 0
                rounds.append(one_round(quality, args.scenes, args.edit_scene, ours_first, tree))
    document = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "scenes": args.scenes,
        "rounds": rounds,
    }
    if args.json:
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(table(rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
