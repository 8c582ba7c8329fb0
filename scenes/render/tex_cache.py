"""Typeset formulas shared between render jobs, so each formula goes through LaTeX once.

manim names a formula's SVG by a hash of its LaTeX and template and reuses the SVG when
it exists. Jobs run in parallel, and manim writes its files in place, so a job never
typesets into the shared folder: it starts from links to the SVGs already there and,
when it finished, publishes the new ones under a temporary name and an atomic rename.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from scenes import ownership
from scenes.render.errors import causes

TEX_CACHE_NAME = ".tex-cache"
LATEX_TOOLS = {  # the programs manim typesets with, and the Debian packages that have them
    "latex": "texlive-latex-base texlive-latex-extra texlive-fonts-recommended",
    "dvisvgm": "dvisvgm",
}


def missing_tools() -> list[str]:
    return [tool for tool in LATEX_TOOLS if shutil.which(tool) is None]


def install_hint(tools: list[str]) -> str:
    packages = " ".join(LATEX_TOOLS[tool] for tool in tools)
    return f"sudo apt-get install --no-install-recommends {packages}"


def has_formulas(cache: Path) -> bool:
    """Whether earlier renders typeset formulas into this cache (then a render may not
    need LaTeX at all: a formula already there is never typeset again)."""
    return cache.is_dir() and any(cache.glob("*.svg"))


def missing_tool_of(error: BaseException) -> str | None:
    """The LaTeX program whose absence caused `error` (manim runs it and it is not there)."""
    for cause in causes(error):
        if isinstance(cause, FileNotFoundError) and cause.filename in LATEX_TOOLS:
            return str(cause.filename)
    return None


def is_whole(svg: Path) -> bool:
    """Whether a cached SVG is complete: it ends with its closing tag (a file cut short by
    a full disk or a damaged copy does not, and manim would fail on it at every render)."""
    try:
        with svg.open("rb") as reader:
            reader.seek(max(0, svg.stat().st_size - 64))
            return b"</svg>" in reader.read()
    except OSError:
        return False


def seed(cache: Path, job_tex: Path) -> int:
    """Fills a job's tex folder with the cached SVGs; returns how many.

    A damaged SVG is removed from the cache instead, so the formula is typeset again.
    """
    job_tex.mkdir(parents=True, exist_ok=True)
    if not cache.is_dir():
        return 0
    count = 0
    for svg in cache.glob("*.svg"):
        if not is_whole(svg):
            svg.unlink(missing_ok=True)
            continue
        target = job_tex / svg.name
        try:
            os.link(svg, target)  # manim never rewrites an existing SVG: a link is safe
        except OSError:
            shutil.copyfile(svg, target)
        count += 1
    return count


def publish(job_tex: Path, cache: Path) -> int:
    """Adds the job's new SVGs to the cache, each whole or not at all; returns how many."""
    cache.mkdir(parents=True, exist_ok=True)
    count = 0
    for svg in job_tex.glob("*.svg"):
        target = cache / svg.name
        if target.exists():
            continue
        temporary = ownership.temporary_sibling(target)  # journaled: a kill leaves nothing
        shutil.copyfile(svg, temporary)
        os.replace(temporary, target)
        count += 1
    return count
