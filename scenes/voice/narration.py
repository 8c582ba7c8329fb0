"""Every beat's narration as audio, before a frame is drawn: synthesised or recorded, cached.

The parent process prepares the whole lecture's narration first, because each beat's
length must be known before its scene is rendered, and because the lecture gets one
loudness gain. Synthesised speech is cached by a hash of the spoken text, the voice and
its settings (`<out>/.voice-cache/`): with Piper's noise on, two syntheses of one sentence
differ, so the cache is what makes a re-render identical and an unchanged lecture
synthesise nothing. What each scene's worker needs is written as one 48 kHz float32 file
per beat (gain and limiter applied) and described by a picklable SceneNarration.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from scenes.content.loader import Beat, Lecture
from scenes.content.reading import reading_time
from scenes.content.spoken import apply_pronunciation
from scenes.voice import loudness
from scenes.voice.recordings import check_recordings, read_wav, recording_of
from scenes.voice.speech import Sentence, Voice, proportional_sentences, split_sentences

CACHE_NAME = ".voice-cache"
PAUSE_SECONDS = 0.4  # after a beat's last word, before the next beat starts
NARRATION_SCHEMA = "2"
SILENCE_FRACTION = 0.02  # of the beat's peak (-34 dB): quieter is silence at its ends


@dataclass(frozen=True)
class BeatNarration:
    """One beat: how long it must last, its sentences' times, and its audio (None: silent)."""

    name: str
    seconds: float  # the beat lasts at least this long: its speech plus a pause
    sentences: tuple[Sentence, ...]
    audio: Path | None = None  # 48 kHz mono float32 (.npy), gain and limiter applied
    digest: str = ""  # of the audio file's samples; "" for a silent beat
    source: str = "silent"  # "voice", "recording" or "silent"


@dataclass(frozen=True)
class SceneNarration:
    """What one scene's render needs of the narration; `voiced` False: a silent clip."""

    scene: str
    beats: tuple[BeatNarration, ...]
    voiced: bool

    def beat_seconds(self) -> dict[str, float]:
        return {beat.name: beat.seconds for beat in self.beats}

    def key_text(self) -> str:
        """Everything of the narration an output depends on, for the audio/captions key."""
        return json.dumps(
            {
                "schema": NARRATION_SCHEMA,
                "voiced": self.voiced,
                "beats": [
                    [b.name, b.digest, [[s.text, s.start, s.end] for s in b.sentences]]
                    for b in self.beats
                ],
            },
            ensure_ascii=False,
        )


@dataclass
class NarrationStats:
    """What preparing the narration did: for the summary line and the benchmark."""

    synthesised: int = 0
    cached: int = 0
    recorded: int = 0
    synthesis_seconds: float = 0.0
    speech_seconds: float = 0.0
    gain_db: float = 0.0


@dataclass(frozen=True)
class LectureNarration:
    scenes: dict[str, SceneNarration]
    stats: NarrationStats = field(default_factory=NarrationStats)


def silent_narration(lecture: Lecture) -> LectureNarration:
    """--no-narration: beats last their reading time, captions spread over it, no audio."""
    scenes = {}
    for scene in lecture.scenes:
        beats = []
        for beat in scene.beats:
            seconds = reading_time(beat.narration)
            sentences = proportional_sentences(split_sentences(beat.narration), seconds)
            beats.append(BeatNarration(beat.name, seconds, sentences))
        scenes[scene.name] = SceneNarration(scene.name, tuple(beats), voiced=False)
    return LectureNarration(scenes)


class NotCached(LookupError):
    """Asked for cached speech only, and a beat's speech is not in the cache."""


def narration_for(
    lecture: Lecture,
    out_root: Path,
    *,
    voiced: bool = True,
    cached_only: bool = False,
    voice_factory: Callable[[], Voice] | None = None,
) -> LectureNarration:
    """The lecture's narration as renders use it: voiced (Piper unless told), or silent."""
    if not voiced:
        return silent_narration(lecture)
    if voice_factory is None:
        from scenes.voice.piper_voice import PiperJoeVoice

        voice_factory = PiperJoeVoice
    return prepare_narration(lecture, out_root, voice_factory, cached_only=cached_only)


def prepare_narration(
    lecture: Lecture,
    out_root: Path,
    voice_factory: Callable[[], Voice],
    *,
    cached_only: bool = False,
) -> LectureNarration:
    """Synthesise (or read from the cache or a recording) every beat of the lecture.

    `cached_only` raises NotCached instead of synthesising (for `lecture list`).
    """
    check_recordings(lecture)
    cache = out_root / CACHE_NAME
    stats = NarrationStats()
    voice: Voice | None = None
    raw: dict[tuple[str, str], tuple[np.ndarray, tuple[Sentence, ...], str]] = {}
    for scene in lecture.scenes:
        for beat in scene.beats:
            recording = recording_of(lecture, scene.name, beat.name)
            if recording is not None:
                samples, rate = read_wav(recording)
                mixed = loudness.to_mix_rate(samples, rate)
                sentences = proportional_sentences(
                    split_sentences(beat.narration), len(mixed) / loudness.MIX_RATE
                )
                raw[(scene.name, beat.name)] = (mixed, sentences, "recording")
                stats.recorded += 1
                continue
            if not beat.narration.strip():
                continue
            if voice is None:
                voice = voice_factory()
            mixed, sentences, synthesised = _voiced(beat, lecture, voice, cache, stats, cached_only)
            raw[(scene.name, beat.name)] = (mixed, sentences, "voice")
            stats.synthesised += synthesised
            stats.cached += 1 - synthesised
    stats.gain_db = _cached_gain([samples for samples, _, _ in raw.values()], cache)
    scenes = {}
    for scene in lecture.scenes:
        beats = []
        for beat in scene.beats:
            if (scene.name, beat.name) not in raw:
                beats.append(BeatNarration(beat.name, 0.0, ()))
                continue
            samples, sentences, source = raw[(scene.name, beat.name)]
            audio, digest = _mixed_file(samples, stats.gain_db, cache)
            seconds = len(samples) / loudness.MIX_RATE
            stats.speech_seconds += seconds
            beats.append(
                BeatNarration(
                    beat.name, round(seconds + PAUSE_SECONDS, 4), sentences, audio, digest, source
                )
            )
        scenes[scene.name] = SceneNarration(scene.name, tuple(beats), voiced=True)
    return LectureNarration(scenes, stats)


def _voiced(
    beat: Beat,
    lecture: Lecture,
    voice: Voice,
    cache: Path,
    stats: NarrationStats,
    cached_only: bool = False,
) -> tuple[np.ndarray, tuple[Sentence, ...], int]:
    """A beat's speech at 48 kHz from the cache, or synthesised (and cached); 1 if synthesised."""
    written = split_sentences(beat.narration)
    spoken = [apply_pronunciation(sentence, lecture.pronunciation) for sentence in written]
    key = hashlib.sha256(
        json.dumps([voice.name, voice.settings, spoken], ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    path = cache / "speech" / f"{key}.npz"
    synthesised = 0
    try:
        with np.load(path) as stored:
            samples, ends = stored["samples"], stored["ends"]
    except (OSError, KeyError, ValueError):
        if cached_only:
            raise NotCached(beat.name) from None
        began = time.perf_counter()
        parts = [loudness.to_mix_rate(part, voice.rate) for part in voice.speak(spoken)]
        stats.synthesis_seconds += time.perf_counter() - began
        samples = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        ends = np.cumsum([len(part) for part in parts])
        _save_atomically(path, lambda handle: np.savez(handle, samples=samples, ends=ends))
        synthesised = 1
    samples, ends = trim_silence(samples, np.asarray(ends))
    starts = [0, *ends[:-1]]
    sentences = tuple(
        Sentence(text, round(int(a) / loudness.MIX_RATE, 3), round(int(b) / loudness.MIX_RATE, 3))
        for text, a, b in zip(written, starts, ends, strict=True)
    )
    return samples, sentences, synthesised


def trim_silence(samples: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The synthesised beat without the silence the voice puts before its first word and
    after its last (5 ms kept), so speech starts with its beat; sentence ends moved along."""
    if len(samples) == 0:
        return samples, ends
    loud = np.flatnonzero(np.abs(samples) > SILENCE_FRACTION * np.abs(samples).max())
    margin = int(0.005 * loudness.MIX_RATE)
    first = max(0, int(loud[0]) - margin)
    last = min(len(samples), int(loud[-1]) + margin)
    shifted = np.clip(ends - first, 0, last - first)
    shifted[-1] = last - first
    return samples[first:last], shifted


def _cached_gain(speech: list[np.ndarray], cache: Path) -> float:
    """The lecture gain, measured once per set of beats (measuring takes seconds)."""
    digest = hashlib.sha256(
        json.dumps(
            [
                loudness.TARGET_LUFS,
                loudness.LIMITER_CEILING_DBTP,
                loudness.GAIN_STEP_DB,
                *(hashlib.sha256(samples.tobytes()).hexdigest() for samples in speech),
            ]
        ).encode()
    ).hexdigest()
    path = cache / "gain" / f"{digest}.json"
    try:
        return float(json.loads(path.read_text(encoding="utf-8"))["gain_db"])
    except (OSError, ValueError, KeyError, TypeError):
        gain = loudness.lecture_gain(speech)
        text = json.dumps({"gain_db": gain})
        _save_atomically(path, lambda handle: handle.write(text.encode()))  # type: ignore[attr-defined]
        return gain


def _mixed_file(samples: np.ndarray, gain_db: float, cache: Path) -> tuple[Path, str]:
    """The beat's audio with the lecture gain and the limiter, as a file a worker can read."""
    source = hashlib.sha256(samples.tobytes()).hexdigest()
    name = hashlib.sha256(
        f"{source} {gain_db} {loudness.LIMITER_CEILING_DBTP}".encode()
    ).hexdigest()
    path = cache / "mixed" / f"{name}.npy"
    if not path.is_file():
        mixed = loudness.apply_gain(samples, gain_db)
        _save_atomically(path, lambda handle: np.save(handle, mixed))
    return path, name


def _save_atomically(path: Path, write: Callable[[object], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)


def load_beat_audio(beat: BeatNarration) -> np.ndarray:
    """A beat's mixed samples (48 kHz float32), empty for a silent beat."""
    if beat.audio is None:
        return np.zeros(0, np.float32)
    return np.load(beat.audio)


def scene_track(narration: SceneNarration, sections: Sequence[tuple[float, float]]) -> np.ndarray:
    """The scene's audio: each beat's speech from its section's start, as long as the video."""
    rate = loudness.MIX_RATE
    total = round(sections[-1][1] * rate) if sections else 0
    track = np.zeros(total, np.float32)
    for beat, (start, end) in zip(narration.beats, sections, strict=True):
        samples = load_beat_audio(beat)
        first, last = round(start * rate), round(end * rate)
        piece = samples[: max(0, last - first)]
        track[first : first + len(piece)] += piece
    return track
