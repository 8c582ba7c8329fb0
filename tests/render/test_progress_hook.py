"""Workers report each beat and the frames written through a queue, not through files."""

from __future__ import annotations

import queue
from pathlib import Path

import pytest
from render_fixtures import make_setup, tiny_job

from scenes.render.jobs import render_jobs
from scenes.render.progress_hook import BeatProgress, ProgressSink, reporting

pytestmark = pytest.mark.usefixtures("repo_on_path")


@pytest.mark.slow
def test_a_render_reports_its_sections_in_order_and_every_frame(tmp_path: Path) -> None:
    from manim.scene.scene_file_writer import SceneFileWriter

    from scenes.render.worker import run_job

    original = SceneFileWriter.write_frame
    setup = make_setup(tmp_path)
    reports: queue.Queue[tuple[int, int, str, int]] = queue.Queue()
    with reporting(ProgressSink(reports, 7), interval=0.0):
        result = run_job(tiny_job(setup, tmp_path / "out"), key="fixture")
    assert SceneFileWriter.write_frame is original  # the writer is put back
    seen = [BeatProgress(*reports.get_nowait()) for _ in range(reports.qsize())]
    assert {report.index for report in seen} == {7}
    beats = [(report.beat_number, report.beat) for report in seen]
    assert beats[0] == (1, "First") and beats[-1] == (2, "Second")
    assert sorted(beats) == beats  # never back to an earlier beat
    counts = [report.frames for report in seen]
    assert counts == sorted(counts) and counts[-1] == result.frames == 10


@pytest.mark.slow
def test_render_jobs_hands_each_worker_a_sink_for_its_own_index(tmp_path: Path) -> None:
    from scenes.render.pool import worker_context

    setup = make_setup(tmp_path)
    jobs = [tiny_job(setup, tmp_path / "out", name) for name in ("TinyScene", "OtherTinyScene")]
    with worker_context().Manager() as manager:
        reports = manager.Queue()
        report = render_jobs(jobs, workers=2, progress=reports, key_of=lambda job: job.scene)
        seen = [BeatProgress(*reports.get()) for _ in range(reports.qsize())]
    assert report.ok
    last = {progress.index: progress for progress in seen}
    assert sorted(last) == [0, 1]
    assert all((p.beat_number, p.beat, p.frames) == (2, "Second", 10) for p in last.values())


def test_an_unreachable_queue_never_fails_the_render() -> None:
    class Gone:
        def put_nowait(self, item: object) -> None:
            raise BrokenPipeError("the parent went away")

    sink = ProgressSink(Gone(), 0)
    sink.send(1, "First", 3)
    sink.send(1, "First", 4)
    assert sink.broken
