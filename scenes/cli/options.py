"""Command-line options that several `lecture` commands share, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

DEFAULT_OUT = Path("output")  # where `lecture render` writes and the other commands read

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def quality_option(default: str) -> Decorator:
    return click.option(
        "--quality",
        "-q",
        default=default,
        show_default=True,
        help="A preset in render_config/: draft (480p15), hd (1080p60), 4k (2160p60).",
    )


def out_option(help: str) -> Decorator:
    return click.option(
        "--out",
        type=click.Path(path_type=Path, file_okay=False),
        default=DEFAULT_OUT,
        show_default=True,
        help=help,
    )


jobs_option: Decorator = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel renders."
)
