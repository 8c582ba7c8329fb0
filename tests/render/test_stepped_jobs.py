"""A beat said step by step, through the whole render: each step's speech starts within
100 ms of its step in every clip, its captions with it, and a step reworded within its
step's animation remuxes the audio instead of rendering again."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from render_fixtures import Setup, keys_with, make_setup, tiny_job
from test_narrated_jobs import streams

from scenes.outputs.captions import parse_srt
from scenes.render.cache import MANIFEST_NAME, Manifest
from scenes.render.job import RenderJob
from scenes.render.jobs import render_jobs
from scenes.render.keys import plan_work
from scenes.voice.narration import BeatNarration, SceneNarration
from scenes.voice.speech import Sentence

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("repo_on_path")]

RATE = 48_000
DIGESTS = keys_with({"SteppedScene": "stepped-content"})
TONES = (330.0, 440.0, 660.0)  # the opening, the circle's step, the square's step


def narration(
    root: Path, seconds: tuple[float, float, float], second: str = "A circle."
) -> SceneNarration:
    """Each part a tone of its own for `seconds`, said back to back in one beat audio."""
    pieces = [
        (0.2 * np.sin(2 * np.pi * hz * np.arange(int(s * RATE)) / RATE)).astype(np.float32)
        for hz, s in zip(TONES, seconds, strict=True)
    ]
    audio = root / f"beat-{'-'.join(map(str, seconds))}-{len(second)}.npy"
    np.save(audio, np.concatenate(pieces))
    a, b, c = np.cumsum(seconds)
    sentences = (
        Sentence("Two shapes.", 0.0, a),
        Sentence(second, a, b),
        Sentence("A square.", b, c),
    )
    beat = BeatNarration(
        "DrawTwoShapes", c + 0.4, sentences, audio, audio.stem, "voice", int(c * RATE), (1, 1, 1)
    )
    return SceneNarration("SteppedScene", (beat,), voiced=True)


def stepped_job(setup: Setup, out: Path, spoken: SceneNarration) -> RenderJob:
    job = tiny_job(setup, out, "SteppedScene")
    return replace(job, module="tests.fixtures.stepped_scene", narration=spoken)


def tone_at(samples: np.ndarray, start: float) -> float:
    """The strongest frequency in the 0.1 s after `start`."""
    window = samples[int(start * RATE) : int((start + 0.1) * RATE)]
    spectrum = np.abs(np.fft.rfft(window))
    return float(np.argmax(spectrum) * RATE / len(window))


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return make_setup(tmp_path / "setup")


def test_each_steps_speech_starts_with_its_step(setup: Setup, tmp_path: Path) -> None:
    # the opening is said for 1 s; the circle's sentence (0.3 s) is shorter than its
    # 0.5 s animation, the square's (1.2 s) longer
    job = stepped_job(setup, tmp_path / "out", narration(tmp_path, (1.0, 0.3, 1.2)))
    assert render_jobs([job], workers=1, key_of=DIGESTS).ok
    (section,) = json.loads(job.sections_path.read_text(encoding="utf-8"))
    steps = section["steps"]
    assert steps == pytest.approx([1.0, 1.5], abs=0.1)  # each after the part before it
    _, _, samples = streams(job.clip_path)
    onset = np.flatnonzero(np.abs(samples) > 0.05)
    for start, hz in zip([0.0, *steps], TONES, strict=True):
        assert tone_at(samples, start + 0.01) == pytest.approx(hz, abs=15)
        first_sound = onset[onset >= int((start - 0.1) * RATE)][0] / RATE
        assert abs(first_sound - start) <= 0.1  # the step's speech starts within 100 ms
    cues = parse_srt(job.srt_path.read_text(encoding="utf-8"))
    assert [c.text for c in cues] == ["Two shapes.", "A circle.", "A square."]
    assert [c.start for c in cues] == pytest.approx([0.0, *steps], abs=0.01)


def test_a_step_reworded_within_its_animation_remuxes_only(setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = stepped_job(setup, out, narration(tmp_path, (1.0, 0.3, 1.2)))
    assert render_jobs([first], workers=1, key_of=DIGESTS).ok
    reworded = stepped_job(setup, out, narration(tmp_path, (1.0, 0.35, 1.2), "A round circle."))
    work = plan_work(reworded, Manifest.load(out / MANIFEST_NAME), key=DIGESTS(reworded))
    assert work is not None and (work.render, work.narrate) == (False, True)
    longer = stepped_job(setup, out, narration(tmp_path, (1.0, 0.9, 1.2), "A circle, drawn."))
    work = plan_work(longer, Manifest.load(out / MANIFEST_NAME), key=DIGESTS(longer))
    assert work is not None and work.render  # past its animation: the square starts later
