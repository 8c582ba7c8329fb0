"""Narration is read aloud: TeX, markup and symbols are refused, pronunciations applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenes.content.loader import ContentError
from scenes.content.spoken import apply_pronunciation, unspeakable_part
from scenes.paths import DEFAULT_CONTENT
from scenes.plans import load_lecture


@pytest.mark.parametrize(
    ("text", "part"),
    [
        (r"The slope is \frac{1}{2}.", r"\frac{1}{2}."),
        ("It grows like x^2 near zero.", "x^2"),
        ("The slope of x² at one.", "x²"),
        ("Write dy/dx for the slope.", "dy/dx"),
        ("Write dy / dx for the slope.", "dy / dx"),
        ("So f(x) is a * b.", "*"),
        ("A dot a · b between.", "·"),
        ("Use $x$ here.", "$x$"),
        ("A <b>bold</b> claim.", "<b>bold</b>"),
        ("The gradient ∇f points uphill.", "∇f"),
    ],
)
def test_text_a_voice_reads_badly_is_found_with_the_word_holding_it(text: str, part: str) -> None:
    found = unspeakable_part(text)
    assert found is not None and found.part == part


@pytest.mark.parametrize(
    "text",
    [
        "Slope is rise over run. Take the straight line f of x equals 2x.",
        "The sigmoid's derivative is S times one minus S: to program it, you need only S.",
        "For y = m x + b the slope is m, and 3 × 4 ≤ 12.",  # read as words
        "",
    ],
)
def test_plain_sentences_pass(text: str) -> None:
    assert unspeakable_part(text) is None


def test_pronunciation_replaces_whole_written_forms_longest_first() -> None:
    table = {"S(x)": "S of x", "S": "the sigmoid", "S'(x)": "S prime of x"}
    spoken = apply_pronunciation("S'(x) equals S(x) times Sx, and S is smooth.", table)
    assert spoken == "S prime of x equals S of x times Sx, and the sigmoid is smooth."


def lecture_with(tmp_path: Path, extra: str, sentence: str) -> Path:
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    old = (
        'ShowTheTitle = "Neural networks learn with calculus. This lecture gives you that '
        "calculus first, so that when you build a network from scratch, its mathematics "
        'already makes sense."'
    )
    assert old in text
    path = tmp_path / "lecture.toml"
    path.write_text(extra + text.replace(old, f"ShowTheTitle = {sentence!r}".replace("'", '"')))
    return path


def test_a_narration_with_tex_is_refused_naming_key_and_part(tmp_path: Path) -> None:
    path = lecture_with(tmp_path, "", "The square x^2 is smooth.")
    with pytest.raises(ContentError) as caught:
        load_lecture(path)
    message = str(caught.value)
    assert "scenes.LectureTitle.narration.ShowTheTitle" in message
    assert '"x^2" (a power), which a voice reads badly' in message
    assert "\n" not in message


def test_the_pronunciation_table_makes_a_written_form_speakable(tmp_path: Path) -> None:
    path = lecture_with(
        tmp_path, '[pronunciation]\n"x^2" = "x squared"\n\n', "The square x^2 is smooth."
    )
    beat = load_lecture(path).scene("LectureTitle").beats[0]
    assert beat.narration == "The square x^2 is smooth."  # the captions keep what was written
    assert beat.spoken == "The square x squared is smooth."


def test_a_pronunciation_that_is_not_text_is_refused(tmp_path: Path) -> None:
    path = lecture_with(tmp_path, '[pronunciation]\n"S(x)" = 3\n\n', "Plain words.")
    with pytest.raises(ContentError, match=r'pronunciation\."S\(x\)" = 3 is not text in quotes'):
        load_lecture(path)
