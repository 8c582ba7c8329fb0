"""Flash check for WCAG 2.1 success criterion 2.3.1, Three Flashes or Below Threshold.

A clip passes when nothing in it flashes more than three times in any one-second
period, counting general flashes and red flashes separately (WCAG's definitions):

- a general flash is a pair of opposing changes in relative luminance of 0.1 or more
  (10% of the maximum, 1.0) where the darker state is below 0.80;
- a red flash is a pair of opposing transitions involving a saturated red: WCAG 2.0/2.1's
  technical note, with R, G, B the linear values of the relative-luminance formula, takes
  a state with R / (R + G + B) >= 0.8 as saturated red and counts a transition when
  (R - G - B) x 320 (negative values set to 0) changes by more than 20;
- either counts only when the pixels that flash together cover at least 25% of any
  10-degree visual field, which WCAG approximates as a 341 x 256 px rectangle on a
  1024 x 768 screen: scaled to the frame's width (a screen's width spans a fixed angle),
  the field is a third of the width wide and a quarter of the width high.

The method, practical rather than exact:

1. Every frame is decoded (threaded) and scaled to ANALYSIS_WIDTH pixels wide by FFmpeg
   (area averaging), then linearised to relative luminance and red value per pixel.
2. Each pixel follows its own signal with hysteresis: after a rise it waits for a fall of
   the threshold from the highest value since, after a fall for a rise from the lowest,
   so slow fades count once per swing and compression noise never counts.
3. The frame is covered by field-sized tiles at half a field's stride (any field overlaps
   one of them by at least a quarter). A tile registers a transition when the pixels
   inside it whose latest transition opposes the tile's last one, and happened since that
   one and within the last second, cover 25% of a field.
4. A tile's transitions alternate by construction; the most transitions of any tile inside
   any one-second window, halved, is the flashes per second; `at` is that window's start.

Scattered pixels that flash together inside one tile add up, as WCAG's "combined area"
asks; a field placed between the tile grid's positions may be undercounted by a little.
Nothing here imports manim.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np
from av.video.reformatter import VideoReformatter

MAX_FLASHES_PER_SECOND = 3.0
LUMINANCE_CHANGE = 0.1  # 10% of the maximum relative luminance, 1.0
DARKER_BELOW = 0.8
RED_CHANGE = 20.0  # in (R - G - B) x 320
RED_SCALE = 320.0
SATURATED_RED = 0.8  # R / (R + G + B)
AREA_SHARE = 0.25  # of a 10-degree field
FIELD = (341 / 1024, 256 / 1024)  # the field's width and height, as fractions of the width
ANALYSIS_WIDTH = 320
WINDOW_SECONDS = 1.0
_EPSILON = 1e-6
LECTURE_VIDEO = "lecture.mp4"  # as scenes.outputs.assemble writes it


@dataclass(frozen=True)
class FlashReport:
    """The worst one-second window of a clip: `flashes_per_second` starting at `at` s."""

    flashes_per_second: float  # the larger of the general and the red count
    at: float
    general_per_second: float
    general_at: float
    red_per_second: float
    red_at: float
    duration: float  # seconds of video checked
    frames: int
    seconds: float = field(default=0.0, compare=False)  # wall time the check took

    @property
    def passes(self) -> bool:
        """WCAG 2.3.1: no more than three flashes in any one-second period."""
        return self.flashes_per_second <= MAX_FLASHES_PER_SECOND

    def describe(self, name: str = "") -> str:
        """One sentence for a check's report."""
        prefix = f"{name}: " if name else ""
        if self.flashes_per_second == 0:
            return f"{prefix}no flashes ({self.duration:.1f} s checked)."
        kind = "red " if self.red_per_second > self.general_per_second else ""
        verdict = "passes" if self.passes else "FAILS WCAG 2.3.1 (more than 3)"
        return (
            f"{prefix}at most {self.flashes_per_second:g} {kind}flashes per second, "
            f"from {self.at:.2f} s; {verdict}."
        )


def srgb_to_linear_table() -> np.ndarray:
    """8-bit sRGB to linear light, WCAG's formula (threshold 0.03928), as a 256-entry table."""
    values = np.arange(256, dtype=np.float64) / 255
    linear = np.where(values <= 0.03928, values / 12.92, ((values + 0.055) / 1.055) ** 2.4)
    return linear.astype(np.float32)


_LINEAR = srgb_to_linear_table()
# each channel's share of relative luminance, per 8-bit value: three look-ups and two sums
_LUMINANCE = tuple((weight * _LINEAR).astype(np.float32) for weight in (0.2126, 0.7152, 0.0722))
# (R - G - B) x 320 > 20 needs linear R above 20 / 320: darker reds can never count
_MIN_RED = int(np.searchsorted(_LINEAR, RED_CHANGE / RED_SCALE))


def luminance_and_red(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Relative luminance, and WCAG's red value (R - G - B) x 320 where red is saturated."""
    red8, green8, blue8 = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    luminance = _LUMINANCE[0][red8] + _LUMINANCE[1][green8] + _LUMINANCE[2][blue8]
    redness = np.zeros(luminance.shape, np.float32)
    rows, cols = np.nonzero((red8 >= _MIN_RED) & (red8 > green8) & (red8 > blue8))
    if len(rows):  # few pixels are red: compute the rest only for them
        red = _LINEAR[red8[rows, cols]]
        others = _LINEAR[green8[rows, cols]] + _LINEAR[blue8[rows, cols]]
        saturated = red >= SATURATED_RED * (red + others)  # R / (R + G + B) >= 0.8
        redness[rows, cols] = np.where(saturated, np.maximum(red - others, 0) * RED_SCALE, 0)
    return luminance, redness


class _Swings:
    """Per-pixel transitions of one signal, with hysteresis (step 2 of the method)."""

    def __init__(self, first: np.ndarray, change: float, strict: bool, darker_below: float | None):
        self.high = first.copy()
        self.low = first.copy()
        self.previous = first
        self.direction = np.zeros(first.shape, np.int8)  # +1 rose last, -1 fell last
        self.change = change
        self.strict = strict
        self.darker_below = darker_below

    def _enough(self, difference: np.ndarray) -> np.ndarray:
        if self.strict:
            return difference > self.change
        return difference >= self.change - _EPSILON

    def step(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """Feed one frame; the pixels that completed a rise, and those that completed a fall.

        None for a frame equal to the one before: it cannot complete a transition (each
        pixel's extremes already hold its values, or were reset to them).
        """
        if np.array_equal(values, self.previous):
            return None
        self.previous = values
        np.maximum(self.high, values, out=self.high)
        np.minimum(self.low, values, out=self.low)
        rise = (self.direction <= 0) & self._enough(values - self.low)
        fall = (self.direction >= 0) & self._enough(self.high - values)
        if self.darker_below is not None:
            rise &= self.low < self.darker_below
            fall &= values < self.darker_below
        both = rise & fall  # only before a pixel's first transition: the later extreme wins
        if both.any():
            nearer_high = (self.high - values) < (values - self.low)
            rise &= ~both | nearer_high
            fall &= ~both | ~nearer_high
        moved = rise | fall
        self.direction[rise] = 1
        self.direction[fall] = -1
        self.high[moved] = values[moved]
        self.low[moved] = values[moved]
        return rise, fall


class _Tiles:
    """Field-sized tiles and their transitions (steps 3 and 4 of the method)."""

    def __init__(self, shape: tuple[int, int], field_size: tuple[int, int], window: int):
        height, width = shape
        field_w, field_h = min(field_size[0], width), min(field_size[1], height)
        self.needed = AREA_SHARE * field_size[0] * field_size[1]
        self.window = window
        self.slices = [
            (slice(y, y + field_h), slice(x, x + field_w))
            for y in _starts(height, field_h)
            for x in _starts(width, field_w)
        ]
        self.direction = [0] * len(self.slices)
        self.last = [-(10**9)] * len(self.slices)
        self.times: list[list[float]] = [[] for _ in self.slices]
        self.pixel_direction = np.zeros(shape, np.int8)
        self.pixel_frame = np.full(shape, -(10**9), np.int64)

    def step(self, index: int, when: float, swings: tuple[np.ndarray, np.ndarray] | None) -> None:
        if swings is None:
            return
        rise, fall = swings
        moved = rise | fall
        if not moved.any():
            return
        self.pixel_direction[rise] = 1
        self.pixel_direction[fall] = -1
        self.pixel_frame[moved] = index
        for number, (rows, cols) in enumerate(self.slices):
            if not moved[rows, cols].any():
                continue
            since = max(self.last[number], index - self.window)
            recent = self.pixel_frame[rows, cols] > since
            directions = self.pixel_direction[rows, cols]
            wanted = (-self.direction[number],) if self.direction[number] else (1, -1)
            for direction in wanted:
                if np.count_nonzero(recent & (directions == direction)) >= self.needed:
                    self.direction[number] = direction
                    self.last[number] = index
                    self.times[number].append(when)
                    break

    def worst(self) -> tuple[float, float]:
        """The most flashes (transitions / 2) in any one-second window, and its start."""
        most, at = 0, 0.0
        for times in self.times:
            end = 0
            for start, first in enumerate(times):
                while end < len(times) and times[end] < first + WINDOW_SECONDS - _EPSILON:
                    end += 1
                if end - start > most:
                    most, at = end - start, first
        return most / 2, at


def _starts(length: int, size: int) -> list[int]:
    """Tile origins at half a tile's stride, the last one flush with the edge."""
    step = max(1, size // 2)
    starts = list(range(0, max(1, length - size + 1), step))
    if starts[-1] != length - size:
        starts.append(max(0, length - size))
    return starts


def _same(planes: list[np.ndarray], previous: list[np.ndarray]) -> bool:
    """Whether a decoded frame's planes equal the previous frame's, byte for byte."""
    return len(planes) == len(previous) and all(
        np.array_equal(a, b) for a, b in zip(planes, previous, strict=True)
    )


def analysis_size(width: int, height: int, target: int = ANALYSIS_WIDTH) -> tuple[int, int]:
    """The size frames are checked at: `target` wide (never wider than the clip), even sizes."""
    scaled = min(width, target)
    return max(2, scaled // 2 * 2), max(2, round(height * scaled / width) // 2 * 2)


def field_pixels(width: int) -> tuple[int, int]:
    """WCAG's 10-degree field (341 x 256 of a 1024-wide screen) at a frame `width` wide."""
    return max(1, round(width * FIELD[0])), max(1, round(width * FIELD[1]))


def flash_report(video: Path, *, width: int = ANALYSIS_WIDTH) -> FlashReport:
    """Decode every frame of `video` and find its worst one-second window of flashes."""
    began = time.perf_counter()
    with av.open(str(video)) as reader:
        stream = reader.streams.video[0]
        stream.thread_type = "AUTO"
        rate = float(stream.average_rate or stream.guessed_rate or 30)
        size = analysis_size(stream.codec_context.width, stream.codec_context.height, width)
        window = max(1, round(rate * WINDOW_SECONDS))
        general = red = None
        tiles: tuple[_Tiles, _Tiles] | None = None
        frames, last_time = 0, 0.0
        scaler = VideoReformatter()  # keeps its scaling context from frame to frame
        previous: list[np.ndarray] = []
        for frame in reader.decode(stream):
            when = float(frame.time) if frame.time is not None else frames / rate
            planes = [np.frombuffer(plane, np.uint8) for plane in frame.planes]
            if tiles is not None and _same(planes, previous):
                frames, last_time = frames + 1, when
                continue  # a still frame (most of a lecture): nothing can change
            previous = planes
            rgb = scaler.reformat(frame, size[0], size[1], "rgb24", interpolation="AREA")
            rgb = rgb.to_ndarray()
            luminance, redness = luminance_and_red(rgb)
            if general is None or red is None or tiles is None:
                general = _Swings(luminance, LUMINANCE_CHANGE, False, DARKER_BELOW)
                red = _Swings(redness, RED_CHANGE, True, None)
                shape = (rgb.shape[0], rgb.shape[1])
                tiles = (
                    _Tiles(shape, field_pixels(size[0]), window),
                    _Tiles(shape, field_pixels(size[0]), window),
                )
            else:
                tiles[0].step(frames, when, general.step(luminance))
                tiles[1].step(frames, when, red.step(redness))
            frames += 1
            last_time = when
    if tiles is None:
        raise ValueError(f"Clip {video} has no frames.")
    general_count, general_at = tiles[0].worst()
    red_count, red_at = tiles[1].worst()
    worst, at = (red_count, red_at) if red_count > general_count else (general_count, general_at)
    return FlashReport(
        flashes_per_second=worst,
        at=at,
        general_per_second=general_count,
        general_at=general_at,
        red_per_second=red_count,
        red_at=red_at,
        duration=last_time + 1 / rate,
        frames=frames,
        seconds=time.perf_counter() - began,
    )


def flash_reports(clips: Iterable[Path]) -> dict[Path, FlashReport]:
    """Each clip's report, e.g. over OUT/<quality>/<Scene>.mp4."""
    return {Path(clip): flash_report(Path(clip)) for clip in clips}


def chapter_at(video: Path, seconds: float) -> str | None:
    """The title of the chapter playing at `seconds` in `video` (None: no chapter there)."""
    with av.open(str(video)) as reader:
        for chapter in reader.chapters():
            base = chapter["time_base"]
            if chapter["start"] * base <= seconds < chapter["end"] * base:
                return str(chapter["metadata"].get("title", "")) or None
    return None


def check_lecture(folder: Path, names: Sequence[str]) -> list[tuple[str, FlashReport]]:
    """Flash reports for `lecture check --accessibility`: one for OUT/<quality>/lecture.mp4
    when it was assembled (one pass covers every scene and the windows across joins,
    named after the chapter of its worst window), else one per <Scene>.mp4 there is."""
    lecture = folder / LECTURE_VIDEO
    if lecture.is_file():
        report = flash_report(lecture)
        chapter = chapter_at(lecture, report.at) if report.flashes_per_second else None
        return [(f"{LECTURE_VIDEO} ({chapter})" if chapter else LECTURE_VIDEO, report)]
    clips = [folder / f"{name}.mp4" for name in names]
    return [(clip.stem, flash_report(clip)) for clip in clips if clip.is_file()]
