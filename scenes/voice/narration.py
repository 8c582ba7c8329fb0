"""Every beat's narration as audio, before a frame is drawn: synthesised or recorded, cached.

The parent process prepares the whole lecture's narration first, because each beat's
length must be known before its scene is rendered, and because the lecture gets one
loudness gain. Synthesised speech is cached by a hash of the spoken text, the voice and
its settings (`<out>/.voice-cache/`): with Piper's noise on, two syntheses of one sentence
differ, so the cache is what makes a re-render identical and an unchanged lecture
synthesise nothing. What each scene's worker needs is written as one 48 kHz float32 file
per beat (gain and limiter applied) and described by a picklable SceneNarration.

A cache entry that cannot be read (cut short by a full disk or a killed process, or
damaged) is treated as missing: it is removed, rebuilt, and a `warn` hook (one line on
stderr unless told) says so; a cache never turns into a traceback.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import time
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from scenes import ownership
from scenes.content.loader import Beat, Lecture, display_path
from scenes.content.reading import reading_time
from scenes.voice import loudness
from scenes.voice.recordings import (
    check_recordings,
    read_wav,
    recording_caption,
    recording_of,
)
from scenes.voice.speech import Sentence, Voice, proportional_sentences, split_sentences

CACHE_NAME = ".voice-cache"
PAUSE_SECONDS = 0.4  # after a beat's last word, before the next beat starts
NARRATION_SCHEMA = "2"
SILENCE_FRACTION = 0.02  # of the beat's peak (-34 dB): quieter is silence at its ends

# What reading a cut-short or damaged entry raises: np.load of a broken zip (BadZipFile,
# "Bad CRC-32"), of a compressed member (zlib.error), of a short file (EOFError, ValueError),
# of anything else (ValueError: it will not unpickle); json (ValueError, KeyError, TypeError).
_UNREADABLE = (
    OSError,
    ValueError,
    KeyError,
    TypeError,
    EOFError,
    MemoryError,  # a damaged header that declares a huge array
    zipfile.BadZipFile,
    zlib.error,
)

Warn = Callable[[str], None]
_Entry = TypeVar("_Entry")


def warn_on_stderr(message: str) -> None:
    """The default `warn`: one line beside the command's own output, which goes to stdout."""
    print(message, file=sys.stderr, flush=True)


class DamagedEntry(ValueError):
    """A cache entry that reads but does not hold what was written; str() says what is off."""


class VoiceCacheDamaged(RuntimeError):
    """A beat's prepared audio was damaged between preparing and rendering; str() is one
    sentence naming the file."""

    one_sentence = True  # a failed render job reports str() as it is


@dataclass(frozen=True)
class BeatNarration:
    """One beat: how long it must last, its sentences' times, and its audio (None: silent)."""

    name: str
    seconds: float  # the beat lasts at least this long: its speech plus a pause
    sentences: tuple[Sentence, ...]
    audio: Path | None = None  # 48 kHz mono float32 (.npy), gain and limiter applied
    digest: str = ""  # of the audio file's samples; "" for a silent beat
    source: str = "silent"  # "voice", "recording" or "silent"
    frames: int | None = None  # the audio file's length in samples, checked when it is read
    # sentences in each part said in turn (the opening, then each step); (): one part
    parts: tuple[int, ...] = ()

    def spans(self) -> tuple[tuple[float, float], ...]:
        """Where each part's speech lies in the beat's audio, in seconds: the opening's from
        0, each step's from where the part before it ended (a silent part is empty)."""
        counts = self.parts or (len(self.sentences),)
        spans, at, edge = [], 0, 0.0
        for count in counts:
            said = self.sentences[at : at + count]
            at += count
            end = max(said[-1].end, edge) if said else edge
            spans.append((edge, end))  # from where the part before ended
            edge = end
        return tuple(spans)

    def part_seconds(self) -> tuple[float, ...]:
        """How long each part's speech lasts (with the pause after its last sentence)."""
        return tuple(round(end - start, 4) for start, end in self.spans())


@dataclass(frozen=True)
class SceneNarration:
    """What one scene's render needs of the narration; `voiced` False: a silent clip."""

    scene: str
    beats: tuple[BeatNarration, ...]
    voiced: bool

    def beat_seconds(self) -> dict[str, float]:
        return {beat.name: beat.seconds for beat in self.beats}

    def step_seconds(self) -> dict[str, tuple[float, ...]]:
        """Each step-by-step beat's parts' lengths: the opening's, then each step's."""
        return {beat.name: beat.part_seconds() for beat in self.beats if len(beat.parts) > 1}

    def key_text(self) -> str:
        """Everything of the narration an output depends on, for the audio/captions key."""
        return json.dumps(
            {
                "schema": NARRATION_SCHEMA,
                "voiced": self.voiced,
                "beats": [
                    [b.name, b.digest, [[s.text, s.start, s.end] for s in b.sentences], b.parts]
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
            sentences: list[Sentence] = []
            at = 0.0
            for part in beat.parts:
                seconds = reading_time(part) if part else 0.0
                for said in proportional_sentences(split_sentences(part), seconds):
                    sentences.append(Sentence(said.text, at + said.start, at + said.end))
                at = round(at + seconds, 4)
            counts = tuple(len(split_sentences(part)) for part in beat.parts)
            beats.append(
                BeatNarration(
                    beat.name, reading_time(beat.narration), tuple(sentences), parts=counts
                )
            )
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
    warn: Warn = warn_on_stderr,
) -> LectureNarration:
    """The lecture's narration as renders use it: voiced (Piper unless told), or silent."""
    if not voiced:
        return silent_narration(lecture)
    if voice_factory is None:
        from scenes.voice.piper_voice import PiperJoeVoice

        def voice_factory() -> Voice:
            return PiperJoeVoice(lecture.voice)

    return prepare_narration(lecture, out_root, voice_factory, cached_only=cached_only, warn=warn)


def prepare_narration(
    lecture: Lecture,
    out_root: Path,
    voice_factory: Callable[[], Voice],
    *,
    cached_only: bool = False,
    warn: Warn = warn_on_stderr,
) -> LectureNarration:
    """Synthesise (or read from the cache or a recording) every beat of the lecture.

    `cached_only` raises NotCached instead of synthesising (for `lecture list`); a damaged
    cache entry is removed, and then counts as missing. `warn` gets one line per removal.
    """
    check_recordings(lecture)
    cache = out_root / CACHE_NAME
    stats = NarrationStats()
    voice: Voice | None = None
    raw: dict[tuple[str, str], tuple[np.ndarray, tuple[Sentence, ...], str]] = {}
    missing: dict[tuple[str, str], _Speech] = {}  # synthesised together, after the loop
    for scene in lecture.scenes:
        for beat in scene.beats:
            recording = recording_of(lecture, scene.name, beat.name, beat.former)
            if recording is not None:
                samples, rate = read_wav(recording)
                mixed = loudness.to_mix_rate(samples, rate)
                said = recording_caption(recording) or beat.narration  # its own text, if given
                sentences = proportional_sentences(
                    split_sentences(said), len(mixed) / loudness.MIX_RATE
                )
                raw[(scene.name, beat.name)] = (mixed, sentences, "recording")
                stats.recorded += 1
                continue
            if not beat.spoken.strip():
                continue
            if voice is None:
                voice = voice_factory()
            speech = _speech_of((scene.name, beat.name), beat, lecture, voice, cache, warn)
            if speech.stored is None:
                if cached_only:
                    raise NotCached(beat.name)
                missing[(scene.name, beat.name)] = speech
                raw[(scene.name, beat.name)] = (np.zeros(0, np.float32), (), "voice")  # in order
                continue
            raw[(scene.name, beat.name)] = (*speech.timed(*speech.stored), "voice")
            stats.cached += 1
    if missing and voice is not None:
        synthesised = _synthesise(list(missing.values()), voice, stats, lecture.voice.pause)
        for place, (samples, sentences) in synthesised.items():
            raw[place] = (samples, sentences, "voice")
    stats.gain_db = _cached_gain([samples for samples, _, _ in raw.values()], cache, warn)
    scenes = {}
    for scene in lecture.scenes:
        beats = []
        for beat in scene.beats:
            if (scene.name, beat.name) not in raw:
                beats.append(BeatNarration(beat.name, 0.0, ()))
                continue
            samples, sentences, source = raw[(scene.name, beat.name)]
            parts = tuple(len(pair) for pair in _paired_parts(beat)) if beat.stepped else ()
            audio, digest = _mixed_file(samples, stats.gain_db, cache, warn)
            seconds = len(samples) / loudness.MIX_RATE
            stats.speech_seconds += seconds
            beats.append(
                BeatNarration(
                    beat.name,
                    round(seconds + PAUSE_SECONDS, 4),
                    sentences,
                    audio,
                    digest,
                    source,
                    len(samples),
                    parts if source == "voice" else (),
                )
            )
        scenes[scene.name] = SceneNarration(scene.name, tuple(beats), voiced=True)
    return LectureNarration(scenes, stats)


@dataclass
class _Speech:
    """A beat's speech as the cache knows it: its key's file, and the stored samples and
    sentence ends (None: not cached yet)."""

    place: tuple[str, str]  # (scene, beat)
    path: Path
    written: list[str]  # sentences as the captions show them
    spoken: list[str]  # the same sentences as the voice says them
    stored: tuple[np.ndarray, np.ndarray] | None

    def timed(
        self, samples: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, tuple[Sentence, ...]]:
        """The speech without its leading and trailing silence, and each sentence's times."""
        samples, ends = trim_silence(samples, np.asarray(ends))
        starts = [0, *ends[:-1]]
        rate = loudness.MIX_RATE
        return samples, tuple(
            Sentence(text, round(int(a) / rate, 3), round(int(b) / rate, 3))
            for text, a, b in zip(self.written, starts, ends, strict=True)
        )


def _speech_of(
    place: tuple[str, str], beat: Beat, lecture: Lecture, voice: Voice, cache: Path, warn: Warn
) -> _Speech:
    """A beat's speech from the cache, keyed by the spoken text, the voice and its settings."""
    pairs = [pair for part in _paired_parts(beat) for pair in part]
    written = [text for text, _ in pairs]
    spoken = [said for _, said in pairs]
    key = hashlib.sha256(
        json.dumps(
            [voice.name, voice.settings, lecture.voice.pause, spoken], ensure_ascii=False
        ).encode("utf-8")
    ).hexdigest()
    path = cache / "speech" / f"{key}.npz"
    stored = _read_entry(path, lambda entry: _read_speech(entry, len(spoken)), warn)
    return _Speech(place, path, written, spoken, stored)


def _paired_parts(beat: Beat) -> list[list[tuple[str, str]]]:
    """Each part's sentences, as written and as said (the voice says numbers and formulas
    in words). A part whose two forms split differently is one sentence."""
    paired = []
    for written, spoken in zip(beat.parts, beat.spoken_parts, strict=True):
        shown, said = split_sentences(written), split_sentences(spoken)
        if len(shown) != len(said):
            shown, said = ([written.strip()], [spoken.strip()]) if written.strip() else ([], [])
        paired.append(list(zip(shown, said, strict=True)))
    return paired


def _synthesise(
    pending: list[_Speech], voice: Voice, stats: NarrationStats, pause: float = 0.0
) -> dict[tuple[str, str], tuple[np.ndarray, tuple[Sentence, ...]]]:
    """Synthesise every missing beat in one call (the voice may speak sentences side by
    side), cache each, and return each beat's trimmed speech and sentence times; `pause`
    seconds of silence follow each sentence but the last."""
    gap = np.zeros(round(pause * loudness.MIX_RATE), np.float32)
    began = time.perf_counter()
    spoken = voice.speak([sentence for speech in pending for sentence in speech.spoken])
    stats.synthesis_seconds += time.perf_counter() - began
    done = {}
    at = 0
    for speech in pending:
        count = len(speech.spoken)
        parts = [loudness.to_mix_rate(part, voice.rate) for part in spoken[at : at + count]]
        at += count
        parts = [np.concatenate([part, gap]) for part in parts[:-1]] + parts[-1:]
        samples = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        ends = np.cumsum([len(part) for part in parts], dtype=np.int64)
        _save_atomically(
            speech.path, lambda handle, s=samples, e=ends: np.savez(handle, samples=s, ends=e)
        )
        done[speech.place] = speech.timed(samples, ends)
        stats.synthesised += 1
    return done


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


def _cached_gain(speech: list[np.ndarray], cache: Path, warn: Warn = warn_on_stderr) -> float:
    """The lecture gain, measured once per set of beats; each beat's gating blocks at each
    gain tried are kept too, so after an edit only the edited beats are measured again."""
    settings = [loudness.TARGET_LUFS, loudness.LIMITER_CEILING_DBTP, loudness.GAIN_STEP_DB]
    sources = [hashlib.sha256(samples.tobytes()).hexdigest() for samples in speech]
    digest = hashlib.sha256(json.dumps([*settings, *sources]).encode()).hexdigest()
    path = cache / "gain" / f"{digest}.json"
    stored = _read_entry(path, _read_gain, warn)
    if stored is not None:
        return stored
    measured = loudness.powers_after_gain(speech)

    def powers(index: int, gain_db: float) -> np.ndarray:
        name = hashlib.sha256(
            f"{sources[index]} {gain_db:.3f} {loudness.LIMITER_CEILING_DBTP}".encode()
        ).hexdigest()
        entry = cache / "blocks" / f"{name}.npy"
        blocks = _read_entry(entry, _read_blocks, warn)
        if blocks is None:
            blocks = measured(index, gain_db)
            _save_atomically(entry, lambda handle: np.save(handle, blocks))
        return blocks

    gain = loudness.lecture_gain(speech, powers)
    text = json.dumps({"gain_db": gain})
    _save_atomically(path, lambda handle: handle.write(text.encode()))  # type: ignore[attr-defined]
    return gain


def _mixed_file(
    samples: np.ndarray, gain_db: float, cache: Path, warn: Warn = warn_on_stderr
) -> tuple[Path, str]:
    """The beat's audio with the lecture gain and the limiter, as a file a worker can read;
    an existing file is trusted only once it has been read back whole."""
    source = hashlib.sha256(samples.tobytes()).hexdigest()
    name = hashlib.sha256(
        f"{source} {gain_db} {loudness.LIMITER_CEILING_DBTP}".encode()
    ).hexdigest()
    path = cache / "mixed" / f"{name}.npy"
    if _read_entry(path, lambda entry: _read_mixed(entry, len(samples)), warn) is None:
        mixed = loudness.apply_gain(samples, gain_db)
        _save_atomically(path, lambda handle: np.save(handle, mixed))
    return path, name


def _read_entry(path: Path, read: Callable[[Path], _Entry], warn: Warn) -> _Entry | None:
    """What `read` makes of a cache entry; None when it is missing, or unreadable (then it is
    removed, so that it is rebuilt, and `warn` says so)."""
    try:
        return read(path)
    except FileNotFoundError:
        return None
    except _UNREADABLE as error:
        path.unlink(missing_ok=True)
        warn(
            f"Voice cache: {display_path(path)} could not be read ({_reason(error)}); "
            "it was removed and will be rebuilt."
        )
        return None


def _reason(error: BaseException) -> str:
    """What is wrong with an entry, in a few plain words: it goes inside one sentence, and
    numpy's own message would advise loading the file with allow_pickle."""
    plain = error.args[0] if isinstance(error, KeyError) and error.args else error  # no repr
    lines = str(plain).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    if isinstance(error, DamagedEntry):
        return text
    if isinstance(error, EOFError) or "read all data" in text or text.startswith("EOF"):
        return "the file ends early"
    if "pickle" in text:
        return "it holds no plain array"
    if isinstance(error, json.JSONDecodeError):
        return f"it is no JSON: {error.msg}"
    if isinstance(error, UnicodeDecodeError):
        return "it is no text"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    text = f"{type(error).__name__}: {text}" if lines else text
    return text if len(text) <= 100 else text[:97] + "..."


def _read_speech(path: Path, sentences: int) -> tuple[np.ndarray, np.ndarray]:
    """A beat's synthesised samples and its sentences' ends, as `_synthesise` wrote them."""
    stored = np.load(path, allow_pickle=False)
    if not isinstance(stored, np.lib.npyio.NpzFile):
        raise DamagedEntry("it is no .npz archive")
    with stored:
        samples, ends = stored["samples"], stored["ends"]
    _check_samples(samples, None)
    if ends.shape != (sentences,) or (sentences and ends.dtype.kind not in "iu"):
        raise DamagedEntry(f"it holds {ends.shape} {ends.dtype} sentence ends for {sentences}")
    if sentences and (ends[0] < 0 or np.any(np.diff(ends) < 0) or ends[-1] != len(samples)):
        raise DamagedEntry("its sentence ends do not fit its samples")
    return samples, ends


def _read_gain(path: Path) -> float:
    gain = float(json.loads(path.read_text(encoding="utf-8"))["gain_db"])
    if not math.isfinite(gain):
        raise DamagedEntry(f"its gain is {gain}")
    return gain


def _read_blocks(path: Path) -> np.ndarray:
    """A beat's gating-block powers, checked: 1-D float64, finite, none negative."""
    blocks = np.load(path, allow_pickle=False)
    if not isinstance(blocks, np.ndarray) or blocks.dtype != np.float64 or blocks.ndim != 1:
        raise DamagedEntry("it holds no 1-D float64 array")
    if not np.all(np.isfinite(blocks)) or np.any(blocks < 0):
        raise DamagedEntry("it holds powers that are not finite or below 0")
    return blocks


def _read_mixed(path: Path, frames: int | None) -> np.ndarray:
    """A beat's mixed samples, checked: 1-D float32, finite, `frames` long (when known)."""
    samples = np.load(path, allow_pickle=False)
    if not isinstance(samples, np.ndarray):
        raise DamagedEntry("it is no .npy array")
    _check_samples(samples, frames)
    return samples


def _check_samples(samples: np.ndarray, frames: int | None) -> None:
    if samples.dtype != np.float32 or samples.ndim != 1:
        raise DamagedEntry(f"it holds {samples.dtype} of shape {samples.shape}, not 1-D float32")
    if frames is not None and len(samples) != frames:
        raise DamagedEntry(f"it holds {len(samples)} samples, not {frames}")
    if not np.isfinite(samples).all():
        raise DamagedEntry("its samples are not all finite")


def _save_atomically(path: Path, write: Callable[[object], None]) -> None:
    """Write a cache entry whole or not at all, under a temporary name that the folder this
    process owns journals (so a killed run's is removed by the next; see ownership.py)."""
    temporary = ownership.temporary_sibling(path, keep_suffix=True)
    try:
        with temporary.open("wb") as file:
            write(file)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def load_beat_audio(beat: BeatNarration) -> np.ndarray:
    """A beat's mixed samples (48 kHz float32), empty for a silent beat.

    The file was checked when the narration was prepared; one damaged or removed since (in
    a worker, so it cannot be rebuilt here) is VoiceCacheDamaged, naming it.
    """
    if beat.audio is None:
        return np.zeros(0, np.float32)
    try:
        return _read_mixed(beat.audio, beat.frames)
    except _UNREADABLE as error:
        raise VoiceCacheDamaged(
            f"{display_path(beat.audio)}: the narration of beat {beat.name} could not be read "
            f"({_reason(error)}); it changed after the narration was prepared: render again."
        ) from None


def part_starts(beat: BeatNarration, steps: Sequence[float] = ()) -> tuple[float, ...]:
    """Where each part of a beat is said, in seconds from the beat's start: the opening at 0,
    each step's part when the scene began that step (`steps`, as it recorded them), or, for a
    step it did not record, right after the part before."""
    spans = beat.spans()
    starts: list[float] = []
    for number in range(len(spans)):
        if number == 0:
            starts.append(0.0)
        elif number - 1 < len(steps):
            starts.append(float(steps[number - 1]))
        else:
            before_start, before_end = spans[number - 1]
            starts.append(starts[-1] + (before_end - before_start))
    return tuple(starts)


def timed_sentences(beat: BeatNarration, steps: Sequence[float] = ()) -> tuple[Sentence, ...]:
    """The beat's sentences at the times they are said in the beat, each part from its step."""
    timed, at = [], 0
    counts = beat.parts or (len(beat.sentences),)
    for count, (start, _), placed in zip(
        counts, beat.spans(), part_starts(beat, steps), strict=True
    ):
        for sentence in beat.sentences[at : at + count]:
            shift = placed - start
            timed.append(
                Sentence(
                    sentence.text, round(sentence.start + shift, 3), round(sentence.end + shift, 3)
                )
            )
        at += count
    return tuple(timed)


Span = tuple[float, float] | tuple[float, float, Sequence[float]]


def scene_track(narration: SceneNarration, sections: Sequence[Span]) -> np.ndarray:
    """The scene's audio: each beat's speech from its section's start (each step's part from
    its step's start, when the section lists them), as long as the video."""
    rate = loudness.MIX_RATE
    total = round(sections[-1][1] * rate) if sections else 0
    track = np.zeros(total, np.float32)
    for beat, section in zip(narration.beats, sections, strict=True):
        start, end = section[0], section[1]
        steps = section[2] if len(section) > 2 else ()
        samples = load_beat_audio(beat)
        for (first_s, last_s), at in zip(beat.spans(), part_starts(beat, steps), strict=True):
            piece = samples[round(first_s * rate) : round(last_s * rate)]
            first, last = round((start + at) * rate), round(end * rate)
            piece = piece[: max(0, min(last - first, total - first))]
            track[first : first + len(piece)] += piece
    return track
