"""The `lecture` command: list, plan and render the lecture's scenes.

Thin on purpose: it parses arguments, calls the content, plan and render
modules, and turns their errors into one sentence and an exit code
(0 ok, 1 a render failed, 2 bad input).
"""

from __future__ import annotations

import json
import shutil
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import click

from scenes.cli.export import export
from scenes.cli.options import DEFAULT_OUT, jobs_option, out_option, quality_option
from scenes.cli.watch import watch_command
from scenes.content.loader import ContentError, Lecture, content_path, load_lecture
from scenes.content.schema import SCENES_BY_NAME

EXIT_RENDER_FAILED = 1
EXIT_BAD_INPUT = 2
LATEX_TOOLS = {
    "latex": "texlive-latex-base texlive-latex-extra texlive-fonts-recommended",
    "dvisvgm": "dvisvgm",
}


@dataclass
class State:
    """What every command shares: the content file and whether to show tracebacks."""

    content: Path
    debug: bool

    def lecture(self) -> Lecture:
        return load_lecture(self.content)


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
        fail(
            f"unknown scene {unknown[0]!r}; valid scenes: {', '.join(order)}.",
        )
    return [name for name in order if not names or name in names]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--content",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    envvar="LECTURE_CONTENT",
    help="The lecture's content file.  [default: render_config/lecture.toml]",
)
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, content: Path | None, debug: bool) -> None:
    """Render the lecture 'Calculus for Machine Learning' as animated video."""
    ctx.obj = State(content=content or content_path(), debug=debug)


@main.command("list")
@click.option("--quality", "-q", default="hd", show_default=True, help="Fresh or stale at this.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_OUT,
    show_default=True,
    help="Where `lecture render` wrote its clips (its --out).",
)
@pass_state
def list_scenes(state: State, quality: str, out: Path) -> None:
    """The scenes in lecture order: fresh or stale, last rendered length, what each shows."""
    from scenes.render.jobs import QualityError
    from scenes.render.status import lecture_statuses

    lecture = guarded(state, state.lecture)
    try:
        statuses = lecture_statuses(lecture, quality, out)
    except QualityError as error:
        fail(str(error))
    width = max(len(scene.name) for scene in lecture.scenes)
    for index, status in enumerate(statuses, start=1):
        description = SCENES_BY_NAME[status.scene].description
        length = f"{status.duration:.1f} s" if status.duration is not None else "-"
        state_and_length = f"{status.freshness:<8}  {length:>7}"
        click.echo(f"{index:>2}. {status.scene:<{width}}  {state_and_length}  {description}")


@main.command("plan")
@click.argument("scene", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@pass_state
def plan(state: State, scene: str | None, as_json: bool) -> None:
    """The computed values each scene will animate."""
    from scenes.templates.plans import build_plan, plan_json

    lecture = guarded(state, state.lecture)
    names = resolve_scenes(lecture, (scene,) if scene else ())
    plans = guarded(state, lambda: [build_plan(lecture, name) for name in names])
    document = {"scenes": [plan_json(p) for p in plans]}
    if as_json:
        click.echo(json.dumps(document, indent=2))
        return
    for entry in document["scenes"]:
        click.echo(entry["name"])
        for key, value in entry.items():
            if key != "name":
                text = json.dumps(value)
                click.echo(f"  {key}: {text if len(text) <= 100 else text[:97] + '...'}")


def missing_latex_tools() -> list[str]:
    return [tool for tool in LATEX_TOOLS if shutil.which(tool) is None]


def require_latex() -> None:
    missing = missing_latex_tools()
    if missing:
        packages = " ".join(LATEX_TOOLS[tool] for tool in missing)
        fail(
            f"{' and '.join(missing)} not found, and the scenes typeset their math with it; "
            f"install it with: sudo apt-get install --no-install-recommends {packages}"
        )


@main.command("render")
@click.argument("scenes", nargs=-1)
@quality_option("hd")
@out_option(
    "Where clips are written: OUT/<quality>/<Scene>.mp4, beat clips in OUT/<quality>/<Scene>/."
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    metavar="LIST",
    help="Clip formats, repeated or comma-separated: mp4, webm, gif, png; with --transparent: "
    "mov, webm, png. PNG posters are always written.  [default: mp4; transparent: mov,webm]",
)
@click.option(
    "--transparent",
    is_flag=True,
    help="Render with a transparent background (ProRes 4444 mov, VP9 webm with alpha) "
    "into OUT/<quality>/transparent/.",
)
@jobs_option
@click.option("--force", is_flag=True, help="Render even scenes whose clip is up to date.")
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    default=None,
    help="Render on this dask.distributed cluster (extra: pip install -e '.[cluster]').",
)
@pass_state
def render(
    state: State,
    scenes: tuple[str, ...],
    quality: str,
    out: Path,
    formats: tuple[str, ...],
    transparent: bool,
    jobs: int | None,
    force: bool,
    scheduler: str | None,
) -> None:
    """Render SCENES (all by default) and, for the whole lecture, assemble lecture.mp4."""
    from scenes.outputs.formats import FormatError, parse_formats
    from scenes.render.jobs import QualityError, load_quality

    lecture = guarded(state, state.lecture)
    names = resolve_scenes(lecture, scenes)
    try:
        load_quality(quality)
        chosen = parse_formats(formats, transparent)
    except (QualityError, FormatError) as error:
        fail(str(error))
    require_latex()
    guarded(state, lambda: _check_plans(lecture, names))
    from scenes.cli.render import run_render
    from scenes.render.cluster import SchedulerError, scheduler_executor

    try:
        with scheduler_executor(scheduler) as executor:
            workers = jobs or (executor.workers if executor else None)
            code = run_render(
                lecture,
                names,
                quality,
                out,
                workers,
                force,
                state.debug,
                chosen,
                transparent,
                executor=executor,
            )
    except SchedulerError as error:
        fail(str(error))
    sys.exit(code)


def _check_plans(lecture: Lecture, names: list[str]) -> None:
    """Computes every plan once so that bad content fails before any render starts."""
    from scenes.templates.plans import build_plan

    for name in names:
        build_plan(lecture, name)


main.add_command(export)
main.add_command(watch_command)

if __name__ == "__main__":
    main()
