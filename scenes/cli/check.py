"""`lecture check`: is every frame right? The layout check over a lecture's scenes.

Each scene is drawn as its storyboard is (every animation skipped, but stopped at a
quarter, half and three quarters of each, and at every beat's end), at draft size by
default, and the check reports text outside the safe area, over other text, over a curve
or an axis, or far from the point it labels: one sentence per finding, naming scene,
beat, time and the objects. It also reports each number the narration types in digits
that is none of its scene's values (the plan's, its steps', its parameters'). The boards
are kept (OUT/<quality>/storyboard/), so a second check of unchanged scenes reads them
instead of drawing again. Steps that show numbers the narration never says are listed as
notes (the descriptions track carries them); `--accessibility` adds one line per WCAG
criterion from the renders (cli/accessibility.py), and fails on them. Exit 0: nothing found;
1: findings (or a scene that could not be drawn); 2: bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import click

from scenes.cli.common import State, pass_state, quality_of
from scenes.cli.layout_report import print_report
from scenes.cli.options import (
    jobs_option,
    narration_option,
    no_wait_option,
    out_option,
    quality_option,
)

if TYPE_CHECKING:
    from scenes.content.loader import SceneContent
    from scenes.render.job import RenderJob
    from scenes.render.storyboard_jobs import StoryboardReport


class Found(Protocol):
    """A finding that says itself in one sentence naming the lecture file."""

    def sentence(self, shown: str) -> str: ...


EXIT_CLEAN = 0
EXIT_FINDINGS = 1


@click.command("check")
@click.argument("scenes", nargs=-1)
@quality_option("draft")
@out_option("Where the drawn boards are kept: OUT/<quality>/storyboard/.")
@jobs_option
@click.option("--force", is_flag=True, help="Draw every scene again, even unchanged ones.")
@narration_option
@click.option(
    "--accessibility",
    is_flag=True,
    help="Also check the rendered lecture (OUT/QUALITY) against WCAG 2.1 AA, one line per "
    "criterion: captions, transcript, descriptions, contrast, flashes, the deck.",
)
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
    accessibility: bool,
    no_wait: bool,
) -> None:
    """Check the layout of every beat of SCENES (all by default); exit 1 on any finding."""
    from scenes.cli.storyboard import boards_layout, draw_boards

    def outcome(report: StoryboardReport, drawn: Sequence[RenderJob]) -> int:
        layout = boards_layout(drawn)
        print_report(layout, len(drawn))
        said = said_findings(state, [job.scene for job in drawn])
        for sentence in said:
            click.echo(f"Narration: {sentence}")
        names = [job.scene for job in drawn]
        unsaid = [] if accessibility else unsaid_notes(state, names)
        for sentence in unsaid:
            click.echo(f"Description: {sentence}")
        failed: list[str] = []
        if accessibility:
            from scenes.cli.accessibility import accessibility_results

            preset = quality_of(quality, state.presets)
            lecture = state.lecture()
            failed = accessibility_results(
                lecture, names, out, preset, layout.findings, voiced=not silent
            )
        clean = report.ok and layout.clean and not said and not failed
        return EXIT_CLEAN if clean else EXIT_FINDINGS

    # quiet: the findings are the output; times as spoken, as the clips will have them
    draw_boards(state, scenes, quality, out, jobs, force, silent, no_wait, True, outcome, False)


def said_findings(state: State, names: Sequence[str]) -> list[str]:
    """One sentence per number the narration of the scenes `names` types that none of the
    scene's values is (maths/said_numbers.py)."""
    from scenes.maths.said_numbers import unsupported_numbers

    return _found_in_scenes(state, names, unsupported_numbers)


def unsaid_notes(state: State, names: Sequence[str]) -> list[str]:
    """One sentence per step whose numbers the narration never says: the descriptions track
    carries them, and `--accessibility` fails WCAG 1.2.5 on them (maths/descriptions.py)."""
    from scenes.maths.descriptions import unsaid_steps

    return _found_in_scenes(state, names, unsaid_steps)


def _found_in_scenes(
    state: State, names: Sequence[str], find: Callable[[SceneContent, Any], Sequence[Found]]
) -> list[str]:
    """The sentences of what `find(scene, plan)` finds in each named scene of the lecture."""
    from scenes.content.loader import display_path
    from scenes.plans import build_plan

    lecture = state.lecture()
    shown = display_path(lecture.path)
    return [
        found.sentence(shown)
        for name in names
        for found in find(lecture.scene(name), build_plan(lecture, name))
    ]
