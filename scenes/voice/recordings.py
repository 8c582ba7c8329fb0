"""A lecturer's own recordings: `<content folder>/voice/<SceneId>/<Beat>.wav` replaces the
synthetic voice for that beat, and the beat's timing follows the recording.

Standard library `wave` reads PCM WAV (8, 16, 24 or 32 bit, any rate, mono or stereo,
mixed down to mono). A recording that cannot be used is a content mistake: one sentence
naming the file.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from scenes.content.loader import ContentError, Lecture, display_path

VOICE_FOLDER = "voice"


def recordings_folder(lecture: Lecture) -> Path:
    return lecture.path.parent / VOICE_FOLDER


def recording_of(lecture: Lecture, scene: str, beat: str) -> Path | None:
    path = recordings_folder(lecture) / scene / f"{beat}.wav"
    return path if path.is_file() else None


def check_recordings(lecture: Lecture) -> None:
    """Refuse a WAV whose folder or name is no scene or beat of the lecture: it would be ignored."""
    folder = recordings_folder(lecture)
    if not folder.is_dir():
        return
    scenes = {scene.name: scene for scene in lecture.scenes}
    for path in sorted(folder.glob("*/*.wav")):
        scene = scenes.get(path.parent.name)
        if scene is None:
            raise ContentError(
                f"{display_path(path)}: the folder {path.parent.name!r} is no scene of the lecture "
                f"{display_path(lecture.path)}; its scenes: {', '.join(scenes)}.",
                path=path,
            )
        beats = [beat.name for beat in scene.beats]
        if path.stem not in beats:
            raise ContentError(
                f"{display_path(path)}: {path.stem!r} is no beat of {scene.name}; "
                f"its beats: {', '.join(beats)}.",
                path=path,
            )


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Mono float32 samples in [-1, 1] and the sample rate of a PCM WAV file."""
    try:
        with wave.open(str(path), "rb") as reader:
            width, channels, rate = (
                reader.getsampwidth(),
                reader.getnchannels(),
                reader.getframerate(),
            )
            data = reader.readframes(reader.getnframes())
    except (wave.Error, EOFError, OSError) as error:
        raise ContentError(
            f"{display_path(path)}: the recording is not a readable PCM WAV file ({error}).",
            path=path,
        ) from None
    if width == 1:
        samples = (np.frombuffer(data, np.uint8).astype(np.float32) - 128) / 128
    elif width == 3:
        raw = np.frombuffer(data, np.uint8).reshape(-1, 3)
        ints = (
            raw[:, 0].astype(np.int32)
            | raw[:, 1].astype(np.int32) << 8
            | raw[:, 2].astype(np.int32) << 16
        )
        samples = (np.where(ints >= 1 << 23, ints - (1 << 24), ints) / float(1 << 23)).astype(
            np.float32
        )
    else:
        kind = {2: np.int16, 4: np.int32}[width]
        samples = np.frombuffer(data, kind).astype(np.float32) / float(np.iinfo(kind).max)
    samples = samples.reshape(-1, channels).mean(axis=1).astype(np.float32)
    if len(samples) < rate // 10:
        raise ContentError(
            f"{display_path(path)}: the recording is shorter than a tenth of a second.", path=path
        )
    return samples, rate
