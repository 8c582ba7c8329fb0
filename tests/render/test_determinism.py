"""The same content renders to the same frames: across two runs, and between -j 1 and -j 2.

Decoded frames are compared by hash, scene clips and beat clips alike, at the draft frame
size (x264's threading shows there, unlike at the tiny preset's 160x90).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import av
import pytest
from render_fixtures import REPO_ROOT, keys_with, make_setup, two_jobs

from scenes.render.jobs import render_jobs
from scenes.render.quality import load_quality

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("repo_on_path")]  # renders
KEYS = keys_with({"TinyScene": "a", "OtherTinyScene": "b"})


def frame_hashes(path: Path) -> list[str]:
    with av.open(str(path)) as container:
        return [
            hashlib.sha256(frame.to_ndarray(format="rgb24").tobytes()).hexdigest()
            for frame in container.decode(video=0)
        ]


def rendered_frames(out: Path) -> dict[str, list[str]]:
    """Every clip under the output folder by its relative path, as decoded frame hashes."""
    return {str(path.relative_to(out)): frame_hashes(path) for path in sorted(out.rglob("*.mp4"))}


def test_two_runs_and_one_or_two_workers_give_the_same_decoded_frames(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    shutil.copy(REPO_ROOT / "render_config" / "draft.cfg", setup.presets / "draft.cfg")
    frames = {}
    for run, workers in (("first", 1), ("second", 1), ("parallel", 2)):
        out = tmp_path / run
        draft = load_quality("draft", setup.presets)
        jobs = [replace(job, quality=draft) for job in two_jobs(setup, out)]
        report = render_jobs(jobs, workers=workers, key_of=KEYS)
        assert report.ok and len(report.results) == 2
        frames[run] = rendered_frames(out)
    first = frames["first"]
    assert len(first) == 6  # two scene clips and two beat clips each
    assert len(first["draft/TinyScene.mp4"]) == report.results[0].frames >= 15
    assert frames["second"] == first
    assert frames["parallel"] == first
    assert first["draft/TinyScene.mp4"] != first["draft/OtherTinyScene.mp4"]
