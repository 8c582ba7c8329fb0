"""A lecture's scenes as render jobs: each instance rendered with its template's Scene class."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scenes.content.loader import Lecture
from scenes.paths import RENDER_CONFIG_DIR
from scenes.render.jobs import RenderJob
from scenes.templates import template
from scenes.voice.narration import LectureNarration


def scene_jobs(
    lecture: Lecture,
    names: Sequence[str],
    quality: str,
    out_root: Path,
    formats: tuple[str, ...] = (),
    transparent: bool = False,
    presets: Path = RENDER_CONFIG_DIR,
    narration: LectureNarration | None = None,
) -> list[RenderJob]:
    """One job per named scene of the lecture, in the order given, each with its narration."""
    jobs = []
    for name in names:
        chosen = template(lecture.scene(name).template)
        jobs.append(
            RenderJob(
                scene=name,
                module=chosen.module,
                scene_class=chosen.scene_class.__name__,
                three_d=chosen.schema.three_d,
                quality=quality,
                formats=formats,
                transparent=transparent,
                content=lecture.path,
                out_root=out_root,
                presets=presets,
                narration=narration.scenes[name] if narration is not None else None,
            )
        )
    return jobs
