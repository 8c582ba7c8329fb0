"""`lecture list`: each scene fresh or stale at a quality, with its last rendered length."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from render_fixtures import make_setup, tiny_job

from scenes.cli import main as cli
from scenes.plans import load_lecture, template
from scenes.render.cache import MANIFEST_NAME, Manifest, ManifestEntry
from scenes.render.job import RenderJob
from scenes.render.jobs import render_jobs
from scenes.render.keys import job_key, narration_key
from scenes.render.lecture_jobs import scene_jobs
from scenes.render.quality import load_quality
from scenes.render.status import Freshness, SceneStatus, job_statuses
from scenes.voice.narration import silent_narration

pytestmark = pytest.mark.usefixtures("repo_on_path")


@pytest.mark.slow
def test_statuses_follow_the_manifest_and_the_keys(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    rendered, never = tiny_job(setup, out), tiny_job(setup, out, "OtherTinyScene")
    missing = replace(never, scene="Gone", module="scenes.no_such_scene")
    report = render_jobs(
        [rendered], workers=1, key_of=lambda job: job_key(replace(job, content_digest="a"))
    )
    assert report.ok

    def digest(value: str) -> Callable[[RenderJob], str]:
        return lambda job: job_key(replace(job, content_digest=value))

    assert job_statuses([rendered, never, missing], digest("a")) == [
        SceneStatus("TinyScene", Freshness.FRESH, 1.0),
        SceneStatus("OtherTinyScene", Freshness.STALE, None),
        SceneStatus("Gone", Freshness.MISSING, None),
    ]
    # An edited content digest makes it stale; the last render's length is still known.
    assert job_statuses([rendered], digest("b")) == [SceneStatus("TinyScene", Freshness.STALE, 1.0)]
    rendered.clip_path.unlink()
    assert job_statuses([rendered], digest("a"))[0].freshness is Freshness.STALE


def record(out: Path, scene: str, key: str | None, duration: float) -> None:
    """Publish stand-in outputs for one lecture scene at draft and record them, as a
    `--no-narration` render would."""
    lecture = load_lecture()
    (job,) = scene_jobs(
        lecture, [scene], load_quality("draft"), out, narration=silent_narration(lecture)
    )
    for path in job.outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("[]")  # the sections file lists no beats, so no beat clips are due
    manifest = Manifest.load(out / MANIFEST_NAME)
    entry = ManifestEntry(
        scene=scene,
        quality="draft",
        format=job.format,
        key=key or job_key(job),
        rendered_at="2025-01-01T00:00:00Z",
        duration=duration,
        seconds=1.0,
        bytes=job.clip_path.stat().st_size,
    )
    manifest.record(job.output_name, entry)
    said = replace(
        entry,
        format="narration",
        key=narration_key(job, entry.key),
        bytes=job.srt_path.stat().st_size,
    )
    manifest.record(job.narration_name, said)
    manifest.save(out / MANIFEST_NAME)


def test_list_shows_fresh_stale_and_the_last_length_for_the_quality_asked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    scenes = load_lecture().scenes
    record(out, "SlopeOfLine", None, 12.5)
    record(out, "SecantConvergence", "a key from older content", 30.4)

    def listing(*args: str) -> list[list[str]]:
        result = CliRunner().invoke(cli.main, ["list", "--no-narration", "--out", str(out), *args])
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) == len(scenes)
        for line, scene in zip(lines, scenes, strict=True):
            assert scene.name in line
            assert template(scene.template).schema.description in line
        return [line.split()[1:4] for line in lines]

    draft = listing("--quality", "draft")
    assert draft[1] == ["SlopeOfLine", "fresh", "12.5"]
    assert draft[2] == ["SecantConvergence", "stale", "30.4"]
    assert draft[0] == ["LectureTitle", "stale", "-"]
    assert [row[1] for row in listing()] == ["stale"] * len(scenes)  # nothing at hd


def test_list_rejects_an_unknown_quality() -> None:
    result = CliRunner().invoke(cli.main, ["list", "--quality", "ultra"])
    assert result.exit_code == 2
    assert result.stderr == "Error: Unknown quality 'ultra'; valid qualities: draft, hd, 4k.\n"
