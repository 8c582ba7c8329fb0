"""The `lecture` command: list, plan and render a lecture's scenes; the other commands
(export, watch, templates, new) live in their own modules and are registered here.

Thin on purpose: it parses arguments, calls the content, plan and render
modules, and turns their errors into one sentence and an exit code
(0 ok, 1 a render failed, 2 bad input).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from scenes.cli.check import check_command
from scenes.cli.common import (
    State,
    fail,
    guarded,
    pass_state,
    prepared_narration,
    quality_of,
    require_latex,
    resolve_scenes,
)
from scenes.cli.doctor import doctor_command
from scenes.cli.export import export
from scenes.cli.layout_report import strict_option
from scenes.cli.options import (
    burn_captions_option,
    jobs_option,
    narration_option,
    no_wait_option,
    out_option,
    quality_option,
    quiet_option,
)
from scenes.cli.storyboard import storyboard_command
from scenes.cli.templates import new_command, templates_command
from scenes.cli.watch import watch_command
from scenes.content.loader import Lecture, content_path

DISTRIBUTION = "lecture-video"  # pyproject.toml's project name, for --version
LOCAL_LECTURE = "lecture.toml"  # in the current folder: the lecture `lecture` works on


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--content",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    envvar="LECTURE_CONTENT",
    help="The lecture's content file.  [default: lecture.toml in the current folder if there "
    "is one, else the built-in lecture, render_config/lecture.toml]",
)
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name=DISTRIBUTION, prog_name="lecture")
@click.pass_context
def main(ctx: click.Context, content: Path | None, debug: bool) -> None:
    """Render a lecture (default: 'Calculus for Machine Learning') as animated video."""
    local = Path(LOCAL_LECTURE)
    ctx.obj = State(content=content or (local if local.is_file() else content_path()), debug=debug)


@main.command("list")
@click.option("--quality", "-q", default="hd", show_default=True, help="Fresh or stale at this.")
@out_option("Where `lecture render` wrote its clips (its --out).", writes=False)
@narration_option
@pass_state
def list_scenes(state: State, quality: str, out: Path, silent: bool) -> None:
    """The scenes in lecture order: fresh or stale, last rendered length, what each shows."""
    from scenes.plans import template
    from scenes.render.status import lecture_statuses

    lecture = guarded(state, state.lecture)
    preset = quality_of(quality, state.presets)
    statuses = guarded(state, lambda: lecture_statuses(lecture, preset, out, voiced=not silent))
    width = max(len(scene.name) for scene in lecture.scenes)
    for index, status in enumerate(statuses, start=1):
        scene = lecture.scene(status.scene)
        description = template(scene.template).schema.description
        length = f"{status.duration:.1f} s" if status.duration is not None else "-"
        state_and_length = f"{status.freshness:<8}  {length:>7}"
        click.echo(f"{index:>2}. {status.scene:<{width}}  {state_and_length}  {description}")


@main.command("plan")
@click.argument("scene", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@pass_state
def plan(state: State, scene: str | None, as_json: bool) -> None:
    """The computed values each scene will animate."""
    from scenes.maths.plan_values import plan_json
    from scenes.plans import build_plan

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
@narration_option
@click.option("--force", is_flag=True, help="Render even scenes whose clip is up to date.")
@no_wait_option
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    default=None,
    help="Render on this dask.distributed cluster (extra: pip install -e '.[cluster]').",
)
@burn_captions_option
@quiet_option
@strict_option
@pass_state
def render(
    state: State,
    scenes: tuple[str, ...],
    quality: str,
    out: Path,
    formats: tuple[str, ...],
    transparent: bool,
    jobs: int | None,
    silent: bool,
    force: bool,
    no_wait: bool,
    scheduler: str | None,
    burn_captions: bool,
    quiet: bool,
    strict: bool,
) -> None:
    """Render SCENES (all by default) and, for the whole lecture, assemble lecture.mp4."""
    from scenes.outputs.formats import FormatError, parse_formats

    lecture = guarded(state, state.lecture)
    names = resolve_scenes(lecture, scenes)
    preset = quality_of(quality, state.presets)
    try:
        chosen = parse_formats(formats, transparent)
    except FormatError as error:
        fail(str(error))
    require_latex(out)
    guarded(state, lambda: _check_plans(lecture, names))
    from scenes.cli.render import run_render
    from scenes.cli.writer import as_sole_writer
    from scenes.render.cluster import SchedulerError, scheduler_executor

    def narrate_and_render(workers: int | None, executor: Any) -> int:
        # under the output lock: the voice cache lives in the output folder, and a refused
        # --no-wait render is refused at once, before any speech is synthesised
        narration = prepared_narration(state, lecture, out, silent, quiet)
        return run_render(
            lecture,
            names,
            preset,
            out,
            workers,
            force,
            state.debug,
            chosen,
            transparent,
            executor=executor,
            narration=narration,
            quiet=quiet,
            strict=strict,
            burn_captions=burn_captions,
        )

    try:
        with scheduler_executor(scheduler) as executor:
            workers = jobs or (executor.workers if executor else None)
            code = as_sole_writer(
                lambda: narrate_and_render(workers, executor), [out], wait=not no_wait
            )
    except SchedulerError as error:
        fail(str(error))
    sys.exit(code)


def _check_plans(lecture: Lecture, names: list[str]) -> None:
    """Computes every plan once so that bad content fails before any render starts."""
    from scenes.plans import build_plan

    for name in names:
        build_plan(lecture, name)


main.add_command(export)
main.add_command(check_command)
main.add_command(watch_command)
main.add_command(storyboard_command)
main.add_command(templates_command)
main.add_command(new_command)
main.add_command(doctor_command)

if __name__ == "__main__":
    main()
