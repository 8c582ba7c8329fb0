"""`%%lecture` in Jupyter: try a parameter and see the scene's storyboard (or clip) inline.

A lecturer tuning a scene wants the picture next to the values, not a terminal round trip.
`%load_ext scenes.cli.notebook` registers one magic, usable as a cell or a line:

    %%lecture LectureTitle --quality draft --out lecture-preview
    [lecture]
    title = "Calculus for Machine Learning"
    scenes = ["LectureTitle"]
    ...

    %lecture render_config/lecture.toml SlopeOfLine --video

It runs the `lecture storyboard` (default) or `lecture render` (`--video`) command in the
kernel, so the picture is exactly the command's: the same loading and checks, the same
output folder rule and lock, the same cache (an unchanged scene is not drawn again). Then
it shows each beat's picture with its name and narration, or the draft clip. A cell's
lecture is written to `<out>/.cell-<digest>.toml` (hidden, so the output folder stays one
a render may use) and messages name that file; recordings' relative paths resolve from
`<out>`. Narration is silent unless `--voice` is given (the captions are the narration
text either way). A bad lecture, option or output folder is one sentence on stderr, never
a traceback, and never ends the kernel: the commands' SystemExit is caught here.

IPython is imported only inside the functions below, so importing the package never needs
it; manim is imported only by the commands, when they draw.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from scenes.outputs.storyboard import Board

MAGIC_NAME = "lecture"
DEFAULT_OUT = Path("lecture-preview")  # under the notebook's working folder
DEFAULT_QUALITY = "draft"
CELL_PREFIX = ".cell-"  # hidden: check_out_folder allows hidden files in an output folder
DIGEST_LENGTH = 12
PICTURE_WIDTH = 427  # pixels on the page per beat picture (half of draft's 854)
EXIT_INTERRUPTED = 130


class MagicError(Exception):
    """Why the magic shows nothing; str() is one sentence (empty: nothing more to say)."""


@dataclass(frozen=True)
class Request:
    """What one `%%lecture` or `%lecture` asks for."""

    scene: str | None
    file: Path | None
    quality: str
    out: Path
    video: bool
    voice: bool


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of ending the process (which would end the kernel)."""

    def error(self, message: str) -> NoReturn:
        raise MagicError(f"{self.prog}: {message}; see %{MAGIC_NAME} -h.")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise MagicError(message.strip() if message else "")  # after -h: help is printed


def _parser(line_magic: bool) -> _Parser:
    lecture = "PATH [SCENE]" if line_magic else "[SCENE] [--file PATH]"
    parser = _Parser(
        prog=f"%{MAGIC_NAME}" if line_magic else f"%%{MAGIC_NAME}",
        # given, so that parse_intermixed_args never formats a usage holding a "%" again
        usage=f"%(prog)s {lecture} [--quality Q] [--out DIR] [--video] [--voice]",
        description="Show a scene's storyboard (or, with --video, its clip) inline.",
    )
    if line_magic:
        parser.add_argument("file", type=Path, metavar="PATH", help="The lecture file.")
    parser.add_argument(
        "scene",
        nargs="?",
        default=None,
        metavar="SCENE",
        help="The scene id (needed when there are several).",
    )
    if not line_magic:
        parser.add_argument(
            "--file",
            type=Path,
            default=None,
            metavar="PATH",
            help="A lecture file; without it the cell is the lecture's TOML.",
        )
    parser.add_argument("--quality", "-q", default=DEFAULT_QUALITY, metavar="Q", help="A preset.")
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"The output folder, a folder of its own (default: {DEFAULT_OUT}/).",
    )
    parser.add_argument("--video", action="store_true", help="Render and show the clip.")
    parser.add_argument("--voice", action="store_true", help="Speak the narration.")
    return parser


def parse_request(line: str, *, line_magic: bool) -> Request:
    """The magic's options; a mistake in them is a MagicError."""
    try:
        words = shlex.split(line)
    except ValueError as error:
        raise MagicError(f"the options could not be read: {error}.") from None
    options = _parser(line_magic).parse_intermixed_args(words)  # SCENE after options too
    return Request(
        scene=options.scene,
        file=options.file,
        quality=options.quality,
        out=options.out,
        video=options.video,
        voice=options.voice,
    )


def cell_file(out: Path, text: str) -> Path:
    """The cell's lecture as a file in the output folder, named by its content."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
    path = out / f"{CELL_PREFIX}{digest}.toml"
    from scenes.outputs.atomic_files import atomic_write_text

    try:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            atomic_write_text(path, text)  # whole or not at all, as every file in `out`
    except OSError as error:
        raise MagicError(f"{path} could not be written: {error.strerror}.") from None
    return path


def lecture_file(request: Request, cell: str | None) -> Path:
    """The lecture file the command reads: --file (or the line's PATH), else the cell's."""
    from scenes.render.out_folder import OutFolderError, check_out_folder

    try:  # before the cell's file is written there
        check_out_folder(request.out)
    except OutFolderError as error:
        raise MagicError(str(error)) from None
    body = cell if cell is not None and cell.strip() else None
    if request.file is not None:
        if body is not None:
            raise MagicError("give the lecture either with --file or in the cell, not both.")
        return request.file
    if body is None:
        raise MagicError("the cell holds no lecture: write its TOML there, or give --file PATH.")
    return cell_file(request.out, body)


def chosen_scene(path: Path, scene: str | None) -> str:
    """The named scene, or the lecture's only one; a bad lecture is its one sentence."""
    from scenes.content.loader import ContentError
    from scenes.plans import load_lecture

    try:
        lecture = load_lecture(path)
    except ContentError as error:
        raise MagicError(str(error)) from None
    names = [content.name for content in lecture.scenes]
    if scene is not None:
        return scene  # an unknown one is refused by the command, listing the valid ones
    if len(names) == 1:
        return names[0]
    raise MagicError(f"{path} has {len(names)} scenes; name the one to show: {', '.join(names)}.")


def command_arguments(request: Request, path: Path, scene: str) -> list[str]:
    """The `lecture` command line the magic runs."""
    command = "render" if request.video else "storyboard"
    arguments = ["--content", str(path), command, scene, "--quality", request.quality]
    arguments += ["--out", str(request.out), "--no-wait", "--quiet"]
    return arguments if request.voice else [*arguments, "--no-narration"]


def run_command(arguments: Sequence[str]) -> int:
    """Run `lecture ARGUMENTS` in this process; its exit code. Its sentences are printed."""
    import click

    from scenes.cli.main import main

    try:
        main.main(list(arguments), prog_name=MAGIC_NAME, standalone_mode=False)
    except SystemExit as done:  # the commands end with sys.exit, which must not end the kernel
        code = done.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    except click.ClickException as error:  # a bad option or output folder
        print(f"Error: {error.format_message()}", file=sys.stderr)
        return error.exit_code
    except click.exceptions.Abort:  # interrupted before the command caught it
        print("Interrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0


def storyboard_html(board: Board, pictures: Sequence[bytes]) -> str:
    """The board as HTML: each beat's PNG (embedded) with its number, name and narration."""
    figures = []
    for number, (beat, png) in enumerate(zip(board.beats, pictures, strict=True), start=1):
        name = html.escape(beat.name)
        source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        figures.append(
            f'<figure data-beat="{name}" style="margin:0;width:{PICTURE_WIDTH}px">'
            f'<img src="{source}" alt="{name}" style="width:100%">'
            f"<figcaption><b>{number}. {name}</b> ({beat.planned:.1f} s)<br>"
            f"{html.escape(beat.narration)}</figcaption></figure>"
        )
    title = html.escape(f"{board.scene}: {board.chapter} ({board.quality})")
    return (
        f'<div class="lecture-storyboard" data-scene="{html.escape(board.scene)}">'
        f"<h4>{title}</h4>"
        '<div style="display:flex;flex-wrap:wrap;gap:12px">' + "".join(figures) + "</div></div>"
    )


def storyboard_view(out: Path, quality: str, scene: str) -> Any:
    """The drawn storyboard of `scene` as an IPython HTML object."""
    from IPython.display import HTML

    from scenes.outputs import storyboard

    folder = storyboard.board_dir(out / quality)
    board = storyboard.read_board(folder, scene)
    if board is None:
        raise MagicError(f"{storyboard.record_path(folder, scene)} could not be read.")
    try:
        pictures = [(folder / beat.image).read_bytes() for beat in board.beats]
    except OSError as error:
        raise MagicError(f"{error.filename} could not be read: {error.strerror}.") from None
    return HTML(storyboard_html(board, pictures))


def clip_view(out: Path, quality: str, scene: str) -> Any:
    """The rendered clip of `scene`, embedded, as an IPython Video object."""
    from IPython.display import Video

    clip = out / quality / f"{scene}.mp4"
    if not clip.is_file():
        raise MagicError(f"{clip} was not written.")
    return Video(str(clip), embed=True, mimetype="video/mp4", html_attributes="controls")


def preview(request: Request, cell: str | None) -> Any:
    """What to display for the request; a MagicError says why there is nothing."""
    path = lecture_file(request, cell)
    scene = chosen_scene(path, request.scene)
    if run_command(command_arguments(request, path, scene)) != 0:
        raise MagicError("")  # the command has printed its sentence
    if request.video:
        return clip_view(request.out, request.quality, scene)
    return storyboard_view(request.out, request.quality, scene)


def lecture_magic(line: str, cell: str | None = None) -> None:
    """`%%lecture [SCENE] [--file PATH] [--quality Q] [--out DIR] [--video] [--voice]`,
    or `%lecture PATH [SCENE] [...]`: show the scene's storyboard, or its clip, inline."""
    from IPython.display import display

    try:
        request = parse_request(line, line_magic=cell is None)
        shown = preview(request, cell)
    except MagicError as error:
        if str(error):
            print(f"Error: {error}", file=sys.stderr)
        return
    display(shown)


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """`%load_ext scenes.cli.notebook`: register `%%lecture` and `%lecture`."""
    ipython.register_magic_function(lecture_magic, magic_kind="line_cell", magic_name=MAGIC_NAME)


def unload_ipython_extension(ipython: InteractiveShell) -> None:
    """`%unload_ext scenes.cli.notebook`: the magic is gone again."""
    for kind in ("line", "cell"):
        ipython.magics_manager.magics[kind].pop(MAGIC_NAME, None)
