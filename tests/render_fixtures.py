"""The tiny fixture scene's render setup, shared by the render, schedule, status and watch tests."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import av
import numpy as np

from scenes.render.job import RenderJob
from scenes.render.keys import job_key
from scenes.render.quality import load_quality

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


def tiny_job(
    setup: Setup, out_root: Path, scene: str = "TinyScene", content: Path | None = None
) -> RenderJob:
    """A job of a fixture scene; its content is the JSON file, its digest that file's text."""
    content = content or setup.content
    return RenderJob(
        scene=scene,
        module=FIXTURE_MODULE,
        quality=load_quality("tiny", setup.presets),
        content=content,
        content_digest=hashlib.sha256(content.read_bytes()).hexdigest(),
        out_root=out_root,
    )


def tiny_beat_job(setup: Setup, out_root: Path, content: Path | None = None) -> RenderJob:
    """A job of the fixture lecture scene (fixtures/tiny_beat_scene.py), for storyboards."""
    job = tiny_job(setup, out_root, "TinyBeatScene", content)
    return replace(job, module="tests.fixtures.tiny_beat_scene")


def two_jobs(setup: Setup, out_root: Path) -> list[RenderJob]:
    return [tiny_job(setup, out_root, "TinyScene"), tiny_job(setup, out_root, "OtherTinyScene")]


def keys_with(digests: dict[str, str]) -> Callable[[RenderJob], str]:
    """Job keys with each scene's content digest replaced by the one given."""
    return lambda job: job_key(replace(job, content_digest=digests[job.scene]))


def decoded_frames(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return np.stack([frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)])


def job_folders(out_root: Path) -> list[Path]:
    """The owner files of the render jobs' work folders (not the command's own run folder)."""
    from scenes.ownership import OWNER_FILE, RUN_PREFIX

    found = (out_root / ".work").glob(f"*/{OWNER_FILE}")
    return [path for path in found if not path.parent.name.startswith(RUN_PREFIX)]


def work_leftovers(out_root: Path) -> list[Path]:
    """Temp files anywhere under the output root, and anything left in .work."""
    temps = list(out_root.rglob("*.tmp"))
    work = out_root / ".work"
    return temps + (list(work.iterdir()) if work.exists() else [])


RUNNER = REPO_ROOT / "tests" / "fixtures" / "render_runner.py"


def start_runner(
    setup: Setup,
    out_root: Path,
    *args: str,
    content: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.Popen[str]:
    """fixtures/render_runner.py in a subprocess: the tiny scene rendered as the CLI would
    (`--storyboard` among `args`: TinyBeatScene's storyboard drawn instead)."""
    command = [sys.executable, str(RUNNER), str(setup.presets), str(content or setup.content)]
    return subprocess.Popen(
        [*command, str(out_root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})},
    )


def paused_content(setup: Setup, seconds: float) -> Path:
    """Content whose render sleeps `seconds` in its second section: surely mid-job then."""
    path = setup.content.with_name(f"paused-{seconds:g}.json")
    path.write_text(json.dumps({"captions": CAPTIONS, "pause_in_second_section": seconds}))
    return path


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (read from /proc), zombies excluded."""
    from scenes.ownership import pid_alive

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
