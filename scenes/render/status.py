"""Whether each scene's clip is fresh or stale, and how long it last came out: `lecture list`.

Freshness is the renderer's own test (keys.is_fresh against output/manifest.json), so
`lecture list` says "fresh" exactly when `lecture render` would skip the scene. Keys are
computed from the jobs, cut from the already loaded lecture, so listing reads the content
file once and imports no manim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from scenes.content.loader import Lecture
from scenes.render.cache import MANIFEST_NAME, Manifest
from scenes.render.errors import SceneNotFoundError
from scenes.render.job import RenderJob
from scenes.render.keys import is_fresh, job_key
from scenes.render.lecture_jobs import scene_jobs
from scenes.render.quality import Quality


class Freshness(StrEnum):
    FRESH = "fresh"  # `lecture render` would skip it
    STALE = "stale"  # never rendered, or something it depends on changed
    MISSING = "no scene"  # its module does not exist yet, so it cannot be rendered


@dataclass(frozen=True)
class SceneStatus:
    """One job's freshness and the video length its last render recorded (None: never)."""

    scene: str
    freshness: Freshness
    duration: float | None


def job_statuses(
    jobs: Sequence[RenderJob], key_of: Callable[[RenderJob], str] = job_key
) -> list[SceneStatus]:
    """The status of each job, in order, against the manifest in its output root."""
    manifests: dict[Path, Manifest] = {}
    statuses = []
    for job in jobs:
        if job.out_root not in manifests:
            manifests[job.out_root] = Manifest.load(job.out_root / MANIFEST_NAME)
        manifest = manifests[job.out_root]
        entry = manifest.entry(job.output_name)
        try:
            fresh = is_fresh(job, manifest, key=key_of(job))
        except SceneNotFoundError:
            statuses.append(SceneStatus(job.scene, Freshness.MISSING, None))
            continue
        freshness = Freshness.FRESH if fresh else Freshness.STALE
        statuses.append(SceneStatus(job.scene, freshness, entry.duration if entry else None))
    return statuses


def lecture_statuses(
    lecture: Lecture, quality: Quality, out_root: Path, *, voiced: bool = True
) -> list[SceneStatus]:
    """The status of every scene of the lecture at one quality (its default formats).

    The narration is read from the voice cache only: where a sentence has not been
    synthesised yet, or the voice is not installed, every scene is stale, as rendering
    would make new audio (and a new lecture gain).
    """
    from scenes.voice.narration import NotCached, narration_for
    from scenes.voice.piper_voice import VoiceUnavailable

    names = [scene.name for scene in lecture.scenes]
    try:
        narration = narration_for(lecture, out_root, voiced=voiced, cached_only=True)
    except (NotCached, VoiceUnavailable, OSError):
        return [SceneStatus(name, Freshness.STALE, None) for name in names]
    return job_statuses(scene_jobs(lecture, names, quality, out_root, narration=narration))
