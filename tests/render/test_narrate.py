"""Captions from the voice: each sentence's cues at its spoken time, never past its beat."""

from __future__ import annotations

from scenes.render.narrate import caption_cues
from scenes.voice.narration import BeatNarration, SceneNarration
from scenes.voice.speech import Sentence

SECTIONS = [
    {"name": "First", "start": 0.0, "end": 2.0},
    {"name": "Second", "start": 2.0, "end": 3.0},
]


def test_cues_follow_the_sentences_and_stop_at_the_end_of_their_beat() -> None:
    narration = SceneNarration(
        "Scene",
        (
            BeatNarration("First", 1.9, (Sentence("One.", 0.0, 0.8), Sentence("Two.", 0.8, 1.5))),
            BeatNarration("Second", 1.2, (Sentence("Three.", 0.0, 1.4),)),
        ),
        voiced=True,
    )
    cues = [(cue.text, cue.start, cue.end) for cue in caption_cues(narration, SECTIONS)]
    assert cues == [("One.", 0.0, 0.8), ("Two.", 0.8, 1.5), ("Three.", 2.0, 3.0)]


def test_a_long_sentence_becomes_cues_of_two_short_lines_over_its_spoken_time() -> None:
    said = (
        "For a function inside a function, differentiate the outside, keep the inside, "
        "then multiply by the inside's derivative."
    )
    narration = SceneNarration(
        "Scene", (BeatNarration("First", 1.9, (Sentence(said, 0.2, 1.9),)),), voiced=True
    )
    cues = caption_cues(narration, [{"name": "First", "start": 4.0, "end": 6.0}])
    assert (cues[0].start, cues[-1].end) == (4.2, 5.9)
    assert " ".join(line for cue in cues for line in cue.text.split("\n")) == said
    assert all(len(line) <= 42 for cue in cues for line in cue.text.split("\n"))


def test_a_silent_beat_has_no_cue() -> None:
    narration = SceneNarration(
        "Scene",
        (BeatNarration("First", 0.0, ()), BeatNarration("Second", 1.0, (Sentence("A.", 0, 1),))),
        voiced=True,
    )
    assert [cue.text for cue in caption_cues(narration, SECTIONS)] == ["A."]


def test_a_step_beginning_before_the_part_before_it_has_faded_cuts_its_cue() -> None:
    beat = BeatNarration(
        "First",
        3.0,
        (Sentence("One.", 0.0, 1.2), Sentence("Two.", 1.2, 2.0)),
        parts=(1, 1),
    )
    narration = SceneNarration("Scene", (beat,), voiced=True)
    # the scene began the step at 1.15 s, while "One." (with its pause) ran to 1.2 s
    section = {"name": "First", "start": 0.0, "end": 3.0, "steps": [1.15]}
    cues = caption_cues(narration, [section])
    assert [(c.text, c.start, c.end) for c in cues] == [
        ("One.", 0.0, 1.15),
        ("Two.", 1.15, 1.95),
    ]
