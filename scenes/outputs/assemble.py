"""Join the rendered scene clips into one lecture video with chapters and captions.

Clips of one quality share codec, size, rate and encoder settings, so their
packets are remuxed, not re-encoded: seconds instead of minutes, and no second
generation of compression loss. Each clip's timestamps are moved by the length
of the clips before it. Only when the clips' decoder settings (H.264 SPS/PPS)
differ, or their timestamps could not stay monotonic across a join, are the
frames re-encoded with libx264. The clips' own audio is not copied: the narration
comes as one track for the whole lecture, encoded once, so the AAC encoder's delay
and padding do not pile up at each join.

Every output lands through a temporary file in the same folder and `os.replace`,
so a failed run never leaves a half-written lecture over a good one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Literal, NamedTuple

import av
import numpy as np

from scenes.outputs.audio_tracks import AudioQueue, fit
from scenes.outputs.captions import Cue, format_srt, format_vtt, parse_srt, shift
from scenes.ownership import temporary_sibling

LECTURE_VIDEO = "lecture.mp4"
LECTURE_SRT = "lecture.srt"
LECTURE_VTT = "lecture.vtt"
CHAPTERS_VTT = "chapters.vtt"
REENCODE_OPTIONS = {"preset": "veryfast", "crf": "18"}

Method = Literal["remux", "reencode"]


@dataclass(frozen=True)
class ClipInfo:
    """One rendered scene: its video, its name and (optionally) its SubRip captions."""

    path: Path
    name: str
    captions: Path | None = None

    @classmethod
    def from_path(cls, path: Path) -> ClipInfo:
        """Name the clip after its file; use the sibling `<Scene>.srt` when there is one."""
        path = Path(path)
        srt = path.with_suffix(".srt")
        return cls(path=path, name=path.stem, captions=srt if srt.is_file() else None)


class ChapterMark(NamedTuple):
    """One scene's place in the lecture, in seconds."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class AssembledLecture:
    """What `assemble_lecture` wrote, and how."""

    path: Path
    duration: float
    chapters: list[ChapterMark]
    srt_path: Path
    vtt_path: Path
    chapters_vtt_path: Path
    method: Method


@dataclass(frozen=True)
class _Probe:
    """What one clip's container says, read by demuxing (no decoding)."""

    clip: ClipInfo
    codec: str
    width: int
    height: int
    pix_fmt: str
    rate: Fraction
    time_base: Fraction
    extradata: bytes
    frame_count: int
    first_pts: int
    first_dts: int
    last_dts: int
    end_pts: int  # pts just after the last frame

    @property
    def duration(self) -> Fraction:
        return (self.end_pts - self.first_pts) * self.time_base

    def describe(self) -> str:
        return f"{self.codec} {self.pix_fmt} {self.width}x{self.height} at {self.rate} fps"


def assemble_lecture(
    clips: Sequence[ClipInfo] | Sequence[Path],
    out_dir: Path,
    titles: Sequence[str] | None = None,
    audio: Callable[[Sequence[float]], np.ndarray] | None = None,
) -> AssembledLecture:
    """Write lecture.mp4 (scenes in order, one chapter each), lecture.srt/.vtt and chapters.vtt.

    `audio`, given each scene's start in seconds, returns the lecture's narration track
    (48 kHz mono); None writes a silent lecture.
    """
    infos = [clip if isinstance(clip, ClipInfo) else ClipInfo.from_path(clip) for clip in clips]
    if not infos:
        raise ValueError("No clips to assemble into a lecture.")
    if titles is not None and len(titles) != len(infos):
        raise ValueError(f"Got {len(titles)} titles for {len(infos)} clips; give one per clip.")
    probes = [_probe(info) for info in infos]
    _check_compatible(probes)
    chapter_titles = list(titles) if titles is not None else [info.name for info in infos]
    starts = _starts(probes)
    chapters = [
        ChapterMark(title, float(start), float(start + probe.duration))
        for title, start, probe in zip(chapter_titles, starts, probes, strict=True)
    ]
    cues = [
        cue
        for probe, chapter in zip(probes, chapters, strict=True)
        for cue in _scene_cues(probe.clip, chapter)
    ]
    chapter_cues = [Cue(chapter.start, chapter.end, chapter.title) for chapter in chapters]
    method: Method = "remux" if _can_remux(probes, starts) else "reencode"

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = (LECTURE_VIDEO, LECTURE_SRT, LECTURE_VTT, CHAPTERS_VTT)
    targets = {name: out_dir / name for name in names}
    with _staged(targets.values()) as staged:
        track = None
        if audio is not None:
            total = starts[-1] + probes[-1].duration
            track = fit(audio([float(start) for start in starts]), total)
        _write_video(staged[targets[LECTURE_VIDEO]], probes, starts, chapter_titles, method, track)
        staged[targets[LECTURE_SRT]].write_text(format_srt(cues), encoding="utf-8")
        staged[targets[LECTURE_VTT]].write_text(format_vtt(cues), encoding="utf-8")
        staged[targets[CHAPTERS_VTT]].write_text(format_vtt(chapter_cues), encoding="utf-8")

    return AssembledLecture(
        path=targets[LECTURE_VIDEO],
        duration=float(starts[-1] + probes[-1].duration),
        chapters=chapters,
        srt_path=targets[LECTURE_SRT],
        vtt_path=targets[LECTURE_VTT],
        chapters_vtt_path=targets[CHAPTERS_VTT],
        method=method,
    )


def _probe(clip: ClipInfo) -> _Probe:
    if not clip.path.is_file():
        raise ValueError(f"Clip {clip.path} for scene {clip.name} does not exist.")
    if clip.captions is not None and not clip.captions.is_file():
        raise ValueError(f"Captions {clip.captions} for scene {clip.name} do not exist.")
    try:
        with av.open(str(clip.path)) as container:
            return _probe_open(clip, container)
    except av.error.FFmpegError as error:
        raise ValueError(f"Clip {clip.path} is not a readable video ({error}).") from error


def _probe_open(clip: ClipInfo, container: av.container.InputContainer) -> _Probe:
    if not container.streams.video:
        raise ValueError(f"Clip {clip.path} has no video stream.")
    stream = container.streams.video[0]
    context = stream.codec_context
    rate = stream.average_rate or stream.guessed_rate
    packets = [
        (packet.pts, packet.dts, packet.duration)
        for packet in container.demux(stream)
        if packet.dts is not None and packet.pts is not None
    ]
    if not packets or not rate or stream.time_base is None:
        raise ValueError(f"Clip {clip.path} has no video frames.")
    time_base = Fraction(stream.time_base)
    frame_ticks = round(1 / (Fraction(rate) * time_base))
    return _Probe(
        clip=clip,
        codec=context.name,
        width=context.width,
        height=context.height,
        pix_fmt=context.pix_fmt or "",
        rate=Fraction(rate),
        time_base=time_base,
        extradata=bytes(context.extradata or b""),
        frame_count=len(packets),
        first_pts=min(pts for pts, _, _ in packets),
        first_dts=packets[0][1],
        last_dts=packets[-1][1],
        end_pts=max(pts + (duration or frame_ticks) for pts, _, duration in packets),
    )


def _check_compatible(probes: list[_Probe]) -> None:
    first = probes[0]
    for probe in probes[1:]:
        if probe.describe() != first.describe():
            raise ValueError(
                f"Clip {probe.clip.path} is {probe.describe()} but {first.clip.path} is "
                f"{first.describe()}; all clips of a lecture must match."
            )


def _starts(probes: list[_Probe]) -> list[Fraction]:
    starts = [Fraction(0)]
    for probe in probes[:-1]:
        starts.append(starts[-1] + probe.duration)
    return starts


def _can_remux(probes: list[_Probe], starts: list[Fraction]) -> bool:
    """Same decoder settings and time base everywhere, and dts still rises at every join."""
    first = probes[0]
    if any(p.extradata != first.extradata or p.time_base != first.time_base for p in probes):
        return False
    for before, after, before_start, after_start in zip(
        probes, probes[1:], starts, starts[1:], strict=False
    ):
        last_dts = before_start + (before.last_dts - before.first_pts) * before.time_base
        next_dts = after_start + (after.first_dts - after.first_pts) * after.time_base
        if next_dts <= last_dts:
            return False
    return True


def _scene_cues(clip: ClipInfo, chapter: ChapterMark) -> list[Cue]:
    """The clip's captions on the lecture timeline, kept inside the scene's span."""
    if clip.captions is None:
        return []
    try:
        scene_cues = parse_srt(clip.captions.read_text(encoding="utf-8-sig"))
    except ValueError as error:
        raise ValueError(f"Captions {clip.captions} are not valid SubRip: {error}") from error
    cues = shift(scene_cues, chapter.start)
    return [
        Cue(max(cue.start, chapter.start), min(cue.end, chapter.end), cue.text)
        for cue in cues
        if cue.start < chapter.end and cue.end > chapter.start
    ]


def _chapter_entries(
    probes: list[_Probe], starts: list[Fraction], titles: list[str]
) -> list[dict[str, object]]:
    time_base = probes[0].time_base
    return [
        {
            "id": number,
            "start": round(start / time_base),
            "end": round((start + probe.duration) / time_base),
            "time_base": time_base,
            "metadata": {"title": title},
        }
        for number, (probe, start, title) in enumerate(zip(probes, starts, titles, strict=True))
    ]


def _write_video(
    target: Path,
    probes: list[_Probe],
    starts: list[Fraction],
    titles: list[str],
    method: Method,
    track: np.ndarray | None = None,
) -> None:
    # moov before mdat: slide software and web players start playing before the download ends
    with av.open(str(target), mode="w", format="mp4", options={"movflags": "+faststart"}) as output:
        if method == "remux":
            _remux(output, probes, starts, titles, track)
        else:
            _reencode(output, probes, starts, titles, track)


def _remux(
    output: av.container.OutputContainer,
    probes: list[_Probe],
    starts: list[Fraction],
    titles: list[str],
    track: np.ndarray | None = None,
) -> None:
    with av.open(str(probes[0].clip.path)) as first:
        stream = output.add_stream_from_template(first.streams.video[0])
    audio = AudioQueue(output, track, ".mp4") if track is not None else None
    output.set_chapters(_chapter_entries(probes, starts, titles))
    for probe, start in zip(probes, starts, strict=True):
        offset = int(start / probe.time_base) - probe.first_pts
        with av.open(str(probe.clip.path)) as source:
            for packet in source.demux(source.streams.video[0]):
                if packet.dts is None or packet.pts is None:
                    continue  # the empty flush packet demux yields at the end
                packet.pts += offset
                packet.dts += offset
                if audio is not None:
                    audio.mux_until(packet.dts * probe.time_base)
                packet.stream = stream
                output.mux(packet)
    if audio is not None:
        audio.mux_rest()


def _reencode(
    output: av.container.OutputContainer,
    probes: list[_Probe],
    starts: list[Fraction],
    titles: list[str],
    track: np.ndarray | None = None,
) -> None:
    first = probes[0]
    stream = output.add_stream("libx264", rate=first.rate, options=REENCODE_OPTIONS)
    stream.width, stream.height, stream.pix_fmt = first.width, first.height, first.pix_fmt
    audio = AudioQueue(output, track, ".mp4") if track is not None else None
    output.set_chapters(_chapter_entries(probes, starts, titles))
    codec_time_base = Fraction(1) / first.rate
    for probe, start in zip(probes, starts, strict=True):
        with av.open(str(probe.clip.path)) as source:
            for frame in source.decode(source.streams.video[0]):
                lecture_time = start + (frame.pts - probe.first_pts) * probe.time_base
                frame.pts = round(lecture_time / codec_time_base)
                frame.time_base = codec_time_base
                if audio is not None:
                    audio.mux_until(lecture_time)
                output.mux(stream.encode(frame))
    output.mux(stream.encode(None))
    if audio is not None:
        audio.mux_rest()


@contextmanager
def _staged(targets: Iterable[Path]) -> Iterator[dict[Path, Path]]:
    """Temp files beside each target; all moved into place only if the block succeeds."""
    staged: dict[Path, Path] = {}
    try:
        for target in targets:
            staged[target] = temporary_sibling(target, keep_suffix=True)
        yield staged
        for target, temporary in staged.items():
            _flush_to_disk(temporary)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)


def _flush_to_disk(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
