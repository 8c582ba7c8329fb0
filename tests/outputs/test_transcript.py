"""The transcript (WCAG 1.2.1/1.2.8): a fake render tree in, HTML and Markdown out.

The render tree is written here: per scene an index.json with beat times and a SubRip file
whose cues are cut from each sentence as the render cuts them (caption_lines), at times
chosen here, so every expected time is known without rendering anything.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sympy
from click.testing import CliRunner

from scenes.cli.main import main
from scenes.content.loader import Lecture
from scenes.maths.narration_values import caption_formula
from scenes.maths.spoken_math import spoken_expression
from scenes.outputs.caption_lines import sentence_cues
from scenes.outputs.captions import Cue, format_srt, format_vtt
from scenes.outputs.slides import ExportError
from scenes.outputs.transcript import (
    clock,
    media_fragment,
    read_transcript,
    relative_href,
    sentence_starts,
    write_transcript,
)
from scenes.plans import load_lecture
from scenes.voice.speech import split_sentences

QUALITY = "hd"
LEAD = 0.5  # s from a beat's start to its first sentence
EACH = 3.0  # s from one sentence's start to the next's
SAID = 2.5  # s each sentence is said for

CONTENT = """
[lecture]
title = "Rules & Slopes"
scenes = ["LectureTitle", "DerivativeRules"]

[scenes.LectureTitle]
title = "Calculus for Machine Learning"
subtitle = "after lecture notes by Kevin Fu"
outline = ["Derivatives", "Gradients"]

[scenes.LectureTitle.narration]
ShowTheTitle = "Neural networks learn with calculus. This lecture gives you that calculus \
first, so that when you build a network from scratch, its mathematics already makes sense. \
It is short & sweet."
ListTheOutline = "We start from slope."

[scenes.DerivativeRules]
constant_function = "3"
linear_function = "2*x + 1"
power_function = "x**2"
power_point = 1
exponential_base = 2
chain_outer = "exp(x)"
chain_inner = "-x"
x_range = [-2, 2]
"""


def sentence_time(beat_start: float, number: int) -> float:
    return beat_start + LEAD + EACH * number


def write_scene(folder: Path, scene, chapter: str) -> dict:
    """index.json and <Scene>.srt for one scene; {beat: [(sentence, scene time)]} and length."""
    (folder / scene.name).mkdir(parents=True)
    beats, cues, said, at = [], [], {}, 0.0
    for number, beat in enumerate(scene.beats, start=1):
        sentences = split_sentences(beat.narration)
        end = at + LEAD + EACH * len(sentences) + LEAD
        said[beat.name] = []
        for index, sentence in enumerate(sentences):
            start = sentence_time(at, index)
            cues += sentence_cues(sentence, start, start + SAID)
            said[beat.name].append((sentence, start))
        beats.append(
            {
                "index": number,
                "name": beat.name,
                "narration": beat.narration,
                "start": at,
                "end": end,
                "duration": end - at,
                "files": {},
                "poster": None,
            }
        )
        at = end
    index = {"scene": scene.name, "chapter": chapter, "quality": QUALITY, "beats": beats[::-1]}
    (folder / scene.name / "index.json").write_text(json.dumps(index), encoding="utf-8")
    (folder / f"{scene.name}.srt").write_text(format_srt(cues), encoding="utf-8")
    return {"said": said, "length": at, "cues": cues}


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("transcript")


@pytest.fixture(scope="module")
def content(work: Path) -> Path:
    path = work / "lecture.toml"
    path.write_text(CONTENT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lecture(content: Path) -> Lecture:
    return load_lecture(content)


@pytest.fixture(scope="module")
def renders(work: Path, lecture: Lecture) -> Path:
    root = work / "output"
    for scene in lecture.scenes:
        write_scene(root / QUALITY, scene, scene.chapter)
    return root


@pytest.fixture(scope="module")
def scenes(lecture: Lecture, work: Path) -> dict[str, dict]:
    """What write_scene wrote, per scene (written again in a scratch folder to read it back)."""
    return {
        scene.name: write_scene(work / "scratch", scene, scene.chapter) for scene in lecture.scenes
    }


@pytest.fixture(scope="module")
def written(lecture: Lecture, renders: Path) -> tuple[Path, Path]:
    return write_transcript(lecture, renders, QUALITY, renders / QUALITY)


class Page(HTMLParser):
    """What the checks need of a page: nesting errors, headings, links, maths, ids."""

    VOID = frozenset("meta link br img hr input".split())

    def __init__(self, text: str) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.links: list[dict] = []
        self.maths: list[dict] = []
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._heading: str | None = None
        self._text: list[str] = []
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed {self.stack}")

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag not in self.VOID:
            self.stack.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = tag, []
        if tag == "a":
            self.links.append({**attributes, "text": ""})
        if tag == "math":
            self.maths.append({**attributes, "inner": ""})

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag == self._heading:
            self.headings.append((tag, "".join(self._text).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._text.append(data)
        if "a" in self.stack and self.links:
            self.links[-1]["text"] += data


def page_of(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def lines_of(lecture: Lecture, renders: Path) -> dict[str, list]:
    transcript = read_transcript(lecture, renders, QUALITY)
    return {chapter.scene: list(chapter.lines) for chapter in transcript.chapters}


# ---------------------------------------------------------------- times


def test_clock_and_media_fragment_write_times_as_read_and_as_linked():
    assert [clock(s) for s in (0, 7.9, 59.999, 65, 725, 3723.4)] == [
        "0:00",
        "0:07",
        "0:59",
        "1:05",
        "12:05",
        "1:02:03",
    ]
    assert [media_fragment(s) for s in (0, 12.3456, 2.5, 65.0)] == ["0", "12.346", "2.5", "65"]


def test_every_sentence_starts_at_its_first_cue_plus_its_scene_offset(lecture, renders, scenes):
    lines = lines_of(lecture, renders)
    offset = scenes["LectureTitle"]["length"]  # no chapters.vtt: the scenes' lengths summed

    for scene in lecture.scenes:
        start = 0.0 if scene.name == "LectureTitle" else offset
        expected = [
            (round(start + at, 3), text)
            for beat in scene.beats
            for text, at in scenes[scene.name]["said"][beat.name]
        ]
        assert [(line.start, line.text) for line in lines[scene.name]] == expected
    second = lines["DerivativeRules"][1]  # the first of the second beat, after a 1-sentence beat
    assert second.start == pytest.approx(offset + sentence_time(LEAD + EACH + LEAD, 0))


def test_a_sentence_cut_into_pages_keeps_one_time_and_the_next_gets_its_own(
    lecture, renders, scenes
):
    cues = scenes["LectureTitle"]["cues"]
    long_sentence = lines_of(lecture, renders)["LectureTitle"][1]
    pages = [
        cue
        for cue in cues
        if cue.start >= sentence_time(0.0, 1) and cue.end <= sentence_time(0.0, 2)
    ]

    assert len(pages) >= 2  # the fixture does cut it
    after = lines_of(lecture, renders)["LectureTitle"][2]
    assert long_sentence.start == sentence_time(0.0, 1)
    assert after.start == sentence_time(0.0, 2)
    assert after.text == "It is short & sweet."


def test_words_inside_a_cue_share_its_time_and_unmatched_words_share_the_beat():
    cues = [Cue(1.0, 3.0, "One. Two\nthree."), Cue(3.0, 5.0, "Four.")]

    assert sentence_starts(["One.", "Two three.", "Four."], cues, 0.0, 6.0) == pytest.approx(
        [1.0, 1.0 + 2.0 * len("One. ") / len("One. Two three. "), 3.0]
    )
    # edited since the render: from the first sentence that differs, the rest share the time
    edited = sentence_starts(["One.", "Twelve.", "Sixteen."], cues, 0.0, 6.0)
    assert edited[0] == 1.0
    assert edited[1] == pytest.approx(1.0 + 2.0 * len("One. ") / len("One. Two three. "))
    assert edited[1] < edited[2] < 6.0


def test_chapters_vtt_gives_the_scene_starts_when_it_lists_the_lectures_chapters(
    lecture, renders, scenes, tmp_path
):
    folder = tmp_path / QUALITY
    for scene in lecture.scenes:
        write_scene(folder, scene, scene.chapter)
    length = scenes["LectureTitle"]["length"]
    marks = [Cue(0.0, length + 0.25, "Introduction"), Cue(length + 0.25, 99.0, "Derivative rules")]
    (folder / "chapters.vtt").write_text(format_vtt(marks), encoding="utf-8")

    first = lines_of(lecture, tmp_path)["DerivativeRules"][0]
    assert first.start == pytest.approx(length + 0.25 + LEAD)

    stale = [Cue(0.0, 5.0, "Introduction"), Cue(5.0, 99.0, "Old rules")]
    (folder / "chapters.vtt").write_text(format_vtt(stale), encoding="utf-8")
    first = lines_of(lecture, tmp_path)["DerivativeRules"][0]
    assert first.start == pytest.approx(length + LEAD)


# ---------------------------------------------------------------- the HTML page


def test_page_is_well_formed_english_with_one_h1_and_chapters_in_lecture_order(written, lecture):
    page = page_of(written[0])
    text = written[0].read_text(encoding="utf-8")

    assert page.errors == []
    assert text.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "en"}) in page.tags
    assert page.headings == [
        ("h1", "Rules & Slopes"),
        ("h2", "Introduction"),
        ("h2", "Derivative rules"),
    ]
    assert [tag for tag, _ in page.tags].count("main") == 1
    assert len(page.ids) == len(set(page.ids))
    assert "<script" not in text and "http://" not in text.replace(
        'xmlns="http://www.w3.org/1998/Math/MathML"', ""
    )
    assert "https://" not in text


def test_every_link_goes_somewhere_and_names_its_time_and_chapter(written, lecture, renders):
    page = page_of(written[0])
    lines = lines_of(lecture, renders)
    timed = [link for link in page.links if "#t=" in link["href"]]
    targets = {f"#{id_}" for id_ in page.ids}

    expected = [
        (f"lecture.mp4#t={media_fragment(line.start)}", f"{clock(line.start)}, {scene.chapter}")
        for scene in lecture.scenes
        for line in lines[scene.name]
    ]
    assert [(link["href"], link["aria-label"]) for link in timed] == expected
    assert all(link["text"].strip() for link in page.links)
    assert all(link["aria-label"].startswith(link["text"]) for link in timed)
    inner = [link["href"] for link in page.links if link["href"].startswith("#")]
    assert inner and set(inner) <= targets  # the skip link and the chapter links land


def test_each_equation_is_mathml_with_its_spoken_form_under_its_beat(written):
    text = written[0].read_text(encoding="utf-8")
    page = page_of(written[0])
    x = sympy.Symbol("x")
    chain = sympy.exp(-x)  # the chain rule's e^(-x): the plan's formula and a step's

    alttexts = [math["alttext"] for math in page.maths]
    assert spoken_expression(chain) in alttexts
    assert alttexts.count(spoken_expression(chain)) == 1  # shown once in its beat
    assert all(math["display"] == "block" for math in page.maths)
    assert (
        f"<code>{caption_formula(sympy.exp(x))}</code>, read: {spoken_expression(sympy.exp(x))}"
        in text
    )
    assert "&ExponentialE;" not in text and "\u2147" in text  # entities as characters
    # under the beat that shows it: after the chain rule's first sentence, before the next chapter
    chain_rule = text.index("For a function inside a function")
    at = text.index(f'alttext="{spoken_expression(chain)}"')
    assert chain_rule < at
    sum_rule = text.index(f'alttext="{spoken_expression(x**2 + 2 * x + 1)}"')
    assert text.index("The derivative of a sum") < sum_rule < text.index("The power rule")


def test_text_is_escaped_and_the_video_href_is_the_one_given(lecture, renders, tmp_path):
    html_page, _ = write_transcript(lecture, renders, QUALITY, tmp_path, "../videos/talk.mp4")
    text = html_page.read_text(encoding="utf-8")

    assert "It is short &amp; sweet." in text
    assert "Rules &amp; Slopes" in text
    assert 'href="../videos/talk.mp4#t=0.5"' in text


def test_beside_the_deck_each_time_opens_its_beats_slide(lecture, renders, tmp_path):
    html_page, markdown = write_transcript(lecture, renders, QUALITY, tmp_path, slides="index.html")
    slide, expected = 0, []
    for chapter in read_transcript(lecture, renders, QUALITY).chapters:
        for beat in chapter.beats:  # the deck has one slide per beat, in lecture order
            slide += 1
            expected += [
                (
                    f"index.html#slide-{slide}",
                    f"{clock(line.start)}, {chapter.title}, slide {slide}",
                )
                for line in beat.lines
            ]
    links = page_of(html_page).links
    timed = [(link["href"], link["aria-label"]) for link in links if "#slide-" in link["href"]]
    assert timed == expected and expected[-1][0] != "index.html#slide-1"
    assert not [link for link in links if "#t=" in link["href"]]
    assert "(each time opens its slide in the deck)" in html_page.read_text("utf-8")
    assert "[the slides](<index.html>)" in markdown.read_text("utf-8")


def test_relative_href_reaches_the_video_from_the_page_folder(tmp_path):
    video = tmp_path / "output" / "hd" / "lecture.mp4"

    assert relative_href(video, tmp_path / "output" / "hd") == "lecture.mp4"
    assert relative_href(video, tmp_path / "site") == "../output/hd/lecture.mp4"


# ---------------------------------------------------------------- Markdown


def test_markdown_has_the_same_structure_with_plain_times(written, lecture, renders):
    text = written[1].read_text(encoding="utf-8")
    lines = lines_of(lecture, renders)
    headings = [line for line in text.splitlines() if line.startswith("#")]

    assert headings == ["# Rules & Slopes", "## Introduction", "## Derivative rules"]
    second = lines["DerivativeRules"][1]
    assert f"[{clock(second.start)}] {second.text}" in text
    assert "It is short & sweet." in text
    x = sympy.Symbol("x")
    assert (
        f"Equation: `{caption_formula(sympy.exp(-x))}`, read: {spoken_expression(sympy.exp(-x))}"
        in text
    )


# ---------------------------------------------------------------- what is missing


def test_a_missing_render_names_the_scene_and_the_command(lecture, tmp_path):
    (tmp_path / QUALITY).mkdir()
    write_scene(tmp_path / QUALITY, lecture.scenes[0], lecture.scenes[0].chapter)

    with pytest.raises(ExportError) as error:
        read_transcript(lecture, tmp_path, QUALITY)
    message = str(error.value)
    assert "DerivativeRules" in message
    assert f"lecture render --quality {QUALITY} --out {tmp_path}" in message


def test_missing_captions_name_the_file_and_the_command(lecture, tmp_path):
    for scene in lecture.scenes:
        write_scene(tmp_path / QUALITY, scene, scene.chapter)
    (tmp_path / QUALITY / "DerivativeRules.srt").unlink()

    with pytest.raises(ExportError, match=r"DerivativeRules\.srt is missing.*lecture render"):
        read_transcript(lecture, tmp_path, QUALITY)


# ---------------------------------------------------------------- command line


def test_cli_writes_both_files_beside_the_lecture_video(content, renders, lecture):
    result = CliRunner().invoke(
        main,
        ["--content", str(content), "export", "transcript", "--renders", str(renders)],
    )

    assert result.exit_code == 0, result.output
    folder = renders / QUALITY
    assert result.output.strip() == (
        f"{folder / 'transcript.html'}  {folder / 'transcript.md'}: 2 chapters"
    )
    page = page_of(folder / "transcript.html")
    assert [link["href"] for link in page.links if "#t=" in link["href"]][0] == "lecture.mp4#t=0.5"


def test_cli_out_folder_links_back_to_the_renders(content, renders, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "--content",
            str(content),
            "export",
            "transcript",
            "--renders",
            str(renders),
            "--out",
            str(tmp_path / "site"),
        ],
    )

    assert result.exit_code == 0, result.output
    page = page_of(tmp_path / "site" / "transcript.html")
    hrefs = [link["href"] for link in page.links if "#t=" in link["href"]]
    assert (
        hrefs[0] == f"{relative_href(renders / QUALITY / 'lecture.mp4', tmp_path / 'site')}#t=0.5"
    )


def test_cli_without_renders_is_bad_input_in_one_sentence(content, tmp_path):
    result = CliRunner().invoke(
        main, ["--content", str(content), "export", "transcript", "--renders", str(tmp_path)]
    )

    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert "LectureTitle" in result.output and "lecture render --quality hd" in result.output
    assert result.output.count("\n") == 1
