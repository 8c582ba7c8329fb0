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


REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render workers inherit sys.path, so they can import the test fixture scenes too."""
    monkeypatch.syspath_prepend(str(REPO_ROOT))


@pytest.fixture(scope="module")
def tex_dir() -> Iterator[None]:
    """Scene tests typeset through the shared LaTeX cache (see scene_harness.TEX_CACHE)."""
    from manim import tempconfig
    from scene_harness import TEX_CACHE

    with tempconfig({"tex_dir": str(TEX_CACHE)}):
        yield


@pytest.fixture
def media_dir(tmp_path: Path) -> Iterator[Path]:
    """A manim config whose media_dir is a temporary folder."""
    from manim import tempconfig

    with tempconfig({"media_dir": str(tmp_path / "media")}):
        yield tmp_path / "media"


def pytest_configure(config: pytest.Config) -> None:
    """Run manim's golden-frame tests on Debian 12's cairo (1.16), each worker in its own media dir.

    manim skips them below cairo 1.18 because its own control data was drawn with
    1.18; ours is drawn here, with the cairo these machines have, so skipping would
    only hide failures.
    """
    from manim import config as manim_config
    from manim.utils.testing import frames_comparison
    from scene_harness import TEX_CACHE

    frames_comparison.MIN_CAIRO_VERSION = 0
    # A test that builds a Tex outside any fixture typesets into manim's default
    # `./media`: the working tree, shared by every xdist worker, where two workers
    # compiling one formula at once make latex fail. Each worker gets its own.
    manim_config.media_dir = str(TEX_CACHE.with_name(TEX_CACHE.name + "-media"))
    manim_config.tex_dir = str(TEX_CACHE)


# The files that take longest (minutes each: they render whole lectures or check every
# stress lecture), run first. With several workers (`-n`, `--dist loadfile`) a file
# runs on one worker, so a long file started last would leave the others idle.
LONGEST_FIRST = (
    "tests/test_end_to_end.py",
    "tests/test_stress_layout.py",
    "tests/templates/test_instances.py",
    "tests/render/test_storyboard_jobs.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.path.relative_to(REPO_ROOT).as_posix()
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the rest keep their order
