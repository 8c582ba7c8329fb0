"""Shared fixtures: every render goes to a temporary media dir, never the working tree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--set_test",
        action="store_true",
        default=False,
        help="Write the golden frames (control data) instead of comparing against them.",
    )
    parser.addoption(
        "--show_diff",
        action="store_true",
        default=False,
        help="Show a visual diff when a golden frame does not match.",
    )


@pytest.fixture
def media_dir(tmp_path: Path) -> Iterator[Path]:
    """A manim config whose media_dir is a temporary folder."""
    from manim import tempconfig

    with tempconfig({"media_dir": str(tmp_path / "media")}):
        yield tmp_path / "media"
