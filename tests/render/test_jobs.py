"""Render orchestration, tested on a tiny fixture scene at 160x90, 10 fps, in temp folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest
from fixtures.worker_probe import change_manim_config
from render_fixtures import (
    CAPTIONS,
    FIXTURE_MODULE,
    REPO_ROOT,
    TINY_PRESET,
    Setup,
    decoded_frames,
    keys_with,
    make_setup,
    tiny_job,
    two_jobs,
    work_leftovers,
)

from scenes.outputs.atomic_files import PublishError
from scenes.render.cache import MANIFEST_NAME, Manifest, compute_key
from scenes.render.errors import SceneNotFoundError, UnknownQualityError, UnsupportedFormatError
from scenes.render.job import RenderJob
from scenes.render.jobs import RenderReport, render_jobs
from scenes.render.keys import is_fresh, job_key, key_parts
from scenes.render.pool import EventKind, default_executor
from scenes.render.quality import load_quality, quality_names
from scenes.render.worker import run_job, section_times

pytestmark = pytest.mark.usefixtures("repo_on_path")


# --- quality presets ----------------------------------------------------------------------


def test_the_repository_presets_are_draft_hd_and_4k_smallest_first() -> None:
    assert quality_names() == ("draft", "hd", "4k")
    draft, hd, four_k = (load_quality(name) for name in quality_names())
    assert (draft.pixel_width, draft.pixel_height, draft.frame_rate) == (854, 480, 15)
    assert (hd.pixel_width, hd.pixel_height, hd.frame_rate) == (1920, 1080, 60)
    assert (four_k.pixel_width, four_k.pixel_height, four_k.frame_rate) == (3840, 2160, 60)
    assert hd.path.name == "hd.cfg" and hd.text == hd.path.read_text()


def test_every_preset_asks_x264_for_the_veryfast_preset() -> None:
    from manim import config

    for name in quality_names():
        settings = config.copy().digest_file(load_quality(name).path)
        assert settings.video_encoder_options["preset"] == "veryfast"
        assert settings.pixel_height == load_quality(name).pixel_height


def test_an_unknown_quality_is_a_value_error_listing_the_valid_ones() -> None:
    with pytest.raises(UnknownQualityError) as raised:
        load_quality("ultra")
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == "Unknown quality 'ultra'; valid qualities: draft, hd, 4k."
    with pytest.raises(UnknownQualityError):
        load_quality("../render_config/hd")


def test_a_job_rejects_an_unsupported_format(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    with pytest.raises(UnknownQualityError):
        load_quality("hd", setup.presets)  # not in the test's preset folder
    with pytest.raises(UnsupportedFormatError, match="supported formats: mp4, webm, gif, png"):
        replace(tiny_job(setup, tmp_path), formats=("avi",))
    with pytest.raises(UnsupportedFormatError, match="cannot carry transparency"):
        replace(tiny_job(setup, tmp_path), formats=("mp4",), transparent=True)


def test_importing_render_does_not_import_manim() -> None:
    code = "import sys, scenes.render.jobs; print('manim' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"


# --- keys ------------------------------------------------------------------------------------


@pytest.fixture
def key_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[RenderJob, Path]]:
    """A job whose scene module, the modules it imports and preset are files the test edits.

    probe.py imports base at the top and style inside a function; cli.py imports probe but
    nothing imports it.
    """
    setup = make_setup(tmp_path)
    package = tmp_path / "probe_scenes"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "probe.py").write_text(
        "from probe_scenes.base import BASE\n\n"
        "class Probe:\n    def draw(self):\n        from probe_scenes import style\n"
    )
    (package / "base.py").write_text("BASE = 1\n")
    (package / "cli.py").write_text("import probe_scenes.probe\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    job = replace(tiny_job(setup, tmp_path / "out"), scene="Probe", module="probe_scenes.probe")
    yield job, package
    sys.modules.pop("probe_scenes", None)


def probe_key(job: RenderJob, digest: str = "d1", manim: str = "0.22.0") -> str:
    return compute_key(key_parts(replace(job, content_digest=digest), manim=manim))


def test_the_same_inputs_give_the_same_key(key_setup: tuple[RenderJob, Path]) -> None:
    job, _ = key_setup
    assert probe_key(job) == probe_key(replace(job))


def test_each_input_changes_the_key(key_setup: tuple[RenderJob, Path]) -> None:
    job, package = key_setup
    before = probe_key(job)
    assert probe_key(job, digest="d2") != before
    assert probe_key(job, manim="0.22.1") != before

    job.quality.path.write_text(TINY_PRESET + "crf = 20\n")
    assert probe_key(job) == before  # the job carries the preset as its command read it
    job = replace(job, quality=load_quality("tiny", job.quality.path.parent))
    after_preset = probe_key(job)
    assert after_preset != before

    (package / "base.py").write_text("BASE = 2\n")
    after_imported = probe_key(job)
    assert after_imported != after_preset

    (package / "style.py").write_text("# an imported module that did not exist before\n")
    after_new_module = probe_key(job)
    assert after_new_module != after_imported

    (package / "cli.py").write_text("# a module nothing imports: not part of the key\n")
    assert probe_key(job) == after_new_module

    (package / "probe.py").write_text("class Probe:\n    pass\n")
    assert probe_key(job) != after_new_module


def test_the_format_is_part_of_the_key(key_setup: tuple[RenderJob, Path]) -> None:
    job, _ = key_setup
    parts = key_parts(replace(job, content_digest="d1"), manim="0.22.0")
    assert parts["format"] == "mp4"
    assert compute_key({**parts, "format": "webm"}) != compute_key(parts)


def test_a_missing_scene_module_is_one_clear_error(tmp_path: Path) -> None:
    job = replace(tiny_job(make_setup(tmp_path), tmp_path), module="scenes.no_such_scene")
    with pytest.raises(
        SceneNotFoundError, match="Scene module 'scenes.no_such_scene' was not found."
    ):
        job_key(replace(job, content_digest="d"))


# --- one job ---------------------------------------------------------------------------------


def test_section_times_add_up_frame_exactly() -> None:
    index = [{"name": "A", "nb_frames": "8", "duration": "0.533"}, {"name": "B", "duration": "0.2"}]
    assert section_times(index, 15.0) == [
        {"name": "A", "start": 0.0, "end": 0.533333},
        {"name": "B", "start": 0.533333, "end": 0.733333},
    ]


@pytest.mark.slow
def test_a_job_renders_the_fixture_into_out_quality(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    result = run_job(tiny_job(setup, out), key="key-1")

    assert result.path == out / "tiny" / "TinyScene.mp4" and result.path.is_file()
    assert (result.frames, result.duration, result.key) == (10, 1.0, "key-1")
    assert result.peak_rss_mb > 10 and result.wall_seconds > 0
    frames = decoded_frames(result.path)
    assert frames.shape == (10, 90, 160, 3)
    assert frames[-1].max() > 100  # the square and circle are drawn, not a black clip

    srt = result.srt.read_text()
    assert srt.index(CAPTIONS[0]) < srt.index(CAPTIONS[1])  # the content file's captions
    assert "00:00:00,500 --> 00:00:01,000" in srt
    assert json.loads(result.sections.read_text()) == [
        {"name": "First", "start": 0.0, "end": 0.5},
        {"name": "Second", "start": 0.5, "end": 1.0},
    ]
    assert work_leftovers(out) == []


@pytest.mark.slow
def test_a_job_failing_mid_render_keeps_the_good_clip_and_leaves_no_temp(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    good = run_job(tiny_job(setup, out), key="good")
    published = {path: path.read_bytes() for path in (out / "tiny").rglob("*") if path.is_file()}
    assert {good.path, good.srt, good.sections} <= set(published)

    with pytest.raises(RuntimeError, match="asked to fail in its second section"):
        run_job(replace(tiny_job(setup, out), content=setup.failing_content), key="bad")

    after = {path: path.read_bytes() for path in (out / "tiny").rglob("*") if path.is_file()}
    assert after == published
    assert work_leftovers(out) == []


def test_a_folder_where_a_file_goes_keeps_every_published_file_as_it_was(
    tmp_path: Path,
) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    good = run_job(tiny_job(setup, out), key="good")
    good.sections.unlink()
    good.sections.mkdir()  # a folder where the section times go
    published = {path: path.read_bytes() for path in (out / "tiny").rglob("*") if path.is_file()}

    with pytest.raises(PublishError, match="is a folder, where the render must write a file"):
        run_job(replace(tiny_job(setup, out), content=setup.content), key="new")

    after = {path: path.read_bytes() for path in (out / "tiny").rglob("*") if path.is_file()}
    assert after == published  # no new clip, poster or captions beside the old ones
    assert work_leftovers(out) == []


# --- many jobs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SequentialRun:
    setup: Setup
    out: Path
    report: RenderReport
    events: list[tuple[str, str]]


@pytest.fixture(scope="module")
def sequential(tmp_path_factory: pytest.TempPathFactory) -> SequentialRun:
    """Two fixture jobs rendered by one worker, once for all the tests that read them."""
    root = tmp_path_factory.mktemp("sequential")
    setup = make_setup(root)
    events: list[tuple[str, str]] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(REPO_ROOT))
        report = render_jobs(
            two_jobs(setup, root / "out"),
            workers=1,
            key_of=keys_with({"TinyScene": "a", "OtherTinyScene": "b"}),
            on_event=lambda event: events.append((event.kind.value, event.scene)),
        )
    return SequentialRun(setup, root / "out", report, events)


@pytest.mark.slow
def test_render_jobs_renders_in_input_order_and_records_the_manifest(
    sequential: SequentialRun,
) -> None:
    report, out = sequential.report, sequential.out
    assert report.ok and report.skipped == ()
    assert [result.scene for result in report.results] == ["TinyScene", "OtherTinyScene"]
    assert sequential.events == [
        ("started", "TinyScene"),
        ("finished", "TinyScene"),
        ("started", "OtherTinyScene"),
        ("finished", "OtherTinyScene"),
    ]
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert manifest["version"] == 1
    assert sorted(manifest["renders"]) == ["tiny/OtherTinyScene.mp4", "tiny/TinyScene.mp4"]
    entry = manifest["renders"]["tiny/TinyScene.mp4"]
    assert entry["key"] == report.results[0].key and entry["duration"] == 1.0
    assert {entry["scene"], entry["quality"], entry["format"]} == {"TinyScene", "tiny", "mp4"}
    assert work_leftovers(out) == [] and not (out / ".work").exists()


@pytest.mark.slow
def test_a_second_run_renders_nothing_and_an_edited_digest_renders_only_its_job(
    sequential: SequentialRun, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(sequential.out, out)
    jobs = two_jobs(sequential.setup, out)
    manifest_before = (out / MANIFEST_NAME).read_bytes()
    events: list[EventKind] = []

    again = render_jobs(
        jobs,
        key_of=keys_with({"TinyScene": "a", "OtherTinyScene": "b"}),
        on_event=lambda event: events.append(event.kind),
    )
    assert again.results == () and again.skipped == tuple(jobs)
    assert events == [EventKind.SKIPPED, EventKind.SKIPPED]
    assert (out / MANIFEST_NAME).read_bytes() == manifest_before

    edited = render_jobs(jobs, key_of=keys_with({"TinyScene": "a", "OtherTinyScene": "b2"}))
    assert [result.scene for result in edited.results] == ["OtherTinyScene"]
    assert edited.skipped == (jobs[0],)
    recorded = Manifest.load(out / MANIFEST_NAME).renders
    assert recorded["tiny/OtherTinyScene.mp4"].key == edited.results[0].key
    assert recorded["tiny/TinyScene.mp4"].key == sequential.report.results[0].key


@pytest.mark.slow
def test_a_stale_or_missing_clip_is_never_fresh(sequential: SequentialRun, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(sequential.out, out)
    job = two_jobs(sequential.setup, out)[0]
    key = sequential.report.results[0].key
    manifest = Manifest.load(out / MANIFEST_NAME)
    assert is_fresh(job, manifest, key=key)
    assert not is_fresh(job, manifest, key="another key")
    assert not is_fresh(replace(job, scene="NeverRendered"), manifest, key=key)
    job.clip_path.write_bytes(b"someone else's file")
    assert not is_fresh(job, manifest, key=key)
    job.srt_path.unlink()
    job.clip_path.unlink()
    assert not is_fresh(job, manifest, key=key)


@pytest.mark.slow
def test_parallel_and_sequential_runs_give_the_same_frames(
    sequential: SequentialRun, tmp_path: Path
) -> None:
    jobs = two_jobs(sequential.setup, tmp_path / "out")
    report = render_jobs(
        jobs, workers=2, key_of=keys_with({"TinyScene": "a", "OtherTinyScene": "b"})
    )
    assert [result.scene for result in report.results] == ["TinyScene", "OtherTinyScene"]
    for parallel, alone in zip(report.results, sequential.report.results, strict=True):
        assert parallel.key == alone.key
        a, b = decoded_frames(parallel.path), decoded_frames(alone.path)
        assert a.shape == b.shape == (10, 90, 160, 3)
        assert np.array_equal(a, b)  # x264's threads do not depend on the workers
    first, second = (decoded_frames(result.path) for result in report.results)
    assert np.abs(first.astype(int) - second.astype(int)).max() > 50  # two different scenes


@pytest.mark.slow
def test_a_failing_job_does_not_stop_the_others(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    failing = replace(tiny_job(setup, out, "TinyScene"), content=setup.failing_content)
    missing = tiny_job(setup, out, "NoSuchScene")
    good = tiny_job(setup, out, "OtherTinyScene")
    events: list[tuple[EventKind, str]] = []

    report = render_jobs(
        [failing, missing, good],
        workers=2,
        key_of=lambda job: job_key(replace(job, content_digest="d")),
        on_event=lambda event: events.append((event.kind, event.scene)),
    )

    assert [result.scene for result in report.results] == ["OtherTinyScene"]
    assert [failure.scene for failure in report.failures] == ["TinyScene", "NoSuchScene"]
    crash, absent = report.failures
    assert crash.message == ("RuntimeError: the fixture was asked to fail in its second section")
    assert "Traceback" in crash.traceback and "tiny_scene.py" in crash.traceback
    assert absent.message == f"Module '{FIXTURE_MODULE}' has no scene class 'NoSuchScene'."
    assert (EventKind.FAILED, "TinyScene") in events and (
        EventKind.FINISHED,
        "OtherTinyScene",
    ) in events
    assert list(Manifest.load(out / MANIFEST_NAME).renders) == ["tiny/OtherTinyScene.mp4"]
    assert work_leftovers(out) == []


def test_each_job_gets_a_fresh_worker_with_manim_already_imported() -> None:
    with default_executor(1) as pool:
        first = pool.submit(change_manim_config, 7).result(timeout=120)
        second = pool.submit(change_manim_config, 9).result(timeout=120)
    (first_pid, _, default_rate), (second_pid, preloaded, rate_seen) = first, second
    assert len({first_pid, second_pid, os.getpid()}) == 3
    assert rate_seen == default_rate != 7  # the first job's change did not reach the second
    if sys.platform == "linux":
        assert preloaded  # forked from the server that imported manim once


def test_failures_that_are_one_sentence_are_reported_as_they_are(tmp_path: Path) -> None:
    from scenes.render.job import failure_of
    from scenes.voice.narration import VoiceCacheDamaged

    job = tiny_job(make_setup(tmp_path), tmp_path / "out")
    damaged = VoiceCacheDamaged("out/.voice-cache/mixed/a.npy: could not be read; render again.")
    in_the_way = PublishError("out/tiny/TinyScene.srt is a folder, where the render must ...")
    for error in (damaged, in_the_way):
        assert failure_of(job, error).message == str(error)
