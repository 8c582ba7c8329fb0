"""Command-line options that several `lecture` commands share, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from scenes.cli.common import DEFAULT_OUT, State

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def quality_option(default: str) -> Decorator:
    return click.option(
        "--quality",
        "-q",
        default=default,
        show_default=True,
        help="A preset in render_config/: draft (480p15), hd (1080p60), 4k (2160p60).",
    )


def lecture_out(writes: bool) -> Callable[[click.Context, click.Parameter, Path | None], Path]:
    """An output folder option's callback: its value, or the lecture's own default (see
    State.default_out). A folder a render must not write into is refused here, before
    anything is read (out_folder.py says the rule); `writes` False: a command that reads.
    """

    def checked(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
        from scenes.render.out_folder import OutFolderError, check_out_folder

        folder = value if value is not None else ctx.ensure_object(State).default_out
        try:
            check_out_folder(folder, writes=writes)
        except OutFolderError as error:
            raise click.BadParameter(str(error)) from None
        return folder

    return checked


def out_option(help: str, name: str = "--out", *, writes: bool = True) -> Decorator:
    return click.option(
        name,
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        callback=lecture_out(writes),
        help=f"{help}  [default: {DEFAULT_OUT}, or {DEFAULT_OUT}/lectures/<content file stem> "
        "for a lecture file other than render_config/lecture.toml]",
    )


jobs_option: Decorator = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel renders."
)


narration_option: Decorator = click.option(
    "--no-narration",
    "silent",
    is_flag=True,
    help="Silent clips: no voice, each beat as long as its caption takes to read.",
)

quiet_option: Decorator = click.option(
    "--quiet", is_flag=True, help="Print only the summary and errors, no progress."
)

no_wait_option: Decorator = click.option(
    "--no-wait",
    is_flag=True,
    help="Stop instead of waiting when another command is writing the same output folder.",
)

burn_captions_option: Decorator = click.option(
    "--burn-captions",
    is_flag=True,
    help="Also write OUT/<quality>/open-captions/<Scene>.mp4 (and lecture.mp4): copies with "
    "the captions drawn into the picture, for players that show no caption track.",
)
