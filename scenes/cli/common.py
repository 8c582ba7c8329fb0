"""What every `lecture` command shares: the State, and turning errors into one sentence.

Commands live in their own modules and import from here, never from `scenes.cli.main`,
which imports them to register them (so no import circles).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from scenes.content.loader import ContentError, Lecture
from scenes.paths import DEFAULT_CONTENT, RENDER_CONFIG_DIR

if TYPE_CHECKING:
    from scenes.render.quality import Quality

EXIT_RENDER_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # as shells report a process ended by Ctrl-C
INTERRUPTED = "Interrupted: the clips finished so far are kept; run again to render the rest."
DEFAULT_OUT = Path("output")  # where the default lecture is written
LECTURES_DIR = "lectures"  # other lecture files: DEFAULT_OUT/lectures/<file stem>/
PRESETS_DIR = "presets"  # a lecture folder's own quality presets, beside its lecture file


@dataclass
class State:
    """What every command shares: the content file and whether to show tracebacks."""

    content: Path
    debug: bool

    def lecture(self) -> Lecture:
        from scenes.plans import load_lecture

        return load_lecture(self.content)

    @property
    def default_out(self) -> Path:
        """Where this lecture's renders go unless --out says otherwise.

        The default lecture keeps `output/`; a lecture folder's lecture its folder's
        `output/`; any other lecture file gets its own `output/lectures/<stem>/`, so two
        lectures never overwrite each other's clips.
        """
        if self.content.resolve() == DEFAULT_CONTENT:
            return DEFAULT_OUT
        if self.in_lecture_folder:
            return self.content.parent / DEFAULT_OUT
        return DEFAULT_OUT / LECTURES_DIR / self.content.stem

    @property
    def in_lecture_folder(self) -> bool:
        """Whether the lecture file lives in a lecture folder of its own (`lecture new DIR`
        makes one: the file, its `presets/`, `voice/`), whose `output/` gets its renders."""
        return (self.content.parent / PRESETS_DIR).is_dir()

    @property
    def presets(self) -> Path:
        """The quality presets: a `presets/` folder beside the lecture file (as `lecture new
        DIR` makes), else the installed ones (render_config/)."""
        own = self.content.parent / PRESETS_DIR
        return own if own.is_dir() else RENDER_CONFIG_DIR


pass_state = click.make_pass_decorator(State)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def guarded(state: State, action: Callable[[], Any]) -> Any:
    """Runs an action, turning bad content into one sentence and exit code 2."""
    try:
        return action()
    except ContentError as error:
        if state.debug:
            traceback.print_exc()
        fail(str(error))


def resolve_scenes(lecture: Lecture, names: tuple[str, ...]) -> list[str]:
    """The requested scenes in lecture order; all of them when none are named."""
    order = [scene.name for scene in lecture.scenes]
    unknown = [name for name in names if name not in order]
    if unknown:
        fail(f"unknown scene {unknown[0]!r}; valid scenes: {', '.join(order)}.")
    return [name for name in order if not names or name in names]


def quality_of(name: str, presets: Path = RENDER_CONFIG_DIR) -> Quality:
    """The quality preset `name` (from the folder `presets`), read once for the command; an
    unknown or broken preset is one sentence and exit code 2."""
    from scenes.render.errors import QualityError
    from scenes.render.quality import load_quality

    try:
        return load_quality(name, presets)
    except QualityError as error:
        fail(str(error))


def require_latex(out: Path | None = None) -> None:
    """LaTeX is installed, or (`out` given) earlier renders there typeset formulas.

    Missing LaTeX is this machine's fault (exit 1). With formulas in `out`'s TeX cache the
    render goes on: a scene that needs a formula not typeset before fails alone, saying so.
    """
    from scenes.render import tex_cache

    missing = tex_cache.missing_tools()
    if not missing:
        return
    if out is not None and tex_cache.has_formulas(out / tex_cache.TEX_CACHE_NAME):
        click.echo(
            f"Note: {' and '.join(missing)} not found; formulas come from earlier renders' "
            f"TeX cache, and a new formula needs: {tex_cache.install_hint(missing)}",
            err=True,
        )
        return
    fail(
        f"{' and '.join(missing)} not found, and the scenes typeset their math with it; "
        f"install it with: {tex_cache.install_hint(missing)}",
        EXIT_RENDER_FAILED,
    )


def prepared_narration(
    state: State, lecture: Lecture, out: Path, silent: bool, quiet: bool = False
) -> Any:
    """Every beat's narration, spoken (or silent with --no-narration), before any render.

    A missing voice package is this machine's fault (exit 1); a bad recording is the
    content's (exit 2). Both are one sentence.
    """
    from scenes.render import disk
    from scenes.voice.narration import narration_for
    from scenes.voice.piper_voice import VoiceUnavailable

    try:
        if not silent:
            disk.require_writable(out)  # the voice cache lives there
        narration = guarded(state, lambda: narration_for(lecture, out, voiced=not silent))
    except VoiceUnavailable as error:
        fail(str(error), EXIT_RENDER_FAILED)
    except disk.DiskError as error:
        fail(str(error), EXIT_RENDER_FAILED)
    except OSError as error:
        fail(disk.fault_sentence(error, out), EXIT_RENDER_FAILED)
    stats = narration.stats
    if not silent and not quiet:
        click.echo(
            f"Narration: {stats.synthesised} beats synthesised in {stats.synthesis_seconds:.1f} s, "
            f"{stats.cached} from the cache, {stats.recorded} recorded; "
            f"{stats.speech_seconds:.0f} s of speech at {stats.gain_db:+.1f} dB."
        )
    return narration
