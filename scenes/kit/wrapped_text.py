"""Text that stays inside a width: one line where it fits, else wrapped by LaTeX itself.

A lecturer's sentence has any length; shrinking a long one to fit makes it unreadable, so a
text is set in a \\parbox as wide as its room (LaTeX breaks the lines where it must, inline
math included). Only a single word longer than the room is shrunk.
"""

from __future__ import annotations

from functools import cache

from manim import DOWN, LEFT, RIGHT, UL, Line, Tex, config

from scenes.kit import style

RULE_POINTS = 100  # the rule measured to learn how wide a TeX point is on screen
HEADING_RULE_BUFF = 0.2  # between a slide's heading and the rule under it
HEADING_RULE_STROKE = 2


@cache
def units_per_point(font_size: float) -> float:
    """How wide one TeX point is in frame units at a font size (measured once)."""
    rule = Tex(rf"\rule{{{RULE_POINTS}pt}}{{1pt}}", font_size=font_size)
    return rule.width / RULE_POINTS


def wrapped_tex(
    text: str,
    width: float,
    font_size: float = style.BODY_SIZE,
    color: str = style.TEXT_COLOR,
    centred: bool = False,
) -> Tex:
    """`text` in lines of at most `width` (left-aligned, or centred): LaTeX breaks a line
    only where it must, so a short text stays one line; shrunk only where one word is wider
    than `width`. (Plain Tex would wrap at LaTeX's own page width, centring every line.)"""
    points = width / units_per_point(font_size)
    alignment = r"\centering" if centred else r"\raggedright"
    wrapped = Tex(
        rf"\parbox{{{int(points)}pt}}{{{alignment} {text}}}", font_size=font_size, color=color
    )
    return style.shrink_to_width(wrapped, width)


def usable_width() -> float:
    """The frame's width inside its margins."""
    return config.frame_width - 2 * style.FRAME_MARGIN


def slide_heading(text: str) -> tuple[Tex, Line]:
    """A slide's heading at the top left (wrapped when long) and a rule across under it."""
    heading = wrapped_tex(text, usable_width(), font_size=style.HEADING_SIZE)
    heading.to_corner(UL, buff=style.FRAME_MARGIN)
    half = usable_width() / 2
    rule = Line(
        LEFT * half, RIGHT * half, color=style.MUTED_COLOR, stroke_width=HEADING_RULE_STROKE
    )
    rule.next_to(heading, DOWN, buff=HEADING_RULE_BUFF)
    rule.set_x(0)
    return heading, rule
