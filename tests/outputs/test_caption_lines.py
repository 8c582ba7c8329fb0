"""Captions by the common rules: cues of at most 2 lines of 42 characters, 1 to 7 s each."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenes.outputs.caption_lines import (
    MAX_CUE_SECONDS,
    MAX_LINE,
    MAX_LINES,
    MIN_CUE_SECONDS,
    pages,
    sentence_cues,
)
from scenes.paths import EXAMPLE_LECTURES, RENDER_CONFIG_DIR
from scenes.plans import load_lecture
from scenes.voice.speech import split_sentences

LONG = (
    "For a function inside a function, differentiate the outside, keep the inside, "
    "then multiply by the inside's derivative."
)


def test_a_short_sentence_is_one_line() -> None:
    assert pages("The slope is two.") == ["The slope is two."]


def test_a_long_sentence_breaks_after_its_commas_and_keeps_every_word_in_order() -> None:
    cut = pages(LONG)
    lines = [line for page in cut for line in page.split("\n")]
    assert " ".join(lines) == LONG
    assert all(len(line) <= MAX_LINE for line in lines)
    assert all(len(page.split("\n")) <= MAX_LINES for page in cut)
    assert lines[0] == "For a function inside a function,"
    assert all(not line.endswith((" the", " a", " of")) for line in lines)


@pytest.mark.parametrize("lecture", [path.name for path in EXAMPLE_LECTURES])
def test_every_caption_of_the_example_lectures_fits_two_lines_of_42(lecture: str) -> None:
    for scene in load_lecture(RENDER_CONFIG_DIR / lecture).scenes:
        for beat in scene.beats:
            for sentence in split_sentences(beat.narration):
                for page in pages(sentence):
                    lines = page.split("\n")
                    assert len(lines) <= MAX_LINES, (scene.name, beat.name, page)
                    assert all(len(line) <= MAX_LINE for line in lines), (beat.name, page)


def test_cues_share_the_sentence_time_by_characters_and_cover_it() -> None:
    cues = sentence_cues(LONG, 10.0, 18.0)
    assert len(cues) >= 2
    assert cues[0].start == 10.0 and cues[-1].end == 18.0
    assert all(a.end == b.start for a, b in zip(cues, cues[1:], strict=False))
    assert all(MIN_CUE_SECONDS <= cue.end - cue.start <= MAX_CUE_SECONDS for cue in cues)


def test_a_sentence_said_fast_keeps_its_pages_together_rather_than_flash_them() -> None:
    fast = sentence_cues("Hold y constant and slice: the slope is the partial in x.", 0.0, 1.5)
    assert len(fast) == 1 and fast[0].text.count("\n") == 1


def test_a_page_said_slowly_is_shown_a_line_at_a_time() -> None:
    slow = sentence_cues("Hold y constant and slice: the slope is the partial in x.", 0.0, 12.0)
    assert all(cue.end - cue.start <= MAX_CUE_SECONDS for cue in slow)
    assert all("\n" not in cue.text for cue in slow)


@given(st.lists(st.text("abcdefghij,.;", min_size=1, max_size=30), min_size=1, max_size=40))
def test_any_words_fit_unless_one_word_is_longer_than_a_line(words: list[str]) -> None:
    text = " ".join(words)
    cut = pages(text)
    assert " ".join(line for page in cut for line in page.split("\n")).split() == text.split()
    for page in cut:
        lines = page.split("\n")
        assert len(lines) <= MAX_LINES
        assert all(len(line) <= MAX_LINE or " " not in line for line in lines)


def test_a_point_is_never_split_between_lines_or_cues() -> None:
    for text in (
        "From (2, 0), where the gradient is (4, 0), the ball rolls down to (0.0067, 0).",
        "At the point (0.64, 0.64), the gradient is (1.28, 1.28), so a step of (0.128, 0.128) "
        "lands at (0.512, 0.512).",
    ):
        for page in pages(text):
            for line in page.split("\n"):
                assert line.count("(") == line.count(")"), line
