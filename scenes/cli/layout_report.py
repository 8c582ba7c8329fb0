"""What the layout check found, printed after `render`, `storyboard` and `check`.

Scenes check their own layout while they are drawn (kit/base.py): a render keeps the
findings beside each clip, a storyboard on its board. These helpers gather them for the
scenes of one run (fresh ones included: their records were written when they were drawn),
print one sentence per finding, and say what `--strict` does with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import click

from scenes.cli.options import Decorator

strict_option: Decorator = click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when the layout check finds anything (text off the frame, over text or a "
    "curve, far from its point).",
)


@dataclass(frozen=True)
class LayoutReport:
    """The findings of one run's scenes, and the scenes that have no record to read."""

    findings: tuple[str, ...]
    unchecked: tuple[str, ...]  # scenes drawn without a readable layout record

    @property
    def clean(self) -> bool:
        return not self.findings and not self.unchecked


def gather(records: Sequence[tuple[str, Sequence[str] | None]]) -> LayoutReport:
    """(scene, its findings or None when unreadable) for each scene of the run."""
    findings = tuple(line for _scene, lines in records if lines is not None for line in lines)
    unchecked = tuple(scene for scene, lines in records if lines is None)
    return LayoutReport(findings, unchecked)


def print_report(report: LayoutReport, scenes: int, quiet: bool = False) -> None:
    """One sentence per finding; one line when there is nothing to say (none when quiet)."""
    for scene in report.unchecked:
        click.echo(f"Layout: {scene} has no layout record; draw it again (--force) to check it.")
    if report.findings:
        count = len(report.findings)
        click.echo(f"Layout: {count} finding{'s' if count > 1 else ''}:")
        for sentence in report.findings:
            click.echo(f"  {sentence}")
    elif not report.unchecked and not quiet:
        click.echo(f"Layout: nothing found in {scenes} scene{'s' if scenes > 1 else ''}.")
