"""How the lecture is spoken: the optional [voice] table of a lecture file.

    [voice]
    speed = 0.9          # 1 is the voice's own pace; lectures are spoken slower
    pause = 0.25         # seconds of silence added between two sentences of a beat
    model = "voices/en_GB-alan-medium.onnx"   # any Piper voice, its .onnx.json beside it

Every setting is part of the speech cache's key, so changing one re-synthesises exactly
what it changes. No manim, no Piper here: the model is only checked to be a Piper voice
file with its configuration (the voice module loads it when something must be said).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VOICE = "voice"
VOICE_KEYS = ("speed", "pause", "model")
# Piper's joe voice says the default lecture's 40 sentences at a median 185 words a minute
# (up to 241); captioning practice asks for at most about 180, and lecturers speak slower
# than newsreaders. At 0.9 the same sentences measure a median 176 (up to 231).
DEFAULT_SPEED = 0.9
SPEED_RANGE = (0.5, 2.0)
DEFAULT_PAUSE = 0.25
PAUSE_RANGE = (0.0, 3.0)
MODEL_SUFFIX = ".onnx"


@dataclass(frozen=True)
class VoiceSettings:
    """The [voice] table's values; `model` None is the built-in voice."""

    speed: float = DEFAULT_SPEED
    pause: float = DEFAULT_PAUSE
    model: Path | None = None

    @property
    def model_config(self) -> Path | None:
        """Piper's configuration file beside the model (`<model>.json`)."""
        return self.model.with_name(self.model.name + ".json") if self.model else None


Refuse = Callable[[str, str, Any], Exception]  # (key, problem, value) -> ContentError


def read_voice_settings(data: Mapping[str, Any], folder: Path, refuse: Refuse) -> VoiceSettings:
    """The [voice] table of a lecture file whose folder is `folder` (defaults when absent)."""
    if VOICE not in data:
        return VoiceSettings()
    table = data[VOICE]
    if not isinstance(table, dict):
        raise refuse(VOICE, "is not a table; write [voice] with speed, pause or model", table)
    for key, value in table.items():
        if key not in VOICE_KEYS:
            raise refuse(
                f"{VOICE}.{key}", f"is not a voice setting; use {', '.join(VOICE_KEYS)}", value
            )
    speed = _number(table, "speed", DEFAULT_SPEED, SPEED_RANGE, refuse)
    pause = _number(table, "pause", DEFAULT_PAUSE, PAUSE_RANGE, refuse)
    model = _model(table, folder, refuse)
    return VoiceSettings(speed, pause, model)


def _number(
    table: Mapping[str, Any],
    key: str,
    default: float,
    limits: tuple[float, float],
    refuse: Refuse,
) -> float:
    value = table.get(key, default)
    low, high = limits
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise refuse(
            f"{VOICE}.{key}", f"is not a number; write one from {low:g} to {high:g}", value
        )
    if not low <= value <= high:
        raise refuse(f"{VOICE}.{key}", f"is outside {low:g} to {high:g}", value)
    return float(value)


def _model(table: Mapping[str, Any], folder: Path, refuse: Refuse) -> Path | None:
    if "model" not in table:
        return None
    value = table["model"]
    key = f"{VOICE}.model"
    if not isinstance(value, str) or not value.strip():
        raise refuse(key, "is not a file name in quotes: a Piper voice (.onnx)", value)
    path = Path(value).expanduser()
    path = path if path.is_absolute() else folder / path
    if path.suffix != MODEL_SUFFIX:
        raise refuse(key, f"is not a Piper voice: its name must end in {MODEL_SUFFIX}", value)
    if not path.is_file():
        raise refuse(key, f"names no file ({path} is missing)", value)
    config = path.with_name(path.name + ".json")
    try:
        audio = json.loads(config.read_text(encoding="utf-8"))["audio"]
        rate = int(audio["sample_rate"])
    except FileNotFoundError:
        raise refuse(
            key, f"has no configuration beside it ({config.name} is missing)", value
        ) from None
    except (OSError, ValueError, TypeError, KeyError):
        raise refuse(
            key, f"is not a Piper voice: {config.name} gives no audio sample rate", value
        ) from None
    if not 8000 <= rate <= 192000:
        raise refuse(key, f"is not a Piper voice: {config.name} gives a rate of {rate} Hz", value)
    return path
