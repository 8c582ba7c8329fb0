"""Slide decks from beat clips: a fake render tree in, an HTML deck and a .pptx out.

The render tree is made here (tiny one-colour clips with PyAV, posters with Pillow,
index.json files), so these tests do not depend on rendering. The HTML deck is opened
in headless Chromium and the .pptx converted by LibreOffice, as a lecturer would.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from scenes.cli.main import main
from scenes.content.loader import Lecture
from scenes.outputs.slides import (
    ExportError,
    read_deck,
    render_html,
    write_html_deck,
    write_pptx_deck,
)
from scenes.plans import load_lecture

QUALITY = "hd"
CLIP_SIZE = (320, 180)
COLOUR_TOLERANCE = 16  # per channel, after H.264's colour conversion and the browser's
BROWSER_TIMEOUT = 30
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--window-size=1280,720",
    "--virtual-time-budget=3000",
)

CONTENT = """
[lecture]
title = "Calculus & Slides"
scenes = ["LectureTitle", "SlopeOfLine"]

[scenes.LectureTitle]
title = "Calculus for Machine Learning"
subtitle = "after lecture notes by Kevin Fu"
outline = ["Derivatives", "Gradients"]

[scenes.LectureTitle.narration]
ShowTheTitle = "Neural networks learn with calculus."
ListTheOutline = "We start from slope."

[scenes.SlopeOfLine]
function = "2*x"
x0 = 1
x1 = 2
x_range = [-0.5, 3]
y_range = [-0.5, 6]

[scenes.SlopeOfLine.narration]
DrawTheLine = "Slope is rise over run."
MarkTwoPoints = "Pick two 'points' on it."
RiseOverRun = "The rise & the run."
SlopeIsTheCoefficient = "For y = m x + b the slope is m."
"""

# The fake renders: per scene its chapter and its beats' one-colour clips.
COLOURS = [
    (200, 40, 40),
    (40, 180, 60),
    (40, 60, 210),
    (220, 200, 40),
    (170, 60, 200),
    (40, 190, 200),
]
CHAPTERS = {"LectureTitle": "Introduction", "SlopeOfLine": "Slope"}


def write_clip(path: Path, colour: tuple[int, int, int], frames: int = 6) -> None:
    """A tiny H.264 clip of one colour."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=12)
        stream.width, stream.height = CLIP_SIZE
        stream.pix_fmt = "yuv420p"
        picture = np.zeros((CLIP_SIZE[1], CLIP_SIZE[0], 3), np.uint8)
        picture[:] = colour
        for _ in range(frames):
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def write_renders(root: Path, lecture: Lecture) -> list[dict]:
    """A render tree for the lecture; the beats it holds, in lecture order."""
    expected = []
    colours = iter(COLOURS)
    for scene in lecture.scenes:
        folder = root / QUALITY / scene.name
        folder.mkdir(parents=True)
        entries = []
        for number, beat in enumerate(scene.beats, start=1):
            stem = f"{number:02d}-{beat.name}"
            colour = next(colours)
            write_clip(folder / f"{stem}.mp4", colour)
            Image.new("RGB", CLIP_SIZE, colour).save(folder / f"{stem}.png")
            entry = {
                "index": number,
                "name": beat.name,
                "narration": beat.narration,
                "start": number - 1.0,
                "end": float(number),
                "duration": 1.0,
                "files": {"mp4": f"{stem}.mp4"},
                "poster": f"{stem}.png",
            }
            entries.append(entry)
            expected.append({**entry, "scene": scene.name, "colour": colour, "stem": stem})
        index = {
            "scene": scene.name,
            "chapter": CHAPTERS[scene.name],
            "quality": QUALITY,
            "beats": entries[::-1],  # out of order on purpose: the index field decides
        }
        (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return expected


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("slides")


@pytest.fixture(scope="module")
def content(work: Path) -> Path:
    path = work / "lecture.toml"
    path.write_text(CONTENT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lecture(content: Path) -> Lecture:
    return load_lecture(content)


@pytest.fixture(scope="module")
def renders(work: Path) -> Path:
    return work / "output"


@pytest.fixture(scope="module")
def beats(renders: Path, lecture: Lecture) -> list[dict]:
    return write_renders(renders, lecture)


@pytest.fixture(scope="module")
def html_deck(beats: list[dict], lecture: Lecture, renders: Path, work: Path) -> Path:
    return write_html_deck(read_deck(lecture, renders, QUALITY), work / "deck")


@pytest.fixture(scope="module")
def pptx_deck(beats: list[dict], lecture: Lecture, renders: Path, work: Path) -> Path:
    return write_pptx_deck(read_deck(lecture, renders, QUALITY), work / "deck.pptx")


def close(actual: tuple[int, ...], expected: tuple[int, ...]) -> bool:
    return all(abs(a - e) <= COLOUR_TOLERANCE for a, e in zip(actual, expected, strict=False))


# ---------------------------------------------------------------- reading the renders


def test_deck_lists_every_beat_in_lecture_order(beats, lecture, renders):
    deck = read_deck(lecture, renders, QUALITY)

    assert deck.title == "Calculus & Slides"
    assert [(s.scene, s.beat) for s in deck.slides] == [
        ("LectureTitle", "ShowTheTitle"),
        ("LectureTitle", "ListTheOutline"),
        ("SlopeOfLine", "DrawTheLine"),
        ("SlopeOfLine", "MarkTwoPoints"),
        ("SlopeOfLine", "RiseOverRun"),
        ("SlopeOfLine", "SlopeIsTheCoefficient"),
    ]
    first = deck.slides[0]
    assert first.chapter == "Introduction"
    assert first.narration == "Neural networks learn with calculus."
    assert first.clip("mp4") == renders / QUALITY / "LectureTitle" / "01-ShowTheTitle.mp4"
    assert first.clip("webm") is None
    assert first.poster == renders / QUALITY / "LectureTitle" / "01-ShowTheTitle.png"


def test_missing_index_names_the_file_and_the_render_command(lecture, tmp_path):
    with pytest.raises(ExportError) as error:
        read_deck(lecture, tmp_path, "draft")

    message = str(error.value)
    assert str(tmp_path / "draft" / "LectureTitle" / "index.json") in message
    assert f"lecture render --quality draft --out {tmp_path}" in message


def test_index_naming_a_missing_clip_is_an_error(beats, lecture, renders, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(renders, copy)
    (copy / QUALITY / "SlopeOfLine" / "02-MarkTwoPoints.mp4").unlink()

    with pytest.raises(ExportError, match=r"02-MarkTwoPoints\.mp4 is missing"):
        read_deck(lecture, copy, QUALITY)


# ---------------------------------------------------------------- HTML


def test_html_has_a_slide_per_beat_with_clip_poster_notes_and_chapter(beats, lecture, renders):
    page = render_html(read_deck(lecture, renders, QUALITY), "#0F1115")

    sections = re.findall(r'<section class="slide" id="slide-(\d+)"', page)
    assert sections == ["1", "2", "3", "4", "5", "6"]
    assert '<source src="media/SlopeOfLine/03-RiseOverRun.mp4" type="video/mp4">' in page
    assert 'poster="media/SlopeOfLine/03-RiseOverRun.png"' in page
    assert '<video class="clip" playsinline muted' in page  # sound waits for the first key
    assert 'aria-label="Speaker notes, slide 5">The rise &amp; the run.</section>' in page
    assert (
        'aria-label="Speaker notes, slide 4">Pick two &#x27;points&#x27; on it.</section>' in page
    )
    assert page.count('<h2 class="chapter">Slope</h2>') == 4
    assert "<title>Calculus &amp; Slides</title>" in page


def test_html_needs_no_network(html_deck):
    page = html_deck.read_text(encoding="utf-8")

    assert not re.search(r"(https?:)?//[a-z]", page, re.IGNORECASE)
    assert "<link" not in page
    assert "<script src" not in page


def test_html_deck_folder_is_self_contained(html_deck, beats, renders, tmp_path):
    moved = tmp_path / "moved"
    shutil.copytree(html_deck.parent, moved)
    page = (moved / "index.html").read_text(encoding="utf-8")

    referenced = re.findall(r'(?:src|poster)="([^"]+)"', page)
    assert len(referenced) == 3 * len(beats)  # clip, poster, captions
    for name in referenced:
        assert (moved / name).is_file(), name
    first = beats[0]
    copied = moved / "media" / "LectureTitle" / f"{first['stem']}.mp4"
    source = renders / QUALITY / "LectureTitle" / f"{first['stem']}.mp4"
    assert copied.read_bytes() == source.read_bytes()


def test_reexport_removes_media_the_deck_no_longer_uses(beats, lecture, renders, tmp_path):
    deck = read_deck(lecture, renders, QUALITY)
    folder = tmp_path / "deck"
    write_html_deck(deck, folder)
    stale = folder / "media" / "Gone" / "01-Old.mp4"
    stale.parent.mkdir()
    stale.write_bytes(b"old")

    write_html_deck(deck, folder)

    assert not stale.parent.exists()
    assert (folder / "media" / "LectureTitle" / "01-ShowTheTitle.mp4").is_file()


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "Chromium is needed for this test: run `sh scripts/setup.sh test`."
    return subprocess.run(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT,
        check=True,
    )


@pytest.mark.parametrize("slide", [1, 3])
def test_browser_shows_the_slides_poster(html_deck, beats, tmp_path, slide):
    shot = tmp_path / "shot.png"
    url = html_deck.as_uri() + (f"#slide-{slide}" if slide > 1 else "")

    chromium(tmp_path / "profile", f"--screenshot={shot}", url)

    with Image.open(shot) as image:
        middle = image.convert("RGB").getpixel((640, 360))
    assert close(middle, beats[slide - 1]["colour"]), middle
    assert not close(middle, beats[slide]["colour"]), middle


# Chromium's own autoplay policy off, so what is measured is the deck's: muted until a key.
AUTOPLAY_ALLOWED = "--autoplay-policy=no-user-gesture-required"


def test_browser_loads_the_clip_and_keys_advance_and_show_notes(html_deck, beats, tmp_path):
    url = html_deck.as_uri() + "?selftest"
    dom = chromium(tmp_path / "profile", AUTOPLAY_ALLOWED, "--dump-dom", url).stdout

    report = json.loads(re.search(r'<pre id="selftest">(.*?)</pre>', dom).group(1))
    assert report["total"] == len(beats)
    assert report["before"] == 1
    assert report["readyState"] >= 1
    assert report["source"] == "01-ShowTheTitle.mp4"
    assert report["poster"] == "media/LectureTitle/01-ShowTheTitle.png"
    assert report["after"] == 2
    assert report["hash"] == "#slide-2"
    assert report["notesToggled"] is True
    assert report["notes"] == beats[1]["narration"]
    assert re.search(r'<section class="slide active" id="slide-2"', dom)
    assert re.search(r'<footer id="counter"[^>]*>2 / 6</footer>', dom)


# ---------------------------------------------------------------- PowerPoint


def test_pptx_has_a_slide_per_beat_with_movie_poster_notes_and_title(pptx_deck, beats, renders):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    presentation = Presentation(str(pptx_deck))

    assert len(presentation.slides) == len(beats)
    for slide, beat in zip(presentation.slides, beats, strict=True):
        folder = renders / QUALITY / beat["scene"]
        assert slide.shapes.title.text == CHAPTERS[beat["scene"]]
        movies = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]
        assert len(movies) == 1
        assert slide.notes_slide.notes_text_frame.text == beat["narration"]
        parts = {rel.target_part.content_type: rel.target_part for rel in slide.part.rels.values()}
        assert parts["video/mp4"].blob == (folder / f"{beat['stem']}.mp4").read_bytes()
        assert parts["image/png"].blob == (folder / f"{beat['stem']}.png").read_bytes()


@pytest.mark.slow
def test_pptx_converts_to_a_pdf_page_per_slide_showing_the_posters(pptx_deck, beats, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice is needed for this test: apt-get install libreoffice-impress"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(pptx_deck),
        ],
        capture_output=True,
        timeout=BROWSER_TIMEOUT,
        check=True,
    )
    pdf = tmp_path / "deck.pdf"

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE).group(1) == str(len(beats))
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", "-f", "3", "-l", "3", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=BROWSER_TIMEOUT,
    )
    with Image.open(next(tmp_path.glob("page*.png"))) as page:
        width, height = page.size
        middle = page.convert("RGB").getpixel((width // 2, height // 2))
    assert close(middle, beats[2]["colour"]), middle


# ---------------------------------------------------------------- command line


def test_cli_exports_both_decks(beats, content, renders, tmp_path):
    runner = CliRunner()
    base = ["--content", str(content), "export", "slides", "--renders", str(renders)]

    html = runner.invoke(main, [*base, "--to", "html", "--out", str(tmp_path / "web")])
    pptx = runner.invoke(main, [*base, "--to", "pptx", "--out", str(tmp_path / "talk.pptx")])

    assert html.exit_code == 0, html.output
    no_captions = renders / "hd" / "LectureTitle.srt"  # these renders hold beat clips only
    assert html.output.splitlines() == [
        f"No transcript in the deck: {no_captions} is missing: render scene LectureTitle's "
        f"captions first with `lecture render --quality hd --out {renders}`.",
        f"{tmp_path / 'web' / 'index.html'}: 6 slides",
    ]
    assert not (tmp_path / "web" / "transcript.html").exists()
    assert pptx.exit_code == 0, pptx.output
    assert (tmp_path / "talk.pptx").stat().st_size > 0


def test_cli_without_renders_is_bad_input_in_one_sentence(content, tmp_path):
    result = CliRunner().invoke(
        main, ["--content", str(content), "export", "slides", "--renders", str(tmp_path)]
    )

    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert "index.json is missing" in result.output
    assert result.output.count("\n") == 1
