"""Jobs start longest first: by their last render's seconds, else by their narration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from render_fixtures import keys_with, make_setup, two_jobs

from scenes.content.loader import DEFAULT_CONTENT
from scenes.content.reading import READING_WORDS_PER_SECOND
from scenes.plans import load_lecture
from scenes.render.cache import MANIFEST_NAME
from scenes.render.jobs import render_jobs
from scenes.render.lecture_jobs import scene_jobs
from scenes.render.quality import load_quality
from scenes.render.schedule import (
    THREE_D_COST,
    cut_runs,
    estimated_cost,
    longest_first,
    makespan,
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


def test_a_job_expects_its_narrations_reading_time_and_a_3d_scene_costs_double() -> None:
    lecture = load_lecture(DEFAULT_CONTENT)
    names = ["GradientDescentBall", "SecantConvergence"]
    ball, secant = scene_jobs(lecture, names, load_quality("draft"), Path("out"))
    for job, factor in ((ball, THREE_D_COST), (secant, 1.0)):
        words = sum(len(b.narration.split()) for b in lecture.scene(job.scene).beats)
        assert job.expected_seconds == pytest.approx(words / READING_WORDS_PER_SECOND)
        assert job.expected_seconds > 10
        assert estimated_cost(job) == pytest.approx(factor * job.expected_seconds)


@pytest.mark.slow
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


def test_makespan_is_what_longest_first_onto_the_soonest_free_worker_takes() -> None:
    # 5 and 4 start; the 3s go to whichever is free first: 4+3=7, 5+3=8, 7+3=10
    assert makespan([3, 5, 3, 4, 3], 2) == 10
    assert makespan([10, 1, 1], 4) == 10  # the longest job bounds any number of workers
    assert makespan([2, 2, 2, 2], 1) == 8
    assert makespan([], 3) == 0
    with pytest.raises(ValueError, match="at least 1"):
        makespan([1], 0)


def test_runs_cut_at_the_beat_nearest_an_equal_share_and_never_split_a_beat() -> None:
    assert cut_runs([2, 2, 2, 2, 2, 2], 3) == [range(0, 2), range(2, 4), range(4, 6)]
    assert cut_runs([9, 1, 1, 1], 2) == [range(0, 1), range(1, 4)]  # a long beat runs alone
    assert cut_runs([1, 2, 3], 5) == [range(0, 1), range(1, 2), range(2, 3)]  # one per beat
    assert cut_runs([4, 1, 1], 1) == [range(0, 3)]
    runs = cut_runs([3, 1, 1, 1, 3, 2, 1], 3)
    assert [i for run in runs for i in run] == list(range(7))
    assert [sum([3, 1, 1, 1, 3, 2, 1][i] for i in run) for run in runs] == [4, 5, 3]
