"""The HTML deck's accessibility: WCAG 2.1 AA by axe-core in headless Chromium, and the
captions, descriptions, labels and keyboard behaviour that the rules cannot see.

The fake render of test_slides gets scene-level cue files here: a `.srt` for both
scenes and a `.descriptions.vtt` for SlopeOfLine only, whose beats last 4 s each.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from test_slides import AUTOPLAY_ALLOWED, CONTENT, QUALITY, chromium, write_renders

from scenes.content.loader import Lecture
from scenes.outputs.beat_tracks import beat_cues
from scenes.outputs.captions import Cue, parse_vtt
from scenes.outputs.slides import (
    ExportError,
    beat_words,
    read_deck,
    render_html,
    write_html_deck,
)
from scenes.outputs.transcript import write_transcript
from scenes.plans import load_lecture

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE = REPO_ROOT / ".venv" / "share" / "axe-core" / "axe.min.js"
SETUP = "run `sh scripts/setup.sh test` to install it"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BEAT_SECONDS = 4.0  # SlopeOfLine's beats, in scene time: [0, 4), [4, 8), [8, 12), [12, 16)

TITLE_SRT = """1
00:00:00,000 --> 00:00:00,900
Neural networks learn with calculus.

2
00:00:01,000 --> 00:00:01,900
We start from slope.
"""

SLOPE_SRT = """1
00:00:00,500 --> 00:00:03,500
Slope is rise over run.

2
00:00:03,500 --> 00:00:04,500
Across the cut.

3
00:00:05,000 --> 00:00:06,000
Pick two 'points' on it.

4
00:00:07,999 --> 00:00:11,000
The rise & the run.

5
00:00:12,000 --> 00:00:15,500
For y = m x + b the slope is m.
"""

SLOPE_DESCRIPTIONS = """WEBVTT

NOTE written by the render, in scene time

d1
00:04.500 --> 00:07.000 line:0
Two dots appear on the line.

00:00:12.000 --> 00:00:16.000
The label &lt;m&gt; &amp; the slope.
"""

AXE_RUNNER = """<script src="axe.min.js"></script>
<script>
(function () {
  var options = { runOnly: %s };
  var found = [];
  function keep(state, result) {
    result.violations.forEach(function (rule) {
      found.push({ state: state, id: rule.id, help: rule.help, nodes: rule.nodes.map(
        function (node) { return node.target.join(" ") + ": " + node.failureSummary; }) });
    });
    return result;
  }
  function press(key) {
    document.dispatchEvent(new KeyboardEvent("keydown", { key: key, bubbles: true }));
  }
  var passed = [];
  axe.run(document, options).then(function (result) {
    keep("first slide", result);
    passed = result.passes.map(function (rule) { return rule.id; });
    press("n");
    press("?");
    return axe.run(document, options);
  }).then(function (result) {
    keep("notes and keys shown", result);
  }).catch(function (error) {
    found.push({ state: "axe", id: "error", help: String(error), nodes: [] });
  }).then(function () {
    var out = document.createElement("pre");
    out.id = "axe";
    out.textContent = JSON.stringify({ violations: found, passes: passed });
    document.body.appendChild(out);
  });
})();
</script>
</body>"""


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("accessible")


@pytest.fixture(scope="module")
def lecture(work: Path) -> Lecture:
    path = work / "lecture.toml"
    path.write_text(CONTENT, encoding="utf-8")
    return load_lecture(path)


@pytest.fixture(scope="module")
def renders(work: Path, lecture: Lecture) -> Path:
    """test_slides' fake render, with 4 s beats in SlopeOfLine and the scenes' cue files."""
    root = work / "output"
    write_renders(root, lecture)
    index_path = root / QUALITY / "SlopeOfLine" / "index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for beat in index["beats"]:
        beat["start"] = (beat["index"] - 1) * BEAT_SECONDS
        beat["end"] = beat["index"] * BEAT_SECONDS
        beat["duration"] = BEAT_SECONDS
    index_path.write_text(json.dumps(index), encoding="utf-8")
    (root / QUALITY / "LectureTitle.srt").write_text(TITLE_SRT, encoding="utf-8")
    (root / QUALITY / "SlopeOfLine.srt").write_text(SLOPE_SRT, encoding="utf-8")
    descriptions = root / QUALITY / "SlopeOfLine.descriptions.vtt"
    descriptions.write_text(SLOPE_DESCRIPTIONS, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def deck_folder(renders: Path, lecture: Lecture, work: Path) -> Path:
    """The deck with the transcript beside it, as `lecture export slides` writes them."""
    folder = work / "deck"
    write_transcript(lecture, renders, QUALITY, folder)
    write_html_deck(read_deck(lecture, renders, QUALITY), folder)
    return folder


@pytest.fixture(scope="module")
def page(deck_folder: Path) -> str:
    return (deck_folder / "index.html").read_text(encoding="utf-8")


def slide_html(page: str, number: int) -> str:
    match = re.search(rf'<section class="slide" id="slide-{number}".*?</video>', page, re.DOTALL)
    assert match, f"slide {number} is not in the page"
    return match.group(0)


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    return [(cue.start, cue.end, cue.text) for cue in parse_vtt(path.read_text(encoding="utf-8"))]


def selftest(deck_folder: Path, profile: Path, *flags: str) -> dict:
    url = (deck_folder / "index.html").as_uri() + "?selftest"
    dom = chromium(profile, AUTOPLAY_ALLOWED, *flags, "--dump-dom", url).stdout
    found = re.search(r'<pre id="selftest">(.*?)</pre>', dom)
    assert found, dom[-2000:]
    return json.loads(html.unescape(found.group(1)))


# ---------------------------------------------------------------- axe-core


@pytest.mark.parametrize("name", ["index.html", "transcript.html"])
def test_axe_core_finds_no_wcag_21_aa_violations(deck_folder, tmp_path, name):
    assert AXE.is_file(), f"axe-core is needed for this test at {AXE}: {SETUP}."
    copy = tmp_path / "deck"
    shutil.copytree(deck_folder, copy)
    shutil.copy(AXE, copy / "axe.min.js")
    index = copy / name
    runner = AXE_RUNNER.replace("%s", json.dumps(AXE_TAGS))
    index.write_text(index.read_text(encoding="utf-8").replace("</body>", runner), "utf-8")

    dom = chromium(
        tmp_path / "profile", "--virtual-time-budget=15000", "--dump-dom", index.as_uri()
    ).stdout

    found = re.search(r'<pre id="axe">(.*?)</pre>', dom, re.DOTALL)
    assert found, f"axe-core wrote no result: {dom[-2000:]}"
    result = json.loads(html.unescape(found.group(1)))
    violations = result["violations"]
    assert violations == [], "\n".join(
        f"[{v['state']}] {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"]) for v in violations
    )
    # the rules that would fail without the deck's work ran and passed
    rules = ["landmark-one-main", "page-has-heading-one", "region"]
    for rule in ["video-caption", *rules] if name == "index.html" else rules:
        assert rule in result["passes"], rule


# ---------------------------------------------------------------- tracks


def test_every_clip_has_english_captions_and_described_scenes_have_descriptions(page, deck_folder):
    for number in range(1, 7):
        slide = slide_html(page, number)
        tracks = re.findall(r"<track [^>]*>", slide)
        captions = [t for t in tracks if 'kind="captions"' in t]
        described = [t for t in tracks if 'kind="descriptions"' in t]
        assert len(captions) == 1, slide
        assert 'srclang="en"' in captions[0] and 'label="English"' in captions[0]
        assert captions[0].endswith(" default>")
        assert len(described) == (1 if number >= 3 else 0), slide  # only SlopeOfLine's
        for track in tracks:
            src = re.search(r'src="([^"]+)"', track).group(1)
            assert (deck_folder / src).is_file(), src
    assert (
        '<track kind="descriptions" srclang="en" label="Descriptions" '
        'src="media/SlopeOfLine/02-MarkTwoPoints.descriptions.vtt"' in page
    )


def test_caption_cues_are_cut_to_the_beat_and_moved_to_its_time(deck_folder):
    media = deck_folder / "media"

    assert vtt_cues(media / "SlopeOfLine" / "01-DrawTheLine.captions.vtt") == [
        (0.5, 3.5, "Slope is rise over run."),
        (3.5, 4.0, "Across the cut."),
    ]
    assert vtt_cues(media / "SlopeOfLine" / "02-MarkTwoPoints.captions.vtt") == [
        (0.0, 0.5, "Across the cut."),
        (1.0, 2.0, "Pick two 'points' on it."),  # scene time 5.0-6.0, the beat starts at 4.0
    ]
    # a 1 ms overlap from rounding is no cue of the beat before
    assert vtt_cues(media / "SlopeOfLine" / "03-RiseOverRun.captions.vtt") == [
        (0.0, 3.0, "The rise & the run.")
    ]
    assert vtt_cues(media / "LectureTitle" / "02-ListTheOutline.captions.vtt") == [
        (0.0, 0.9, "We start from slope.")
    ]
    raw = (media / "SlopeOfLine" / "03-RiseOverRun.captions.vtt").read_text(encoding="utf-8")
    assert raw == "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nThe rise &amp; the run.\n\n"


def test_descriptions_are_written_per_beat_from_the_scenes_descriptions(deck_folder):
    media = deck_folder / "media"

    assert vtt_cues(media / "SlopeOfLine" / "02-MarkTwoPoints.descriptions.vtt") == [
        (0.5, 3.0, "Two dots appear on the line.")
    ]
    assert vtt_cues(media / "SlopeOfLine" / "04-SlopeIsTheCoefficient.descriptions.vtt") == [
        (0.0, 4.0, "The label <m> & the slope.")
    ]
    assert (media / "SlopeOfLine" / "01-DrawTheLine.descriptions.vtt").read_text() == "WEBVTT\n\n"
    assert not list((media / "LectureTitle").glob("*.descriptions.vtt"))


def test_without_a_scene_srt_the_narration_is_the_beats_caption(renders, lecture, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(renders, copy)
    (copy / QUALITY / "LectureTitle.srt").unlink()

    first = read_deck(lecture, copy, QUALITY).slides[0]

    assert first.captions == (Cue(0.0, 1.0, "Neural networks learn with calculus."),)


def test_reexport_rewrites_only_changed_tracks_and_removes_stale_ones(renders, lecture, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(renders, copy)
    folder = tmp_path / "deck"
    write_html_deck(read_deck(lecture, copy, QUALITY), folder)
    captions = folder / "media" / "SlopeOfLine" / "02-MarkTwoPoints.captions.vtt"
    descriptions = folder / "media" / "SlopeOfLine" / "02-MarkTwoPoints.descriptions.vtt"
    old = 1_000_000_000_000_000_000
    os.utime(captions, ns=(old, old))
    os.utime(descriptions, ns=(old, old))

    write_html_deck(read_deck(lecture, copy, QUALITY), folder)
    unchanged = captions.stat().st_mtime_ns, descriptions.stat().st_mtime_ns
    (copy / QUALITY / "SlopeOfLine.srt").write_text(
        SLOPE_SRT.replace("Pick two", "Choose two"), encoding="utf-8"
    )
    (copy / QUALITY / "SlopeOfLine.descriptions.vtt").unlink()
    write_html_deck(read_deck(lecture, copy, QUALITY), folder)

    assert unchanged == (old, old)
    assert captions.stat().st_mtime_ns != old
    assert vtt_cues(captions)[1] == (1.0, 2.0, "Choose two 'points' on it.")
    assert not list(folder.rglob("*.descriptions.vtt"))
    assert '<track kind="descriptions"' not in (folder / "index.html").read_text(encoding="utf-8")


def test_parse_vtt_reads_cue_ids_settings_short_times_and_escapes():
    assert parse_vtt(SLOPE_DESCRIPTIONS) == [
        Cue(4.5, 7.0, "Two dots appear on the line."),
        Cue(12.0, 16.0, "The label <m> & the slope."),
    ]
    with pytest.raises(ValueError, match="no valid timing"):
        parse_vtt("WEBVTT\n\n00:01 --> 00:02\nno milliseconds\n")


def test_beat_cues_keep_a_whole_short_cue_but_drop_an_edge_sliver():
    def times(cues: list[Cue]) -> list[tuple[float, float, str]]:
        return [(round(cue.start, 6), round(cue.end, 6), cue.text) for cue in cues]

    edges = [Cue(3.9, 4.1, "cut"), Cue(7.99, 9.0, "sliver"), Cue(2.0, 3.0, "before")]

    assert times(beat_cues(edges, 4.0, 8.0)) == [(0.0, 0.1, "cut")]
    assert times(beat_cues([Cue(5.0, 5.01, "tick")], 4.0, 8.0)) == [(1.0, 1.01, "tick")]


def test_index_without_beat_times_is_an_export_error(renders, lecture, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(renders, copy)
    index_path = copy / QUALITY / "LectureTitle" / "index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    del index["beats"][0]["start"]
    index_path.write_text(json.dumps(index), encoding="utf-8")

    with pytest.raises(ExportError, match="has no valid start and end times"):
        read_deck(lecture, copy, QUALITY)


# ---------------------------------------------------------------- structure and labels


def test_slides_are_labelled_regions_with_the_chapter_as_heading(page):
    assert page.count("<h1") == 1
    assert '<h1 id="deck-title">Calculus &amp; Slides</h1>' in page
    assert page.count("<main") == 1
    assert '<a class="skip" href="#deck">Skip to the slide</a>' in page
    assert '<main id="deck" tabindex="-1">' in page
    third = slide_html(page, 3)
    assert 'role="region" aria-label="Slide 3 of 6: Slope, draw the line"' in third
    assert '<h2 class="chapter">Slope</h2>' in third
    assert 'aria-label="Slide 1 of 6: Introduction, show the title"' in page


def test_each_poster_has_the_narration_as_its_text_alternative(page):
    fifth = slide_html(page, 5)

    assert 'aria-label="Clip: rise over run" aria-describedby="notes-5"' in fifth
    assert (
        '<section class="notes" id="notes-5" aria-label="Speaker notes, slide 5">'
        "The rise &amp; the run.</section>"
    ) in page


def test_beat_names_read_as_words():
    assert beat_words("DrawTheLine") == "draw the line"
    assert beat_words("ShowXYPlane") == "show XY plane"
    assert beat_words("Step2Down") == "step2 down"


def test_transcript_is_linked_when_the_deck_folder_has_one(renders, lecture, tmp_path):
    deck = read_deck(lecture, renders, QUALITY)
    folder = tmp_path / "deck"
    without = write_html_deck(deck, folder).read_text(encoding="utf-8")
    (folder / "transcript.html").write_text("<p>words</p>", encoding="utf-8")

    linked = write_html_deck(deck, folder).read_text(encoding="utf-8")

    assert "Transcript" not in without
    assert '<a id="transcript" href="transcript.html">Transcript</a>' in linked
    assert (folder / "transcript.html").is_file()  # not stale media
    assert 'href="t%20x.html">Transcript' in render_html(deck, "#000", transcript="t x.html")


def test_reduced_motion_turns_off_transitions(page):
    css = page[page.index("@media (prefers-reduced-motion: reduce)") :]

    assert "transition: none !important" in css.split("</style>")[0]


# ---------------------------------------------------------------- in the browser


def test_sound_waits_for_the_first_key_and_k_plays_and_pauses(deck_folder, tmp_path):
    report = selftest(deck_folder, tmp_path / "profile")

    assert report["reducedMotion"] is False
    assert (report["mutedBefore"], report["pausedBefore"]) == (True, False)  # muted autoplay
    assert report["after"] == 2
    assert (report["mutedAfter"], report["pausedAfter"]) == (False, False)
    assert report["soundButton"] == "Turn sound off"
    assert report["pausedAfterToggle"] is True
    assert report["playButtonAfterToggle"] == "Play"
    assert report["pausedAfterSecondToggle"] is False
    assert (report["helpShown"], report["helpHidden"]) == (True, True)
    assert report["notesToggled"] is True


def test_captions_load_from_a_file_url(deck_folder, tmp_path):
    report = selftest(deck_folder, tmp_path / "profile")

    assert report["captionsState"] == 2  # loaded
    assert report["captions"] == [[0, 0.9, "Neural networks learn with calculus."]]


def test_reduced_motion_shows_the_poster_and_plays_on_request(deck_folder, tmp_path):
    report = selftest(deck_folder, tmp_path / "profile", "--force-prefers-reduced-motion")

    assert report["reducedMotion"] is True
    assert report["pausedBefore"] is True
    assert report["pausedAfter"] is True  # arriving on a slide plays nothing
    assert report["pausedAfterToggle"] is False  # `k` plays it
    assert report["mutedAfter"] is False
