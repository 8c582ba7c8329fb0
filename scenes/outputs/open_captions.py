"""Open captions: a copy of a clip with its captions drawn into the picture.

For players and slide tools that cannot show a SubRip/WebVTT track (a clip pasted into a
slide, a projector fed from a laptop, a social-media upload), the captions are burnt in:

- white text on a dark box of BOX_OPACITY (0.85), so that even over a white slide the
  text keeps a contrast above 4.5:1; centred, each line at least 1/20 of the frame high
  (FONT_SHARE), inside the title-safe area (the centre 80% of width and height);
- the cues are already split by the caption rules (at most two lines of 42 characters);
  a line wider than the safe area is wrapped at spaces, which only happens on frames
  narrower than about 16:9;
- drawn with DejaVu Sans (found by file name in the system font folders; Debian/Ubuntu:
  fonts-dejavu-core), else Pillow's built-in Aileron;
- blended into the decoded Y, U and V planes, not via RGB, so frames outside the caption
  box go back to the encoder untouched; re-encoded with libx264 (the settings the lecture
  re-encode uses), the audio packets copied as they are, chapters and `moov` first kept.

The clean clips are never touched: the burnt copy is written through a temporary file in
its own folder and moved into place with os.replace.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import av
import numpy as np
from av.video.frame import VideoFrame
from PIL import Image, ImageDraw, ImageFont

from scenes.outputs.atomic_files import atomic_write_text
from scenes.outputs.captions import Cue, parse_srt
from scenes.ownership import temporary_sibling

OPEN_CAPTIONS_DIR = "open-captions"  # inside OUT/<quality>/
FONT_FILE = "DejaVuSans.ttf"
FONT_SHARE = 1 / 20  # a line's height (ascent + descent) as a share of the frame height
BOX_OPACITY = 0.85
SAFE_SHARE = 0.8  # title-safe: the centre 80% of the frame's width and height
PADDING = 0.3  # the box's padding around the text, in line heights (sides: twice that)
ENCODE_OPTIONS = {"preset": "veryfast", "crf": "18"}  # as assemble.py's re-encode
MP4_MUX_OPTIONS = {"movflags": "+faststart"}
SCHEMA = "1"  # bumped when the look or the encoding changes, so up-to-date checks redo
_FULL_RANGE_FORMATS = ("yuvj420p", "yuvj422p", "yuvj444p")
_JPEG_RANGE = 2  # AVCOL_RANGE_JPEG


@dataclass(frozen=True)
class Overlay:
    """One cue drawn once: where it goes, its coverage (alpha) and its premultiplied white."""

    top: int
    left: int
    alpha: np.ndarray  # float32, 0..1, shape (height, width)
    white: np.ndarray  # float32, 0..1: the text's share of white, already times its alpha


@lru_cache(maxsize=8)
def caption_font(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at `size` px when installed (Pillow searches the system font folders),
    else Pillow's built-in font: burnt captions never fail for want of a font."""
    try:
        return ImageFont.truetype(FONT_FILE, size)
    except OSError:
        return ImageFont.load_default(size)  # type: ignore[return-value]


def font_name(size: int = 24) -> str:
    """The family and style the captions are drawn in, e.g. 'DejaVu Sans Book'."""
    return " ".join(part for part in caption_font(size).getname() if part)


def font_size(height: int) -> int:
    """The smallest pixel size whose lines are at least FONT_SHARE of the frame high."""
    wanted = height * FONT_SHARE
    size = max(8, int(wanted * 0.8))
    while _line_height(caption_font(size)) < wanted:
        size += 1
    return size


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent


def wrap_lines(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """The cue's own lines, each wrapped at spaces only where it is wider than `width`."""
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        words = line.split()
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if current and font.getlength(candidate) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return [line for line in lines if line] or [""]


def render_overlay(text: str, width: int, height: int) -> Overlay:
    """The cue as a box of text centred above the bottom of the title-safe area."""
    font = caption_font(font_size(height))
    line = _line_height(font)
    pad_y, pad_x = round(PADDING * line), round(2 * PADDING * line)
    safe_width = width * SAFE_SHARE
    lines = wrap_lines(text, font, safe_width - 2 * pad_x)
    text_width = max(font.getlength(each) for each in lines)
    box_w = min(int(np.ceil(text_width)) + 2 * pad_x, int(safe_width))
    box_h = len(lines) * line + 2 * pad_y
    safe_bottom = height - round(height * (1 - SAFE_SHARE) / 2)
    top = max(0, safe_bottom - box_h) // 2 * 2  # even: the chroma planes are half size
    left = max(0, (width - box_w) // 2) // 2 * 2
    box_w, box_h = min(box_w + box_w % 2, width - left), min(box_h + box_h % 2, height - top)
    coverage = Image.new("L", (box_w, box_h), 0)
    draw = ImageDraw.Draw(coverage)
    for number, each in enumerate(lines):
        x = (box_w - font.getlength(each)) / 2
        draw.text((x, pad_y + number * line), each, font=font, fill=255)
    text_alpha = np.asarray(coverage, np.float32) / 255
    alpha = BOX_OPACITY + (1 - BOX_OPACITY) * text_alpha  # white text over the dark box
    return Overlay(top=top, left=left, alpha=alpha, white=text_alpha)


def _blend(frame: VideoFrame, overlay: Overlay) -> VideoFrame:
    """The frame with the overlay drawn in, computed on its Y, U and V planes."""
    picture = frame if frame.format.name in ("yuv420p", "yuvj420p") else frame.reformat("yuv420p")
    full = picture.format.name in _FULL_RANGE_FORMATS or picture.color_range == _JPEG_RANGE
    black, white = (0.0, 255.0) if full else (16.0, 235.0)
    planes = picture.to_ndarray()  # Y on top, then U and V at half width, stacked
    height, width = picture.height, picture.width
    luma = planes[:height]
    top, left = overlay.top, overlay.left
    rows, cols = overlay.alpha.shape
    region = luma[top : top + rows, left : left + cols].astype(np.float32)
    level = (region - black) / (white - black)
    blended = level * (1 - overlay.alpha) + overlay.white
    luma[top : top + rows, left : left + cols] = np.clip(
        np.rint(black + blended * (white - black)), 0, 255
    ).astype(np.uint8)
    chroma_alpha = overlay.alpha[::2, ::2][: (rows + 1) // 2, : (cols + 1) // 2]
    chroma = planes[height:].reshape(2, height // 2, width // 2)  # U and V
    c_top, c_left = top // 2, left // 2
    c_rows, c_cols = chroma_alpha.shape
    for plane in chroma:
        part = plane[c_top : c_top + c_rows, c_left : c_left + c_cols].astype(np.float32)
        plane[c_top : c_top + c_rows, c_left : c_left + c_cols] = np.rint(
            128 + (part - 128) * (1 - chroma_alpha)
        ).astype(np.uint8)
    result = VideoFrame.from_ndarray(planes, format=picture.format.name)
    result.color_range = picture.color_range
    result.colorspace = picture.colorspace
    return result


def _active(cues: Sequence[Cue], seconds: float) -> Cue | None:
    """The cue shown at `seconds` (the last one that started, when cues overlap)."""
    shown = None
    for cue in cues:
        if cue.start <= seconds < cue.end and cue.text.strip():
            shown = cue
    return shown


def burn_captions(video: Path, cues: Sequence[Cue], target: Path) -> Path:
    """Write `target`: `video` re-encoded with each cue's text drawn in at its times.

    The audio streams are copied packet for packet. The file appears at `target` only
    once complete; on any error nothing is left there (an old file stays as it was).
    """
    video, target = Path(video), Path(target)
    if video.resolve() == target.resolve():
        raise ValueError(f"Open captions must not overwrite their source clip {video}.")
    temporary = temporary_sibling(target, keep_suffix=True)
    try:
        _write(video, cues, temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def _write(video: Path, cues: Sequence[Cue], target: Path) -> None:
    with (
        av.open(str(video)) as reader,
        av.open(str(target), mode="w", format="mp4", options=MP4_MUX_OPTIONS) as writer,
    ):
        source = reader.streams.video[0]
        source.thread_type = "AUTO"
        rate = Fraction(source.average_rate or source.guessed_rate or 30)
        context = source.codec_context
        output = writer.add_stream("libx264", rate=rate, options=dict(ENCODE_OPTIONS))
        output.width, output.height = context.width, context.height
        output.pix_fmt = "yuvj420p" if context.pix_fmt == "yuvj420p" else "yuv420p"
        output.codec_context.time_base = 1 / rate
        for name in ("color_range", "colorspace", "color_primaries", "color_trc"):
            setattr(output.codec_context, name, getattr(context, name))
        audio = {
            stream.index: writer.add_stream_from_template(stream) for stream in reader.streams.audio
        }
        writer.metadata.update(reader.metadata)
        chapters = reader.chapters()
        if chapters:
            writer.set_chapters(chapters)
        start = float(source.start_time * source.time_base) if source.start_time else 0.0
        overlays: dict[str, Overlay] = {}
        for packet in reader.demux(source, *reader.streams.audio):
            if packet.stream.index in audio:
                if packet.dts is None:
                    continue  # the empty flush packet demux yields at the end
                packet.stream = audio[packet.stream.index]
                writer.mux(packet)
                continue
            for frame in packet.decode():
                seconds = float(frame.time) - start if frame.time is not None else 0.0
                cue = _active(cues, seconds)
                picture = frame
                if cue is not None:
                    if cue.text not in overlays:
                        overlays[cue.text] = render_overlay(cue.text, frame.width, frame.height)
                    picture = _blend(frame, overlays[cue.text])
                picture.pts = round(Fraction(seconds) * rate)
                picture.time_base = 1 / rate
                picture.pict_type = av.video.frame.PictureType.NONE
                writer.mux(output.encode(picture))
        writer.mux(output.encode(None))


# ---------------------------------------------------------------------------
# Up-to-date checks: a small key beside each burnt clip


def key_path(target: Path) -> Path:
    """Where the key of a burnt clip lives: `<Scene>.key.json` beside `<Scene>.mp4`."""
    return target.with_name(f"{target.stem}.key.json")


def source_key(video: Path, captions: str) -> dict[str, object]:
    """What a burnt clip was made from: the clip's size and mtime, the captions' hash and
    every setting of the look, so that a change to any of them makes it stale."""
    stat = video.stat()
    return {
        "schema": SCHEMA,
        "source": video.name,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "captions_sha256": hashlib.sha256(captions.encode("utf-8")).hexdigest(),
        "font": font_name(),
        "encode": ENCODE_OPTIONS,
    }


def burn_if_stale(video: Path, srt: Path, target: Path) -> bool:
    """Burn `srt` into `video` at `target` unless its key says it is up to date.

    Returns whether it wrote the clip.
    """
    captions = srt.read_text(encoding="utf-8") if srt.is_file() else ""
    key = source_key(video, captions)
    stored = key_path(target)
    if target.is_file() and stored.is_file():
        try:
            if json.loads(stored.read_text(encoding="utf-8")) == key:
                return False
        except (OSError, ValueError):
            pass  # an unreadable key: burn again
    burn_captions(video, parse_srt(captions), target)
    atomic_write_text(stored, json.dumps(key, indent=2, sort_keys=True) + "\n")
    return True
