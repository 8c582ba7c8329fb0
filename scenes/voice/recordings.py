"""A lecturer's own recordings: `<content folder>/voice/<SceneId>/<Beat>.wav` replaces the
synthetic voice for that beat, and the beat's timing follows the recording.

Standard library `wave` reads PCM WAV (8, 16, 24 or 32 bit, 8 to 192 kHz, mono or stereo,
mixed down to mono). A recording that cannot be used is a content mistake: one sentence
naming the file, the value found and the limit. The limits are checked on the header,
before a sample is read, so a file that claims hours of audio (or a rate of 1 Hz, which
the resampler would blow up to 48 kHz) costs nothing; the samples are then read in
blocks, so memory stays near the mono float32 result (at most 4x the file's size).
"""

from __future__ import annotations

import os
import unicodedata
import wave
from pathlib import Path

import numpy as np

from scenes.content.limits import MAX_NARRATION_LENGTH
from scenes.content.loader import ContentError, Lecture, display_path

VOICE_FOLDER = "voice"

MIN_SAMPLE_RATE = 8_000  # telephone quality; lower is no usable speech
MAX_SAMPLE_RATE = 192_000  # the highest rate audio interfaces record at
MAX_CHANNELS = 2  # mono or stereo, mixed down to mono
SAMPLE_WIDTHS = (1, 2, 3, 4)  # bytes: 8, 16, 24 and 32-bit PCM
# A beat is one step of an animation, said in a few sentences (the lecture's longest reads
# in about 8 s); five minutes is far beyond any beat, yet bounds what one recording costs
# downstream: preparing the narration of a 5-minute beat (resampling, loudness, limiter)
# peaked at 1.3 GB and took 40 s, a 10-minute one at 2.5 GB and 61 s (measured).
MAX_RECORDING_SECONDS = 300
# The largest file a recording within the limits can be (five minutes of 192 kHz stereo
# 32-bit PCM is 460.8 MB), with room for the header and metadata chunks.
MAX_RECORDING_BYTES = 500_000_000
MIN_RECORDING_SECONDS = 0.1
_HEADER_BYTES = 44  # the smallest RIFF/WAVE header before the samples
_BLOCK_FRAMES = 1 << 16  # read and converted at a time: under 2 MB, whatever the file's size


def recordings_folder(lecture: Lecture) -> Path:
    return lecture.path.parent / VOICE_FOLDER


def recording_of(
    lecture: Lecture, scene: str, beat: str, former: tuple[str, ...] = ()
) -> Path | None:
    """The beat's recording: `<scene>/<beat>.wav`, or one named by a former name of the beat."""
    for name in (beat, *former):
        path = recordings_folder(lecture) / scene / f"{name}.wav"
        if path.is_file():
            return path
    return None


def recording_caption(recording: Path) -> str | None:
    """What a recording says, for its captions: `<beat>.txt` beside `<beat>.wav` (UTF-8
    text), or None to caption the beat's narration as written. What a voice may say is not
    checked here: a person said it already."""
    path = recording.with_suffix(".txt")
    if not path.is_file():
        return None
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContentError(
            f"{name} cannot be read ({error.strerror or error}).", path=path
        ) from None
    if len(raw) > 4 * MAX_NARRATION_LENGTH:
        raise ContentError(
            f"{name}: the caption text is {len(raw)} bytes; it is limited to "
            f"{MAX_NARRATION_LENGTH} characters, as a beat's narration is.",
            path=path,
        )
    try:
        text = " ".join(raw.decode("utf-8-sig").split())
    except UnicodeDecodeError:
        raise ContentError(f"{name}: the caption text is not UTF-8 text.", path=path) from None
    if not text:
        raise ContentError(
            f"{name}: the caption text is empty; write what the recording says, or remove it.",
            path=path,
        )
    if len(text) > MAX_NARRATION_LENGTH:
        raise ContentError(
            f"{name}: the caption text has {len(text)} characters; it is limited to "
            f"{MAX_NARRATION_LENGTH}, as a beat's narration is.",
            path=path,
        )
    control = next((c for c in text if unicodedata.category(c) in ("Cc", "Cf")), None)
    if control is not None:
        raise ContentError(
            f"{name}: the caption text contains the control character {control!r}.", path=path
        )
    return text


def check_recordings(lecture: Lecture) -> None:
    """Refuse a WAV whose folder or name is no scene or beat of the lecture: it would be ignored."""
    folder = recordings_folder(lecture)
    if not folder.is_dir():
        return
    scenes = {scene.name: scene for scene in lecture.scenes}
    for text in sorted(folder.glob("*/*.txt")):
        if not text.with_suffix(".wav").is_file():
            raise ContentError(
                f"{display_path(text)}: there is no recording {text.with_suffix('.wav').name} "
                "beside it; a .txt gives a recording's caption text.",
                path=text,
            )
    for path in sorted(folder.glob("*/*.wav")):
        scene = scenes.get(path.parent.name)
        if scene is None:
            raise ContentError(
                f"{display_path(path)}: the folder {path.parent.name!r} is no scene of the lecture "
                f"{display_path(lecture.path)}; its scenes: {', '.join(scenes)}.",
                path=path,
            )
        beats = [beat.name for beat in scene.beats]
        former = [name for beat in scene.beats for name in beat.former]
        if path.stem not in beats and path.stem not in former:
            raise ContentError(
                f"{display_path(path)}: {path.stem!r} is no beat of {scene.name}; "
                f"its beats: {', '.join(beats)}.",
                path=path,
            )


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Mono float32 samples in [-1, 1] and the sample rate of a PCM WAV file within the limits."""
    name = display_path(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_RECORDING_BYTES:
            raise ContentError(
                f"{name}: the recording is {size:,} bytes; recordings may be at most "
                f"{MAX_RECORDING_BYTES:,} bytes.",
                path=path,
            )
        with wave.open(str(path), "rb") as reader:
            width, channels, rate = (
                reader.getsampwidth(),
                reader.getnchannels(),
                reader.getframerate(),
            )
            frames = reader.getnframes()
            _check_header(path, size, width, channels, rate, frames)
            samples = _read_mono(reader, frames, width, channels)
    except (wave.Error, EOFError, OSError, RuntimeError) as error:
        # `wave` raises a bare EOFError for a header cut short, a bare RuntimeError for a
        # chunk that claims to reach past the one holding it
        reason = str(error) or (
            "the file ends inside its header"
            if isinstance(error, EOFError)
            else "a chunk's size reaches past the end of the file"
        )
        raise ContentError(
            f"{name}: the recording is not a readable PCM WAV file ({reason}).", path=path
        ) from None
    if len(samples) < frames:
        raise ContentError(
            f"{name}: the recording is cut short: its header declares {frames:,} frames, "
            f"the file holds {len(samples):,}; export it again.",
            path=path,
        )
    return samples, rate


def _check_header(path: Path, size: int, width: int, channels: int, rate: int, frames: int) -> None:
    """Every limit the header alone can tell, so nothing is read or allocated for a bad file."""
    name = display_path(path)
    if not MIN_SAMPLE_RATE <= rate <= MAX_SAMPLE_RATE:
        raise ContentError(
            f"{name}: the recording's sample rate is {rate} Hz; recordings must be "
            f"{MIN_SAMPLE_RATE} to {MAX_SAMPLE_RATE} Hz.",
            path=path,
        )
    if not 1 <= channels <= MAX_CHANNELS:
        raise ContentError(
            f"{name}: the recording has {channels} channels; recordings must be mono or stereo.",
            path=path,
        )
    if width not in SAMPLE_WIDTHS:
        raise ContentError(
            f"{name}: the recording's samples are {8 * width}-bit; recordings must be "
            f"8, 16, 24 or 32-bit PCM.",
            path=path,
        )
    seconds = frames / rate
    declared = frames * width * channels
    if declared > size - _HEADER_BYTES:
        raise ContentError(
            f"{name}: the recording is cut short: its header declares {declared:,} bytes of "
            f"samples, the file is {size:,} bytes; export it again.",
            path=path,
        )
    if seconds > MAX_RECORDING_SECONDS:
        raise ContentError(
            f"{name}: the recording is {seconds / 60:.1f} minutes long; a beat's recording "
            f"may be at most {MAX_RECORDING_SECONDS // 60} minutes.",
            path=path,
        )
    if seconds < MIN_RECORDING_SECONDS:
        raise ContentError(
            f"{name}: the recording is {seconds:.3f} s long; recordings must be at least "
            f"{MIN_RECORDING_SECONDS} s.",
            path=path,
        )


def _read_mono(reader: wave.Wave_read, frames: int, width: int, channels: int) -> np.ndarray:
    """The samples mixed down to mono float32, block by block: no copy of the whole file's
    bytes is ever held; fewer than `frames` when the file is cut short."""
    mono = np.empty(frames, np.float32)
    done = 0
    while done < frames:
        data = reader.readframes(min(_BLOCK_FRAMES, frames - done))
        count = len(data) // (width * channels)
        if count == 0:
            break
        if len(data) > count * width * channels:  # a partial frame at a cut-short end
            data = data[: count * width * channels]
        block = _to_float(data, width).reshape(count, channels)
        mono[done : done + count] = block[:, 0] if channels == 1 else block.mean(axis=1)
        done += count
    return mono[:done]


def _to_float(data: bytes, width: int) -> np.ndarray:
    """PCM of 1 to 4 bytes per sample as float32 in [-1, 1)."""
    if width == 1:  # unsigned, centred on 128
        return (np.frombuffer(data, np.uint8).astype(np.float32) - 128) / 128
    if width == 3:
        raw = np.frombuffer(data, np.uint8).reshape(-1, 3).astype(np.int32)
        ints = raw[:, 0] | raw[:, 1] << 8 | raw[:, 2] << 16
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        return (ints / float(1 << 23)).astype(np.float32)
    kind = {2: np.int16, 4: np.int32}[width]  # `wave` gives them in the machine's order
    samples = np.frombuffer(data, kind).astype(np.float32)
    samples /= float(1 << (8 * width - 1))  # as for 8 and 24 bit: the lowest value is -1
    return samples
