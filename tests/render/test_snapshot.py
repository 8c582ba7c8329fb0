"""One reading per command: jobs carry their scene's content, so a save mid-render is seen.

The lecture is read once; each job holds its scene's validated content and digests, the
worker draws that content and the manifest records the key computed from the same job.
A save that lands during a render therefore leaves the scene stale, never fresh.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from render_fixtures import TINY_PRESET

from scenes.content.loader import DEFAULT_CONTENT
from scenes.plans import load_lecture
from scenes.render.cache import MANIFEST_NAME, Manifest
from scenes.render.jobs import render_jobs
from scenes.render.keys import job_key
from scenes.render.lecture_jobs import scene_jobs
from scenes.render.pool import Event, EventKind
from scenes.render.quality import load_quality
from scenes.render.status import Freshness, job_statuses
from scenes.voice.narration import silent_narration

TITLE = 'title = "Calculus for Machine Learning"'


def test_jobs_carry_their_scene_and_pickle_to_the_same_content() -> None:
    lecture = load_lecture(DEFAULT_CONTENT)
    names = [scene.name for scene in lecture.scenes]
    for job in scene_jobs(lecture, names, load_quality("draft"), Path("out")):
        scene = lecture.scene(job.scene)
        assert job.content is scene and job.content_digest == scene.digest
        assert job.visual_digest == scene.visual_digest and job.source == lecture.path
        assert pickle.loads(pickle.dumps(job)) == job


@pytest.mark.slow
def test_a_save_during_a_render_leaves_the_scene_stale_never_fresh(tmp_path: Path) -> None:
    presets = tmp_path / "presets"
    presets.mkdir()
    (presets / "tiny.cfg").write_text(TINY_PRESET)
    content, out = tmp_path / "lecture.toml", tmp_path / "out"
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    assert TITLE in text
    content.write_text(text, encoding="utf-8")
    lecture = load_lecture(content)
    tiny = load_quality("tiny", presets)
    (job,) = scene_jobs(lecture, ["LectureTitle"], tiny, out, narration=silent_narration(lecture))

    def remove_the_file(_pending: object) -> None:
        content.unlink()  # neither the parent nor the worker may need it from here on

    def save_an_edit(event: Event) -> None:
        if event.kind is EventKind.STARTED:
            content.write_text(text.replace(TITLE, 'title = "Calculus, edited"'), "utf-8")

    report = render_jobs([job], workers=1, before_start=remove_the_file, on_event=save_an_edit)

    assert report.ok, [failure.message for failure in report.failures]
    entry = Manifest.load(out / MANIFEST_NAME).entry(job.output_name)
    assert entry is not None and entry.key == job_key(job) == report.results[0].key
    assert job_statuses([job])[0].freshness is Freshness.FRESH  # what was drawn: recorded
    saved = load_lecture(content)
    (now,) = scene_jobs(saved, ["LectureTitle"], tiny, out, narration=silent_narration(saved))
    assert now.visual_digest != job.visual_digest
    assert job_statuses([now])[0].freshness is Freshness.STALE
