"""The lecture's opening: its title, then the outline as a numbered list.

Every word comes from the plan (the content file), so a lecturer retitles the lecture or
reorders the outline without touching this file.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Line,
    Tex,
    VGroup,
    Write,
    config,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.plans.title import TitlePlan

# ---------------------------------------------------------------- the scene

TITLE_RUN_TIME = 2.0
RULE_WIDTH_PADDING = 0.6
RULE_STROKE = 2
SUBTITLE_BUFF = 0.35
TITLE_LIFT = 0.4
HEADER_TOP_BUFF = 0.7
HEADER_SCALE = style.HEADING_SIZE / style.TITLE_SIZE
OUTLINE_TOP_BUFF = 0.8
OUTLINE_ITEM_BUFF = 0.4
OUTLINE_SIZE = style.HEADING_SIZE
NUMBER_GAP = r"\enspace "
ITEM_SHIFT = 0.4
ITEM_RUN_TIME = 0.9


def _fit_width(mobject: VGroup | Tex, width: float) -> None:
    """Shrinks a mobject that is wider than the given width (a long title from the content)."""
    if mobject.width > width:
        mobject.scale_to_fit_width(width)


def _numbered_item(index: int, text: str) -> Tex:
    """One line "n. text", set as one Tex so number and text share a baseline."""
    item = Tex(f"{index}.", text, arg_separator=NUMBER_GAP, font_size=OUTLINE_SIZE)
    item[0].set_color(style.ACCENT_COLOR)
    item[1].set_color(style.TEXT_COLOR)
    return item


def _outline(texts: tuple[str, ...]) -> VGroup:
    """Numbered items on evenly spaced baselines (the periods after the numbers sit on them)."""
    items = VGroup(*(_numbered_item(i, text) for i, text in enumerate(texts, start=1)))
    pitch = max(item.height for item in items) + OUTLINE_ITEM_BUFF
    for row, item in enumerate(items):
        number = item[0]
        period = number.family_members_with_points()[-1]
        item.shift([-number.get_left()[0], -row * pitch - period.get_bottom()[1], 0])
    return items


class LectureTitle(LectureScene):
    """The title card, then the outline of the lecture item by item."""

    plan: TitlePlan

    def show_the_title(self) -> None:
        usable_width = config.frame_width - 2 * style.FRAME_MARGIN
        self.title = Tex(self.plan.title, font_size=style.TITLE_SIZE, color=style.TEXT_COLOR)
        _fit_width(self.title, usable_width)
        self.title.shift(UP * TITLE_LIFT)
        self.rule = Line(LEFT, RIGHT, color=style.MUTED_COLOR, stroke_width=RULE_STROKE)
        self.rule.scale_to_fit_width(self.title.width + RULE_WIDTH_PADDING)
        self.rule.next_to(self.title, DOWN, buff=SUBTITLE_BUFF / 2)
        self.subtitle = Tex(self.plan.subtitle, font_size=style.BODY_SIZE, color=style.MUTED_COLOR)
        _fit_width(self.subtitle, usable_width)
        self.subtitle.next_to(self.rule, DOWN, buff=SUBTITLE_BUFF)

        self.play(Write(self.title), run_time=TITLE_RUN_TIME)
        self.play(GrowFromCenter(self.rule))
        self.play(FadeIn(self.subtitle, shift=UP * style.SHORT_PAUSE / 3))
        self.wait(style.PAUSE)

    def list_the_outline(self) -> None:
        header = VGroup(self.title, self.rule)
        self.play(
            FadeOut(self.subtitle),
            header.animate.scale(HEADER_SCALE).to_edge(UP, buff=HEADER_TOP_BUFF),
        )
        items = _outline(self.plan.outline)
        top = header.get_bottom()[1] - OUTLINE_TOP_BUFF
        bottom = -config.frame_height / 2 + style.FRAME_MARGIN
        _fit_width(items, config.frame_width - 2 * style.FRAME_MARGIN)
        if items.height > top - bottom:
            items.scale_to_fit_height(top - bottom)
        items.move_to([0, (top + bottom) / 2, 0])

        for item in items:
            self.play(FadeIn(item, shift=RIGHT * ITEM_SHIFT), run_time=ITEM_RUN_TIME)
            self.wait(style.SHORT_PAUSE)
        self.outline = items
        self.wait(style.PAUSE)
