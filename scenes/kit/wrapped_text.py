"""Text that stays inside a width: one line where it fits, else wrapped by LaTeX itself.

A lecturer's sentence has any length; shrinking a long one to fit makes it unreadable, so a
text is set in a \\parbox as wide as its room (LaTeX breaks the lines where it must, inline
math included). Only a single word longer than the room is shrunk.
"""

from __future__ import annotations

from functools import cache

from manim import Tex

from scenes.kit import style

RULE_POINTS = 100  # the rule measured to learn how wide a TeX point is on screen


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
