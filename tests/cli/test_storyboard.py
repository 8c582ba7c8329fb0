"""`lecture storyboard`: the lecture page, the sheets, the cache and bad input."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from scenes.cli.main import main
from scenes.content.loader import DEFAULT_CONTENT
from scenes.plans import load_lecture


class PageReader(HTMLParser):
    """Each scene section's beats: (scene, beat, narration, picture src or None)."""

    def __init__(self) -> None:
        super().__init__()
        self.beats: list[tuple[str, str, str, str | None]] = []
        self.scene = ""
        self.beat: list[str | None] | None = None
        self.in_narration = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section":
            self.scene = values.get("data-scene") or ""
        elif tag == "figure":
            self.beat = [values.get("data-beat"), "", None]
        elif tag == "img" and self.beat is not None:
            self.beat[2] = values.get("src")
        elif tag == "p" and self.beat is not None:
            self.in_narration = True

    def handle_data(self, data: str) -> None:
        if self.in_narration and self.beat is not None:
            self.beat[1] = (self.beat[1] or "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.in_narration = False
        elif tag == "figure" and self.beat is not None:
            name, narration, src = self.beat
            self.beats.append((self.scene, name or "", narration or "", src))
            self.beat = None


@pytest.mark.slow
def test_the_page_lists_every_beat_of_every_scene_with_its_narration(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["storyboard", "SlopeOfLine", "-q", "draft", "--no-narration", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "draft" / "storyboard"
    page = folder / "index.html"
    assert f"Storyboard: {page}" in result.output
    reader = PageReader()
    reader.feed(page.read_text(encoding="utf-8"))
    lecture = load_lecture(DEFAULT_CONTENT)
    expected = [
        (scene.name, beat.name, beat.narration) for scene in lecture.scenes for beat in scene.beats
    ]
    assert [(scene, beat, said) for scene, beat, said, _ in reader.beats] == expected
    for scene, beat, _, src in reader.beats:
        if scene == "SlopeOfLine":
            assert src is not None and not Path(src).is_absolute()
            with Image.open(folder / src) as picture:  # relative to the page: opens from disk
                assert picture.size == (854, 480)
        else:
            assert src is None, (scene, beat)  # not drawn: listed, without a picture
    with Image.open(folder / "SlopeOfLine.png") as sheet:
        assert sheet.width > 854


@pytest.mark.slow
def test_a_second_run_skips_the_fresh_storyboard(tmp_path: Path) -> None:
    arguments = ["storyboard", "LectureTitle", "-q", "draft", "--no-narration"]
    arguments += ["--out", str(tmp_path)]
    first = CliRunner().invoke(main, arguments)
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(main, arguments)
    assert again.exit_code == 0, again.output
    assert "[1/1] LectureTitle: up to date" in again.output
    assert "drawn" not in again.output
    quiet = CliRunner().invoke(main, [*arguments, "--quiet", "--force"])
    assert quiet.exit_code == 0, quiet.output
    assert "[1/1]" not in quiet.output and "Storyboard:" in quiet.output


def test_an_unknown_scene_gets_one_sentence_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["storyboard", "NoSuchScene", "--out", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: unknown scene 'NoSuchScene'; valid scenes: LectureTitle")
    assert not (tmp_path / "hd").exists()
