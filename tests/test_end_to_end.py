"""`lecture render --quality draft` of the whole lecture, decoded back with PyAV.

One render of every scene (module-scoped: it is the slow part of the suite), narrated
by the offline voice with the network refused, then checks on what a lecturer
receives: clips of the right size, rate and length with real pictures in them, the
voice in every clip and in lecture.mp4 at the right loudness, captions inside their
beats, and lecture.mp4 whose length and chapters match its scenes.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from offline import refuse_network
from scene_harness import shared_formulas

from scenes.cli.main import main
from scenes.outputs.captions import parse_srt
from scenes.plans import load_lecture, schemas
from scenes.render.findings import read_findings
from scenes.render.quality import load_quality
from scenes.voice import loudness
from scenes.voice.loudness import MIX_RATE

pytestmark = pytest.mark.slow  # renders the whole lecture at draft, with the voice

DRAFT = load_quality("draft")
LECTURE = load_lecture()
SCENE_NAMES = [scene.name for scene in LECTURE.scenes]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("render")
    with pytest.MonkeyPatch.context() as patch, shared_formulas(out):
        refuse_network(patch)
        result = CliRunner().invoke(main, ["render", "--quality", "draft", "--out", str(out)])
    assert result.exit_code == 0, result.output + str(result.exception)
    return out / "draft", result.output


def audio_facts(path: Path) -> tuple[float, float, np.ndarray]:
    """Video seconds (frames over rate), audio stream seconds, decoded 48 kHz samples."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        rate = float(video.average_rate)
        frames = sum(1 for packet in container.demux(video) if packet.size)
        assert container.streams.audio, f"{path} has no audio stream"
        audio = container.streams.audio[0]
        assert audio.rate == MIX_RATE
        seconds = float(audio.duration * audio.time_base)
        container.seek(0)
        samples = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio)])
    return frames / rate, seconds, samples


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if len(samples) else 0.0


def video_facts(path: Path) -> tuple[int, int, float, int, float]:
    """Width, height, frame rate, decoded frame count and duration in seconds."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        rate = float(stream.average_rate)
        return stream.width, stream.height, rate, frames, frames / rate


def sample_frames(path: Path, count: int = 5) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    picks = np.linspace(len(frames) // 4, len(frames) - 1, count).astype(int)
    return [frames[i] for i in picks]


@pytest.mark.parametrize("scene", SCENE_NAMES)
def test_each_clip_has_the_draft_size_rate_and_a_sensible_length(
    rendered: tuple[Path, str], scene: str
) -> None:
    folder, _ = rendered
    width, height, rate, frames, duration = video_facts(folder / f"{scene}.mp4")
    assert (width, height) == (DRAFT.pixel_width, DRAFT.pixel_height)
    assert rate == pytest.approx(DRAFT.frame_rate)
    assert 4.0 < duration < 180.0
    sections = json.loads((folder / f"{scene}.sections.json").read_text())
    assert sections[-1]["end"] == pytest.approx(duration, abs=2.0 / rate)


@pytest.mark.parametrize("scene", SCENE_NAMES)
def test_each_clip_shows_a_drawing_not_a_blank_frame(
    rendered: tuple[Path, str], scene: str
) -> None:
    folder, _ = rendered
    for frame in sample_frames(folder / f"{scene}.mp4"):
        background = np.median(frame.reshape(-1, 3), axis=0)
        drawn = np.abs(frame.astype(int) - background).sum(axis=2) > 60
        assert drawn.mean() > 0.002, f"{scene} has a nearly blank frame"


@pytest.mark.parametrize("scene", SCENE_NAMES)
def test_captions_are_in_order_and_inside_their_beats(
    rendered: tuple[Path, str], scene: str
) -> None:
    folder, _ = rendered
    cues = parse_srt((folder / f"{scene}.srt").read_text())
    sections = json.loads((folder / f"{scene}.sections.json").read_text())
    assert [s["name"] for s in sections] == list(schemas()[LECTURE.scene(scene).template].beats)
    assert cues, f"{scene} has no captions"
    starts = [cue.start for cue in cues]
    assert starts == sorted(starts)
    tolerance = 1.0 / DRAFT.frame_rate
    for cue in cues:
        assert any(
            s["start"] - tolerance <= cue.start and cue.end <= s["end"] + tolerance
            for s in sections
        ), f"{scene}: caption {cue.text!r} crosses a beat boundary"


def test_the_lecture_is_the_scenes_in_order_with_a_chapter_each(rendered: tuple[Path, str]) -> None:
    folder, _ = rendered
    durations = [video_facts(folder / f"{name}.mp4")[4] for name in SCENE_NAMES]
    _, _, rate, _, total = video_facts(folder / "lecture.mp4")
    assert total == pytest.approx(sum(durations), abs=len(durations) / rate)
    with av.open(str(folder / "lecture.mp4")) as container:
        chapters = container.chapters()
    starts = np.cumsum([0.0, *durations[:-1]])
    assert len(chapters) == len(SCENE_NAMES)
    for chapter, start in zip(chapters, starts, strict=True):
        chapter_start = float(chapter["start"] * chapter["time_base"])
        assert chapter_start == pytest.approx(start, abs=1.0 / rate)
    lecture_cues = parse_srt((folder / "lecture.srt").read_text())
    scene_cues = sum(len(parse_srt((folder / f"{n}.srt").read_text())) for n in SCENE_NAMES)
    assert len(lecture_cues) == scene_cues
    assert (folder / "lecture.vtt").read_text().startswith("WEBVTT")
    assert (folder / "chapters.vtt").read_text().count("-->") == len(SCENE_NAMES)


def test_the_lecture_is_voiced_most_of_its_length_with_no_long_silence(
    rendered: tuple[Path, str],
) -> None:
    """A student is never left watching in silence: the sentences (each cue from when its
    words begin to when the next may start) cover at least 80% of the lecture, and no gap
    between them, inside a beat or across one's end, lasts over 2.5 s."""
    folder, _ = rendered
    total = video_facts(folder / "lecture.mp4")[4]
    cues = sorted(parse_srt((folder / "lecture.srt").read_text()), key=lambda cue: cue.start)
    covered, reached, gaps = 0.0, 0.0, []
    for cue in cues:
        if cue.start - reached > 2.5:
            gaps.append((round(reached, 1), round(cue.start - reached, 1)))
        covered += max(0.0, cue.end - max(cue.start, reached))
        reached = max(reached, cue.end)
    if total - reached > 2.5:
        gaps.append((round(reached, 1), round(total - reached, 1)))
    assert covered / total >= 0.8, f"voiced {covered / total:.0%} of {total:.0f} s"
    assert gaps == [], f"silences (at s, for s) over 2.5 s: {gaps}"


@pytest.mark.parametrize("scene", SCENE_NAMES)
def test_every_clip_speaks_each_beat_from_its_start_and_ends_with_its_video(
    rendered: tuple[Path, str], scene: str
) -> None:
    folder, _ = rendered
    frame = 1 / DRAFT.frame_rate
    video, audio, samples = audio_facts(folder / f"{scene}.mp4")
    assert audio == pytest.approx(video, abs=frame)
    sections = json.loads((folder / f"{scene}.sections.json").read_text())
    beats = {beat.name: beat for beat in LECTURE.scene(scene).beats}
    for number, section in enumerate(sections, start=1):
        start, end = float(section["start"]), float(section["end"])
        window = samples[round(start * MIX_RATE) : round(end * MIX_RATE)]
        beat_clip = folder / scene / f"{number:02d}-{section['name']}.mp4"
        beat_video, beat_audio, beat_samples = audio_facts(beat_clip)
        assert beat_audio == pytest.approx(beat_video, abs=frame)
        if not beats[section["name"]].narration:
            continue
        assert rms(window) > 0.02, f"{scene}.{section['name']} is silent"
        assert rms(beat_samples) > 0.02, f"{beat_clip.name} is silent"
        voiced = np.flatnonzero(np.abs(window) > 0.01)
        assert voiced[0] / MIX_RATE < 0.05, f"{scene}.{section['name']} starts late"
        assert voiced[-1] / MIX_RATE < end - start, "speech runs past its beat"


def test_the_lecture_track_is_at_the_target_loudness_and_never_clips(
    rendered: tuple[Path, str],
) -> None:
    folder, output = rendered
    video, audio, samples = audio_facts(folder / "lecture.mp4")
    assert audio == pytest.approx(video, abs=1 / DRAFT.frame_rate)
    measured = loudness.integrated_loudness(samples)
    assert measured == pytest.approx(loudness.TARGET_LUFS, abs=1.0)
    assert loudness.true_peak_db(samples) <= loudness.TRUE_PEAK_DBTP
    assert "beats synthesised" in output


def test_the_layout_check_finds_nothing_in_any_clip_of_the_lecture(
    rendered: tuple[Path, str],
) -> None:
    """The check ran inside every animation of the real render (see kit/base.py)."""
    folder, output = rendered
    assert f"Layout: nothing found in {len(SCENE_NAMES)} scenes." in output, output
    for name in SCENE_NAMES:
        assert read_findings(folder / f"{name}.layout.json") == [], name


def test_a_second_render_renders_nothing(rendered: tuple[Path, str]) -> None:
    folder, _ = rendered
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.mp4")}
    result = CliRunner().invoke(main, ["render", "--quality", "draft", "--out", str(folder.parent)])
    assert result.exit_code == 0
    assert "Narration: 0 beats synthesised" in result.output
    assert result.output.count("up to date") >= len(SCENE_NAMES)
    listed = CliRunner().invoke(main, ["list", "-q", "draft", "--out", str(folder.parent)])
    assert [line.split()[2] for line in listed.output.splitlines()] == ["fresh"] * len(SCENE_NAMES)
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.mp4")}
    assert after == before
