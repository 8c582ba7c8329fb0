"""A narrated job: beats as long as their speech, audio in every clip, captions per sentence,
and an edit that keeps every beat's length remuxes the audio instead of rendering again."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest
from render_fixtures import Setup, keys_with, make_setup, tiny_job

from scenes.outputs.captions import parse_srt
from scenes.render.cache import MANIFEST_NAME, Manifest
from scenes.render.job import RenderJob
from scenes.render.jobs import render_jobs
from scenes.render.keys import plan_work
from scenes.voice.narration import BeatNarration, SceneNarration
from scenes.voice.speech import Sentence

# every test renders; the workers import the fixture scene
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("repo_on_path")]

RATE = 48_000
FRAME = 1 / 10  # the tiny preset's 10 fps
DIGESTS = keys_with({"TinyScene": "tiny-content"})


def tone(path: Path, seconds: float, hz: float) -> tuple[Path, str]:
    samples = (0.2 * np.sin(2 * np.pi * hz * np.arange(int(seconds * RATE)) / RATE)).astype(
        np.float32
    )
    np.save(path, samples)
    return path, f"{hz}-{seconds}"


def narration(root: Path, first: str = "A circle appears.", hz: float = 440) -> SceneNarration:
    a, da = tone(root / f"first-{hz}.npy", 1.0, hz)
    b, db = tone(root / f"second-{hz}.npy", 0.3, hz * 1.5)
    return SceneNarration(
        "TinyScene",
        (
            BeatNarration("First", 1.2, (Sentence(first, 0.0, 1.0),), a, da, "voice"),
            BeatNarration("Second", 0.5, (Sentence("A square.", 0.0, 0.3),), b, db, "voice"),
        ),
        voiced=True,
    )


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return make_setup(tmp_path / "setup")


def narrated_job(setup: Setup, out: Path, spoken: SceneNarration) -> RenderJob:
    return replace(tiny_job(setup, out), narration=spoken)


def streams(path: Path) -> tuple[float, float | None, np.ndarray]:
    """Video seconds, audio seconds (None: no audio stream), decoded audio samples."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        frames = sum(1 for p in container.demux(video) if p.size)
        seconds = frames / float(video.average_rate)
        if not container.streams.audio:
            return seconds, None, np.zeros(0)
        audio = container.streams.audio[0]
        audio_seconds = float(audio.duration * audio.time_base)
        container.seek(0)
        samples = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio)])
    return seconds, audio_seconds, samples


def test_beats_last_their_speech_and_every_clip_carries_its_audio(setup: Setup, tmp_path: Path):
    out = tmp_path / "out"
    job = narrated_job(setup, out, narration(tmp_path))
    report = render_jobs([job], workers=1, key_of=DIGESTS)
    assert report.ok, report.failures

    video, audio, samples = streams(job.clip_path)
    # the beats grew to their speech (manim rounds a held frame's length down to a frame)
    assert video == pytest.approx(1.2 + 0.5, abs=FRAME * 1.01)
    assert audio == pytest.approx(video, abs=FRAME)
    # each beat's speech starts with its section (within 50 ms) and is not silent
    second = json.loads(job.sections_path.read_text(encoding="utf-8"))[1]["start"]
    for start in (0.0, second):
        window = samples[int((start + 0.05) * RATE) : int((start + 0.25) * RATE)]
        assert np.sqrt(np.mean(window**2)) > 0.05
    tail = int((second + 0.35) * RATE)
    silent_tail = samples[tail : tail + RATE // 10]  # after "A square." ends
    assert np.sqrt(np.mean(silent_tail**2)) < 0.01
    for beat, length in (("01-First", 1.2), ("02-Second", 0.5)):
        beat_video, beat_audio, beat_samples = streams(job.folder / "TinyScene" / f"{beat}.mp4")
        assert beat_video == pytest.approx(length, abs=FRAME * 1.01)
        assert beat_audio == pytest.approx(beat_video, abs=FRAME)
        assert np.sqrt(np.mean(beat_samples[: RATE // 5] ** 2)) > 0.05

    cues = parse_srt(job.srt_path.read_text(encoding="utf-8"))
    assert [(c.text, c.start, c.end) for c in cues] == [
        ("A circle appears.", 0.0, 1.0),
        ("A square.", second, round(second + 0.3, 3)),
    ]


def test_rewording_within_the_beats_lengths_remuxes_the_audio_only(setup: Setup, tmp_path: Path):
    out = tmp_path / "out"
    first = narrated_job(setup, out, narration(tmp_path))
    assert render_jobs([first], workers=1, key_of=DIGESTS).ok
    video_before = first.clip_path.read_bytes()

    reworded = narrated_job(setup, out, narration(tmp_path, "A blue circle.", hz=330))
    manifest = Manifest.load(out / MANIFEST_NAME)
    work = plan_work(reworded, manifest, key=DIGESTS(reworded))
    assert work is not None and (work.render, work.narrate) == (False, True)

    report = render_jobs([reworded], workers=1, key_of=DIGESTS)
    assert report.ok and not report.results[0].rendered and report.results[0].narrated
    assert first.clip_path.read_bytes() != video_before
    assert parse_srt(first.srt_path.read_text(encoding="utf-8"))[0].text == "A blue circle."
    _, _, samples = streams(first.clip_path)
    spectrum = np.abs(np.fft.rfft(samples[: RATE // 2]))
    assert np.argmax(spectrum) * 2 == pytest.approx(330, abs=4)  # 0.5 s: a bin is 2 Hz
    assert plan_work(reworded, Manifest.load(out / MANIFEST_NAME), key=DIGESTS(reworded)) is None


def test_a_longer_beat_renders_the_video_again(setup: Setup, tmp_path: Path):
    out = tmp_path / "out"
    spoken = narration(tmp_path)
    assert render_jobs([narrated_job(setup, out, spoken)], workers=1, key_of=DIGESTS).ok
    longer = replace(spoken, beats=(replace(spoken.beats[0], seconds=2.0), spoken.beats[1]))
    job = narrated_job(setup, out, longer)
    work = plan_work(job, Manifest.load(out / MANIFEST_NAME), key=DIGESTS(job))
    assert work is not None and work.render


def test_silent_narration_writes_clips_without_audio_and_with_its_captions(
    setup: Setup, tmp_path: Path
):
    out = tmp_path / "out"
    spoken = narration(tmp_path)
    silent = replace(
        spoken, voiced=False, beats=tuple(replace(b, audio=None, digest="") for b in spoken.beats)
    )
    job = narrated_job(setup, out, silent)
    assert render_jobs([job], workers=1, key_of=DIGESTS).ok
    video, audio, _ = streams(job.clip_path)
    assert audio is None and video == pytest.approx(1.7, abs=FRAME * 1.01)
    assert [c.text for c in parse_srt(job.srt_path.read_text(encoding="utf-8"))] == [
        "A circle appears.",
        "A square.",
    ]


def test_transparent_mov_and_webm_carry_the_voice_too(setup: Setup, tmp_path: Path):
    out = tmp_path / "out"
    job = replace(
        narrated_job(setup, out, narration(tmp_path)), transparent=True, formats=("mov", "webm")
    )
    assert render_jobs([job], workers=1, key_of=DIGESTS).ok
    for name in ("mov", "webm"):
        for clip in (
            job.folder / f"TinyScene.{name}",
            job.folder / "TinyScene" / f"02-Second.{name}",
        ):
            with av.open(str(clip)) as container:
                assert container.streams.audio, f"{clip} has no audio"
                samples = np.concatenate(
                    [f.to_ndarray().reshape(-1) for f in container.decode(audio=0)]
                )
            assert np.sqrt(np.mean(samples[: RATE // 5] ** 2)) > 0.05
