"""A damaged voice cache heals: an entry that cannot be read is removed, rebuilt, and said in
one line; a beat's audio damaged after preparing is one sentence naming the file."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from test_narration import CountingVoice

from scenes.content.loader import Lecture
from scenes.plans import load_lecture
from scenes.voice.narration import (
    CACHE_NAME,
    LectureNarration,
    NotCached,
    VoiceCacheDamaged,
    load_beat_audio,
    prepare_narration,
    warn_on_stderr,
)

TINY = """
[lecture]
title = "Tiny"
scenes = ["LectureTitle"]

[scenes.LectureTitle]
title = "Tiny"
subtitle = "a test"
outline = ["One", "Two"]

[scenes.LectureTitle.narration]
ShowTheTitle = "Hello there. This is short."
ListTheOutline = "One and two."
"""


class Prepared:
    """A tiny lecture whose narration is prepared once, and a way to prepare it again."""

    def __init__(self, root: Path) -> None:
        (root / "lecture.toml").write_text(TINY, encoding="utf-8")
        self.lecture: Lecture = load_lecture(root / "lecture.toml")
        self.out = root / "out"
        self.first = prepare_narration(self.lecture, self.out, CountingVoice, warn=self.fail)
        self.cache = self.out / CACHE_NAME

    @staticmethod
    def fail(message: str) -> None:
        raise AssertionError(f"nothing was damaged, yet: {message}")

    def again(self, cached_only: bool = False) -> tuple[LectureNarration, CountingVoice, list[str]]:
        voice, messages = CountingVoice(), []
        narration = prepare_narration(
            self.lecture, self.out, lambda: voice, cached_only=cached_only, warn=messages.append
        )
        return narration, voice, messages

    def entries(self, kind: str) -> list[Path]:
        return sorted((self.cache / kind).iterdir())


@pytest.fixture
def prepared(tmp_path: Path) -> Prepared:
    return Prepared(tmp_path)


def removal_line(path: Path) -> re.Pattern[str]:
    return re.compile(
        rf"Voice cache: {re.escape(str(path))} could not be read \([^\n]+\); "
        r"it was removed and will be rebuilt\."
    )


def cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garbage(path: Path) -> None:
    path.write_bytes(np.random.default_rng(1).bytes(path.stat().st_size))


def without_ends(path: Path) -> None:
    with np.load(path) as stored:
        samples = stored["samples"]
    np.savez(path, samples=samples)


def ends_past_the_samples(path: Path) -> None:
    with np.load(path) as stored:
        samples, ends = stored["samples"], stored["ends"]
    np.savez(path, samples=samples[: len(samples) // 2], ends=ends)


def pickled(path: Path) -> None:
    with path.open("wb") as file:
        np.savez(file, samples=np.array([object()]), ends=np.array([1]))


def one_flipped_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage", [cut_in_half, garbage, without_ends, ends_past_the_samples, pickled, one_flipped_byte]
)
def test_a_damaged_speech_entry_is_removed_synthesised_again_and_said_once(
    prepared: Prepared, damage: Callable[[Path], None]
) -> None:
    entry = prepared.entries("speech")[0]
    damage(entry)
    narration, voice, messages = prepared.again()
    assert len(messages) == 1 and removal_line(entry).fullmatch(messages[0]), messages
    assert voice.spoken in (["Hello there.", "This is short."], ["One and two."])
    assert narration.scenes == prepared.first.scenes
    narration, voice, messages = prepared.again()  # healed: nothing to say, nothing to speak
    assert (messages, voice.spoken) == ([], [])


def test_a_damaged_speech_entry_counts_as_missing_when_only_the_cache_may_be_read(
    prepared: Prepared,
) -> None:
    entry = prepared.entries("speech")[0]
    cut_in_half(entry)
    messages: list[str] = []
    with pytest.raises(NotCached):
        prepare_narration(
            prepared.lecture, prepared.out, CountingVoice, cached_only=True, warn=messages.append
        )
    assert not entry.exists()
    assert len(messages) == 1 and removal_line(entry).fullmatch(messages[0])


def damaged_npy_truncated(path: Path) -> None:
    cut_in_half(path)


def damaged_npy_float64(path: Path) -> None:
    np.save(path, np.load(path).astype(np.float64))


def damaged_npy_short(path: Path) -> None:
    np.save(path, np.load(path)[:-1])


def damaged_npy_nan(path: Path) -> None:
    samples = np.load(path)
    samples[0] = np.nan
    np.save(path, samples)


@pytest.mark.parametrize(
    "damage",
    [damaged_npy_truncated, garbage, damaged_npy_float64, damaged_npy_short, damaged_npy_nan],
)
def test_a_damaged_mixed_file_is_mixed_again_and_said_once(
    prepared: Prepared, damage: Callable[[Path], None]
) -> None:
    entry = prepared.entries("mixed")[0]
    good = np.load(entry)
    damage(entry)
    narration, voice, messages = prepared.again()
    assert len(messages) == 1 and removal_line(entry).fullmatch(messages[0]), messages
    assert voice.spoken == []  # the speech itself was intact
    assert narration.scenes == prepared.first.scenes
    assert np.array_equal(np.load(entry, allow_pickle=False), good)


@pytest.mark.parametrize(
    "text", ["", '{"gain_db": ', "[1, 2]", '{"gain": 1}', '{"gain_db": NaN}', "\xff\xfe"]
)
def test_a_damaged_gain_entry_is_measured_again_and_said_once(
    prepared: Prepared, text: str
) -> None:
    (entry,) = prepared.entries("gain")
    entry.write_bytes(text.encode("latin-1"))
    narration, _, messages = prepared.again()
    assert len(messages) == 1 and removal_line(entry).fullmatch(messages[0]), messages
    assert narration.stats.gain_db == prepared.first.stats.gain_db
    assert narration.scenes == prepared.first.scenes


def negative_powers(path: Path) -> None:
    np.save(path, -np.load(path))


def float32_powers(path: Path) -> None:
    np.save(path, np.load(path).astype(np.float32))


@pytest.mark.parametrize(
    "damage", [damaged_npy_truncated, garbage, negative_powers, float32_powers]
)
def test_a_damaged_loudness_entry_is_measured_again_and_said_once(
    prepared: Prepared, damage: Callable[[Path], None]
) -> None:
    (gain,) = prepared.entries("gain")
    gain.unlink()  # the gain is measured again from each beat's kept gating blocks
    entry = prepared.entries("blocks")[0]
    good = np.load(entry)
    damage(entry)
    narration, _, messages = prepared.again()
    assert len(messages) == 1 and removal_line(entry).fullmatch(messages[0]), messages
    assert narration.stats.gain_db == prepared.first.stats.gain_db
    assert np.array_equal(np.load(entry, allow_pickle=False), good)


def test_audio_damaged_after_preparing_is_one_sentence_naming_the_file(
    prepared: Prepared,
) -> None:
    beat = prepared.first.scenes["LectureTitle"].beats[0]
    assert beat.audio is not None and len(load_beat_audio(beat)) == beat.frames
    cut_in_half(beat.audio)
    with pytest.raises(VoiceCacheDamaged) as caught:
        load_beat_audio(beat)
    message = str(caught.value)
    assert message.startswith(f"{beat.audio}: the narration of beat ShowTheTitle could not be read")
    assert message.endswith("render again.") and "\n" not in message
    assert "allow_pickle" not in message
    beat.audio.unlink()
    with pytest.raises(VoiceCacheDamaged, match="could not be read"):
        load_beat_audio(beat)


def test_the_default_warning_is_one_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    warn_on_stderr("Voice cache: x could not be read (y); it was removed and will be rebuilt.")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "Voice cache: x could not be read (y); it was removed and will be rebuilt.\n"
    )


def test_a_cache_written_before_this_check_is_still_read(prepared: Prepared) -> None:
    """Entries as the previous version wrote them (ends from np.cumsum) need no rebuild."""
    for entry in prepared.entries("speech"):
        with np.load(entry) as stored:
            samples, ends = stored["samples"], stored["ends"]
        buffer = io.BytesIO()
        np.savez(buffer, samples=samples, ends=np.cumsum(np.diff(ends, prepend=0)))
        entry.write_bytes(buffer.getvalue())
    _, voice, messages = prepared.again()
    assert (messages, voice.spoken) == ([], [])


def test_cache_entries_are_written_under_journaled_temporary_names(tmp_path: Path) -> None:
    from scenes import ownership
    from scenes.voice.narration import _save_atomically

    entry = tmp_path / "out" / ".voice-cache" / "gain" / "abc.json"
    with ownership.run_folder(tmp_path / "out") as owned:
        _save_atomically(entry, lambda handle: handle.write(b'{"gain_db": 1.5}'))  # type: ignore[attr-defined]
        (journaled,) = (owned / ownership.JOURNAL_FILE).read_text().splitlines()
    assert Path(journaled).parent == entry.parent and ownership.is_temporary(Path(journaled))
    assert not Path(journaled).exists()
    assert [path.name for path in entry.parent.iterdir()] == ["abc.json"]
