"""Each part of a step-by-step beat is heard from its step's start, and captioned there."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.voice import loudness
from scenes.voice.narration import (
    BeatNarration,
    SceneNarration,
    part_starts,
    scene_track,
    timed_sentences,
)
from scenes.voice.speech import Sentence

RATE = loudness.MIX_RATE


def stepped_beat(tmp_path) -> BeatNarration:  # noqa: ANN001
    # the opening said over 0-1 s, step one over 1-1.5 s, step two over 1.5-3 s;
    # each part's samples hold its own number
    samples = np.concatenate(
        [np.full(RATE, 0.1), np.full(RATE // 2, 0.2), np.full(3 * RATE // 2, 0.3)]
    ).astype(np.float32)
    audio = tmp_path / "beat.npy"
    np.save(audio, samples)
    sentences = (
        Sentence("Open.", 0.0, 1.0),
        Sentence("One.", 1.0, 1.5),
        Sentence("Two.", 1.5, 3.0),
    )
    return BeatNarration("Count", 3.4, sentences, audio, "d", "voice", len(samples), (1, 1, 1))


def test_each_part_is_placed_at_its_step(tmp_path) -> None:  # noqa: ANN001
    beat = stepped_beat(tmp_path)
    assert beat.spans() == ((0.0, 1.0), (1.0, 1.5), (1.5, 3.0))
    assert part_starts(beat, (2.0, 4.0)) == (0.0, 2.0, 4.0)
    track = scene_track(SceneNarration("S", (beat,), True), [(10.0, 16.0, (2.0, 4.0))])
    at = lambda seconds: float(track[round(seconds * RATE)])  # noqa: E731
    # silence before the beat, the opening from its start, each step from its own start
    assert at(9.9) == 0.0
    assert at(10.5) == pytest.approx(0.1)
    assert at(11.5) == 0.0  # the opening is said; step one has not begun
    assert at(12.0) == pytest.approx(0.2, abs=1e-6)  # within a sample of step one's start
    assert at(12.6) == 0.0
    assert at(14.01) == pytest.approx(0.3)
    assert at(15.4) == pytest.approx(0.3)


def test_a_step_the_scene_did_not_record_follows_the_part_before(tmp_path) -> None:  # noqa: ANN001
    beat = stepped_beat(tmp_path)
    assert part_starts(beat, (2.0,)) == (0.0, 2.0, 2.5)


def test_captions_follow_each_part(tmp_path) -> None:  # noqa: ANN001
    beat = stepped_beat(tmp_path)
    assert [(s.text, s.start, s.end) for s in timed_sentences(beat, (2.0, 4.0))] == [
        ("Open.", 0.0, 1.0),
        ("One.", 2.0, 2.5),
        ("Two.", 4.0, 5.5),
    ]
