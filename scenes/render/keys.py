"""Job keys and freshness: what a job's output depends on, and what is left to do.

A key hashes every input that can change a job's output: the scene's code (its module and
every project module it imports), the scene's content digest as loaded for this command,
the beats' lengths, the quality preset's text, the encoder's settings and manim's
version. Everything comes from the job itself, so the key of what a worker drew is the
key the parent records.
"""

from __future__ import annotations

from pathlib import Path

from scenes.outputs import formats
from scenes.render import narrate
from scenes.render.cache import KEY_SCHEMA, Manifest, compute_key, manim_version, module_sources
from scenes.render.errors import SceneNotFoundError
from scenes.render.job import RenderJob, Work

# x264 threads per job, whatever -j and the machine: x264's output depends on its thread
# count, so threads shared out by the number of parallel jobs gave -j 1 and -j 2 different
# frames for one key. Two threads let the encoder overlap the drawing of a lone job, and
# oversubscribe parallel jobs only mildly.
ENCODER_THREADS = 2


def key_parts(job: RenderJob, *, manim: str | None = None) -> dict[str, str]:
    """Every input that can change a job's output, by name; `manim` can be given for tests.

    The code part is the scene module and every project module it imports, found by
    reading their imports (see cache.module_sources), so no list of shared modules is kept.
    The content part is the job's digest: without the narration when the job is narrated,
    since its audio and captions are keyed apart (see narration_key).
    """
    try:
        sources = module_sources(job.module)
    except ModuleNotFoundError as error:
        raise SceneNotFoundError(str(error)) from None
    timing = job.timing_key()
    narrated = {} if timing is None else {"timing": timing}
    digest = (job.visual_digest or job.content_digest) if timing is not None else job.content_digest
    return {
        "schema": KEY_SCHEMA,
        "scene": job.scene,
        "class": job.class_name,
        "module": job.module,
        **{f"source:{name}": text for name, text in sources.items()},
        "content": digest,
        **narrated,
        "quality": job.quality.text,
        "format": job.format,
        "transparent": str(job.transparent),
        "master": formats.master_settings(job.transparent),
        "encoder threads": str(ENCODER_THREADS),  # x264's output depends on them
        "manim": manim if manim is not None else manim_version(),
    }


def job_key(job: RenderJob) -> str:
    """The content key of a job: same inputs, same key; any input changed, a new key."""
    return compute_key(key_parts(job))


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
