"""Clip formats, beat clips, posters and their freshness, on tiny fixture scenes (160x90, 10 fps).

One render of an opaque job (mp4, webm, gif, png) and a transparent one (mov, webm, png),
module-scoped; every file is decoded back with PyAV or Pillow and checked for codec,
size, rate, keyframes, alpha and timing.
"""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from media_checks import top_level_atoms
from PIL import Image

from scenes.cli.main import main
from scenes.outputs.formats import (
    FormatError,
    beat_stems,
    clip_index,
    encode_gif,
    faststart_mp4,
    gif_rate,
    gif_size,
    last_frame,
    parse_formats,
    straight_alpha,
    write_clip_index,
)
from scenes.render.cache import MANIFEST_NAME, Manifest
from scenes.render.job import RenderJob, Work
from scenes.render.jobs import RenderReport, render_jobs
from scenes.render.keys import format_key, job_key, plan_work
from scenes.render.quality import load_quality
from scenes.render.worker import run_job

REPO_ROOT = Path(__file__).resolve().parents[2]
TINY_PRESET = """[CLI]
pixel_width = 160
pixel_height = 90
frame_rate = 10

[video_encoder.options]
preset = veryfast
"""
WIDTH, HEIGHT, RATE = 160, 90, 10
FILL = (0xE0, 0x7A, 0x5F)  # tests/fixtures/backdrop_scene.py's square
INSIDE = (45, 80)  # a pixel (row, column) inside that square; the corners are outside it
OUTSIDE = (3, 3)
OPAQUE_FORMATS = ("mp4", "webm", "gif", "png")
TRANSPARENT_FORMATS = ("mov", "webm", "png")
STEMS = {"TinyScene": ["01-First", "02-Second"], "BackdropScene": ["01-Appear", "02-Slide"]}
NARRATION = {"First": "A circle appears.", "Second": "A square joins it."}


pytestmark = pytest.mark.usefixtures("repo_on_path")


@dataclass(frozen=True)
class Rendered:
    out: Path
    opaque: RenderJob
    transparent: RenderJob
    report: RenderReport

    @property
    def folder(self) -> Path:
        return self.opaque.folder

    @property
    def alpha_folder(self) -> Path:
        return self.transparent.folder


def jobs_in(root: Path, out: Path) -> tuple[RenderJob, RenderJob]:
    presets = root / "presets"
    presets.mkdir(parents=True, exist_ok=True)
    (presets / "tiny.cfg").write_text(TINY_PRESET)
    content = root / "content.json"
    content.write_text("{}")
    opaque = RenderJob(
        scene="TinyScene",
        module="tests.fixtures.tiny_scene",
        quality=load_quality("tiny", presets),
        formats=OPAQUE_FORMATS,
        content=content,
        content_digest="d",
        out_root=out,
    )
    transparent = RenderJob(
        scene="BackdropScene",
        module="tests.fixtures.backdrop_scene",
        quality=load_quality("tiny", presets),
        formats=TRANSPARENT_FORMATS,
        transparent=True,
        content=content,
        content_digest="d",
        out_root=out,
    )
    return opaque, transparent


def key(job: RenderJob) -> str:
    return job_key(replace(job, content_digest="d"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    root = tmp_path_factory.mktemp("formats")
    opaque, transparent = jobs_in(root, root / "out")
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(REPO_ROOT))
        report = render_jobs([opaque, transparent], workers=2, key_of=key)
    assert report.ok, [failure.traceback for failure in report.failures]
    index = clip_index(
        opaque.folder, "TinyScene", quality="tiny", chapter="Shapes", narration=NARRATION
    )
    write_clip_index(opaque.folder, index)
    return Rendered(root / "out", opaque, transparent, report)


def copy_of(rendered: Rendered, tmp_path: Path) -> tuple[Path, RenderJob, RenderJob]:
    """The render copied to tmp_path, and jobs that write there."""
    out = tmp_path / "out"
    shutil.copytree(rendered.out, out)
    return (
        out,
        replace(rendered.opaque, out_root=out),
        replace(rendered.transparent, out_root=out),
    )


# --- reading files back ---------------------------------------------------------------------


@dataclass(frozen=True)
class VideoFacts:
    codec: str
    pix_fmt: str
    width: int
    height: int
    rate: Fraction
    frames: int
    keyframes: list[bool]  # per packet, in decode order


def facts(path: Path) -> VideoFacts:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        keys = [packet.is_keyframe for packet in container.demux(stream) if packet.size]
        context = stream.codec_context
        return VideoFacts(
            context.name,
            context.pix_fmt or "",
            context.width,
            context.height,
            Fraction(stream.average_rate or stream.guessed_rate),
            len(keys),
            keys,
        )


def decoded(path: Path, pixel_format: str = "rgb24") -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format=pixel_format) for frame in container.decode(video=0)]


def decoded_with_alpha(webm: Path) -> list[av.VideoFrame]:
    """VP9 keeps alpha in a side stream that only libvpx's decoder reads."""
    decoder = av.CodecContext.create("libvpx-vp9", "r")
    frames: list[av.VideoFrame] = []
    with av.open(str(webm)) as container:
        for packet in container.demux(container.streams.video[0]):
            frames.extend(decoder.decode(packet if packet.size else None))
    return frames


def section_frames(folder: Path, scene: str) -> list[int]:
    sections = json.loads((folder / f"{scene}.sections.json").read_text())
    return [round((s["end"] - s["start"]) * RATE) for s in sections]


def close_to(pixel: np.ndarray, colour: tuple[int, int, int], tolerance: int) -> bool:
    return bool(np.abs(pixel[:3].astype(int) - np.array(colour)).max() <= tolerance)


# --- choosing formats ----------------------------------------------------------------------


def test_formats_come_repeated_or_comma_separated_in_canonical_order() -> None:
    assert parse_formats(["gif,mp4", "webm"], transparent=False) == ("mp4", "webm", "gif")
    assert parse_formats([" PNG , gif", "gif"], transparent=False) == ("gif", "png")
    assert parse_formats(["png,webm,mov"], transparent=True) == ("mov", "webm", "png")


def test_without_formats_each_variant_gets_its_defaults() -> None:
    assert parse_formats([], transparent=False) == ("mp4",)
    assert parse_formats([""], transparent=True) == ("mov", "webm")


@pytest.mark.parametrize(
    ("asked", "transparent", "message"),
    [
        (
            "avi",
            False,
            "Unknown format 'avi'; supported formats: mp4, webm, gif, png "
            "(with --transparent: mov, webm, png).",
        ),
        (
            "mp4",
            True,
            "Format 'mp4' cannot carry transparency; with --transparent choose from "
            "mov, webm, png.",
        ),
        (
            "mov",
            False,
            "Format 'mov' is written with a transparent background only; add --transparent.",
        ),
    ],
)
def test_a_format_the_variant_cannot_write_is_one_sentence(
    asked: str, transparent: bool, message: str
) -> None:
    with pytest.raises(FormatError) as raised:
        parse_formats(["webm", asked], transparent=transparent)
    assert str(raised.value) == message


def test_beat_stems_number_beats_in_order_with_safe_names() -> None:
    assert beat_stems(["DrawTheCurve", "Zoom on it!"]) == ["01-DrawTheCurve", "02-Zoom-on-it"]
    many = beat_stems([f"B{i}" for i in range(100)])
    assert many[0] == "001-B0" and many[-1] == "100-B99"


def test_gifs_are_at_most_640_wide_and_15_fps() -> None:
    assert gif_size(1920, 1080) == (640, 360)
    assert gif_size(854, 480) == (640, 360)
    assert gif_size(160, 90) == (160, 90)
    assert gif_rate(Fraction(60)) == 15 and gif_rate(Fraction(10)) == 10


# --- what an opaque job writes ---------------------------------------------------------------


@pytest.mark.slow
def test_the_opaque_job_writes_each_format_for_the_scene_and_every_beat(
    rendered: Rendered,
) -> None:
    written = sorted(
        str(p.relative_to(rendered.folder)) for p in rendered.folder.glob("TinyScene*")
    )
    written += [str(p.relative_to(rendered.folder)) for p in rendered.folder.glob("TinyScene/*")]
    beats = [f"TinyScene/{stem}.{ext}" for stem in STEMS["TinyScene"] for ext in OPAQUE_FORMATS]
    scene = [f"TinyScene.{ext}" for ext in (*OPAQUE_FORMATS, "srt", "sections.json", "layout.json")]
    assert sorted(written) == sorted(["TinyScene", "TinyScene/index.json", *beats, *scene])


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["TinyScene.mp4", "TinyScene/01-First.mp4", "TinyScene/02-Second.mp4"]
)
def test_mp4_clips_are_h264_with_the_index_before_the_media(rendered: Rendered, name: str) -> None:
    path = rendered.folder / name
    video = facts(path)
    assert (video.codec, video.pix_fmt, video.width, video.height) == ("h264", "yuv420p", 160, 90)
    assert video.rate == RATE
    atoms = top_level_atoms(path)
    assert atoms.index("moov") < atoms.index("mdat")


def test_faststart_puts_manims_drifted_timestamps_back_on_the_frame_grid(tmp_path: Path) -> None:
    encoded, drifted, fixed = (tmp_path / f"{name}.mp4" for name in ("encoded", "drifted", "fixed"))
    with av.open(str(encoded), "w") as container:
        stream = container.add_stream("libx264", rate=10, options={"preset": "ultrafast"})
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for index in range(10):
            picture = np.full((48, 64, 3), 25 * index, np.uint8)
            container.mux(stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        container.mux(stream.encode(None))
    with av.open(str(encoded)) as reader, av.open(str(drifted), "w") as writer:
        source = reader.streams.video[0]
        ticks = round(1 / (Fraction(source.time_base) * 10))
        output = writer.add_stream_from_template(source)
        for packet in reader.demux(source):
            if packet.dts is not None and packet.pts >= 5 * ticks:  # a join 5 ticks early
                packet.pts, packet.dts = packet.pts - 5, packet.dts - 5
            if packet.dts is not None:
                packet.stream = output
                writer.mux(packet)
    assert facts(drifted).rate != 10

    faststart_mp4(drifted, fixed)

    with av.open(str(fixed)) as container:
        stream = container.streams.video[0]
        stamps = [packet.pts for packet in container.demux(stream) if packet.size]
        ticks = round(1 / (Fraction(stream.time_base) * 10))
    assert facts(fixed).rate == 10 and sorted(stamps) == [i * ticks for i in range(10)]
    assert all(np.array_equal(a, b) for a, b in zip(decoded(drifted), decoded(fixed), strict=True))


@pytest.mark.slow
def test_webm_clips_are_vp9_and_the_scene_is_its_beats_joined(rendered: Rendered) -> None:
    scene = rendered.folder / "TinyScene.webm"
    beats = [rendered.folder / "TinyScene" / f"{stem}.webm" for stem in STEMS["TinyScene"]]
    for path in (scene, *beats):
        video = facts(path)
        assert (video.codec, video.pix_fmt, video.width, video.height) == (
            "vp9",
            "yuv420p",
            160,
            90,
        )
        assert video.rate == RATE
    assert facts(scene).keyframes == [True, False, False, False, False] * 2  # a keyframe per beat
    joined = np.concatenate([np.stack(decoded(beat)) for beat in beats])
    assert np.array_equal(np.stack(decoded(scene)), joined)
    mp4 = np.stack(decoded(rendered.folder / "TinyScene.mp4"))
    assert np.abs(joined.astype(int) - mp4).mean() < 3  # the same pictures as the master


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["TinyScene.gif", "TinyScene/01-First.gif", "TinyScene/02-Second.gif"]
)
def test_gif_clips_loop_forever_on_one_palette(rendered: Rendered, name: str) -> None:
    path = rendered.folder / name
    with Image.open(path) as gif:
        assert (gif.format, gif.mode, gif.size) == ("GIF", "P", (160, 90))
        assert gif.info["loop"] == 0
        durations = []
        for index in range(gif.n_frames):
            gif.seek(index)
            durations.append(gif.info["duration"])
    frames = 10 if name == "TinyScene.gif" else 5
    assert durations == [100] * frames  # 10 fps, nothing dropped
    video = facts(path)
    assert (video.codec, video.width, video.height, video.frames) == ("gif", 160, 90, frames)


def test_a_large_fast_clip_becomes_a_640_px_15_fps_gif(tmp_path: Path) -> None:
    source, target = tmp_path / "wide.mp4", tmp_path / "wide.gif"
    with av.open(str(source), "w") as container:
        stream = container.add_stream("libx264", rate=30, options={"preset": "ultrafast"})
        stream.width, stream.height, stream.pix_fmt = 800, 200, "yuv420p"
        for index in range(30):  # one second: a white bar moving right on dark grey
            picture = np.full((200, 800, 3), 20, np.uint8)
            picture[50:150, 20 * index : 20 * index + 60] = 255
            container.mux(stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        container.mux(stream.encode(None))

    encode_gif(source, target)

    with Image.open(target) as gif:
        assert gif.size == (640, 160) and gif.info["loop"] == 0
        durations, bars = [], []
        for index in range(gif.n_frames):
            gif.seek(index)
            durations.append(gif.info["duration"])
            row = np.asarray(gif.convert("RGB"))[80, :, 0]
            bars.append(int(np.argmax(row > 128)))
    assert len(durations) == 15 and sum(durations) == 1000  # 15 fps for one second
    assert set(durations) <= {60, 70}  # 1/15 s in GIF's hundredths, rounded without drift
    assert bars == sorted(bars) and bars[-1] - bars[0] > 400  # every other source frame


@pytest.mark.slow
def test_one_beat_clip_per_section_whose_lengths_add_up_to_the_scene(rendered: Rendered) -> None:
    per_section = section_frames(rendered.folder, "TinyScene")
    assert per_section == [5, 5]
    for ext in ("mp4", "webm", "gif"):
        scene = facts(rendered.folder / f"TinyScene.{ext}").frames
        beats = [
            facts(rendered.folder / "TinyScene" / f"{s}.{ext}").frames for s in STEMS["TinyScene"]
        ]
        assert beats == per_section and sum(beats) == scene, ext


@pytest.mark.slow
@pytest.mark.parametrize("ext", ["mp4", "webm", "gif"])
def test_every_beat_clip_starts_on_a_keyframe(rendered: Rendered, ext: str) -> None:
    for stem in STEMS["TinyScene"]:
        assert facts(rendered.folder / "TinyScene" / f"{stem}.{ext}").keyframes[0]


@pytest.mark.slow
def test_a_beat_poster_is_its_last_frame_and_the_scene_poster_the_first_beats(
    rendered: Rendered,
) -> None:
    folder = rendered.folder
    scene_poster = (folder / "TinyScene.png").read_bytes()
    assert scene_poster == (folder / "TinyScene" / "01-First.png").read_bytes()
    for stem in STEMS["TinyScene"]:
        with Image.open(folder / "TinyScene" / f"{stem}.png") as poster:
            picture = np.asarray(poster.convert("RGB")).astype(int)
        assert poster.size == (160, 90)
        assert np.abs(picture - decoded(folder / "TinyScene" / f"{stem}.mp4")[-1]).max() <= 2
        assert (picture.max(axis=2) > 40).sum() > 50  # a drawn circle, not a blank frame
    first, second = (decoded(folder / "TinyScene" / f"{s}.png")[0] for s in STEMS["TinyScene"])
    assert np.abs(first.astype(int) - second).max() > 100  # the square joined in beat two


@pytest.mark.slow
def test_last_frame_seeks_to_the_same_frame_a_full_decode_ends_on(rendered: Rendered) -> None:
    path = rendered.folder / "TinyScene.mp4"
    assert np.array_equal(last_frame(path).to_ndarray(format="rgb24"), decoded(path)[-1])


@pytest.mark.slow
def test_index_json_lists_each_beat_with_times_narration_and_files(rendered: Rendered) -> None:
    index = json.loads((rendered.folder / "TinyScene" / "index.json").read_text())
    assert {k: index[k] for k in ("scene", "chapter", "quality", "transparent")} == {
        "scene": "TinyScene",
        "chapter": "Shapes",
        "quality": "tiny",
        "transparent": False,
    }
    assert index["beats"] == [
        {
            "index": number,
            "name": name,
            "narration": NARRATION[name],
            "start": start,
            "end": start + 0.5,
            "duration": 0.5,
            "files": {ext: f"{stem}.{ext}" for ext in ("mp4", "webm", "gif")},
            "poster": f"{stem}.png",
        }
        for number, name, stem, start in (
            (1, "First", "01-First", 0.0),
            (2, "Second", "02-Second", 0.5),
        )
    ]
    for beat in index["beats"]:
        for file in (*beat["files"].values(), beat["poster"]):
            assert (rendered.folder / "TinyScene" / file).is_file()


# --- what a transparent job writes -----------------------------------------------------------


@pytest.mark.slow
def test_the_transparent_job_writes_prores_webm_and_png_into_its_own_folder(
    rendered: Rendered,
) -> None:
    folder = rendered.alpha_folder
    assert folder == rendered.out / "tiny" / "transparent"
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    beats = [
        f"BackdropScene/{s}.{ext}" for s in STEMS["BackdropScene"] for ext in TRANSPARENT_FORMATS
    ]
    scene = [
        f"BackdropScene.{ext}"
        for ext in (*TRANSPARENT_FORMATS, "srt", "sections.json", "layout.json")
    ]
    assert written == sorted([*beats, *scene])


@pytest.mark.slow
def test_the_mov_is_prores_4444_whose_alpha_is_0_off_and_255_on_the_drawing(
    rendered: Rendered,
) -> None:
    path = rendered.alpha_folder / "BackdropScene.mov"
    with av.open(str(path)) as container:
        context = container.streams.video[0].codec_context
        assert (context.name, context.profile, context.width, context.height) == (
            "prores",
            "4444",
            160,
            90,
        )
        frames = list(container.decode(video=0))
    assert frames[-1].format.name.startswith("yuva444p")
    assert len(frames) == 10 and facts(path).keyframes == [True] * 10
    atoms = top_level_atoms(path)
    assert atoms.index("moov") < atoms.index("mdat")
    last = frames[-1].to_ndarray(format="rgba")
    assert tuple(last[OUTSIDE]) == (0, 0, 0, 0)  # not the backdrop colour the scene set
    assert last[INSIDE][3] == 255 and close_to(last[INSIDE], FILL, 4)
    edges = last[(last[..., 3] > 20) & (last[..., 3] < 235)]
    assert len(edges) > 20
    assert all(close_to(pixel, FILL, 12) for pixel in edges)  # straight alpha: no dark fringe


@pytest.mark.slow
def test_the_alpha_webm_is_vp9_yuva420p_with_the_movs_mask(rendered: Rendered) -> None:
    path = rendered.alpha_folder / "BackdropScene.webm"
    with av.open(str(path)) as container:
        tags = {k.lower(): v for k, v in container.streams.video[0].metadata.items()}
    assert tags["alpha_mode"] == "1"
    frames = decoded_with_alpha(path)
    assert len(frames) == 10 and frames[-1].format.name == "yuva420p"
    assert (frames[-1].width, frames[-1].height) == (160, 90)
    last = frames[-1].to_ndarray(format="rgba")
    # VP9 codes alpha lossily: exact far from the drawing, close to it near its edges.
    assert max(last[OUTSIDE][3], last[0, 0][3], last[-1, -1][3], last[0, -1][3]) <= 2
    assert last[INSIDE][3] >= 250 and close_to(last[INSIDE], FILL, 8)
    mov = decoded(rendered.alpha_folder / "BackdropScene.mov", "rgba")[-1]
    assert (np.abs(last[..., 3].astype(int) - mov[..., 3]) > 32).mean() < 0.02
    for stem in STEMS["BackdropScene"]:
        beat = decoded_with_alpha(rendered.alpha_folder / "BackdropScene" / f"{stem}.webm")
        assert len(beat) == 5 and beat[0].format.name == "yuva420p"


@pytest.mark.slow
def test_transparent_posters_are_rgba_with_a_clear_background(rendered: Rendered) -> None:
    for name in ("BackdropScene.png", "BackdropScene/01-Appear.png", "BackdropScene/02-Slide.png"):
        with Image.open(rendered.alpha_folder / name) as poster:
            pixels = np.asarray(poster)
        assert poster.mode == "RGBA"
        assert tuple(pixels[OUTSIDE]) == (0, 0, 0, 0) and pixels[INSIDE][3] == 255
        assert close_to(pixels[INSIDE], FILL, 2)


def test_straight_alpha_takes_the_background_out_of_edge_pixels() -> None:
    matte, colour, alpha = np.array([15, 17, 21]), np.array([200, 100, 50]), 64
    pixels = np.zeros((2, 4, 4), np.uint8)
    pixels[..., :3] = matte  # what manim leaves under alpha 0
    pixels[0, 0, :3] = np.rint(alpha / 255 * colour + (1 - alpha / 255) * matte)
    pixels[0, 0, 3] = alpha
    pixels[0, 1] = (*colour, 255)
    straight = straight_alpha(pixels)
    assert np.abs(straight[0, 0, :3].astype(int) - colour).max() <= 2 and straight[0, 0, 3] == alpha
    assert tuple(straight[0, 1]) == (200, 100, 50, 255)
    assert tuple(straight[0, 3]) == (0, 0, 0, 0)  # clear, and away from the drawing
    assert straight[1, 0, 3] == 0 and close_to(straight[1, 0], (200, 100, 50), 2)  # bled into


# --- manifest and freshness ------------------------------------------------------------------


@pytest.mark.slow
def test_the_manifest_records_the_master_and_each_format_under_derived_keys(
    rendered: Rendered,
) -> None:
    renders = Manifest.load(rendered.out / MANIFEST_NAME).renders
    assert sorted(renders) == [
        "tiny/TinyScene.gif",
        "tiny/TinyScene.mp4",
        "tiny/TinyScene.webm",
        "tiny/transparent/BackdropScene.mov",
        "tiny/transparent/BackdropScene.webm",
    ]
    opaque_key, alpha_key = key(rendered.opaque), key(rendered.transparent)
    assert opaque_key != alpha_key
    assert renders["tiny/TinyScene.mp4"].key == opaque_key
    assert renders["tiny/TinyScene.webm"].key == format_key(opaque_key, "webm", False)
    assert renders["tiny/TinyScene.gif"].key == format_key(opaque_key, "gif", False)
    assert renders["tiny/transparent/BackdropScene.mov"].key == alpha_key
    assert renders["tiny/transparent/BackdropScene.webm"].key == format_key(alpha_key, "webm", True)
    assert format_key(opaque_key, "webm", True) != format_key(opaque_key, "webm", False)
    for name, entry in renders.items():
        assert entry.bytes == (rendered.out / name).stat().st_size and entry.duration == 1.0


@pytest.mark.slow
def test_what_each_job_still_has_to_do(rendered: Rendered, tmp_path: Path) -> None:
    out, opaque, transparent = copy_of(rendered, tmp_path)
    manifest = Manifest.load(out / MANIFEST_NAME)
    assert plan_work(opaque, manifest, key=key(opaque)) is None
    assert plan_work(transparent, manifest, key=key(transparent)) is None
    assert plan_work(replace(opaque, formats=("mp4",)), manifest, key=key(opaque)) is None
    assert plan_work(opaque, manifest, key="edited") == Work(render=True, convert=("webm", "gif"))
    assert plan_work(opaque, manifest, key=key(opaque), force=True) == Work(True, ("webm", "gif"))

    (out / "tiny" / "TinyScene" / "02-Second.gif").unlink()
    assert plan_work(opaque, manifest, key=key(opaque)) == Work(render=False, convert=("gif",))
    manifest.renders["tiny/TinyScene.webm"] = replace(
        manifest.renders["tiny/TinyScene.webm"], key="old"
    )
    assert plan_work(opaque, manifest, key=key(opaque)) == Work(False, ("webm", "gif"))

    (out / "tiny" / "transparent" / "BackdropScene" / "01-Appear.png").unlink()
    assert plan_work(transparent, manifest, key=key(transparent)) == Work(True, ("webm",))


@pytest.mark.slow
def test_a_new_format_on_a_fresh_scene_is_converted_without_rendering(
    rendered: Rendered, tmp_path: Path
) -> None:
    out, opaque, _ = copy_of(rendered, tmp_path)
    for path in out.rglob("*.webm"):
        if "transparent" not in path.parts:
            path.unlink()
    master = opaque.clip_path.stat().st_mtime_ns
    started: list[Work | None] = []

    with ThreadPoolExecutor(max_workers=1) as pool:  # converting needs no manim: no process
        report = render_jobs(
            [opaque], executor=pool, key_of=key, on_event=lambda e: started.append(e.work)
        )

    assert report.ok and started[0] == Work(render=False, convert=("webm",))
    (result,) = report.results
    assert not result.rendered and [c.format for c in result.conversions] == ["webm"]
    assert opaque.clip_path.stat().st_mtime_ns == master
    assert all(facts(path).codec == "vp9" for path in opaque.files_of("webm", STEMS["TinyScene"]))
    webm = Manifest.load(out / MANIFEST_NAME).renders["tiny/TinyScene.webm"]
    assert webm.key == format_key(key(opaque), "webm", False)
    assert webm.bytes == (out / "tiny" / "TinyScene.webm").stat().st_size
    assert plan_work(opaque, Manifest.load(out / MANIFEST_NAME), key=key(opaque)) is None


@pytest.mark.slow
def test_a_new_render_removes_the_formats_it_made_stale(rendered: Rendered, tmp_path: Path) -> None:
    out, opaque, _ = copy_of(rendered, tmp_path)
    mp4_only = replace(opaque, formats=("mp4",))
    stray = out / "tiny" / "TinyScene" / "03-RemovedBeat.mp4"
    stray.write_bytes(b"a beat the scene no longer has")

    run_job(mp4_only, key="edited", work=Work(render=True, convert=()))

    left = sorted(p.name for p in (out / "tiny").glob("TinyScene*"))
    assert left == sorted(
        [
            "TinyScene",
            *(f"TinyScene.{ext}" for ext in ("mp4", "png", "srt", "sections.json", "layout.json")),
        ]
    )
    assert sorted(p.name for p in (out / "tiny" / "TinyScene").iterdir()) == sorted(
        [f"{stem}.{ext}" for stem in STEMS["TinyScene"] for ext in ("mp4", "png")] + ["index.json"]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "mp4,avi"], "Unknown format 'avi'"),
        (["--transparent", "-f", "gif"], "Format 'gif' cannot carry transparency"),
        (["-f", "mov"], "Format 'mov' is written with a transparent background only"),
    ],
)
def test_lecture_render_rejects_a_format_in_one_sentence_with_exit_2(
    args: list[str], message: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main, ["render", "LectureTitle", "--out", str(tmp_path / "out"), *args]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {message}") and len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
