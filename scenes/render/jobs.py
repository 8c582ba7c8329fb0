"""Render jobs: quality presets, one job per scene x quality x variant, run in parallel.

The parent process plans (keys, freshness, manifest) and never imports manim. Each job
renders in a fresh worker process with manim's config built from a quality preset, in
a private work folder, and then publishes atomically into `<out>/<quality>/` (the
transparent variant into `<out>/<quality>/transparent/`): the master clip (H.264 mp4, or
ProRes 4444 mov with alpha), captions, section times, one master clip per beat in
`<Scene>/NN-<beat>.<ext>` and a poster PNG for each clip. Then the same worker converts
the masters to the other asked formats (webm, gif): those encodes are CPU-bound like the
render, so they get the pool's parallelism and a failure stays one job's. A fresh master
with a missing or stale format is only converted, not rendered again. Nothing here
knows any particular scene.
"""

from __future__ import annotations

import configparser
import importlib
import importlib.util
import json
import math
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from scenes.outputs import formats
from scenes.outputs.atomic_files import atomic_publish
from scenes.outputs.audio_tracks import carries_audio
from scenes.paths import RENDER_CONFIG_DIR
from scenes.render import disk, narrate, orphans, schedule, tex_cache
from scenes.render.cache import (
    KEY_SCHEMA,
    MANIFEST_NAME,
    Manifest,
    ManifestEntry,
    compute_key,
    manim_version,
    module_sources,
    utc_now,
)
from scenes.render.progress_hook import ProgressSink, reporting
from scenes.render.tex_cache import TEX_CACHE_NAME
from scenes.voice.narration import SceneNarration

DEFAULT_QUALITY = "hd"
FORMATS: tuple[str, ...] = formats.OPAQUE_FORMATS
WORK_DIR_NAME = ".work"


class RenderInputError(ValueError):
    """A job asks for something that does not exist; the CLI reports it as bad input."""


class QualityError(RenderInputError):
    """A quality preset cannot be used."""


class UnknownQualityError(QualityError):
    """The quality has no preset file."""


class InvalidQualityError(QualityError):
    """A preset file lacks the frame size or rate."""


class UnsupportedFormatError(RenderInputError):
    """The output format is not one this renderer writes."""


class SceneNotFoundError(RenderInputError):
    """The scene's module or class cannot be found."""


class RenderError(RuntimeError):
    """manim finished but did not produce what a clip needs."""


# ---------------------------------------------------------------------------
# Quality presets


@dataclass(frozen=True)
class Quality:
    """A quality preset: a manim .cfg file and the frame size and rate it sets."""

    name: str
    path: Path
    pixel_width: int
    pixel_height: int
    frame_rate: float
    text: str  # the file's text, hashed into every job key


def _read_preset(path: Path) -> Quality:
    text = path.read_text(encoding="utf-8")
    parser = configparser.ConfigParser()
    try:
        parser.read_string(text, source=str(path))
        section = parser["CLI"]
        width = section.getint("pixel_width")
        height = section.getint("pixel_height")
        rate = section.getfloat("frame_rate")
    except (configparser.Error, KeyError, ValueError):
        width = height = rate = None
    if not (width and height and rate and width > 0 and height > 0 and rate > 0):
        raise InvalidQualityError(
            f"{path} must set positive pixel_width, pixel_height and frame_rate under [CLI]."
        )
    return Quality(path.stem, path, width, height, rate, text)


def _presets(config_dir: Path) -> dict[str, Quality]:
    """The valid presets in `config_dir`, smallest frame first; other .cfg files are ignored."""
    found: list[Quality] = []
    for path in sorted(config_dir.glob("*.cfg")):
        with suppress(InvalidQualityError, OSError):
            found.append(_read_preset(path))
    found.sort(key=lambda q: (q.pixel_width * q.pixel_height, q.frame_rate, q.name))
    return {quality.name: quality for quality in found}


def quality_names(config_dir: Path = RENDER_CONFIG_DIR) -> tuple[str, ...]:
    """The preset names found in `config_dir`, smallest frame first."""
    return tuple(_presets(config_dir))


def load_quality(name: str, config_dir: Path = RENDER_CONFIG_DIR) -> Quality:
    """The preset `<config_dir>/<name>.cfg`; UnknownQualityError names the valid ones."""
    path = config_dir / f"{name}.cfg"
    if Path(name).name != name or not path.is_file():
        valid = ", ".join(quality_names(config_dir)) or "none found"
        raise UnknownQualityError(f"Unknown quality {name!r}; valid qualities: {valid}.")
    return _read_preset(path)


QUALITIES: tuple[str, ...] = quality_names()


# ---------------------------------------------------------------------------
# Jobs, results, events


@dataclass(frozen=True, kw_only=True)
class RenderJob:
    """One scene at one quality, opaque or transparent, from one content file, into one root.

    `formats` are the clip formats asked for (empty: the variant's defaults). The master
    (mp4, or mov when transparent) and the PNG posters are always written.
    """

    scene: str  # the scene's id in the lecture, e.g. "SecantConvergence"; names its files
    module: str  # the module that defines its Scene class, e.g. "scenes.templates.secant"
    scene_class: str = ""  # that class's name when it is not the id (another instance)
    three_d: bool = False  # drawn with a 3D camera (the scheduler's estimate counts it double)
    quality: str = DEFAULT_QUALITY
    formats: tuple[str, ...] = ()
    transparent: bool = False  # a render whose background has alpha 0
    content: Path  # the lecture content file, handed to the scene class's `for_render`
    out_root: Path
    presets: Path = RENDER_CONFIG_DIR  # where `<quality>.cfg` lives
    # each beat's length and audio; None: beats last their reading time, manim's captions
    narration: SceneNarration | None = None

    def __post_init__(self) -> None:
        try:
            formats.check_formats(self.formats, self.transparent)
        except formats.FormatError as error:
            raise UnsupportedFormatError(str(error)) from None
        asked = self.formats or formats.DEFAULT_FORMATS[self.transparent]
        ordered = tuple(f for f in formats.variant_formats(self.transparent) if f in asked)
        object.__setattr__(self, "formats", ordered)
        load_quality(self.quality, self.presets)

    @property
    def class_name(self) -> str:
        return self.scene_class or self.scene

    def beat_seconds(self) -> dict[str, float] | None:
        """How long each beat must last, rounded up to whole frames; None without narration.

        Rounded so that a sentence edited without changing its beat's frame count leaves
        the video's key, and so the video, as it was.
        """
        if self.narration is None:
            return None
        rate = load_quality(self.quality, self.presets).frame_rate
        return {
            name: math.ceil(seconds * rate - 1e-6) / rate
            for name, seconds in self.narration.beat_seconds().items()
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
        rate = load_quality(self.quality, self.presets).frame_rate
        animation: dict[str, float] = {}
        with suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
            sections = json.loads(self.sections_path.read_text(encoding="utf-8"))
            animation = {str(s["name"]): float(s["animation"]) for s in sections}
        parts: dict[str, int | str] = {}
        for name, least in seconds.items():
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
            return f"{self.quality}/{formats.TRANSPARENT_DIR}"
        return self.quality

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
    encoder_threads: int = 0  # x264 threads for the render; 0: ENCODER_THREADS
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


class EventKind(StrEnum):
    STARTED = "started"  # handed to a worker
    FINISHED = "finished"
    SKIPPED = "skipped"  # fresh: every file is there and its key matches
    FAILED = "failed"


@dataclass(frozen=True)
class Event:
    """Progress of one job, for one progress display."""

    kind: EventKind
    job: RenderJob
    index: int  # the job's position in the input
    total: int  # the number of jobs in the call
    elapsed: float  # seconds since render_jobs began
    seconds: float = 0.0  # for finished/failed: seconds since this job started
    result: JobResult | None = None
    failure: RenderFailure | None = None
    work: Work | None = None  # for started: whether it renders or only converts

    @property
    def scene(self) -> str:
        return self.job.scene


@dataclass(frozen=True)
class RenderReport:
    """The outcome of render_jobs; each list follows the input order."""

    results: tuple[JobResult, ...]
    skipped: tuple[RenderJob, ...]
    failures: tuple[RenderFailure, ...]
    wall_seconds: float

    @property
    def ok(self) -> bool:
        return not self.failures


# ---------------------------------------------------------------------------
# Keys and freshness


def scene_content_digest(content: Path, scene: str, *, visual: bool = False) -> str:
    """The digest of one scene's part of the content file (other scenes' edits don't count).

    `visual`: without its narration, whose audio and captions are keyed apart.
    """
    from scenes.templates import load_lecture  # imported late: content is its own layer

    found = load_lecture(content).scene(scene)
    return found.visual_digest if visual else found.digest


def key_parts(
    job: RenderJob,
    *,
    content_digest: str | None = None,
    manim: str | None = None,
) -> dict[str, str]:
    """Every input that can change a job's output, by name; each can be given for tests.

    The code part is the scene module and every project module it imports, found by
    reading their imports (see cache.module_sources), so no list of shared modules is kept.
    """
    try:
        sources = module_sources(job.module)
    except ModuleNotFoundError as error:
        raise SceneNotFoundError(str(error)) from None
    timing = job.timing_key()
    narrated = {} if timing is None else {"timing": timing}
    return {
        "schema": KEY_SCHEMA,
        "scene": job.scene,
        "class": job.class_name,
        "module": job.module,
        **{f"source:{name}": text for name, text in sources.items()},
        "content": (
            content_digest
            if content_digest is not None
            else scene_content_digest(job.content, job.scene, visual=timing is not None)
        ),
        **narrated,
        "quality": load_quality(job.quality, job.presets).text,
        "format": job.format,
        "transparent": str(job.transparent),
        "master": formats.master_settings(job.transparent),
        "encoder threads": str(ENCODER_THREADS),  # x264's output depends on them
        "manim": manim if manim is not None else manim_version(),
    }


def job_key(job: RenderJob, *, content_digest: str | None = None) -> str:
    """The content key of a job: same inputs, same key; any input changed, a new key."""
    return compute_key(key_parts(job, content_digest=content_digest))


def format_key(key: str, name: str, transparent: bool) -> str:
    """The key of a format converted from a master with key `key`, under today's settings."""
    return compute_key(
        {"master": key, "conversion": formats.conversion_settings(name, transparent)}
    )


def narration_key(job: RenderJob, key: str) -> str:
    """The key of a job's audio and captions: its video's key and everything said over it."""
    narration = job.narration.key_text() if job.narration is not None else ""
    return compute_key({"video": key, "narration": narration, "audio": narrate.AUDIO_SETTINGS})


def _recorded(manifest: Manifest, name: str, key: str, files: list[Path]) -> bool:
    entry = manifest.entry(name)
    if entry is None or entry.key != key or not all(path.is_file() for path in files):
        return False
    return files[0].stat().st_size == entry.bytes


def plan_work(
    job: RenderJob, manifest: Manifest, *, key: str | None = None, force: bool = False
) -> Work | None:
    """What the job must do so that every asked format is there and current; None: nothing.

    The master is fresh when its clip (recorded size), captions, sections, poster and
    every beat's master and poster exist under the current key; a format is fresh when
    its scene and beat clips exist under the key derived from the master's.
    """
    key = key if key is not None else job_key(job)
    stems = job.beat_stems()
    master_files = None
    if stems is not None:
        beat_posters = job.files_of(formats.POSTER_FORMAT, stems)[1:]
        master_files = [*job.files_of(job.format, stems), *job.outputs[1:], *beat_posters]
    narrating = job.narration is not None
    if force or master_files is None or not _recorded(manifest, job.output_name, key, master_files):
        return Work(render=True, convert=job.conversions, narrate=narrating)
    narrate_again = narrating and not _recorded(
        manifest, job.narration_name, narration_key(job, key), [job.srt_path]
    )
    stale = tuple(
        name
        for name in job.conversions
        if not _recorded(
            manifest,
            job.output_name_of(name),
            format_key(key, name, job.transparent),
            job.files_of(name, stems or []),
        )
    )
    if stale or narrate_again:
        return Work(render=False, convert=stale, narrate=narrate_again)
    return None


def is_fresh(job: RenderJob, manifest: Manifest, *, key: str | None = None) -> bool:
    """Whether every output the job asks for exists, is the one recorded, and is current."""
    return plan_work(job, manifest, key=key) is None


# ---------------------------------------------------------------------------
# One job, in a worker process


def _render_with_manim(
    job: RenderJob,
    quality: Quality,
    media_dir: Path,
    encoder_threads: int = 0,
    animations: list[float] | None = None,
) -> tuple[Path, Path, Path]:
    """Render the scene; return manim's movie, subcaption and section-index paths.

    `animations` receives each beat's length without its narration (see BeatRecord).

    Frames reach the encoder without a copy (segment_encoder), their buffers are reused
    (frame_memory), and formula copies share their SVG paths (shared_svg_paths);
    x264 runs `encoder_threads` threads (0: ENCODER_THREADS), the same for every job.
    """
    from manim import config, logger, tempconfig

    from scenes.render.frame_memory import keep_freed_memory
    from scenes.render.segment_encoder import lean_segment_encoding
    from scenes.render.shared_svg_paths import shared_svg_paths

    logger.setLevel("WARNING")  # before digest_file, which logs each file it reads
    settings = config.copy()
    # Exactly what `manim render --config_file <preset>` would use, then our overrides:
    # our own cache is keyed by content, so manim's segment cache would only cost time.
    settings.digest_file(quality.path)
    settings.update(
        {
            "media_dir": str(media_dir),
            "format": job.format,  # transparent: mov, which manim writes as QuickTime RLE
            "transparent": job.transparent,
            "save_sections": True,
            "disable_caching": True,
            "progress_bar": "none",
            "verbosity": "WARNING",
            "tex_dir": str(media_dir / "Tex"),
        }
    )
    options = settings.video_encoder_options  # a fixed count: frames never depend on -j
    threads = encoder_threads or ENCODER_THREADS
    settings.video_encoder_options = {**options, "threads": str(threads)}
    animations = animations if animations is not None else []
    shared_tex = job.out_root / TEX_CACHE_NAME
    tex_cache.seed(shared_tex, media_dir / "Tex")
    keep_freed_memory()
    with tempconfig(settings), lean_segment_encoding(), shared_svg_paths():
        module = importlib.import_module(job.module)
        scene_class = getattr(module, job.class_name, None)
        if not isinstance(scene_class, type):
            raise SceneNotFoundError(
                f"Module {job.module!r} has no scene class {job.class_name!r}."
            )
        # lecture scenes are handed their content and plan; plain manim scenes build their own
        for_render = getattr(scene_class, "for_render", None)
        timing = job.beat_seconds()
        if for_render is None:
            scene = scene_class()
        elif timing is None:
            scene = for_render(job.content, job.scene)
        else:
            scene = for_render(job.content, job.scene, beat_seconds=timing)
        scene.render()
        writer = scene.renderer.file_writer
        plan = writer.output_plan
        movie = Path(writer.movie_file_path)
        if not movie.is_file():
            raise RenderError(f"Scene {job.scene!r} wrote no video; does it play any animation?")
    tex_cache.publish(media_dir / "Tex", shared_tex)
    animations.extend(record.animation for record in getattr(scene, "beat_records", []))
    return movie, Path(plan.subcaption_file), Path(plan.section_index)


def probe_video(path: Path) -> tuple[int, float]:
    """The frame count and duration in seconds of a constant-frame-rate video."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = stream.frames or sum(1 for packet in container.demux(stream) if packet.size)
        rate = stream.average_rate or stream.guessed_rate
        return frames, frames / float(rate)


def section_times(
    index: list[dict[str, Any]], frame_rate: float, animations: Sequence[float] = ()
) -> list[dict[str, Any]]:
    """Start and end seconds of each section from manim's section index, exact to a frame.

    With `animations` (one per section), each also says how long it would last if its
    narration were short: a sentence edited within that length keeps the video's key.
    """
    times: list[dict[str, Any]] = []
    frame = 0
    for number, section in enumerate(index):
        count = int(section.get("nb_frames") or round(float(section["duration"]) * frame_rate))
        start, frame = frame, frame + count
        times.append(
            {
                "name": section["name"],
                "start": round(start / frame_rate, 6),
                "end": round(frame / frame_rate, 6),
            }
        )
        if number < len(animations):
            times[-1]["animation"] = round(animations[number], 6)
    return times


def peak_rss_mb() -> float:
    """This process's peak resident memory in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_job(job: RenderJob, key: str | None = None, work: Work | None = None) -> JobResult:
    """Do a job's work: render and publish its masters, then convert to its other formats.

    Runs wherever it is called: render_jobs calls it in a fresh worker process. Each
    step publishes atomically; a failed render leaves the previously published files as
    they were and no temp files behind. Once new masters are published, the variant's
    other clips (converted from the old masters) and those of beats that no longer exist
    are removed, so no stale clip ever sits beside a new master.
    """
    began = time.perf_counter()
    key = key if key is not None else job_key(job)
    work = work if work is not None else Work(render=True, convert=job.conversions)
    work_root = job.out_root / WORK_DIR_NAME
    work_root.mkdir(parents=True, exist_ok=True)
    work_dir = Path(tempfile.mkdtemp(prefix=f"{job.scene}-{job.quality}-", dir=work_root))
    try:
        orphans.claim_work_dir(work_dir)  # the next run removes it if this process dies
        if work.render:
            _remove_stale(job, _render_masters(job, work_dir, work.encoder_threads))
        stems = job.beat_stems()
        if stems is None:
            raise RenderError(f"{job.sections_path} cannot be read; render {job.scene} again.")
        if work.narrate and not work.render:
            _narrate_published(job, stems, work_dir / "narrate")
        frames, duration = probe_video(job.clip_path)
        done: list[Conversion] = []
        for name in work.convert:
            started = time.perf_counter()
            staged = formats.stage_conversion(
                name, job.folder, job.scene, stems, work_dir / name, transparent=job.transparent
            )
            staged = _voiced(job, staged, work_dir / f"{name}-voiced")
            atomic_publish({source: job.folder / relative for relative, source in staged.items()})
            path = job.folder / f"{job.scene}.{name}"
            done.append(Conversion(name, path, path.stat().st_size, time.perf_counter() - started))
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return JobResult(
        scene=job.scene,
        quality=job.quality,
        path=job.clip_path,
        srt=job.srt_path,
        sections=job.sections_path,
        duration=duration,
        frames=frames,
        wall_seconds=time.perf_counter() - began,
        peak_rss_mb=peak_rss_mb(),
        key=key,
        rendered=work.render,
        conversions=tuple(done),
        narrated=work.narrate,
    )


def _voiced(
    job: RenderJob, staged: dict[str, Path], work_dir: Path, sections: Path | None = None
) -> dict[str, Path]:
    """Staged clips with the job's narration muxed in (as they are without narration)."""
    if job.narration is None:
        return staged
    times = narrate.read_sections(sections or job.sections_path)
    return narrate.voice_clips(staged, job.scene, job.narration, times, work_dir)


def _narrate_published(job: RenderJob, stems: list[str], work_dir: Path) -> None:
    """Only what is said changed: remux every published clip with the new audio, new captions."""
    assert job.narration is not None
    names = [job.format, *(name for name in job.convertible if name in job.formats)]
    clips: dict[str, Path] = {}
    for name in names:
        for path in job.files_of(name, stems):
            if path.is_file() and carries_audio(path):
                clips[path.relative_to(job.folder).as_posix()] = path
    staged = _voiced(job, clips, work_dir)
    captions = narrate.write_captions(
        job.narration, narrate.read_sections(job.sections_path), work_dir / "captions.srt"
    )
    targets = {source: job.folder / relative for relative, source in staged.items()}
    atomic_publish(targets | {captions: job.srt_path})


def _render_masters(job: RenderJob, work_dir: Path, encoder_threads: int = 0) -> set[Path]:
    """Render with manim; publish the scene and beat masters, posters, captions, sections."""
    quality = load_quality(job.quality, job.presets)
    animations: list[float] = []
    movie, captions, index = _render_with_manim(
        job, quality, work_dir / "media", encoder_threads, animations
    )
    if not captions.is_file():
        captions = work_dir / "empty.srt"
        captions.write_text("", encoding="utf-8")  # zero cues: still a valid SRT file
    index_data = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else []
    sections = work_dir / "sections.json"
    sections.write_text(
        json.dumps(section_times(index_data, quality.frame_rate, animations), indent=2) + "\n",
        encoding="utf-8",
    )
    stems = formats.beat_stems([str(section["name"]) for section in index_data])
    beats = [
        formats.Clip(index.parent / section["video"], stem)
        for section, stem in zip(index_data, stems, strict=True)
    ]
    staged = formats.stage_masters(
        job.scene, movie, beats, work_dir / "masters", transparent=job.transparent
    )
    staged = _voiced(job, staged, work_dir / "voiced", sections)
    if job.narration is not None:
        times = narrate.read_sections(sections)
        captions = narrate.write_captions(job.narration, times, work_dir / "captions.srt")
    targets = {source: job.folder / relative for relative, source in staged.items()}
    targets |= {captions: job.srt_path, sections: job.sections_path}
    atomic_publish(targets)
    return set(targets.values())


def _remove_stale(job: RenderJob, published: set[Path]) -> None:
    """Remove the variant's clips that are not the new masters: converted ones, gone beats."""
    candidates = [job.folder / f"{job.scene}.{name}" for name in job.convertible]
    beat_folder = formats.beat_dir(job.folder, job.scene)
    if beat_folder.is_dir():
        candidates += [
            path
            for path in beat_folder.iterdir()
            if path.is_file() and path.name != formats.INDEX_NAME and not path.name.startswith(".")
        ]
    for path in candidates:
        if path not in published:
            with suppress(OSError):
                path.unlink()


def _failure(job: RenderJob, error: BaseException) -> RenderFailure:
    lines = str(error).strip().splitlines()
    if isinstance(error, RenderInputError | RenderError) and lines:
        message = lines[0]
    elif fault := disk.disk_fault(error):  # a full or read-only disk: one sentence, no path
        message = disk.fault_sentence(fault, job.out_root)
    else:
        message = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    details = "".join(traceback.format_exception(error))
    return RenderFailure(job.scene, job.quality, message, details)


def _run_job_reporting_failure(
    job: RenderJob, key: str, work: Work, progress: ProgressSink | None = None
) -> JobResult | RenderFailure:
    """The worker's entry point: failures come back as data, so nothing must be pickled."""
    try:
        with reporting(progress):
            return run_job(job, key, work)
    except Exception as error:
        return _failure(job, error)


# ---------------------------------------------------------------------------
# Many jobs, in parallel


ENCODER_THREADS = 2  # x264 threads per job, whatever -j and the machine


def encoder_threads(workers: int, cpus: int | None = None) -> int:
    """x264 threads per job: always ENCODER_THREADS, so a clip never depends on -j.

    x264's output depends on its thread count, so threads shared out by the number of
    parallel jobs gave -j 1 and -j 2 different frames for one key. Two threads let the
    encoder overlap the drawing of a lone job, and oversubscribe parallel jobs only mildly.
    """
    return ENCODER_THREADS


# What every render job imports first: a fork server imports them once and forks each worker
# from there (about a second of imports saved per job); nothing of ours, so no content state.
# The fork server also imports orphans, which makes it die with the run (see orphans.py).
WORKER_PRELOAD = ("numpy", "sympy", "cairo", "av", "manim", "scenes.render.orphans")


def worker_context() -> multiprocessing.context.BaseContext:
    """On Linux a fork server with manim imported; elsewhere "spawn".

    macOS has a fork server too, but forking a process that has loaded Apple's frameworks
    (CoreText, under Pango) can crash the child, which is why Python spawns there by default.
    """
    if sys.platform != "linux":
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    orphans.mark_fork_server_parent()
    context.set_forkserver_preload(list(WORKER_PRELOAD))
    return context


def default_executor(workers: int) -> Executor:
    """Worker processes that each render one job and exit.

    Each job gets a fresh process forked from a server that has only imported manim and its
    libraries: manim's global config, random seeds and imported scene modules never leak from
    the parent or from an earlier job, and the worker's peak memory is that job's.
    """
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=worker_context(),
        max_tasks_per_child=1,
        initializer=orphans.worker_initializer,  # no worker outlives the run
    )


@dataclass
class _Run:
    """The mutable state of one render_jobs call, kept in the parent process."""

    jobs: Sequence[RenderJob]
    emit: Callable[[Event], None]
    began: float
    manifests: dict[Path, Manifest]
    results: dict[int, JobResult]
    failures: dict[int, RenderFailure]
    key_of: Callable[[RenderJob], str] = job_key
    progress: Any = None  # a queue the workers report beats and frames to (progress_hook)

    def sink(self, index: int) -> ProgressSink | None:
        return ProgressSink(self.progress, index) if self.progress is not None else None

    def event(self, kind: EventKind, index: int, **details: Any) -> None:
        elapsed = time.perf_counter() - self.began
        self.emit(Event(kind, self.jobs[index], index, len(self.jobs), elapsed, **details))

    def manifest(self, job: RenderJob) -> Manifest:
        if job.out_root not in self.manifests:
            self.manifests[job.out_root] = Manifest.load(job.out_root / MANIFEST_NAME)
        return self.manifests[job.out_root]

    def fail(self, index: int, failure: RenderFailure, seconds: float = 0.0) -> None:
        self.failures[index] = failure
        self.event(EventKind.FAILED, index, seconds=seconds, failure=failure)

    def finish(self, index: int, result: JobResult, seconds: float) -> None:
        job = self.jobs[index]
        manifest = self.manifest(job)
        now = utc_now()
        if result.rendered and job.narration is not None:
            # the key again, now that the published sections say how long each beat's
            # animations take (see RenderJob.timing_key)
            result = replace(result, key=self.key_of(job))

        def entry(name: str, key: str, seconds: float, size: int) -> ManifestEntry:
            return ManifestEntry(
                scene=job.scene,
                quality=job.quality,
                format=name,
                key=key,
                rendered_at=now,
                duration=round(result.duration, 6),
                seconds=round(seconds, 3),
                bytes=size,
            )

        if result.rendered:
            converting = sum(conversion.seconds for conversion in result.conversions)
            size = job.clip_path.stat().st_size
            master = entry(job.format, result.key, result.wall_seconds - converting, size)
            manifest.record(job.output_name, master)
            for name in job.convertible:  # the render removed them, or replaces them below
                manifest.renders.pop(job.output_name_of(name), None)
        for conversion in result.conversions:
            key = format_key(result.key, conversion.format, job.transparent)
            manifest.record(
                job.output_name_of(conversion.format),
                entry(conversion.format, key, conversion.seconds, conversion.bytes),
            )
        if result.narrated and job.narration is not None:
            if not result.rendered:  # remuxed with the new audio: same video, new sizes
                for name in (job.format, *job.convertible):
                    old = manifest.entry(job.output_name_of(name))
                    path = job.folder / f"{job.scene}.{name}"
                    if old is not None and path.is_file():
                        manifest.record(
                            job.output_name_of(name), replace(old, bytes=path.stat().st_size)
                        )
            manifest.record(
                job.narration_name,
                entry(
                    "narration", narration_key(job, result.key), 0.0, job.srt_path.stat().st_size
                ),
            )
        manifest.save(job.out_root / MANIFEST_NAME)
        self.results[index] = result
        self.event(EventKind.FINISHED, index, seconds=seconds, result=result)


def _execute(run: _Run, pool: Executor, pending: deque[tuple[int, str, Work]], limit: int) -> None:
    """Keep at most `limit` jobs in the pool, so "started" means a worker has the job."""
    running: dict[Future[JobResult | RenderFailure], tuple[int, float]] = {}
    while pending or running:
        while pending and len(running) < limit:
            index, key, work = pending.popleft()
            run.event(EventKind.STARTED, index, work=work)
            try:
                job, sink = run.jobs[index], run.sink(index)
                future = pool.submit(_run_job_reporting_failure, job, key, work, sink)
            except Exception as error:  # e.g. the pool broke: this job fails, the loop goes on
                run.fail(index, _failure(run.jobs[index], error))
                continue
            running[future] = (index, time.perf_counter())
        if not running:
            continue
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: running[f][0]):
            index, started = running.pop(future)
            seconds = time.perf_counter() - started
            try:
                outcome = future.result()
            except Exception as error:  # the worker died (e.g. out of memory)
                outcome = _failure(run.jobs[index], error)
            if isinstance(outcome, JobResult):
                run.finish(index, outcome, seconds)
            else:
                run.fail(index, outcome, seconds)


def _longest_first(
    run: _Run, pending: Sequence[tuple[int, str, Work]]
) -> list[tuple[int, str, Work]]:
    """Pending jobs in the order to start them (see schedule.py); only converting is short."""

    def recorded(item: tuple[int, str, Work]) -> float | None:
        index, _, work = item
        job = run.jobs[index]
        if not work.render:
            return 0.0
        return schedule.recorded_seconds(run.manifest(job), job.output_name)

    def estimated(item: tuple[int, str, Work]) -> float:
        index, _, work = item
        job = run.jobs[index]
        return schedule.estimated_cost(job.scene, job.content, job.three_d) if work.render else 0.0

    return schedule.longest_first(pending, recorded=recorded, estimated=estimated)


def render_jobs(
    jobs: Sequence[RenderJob],
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    force: bool = False,
    on_event: Callable[[Event], None] | None = None,
    key_of: Callable[[RenderJob], str] = job_key,
    before_start: Callable[[Sequence[tuple[RenderJob, Work]]], None] | None = None,
    progress: Any = None,
) -> RenderReport:
    """Render (or only convert) the jobs that are not fresh, in parallel; record the manifest.

    A failing job does not stop the others. Only this (parent) process writes
    manifest.json, once after each finished job. `key_of` computes job keys (tests
    inject content digests through it). `executor` replaces the default process pool;
    it must run each job in its own process, since manim's config is process-global.
    `before_start` sees the jobs that will run before any starts (e.g. disk.require_room);
    what it raises ends the call with nothing started.
    `progress`: a queue (e.g. a multiprocessing Manager's) that workers put BeatProgress on.
    """
    run = _Run(
        jobs, on_event or (lambda event: None), time.perf_counter(), {}, {}, {}, key_of, progress
    )
    skipped: list[RenderJob] = []
    pending: deque[tuple[int, str, Work]] = deque()
    for out_root in dict.fromkeys(job.out_root for job in jobs):
        orphans.remove_dead_work(out_root / WORK_DIR_NAME)
    for index, job in enumerate(jobs):
        try:
            key = key_of(job)
        except Exception as error:
            run.fail(index, _failure(job, error))
            continue
        work = plan_work(job, run.manifest(job), key=key, force=force)
        if work is None:
            skipped.append(job)
            run.event(EventKind.SKIPPED, index)
        else:
            pending.append((index, key, work))

    if pending:
        if before_start is not None:
            before_start([(jobs[index], work) for index, _, work in pending])
        pending = deque(_longest_first(run, pending))
        limit = max(1, min(workers or os.cpu_count() or 1, len(pending)))
        if executor is None:  # on this machine: the encoder's threads (see encoder_threads)
            threads = encoder_threads(limit)
            pending = deque(
                (i, key, replace(work, encoder_threads=threads)) for i, key, work in pending
            )
        pool = executor if executor is not None else default_executor(limit)
        try:
            _execute(run, pool, pending, limit)
        except BaseException:  # interrupted: no worker may go on to publish unrecorded clips
            if executor is None:
                orphans.stop_workers(pool)
            raise
        finally:
            if executor is None:
                pool.shutdown(wait=True, cancel_futures=True)
        for out_root in {jobs[index].out_root for index in (*run.results, *run.failures)}:
            with suppress(OSError):
                (out_root / WORK_DIR_NAME).rmdir()  # only if empty: jobs clean their own

    return RenderReport(
        results=tuple(run.results[index] for index in sorted(run.results)),
        skipped=tuple(skipped),
        failures=tuple(run.failures[index] for index in sorted(run.failures)),
        wall_seconds=time.perf_counter() - run.began,
    )
