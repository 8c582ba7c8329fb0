"""`lecture check`: is every frame right? The layout check over a lecture's scenes.

Each scene is drawn as its storyboard is (every animation skipped, but stopped at a
quarter, half and three quarters of each, and at every beat's end), at draft size by
default, and the check reports text outside the safe area, over other text, over a curve
or an axis, or far from the point it labels: one sentence per finding, naming scene,
beat, time and the objects. The boards are kept (OUT/<quality>/storyboard/), so a second
check of unchanged scenes reads them instead of drawing again. Exit 0: nothing found;
1: findings (or a scene that could not be drawn); 2: bad input.
"""

from __future__ import annotations

from pathlib import Path

import click

from scenes.cli.common import (
    State,
    guarded,
    pass_state,
    prepared_narration,
    quality_of,
    require_latex,
    resolve_scenes,
)
from scenes.cli.layout_report import print_report
from scenes.cli.options import (
    jobs_option,
    narration_option,
    no_wait_option,
    out_option,
    quality_option,
)

EXIT_CLEAN = 0
EXIT_FINDINGS = 1


@click.command("check")
@click.argument("scenes", nargs=-1)
@quality_option("draft")
@out_option("Where the drawn boards are kept: OUT/<quality>/storyboard/.")
@jobs_option
@click.option("--force", is_flag=True, help="Draw every scene again, even unchanged ones.")
@narration_option
@no_wait_option
@pass_state
def check_command(
    state: State,
    scenes: tuple[str, ...],
    quality: str,
    out: Path,
    jobs: int | None,
    force: bool,
    silent: bool,
    no_wait: bool,
) -> None:
    """Check the layout of every beat of SCENES (all by default); exit 1 on any finding."""
    from scenes.cli.storyboard import boards_layout, run_storyboard
    from scenes.cli.writer import as_sole_writer
    from scenes.plans import build_plan
    from scenes.render.lecture_jobs import scene_jobs

    lecture = guarded(state, state.lecture)
    names = resolve_scenes(lecture, scenes)
    preset = quality_of(quality, state.presets)
    require_latex(out)
    guarded(state, lambda: [build_plan(lecture, name) for name in names])

    def check() -> int:
        narration = prepared_narration(state, lecture, out, silent, True)  # times as spoken
        jobs_list = scene_jobs(lecture, names, preset, out, narration=narration)
        report = run_storyboard(
            lecture,
            jobs_list,
            quality,
            out,
            workers=jobs,
            force=force,
            debug=state.debug,
            quiet=True,
            layout=False,
        )
        layout = boards_layout(jobs_list)
        print_report(layout, len(jobs_list))
        return EXIT_CLEAN if report.ok and layout.clean else EXIT_FINDINGS

    raise SystemExit(as_sole_writer(check, [out], wait=not no_wait))
