"""The voice speaks English (Piper en_US): narration in another script, or plainly in another
language, is refused at load, naming the scene, the beat and what gave it away."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_files import write_lecture

from scenes.content.loader import ContentError
from scenes.content.spoken import foreign_part, guessed_language
from scenes.paths import EXAMPLE_LECTURES
from scenes.plans import load_lecture, templates

FIRST_BEAT = "Slope measures how fast a line rises: rise over run."


def narrated(tmp_path: Path, sentence: str, extra: str = "") -> Path:
    """A one-scene lecture whose first beat says `sentence`."""
    path = write_lecture(tmp_path / "lecture.toml", "Scene", "SlopeOfLine", {})
    text = path.read_text(encoding="utf-8").replace(FIRST_BEAT, sentence)
    path.write_text(extra + text, encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_lecture(path)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    return message


def test_chinese_narration_is_refused_naming_scene_beat_and_character(tmp_path: Path) -> None:
    path = narrated(tmp_path, "斜率是上升除以运行。")
    assert refusal(path) == (
        f'{path}: scenes.Scene.narration.DrawTheLine = "斜率是上升除以运行。" has "斜" '
        "(cjk unified ideograph-659c), a letter outside the Latin script; the voice speaks "
        "English, so write the narration in English."
    )


@pytest.mark.parametrize(
    ("sentence", "letter"),
    [
        ("The slope, или наклон, is rise over run.", "и"),
        ("Slope is rise over run: الميل.", "ا"),
        ("The word λόγος means reason.", "ό"),  # a Greek word, not a Greek symbol
    ],
)
def test_other_scripts_are_refused_at_their_first_letter(
    tmp_path: Path, sentence: str, letter: str
) -> None:
    assert f'has "{letter}" (' in refusal(narrated(tmp_path, sentence))


FOREIGN = {
    "French": "La dérivée de la fonction est la pente de la tangente en ce point.",
    "German": "Die Ableitung der Funktion ist die Steigung der Tangente und das ist gut.",
    "Spanish": "La derivada de la función es la pendiente de la recta tangente en este punto.",
    "Italian": "La derivata della funzione è la pendenza della retta tangente in questo punto.",
    "Portuguese": "A derivada da função é a inclinação da reta tangente neste ponto e isso.",
}


@pytest.mark.parametrize(("language", "sentence"), FOREIGN.items())
def test_latin_script_narration_in_another_language_is_refused(
    tmp_path: Path, language: str, sentence: str
) -> None:
    message = refusal(narrated(tmp_path, sentence))
    assert message.endswith(
        f"reads as {language}, not English; the voice speaks English and would read it with "
        "English sounds, so write the narration in English."
    )
    assert "scenes.Scene.narration.DrawTheLine = " in message


@pytest.mark.parametrize(
    "sentence",
    [
        "A naïve café owner read Fréchet et al. and drew the slope of the line.",
        "As Fréchet wrote, la dérivée est la pente de la tangente: the slope of the tangent.",
        "Gödel, Erdős and Dvořák would agree that the slope of this line is two.",
        "The learning rate η and the step Δx are small, and π is near three.",
        "The limit is cosine of pi over four, one over root two.",
        "x squared plus two x plus one",  # few words: too short to tell, and English anyway
        "Que sera sera.",  # too short to tell
    ],
)
def test_english_with_foreign_names_and_symbols_passes(tmp_path: Path, sentence: str) -> None:
    assert foreign_part(sentence) is None
    load_lecture(narrated(tmp_path, sentence))


def test_every_example_narration_and_lecture_is_english() -> None:
    for template in templates().values():
        for sentence in template.schema.example_narration:
            assert foreign_part(sentence) is None, sentence
    for path in EXAMPLE_LECTURES:
        for scene in load_lecture(path).scenes:
            for beat in scene.beats:
                assert guessed_language(beat.spoken) is None, beat.spoken


def test_a_pronunciation_can_make_a_foreign_word_speakable(tmp_path: Path) -> None:
    extra = '[pronunciation]\n"斜率" = "slope"\n\n'
    path = narrated(tmp_path, "The 斜率 is rise over run.", extra)
    assert load_lecture(path).scenes[0].beats[0].spoken == "The slope is rise over run."


def test_a_pronunciation_in_another_script_is_refused(tmp_path: Path) -> None:
    path = narrated(tmp_path, "The slope is rise over run.", '[pronunciation]\n"m" = "斜率"\n\n')
    assert 'pronunciation."m" = "斜率" has "斜"' in refusal(path)
