from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

import scenes.outputs.open_captions as open_captions
from scenes.cli.render import burn_open_captions
from scenes.outputs.captions import Cue, format_srt
from scenes.outputs.open_captions import (
    FONT_SHARE,
    SAFE_SHARE,
    burn_captions,
    burn_if_stale,
    caption_font,
    font_name,
    font_size,
    key_path,
    render_overlay,
    wrap_lines,
)

FPS = 10
WIDTH, HEIGHT = 320, 180
SECONDS = 2.0
RATE = 48000
COLOUR = (60, 110, 160)
CUE = Cue(0.5, 1.2, "The slope is rise\nover run.")


def make_clip(path: Path, *, audio: bool = True) -> Path:
    """2 s of a flat colour with a moving white bar at 10 fps, and a 440 Hz tone."""
    with av.open(str(path), mode="w") as container:
        video = container.add_stream("libx264", rate=FPS, options={"crf": "18"})
        video.pix_fmt = "yuv420p"
        video.width, video.height = WIDTH, HEIGHT
        sound = container.add_stream("aac", rate=RATE) if audio else None
        if sound is not None:
            sound.layout = "mono"
        for index in range(round(SECONDS * FPS)):
            pixels = np.empty((HEIGHT, WIDTH, 3), np.uint8)
            pixels[:] = COLOUR
            pixels[10:20, : 10 * (index + 1)] = 255
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts, frame.time_base = index, Fraction(1, FPS)
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        if sound is not None:
            samples = np.sin(2 * np.pi * 440 * np.arange(int(SECONDS * RATE)) / RATE)
            chunk = 1024
            for start in range(0, len(samples), chunk):
                piece = (samples[start : start + chunk] * 0.3).astype(np.float32)[None, :]
                frame = av.AudioFrame.from_ndarray(piece, format="flt", layout="mono")
                frame.sample_rate, frame.pts = RATE, start
                frame.time_base = Fraction(1, RATE)
                container.mux(sound.encode(frame))
            container.mux(sound.encode(None))
    return path


def decoded(path: Path) -> list[tuple[float, np.ndarray]]:
    with av.open(str(path)) as container:
        return [
            (float(frame.time), frame.to_ndarray(format="rgb24").astype(np.int16))
            for frame in container.decode(video=0)
        ]


def caption_box(overlay: open_captions.Overlay) -> tuple[slice, slice]:
    rows, cols = overlay.alpha.shape
    return slice(overlay.top, overlay.top + rows), slice(overlay.left, overlay.left + cols)


def test_a_cue_is_drawn_at_its_times_and_nowhere_else(tmp_path: Path) -> None:
    source = make_clip(tmp_path / "clip.mp4")
    target = burn_captions(source, [CUE], tmp_path / "open" / "clip.mp4")
    assert target == tmp_path / "open" / "clip.mp4"
    box = caption_box(render_overlay(CUE.text, WIDTH, HEIGHT))
    before, after = decoded(source), decoded(target)
    assert len(after) == len(before) == 20
    for (time, clean), (burnt_time, burnt) in zip(before, after, strict=True):
        assert burnt_time == pytest.approx(time)
        difference = np.abs(burnt - clean)
        if CUE.start <= time < CUE.end:
            # the dark box: the flat colour darkened to 15% or less, white text inside it
            assert burnt[box].mean() < 0.5 * clean[box].mean()
            assert burnt[box].max() > 200
            outside = np.ones(clean.shape[:2], bool)
            outside[box] = False
            assert difference[outside].mean() < 1.5
        else:
            assert difference.mean() < 1.5  # only the re-encoding's rounding
            assert difference[box].max() < 12


def test_the_audio_is_copied_and_lasts_as_long(tmp_path: Path) -> None:
    source = make_clip(tmp_path / "clip.mp4")
    target = burn_captions(source, [CUE], tmp_path / "open.mp4")
    with av.open(str(source)) as clean, av.open(str(target)) as burnt:
        assert len(burnt.streams.audio) == 1
        assert burnt.streams.audio[0].codec_context.name == "aac"
        clean_packets = [bytes(p) for p in clean.demux(audio=0) if p.size]
    with av.open(str(target)) as burnt:
        burnt_packets = [bytes(p) for p in burnt.demux(audio=0) if p.size]
        audio = burnt.streams.audio[0]
        video = burnt.streams.video[0]
        audio_seconds = float(audio.duration * audio.time_base)
        video_seconds = float(video.duration * video.time_base)
    assert burnt_packets == clean_packets  # remuxed, not re-encoded
    assert audio_seconds == pytest.approx(SECONDS, abs=1 / FPS)
    assert video_seconds == pytest.approx(SECONDS, abs=1 / FPS)


def test_a_clip_without_audio_stays_silent(tmp_path: Path) -> None:
    source = make_clip(tmp_path / "silent.mp4", audio=False)
    target = burn_captions(source, [CUE], tmp_path / "open.mp4")
    with av.open(str(target)) as burnt:
        assert len(burnt.streams.audio) == 0
        assert burnt.streams.video[0].frames == 20


def test_moov_comes_first(tmp_path: Path) -> None:
    target = burn_captions(make_clip(tmp_path / "clip.mp4"), [CUE], tmp_path / "open.mp4")
    data = target.read_bytes()
    assert 0 < data.index(b"moov") < data.index(b"mdat")


def test_a_failed_burn_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_clip(tmp_path / "clip.mp4")
    folder = tmp_path / "open"
    folder.mkdir()

    def half_written(video: Path, cues: list[Cue], target: Path) -> None:
        target.write_bytes(b"half a clip")
        raise OSError("disk full")

    monkeypatch.setattr(open_captions, "_write", half_written)
    with pytest.raises(OSError, match="disk full"):
        burn_captions(source, [CUE], folder / "new.mp4")
    (folder / "old.mp4").write_bytes(b"the old clip")
    with pytest.raises(OSError, match="disk full"):
        burn_captions(source, [CUE], folder / "old.mp4")
    assert sorted(path.name for path in folder.iterdir()) == ["old.mp4"]
    assert (folder / "old.mp4").read_bytes() == b"the old clip"


def test_the_source_clip_is_never_overwritten(tmp_path: Path) -> None:
    source = make_clip(tmp_path / "clip.mp4")
    with pytest.raises(ValueError, match="must not overwrite"):
        burn_captions(source, [CUE], source)


def test_burn_if_stale_skips_an_up_to_date_clip_and_redoes_a_changed_one(tmp_path: Path) -> None:
    source = make_clip(tmp_path / "clip.mp4")
    srt = tmp_path / "clip.srt"
    srt.write_text(format_srt([CUE]), encoding="utf-8")
    target = tmp_path / "open-captions" / "clip.mp4"
    assert burn_if_stale(source, srt, target)
    key = json.loads(key_path(target).read_text(encoding="utf-8"))
    assert key["size"] == source.stat().st_size
    assert key_path(target).name == "clip.key.json"
    written = target.stat().st_mtime_ns
    assert not burn_if_stale(source, srt, target)
    assert target.stat().st_mtime_ns == written
    srt.write_text(format_srt([Cue(0.0, 1.0, "New words.")]), encoding="utf-8")
    assert burn_if_stale(source, srt, target)
    target.unlink()
    assert burn_if_stale(source, srt, target)
    assert target.is_file()


def test_render_burns_each_scene_and_the_lecture_into_open_captions(tmp_path: Path) -> None:
    for stem in ("Intro", "lecture"):
        make_clip(tmp_path / f"{stem}.mp4")
        (tmp_path / f"{stem}.srt").write_text(format_srt([CUE]), encoding="utf-8")
    clean = {path.name: path.read_bytes() for path in tmp_path.glob("*.mp4")}
    written = burn_open_captions(tmp_path, ["Intro", "Missing"], with_lecture=True)
    folder = tmp_path / "open-captions"
    assert written == [folder / "Intro.mp4", folder / "lecture.mp4"]
    assert {path.name: path.read_bytes() for path in tmp_path.glob("*.mp4")} == clean
    assert burn_open_captions(tmp_path, ["Intro"], with_lecture=True) == []
    assert burn_open_captions(tmp_path, ["Intro"], with_lecture=False) == []


def test_lines_are_at_least_a_twentieth_of_the_frame_high() -> None:
    for height in (480, 720, 1080, 2160):
        font = caption_font(font_size(height))
        ascent, descent = font.getmetrics()
        assert height * FONT_SHARE <= ascent + descent <= height * FONT_SHARE + 3


def test_the_box_sits_centred_inside_the_title_safe_area() -> None:
    for width, height in ((854, 480), (1920, 1080)):
        overlay = render_overlay(
            "and the simplest rate of change\nis the slope of a line.", width, height
        )
        rows, cols = overlay.alpha.shape
        assert overlay.left >= width * (1 - SAFE_SHARE) / 2
        assert overlay.left + cols <= width * (1 + SAFE_SHARE) / 2
        assert overlay.top + rows <= height * (1 + SAFE_SHARE) / 2
        assert abs(overlay.left + cols / 2 - width / 2) <= 2
        assert rows >= 2 * height * FONT_SHARE  # two lines
        assert overlay.alpha.min() == pytest.approx(0.85)  # the box, semi-opaque
        assert overlay.white.max() == pytest.approx(1.0)  # and white text in it


def test_only_a_line_too_wide_for_the_safe_area_is_wrapped() -> None:
    font = caption_font(font_size(480))
    assert wrap_lines("Two short\nlines.", font, 683) == ["Two short", "lines."]
    long = "a line of forty-two characters or so, long"
    wrapped = wrap_lines(long, font, 300)
    assert len(wrapped) > 1
    assert " ".join(wrapped) == long
    assert all(font.getlength(line) <= 300 for line in wrapped)


def test_the_font_is_dejavu_sans_when_installed() -> None:
    name = font_name()
    assert name.startswith("DejaVu Sans") or name.startswith("Aileron")
