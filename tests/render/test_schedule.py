"""Jobs start longest first: by their last render's seconds, else by their narration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from render_fixtures import keys_with, make_setup, two_jobs

from scenes.content.loader import DEFAULT_CONTENT
from scenes.content.reading import READING_WORDS_PER_SECOND
from scenes.render.cache import MANIFEST_NAME
from scenes.render.jobs import ENCODER_THREADS, encoder_threads, render_jobs
from scenes.render.schedule import (
    THREE_D_COST,
    estimated_cost,
    longest_first,
    narration_seconds,
)

pytestmark = pytest.mark.usefixtures("repo_on_path")


def test_recorded_seconds_order_the_jobs_when_every_job_has_them() -> None:
    recorded = {"a": 5.0, "b": 50.0, "c": 20.0}
    estimates = {"a": 99.0, "b": 1.0, "c": 2.0}
    order = longest_first(list("abc"), recorded=recorded.get, estimated=estimates.__getitem__)
    assert order == ["b", "c", "a"]


def test_one_unknown_job_makes_all_of_them_estimated() -> None:
    recorded = {"a": 5.0, "b": 50.0}
    estimates = {"a": 99.0, "b": 1.0, "c": 2.0}
    order = longest_first(list("abc"), recorded=recorded.get, estimated=estimates.__getitem__)
    assert order == ["a", "c", "b"]


def test_equal_jobs_keep_their_order() -> None:
    order = longest_first(list("abcd"), recorded=lambda _: None, estimated=lambda _: 1.0)
    assert order == list("abcd")


def test_narration_seconds_count_the_words_of_every_beat(tmp_path: Path) -> None:
    content = tmp_path / "lecture.toml"
    content.write_text(
        '[scenes.SigmoidGraph.narration]\nFirst = "one two three"\nSecond = "four five"\n'
    )
    assert narration_seconds(content, "SigmoidGraph") == pytest.approx(5 / READING_WORDS_PER_SECOND)
    assert narration_seconds(content, "SlopeOfLine") == 0.0
    assert narration_seconds(tmp_path / "missing.toml", "SigmoidGraph") == 0.0


def test_a_3d_scene_is_expected_to_cost_more_per_narrated_second() -> None:
    for scene, three_d, factor in (
        ("GradientDescentBall", True, THREE_D_COST),
        ("SecantConvergence", False, 1.0),
    ):
        seconds = narration_seconds(DEFAULT_CONTENT, scene)
        assert seconds > 10
        assert estimated_cost(scene, DEFAULT_CONTENT, three_d) == pytest.approx(factor * seconds)


def test_render_jobs_starts_the_job_that_took_longest_last_time(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    jobs = two_jobs(setup, tmp_path / "out")
    keys = keys_with({"TinyScene": "a", "OtherTinyScene": "b"})
    assert render_jobs(jobs, workers=1, key_of=keys).ok
    manifest_path = tmp_path / "out" / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text())
    manifest["renders"]["tiny/TinyScene.mp4"]["seconds"] = 1.0
    manifest["renders"]["tiny/OtherTinyScene.mp4"]["seconds"] = 30.0
    manifest_path.write_text(json.dumps(manifest))
    started: list[str] = []
    report = render_jobs(
        jobs,
        workers=1,
        force=True,
        key_of=keys,
        on_event=lambda event: started.append(event.scene) if event.kind == "started" else None,
    )
    assert report.ok
    assert started == ["OtherTinyScene", "TinyScene"]
    assert [result.scene for result in report.results] == ["TinyScene", "OtherTinyScene"]


@pytest.mark.parametrize(("workers", "cpus"), [(1, 2), (2, 2), (3, 2), (4, 16), (3, 16)])
def test_the_encoder_threads_never_depend_on_the_parallel_jobs(workers: int, cpus: int) -> None:
    assert encoder_threads(workers, cpus) == ENCODER_THREADS == 2
