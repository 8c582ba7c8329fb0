"""Every beat's narration before rendering: synthesised once, cached, or recorded."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np
import pytest
from offline import refuse_network

from scenes.content.loader import ContentError
from scenes.paths import DEFAULT_CONTENT
from scenes.plans import load_lecture
from scenes.voice import loudness
from scenes.voice.narration import (
    PAUSE_SECONDS,
    NotCached,
    prepare_narration,
    silent_narration,
)
from scenes.voice.speech import split_sentences

RATE = 22_050


class CountingVoice:
    """A stand-in voice: a tone per sentence, 60 ms per character; counts what it speaks."""

    name = "test tone"
    settings = "1"
    rate = RATE

    def __init__(self) -> None:
        self.spoken: list[str] = []

    def speak(self, sentences: list[str]) -> list[np.ndarray]:
        self.spoken.extend(sentences)
        out = []
        for sentence in sentences:
            n = int(0.06 * len(sentence) * RATE)
            out.append((0.1 * np.sin(np.arange(n) * 0.05)).astype(np.float32))
        return out


@pytest.fixture
def lecture_dir(tmp_path: Path) -> Path:
    """The default lecture, two of its scenes (a step-by-step one, and one whose beats were
    renamed): preparing the whole lecture's minutes of speech would test nothing more."""
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    listed = re.compile(r'scenes = \[\n(    "[A-Za-z]+",\n)+\]')
    assert listed.search(text)
    trimmed = listed.sub('scenes = ["SlopeOfLine", "SigmoidGraph"]', text, count=1)
    (tmp_path / "lecture.toml").write_text(trimmed, encoding="utf-8")
    return tmp_path


@pytest.mark.slow
def test_each_beat_lasts_its_speech_plus_a_pause_and_its_sentences_are_timed(
    lecture_dir: Path,
) -> None:
    lecture = load_lecture(lecture_dir / "lecture.toml")
    voice = CountingVoice()
    narration = prepare_narration(lecture, lecture_dir / "out", lambda: voice)
    beat = narration.scenes["SlopeOfLine"].beats[0]
    sentences = split_sentences(lecture.scene("SlopeOfLine").beats[0].narration)
    speech = sum(int(0.06 * len(s) * RATE) * loudness.MIX_RATE / RATE for s in sentences)
    speech += (len(sentences) - 1) * lecture.voice.pause * loudness.MIX_RATE  # between them
    assert beat.seconds == pytest.approx(speech / loudness.MIX_RATE + PAUSE_SECONDS, abs=1e-3)
    assert [s.text for s in beat.sentences] == sentences
    assert beat.sentences[0].start == 0.0
    assert beat.sentences[1].start == pytest.approx(beat.sentences[0].end)
    audio = np.load(beat.audio)
    assert len(audio) / loudness.MIX_RATE == pytest.approx(beat.seconds - PAUSE_SECONDS, abs=1e-3)
    assert narration.stats.synthesised == sum(
        1 for scene in lecture.scenes for b in scene.beats if b.narration
    )


@pytest.mark.slow
def test_a_second_preparation_synthesises_nothing(lecture_dir: Path) -> None:
    lecture = load_lecture(lecture_dir / "lecture.toml")
    first = prepare_narration(lecture, lecture_dir / "out", CountingVoice)
    again_voice = CountingVoice()
    again = prepare_narration(lecture, lecture_dir / "out", lambda: again_voice)
    assert again_voice.spoken == []
    assert again.stats.synthesised == 0 and again.stats.cached == first.stats.synthesised
    assert again.scenes == first.scenes


@pytest.mark.slow
def test_an_edited_beat_alone_is_synthesised_again(lecture_dir: Path) -> None:
    path = lecture_dir / "lecture.toml"
    prepare_narration(load_lecture(path), lecture_dir / "out", CountingVoice)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Pick any two points on it.", "Pick two points on it."
        )
    )
    voice = CountingVoice()
    prepare_narration(load_lecture(path), lecture_dir / "out", lambda: voice)
    # the beat said step by step is one cache entry: its opening and its two steps
    assert voice.spoken == [
        "Pick two points on it.",
        "At x equals one, f is two.",
        "At x equals two, f is four.",
    ]


@pytest.mark.slow
def test_after_an_edit_only_the_edited_beat_is_measured_for_loudness(
    lecture_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = lecture_dir / "lecture.toml"
    prepare_narration(load_lecture(path), lecture_dir / "out", CountingVoice)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Pick any two points on it.", "Pick two points on it."
        )
    )
    measured: list[int] = []  # the length of each beat whose true peaks are measured
    envelope = loudness.true_peak_envelope

    def spy(samples: np.ndarray) -> np.ndarray:
        measured.append(len(samples))
        return envelope(samples)

    monkeypatch.setattr(loudness, "true_peak_envelope", spy)
    narration = prepare_narration(load_lecture(path), lecture_dir / "out", CountingVoice)
    edited = len(np.load(narration.scenes["SlopeOfLine"].beats[1].audio))
    beats = sum(len(scene.beats) for scene in narration.scenes.values())
    # its gating blocks at the gains tried, and its mixed audio; no other beat's
    assert beats > 5 and measured and set(measured) == {edited}


def test_cached_only_refuses_to_synthesise(lecture_dir: Path) -> None:
    lecture = load_lecture(lecture_dir / "lecture.toml")
    with pytest.raises(NotCached):
        prepare_narration(lecture, lecture_dir / "out", CountingVoice, cached_only=True)


def write_wav(path: Path, seconds: float, rate: int = 16_000) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tone = 0.3 * np.sin(2 * np.pi * 220 * np.arange(int(seconds * rate)) / rate) * 32767
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(tone.astype(np.int16).tobytes())


@pytest.mark.slow
def test_a_recording_replaces_its_beat_and_sets_its_length(lecture_dir: Path) -> None:
    write_wav(lecture_dir / "voice" / "SlopeOfLine" / "MarkTwoPoints.wav", seconds=7.25)
    lecture = load_lecture(lecture_dir / "lecture.toml")
    voice = CountingVoice()
    narration = prepare_narration(lecture, lecture_dir / "out", lambda: voice)
    beat = narration.scenes["SlopeOfLine"].beats[1]
    assert (beat.name, beat.source) == ("MarkTwoPoints", "recording")
    assert beat.seconds == pytest.approx(7.25 + PAUSE_SECONDS, abs=1e-3)
    assert "Pick any two points on it." not in voice.spoken
    assert beat.sentences[-1].end == pytest.approx(7.25, abs=1e-3)
    peak = np.abs(np.load(beat.audio)).max()
    assert 0 < peak <= 10 ** (loudness.LIMITER_CEILING_DBTP / 20) + 1e-3


def test_a_recording_under_a_beats_former_name_is_still_used(lecture_dir: Path) -> None:
    write_wav(lecture_dir / "voice" / "SigmoidGraph" / "PlotTheSigmoid.wav", seconds=2.5)
    lecture = load_lecture(lecture_dir / "lecture.toml")
    narration = prepare_narration(lecture, lecture_dir / "out", CountingVoice)
    beat = narration.scenes["SigmoidGraph"].beats[0]
    assert (beat.name, beat.source) == ("PlotTheFunction", "recording")


def test_a_recording_for_no_beat_is_refused_naming_the_file(lecture_dir: Path) -> None:
    write_wav(lecture_dir / "voice" / "SlopeOfLine" / "MarkTwoPoint.wav", seconds=1)
    lecture = load_lecture(lecture_dir / "lecture.toml")
    with pytest.raises(ContentError, match=r"MarkTwoPoint\.wav: 'MarkTwoPoint' is no beat of"):
        prepare_narration(lecture, lecture_dir / "out", CountingVoice)


def test_a_recording_that_is_no_wav_is_refused_naming_the_file(lecture_dir: Path) -> None:
    bad = lecture_dir / "voice" / "SlopeOfLine" / "DrawTheLine.wav"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not a wav at all")
    lecture = load_lecture(lecture_dir / "lecture.toml")
    with pytest.raises(ContentError, match=r"DrawTheLine\.wav: the recording is not a readable"):
        prepare_narration(lecture, lecture_dir / "out", CountingVoice)


def test_silent_narration_times_beats_by_reading_and_spreads_the_sentences() -> None:
    lecture = load_lecture()
    beat = silent_narration(lecture).scenes["SlopeOfLine"].beats[0]
    assert beat.audio is None and beat.seconds > 0
    assert beat.sentences[-1].end == pytest.approx(beat.seconds, abs=1e-3)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_network(monkeypatch)


@pytest.mark.slow
def test_the_piper_voice_speaks_offline(no_network: None) -> None:
    from scenes.voice.piper_voice import PiperJoeVoice

    voice = PiperJoeVoice()
    first, second = voice.speak(["The slope is two.", "It is the derivative."])
    assert voice.rate == RATE
    for speech in (first, second):
        assert 0.5 < len(speech) / RATE < 4
        assert np.sqrt(np.mean(speech.astype(np.float64) ** 2)) > 0.01


def test_the_pause_setting_puts_silence_between_sentences_and_keys_the_cache(
    lecture_dir: Path,
) -> None:
    source = lecture_dir / "lecture.toml"
    source.write_text("[voice]\npause = 0\n" + source.read_text(encoding="utf-8"))
    tight = prepare_narration(load_lecture(source), lecture_dir / "out", CountingVoice)
    source.write_text(source.read_text(encoding="utf-8").replace("pause = 0", "pause = 1.5"))
    voice = CountingVoice()
    paused = prepare_narration(load_lecture(source), lecture_dir / "out", lambda: voice)
    assert voice.spoken  # a new pause is new speech, not a cache hit
    for scene, beats in tight.scenes.items():
        for before, after in zip(beats.beats, paused.scenes[scene].beats, strict=True):
            gaps = max(len(before.sentences) - 1, 0)
            assert after.seconds == pytest.approx(before.seconds + 1.5 * gaps, abs=0.02)


def test_a_recording_brings_its_own_caption_text(lecture_dir: Path) -> None:
    recording = lecture_dir / "voice" / "SlopeOfLine" / "MarkTwoPoints.wav"
    write_wav(recording, seconds=3.0)
    recording.with_suffix(".txt").write_text(
        "Take two points.\nOne at x equals 1, one at 2.\n", encoding="utf-8"
    )
    lecture = load_lecture(lecture_dir / "lecture.toml")
    narration = prepare_narration(lecture, lecture_dir / "out", CountingVoice)
    beat = narration.scenes["SlopeOfLine"].beats[1]
    assert [s.text for s in beat.sentences] == [
        "Take two points.",
        "One at x equals 1, one at 2.",
    ]
    assert beat.sentences[-1].end == pytest.approx(3.0, abs=1e-3)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("MarkTwoPoints", b"\xff\xfe caption", "the caption text is not UTF-8 text."),
        ("MarkTwoPoints", b"  \n", "the caption text is empty; write what the recording says"),
        ("DrawTheLine", b"No recording beside me.", "there is no recording DrawTheLine.wav"),
    ],
)
def test_a_caption_text_that_cannot_be_used_is_one_sentence(
    lecture_dir: Path, name: str, content: bytes, problem: str
) -> None:
    write_wav(lecture_dir / "voice" / "SlopeOfLine" / "MarkTwoPoints.wav", seconds=1.0)
    text = lecture_dir / "voice" / "SlopeOfLine" / f"{name}.txt"
    text.write_bytes(content)
    lecture = load_lecture(lecture_dir / "lecture.toml")
    with pytest.raises(ContentError) as caught:
        prepare_narration(lecture, lecture_dir / "out", CountingVoice)
    assert f"voice/SlopeOfLine/{name}.txt: {problem}" in str(caught.value)
