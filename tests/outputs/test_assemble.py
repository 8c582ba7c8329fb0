from __future__ import annotations

import dataclasses
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from media_checks import top_level_atoms

import scenes.outputs.assemble as assemble_module
from scenes.outputs.assemble import ChapterMark, ClipInfo, assemble_lecture
from scenes.outputs.captions import Cue, format_srt, format_vtt, parse_srt

FPS = 10
WIDTH, HEIGHT = 64, 36
FRAME = 1 / FPS
# (name, frame count, colour): 1.0 s, 1.5 s and 0.7 s at 10 fps
CLIPS = (
    ("Intro", 10, (200, 40, 40)),
    ("Middle", 15, (40, 200, 40)),
    ("Outro", 7, (40, 40, 200)),
)
TITLES = ("The title", "Secant lines", "Gradient descent")
SCENE_CAPTIONS = {
    "Intro": [Cue(0.0, 0.5, "Welcome."), Cue(0.5, 1.0, "Two\nlines.")],
    "Middle": [Cue(0.2, 0.9, "Shrink h."), Cue(0.9, 9.0, "Runs past the clip end.")],
    "Outro": [Cue(0.1, 0.6, "Roll downhill."), Cue(2.0, 3.0, "After the clip: dropped.")],
}


def clip_frame(colour: tuple[int, int, int], index: int) -> np.ndarray:
    """A solid colour with a white counter bar 4 px per frame index along the bottom."""
    pixels = np.empty((HEIGHT, WIDTH, 3), np.uint8)
    pixels[:] = colour
    pixels[28:, : 4 * index] = 255
    return pixels


def make_clip(
    path: Path,
    frames: int,
    colour: tuple[int, int, int],
    *,
    size: tuple[int, int] = (WIDTH, HEIGHT),
    fps: int = FPS,
    options: dict[str, str] | None = None,
) -> Path:
    """Encode a clip the way manim 0.22 does: PyAV, libx264, yuv420p, mp4."""
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=fps, options=options or {"crf": "23"})
        stream.pix_fmt = "yuv420p"
        stream.width, stream.height = size
        for index in range(frames):
            pixels = clip_frame(colour, index)
            if size != (WIDTH, HEIGHT):
                pixels = np.zeros((size[1], size[0], 3), np.uint8)
            container.mux(stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")))
        container.mux(stream.encode(None))
    return path


def decoded_frames(path: Path) -> list[av.VideoFrame]:
    with av.open(str(path)) as container:
        return list(container.decode(container.streams.video[0]))


@pytest.fixture(scope="module")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("draft")
    for name, frames, colour in CLIPS:
        make_clip(folder / f"{name}.mp4", frames, colour)
        (folder / f"{name}.srt").write_text(format_srt(SCENE_CAPTIONS[name]), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clip_paths(clip_dir: Path) -> list[Path]:
    return [clip_dir / f"{name}.mp4" for name, _, _ in CLIPS]


@pytest.fixture(scope="module")
def lecture(clip_paths: list[Path], tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("out")
    return assemble_lecture(clip_paths, out, titles=TITLES)


def test_clips_are_remuxed_not_reencoded(lecture) -> None:
    assert lecture.method == "remux"


def test_the_lecture_starts_with_its_index_so_players_stream_it(lecture) -> None:
    atoms = top_level_atoms(lecture.path)
    assert atoms.index("moov") < atoms.index("mdat")


def test_duration_is_the_sum_of_the_clips(lecture) -> None:
    assert lecture.duration == pytest.approx(1.0 + 1.5 + 0.7)
    with av.open(str(lecture.path)) as container:
        stream = container.streams.video[0]
        stored = float(stream.duration * stream.time_base)
    assert stored == pytest.approx(3.2, abs=len(CLIPS) * FRAME)


def test_every_frame_comes_through_unchanged_and_in_order(lecture, clip_paths) -> None:
    source = [frame for path in clip_paths for frame in decoded_frames(path)]
    output = decoded_frames(lecture.path)
    assert len(output) == sum(frames for _, frames, _ in CLIPS) == 32
    for index, (got, want) in enumerate(zip(output, source, strict=True)):
        assert np.array_equal(got.to_ndarray(), want.to_ndarray()), f"frame {index} differs"


def test_output_frames_show_the_right_clip_colour(lecture) -> None:
    expected = [colour for _, frames, colour in CLIPS for _ in range(frames)]
    for index, frame in enumerate(decoded_frames(lecture.path)):
        top = frame.to_ndarray(format="rgb24")[:20].reshape(-1, 3).mean(axis=0)
        assert np.abs(top - expected[index]).max() < 12, f"frame {index} is {top}"


def test_timestamps_rise_one_frame_at_a_time(lecture) -> None:
    with av.open(str(lecture.path)) as container:
        stream = container.streams.video[0]
        dts = [p.dts for p in container.demux(stream) if p.dts is not None]
    frame_times = [float(f.pts * f.time_base) for f in decoded_frames(lecture.path)]
    assert all(b > a for a, b in zip(dts, dts[1:], strict=False))
    assert frame_times[0] == pytest.approx(0.0)
    assert np.allclose(np.diff(frame_times), FRAME)


def test_chapters_read_back_one_per_clip_with_titles(lecture) -> None:
    with av.open(str(lecture.path)) as container:
        chapters = container.chapters()
    assert [chapter["metadata"]["title"] for chapter in chapters] == list(TITLES)
    starts = [float(c["start"] * c["time_base"]) for c in chapters]
    ends = [float(c["end"] * c["time_base"]) for c in chapters]
    assert starts == pytest.approx([0.0, 1.0, 2.5], abs=FRAME)
    assert ends == pytest.approx([1.0, 2.5, 3.2], abs=FRAME)


def test_result_lists_chapters_in_lecture_time(lecture) -> None:
    assert [c.title for c in lecture.chapters] == list(TITLES)
    assert [c.start for c in lecture.chapters] == pytest.approx([0.0, 1.0, 2.5])
    assert [c.end for c in lecture.chapters] == pytest.approx([1.0, 2.5, 3.2])


def test_lecture_captions_are_shifted_clamped_and_in_order(lecture) -> None:
    cues = parse_srt(lecture.srt_path.read_text(encoding="utf-8"))
    assert cues == [
        Cue(0.0, 0.5, "Welcome."),
        Cue(0.5, 1.0, "Two\nlines."),
        Cue(1.2, 1.9, "Shrink h."),
        Cue(1.9, 2.5, "Runs past the clip end."),
        Cue(2.6, 3.1, "Roll downhill."),
    ]
    for cue in cues:
        scene = next(c for c in lecture.chapters if c.start <= cue.start < c.end)
        assert cue.end <= scene.end + 1e-9


def test_lecture_vtt_holds_the_same_cues_as_the_srt(lecture) -> None:
    cues = parse_srt(lecture.srt_path.read_text(encoding="utf-8"))
    assert lecture.vtt_path.read_text(encoding="utf-8") == format_vtt(cues)


def test_chapters_vtt_has_one_cue_per_scene(lecture) -> None:
    text = lecture.chapters_vtt_path.read_text(encoding="utf-8")
    assert text == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:01.000\nThe title\n\n"
        "00:00:01.000 --> 00:00:02.500\nSecant lines\n\n"
        "00:00:02.500 --> 00:00:03.200\nGradient descent\n\n"
    )
    assert parse_srt(text.removeprefix("WEBVTT\n")) == [
        Cue(c.start, c.end, c.title) for c in lecture.chapters
    ]


def test_titles_default_to_scene_names_and_clipinfo_works(clip_paths, tmp_path) -> None:
    infos = [ClipInfo(path=path, name=path.stem.upper()) for path in clip_paths[:2]]
    result = assemble_lecture(infos, tmp_path)
    assert result.chapters == [ChapterMark("INTRO", 0.0, 1.0), ChapterMark("MIDDLE", 1.0, 2.5)]
    assert parse_srt(result.srt_path.read_text(encoding="utf-8")) == []  # no captions given
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chapters.vtt",
        "lecture.mp4",
        "lecture.srt",
        "lecture.vtt",
    ]


def test_clips_with_different_encoder_settings_are_reencoded(clip_dir, tmp_path) -> None:
    baseline = make_clip(
        tmp_path / "Baseline.mp4", 5, (40, 200, 200), options={"preset": "ultrafast"}
    )
    clips = [clip_dir / "Intro.mp4", baseline, clip_dir / "Outro.mp4"]
    result = assemble_lecture(clips, tmp_path / "out")
    assert result.method == "reencode"
    frames = decoded_frames(result.path)
    expected = [(200, 40, 40)] * 10 + [(40, 200, 200)] * 5 + [(40, 40, 200)] * 7
    assert len(frames) == len(expected)
    for index, frame in enumerate(frames):
        top = frame.to_ndarray(format="rgb24")[:20].reshape(-1, 3).mean(axis=0)
        assert np.abs(top - expected[index]).max() < 12, f"frame {index} is {top}"
    assert np.allclose(np.diff([float(f.pts * f.time_base) for f in frames]), FRAME)
    with av.open(str(result.path)) as container:
        starts = [float(c["start"] * c["time_base"]) for c in container.chapters()]
    assert starts == pytest.approx([0.0, 1.0, 1.5], abs=FRAME)


@pytest.fixture
def good_lecture(clip_paths: list[Path], tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding a finished lecture, and the bytes of each of its files."""
    assemble_lecture(clip_paths[:1], tmp_path)
    return tmp_path, {p.name: p.read_bytes() for p in tmp_path.iterdir()}


def assert_untouched(folder: Path, before: dict[str, bytes]) -> None:
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize(
    ("odd_clip", "why"),
    [
        ({"size": (48, 36)}, "48x36"),
        ({"fps": 12}, "12 fps"),
    ],
)
def test_mismatched_clip_is_named_and_leaves_the_old_lecture(
    good_lecture, clip_paths, odd_clip, why
) -> None:
    folder, before = good_lecture
    odd = make_clip(folder.parent / f"Odd{folder.name}.mp4", 3, (0, 0, 0), **odd_clip)
    with pytest.raises(ValueError, match=rf"Clip {odd}.* is .*{why}.*must match"):
        assemble_lecture([clip_paths[0], odd], folder)
    assert_untouched(folder, before)


def test_missing_clip_is_named(good_lecture, clip_dir) -> None:
    folder, before = good_lecture
    missing = clip_dir / "Nowhere.mp4"
    with pytest.raises(ValueError, match=rf"Clip {missing} .*does not exist"):
        assemble_lecture([clip_dir / "Intro.mp4", missing], folder)
    assert_untouched(folder, before)


def test_unreadable_clip_is_named(good_lecture, tmp_path_factory) -> None:
    folder, before = good_lecture
    broken = tmp_path_factory.mktemp("broken") / "Broken.mp4"
    broken.write_bytes(b"not a video at all")
    with pytest.raises(ValueError, match=rf"Clip {broken} is not a readable video"):
        assemble_lecture([broken], folder)
    assert_untouched(folder, before)


def test_failure_while_writing_leaves_the_old_lecture_and_no_temp_files(
    good_lecture, clip_paths, monkeypatch
) -> None:
    folder, before = good_lecture

    def write_half_then_fail(target: Path, *args: object) -> None:
        target.write_bytes(b"half a video")
        raise OSError("disk full")

    monkeypatch.setattr(assemble_module, "_write_video", write_half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        assemble_lecture(clip_paths, folder)
    assert_untouched(folder, before)


def test_titles_must_match_the_clips(clip_paths, tmp_path) -> None:
    with pytest.raises(ValueError, match="2 titles for 3 clips"):
        assemble_lecture(clip_paths, tmp_path, titles=["a", "b"])


def test_no_clips_is_an_error(tmp_path) -> None:
    with pytest.raises(ValueError, match="No clips"):
        assemble_lecture([], tmp_path)


def test_modules_do_not_import_manim() -> None:
    code = (
        "import sys, scenes.outputs.assemble, scenes.outputs.captions; "
        "print('manim' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_remux_is_refused_when_a_join_would_repeat_a_dts(clip_dir) -> None:
    """A clip with deeper B-frame reordering than the one before it would break dts order."""
    base = assemble_module._probe(ClipInfo(clip_dir / "Intro.mp4", "Intro"))
    ticks = round(1 / (base.rate * base.time_base))
    no_reorder = dataclasses.replace(base, first_dts=0, last_dts=(base.frame_count - 1) * ticks)
    deep_reorder = dataclasses.replace(base, first_dts=-2 * ticks)
    starts = [Fraction(0), base.duration]
    assert assemble_module._can_remux([base, base], starts)
    assert not assemble_module._can_remux([no_reorder, deep_reorder], starts)
    assert assemble_module._can_remux([deep_reorder, no_reorder], starts)


def test_broken_captions_are_named(good_lecture, clip_dir, tmp_path_factory) -> None:
    folder, before = good_lecture
    captions = tmp_path_factory.mktemp("captions") / "Intro.srt"
    captions.write_text("1\nsoon --> later\nhello\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"Captions {captions} are not valid SubRip"):
        assemble_lecture([ClipInfo(clip_dir / "Intro.mp4", "Intro", captions)], folder)
    assert_untouched(folder, before)
