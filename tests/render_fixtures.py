"""The tiny fixture scene's render setup, shared by the render, schedule, status and watch tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from scenes.render.jobs import RenderJob, job_key

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURE_MODULE = "tests.fixtures.tiny_scene"
TINY_PRESET = """[CLI]
pixel_width = 160
pixel_height = 90
frame_rate = 10

[video_encoder.options]
preset = veryfast
"""
CAPTIONS = ["A circle appears.", "A square joins it."]


@dataclass(frozen=True)
class Setup:
    presets: Path
    content: Path
    failing_content: Path


def make_setup(root: Path) -> Setup:
    presets = root / "presets"
    presets.mkdir(parents=True)
    (presets / "tiny.cfg").write_text(TINY_PRESET)
    content = root / "content.json"
    content.write_text(json.dumps({"captions": CAPTIONS}))
    failing = root / "failing.json"
    failing.write_text(json.dumps({"fail_in_second_section": True}))
    return Setup(presets, content, failing)


def tiny_job(setup: Setup, out_root: Path, scene: str = "TinyScene") -> RenderJob:
    return RenderJob(
        scene=scene,
        module=FIXTURE_MODULE,
        quality="tiny",
        content=setup.content,
        out_root=out_root,
        presets=setup.presets,
    )


def two_jobs(setup: Setup, out_root: Path) -> list[RenderJob]:
    return [tiny_job(setup, out_root, "TinyScene"), tiny_job(setup, out_root, "OtherTinyScene")]


def keys_with(digests: dict[str, str]) -> Callable[[RenderJob], str]:
    """Job keys with each scene's content digest given, since the fixture is not in the TOML."""
    return lambda job: job_key(job, content_digest=digests[job.scene])


def decoded_frames(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return np.stack([frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)])


def work_leftovers(out_root: Path) -> list[Path]:
    """Temp files anywhere under the output root, and anything left in .work."""
    temps = list(out_root.rglob("*.tmp"))
    work = out_root / ".work"
    return temps + (list(work.iterdir()) if work.exists() else [])


RUNNER = REPO_ROOT / "tests" / "fixtures" / "render_runner.py"


def start_runner(
    setup: Setup, out_root: Path, *args: str, content: Path | None = None
) -> subprocess.Popen[str]:
    """fixtures/render_runner.py in a subprocess: the tiny scene rendered as the CLI would."""
    command = [sys.executable, str(RUNNER), str(setup.presets), str(content or setup.content)]
    return subprocess.Popen(
        [*command, str(out_root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )


def paused_content(setup: Setup, seconds: float) -> Path:
    """Content whose render sleeps `seconds` in its second section: surely mid-job then."""
    path = setup.content.with_name(f"paused-{seconds:g}.json")
    path.write_text(json.dumps({"captions": CAPTIONS, "pause_in_second_section": seconds}))
    return path


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (read from /proc), zombies excluded."""
    from scenes.render.orphans import pid_alive

    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return {child for child in found if pid_alive(child)}


def wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass; whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()
