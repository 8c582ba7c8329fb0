"""A lecture's scenes as render jobs, each carrying its part of the command's one reading.

A command reads the lecture file once (a frozen `Lecture`: each scene's validated
parameters, narration and digests), its quality preset once (a `Quality`) and prepares
the narration once (a `LectureNarration`); together they are the snapshot every job of
the command is cut from. A job holds its scene's content, digests, preset and narration,
so neither the parent nor a worker reads the lecture file or the preset again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scenes.content.loader import Lecture
from scenes.content.reading import reading_time
from scenes.plans import template
from scenes.render.job import RenderJob
from scenes.render.quality import Quality
from scenes.voice.narration import LectureNarration


def scene_jobs(
    lecture: Lecture,
    names: Sequence[str],
    quality: Quality,
    out_root: Path,
    formats: tuple[str, ...] = (),
    transparent: bool = False,
    narration: LectureNarration | None = None,
) -> list[RenderJob]:
    """One job per named scene of the lecture, in the order given, each with its narration."""
    jobs = []
    for name in names:
        content = lecture.scene(name)
        chosen = template(content.template)
        jobs.append(
            RenderJob(
                scene=name,
                module=chosen.module,
                scene_class=chosen.class_name,
                three_d=chosen.schema.three_d,
                quality=quality,
                formats=formats,
                transparent=transparent,
                content=content,
                content_digest=content.digest,
                visual_digest=content.visual_digest,
                source=lecture.path,
                out_root=out_root,
                narration=narration.scenes[name] if narration is not None else None,
                expected_seconds=sum(reading_time(beat.narration) for beat in content.beats),
            )
        )
    return jobs
