"""Render jobs: quality presets, one job per scene x quality x format, run in parallel.

The parent process plans (keys, freshness, manifest) and never imports manim. Each job
renders in a fresh worker process with manim's config built from a quality preset, in
a private work folder, and then publishes its clip, captions and section times
atomically into `<out>/<quality>/`. Nothing here knows any particular scene.
"""

from __future__ import annotations

import configparser
import importlib
import importlib.util
import json
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from scenes.cache import (
    KEY_SCHEMA,
    MANIFEST_NAME,
    SCENES_DIR,
    Manifest,
    ManifestEntry,
    atomic_publish,
    compute_key,
    manim_version,
    shared_sources,
    utc_now,
)

RENDER_CONFIG_DIR = SCENES_DIR.parent / "render_config"
DEFAULT_QUALITY = "hd"
FORMATS: tuple[str, ...] = ("mp4",)
CONTENT_ENV = "LECTURE_CONTENT"  # the scenes read their content from the file named here
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
    """One scene at one quality in one format, from one content file, into one output root."""

    scene: str  # the scene class name, e.g. "SecantConvergence"
    module: str  # the module that defines it, e.g. "scenes.secant"
    quality: str = DEFAULT_QUALITY
    format: str = "mp4"
    content: Path  # the lecture content file, passed to the scene via LECTURE_CONTENT
    out_root: Path
    presets: Path = RENDER_CONFIG_DIR  # where `<quality>.cfg` lives

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            supported = ", ".join(FORMATS)
            raise UnsupportedFormatError(
                f"Format {self.format!r} is not supported yet; supported formats: {supported}."
            )
        load_quality(self.quality, self.presets)

    @property
    def output_name(self) -> str:
        """The clip's path under the output root, also its name in the manifest."""
        return f"{self.quality}/{self.scene}.{self.format}"

    @property
    def clip_path(self) -> Path:
        return self.out_root / self.output_name

    @property
    def srt_path(self) -> Path:
        return self.out_root / self.quality / f"{self.scene}.srt"

    @property
    def sections_path(self) -> Path:
        return self.out_root / self.quality / f"{self.scene}.sections.json"

    @property
    def outputs(self) -> tuple[Path, ...]:
        return (self.clip_path, self.srt_path, self.sections_path)


@dataclass(frozen=True)
class JobResult:
    """What one finished job published, and what it cost."""

    scene: str
    quality: str
    path: Path  # the clip
    srt: Path | None  # the captions (an empty file when the scene has none)
    sections: Path  # [{"name", "start", "end"}] in seconds
    duration: float  # seconds of video
    frames: int
    wall_seconds: float  # in the worker, from start to published
    peak_rss_mb: float  # the worker process's peak resident memory
    key: str


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
    SKIPPED = "skipped"  # fresh: its clip is there and its key matches
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


def module_source(module: str) -> str:
    """The source text of a module, found without importing it (so manim stays unloaded)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None or not Path(spec.origin).is_file():
        raise SceneNotFoundError(f"Scene module {module!r} was not found.")
    return Path(spec.origin).read_text(encoding="utf-8")


def scene_content_digest(content: Path, scene: str) -> str:
    """The digest of one scene's part of the content file (other scenes' edits don't count)."""
    from scenes.content import load_lecture  # imported late: content is its own layer

    return load_lecture(content).scene(scene).digest


def key_parts(
    job: RenderJob,
    *,
    content_digest: str | None = None,
    scenes_dir: Path = SCENES_DIR,
    manim: str | None = None,
) -> dict[str, str]:
    """Every input that can change a job's output, by name; each can be given for tests."""
    return {
        "schema": KEY_SCHEMA,
        "scene": job.scene,
        "module": job.module,
        "scene_source": module_source(job.module),
        **shared_sources(scenes_dir),
        "content": (
            content_digest
            if content_digest is not None
            else scene_content_digest(job.content, job.scene)
        ),
        "quality": load_quality(job.quality, job.presets).text,
        "format": job.format,
        "manim": manim if manim is not None else manim_version(),
    }


def job_key(job: RenderJob, *, content_digest: str | None = None) -> str:
    """The content key of a job: same inputs, same key; any input changed, a new key."""
    return compute_key(key_parts(job, content_digest=content_digest))


def is_fresh(job: RenderJob, manifest: Manifest, *, key: str | None = None) -> bool:
    """Whether the job's outputs exist, are the ones recorded, and match its current key."""
    entry = manifest.entry(job.output_name)
    if entry is None or not all(path.is_file() for path in job.outputs):
        return False
    if job.clip_path.stat().st_size != entry.bytes:
        return False
    return entry.key == (key if key is not None else job_key(job))


# ---------------------------------------------------------------------------
# One job, in a worker process


@contextmanager
def _content_env(content: Path) -> Iterator[None]:
    previous = os.environ.get(CONTENT_ENV)
    os.environ[CONTENT_ENV] = str(content)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(CONTENT_ENV, None)
        else:
            os.environ[CONTENT_ENV] = previous


def _render_with_manim(
    job: RenderJob, quality: Quality, media_dir: Path
) -> tuple[Path, Path, Path]:
    """Render the scene; return manim's movie, subcaption and section-index paths."""
    from manim import config, logger, tempconfig

    logger.setLevel("WARNING")  # before digest_file, which logs each file it reads
    settings = config.copy()
    # Exactly what `manim render --config_file <preset>` would use, then our overrides:
    # our own cache is keyed by content, so manim's segment cache would only cost time.
    settings.digest_file(quality.path)
    settings.update(
        {
            "media_dir": str(media_dir),
            "format": job.format,
            "save_sections": True,
            "disable_caching": True,
            "progress_bar": "none",
            "verbosity": "WARNING",
        }
    )
    with tempconfig(settings):
        module = importlib.import_module(job.module)
        scene_class = getattr(module, job.scene, None)
        if not isinstance(scene_class, type):
            raise SceneNotFoundError(f"Module {job.module!r} has no scene class {job.scene!r}.")
        scene = scene_class()
        scene.render()
        writer = scene.renderer.file_writer
        plan = writer.output_plan
        movie = Path(writer.movie_file_path)
        if not movie.is_file():
            raise RenderError(f"Scene {job.scene!r} wrote no video; does it play any animation?")
        return movie, Path(plan.subcaption_file), Path(plan.section_index)


def probe_video(path: Path) -> tuple[int, float]:
    """The frame count and duration in seconds of a constant-frame-rate video."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = stream.frames or sum(1 for packet in container.demux(stream) if packet.size)
        rate = stream.average_rate or stream.guessed_rate
        return frames, frames / float(rate)


def section_times(index: list[dict[str, Any]], frame_rate: float) -> list[dict[str, Any]]:
    """Start and end seconds of each section from manim's section index, exact to a frame."""
    times: list[dict[str, Any]] = []
    frame = 0
    for section in index:
        count = int(section.get("nb_frames") or round(float(section["duration"]) * frame_rate))
        start, frame = frame, frame + count
        times.append(
            {
                "name": section["name"],
                "start": round(start / frame_rate, 6),
                "end": round(frame / frame_rate, 6),
            }
        )
    return times


def peak_rss_mb() -> float:
    """This process's peak resident memory in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_job(job: RenderJob, key: str | None = None) -> JobResult:
    """Render one job and publish its clip, captions and sections atomically.

    Runs wherever it is called: render_jobs calls it in a fresh worker process. A failure
    anywhere leaves the previously published files as they were and no temp files behind.
    """
    began = time.perf_counter()
    key = key if key is not None else job_key(job)
    quality = load_quality(job.quality, job.presets)
    work_root = job.out_root / WORK_DIR_NAME
    work_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{job.scene}-{job.quality}-", dir=work_root))
    try:
        with _content_env(job.content):
            movie, captions, index = _render_with_manim(job, quality, work / "media")
        frames, duration = probe_video(movie)
        if not captions.is_file():
            captions = work / "empty.srt"
            captions.write_text("", encoding="utf-8")  # zero cues: still a valid SRT file
        sections = work / "sections.json"
        index_data = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else []
        sections.write_text(
            json.dumps(section_times(index_data, quality.frame_rate), indent=2) + "\n",
            encoding="utf-8",
        )
        atomic_publish({movie: job.clip_path, captions: job.srt_path, sections: job.sections_path})
    finally:
        shutil.rmtree(work, ignore_errors=True)
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
    )


def _failure(job: RenderJob, error: BaseException) -> RenderFailure:
    lines = str(error).strip().splitlines()
    if isinstance(error, RenderInputError | RenderError) and lines:
        message = lines[0]
    else:
        message = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    details = "".join(traceback.format_exception(error))
    return RenderFailure(job.scene, job.quality, message, details)


def _run_job_reporting_failure(job: RenderJob, key: str) -> JobResult | RenderFailure:
    """The worker's entry point: failures come back as data, so nothing must be pickled."""
    try:
        return run_job(job, key)
    except Exception as error:
        return _failure(job, error)


# ---------------------------------------------------------------------------
# Many jobs, in parallel


def default_executor(workers: int) -> Executor:
    """Worker processes that each render one job and exit.

    "spawn" gives every job a clean interpreter: manim's global config, random seeds and
    imported scene modules never leak from the parent or from an earlier job, and the
    worker's peak memory is that job's. It costs a manim import per job (see bench/).
    """
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        max_tasks_per_child=1,
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
        entry = ManifestEntry(
            scene=job.scene,
            quality=job.quality,
            format=job.format,
            key=result.key,
            rendered_at=utc_now(),
            duration=round(result.duration, 6),
            seconds=round(result.wall_seconds, 3),
            bytes=job.clip_path.stat().st_size,
        )
        manifest.record(job.output_name, entry)
        manifest.save(job.out_root / MANIFEST_NAME)
        self.results[index] = result
        self.event(EventKind.FINISHED, index, seconds=seconds, result=result)


def _execute(run: _Run, pool: Executor, pending: deque[tuple[int, str]], limit: int) -> None:
    """Keep at most `limit` jobs in the pool, so "started" means a worker has the job."""
    running: dict[Future[JobResult | RenderFailure], tuple[int, float]] = {}
    while pending or running:
        while pending and len(running) < limit:
            index, key = pending.popleft()
            run.event(EventKind.STARTED, index)
            try:
                future = pool.submit(_run_job_reporting_failure, run.jobs[index], key)
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


def render_jobs(
    jobs: Sequence[RenderJob],
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    force: bool = False,
    on_event: Callable[[Event], None] | None = None,
    key_of: Callable[[RenderJob], str] = job_key,
) -> RenderReport:
    """Render the jobs that are not fresh, in parallel, and record each in the manifest.

    A failing job does not stop the others. Only this (parent) process writes
    manifest.json, once after each finished job. `key_of` computes job keys (tests
    inject content digests through it). `executor` replaces the default process pool;
    it must run each job in its own process, since manim's config is process-global.
    """
    run = _Run(jobs, on_event or (lambda event: None), time.perf_counter(), {}, {}, {})
    skipped: list[RenderJob] = []
    pending: deque[tuple[int, str]] = deque()
    for index, job in enumerate(jobs):
        try:
            key = key_of(job)
        except Exception as error:
            run.fail(index, _failure(job, error))
            continue
        if not force and is_fresh(job, run.manifest(job), key=key):
            skipped.append(job)
            run.event(EventKind.SKIPPED, index)
        else:
            pending.append((index, key))

    if pending:
        limit = max(1, min(workers or os.cpu_count() or 1, len(pending)))
        pool = executor if executor is not None else default_executor(limit)
        try:
            _execute(run, pool, pending, limit)
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
