"""Clips in the formats slide software embeds, converted from the rendered master with PyAV.

A render yields one master per variant: an H.264 `.mp4` (opaque) or a ProRes 4444 `.mov`
(transparent background), for the scene and for each beat. Every other format is
converted from those masters, never re-rendered:

- mp4: H.264 yuv420p, `moov` atom first (`+faststart`), so PowerPoint, Keynote and Google
  Drive start playing before the whole file is read. manim writes it last; we remux.
- webm: VP9 for the web; with alpha (yuva420p) in the transparent variant.
- gif: looping, at most GIF_MAX_WIDTH wide and GIF_MAX_FPS, one palette per clip: small
  enough for Google Slides.
- mov: ProRes 4444 (yuva444p10le) with straight alpha, which Keynote, PowerPoint, Premiere
  and Final Cut composite.
- png: posters, always written. A beat's poster is its last frame (the finished idea); a
  scene's poster is its first beat's poster (the set-up, not the crowded final frame).

A scene's webm and mov are the beat clips joined by remuxing, so each format is encoded
once and every beat clip starts on a keyframe. Nothing here imports manim.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from av.video.frame import VideoFrame
from PIL import Image

from scenes.outputs.atomic_files import atomic_write_text

OPAQUE_FORMATS: tuple[str, ...] = ("mp4", "webm", "gif", "png")
TRANSPARENT_FORMATS: tuple[str, ...] = ("mov", "webm", "png")
DEFAULT_FORMATS: dict[bool, tuple[str, ...]] = {False: ("mp4",), True: ("mov", "webm")}
MASTER_FORMAT: dict[bool, str] = {False: "mp4", True: "mov"}
POSTER_FORMAT = "png"
TRANSPARENT_DIR = "transparent"  # the transparent variant's folder inside <out>/<quality>/
INDEX_NAME = "index.json"

# Bumped when a conversion changes its output for the same settings.
CONVERSION_SCHEMA = "1"
MP4_MUX_OPTIONS = {"movflags": "+faststart"}
WEBM_OPTIONS = {"crf": "36", "b": "0", "deadline": "realtime", "cpu-used": "6", "row-mt": "1"}
# prores_aw (FFmpeg's default ProRes encoder) picks profile 4444 for yuva444p10le; it
# encoded 1080p 6x faster than prores_ks here at the same size and alpha precision.
PRORES_ENCODER = "prores_aw"
PRORES_OPTIONS = {"vendor": "apl0"}  # the vendor tag Apple's own encoder writes
PRORES_PIX_FMT = "yuva444p10le"
BT709 = 1  # the colour primaries, transfer and matrix code of ITU-R BT.709
MPEG_RANGE = 1  # limited ("TV") range YUV
GIF_MAX_WIDTH = 640
GIF_MAX_FPS = 15
GIF_COLORS = 255  # the 256th palette entry is the transparent one the encoder diffs with
GIF_TICKS_PER_SECOND = 100  # GIF delays are in hundredths of a second
GIF_PALETTE_SAMPLES = 32  # keyframes the palette is made from, at most

Frames = Callable[[VideoFrame], VideoFrame]


class FormatError(ValueError):
    """A format that does not exist, or that the chosen variant cannot carry."""


# ---------------------------------------------------------------------------
# Which formats, under which names


def variant_formats(transparent: bool) -> tuple[str, ...]:
    """The formats one variant (opaque or transparent) can be written in."""
    return TRANSPARENT_FORMATS if transparent else OPAQUE_FORMATS


def parse_formats(values: Iterable[str], transparent: bool) -> tuple[str, ...]:
    """Formats from repeated and comma-separated values, in canonical order, checked."""
    asked = [part.strip().lower() for value in values for part in value.split(",")]
    asked = [name for name in asked if name]
    if not asked:
        return DEFAULT_FORMATS[transparent]
    check_formats(asked, transparent)
    return tuple(name for name in variant_formats(transparent) if name in asked)


def check_formats(formats: Iterable[str], transparent: bool) -> None:
    """Raise FormatError, in one sentence, for the first format the variant cannot write."""
    valid = variant_formats(transparent)
    for name in formats:
        if name in valid:
            continue
        if name in OPAQUE_FORMATS:
            raise FormatError(
                f"Format {name!r} cannot carry transparency; with --transparent choose from "
                f"{', '.join(TRANSPARENT_FORMATS)}."
            )
        if name in TRANSPARENT_FORMATS:
            raise FormatError(
                f"Format {name!r} is written with a transparent background only; add --transparent."
            )
        raise FormatError(
            f"Unknown format {name!r}; supported formats: {', '.join(OPAQUE_FORMATS)} "
            f"(with --transparent: {', '.join(TRANSPARENT_FORMATS)})."
        )


def conversions(formats: Iterable[str], transparent: bool) -> tuple[str, ...]:
    """The asked formats that are converted after a render (not the master, not posters)."""
    with_the_master = (MASTER_FORMAT[transparent], POSTER_FORMAT)
    return tuple(
        name
        for name in variant_formats(transparent)
        if name in formats and name not in with_the_master
    )


def master_settings(transparent: bool) -> str:
    """Every setting that shapes a master made from manim's output, for the render's key."""
    settings: dict[str, Any] = {"schema": CONVERSION_SCHEMA, "mux": MP4_MUX_OPTIONS}
    if transparent:
        settings.update(encoder=PRORES_ENCODER, options=PRORES_OPTIONS, pix_fmt=PRORES_PIX_FMT)
    return json.dumps(settings, sort_keys=True)


def conversion_settings(name: str, transparent: bool) -> str:
    """Every setting that shapes one converted format, as text for its content key."""
    settings: dict[str, Any] = {"schema": CONVERSION_SCHEMA, "format": name, "alpha": transparent}
    if name == "webm":
        settings["options"] = WEBM_OPTIONS
    elif name == "gif":
        settings.update(
            max_width=GIF_MAX_WIDTH,
            max_fps=GIF_MAX_FPS,
            colors=GIF_COLORS,
            samples=GIF_PALETTE_SAMPLES,
        )
    return json.dumps(settings, sort_keys=True)


def beat_stems(names: Sequence[str]) -> list[str]:
    """File stems for beats in order: `01-DrawTheCurve`, `02-...` (two digits or more)."""
    width = max(2, len(str(len(names))))
    return [
        f"{number:0{width}d}-{re.sub(r'[^A-Za-z0-9_]+', '-', name).strip('-') or 'beat'}"
        for number, name in enumerate(names, start=1)
    ]


def beat_dir(folder: Path, scene: str) -> Path:
    """Where a scene's beat clips, posters and index.json live."""
    return folder / scene


# ---------------------------------------------------------------------------
# Masters: what a render publishes


@dataclass(frozen=True)
class Clip:
    """One clip to write: where the render left it, and the stem it is published under."""

    source: Path
    stem: str


def stage_masters(
    scene: str, scene_movie: Path, beats: Sequence[Clip], staging: Path, *, transparent: bool
) -> dict[str, Path]:
    """Write the scene and beat masters and posters into `staging`; map names to files.

    Names are relative to the variant folder: `<Scene>.mp4`, `<Scene>/01-Beat.mp4`, ...
    manim's opaque clips are remuxed with the index first; its transparent ones
    (QuickTime RLE, premultiplied edges) become ProRes 4444.
    """
    master = MASTER_FORMAT[transparent]
    staged: dict[str, Path] = {}
    (staging / scene).mkdir(parents=True, exist_ok=True)
    for beat in beats:
        name = f"{scene}/{beat.stem}"
        staged[f"{name}.{master}"] = staging / f"{name}.{master}"
        staged[f"{name}.{POSTER_FORMAT}"] = staging / f"{name}.{POSTER_FORMAT}"
        if transparent:
            encode_prores(beat.source, staged[f"{name}.{master}"])
        else:
            faststart_mp4(beat.source, staged[f"{name}.{master}"])
        save_poster(last_frame(beat.source), staged[f"{name}.{POSTER_FORMAT}"], transparent)
    staged[f"{scene}.{master}"] = scene_master = staging / f"{scene}.{master}"
    if not transparent:
        faststart_mp4(scene_movie, scene_master)
    elif beats:
        join_clips([staged[f"{scene}/{beat.stem}.{master}"] for beat in beats], scene_master)
    else:
        encode_prores(scene_movie, scene_master)
    staged[f"{scene}.{POSTER_FORMAT}"] = staging / f"{scene}.{POSTER_FORMAT}"
    if beats:
        shutil.copyfile(
            staged[f"{scene}/{beats[0].stem}.{POSTER_FORMAT}"], staged[f"{scene}.{POSTER_FORMAT}"]
        )
    else:
        save_poster(last_frame(scene_movie), staged[f"{scene}.{POSTER_FORMAT}"], transparent)
    return staged


def stage_conversion(
    name: str, folder: Path, scene: str, stems: Sequence[str], staging: Path, *, transparent: bool
) -> dict[str, Path]:
    """Convert the published masters in `folder` to format `name` in `staging`.

    A GIF is made for the scene and for each beat (each gets its own palette); other
    formats encode the beats and join them into the scene's clip.
    """
    if name not in ("webm", "gif"):
        raise FormatError(f"Format {name!r} is not converted from a master.")

    def convert(source: Path, target: Path) -> None:
        if name == "gif":
            encode_gif(source, target)
        else:
            encode_webm(source, target, alpha=transparent)

    master = MASTER_FORMAT[transparent]
    staged: dict[str, Path] = {}
    (staging / scene).mkdir(parents=True, exist_ok=True)
    for stem in stems:
        staged[f"{scene}/{stem}.{name}"] = staging / scene / f"{stem}.{name}"
        convert(folder / scene / f"{stem}.{master}", staged[f"{scene}/{stem}.{name}"])
    staged[f"{scene}.{name}"] = scene_target = staging / f"{scene}.{name}"
    if name == "gif" or not stems:
        convert(folder / f"{scene}.{master}", scene_target)
    else:
        join_clips([staged[f"{scene}/{stem}.{name}"] for stem in stems], scene_target)
    return staged


def format_files(folder: Path, scene: str, stems: Sequence[str], name: str) -> list[Path]:
    """The files one format of a scene consists of: the scene clip, then each beat's."""
    return [folder / f"{scene}.{name}", *(folder / scene / f"{stem}.{name}" for stem in stems)]


# ---------------------------------------------------------------------------
# Conversions


def faststart_mp4(source: Path, target: Path) -> None:
    """Remux an mp4 with its `moov` index before the media data, timestamps on the frame grid.

    manim joins its partial movies with a few ticks of drift at some joins (at 15 fps one
    was 5/15360 s early), which makes the average frame rate a ragged fraction; snapping
    each timestamp to the nearest frame restores an exact constant rate. Packets' data
    are untouched.
    """
    with (
        av.open(str(source)) as reader,
        av.open(str(target), mode="w", format="mp4", options=MP4_MUX_OPTIONS) as writer,
    ):
        stream = reader.streams.video[0]
        output = writer.add_stream_from_template(stream)
        writer.metadata.update(reader.metadata)
        rate = Fraction(stream.base_rate or stream.guessed_rate or stream.average_rate)
        ticks = 1 / (rate * Fraction(stream.time_base))
        last_dts = None
        for packet in reader.demux(stream):
            if packet.dts is None or packet.pts is None:
                continue  # the empty flush packet demux yields at the end
            pts, dts = (round(round(t / ticks) * ticks) for t in (packet.pts, packet.dts))
            if last_dts is None or dts > last_dts:  # never reorder: keep a drifted stamp
                packet.pts, packet.dts = pts, dts
            last_dts = packet.dts
            packet.stream = output
            writer.mux(packet)


def join_clips(sources: Sequence[Path], target: Path) -> None:
    """Remux clips of one codec and setting into one, end to end, without re-encoding."""
    if not sources:
        raise ValueError("No clips to join.")
    offset = Fraction(0)
    with av.open(str(target), mode="w", options=_mux_options(target)) as writer:
        output = None
        for source in sources:
            with av.open(str(source)) as reader:
                stream = reader.streams.video[0]
                if output is None:
                    output = writer.add_stream_from_template(stream)
                    output.metadata.update(stream.metadata)  # e.g. webm's alpha_mode
                    if target.suffix in (".mov", ".mp4"):  # else ProRes 4444 reads as HQ
                        output.codec_context.codec_tag = stream.codec_context.codec_tag
                shift = round(offset / Fraction(stream.time_base))
                frames = 0
                for packet in reader.demux(stream):
                    if packet.dts is None or packet.pts is None:
                        continue
                    packet.pts += shift
                    packet.dts += shift
                    packet.stream = output
                    writer.mux(packet)
                    frames += 1
                offset += frames / Fraction(stream.average_rate or stream.guessed_rate)


def encode_webm(source: Path, target: Path, *, alpha: bool) -> None:
    """VP9 in WebM at the source's size and rate; yuva420p keeps the alpha channel."""
    _transcode(
        source,
        target,
        codec="libvpx-vp9",
        pix_fmt="yuva420p" if alpha else "yuv420p",
        options=WEBM_OPTIONS,
        bt709=alpha,  # the alpha webm is made from the BT.709 ProRes master
    )


def encode_prores(source: Path, target: Path) -> None:
    """ProRes 4444 with straight alpha from a render with a transparent background."""
    _transcode(
        source,
        target,
        codec=PRORES_ENCODER,
        pix_fmt=PRORES_PIX_FMT,
        options=PRORES_OPTIONS,
        frames=_straight_alpha_frames(),
        bt709=True,
    )


def gif_size(width: int, height: int, max_width: int = GIF_MAX_WIDTH) -> tuple[int, int]:
    """The GIF's size: at most `max_width` wide, same aspect ratio."""
    if width <= max_width:
        return width, height
    return max_width, max(1, round(height * max_width / width))


def gif_rate(rate: Fraction, max_fps: int = GIF_MAX_FPS) -> Fraction:
    """The GIF's frame rate: the source's, or `max_fps` when the source is faster."""
    return min(Fraction(rate), Fraction(max_fps))


def encode_gif(
    source: Path, target: Path, *, max_width: int = GIF_MAX_WIDTH, max_fps: int = GIF_MAX_FPS
) -> None:
    """A looping GIF, scaled and slowed to fit slides, with one palette made for the clip.

    The palette comes from the clip's keyframes (manim starts one at every animation, so
    they show every state the clip reaches) and its last frame; frames are mapped to it
    without dithering, so still parts stay still and compress to nothing.
    """
    with av.open(str(source)) as reader:
        stream = reader.streams.video[0]
        rate = Fraction(stream.average_rate or stream.guessed_rate)
        width, height = gif_size(stream.codec_context.width, stream.codec_context.height, max_width)
    palette = _gif_palette(source, width, height)
    palette_argb = np.zeros((256, 4), dtype=np.uint8)
    colors = np.asarray(palette.getpalette() or [], dtype=np.uint8).reshape(-1, 3)[:GIF_COLORS]
    palette_argb[: len(colors), 0] = 255
    palette_argb[: len(colors), 1:] = colors  # the entries after them stay transparent
    out_rate = gif_rate(rate, max_fps)
    ticks = Fraction(GIF_TICKS_PER_SECOND)
    with (
        av.open(str(source)) as reader,
        av.open(str(target), mode="w", format="gif", options={"loop": "0"}) as writer,
    ):
        stream = reader.streams.video[0]
        stream.thread_type = "AUTO"
        output = writer.add_stream("gif", rate=out_rate)
        output.width, output.height, output.pix_fmt = width, height, "pal8"
        output.codec_context.time_base = 1 / ticks
        written = 0
        for index, frame in enumerate(reader.decode(stream)):
            if index < _source_index(written, rate, out_rate):
                continue
            image = frame.reformat(width, height, "rgb24", interpolation="AREA").to_image()
            indexed = np.asarray(image.quantize(palette=palette, dither=Image.Dither.NONE))
            picture = VideoFrame.from_ndarray((indexed, palette_argb), format="pal8")
            picture.pts = round(written * ticks / out_rate)
            picture.time_base = 1 / ticks
            writer.mux(output.encode(picture))
            written += 1
        writer.mux(output.encode(None))


def _source_index(output_index: int, rate: Fraction, out_rate: Fraction) -> int:
    """The source frame shown at an output frame's time (the latest one not after it)."""
    return int(output_index * rate / out_rate)


def _gif_palette(source: Path, width: int, height: int) -> Image.Image:
    """GIF_COLORS colours for the clip, from at most GIF_PALETTE_SAMPLES of its keyframes."""
    with av.open(str(source)) as reader:
        keyframes = sum(1 for p in reader.demux(video=0) if p.is_keyframe and p.size)
    step = max(1, -(-keyframes // GIF_PALETTE_SAMPLES))
    samples = []
    with av.open(str(source)) as reader:
        stream = reader.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"  # decode nothing but the keyframes
        for index, frame in enumerate(reader.decode(stream)):
            if index % step == 0:
                samples.append(frame.reformat(width, height, "rgb24", interpolation="AREA"))
    samples.append(last_frame(source).reformat(width, height, "rgb24", interpolation="AREA"))
    montage = Image.fromarray(np.concatenate([s.to_ndarray() for s in samples], axis=0))
    quantized = montage.quantize(GIF_COLORS, method=Image.Quantize.MEDIANCUT)
    palette = Image.new("P", (1, 1))
    palette.putpalette(quantized.getpalette() or [])
    return palette


def _transcode(
    source: Path,
    target: Path,
    *,
    codec: str,
    pix_fmt: str,
    options: Mapping[str, str],
    frames: Frames | None = None,
    bt709: bool = False,
) -> None:
    """Decode every frame of `source` and encode it again, same size, same rate.

    `bt709` converts and tags the colours as BT.709, which Apple's apps assume for HD
    ProRes; without it the source's YUV passes through untouched.
    """
    with (
        av.open(str(source)) as reader,
        av.open(str(target), mode="w", options=_mux_options(target)) as writer,
    ):
        stream = reader.streams.video[0]
        stream.thread_type = "AUTO"
        rate = Fraction(stream.average_rate or stream.guessed_rate)
        output = writer.add_stream(codec, rate=rate, options=dict(options))
        output.width = stream.codec_context.width
        output.height = stream.codec_context.height
        output.pix_fmt = pix_fmt
        output.codec_context.time_base = 1 / rate
        if bt709:
            context = output.codec_context
            context.colorspace = context.color_primaries = context.color_trc = BT709
            context.color_range = MPEG_RANGE
        for index, frame in enumerate(reader.decode(stream)):
            picture = frames(frame) if frames is not None else frame
            if bt709:
                picture = picture.reformat(
                    format=pix_fmt, dst_colorspace="ITU709", dst_color_range="MPEG"
                )
            picture.pts = index
            picture.time_base = 1 / rate
            picture.pict_type = av.video.frame.PictureType.NONE  # the encoder places keyframes
            writer.mux(output.encode(picture))
        writer.mux(output.encode(None))


def _mux_options(target: Path) -> dict[str, str]:
    """QuickTime-family files get their index first, so players start before reading all."""
    return dict(MP4_MUX_OPTIONS) if target.suffix in (".mp4", ".mov") else {}


# ---------------------------------------------------------------------------
# Frames and posters


def last_frame(source: Path) -> VideoFrame:
    """The clip's last frame, decoding only from the keyframe before it."""
    with av.open(str(source)) as reader:
        stream = reader.streams.video[0]
        last = None
        if stream.duration:
            reader.seek(stream.duration + (stream.start_time or 0), stream=stream, backward=True)
            for last in reader.decode(stream):  # noqa: B007 - the loop keeps the last one
                pass
    if last is None:  # no seek possible: decode the whole clip
        with av.open(str(source)) as reader:
            for last in reader.decode(video=0):  # noqa: B007
                pass
    if last is None:
        raise ValueError(f"Clip {source} has no frames.")
    return last


def save_poster(frame: VideoFrame, target: Path, alpha: bool) -> None:
    """A PNG of one frame: RGB, or RGBA with straight alpha for a transparent render."""
    if alpha:
        Image.fromarray(straight_alpha(frame.to_ndarray(format="rgba")), "RGBA").save(target)
    else:
        frame.to_image().save(target)


def straight_alpha(rgba: np.ndarray, matte: np.ndarray | None = None) -> np.ndarray:
    """Colours freed from the background they were drawn over, for straight-alpha formats.

    manim's camera draws (premultiplied, like cairo) over its background colour with
    alpha 0, so a half-covered edge pixel holds `alpha * colour + (1 - alpha) * matte`.
    Read as straight alpha that edge is too dark (a fringe on light slides). The matte is
    what fully transparent pixels hold (the scene's background colour, or black); they
    become transparent black, or take the colour of a drawing beside them.
    """
    rgba = np.ascontiguousarray(rgba)
    alpha = rgba[..., 3]
    covered = alpha != 0
    if matte is None:
        first_clear = int(np.argmin(covered, axis=None))
        clear_found = not covered.flat[first_clear]
        matte = rgba.reshape(-1, 4)[first_clear, :3] if clear_found else np.zeros(3, np.uint8)
    pixels = rgba.view(np.uint32)[..., 0]  # one RGBA pixel per element: 4x fewer operations
    out = (pixels * covered).astype(np.uint32).view(np.uint8).reshape(rgba.shape)
    rows, cols = np.nonzero((alpha - 1) < 254)  # 0 < alpha < 255 (alpha 0 wraps to 255)
    if len(rows):
        share = alpha[rows, cols].astype(np.float32)[:, None] / 255
        colour = (rgba[rows, cols, :3] - (1 - share) * matte.astype(np.float32)) / share
        out[rows, cols, :3] = np.clip(np.rint(colour), 0, 255).astype(np.uint8)
    _bleed_into_clear(out)
    return out


def _bleed_into_clear(rgba: np.ndarray) -> None:
    """Give clear pixels beside a drawing the drawing's colour (their alpha stays 0).

    Chroma subsampling (4:2:0 webm) averages each 2x2 block, and players scale with
    bilinear filters: black clear pixels would darken and grey every edge. Here each 2x2
    block that mixes clear and covered pixels fills its clear ones with the block's
    alpha-weighted colour.
    """
    alpha = rgba[: rgba.shape[0] // 2 * 2, : rgba.shape[1] // 2 * 2, 3]
    quarters = (alpha[0::2, 0::2], alpha[0::2, 1::2], alpha[1::2, 0::2], alpha[1::2, 1::2])
    most = np.maximum(np.maximum(quarters[0], quarters[1]), np.maximum(quarters[2], quarters[3]))
    least = np.minimum(np.minimum(quarters[0], quarters[1]), np.minimum(quarters[2], quarters[3]))
    block_rows, block_cols = np.nonzero((most > 0) & (least == 0))
    if not len(block_rows):
        return
    ys = block_rows[:, None] * 2 + np.array([0, 0, 1, 1])
    xs = block_cols[:, None] * 2 + np.array([0, 1, 0, 1])
    weights = rgba[ys, xs, 3].astype(np.float32)
    colours = rgba[ys, xs, :3].astype(np.float32)
    mean = (weights[..., None] * colours).sum(axis=1) / weights.sum(axis=1)[:, None]
    clear = weights == 0
    fill = np.broadcast_to(np.rint(mean)[:, None, :], colours.shape)[clear]
    rgba[ys[clear], xs[clear], :3] = fill.astype(np.uint8)


def _straight_alpha_frames() -> Frames:
    """A frame converter for one clip: the matte is read from the first frame that shows it."""
    matte: list[np.ndarray] = []

    def convert(frame: VideoFrame) -> VideoFrame:
        rgba = frame.to_ndarray(format="rgba")
        if not matte:
            first_clear = int(np.argmin(rgba[..., 3], axis=None))
            if rgba.reshape(-1, 4)[first_clear, 3] == 0:
                matte.append(rgba.reshape(-1, 4)[first_clear, :3])
        return VideoFrame.from_ndarray(straight_alpha(rgba, matte[0] if matte else None), "rgba")

    return convert


# ---------------------------------------------------------------------------
# index.json: what a slide tool needs to know about a scene's beat clips


def clip_index(
    folder: Path,
    scene: str,
    *,
    quality: str,
    chapter: str,
    narration: Mapping[str, str],
    transparent: bool = False,
) -> dict[str, Any]:
    """The scene's beats in order, with times, narration and the files present per format."""
    sections = json.loads((folder / f"{scene}.sections.json").read_text(encoding="utf-8"))
    stems = beat_stems([section["name"] for section in sections])
    clips = beat_dir(folder, scene)
    videos = [name for name in variant_formats(transparent) if name != POSTER_FORMAT]
    beats = []
    for number, (section, stem) in enumerate(zip(sections, stems, strict=True), start=1):
        poster = f"{stem}.{POSTER_FORMAT}"
        beats.append(
            {
                "index": number,
                "name": section["name"],
                "narration": narration.get(section["name"], ""),
                "start": section["start"],
                "end": section["end"],
                "duration": round(section["end"] - section["start"], 6),
                "files": {
                    name: f"{stem}.{name}"
                    for name in videos
                    if (clips / f"{stem}.{name}").is_file()
                },
                "poster": poster if (clips / poster).is_file() else None,
            }
        )
    return {
        "scene": scene,
        "chapter": chapter,
        "quality": quality,
        "transparent": transparent,
        "beats": beats,
    }


def write_clip_index(folder: Path, index: Mapping[str, Any]) -> Path:
    """Write a clip_index to `<folder>/<Scene>/index.json` atomically; return its path."""
    path = beat_dir(folder, str(index["scene"])) / INDEX_NAME
    atomic_write_text(path, json.dumps(index, indent=2, ensure_ascii=False) + "\n")
    return path
