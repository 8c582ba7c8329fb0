"""`lecture templates` lists the scene templates; `lecture new FILE` writes a starter lecture.

Both read the templates' schemas, so a new template shows up here without any edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import click

from scenes.cli.common import PRESETS_DIR, fail
from scenes.content.schema import GROUPS, Kind, TemplateSchema
from scenes.content.toml_text import toml_value
from scenes.paths import DEFAULT_CONTENT, RENDER_CONFIG_DIR

KIND_NAMES = {
    Kind.TEXT: "text",
    Kind.TEXT_LIST: "list of texts",
    Kind.EXPR_X: "formula in x",
    Kind.EXPR_XY: "formula in x, y",
    Kind.EXPR_LIST: "list of formulas",
    Kind.NUMBER: "number",
    Kind.POSITIVE: "number > 0",
    Kind.COUNT: "whole number",
    Kind.STEP_SIZES: "decreasing numbers",
    Kind.POINT: "point [x, y]",
    Kind.POINT_LIST: "list of points",
    Kind.RANGE: "range [low, high]",
    Kind.NAME: "one letter",
    Kind.HELPERS: "table of one-letter names and formulas",
    Kind.FORMULA: "formula",
    Kind.FORMULA_LIST: "list of formulas",
    Kind.VALUES: "table of names and numbers",
    Kind.NUMBER_LIST: "list of numbers",
    Kind.COUNT_LIST: "increasing whole numbers",
    Kind.RECORDS: "list of tables",
    Kind.CHOICE: "one of",
    Kind.FILE: "file beside the lecture",
}


def starter_order(schemas: list[TemplateSchema]) -> list[TemplateSchema]:
    """The templates in the order the default lecture uses them, the others after."""
    from scenes.plans import load_lecture

    used = [scene.template for scene in load_lecture(DEFAULT_CONTENT).scenes]
    return sorted(schemas, key=lambda s: used.index(s.name) if s.name in used else len(used))


def starter_lecture(
    title: str,
    schemas: list[TemplateSchema],
    steps: Mapping[str, int] | None = None,
    narrated: bool = True,
) -> str:
    """A lecture file with one scene per template, every parameter at its default; a beat
    said step by step ("Template.Beat" in `steps`, with its count) as a list: its opening,
    then the template's sentence for each step. Not `narrated`: no narration tables (every
    beat says the template's own sentences)."""
    lines = [
        "# A starter lecture: one scene per template, every parameter at its default.",
        "# Edit values and narration, delete scenes, or add more scenes of one template",
        '# ([scenes.<Id>] with template = "<Template>"); then `lecture --content FILE render`.',
        "",
        "[lecture]",
        f"title = {toml_value(title)}",
        "scenes = [",
        *(f"    {toml_value(schema.name)}," for schema in schemas),
        "]",
        "",
        "# The narration is read aloud: write it in words (no TeX, ^ or symbols). Where the",
        "# voice should say a written form differently, add a table such as:",
        "# [pronunciation]",
        '# "S(x)" = "S of x"',
    ]
    for schema in schemas:
        lines += ["", f"# {schema.description}", f"[scenes.{schema.name}]"]
        lines.append(f"chapter = {toml_value(schema.chapter)}")
        for param in schema.params:
            value = title if param.name == "title" else param.default  # the title card's
            lines.append(f"# {param.help} ({KIND_NAMES[param.kind]})")
            lines.append(f"{param.name} = {toml_value(value)}")
        if not narrated:
            continue
        lines += ["", f"[scenes.{schema.name}.narration]"]
        for beat, sentence in zip(schema.beats, schema.example_narration, strict=True):
            stepped = schema.steps_of(beat)
            count = (steps or {}).get(f"{schema.name}.{beat}", 0)
            if stepped is None or not count:
                lines.append(f"{beat} = {toml_value(sentence)}")
                continue
            lines.append(f"# said step by step: the opening, then one sentence per {stepped.each}")
            lines.append(f"{beat} = [")
            lines += [
                f"    {toml_value(text)}," for text in [sentence, *[stepped.narration] * count]
            ]
            lines.append("]")
    return "\n".join(lines) + "\n"


def starter_files(schemas: list[TemplateSchema]) -> dict[str, Path]:
    """The shipped files the starter's defaults name (a Picture's diagram.svg, which the
    example lectures of render_config/ use too), by the name the lecture gives them; each
    goes beside the starter lecture file."""
    found: dict[str, Path] = {}
    for schema in schemas:
        for param in schema.params:
            if param.kind is Kind.FILE and isinstance(param.default, str):
                shipped = RENDER_CONFIG_DIR / param.default
                if shipped.is_file() and shipped.parent == RENDER_CONFIG_DIR:
                    found[param.default] = shipped
    return found


def copy_starter_files(schemas: list[TemplateSchema], folder: Path) -> list[str]:
    """Copies the starter's files into `folder`, never over a file already there; the
    names copied."""
    import shutil

    copied = []
    for name, shipped in starter_files(schemas).items():
        target = folder / name
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(shipped, target)
        except OSError as error:
            fail(f"{target} cannot be written ({error.strerror or error}).", code=1)
        copied.append(name)
    return copied


def starter_steps(title: str, schemas: list[TemplateSchema]) -> dict[str, int]:
    """How many steps each step-by-step beat of the starter has, from its scenes' plans."""
    import tempfile

    from scenes.plans import load_lecture

    with tempfile.TemporaryDirectory(prefix="lecture-new-") as folder:
        copy_starter_files(schemas, Path(folder))
        path = Path(folder) / "lecture.toml"
        path.write_text(starter_lecture(title, schemas, narrated=False), encoding="utf-8")
        lecture = load_lecture(path)
    return {
        f"{scene.template}.{beat.name}": len(beat.parts) - 1
        for scene in lecture.scenes
        for beat in scene.beats
        if beat.stepped
    }


@click.command("templates")
def templates_command() -> None:
    """Every scene template, grouped by what it shows: its parameters (kind, default; the
    defaults are its example) and its beats."""
    from scenes.plans import templates

    ordered = starter_order([t.schema for t in templates().values()])
    for group in GROUPS:
        members = [schema for schema in ordered if schema.group == group]
        if not members:
            continue
        click.echo(f"== {group} ==")
        for schema in members:
            _describe(schema)
        click.echo("")


def _describe(schema: TemplateSchema) -> None:
    former = f"; also accepted as {', '.join(schema.aliases)}" if schema.aliases else ""
    click.echo(f"{schema.name}: {schema.description}")
    click.echo(f"  chapter: {schema.chapter}{former}")
    width = max(len(param.name) for param in schema.params)
    for param in schema.params:
        kind = KIND_NAMES[param.kind]
        if param.choices:
            kind += f" {', '.join(param.choices)}" if param.kind is Kind.CHOICE else ""
        click.echo(
            f"  {param.name:<{width}}  {kind:<18}  {toml_value(param.default)}  ({param.help})"
        )
    click.echo(f"  beats: {', '.join(schema.beats)}")
    for stepped in schema.steps:
        click.echo(
            f"  {stepped.beat}: said step by step, one sentence per {stepped.each}; "
            f"each says {toml_value(stepped.narration)}"
        )


FOLDER_README = """# {title}

A lecture for the `lecture` tool. From this folder:

    lecture render -q draft        # every scene, 854x480: output/draft/<Scene>.mp4
    lecture storyboard -q draft    # every beat's finished picture, no video
    lecture watch                  # render again on every save

- `lecture.toml`: the scenes in order, their parameters and their narration;
  `lecture templates` lists the templates a scene can use.
- `presets/`: the quality presets (`-q draft`, `hd`, `4k`), Manim `.cfg` files.
- `voice/<Scene>/<Beat>.wav`: your own recording of a beat, in place of the voice.
- `output/`: the renders.

Paths are taken from this folder wherever `lecture` runs:
`lecture --content {folder}/lecture.toml render` also writes to `{folder}/output/`.
"""
VOICE_README = """Recordings: <Scene>/<Beat>.wav (PCM WAV) replaces the voice for that beat.
The scene and beat names are those of lecture.toml; `lecture plan` lists them.
"""


@click.command("new")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--title", default="A new lecture", show_default=True, help="The lecture's title.")
@click.option(
    "--template",
    "-t",
    "chosen",
    multiple=True,
    help="Only these templates, in this order (repeat the option).  [default: all]",
)
@click.option(
    "--templates",
    "listed",
    multiple=True,
    help="Only these templates, in this order, as a comma-separated list (Statement,Picture).",
)
@click.option(
    "--from",
    "notes",
    type=click.Path(path_type=Path),
    help="Draft the lecture from these notes (Markdown with $...$ mathematics, or text "
    "exported from LaTeX with numbered headings), each equation checked by sympy.",
)
def new_command(
    path: Path, title: str, chosen: tuple[str, ...], listed: tuple[str, ...], notes: Path | None
) -> None:
    """Write a starter lecture that renders as it is: PATH.toml, a lecture file, or PATH, a
    lecture folder (its lecture.toml, presets/, voice/ for recordings, and a README). The
    files its defaults name (a Picture's example diagram) are copied beside it. With
    --from NOTES, the lecture is drafted from the notes, and what became of each section
    is printed."""
    from scenes.plans import templates

    if notes is not None:
        from scenes.cli.from_notes import draft_from_notes

        if chosen or listed:
            fail("--from drafts the scenes from the notes; leave out --template(s).")
        lecture_text, report, scenes, drafted_title = draft_from_notes(notes)
        for line in report:
            click.echo(line)
        if path.suffix != ".toml":
            _new_folder(path, lecture_text, drafted_title)
            click.echo(
                f"{path}/: lecture.toml ({scenes} scenes) drafted from {notes}; "
                f"check it with: cd {path} && lecture check"
            )
            return
        _write_new(path, lecture_text)
        click.echo(
            f"{path}: {scenes} scenes drafted from {notes}; check it with: "
            f"lecture --content {path} check"
        )
        return

    known = {name: template.schema for name, template in templates().items()}
    chosen = (
        *chosen,
        *(name.strip() for names in listed for name in names.split(",") if name.strip()),
    )
    unknown = [name for name in chosen if name not in known]
    if unknown:
        fail(f"--template {unknown[0]!r} is not a template; templates: {', '.join(known)}.")
    schemas = [known[name] for name in chosen] if chosen else starter_order(list(known.values()))
    lecture = starter_lecture(title, schemas, starter_steps(title, schemas))
    if path.suffix == ".toml":
        _write_new(path, lecture)
        beside = _listed(copy_starter_files(schemas, path.parent), "beside it")
        click.echo(
            f"{path}: {len(schemas)} scenes{beside}; render it with: "
            f"lecture --content {path} render"
        )
        return
    _new_folder(path, lecture, title)
    files = "".join(f", {name}" for name in copy_starter_files(schemas, path))
    click.echo(
        f"{path}/: lecture.toml ({len(schemas)} scenes), presets/, voice/, README.md{files}; "
        f"render it with: cd {path} && lecture render -q draft"
    )


def _new_folder(path: Path, lecture: str, title: str) -> None:
    """A lecture folder: its lecture.toml, the presets, voice/ and a README."""
    from scenes.voice.recordings import VOICE_FOLDER

    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        fail(f"{path} already exists and is not an empty folder; choose a new folder.")
    _write_new(path / "lecture.toml", lecture)
    for preset in sorted(RENDER_CONFIG_DIR.glob("*.cfg")):
        _write_new(path / PRESETS_DIR / preset.name, preset.read_text(encoding="utf-8"))
    _write_new(path / VOICE_FOLDER / "README.txt", VOICE_README)
    _write_new(path / "README.md", FOLDER_README.format(title=title, folder=path.name))


def _listed(names: list[str], where: str) -> str:
    return f" ({', '.join(names)} {where})" if names else ""


def _write_new(file: Path, text: str) -> None:
    """Write a new file whole; one that exists is never replaced (exit 2)."""
    from scenes.outputs.atomic_files import atomic_write_text

    if file.exists():
        fail(f"{file} already exists; choose another name, or delete it first.")
    try:
        atomic_write_text(file, text)
    except OSError as error:
        fail(f"{file} cannot be written ({error.strerror or error}).", code=1)
