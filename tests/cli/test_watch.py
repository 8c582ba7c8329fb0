"""`lecture watch`: polling, re-rendering what a save made stale, surviving content errors."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from render_fixtures import Setup, make_setup, tiny_job

from scenes.cli import main as cli
from scenes.cli import watch
from scenes.cli.watch import lecture_jobs, snapshot, watched_files
from scenes.content.loader import DEFAULT_CONTENT, ContentError
from scenes.paths import PACKAGE_DIR, RENDER_CONFIG_DIR
from scenes.plans import load_lecture
from scenes.render.errors import RenderInputError
from scenes.render.job import RenderJob
from scenes.render.keys import job_key

pytestmark = pytest.mark.usefixtures("repo_on_path")


def save(path: Path, text: str) -> None:
    """Write like an editor and move the mtime on, so even a coarse clock sees the save."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    os.utime(path, ns=(before + 10**9, before + 10**9))


def fixture_builder(setup: Setup, out: Path) -> Callable[[], watch.Batch]:
    """Stands in for the lecture loader: unreadable JSON content is a ContentError."""

    def build() -> watch.Batch:
        try:
            json.loads(setup.content.read_text())
        except ValueError:
            raise ContentError(f"{setup.content} is not valid JSON.") from None
        return watch.Batch(None, [tiny_job(setup, out)])

    return build


def content_key(job: RenderJob) -> str:
    """The fixture's digest is its content file's, as read when the round built its job."""
    assert job.content_digest == hashlib.sha256(job.content.read_bytes()).hexdigest()
    return job_key(job)


def test_a_snapshot_sees_edits_new_files_and_deletions(tmp_path: Path) -> None:
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    save(first, "A = 1\n")

    def files() -> list[Path]:
        return sorted(tmp_path.glob("*.py"))

    before = snapshot(files())
    assert snapshot(files()) == before
    save(first, "A = 2\n")
    edited = snapshot(files())
    assert edited != before and list(edited) == [first]
    save(second, "")
    assert list(snapshot(files())) == [first, second]
    first.unlink()
    assert list(snapshot(files())) == [second]


def test_the_watched_files_are_the_content_the_presets_and_the_scene_modules() -> None:
    files = watched_files(DEFAULT_CONTENT, RENDER_CONFIG_DIR)
    names = {path.name for path in files}
    assert {"lecture.toml", "draft.cfg", "hd.cfg", "4k.cfg"} <= names
    assert {PACKAGE_DIR / "kit" / "base.py", PACKAGE_DIR / "templates" / "secant.py"} <= set(files)
    assert all(
        path == DEFAULT_CONTENT or path.suffix == ".cfg" or PACKAGE_DIR in path.parents
        for path in files
    )


@pytest.mark.slow
def test_lecture_jobs_follow_the_saved_content(tmp_path: Path) -> None:
    content = tmp_path / "lecture.toml"
    save(content, DEFAULT_CONTENT.read_text())
    batch = lecture_jobs(content, ("SecantConvergence",), "draft", tmp_path / "out", voiced=False)()
    assert [(job.scene, job.module, job.quality.name) for job in batch.jobs] == [
        ("SecantConvergence", "scenes.templates.secant", "draft")
    ]
    assert batch.lecture is not None and batch.jobs[0].content == batch.lecture.scenes[2]
    every = lecture_jobs(content, (), "draft", tmp_path, voiced=False)().jobs
    assert len(every) == len(load_lecture(content).scenes)

    with pytest.raises(RenderInputError, match="has no scene 'Nope'; its scenes: LectureTitle"):
        lecture_jobs(content, ("Nope",), "draft", tmp_path, voiced=False)()
    save(content, "[lecture\n")
    with pytest.raises(ContentError):
        lecture_jobs(content, (), "draft", tmp_path, voiced=False)()


@pytest.mark.slow
def test_watch_renders_each_save_and_keeps_watching_after_a_content_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup = make_setup(tmp_path)
    out = tmp_path / "out"
    clip, captions = out / "tiny" / "TinyScene.mp4", out / "tiny" / "TinyScene.srt"
    edits = iter(
        [
            lambda: None,  # poll 2 sees nothing new
            lambda: save(setup.content, "{not json"),  # poll 3: a content error
            lambda: save(setup.content, json.dumps({"captions": ["Edited.", "Twice."]})),
            lambda: os.utime(setup.content),  # poll 5: saved, but nothing changed
        ]
    )
    rounds = watch.watch(
        fixture_builder(setup, out),
        lambda: [setup.content, *setup.presets.glob("*.cfg")],
        workers=1,
        key_of=content_key,
        pause=lambda seconds: next(edits)(),
        max_polls=5,
    )

    assert rounds == 4  # the first render, the error, the edit, the no-op save
    shown = capsys.readouterr()
    assert shown.err == (
        f"Error: {setup.content} is not valid JSON.\n"  # one sentence, and the watch went on
    )
    lines = shown.out.splitlines()
    rendered = [line for line in lines if line.startswith(f"TinyScene: {clip} (1.0 s of video")]
    assert len(rendered) == 2
    assert lines.count("TinyScene: rendering") == 2
    assert lines[-2:] == ["Everything is up to date.", "Watching for changes (Ctrl-C to stop)..."]
    assert "Edited." in captions.read_text() and "A circle appears." not in captions.read_text()


def test_the_command_prints_a_content_error_keeps_watching_and_exits_0_on_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "lecture.toml"
    broken.write_text(DEFAULT_CONTENT.read_text().replace("x0 = 1\n", 'x0 = "one"\n', 1))
    with pytest.raises(ContentError) as expected:
        load_lecture(broken)
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(watch, "sleep", pause)
    result = CliRunner().invoke(
        cli.main, ["--content", str(broken), "watch", "--out", str(tmp_path / "out")]
    )

    assert result.exit_code == 0
    assert result.stderr == f"Error: {expected.value}\n"  # once: later polls saw no change
    assert pauses == [watch.POLL_SECONDS] * 3
    assert result.stdout.splitlines()[-1] == "Stopped watching."
    assert not (tmp_path / "out").exists()


def test_the_command_rejects_an_unknown_quality(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.main, ["watch", "--quality", "ultra"])
    assert result.exit_code == 2
    assert result.stderr == "Error: Unknown quality 'ultra'; valid qualities: draft, hd, 4k.\n"


@pytest.mark.slow
def test_watch_with_storyboard_redraws_what_a_save_made_stale_and_renders_no_video(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, out = tmp_path / "lecture.toml", tmp_path / "out"
    text = DEFAULT_CONTENT.read_text()
    title = "Neural networks learn with calculus."
    slope = "Slope is rise over run: how far the line goes up, for how far it goes across."
    assert title in text and slope in text
    save(content, text)
    edits = iter(
        [
            lambda: save(content, text.replace(title, "Here is the calculus.")),
            lambda: save(content, text.replace(title, "Here is the calculus.").replace(slope, "")),
        ]
    )
    rounds = watch.watch(
        lecture_jobs(content, ("LectureTitle",), "draft", out, voiced=False),
        lambda: [content],
        workers=1,
        pause=lambda seconds: next(edits)(),
        max_polls=3,
        storyboard=True,
    )

    assert rounds == 3
    lines = capsys.readouterr().out.splitlines()
    assert lines.count("[1/1] LectureTitle: drawing") == 2  # the first round and the title edit
    assert "Every storyboard is up to date." in lines  # another scene's edit draws nothing
    page = (out / "draft" / "storyboard" / "index.html").read_text()
    assert "Here is the calculus." in page and "Neural networks learn" not in page
    assert not list(out.rglob("*.mp4"))


def test_ctrl_c_during_a_round_exits_130_with_the_render_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted_round(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # as Ctrl-C arrives while the round's render runs

    monkeypatch.setattr(watch, "render_round", interrupted_round)
    result = CliRunner().invoke(cli.main, ["watch", "--out", str(tmp_path / "out")])

    assert result.exit_code == 130
    assert result.stderr.strip() == (
        "Interrupted: the clips finished so far are kept; run again to render the rest."
    )
    assert "Stopped watching." not in result.stdout
