"""`%%lecture` / `%lecture` in IPython: the storyboard inline, the clip inline, one-sentence
errors that never show a traceback nor end the shell."""

from __future__ import annotations

import base64
import io
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import CapturedIO, capture_output
from PIL import Image
from traitlets.config import Config

from scenes.cli import notebook
from scenes.content.loader import DEFAULT_CONTENT
from scenes.plans import load_lecture
from scenes.render.out_folder import check_out_folder

SCENE = "LectureTitle"
HEADER = '[lecture]\ntitle = "Notebook preview"\nscenes = ["LectureTitle"]\n\n'


def one_scene_lecture() -> str:
    """The default lecture's LectureTitle table and its narration, as a lecture of its own."""
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    start, end = text.index(f"[scenes.{SCENE}]"), text.index("[scenes.SlopeOfLine]")
    return HEADER + text[start:end]


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InteractiveShell]:
    """An IPython shell with the extension loaded; its profile and history kept off $HOME."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IPYTHONDIR", str(tmp_path_factory.mktemp("ipython")))
        config = Config()
        config.HistoryManager.hist_file = ":memory:"
        shell = InteractiveShell.instance(config=config)
        shell.run_line_magic("load_ext", "scenes.cli.notebook")
        yield shell
    InteractiveShell.clear_instance()


def run(shell: InteractiveShell, source: str) -> CapturedIO:
    """Run a cell as a notebook would; the shell neither failed nor showed a traceback."""
    with capture_output() as captured:
        result = shell.run_cell(source)
    assert result.success, (result.error_in_exec, captured.stdout, captured.stderr)
    assert "Traceback" not in captured.stdout + captured.stderr
    return captured


def assert_shell_still_works(shell: InteractiveShell) -> None:
    run(shell, "after = 6 * 7")
    assert shell.user_ns["after"] == 42


def one_sentence(captured: CapturedIO) -> str:
    """The one error line shown, with nothing displayed."""
    assert captured.outputs == []
    lines = captured.stderr.strip().splitlines()
    assert len(lines) == 1, captured.stderr
    assert lines[0].startswith("Error: ") and lines[0].endswith("."), lines[0]
    return lines[0]


class Figures(HTMLParser):
    """Each figure's (data-beat, img src, caption text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[list[str]] = []
        self.in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "figure":
            self.found.append([values.get("data-beat") or "", "", ""])
        elif tag == "img" and self.found:
            self.found[-1][1] = values.get("src") or ""
        elif tag == "figcaption":
            self.in_caption = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption":
            self.in_caption = False

    def handle_data(self, data: str) -> None:
        if self.in_caption:
            self.found[-1][2] += data


def figures(output: Any) -> list[list[str]]:
    reader = Figures()
    reader.feed(output.data["text/html"])
    return reader.found


@pytest.mark.slow
def test_the_cell_shows_every_beat_of_the_scene_with_its_name_and_narration(
    shell: InteractiveShell, tmp_path: Path
) -> None:
    out = tmp_path / "preview"
    captured = run(shell, f"%%lecture {SCENE} --quality draft --out {out}\n{one_scene_lecture()}")
    assert captured.stderr == ""
    assert len(captured.outputs) == 1
    beats = load_lecture(DEFAULT_CONTENT).scene(SCENE).beats
    shown = figures(captured.outputs[0])
    assert [name for name, _, _ in shown] == [beat.name for beat in beats]
    for (name, source, caption), beat in zip(shown, beats, strict=True):
        assert name in caption and beat.narration in caption
        prefix = "data:image/png;base64,"
        assert source.startswith(prefix)
        with Image.open(io.BytesIO(base64.b64decode(source[len(prefix) :]))) as picture:
            assert picture.format == "PNG"
            assert picture.size == (854, 480)  # the draft preset
            low, high = picture.convert("L").getextrema()
            assert high - low > 100, name  # drawn, not blank
    # the cell's lecture is a hidden file there, so the folder is still a render's own
    (cell,) = out.glob(".cell-*.toml")
    assert cell.read_text(encoding="utf-8") == one_scene_lecture()
    check_out_folder(out)
    assert_shell_still_works(shell)


def test_a_bad_lecture_is_one_sentence_naming_the_cell_file_in_the_preview_folder(
    shell: InteractiveShell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = one_scene_lecture().replace("outline = [", "outline = 3\nunused = [", 1)
    sentence = one_sentence(run(shell, f"%%lecture\n{bad}"))
    (cell,) = (tmp_path / "lecture-preview").glob(".cell-*.toml")  # the default --out
    assert sentence.startswith(f"Error: lecture-preview/{cell.name}: scenes.{SCENE}.")
    assert not (tmp_path / "lecture-preview" / "draft").exists()  # nothing drawn
    assert_shell_still_works(shell)


def test_a_refused_output_folder_is_one_sentence_and_nothing_is_written_there(
    shell: InteractiveShell, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "thesis.tex").write_text("mine")
    sentence = one_sentence(run(shell, f"%%lecture --out {notes}\n{one_scene_lecture()}"))
    assert sentence.startswith(f"Error: {notes} holds files that are not a lecture's output")
    assert [path.name for path in notes.iterdir()] == ["thesis.tex"]
    assert_shell_still_works(shell)


def test_the_scene_must_be_named_when_there_are_several_and_must_exist(
    shell: InteractiveShell, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    several = one_sentence(run(shell, f"%lecture {DEFAULT_CONTENT} --out {out}"))
    names = [scene.name for scene in load_lecture(DEFAULT_CONTENT).scenes]
    assert several == (
        f"Error: {DEFAULT_CONTENT} has {len(names)} scenes; name the one to show: "
        f"{', '.join(names)}."
    )
    # refused by the storyboard command itself, whose sys.exit(2) must not end the shell
    unknown = one_sentence(run(shell, f"%lecture {DEFAULT_CONTENT} NoSuchScene --out {out}"))
    assert unknown.startswith("Error: unknown scene 'NoSuchScene'; valid scenes: LectureTitle")
    quality = one_sentence(run(shell, f"%lecture {DEFAULT_CONTENT} {SCENE} -q nope --out {out}"))
    assert quality.startswith("Error: Unknown quality 'nope'")
    assert_shell_still_works(shell)


def test_option_mistakes_are_one_sentence_and_help_is_shown(shell: InteractiveShell) -> None:
    unknown = one_sentence(run(shell, "%%lecture --colour\n[lecture]\n"))
    assert unknown == "Error: %%lecture: unrecognized arguments: --colour; see %lecture -h."
    missing = one_sentence(run(shell, "%lecture"))
    assert "the following arguments are required: PATH" in missing
    both = one_sentence(run(shell, f"%%lecture --file {DEFAULT_CONTENT}\n[lecture]\n"))
    assert both == "Error: give the lecture either with --file or in the cell, not both."
    helped = run(shell, "%lecture -h")
    assert helped.stdout.startswith("usage: %lecture PATH [SCENE]") and helped.stderr == ""
    assert_shell_still_works(shell)


def test_video_renders_the_clip_with_the_render_command_and_embeds_it(
    shell: InteractiveShell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line is the project's `lecture render`; the drawing itself is stubbed
    (the storyboard test above draws)."""
    out = tmp_path / "out"
    clip_bytes = b"\x00\x00\x00\x18ftypmp42 a stand-in clip"
    calls: list[list[str]] = []

    def render(arguments: list[str]) -> int:
        calls.append(list(arguments))
        (out / "draft").mkdir(parents=True)
        (out / "draft" / f"{SCENE}.mp4").write_bytes(clip_bytes)
        return 0

    monkeypatch.setattr(notebook, "run_command", render)
    captured = run(shell, f"%%lecture --video --out {out}\n{one_scene_lecture()}")
    (cell,) = out.glob(".cell-*.toml")
    assert calls == [
        ["--content", str(cell), "render", SCENE, "--quality", "draft", "--out", str(out)]
        + ["--no-wait", "--quiet", "--no-narration"]
    ]
    (shown,) = captured.outputs
    assert base64.b64encode(clip_bytes).decode("ascii") in shown.data["text/html"]
    assert "video/mp4" in shown.data["text/html"]
    voiced = notebook.command_arguments(
        notebook.parse_request(f"x.toml {SCENE} --voice", line_magic=True), cell, SCENE
    )
    assert "--no-narration" not in voiced and voiced[2] == "storyboard"
    assert_shell_still_works(shell)


def test_a_failed_command_shows_nothing_more_than_its_own_sentence(
    shell: InteractiveShell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(_arguments: list[str]) -> int:
        print("Error: another render (pid 1) is writing there.", file=sys.stderr)
        return 1

    monkeypatch.setattr(notebook, "run_command", refused)
    captured = run(shell, f"%%lecture --out {tmp_path / 'out'}\n{one_scene_lecture()}")
    assert one_sentence(captured) == "Error: another render (pid 1) is writing there."


def test_importing_the_extension_imports_neither_ipython_nor_manim() -> None:
    probe = (
        "import sys, scenes.cli.notebook; print(sorted({'IPython', 'manim'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
