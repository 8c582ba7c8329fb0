"""One render job, in a worker process: manim draws the scene, the clips are published.

Each job renders in a fresh worker process with manim's config built from the job's
quality preset, in a private work folder, and then publishes atomically into
`<out>/<quality>/` (the transparent variant into `<out>/<quality>/transparent/`): the
master clip (H.264 mp4, or ProRes 4444 mov with alpha), captions, section times, one
master clip per beat in `<Scene>/NN-<beat>.<ext>` and a poster PNG for each clip. Then the
same worker converts the masters to the other asked formats (webm, gif): those encodes
are CPU-bound like the render, so they get the pool's parallelism and a failure stays one
job's. Nothing here knows any particular scene.
"""

from __future__ import annotations

import importlib
import json
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from scenes import ownership
from scenes.outputs import formats
from scenes.outputs.atomic_files import atomic_publish
from scenes.outputs.audio_tracks import carries_audio
from scenes.render import narrate, tex_cache
from scenes.render.errors import RenderError, SceneNotFoundError
from scenes.render.findings import write_findings
from scenes.render.job import (
    WORK_DIR_NAME,
    Conversion,
    JobResult,
    RenderFailure,
    RenderJob,
    Work,
    failure_of,
)
from scenes.render.keys import ENCODER_THREADS, job_key
from scenes.render.progress_hook import ProgressSink, reporting
from scenes.render.tex_cache import TEX_CACHE_NAME


@contextmanager
def work_folder(job: RenderJob, kind: str) -> Iterator[Path]:
    """A private folder under `<out>/.work/`, owned by this process, removed afterwards.

    The owner file and the journal of the temporary files it publishes through let the
    next run undo and remove what this process leaves if it dies (see ownership.py).
    """
    work_root = job.out_root / WORK_DIR_NAME
    work_root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{job.scene}-{kind}-", dir=work_root))
    try:
        ownership.claim(folder)
        with ownership.owning(folder):
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def manim_settings(job: RenderJob, media_dir: Path, **overrides: Any) -> Any:
    """manim's config as `manim render --config_file <preset>` would have it, then ours.

    Our own cache is keyed by content, so manim's segment cache would only cost time.
    """
    from manim import config, logger

    logger.setLevel("WARNING")
    settings = config.copy()
    job.quality.configure(settings)
    settings.update(
        {
            "media_dir": str(media_dir),
            "transparent": job.transparent,
            "disable_caching": True,
            "progress_bar": "none",
            "verbosity": "WARNING",
            "tex_dir": str(media_dir / "Tex"),
            **overrides,
        }
    )
    return settings


def scene_for(job: RenderJob) -> Any:
    """The job's Scene, handed the content the job carries (call inside manim's tempconfig).

    Lecture scenes get their content through `for_render`; plain manim scenes build their own.
    """
    try:
        module = importlib.import_module(job.module)
    except ModuleNotFoundError as error:
        raise SceneNotFoundError(f"Module {job.module!r} cannot be imported: {error}") from None
    scene_class = getattr(module, job.class_name, None)
    if not isinstance(scene_class, type):
        raise SceneNotFoundError(f"Module {job.module!r} has no scene class {job.class_name!r}.")
    for_render = getattr(scene_class, "for_render", None)
    if for_render is None:
        return scene_class()
    steps = job.step_seconds()
    extra = {"step_seconds": steps} if steps else {}  # scenes without steps need not take it
    return for_render(job.content, beat_seconds=job.beat_seconds(), source=job.source, **extra)


def _render_with_manim(
    job: RenderJob,
    media_dir: Path,
    encoder_threads: int = 0,
    animations: list[float] | None = None,
    findings: list[Any] | None = None,
    steps: list[tuple[tuple[float, ...], tuple[float, ...]]] | None = None,
) -> tuple[Path, Path, Path]:
    """Render the scene; return manim's movie, subcaption and section-index paths.

    `animations` receives each beat's length without its narration (see BeatRecord), and
    `findings` what the layout check saw while the scene was drawn, `steps` when each beat's
    steps began (from the beat's start) and how long each part's animations ran.

    Frames reach the encoder without a copy (segment_encoder), their buffers are reused
    (frame_memory), and formula copies share their SVG paths (shared_svg_paths);
    x264 runs `encoder_threads` threads (0: ENCODER_THREADS), the same for every job.
    """
    from manim import tempconfig

    from scenes.render.frame_memory import keep_freed_memory
    from scenes.render.segment_encoder import lean_segment_encoding
    from scenes.render.shared_svg_paths import shared_svg_paths

    # transparent: mov, which manim writes as QuickTime RLE
    settings = manim_settings(job, media_dir, format=job.format, save_sections=True)
    options = settings.video_encoder_options  # a fixed count: frames never depend on -j
    threads = encoder_threads or ENCODER_THREADS
    settings.video_encoder_options = {**options, "threads": str(threads)}
    animations = animations if animations is not None else []
    shared_tex = job.out_root / TEX_CACHE_NAME
    tex_cache.seed(shared_tex, media_dir / "Tex")
    keep_freed_memory()
    with tempconfig(settings), lean_segment_encoding(), shared_svg_paths():
        scene = scene_for(job)
        if hasattr(scene, "checks_layout"):
            scene.checks_layout = True
        scene.render()
        writer = scene.renderer.file_writer
        plan = writer.output_plan
        movie = Path(writer.movie_file_path)
        if not movie.is_file():
            raise RenderError(f"Scene {job.scene!r} wrote no video; does it play any animation?")
    tex_cache.publish(media_dir / "Tex", shared_tex)
    animations.extend(record.animation for record in getattr(scene, "beat_records", []))
    if steps is not None:
        steps.extend(
            (getattr(record, "steps", ()), getattr(record, "parts", ()))
            for record in getattr(scene, "beat_records", [])
        )
    if findings is not None:
        findings.extend(getattr(scene, "layout_findings", []))
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
    index: list[dict[str, Any]],
    frame_rate: float,
    animations: Sequence[float] = (),
    steps: Sequence[tuple[Sequence[float], Sequence[float]]] = (),
) -> list[dict[str, Any]]:
    """Start and end seconds of each section from manim's section index, exact to a frame.

    With `animations` (one per section), each also says how long it would last if its
    narration were short: a sentence edited within that length keeps the video's key; with
    `steps`, when each of a step-by-step beat's steps began, from the beat's start (its parts
    of the narration are placed there), and how long each part would last if its sentence
    were short (so a step reworded within that keeps the video's key).
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
        if number < len(steps) and steps[number][0]:
            began, parts = steps[number]
            times[-1]["steps"] = [round(float(t), 6) for t in began]
            times[-1]["part_animations"] = [round(float(t), 6) for t in parts]
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
    with work_folder(job, job.quality.name) as work_dir:
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
    return JobResult(
        scene=job.scene,
        quality=job.quality.name,
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
    animations: list[float] = []
    found: list[Any] = []
    steps: list[tuple[tuple[float, ...], tuple[float, ...]]] = []
    movie, captions, index = _render_with_manim(
        job, work_dir / "media", encoder_threads, animations, found, steps
    )
    layout = work_dir / "layout.json"
    write_findings(layout, found)
    if not captions.is_file():
        captions = work_dir / "empty.srt"
        captions.write_text("", encoding="utf-8")  # zero cues: still a valid SRT file
    index_data = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else []
    sections = work_dir / "sections.json"
    sections.write_text(
        json.dumps(section_times(index_data, job.quality.frame_rate, animations, steps), indent=2)
        + "\n",
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
    targets |= {captions: job.srt_path, sections: job.sections_path, layout: job.findings_path}
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


def run_reporting_failure(
    job: RenderJob, key: str, work: Work, progress: ProgressSink | None = None
) -> JobResult | RenderFailure:
    """The worker's entry point: failures come back as data, so nothing must be pickled."""
    try:
        with reporting(progress):
            return run_job(job, key, work)
    except Exception as error:
        return failure_of(job, error)
