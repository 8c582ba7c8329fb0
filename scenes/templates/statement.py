"""A heading, then the lecture's points and display equations, one at a time.

Bullet points sit at the left margin and wrap inside the frame; display equations are
centred, with their label (such as "(1)") at the right margin, as in a book. However many
items there are, the list is scaled (text and gaps alike) to fit below the heading, and
an equation wider than its room shrinks; every word comes from the plan.
"""

from __future__ import annotations

from functools import cache

from manim import (
    LEFT,
    RIGHT,
    Create,
    Dot,
    FadeIn,
    MathTex,
    Mobject,
    Tex,
    VGroup,
    Write,
    config,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.wrapped_text import slide_heading, usable_width, wrapped_tex
from scenes.plans.statement import StatementItem, StatementPlan

# ---------------------------------------------------------------- the scene

ITEMS_TOP_BUFF = 0.5
ITEM_GAP = 0.42  # between two items (scaled with them when many must fit)
EQUATION_GAP = 0.55  # above and below a display equation
BULLET_RADIUS = 0.07
BULLET_GAP = 0.3  # from the bullet to its text
POINT_INDENT = 0.25  # the bullets' column, in from the margin
LABEL_GAP = 0.5  # the least room between an equation and its label
EQUATION_SIZE = style.HEADING_SIZE
POINT_SIZE = style.BODY_SIZE
LABEL_SIZE = style.BODY_SIZE

HEADING_RUN_TIME = 1.2
POINT_RUN_TIME = 0.9
EQUATION_RUN_TIME = 1.5
ITEM_SHIFT = 0.4


def left_margin() -> float:
    return -config.frame_width / 2 + style.FRAME_MARGIN


def right_margin() -> float:
    return config.frame_width / 2 - style.FRAME_MARGIN


@cache
def first_line_height(font_size: float) -> float:
    """The height of one line of text (a capital and a descender), to set a bullet beside a
    wrapped point's first line."""
    return Tex("Mg", font_size=font_size).height


class ItemRow(VGroup):
    """One item as drawn: a bullet and its text, or an equation and its label."""

    def __init__(self, item: StatementItem) -> None:
        super().__init__()
        self.item = item
        self.label: Mobject | None = None
        if item.is_equation:
            self.body: Mobject = MathTex(
                item.shown, font_size=EQUATION_SIZE, color=style.TEXT_COLOR
            )
            if item.label:
                self.label = Tex(item.label, font_size=LABEL_SIZE, color=style.MUTED_COLOR)
            room = usable_width() - 2 * (self._label_width() + LABEL_GAP)
            style.shrink_to_width(self.body, room)
            self.add(self.body, *([self.label] if self.label is not None else []))
        else:
            self.bullet = Dot(radius=BULLET_RADIUS, color=style.ACCENT_COLOR)
            room = usable_width() - POINT_INDENT - 2 * BULLET_RADIUS - BULLET_GAP
            self.body = wrapped_tex(item.shown, room, font_size=POINT_SIZE)
            self.add(self.bullet, self.body)
        self.line_height = first_line_height(POINT_SIZE)

    def _label_width(self) -> float:
        return self.label.width if self.label is not None else 0.0

    @property
    def gap(self) -> float:
        return EQUATION_GAP if self.item.is_equation else ITEM_GAP

    def set_top(self, top: float, scale: float) -> None:
        """Scales the row by `scale` and sets it with its top at `top`: a point at the left
        margin, an equation centred with its label at the right margin."""
        self.scale(scale)
        if self.item.is_equation:
            self.body.move_to([0, top - self.body.height / 2, 0])
            if self.label is not None:
                self.label.move_to([0, self.body.get_y(), 0])
                self.label.align_to([right_margin(), 0, 0], RIGHT)
            return
        self.body.move_to([0, top - self.body.height / 2, 0])
        self.body.align_to(
            [left_margin() + POINT_INDENT + (2 * BULLET_RADIUS + BULLET_GAP) * scale, 0, 0], LEFT
        )
        self.bullet.move_to(
            [
                left_margin() + POINT_INDENT + BULLET_RADIUS * scale,
                top - self.line_height * scale / 2,
                0,
            ]
        )


def item_rows(items: tuple[StatementItem, ...], top: float, bottom: float) -> VGroup:
    """The items stacked from `top` down, scaled together (text and gaps) to end above
    `bottom` when they would not."""
    rows = [ItemRow(item) for item in items]
    gaps = [max(a.gap, b.gap) for a, b in zip(rows, rows[1:], strict=False)]
    height = sum(row.height for row in rows) + sum(gaps)
    scale = min(1.0, (top - bottom) / height) if height > 0 else 1.0
    cursor = top
    for row, gap in zip(rows, [*gaps, 0.0], strict=True):
        row.set_top(cursor, scale)
        cursor -= row.body.height + gap * scale
    return VGroup(*rows)


class Statement(LectureScene):
    """The heading, then each item as it is said."""

    plan: StatementPlan

    def show_the_heading(self) -> None:
        self.heading, self.rule = slide_heading(self.plan.heading)
        self.play(Write(self.heading), run_time=HEADING_RUN_TIME)
        self.play(Create(self.rule))
        self.wait(style.SHORT_PAUSE)

    def show_the_items(self) -> None:
        top = self.rule.get_y() - ITEMS_TOP_BUFF
        bottom = -config.frame_height / 2 + style.FRAME_MARGIN
        self.items = item_rows(self.plan.items, top, bottom)
        for row in self.items:
            self.begin_step()  # each item, said as it appears
            if row.item.is_equation:
                self.play(Write(row.body), run_time=EQUATION_RUN_TIME)
                if row.label is not None:
                    self.play(FadeIn(row.label))
            else:
                self.play(
                    FadeIn(row.bullet, scale=0.5),
                    FadeIn(row.body, shift=RIGHT * ITEM_SHIFT),
                    run_time=POINT_RUN_TIME,
                )
            self.wait(style.SHORT_PAUSE)
        self.wait(style.PAUSE)
