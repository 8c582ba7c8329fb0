"""A render job and what comes back from it: the data that travels between the processes.

A job is one scene at one quality, opaque or transparent, into one output root. It
carries everything the worker needs, taken from the command's one reading of the
lecture: the scene's validated content and its digests, the quality preset, the
narration. The worker draws exactly what it was handed, and the key recorded in the
manifest is computed from the same job, so a save during a render can never make a clip
drawn from the old content look fresh.
"""

from __future__ import annotations

import json
import math
import traceback
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenes import ownership
from scenes.outputs import formats
from scenes.render import disk, tex_cache
from scenes.render.errors import RenderError, RenderInputError, UnsupportedFormatError
from scenes.render.findings import FINDINGS_SUFFIX
from scenes.render.quality import Quality

if TYPE_CHECKING:
    from scenes.voice.narration import SceneNarration

WORK_DIR_NAME = ownership.WORK_DIR_NAME


@dataclass(frozen=True, kw_only=True)
class RenderJob:
    """One scene at one quality, opaque or transparent, into one root.

    `formats` are the clip formats asked for (empty: the variant's defaults). The master
    (mp4, or mov when transparent) and the PNG posters are always written.
    """

    scene: str  # the scene's id in the lecture, e.g. "SecantConvergence"; names its files
    module: str  # the module that defines its Scene class, e.g. "scenes.templates.secant"
    scene_class: str = ""  # that class's name when it is not the id (another instance)
    three_d: bool = False  # drawn with a 3D camera (the scheduler's estimate counts it double)
    quality: Quality
    formats: tuple[str, ...] = ()
    transparent: bool = False  # a render whose background has alpha 0
    # what the Scene class's `for_render` is handed (a lecture scene: its SceneContent)
    content: Any
    content_digest: str  # of the content, narration included
    visual_digest: str = ""  # of the content without its narration; "": content_digest
    source: Path | None = None  # the lecture file it was read from, for messages
    out_root: Path
    # each beat's length and audio; None: beats last their reading time, manim's captions
    narration: SceneNarration | None = None
    expected_seconds: float = 0.0  # the narration's reading time: the estimate before a render

    def __post_init__(self) -> None:
        try:
            formats.check_formats(self.formats, self.transparent)
        except formats.FormatError as error:
            raise UnsupportedFormatError(str(error)) from None
        asked = self.formats or formats.DEFAULT_FORMATS[self.transparent]
        ordered = tuple(f for f in formats.variant_formats(self.transparent) if f in asked)
        object.__setattr__(self, "formats", ordered)

    @property
    def class_name(self) -> str:
        return self.scene_class or self.scene

    @property
    def quality_name(self) -> str:
        return self.quality.name

    def beat_seconds(self) -> dict[str, float] | None:
        """How long each beat must last, rounded up to whole frames; None without narration.

        Rounded so that a sentence edited without changing its beat's frame count leaves
        the video's key, and so the video, as it was.
        """
        if self.narration is None:
            return None
        rate = self.quality.frame_rate
        return {
            name: math.ceil(seconds * rate - 1e-6) / rate
            for name, seconds in self.narration.beat_seconds().items()
        }

    def step_seconds(self) -> dict[str, tuple[float, ...]]:
        """Each step-by-step beat's parts' lengths (the opening, then each step), rounded up
        to whole frames; empty without narration."""
        if self.narration is None:
            return {}
        rate = self.quality.frame_rate
        return {
            name: tuple(math.ceil(seconds * rate - 1e-6) / rate for seconds in parts)
            for name, parts in self.narration.step_seconds().items()
        }

    def timing_key(self) -> str | None:
        """What of the beats' lengths the video depends on; None without narration.

        A beat whose narration fits in the time its animations take (as the published
        render recorded) lasts that long whatever is said: its part is "animation", so
        rewording it only remuxes the audio. Otherwise its part is its length in frames.
        """
        seconds = self.beat_seconds()
        if seconds is None:
            return None
        rate = self.quality.frame_rate
        animation: dict[str, float] = {}
        part_animations: dict[str, list[float]] = {}
        with suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
            sections = json.loads(self.sections_path.read_text(encoding="utf-8"))
            animation = {str(s["name"]): float(s["animation"]) for s in sections}
            part_animations = {
                str(s["name"]): [float(t) for t in s["part_animations"]]
                for s in sections
                if "part_animations" in s
            }
        parts: dict[str, int | str | list[int | str]] = {}
        stepped = self.step_seconds()
        for name, least in seconds.items():
            if name in stepped:  # each part's length moves the steps after it, unless the
                # part's animations outlast it anyway (as the published render recorded)
                held = part_animations.get(name, [])
                said = [*stepped[name][:-1], stepped[name][-1] + max(least - sum(stepped[name]), 0)]
                parts[name] = [
                    "animation"
                    if number < len(held) and round(part * rate) <= round(held[number] * rate)
                    else round(part * rate)
                    for number, part in enumerate(said)
                ]
                continue
            frames = round(least * rate)
            held = animation.get(name)
            parts[name] = (
                "animation" if held is not None and frames <= round(held * rate) else frames
            )
        return json.dumps(parts, sort_keys=True)

    @property
    def narration_name(self) -> str:
        """The manifest's name for the job's audio and captions."""
        return self.output_name_of("narration")

    @property
    def format(self) -> str:
        """The master's format, every other format's source: mp4, or mov when transparent."""
        return formats.MASTER_FORMAT[self.transparent]

    @property
    def conversions(self) -> tuple[str, ...]:
        """The asked formats converted from the master after the render."""
        return formats.conversions(self.formats, self.transparent)

    @property
    def convertible(self) -> tuple[str, ...]:
        """Every format of this variant that is converted from the master."""
        return formats.conversions(formats.variant_formats(self.transparent), self.transparent)

    @property
    def folder_name(self) -> str:
        """The variant's folder under the output root: `<quality>` or `<quality>/transparent`."""
        if self.transparent:
            return f"{self.quality.name}/{formats.TRANSPARENT_DIR}"
        return self.quality.name

    @property
    def folder(self) -> Path:
        return self.out_root / self.folder_name

    def output_name_of(self, name: str) -> str:
        """A format's scene clip under the output root, also its name in the manifest."""
        return f"{self.folder_name}/{self.scene}.{name}"

    @property
    def output_name(self) -> str:
        """The master clip's path under the output root, also its name in the manifest."""
        return self.output_name_of(self.format)

    @property
    def clip_path(self) -> Path:
        return self.out_root / self.output_name

    @property
    def srt_path(self) -> Path:
        return self.folder / f"{self.scene}.srt"

    @property
    def sections_path(self) -> Path:
        return self.folder / f"{self.scene}.sections.json"

    @property
    def findings_path(self) -> Path:
        """The layout check's findings for the clip (render/findings.py)."""
        return self.folder / f"{self.scene}{FINDINGS_SUFFIX}"

    @property
    def poster_path(self) -> Path:
        return self.folder / f"{self.scene}.{formats.POSTER_FORMAT}"

    @property
    def outputs(self) -> tuple[Path, ...]:
        return (self.clip_path, self.srt_path, self.sections_path, self.poster_path)

    def beat_stems(self) -> list[str] | None:
        """The published beat clips' stems (`01-DrawTheCurve`, ...); None when unreadable."""
        try:
            sections = json.loads(self.sections_path.read_text(encoding="utf-8"))
            return formats.beat_stems([str(section["name"]) for section in sections])
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def files_of(self, name: str, stems: list[str]) -> list[Path]:
        """The scene clip and the beat clips of one format."""
        return formats.format_files(self.folder, self.scene, stems, name)


@dataclass(frozen=True)
class Work:
    """What a job has to do: render the master (then convert), or only convert."""

    render: bool
    convert: tuple[str, ...]  # formats to write from the master
    encoder_threads: int = 0  # x264 threads for the render; 0: keys.ENCODER_THREADS
    narrate: bool = False  # put the narration's audio and captions into every clip


@dataclass(frozen=True)
class Conversion:
    """One format written from the master: its scene clip, its size and its cost."""

    format: str
    path: Path  # the scene clip; the beat clips lie beside the beats' masters
    bytes: int  # the scene clip's size
    seconds: float  # wall-clock seconds for the scene clip and every beat clip


@dataclass(frozen=True)
class JobResult:
    """What one finished job published, and what it cost."""

    scene: str
    quality: str
    path: Path  # the master clip
    srt: Path | None  # the captions (an empty file when the scene has none)
    sections: Path  # [{"name", "start", "end"}] in seconds
    duration: float  # seconds of video
    frames: int
    wall_seconds: float  # in the worker, from start to published
    peak_rss_mb: float  # the worker process's peak resident memory
    key: str
    rendered: bool = True  # False: the master was fresh and only conversions ran
    conversions: tuple[Conversion, ...] = ()
    narrated: bool = False  # the audio and captions were written (again)


@dataclass(frozen=True)
class RenderFailure:
    """A job that did not finish: a one-line message for people, the traceback for --debug."""

    scene: str
    quality: str
    message: str
    traceback: str


def failure_of(job: RenderJob, error: BaseException) -> RenderFailure:
    """A failed job as data: one sentence (a disk fault names the folder), and the traceback."""
    lines = str(error).strip().splitlines()
    one_sentence = getattr(error, "one_sentence", False)  # e.g. PublishError, VoiceCacheDamaged
    if (isinstance(error, RenderInputError | RenderError) or one_sentence) and lines:
        message = lines[0]
    elif tool := tex_cache.missing_tool_of(error):
        message = (
            f"{tool} is not installed, and {job.scene} has a formula that no earlier render "
            f"typeset; install it with: {tex_cache.install_hint([tool])}"
        )
    elif fault := disk.disk_fault(error):  # a full or read-only disk: one sentence, no path
        message = disk.fault_sentence(fault, job.out_root)
    else:
        message = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    details = "".join(traceback.format_exception(error))
    return RenderFailure(job.scene, job.quality.name, message, details)
