"""Render progress: the live display under a pseudo-terminal, plain lines without, --quiet."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from render_fixtures import REPO_ROOT, make_setup, tiny_job
from rich.console import Console

from scenes.cli.main import main
from scenes.cli.progress import JobOutlook, RenderProgress
from scenes.paths import DEFAULT_CONTENT
from scenes.render.job import JobResult, Work
from scenes.render.pool import Event, EventKind
from scenes.render.progress_hook import BeatProgress

SCENE = "LectureTitle"  # the lecture's shortest scene: two beats, no graph
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def event(kind: EventKind, index: int, job: object, **details: object) -> Event:
    return Event(kind, job, index, 2, 0.0, **details)  # type: ignore[arg-type]


def finished(index: int, job: object, frames: int) -> Event:
    result = JobResult(
        scene="s", quality="q", path=Path("x"), srt=None, sections=Path("y"), duration=1.0,
        frames=frames, wall_seconds=1.0, peak_rss_mb=1.0, key="k",
    )  # fmt: skip
    return event(EventKind.FINISHED, index, job, result=result)


def test_time_left_comes_from_the_manifests_last_render_seconds(tmp_path: Path) -> None:
    job = tiny_job(make_setup(tmp_path), tmp_path)
    plans = [JobOutlook("A", ("One", "Two"), 600, 60.0), JobOutlook("B", ("One",), 300, 30.0)]
    clock = Clock()
    progress = RenderProgress(plans, workers=1, clock=clock)
    assert progress.overall() == (0.0, 90.0)  # one worker: 60 s then 30 s
    progress.on_event(event(EventKind.STARTED, 0, job, work=Work(True, ())))
    progress.on_report(BeatProgress(0, 2, "Two", 300))  # half of A's frames
    fraction, left = progress.overall()
    assert left == pytest.approx(60.0) and fraction == pytest.approx(30 / 90)
    clock.now += 30
    progress.on_event(finished(0, job, 600))
    assert progress.overall() == (pytest.approx(60 / 90), pytest.approx(30.0))


def test_without_history_the_frame_count_and_the_speed_seen_so_far_decide(
    tmp_path: Path,
) -> None:
    job = tiny_job(make_setup(tmp_path), tmp_path)
    plans = [JobOutlook("A", ("One",), 600, None), JobOutlook("B", ("One",), 1200, None)]
    clock = Clock()
    progress = RenderProgress(plans, workers=2, clock=clock)
    assert progress.overall()[1] is None  # no speed seen yet: "estimating"
    progress.on_event(event(EventKind.STARTED, 0, job, work=Work(True, ())))
    progress.on_report(BeatProgress(0, 1, "One", 10))
    clock.now += 10
    progress.on_report(BeatProgress(0, 1, "One", 310))  # 30 frames per second
    fraction, left = progress.overall()
    # A has 290 frames to go, B 1200, at 30 fps each, on two workers
    assert left == pytest.approx((290 + 1200) / 30 / 2)
    assert 0 < fraction < 1


def test_the_display_shows_each_running_scene_its_beat_frames_and_speed(tmp_path: Path) -> None:
    job = tiny_job(make_setup(tmp_path), tmp_path)
    plans = [JobOutlook("SecantConvergence", ("A", "B", "ShrinkTheStep", "D", "E"), 900, 40.0)]
    clock = Clock()
    progress = RenderProgress(plans, workers=1, clock=clock)
    progress.on_event(event(EventKind.STARTED, 0, job, work=Work(True, ())))
    progress.on_report(BeatProgress(0, 3, "ShrinkTheStep", 100))
    clock.now += 2
    progress.on_report(BeatProgress(0, 3, "ShrinkTheStep", 220))
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(progress)
    shown = console.export_text()
    assert re.search(r"SecantConvergence\s+3/5 ShrinkTheStep\s+220 frames\s+60 fps", shown)
    assert "0/1 scenes" in shown and "left" in shown


def run_in_terminal(arguments: list[str]) -> tuple[int, str]:
    """Runs the lecture command with a pseudo-terminal as its stdout and stderr."""
    primary, secondary = pty.openpty()
    environment = {**os.environ, "COLUMNS": "120", "LINES": "40", "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "scenes.cli.main", *arguments],
        stdin=secondary, stdout=secondary, stderr=secondary, env=environment, cwd=REPO_ROOT,
    )  # fmt: skip
    os.close(secondary)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([primary], [], [], 0.5)
        if ready:
            try:
                data = os.read(primary, 65536)
            except OSError:  # the terminal closed: the command is done
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(primary)
    return process.wait(timeout=60), b"".join(chunks).decode(errors="replace")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("progress")


@pytest.fixture(scope="module")
def title_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default lecture with only its title scene: what these tests watch is the
    progress display, and the whole lecture's narration would take minutes to synthesise."""
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    listed = re.compile(r'scenes = \[\n(    "[A-Za-z]+",\n)+\]')
    assert listed.search(text)
    path = tmp_path_factory.mktemp("title") / "lecture.toml"
    path.write_text(listed.sub(f'scenes = ["{SCENE}"]', text, count=1), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_terminal_gets_the_live_display(out: Path, title_only: Path) -> None:
    code, shown = run_in_terminal(
        ["--content", str(title_only), "render", SCENE, "-q", "draft", "--out", str(out), "--force"]
    )
    assert code == 0, shown
    text = ANSI.sub("", shown)
    assert re.search(rf"{SCENE}\s+[12]/2 (ShowTheTitle|ListTheOutline)\s+\d+ frames", text)
    assert "━" in text and re.search(r"[01]/1 scenes\s+\d+%", text)
    assert f"{SCENE}: done in" in text
    assert f"[1/1] {SCENE}: rendering" not in text  # the plain lines are for logs
    assert re.search(rf"{SCENE}\s+rendered", text)  # and the summary follows


@pytest.mark.slow
def test_without_a_terminal_it_prints_one_line_per_start_and_end(
    out: Path, title_only: Path
) -> None:
    arguments = ["--content", str(title_only), "render", SCENE, "-q", "draft"]
    result = CliRunner().invoke(main, [*arguments, "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines.pop(0).startswith("Narration: ")  # prepared before the render starts
    assert lines[0] == f"[1/1] {SCENE}: rendering"
    assert lines[1].startswith(f"[1/1] {SCENE}: done in ")
    assert "\x1b[" not in result.output and "frames" not in result.output


@pytest.mark.slow
def test_quiet_prints_only_the_summary(out: Path, title_only: Path) -> None:
    arguments = ["--content", str(title_only), "render", SCENE, "-q", "draft"]
    arguments += ["--out", str(out), "--force", "--quiet"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[0].split() == ["scene", "status", "video", "s", "render", "s", "file"]
    assert lines[1].split()[:2] == [SCENE, "rendered"]
    # the lecture of one scene is whole once it is rendered: its lecture.mp4 line follows
    assert "lecture.mp4: " in lines[2] and lines[3].startswith("Done in ") and len(lines) == 4
