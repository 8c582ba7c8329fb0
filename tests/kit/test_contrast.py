"""Contrast, WCAG 2.1 1.4.3 and 1.4.11: the colour maths, and the check in a running scene.

The expected ratios are worked out here from the WCAG formula itself, not from
scenes/kit/contrast.py, so a slip in the module cannot agree with itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from manim import (
    FadeIn,
    FunctionGraph,
    Line,
    Rectangle,
    Text,
    tempconfig,
)

from scenes.content.loader import Beat, SceneContent
from scenes.kit import style
from scenes.kit.base import LectureScene, PlannedScene
from scenes.kit.contrast import contrast_ratio, hex_of, over, relative_luminance, rgb
from scenes.kit.layout import Finding


def wcag_ratio(a: str, b: str) -> float:
    """WCAG 2.1's contrast ratio of two '#RRGGBB' colours, written out from its definition."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def as_written(ratio: float) -> str:
    """How the finding writes a ratio: one decimal, rounded down."""
    return f"{int(ratio * 10) / 10:.1f}:1"


# ------------------------------------------------------------------ the colour maths


def test_the_wcag_reference_pairs():
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.005)
    assert contrast_ratio("#FFFFFF", "#777777") == contrast_ratio("#777777", "#FFFFFF")
    assert contrast_ratio("#0F1115", "#0F1115") == pytest.approx(1.0)
    assert relative_luminance("#000") == 0.0 and relative_luminance("#FFF") == pytest.approx(1.0)


def test_compositing_mixes_by_opacity():
    assert hex_of(over("#FFFFFF", 0.5, "#000000")) == "#808080"
    assert over("#FC6255", 1.0, "#0F1115") == pytest.approx(rgb("#FC6255"))
    assert over("#FC6255", 0.0, "#0F1115") == pytest.approx(rgb("#0F1115"))
    assert hex_of(over((1.0, 0.0, 0.0), 0.25, (0.0, 0.0, 1.0))) == "#4000BF"


def test_the_lecture_palette_reads_on_its_background():
    """The colours the templates write in stand 4.5:1 from the background."""
    for colour in ("#FFFFFF", "#BBBBBB", "#DDDDDD", "#58C4DD", "#FF862F", "#FFFF00"):
        assert contrast_ratio(colour, style.BACKGROUND) > 4.5, colour


# ------------------------------------------------------------------ the check in a scene

DARK = "#303030"
PALE = "#F0F0F0"


class PlantedScene(LectureScene):
    """One planted problem (or a look-alike that is fine) per beat."""

    def dark_label(self) -> None:
        self.add(Text("0.5", font_size=36, color=DARK).move_to([-3, 2, 0]))

    def faint_label(self) -> None:
        self.add(Text("faint", font_size=36).set_opacity(0.2).move_to([3, 2, 0]))

    def dim_curve(self) -> None:
        self.add(FunctionGraph(lambda x: 0.2 * x, x_range=[-5, 5], color=DARK))

    def ghost_curve(self) -> None:
        """Faint on purpose (below the decoration opacity): not judged."""
        self.add(Line([-5, -3, 0], [5, -3, 0], color=style.MUTED_COLOR, stroke_opacity=0.3))

    def white_on_pale(self) -> None:
        patch = Rectangle(width=2.5, height=1, stroke_width=0).move_to([-3, -1.5, 0])
        patch.set_fill(PALE, opacity=1)
        self.add(patch, Text("white", font_size=36).move_to(patch))

    def fade_a_text_in(self) -> None:
        """Faint at every sample inside the fade, white at its end: nothing to report."""
        self.play(FadeIn(Text("arriving", font_size=36).move_to([3, -1.5, 0])), run_time=2)

    def on_patches(self) -> None:
        """White on the background patch a tick number gets, and on a faint highlight band."""
        tick = style.on_patch(Text("7", font_size=28).move_to([5, 0.5, 0]))
        band = Rectangle(width=2, height=0.8, stroke_width=0).move_to([5, -0.5, 0])
        band.set_fill(style.HIGHLIGHT_COLOR, opacity=0.18)
        self.add(tick, band, Text("ok", font_size=28).move_to(band))


BEATS = (
    "DarkLabel",
    "FaintLabel",
    "DimCurve",
    "GhostCurve",
    "WhiteOnPale",
    "FadeATextIn",
    "OnPatches",
)


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    content = SceneContent(
        name="Planted",
        template="Planted",
        chapter="",
        params={},
        beats=tuple(Beat(name, "") for name in BEATS),
        digest="planted",
    )
    media = tmp_path_factory.mktemp("contrast")
    settings = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 5}
    with tempconfig({**settings, "media_dir": str(Path(media)), "dry_run": True}):
        scene = PlantedScene(planned=PlannedScene(content, None), skip_animations=True)
        scene.checks_layout = True
        scene.render()
    return [f for f in scene.layout_findings if f.kind == "contrast"]


def in_beat(findings: list[Finding], beat: str) -> list[str]:
    return [f.sentence().split(": ", 1)[1] for f in findings if f.beat == beat]


def test_a_dark_label_is_found_with_its_colours_and_ratio(findings: list[Finding]):
    ratio = wcag_ratio(DARK, style.BACKGROUND)
    assert ratio < 4.5
    assert in_beat(findings, "DarkLabel") == [
        f'the text "0.5" is {DARK} on {style.BACKGROUND}, contrast {as_written(ratio)}, '
        "under the 4.5:1 text needs (WCAG 1.4.3)."
    ]


def test_a_label_at_low_opacity_is_judged_as_seen(findings: list[Finding]):
    background = [int(style.BACKGROUND[i : i + 2], 16) for i in (1, 3, 5)]
    seen = "#" + "".join(f"{round(0.2 * 255 + 0.8 * c):02X}" for c in background)
    assert in_beat(findings, "FaintLabel") == [
        f'the text "faint" is {seen} on {style.BACKGROUND}, contrast '
        f"{as_written(wcag_ratio(seen, style.BACKGROUND))}, under the 4.5:1 text needs "
        "(WCAG 1.4.3)."
    ]


def test_a_dim_curve_is_found_under_the_graphics_contrast(findings: list[Finding]):
    ratio = wcag_ratio(DARK, style.BACKGROUND)
    assert ratio < 3
    assert in_beat(findings, "DimCurve") == [
        f"a curve is {DARK} on {style.BACKGROUND}, contrast {as_written(ratio)}, "
        "under the 3:1 graphics need (WCAG 1.4.11)."
    ]


def test_white_on_a_pale_patch_is_judged_against_the_patch(findings: list[Finding]):
    ratio = wcag_ratio("#FFFFFF", PALE)
    assert in_beat(findings, "WhiteOnPale") == [
        f'the text "white" is #FFFFFF on {PALE}, contrast {as_written(ratio)}, '
        "under the 4.5:1 text needs (WCAG 1.4.3)."
    ]


def test_faint_ink_set_aside_fading_text_and_patched_text_are_not_reported(
    findings: list[Finding],
):
    for beat in ("GhostCurve", "FadeATextIn", "OnPatches"):
        assert in_beat(findings, beat) == [], beat
    assert len(findings) == 4  # each problem once, in the beat it appeared
