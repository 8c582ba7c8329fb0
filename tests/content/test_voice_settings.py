"""The [voice] table: speed, pause and model, each refused in one sentence when wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenes.content.loader import ContentError
from scenes.content.voice_settings import DEFAULT_PAUSE, DEFAULT_SPEED, VoiceSettings
from scenes.paths import DEFAULT_CONTENT
from scenes.plans import load_lecture


def with_voice(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "lecture.toml"
    path.write_text(table + "\n" + DEFAULT_CONTENT.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_lecture(path)
    return str(caught.value)


def test_without_a_voice_table_the_teaching_defaults_hold() -> None:
    assert load_lecture(DEFAULT_CONTENT).voice == VoiceSettings(DEFAULT_SPEED, DEFAULT_PAUSE, None)
    assert DEFAULT_SPEED < 1  # slower than the voice's own pace


def test_speed_pause_and_a_model_beside_the_lecture_are_read(tmp_path: Path) -> None:
    model = tmp_path / "voices" / "en_GB-alan-medium.onnx"
    model.parent.mkdir()
    model.write_bytes(b"onnx")
    (model.parent / "en_GB-alan-medium.onnx.json").write_text(
        json.dumps({"audio": {"sample_rate": 22050}})
    )
    table = '[voice]\nspeed = 0.8\npause = 0.5\nmodel = "voices/en_GB-alan-medium.onnx"\n'
    voice = load_lecture(with_voice(tmp_path, table)).voice
    assert voice == VoiceSettings(0.8, 0.5, model)
    assert voice.model_config == model.parent / "en_GB-alan-medium.onnx.json"


@pytest.mark.parametrize(
    ("table", "sentence"),
    [
        ("[voice]\nspeed = 3\n", "voice.speed = 3 is outside 0.5 to 2"),
        ('[voice]\nspeed = "slow"\n', 'voice.speed = "slow" is not a number'),
        ("[voice]\npause = -1\n", "voice.pause = -1 is outside 0 to 3"),
        ("[voice]\npitch = 2\n", "voice.pitch = 2 is not a voice setting; use speed, pause, model"),
        ('[voice]\nmodel = "joe.wav"\n', "its name must end in .onnx"),
        ('[voice]\nmodel = "gone.onnx"\n', 'voice.model = "gone.onnx" names no file'),
        ('voice = "joe"\n', 'voice = "joe" is not a table'),
    ],
)
def test_each_mistake_is_one_sentence_naming_the_file_key_and_value(
    tmp_path: Path, table: str, sentence: str
) -> None:
    message = refusal(with_voice(tmp_path, table))
    assert message.startswith(f"{tmp_path / 'lecture.toml'}: ")
    assert sentence in message
    assert "\n" not in message


def test_a_model_without_its_configuration_or_with_a_broken_one_is_refused(tmp_path: Path) -> None:
    (tmp_path / "v.onnx").write_bytes(b"onnx")
    path = with_voice(tmp_path, '[voice]\nmodel = "v.onnx"\n')
    assert "has no configuration beside it (v.onnx.json is missing)" in refusal(path)
    (tmp_path / "v.onnx.json").write_text("{not json")
    assert "is not a Piper voice: v.onnx.json gives no audio sample rate" in refusal(path)
