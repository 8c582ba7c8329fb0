"""One look for every scene: palette, type scale, spacing and the small builders they share.

Each colour means one thing across the whole lecture (the function is always blue,
its derivative always orange, ...), so a viewer learns the code once.
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import (
    BLUE,
    DOWN,
    GOLD,
    GREEN,
    GREY_A,
    GREY_B,
    ORANGE,
    PINK,
    RED,
    TEAL,
    WHITE,
    YELLOW,
    Axes,
    Dot,
    MathTex,
    SurroundingRectangle,
    Tex,
    VGroup,
)

# Palette: one meaning per colour.
BACKGROUND = "#0F1115"
TEXT_COLOR = WHITE
MUTED_COLOR = GREY_B
RULE_COLOR = GREY_A
FUNCTION_COLOR = BLUE
DERIVATIVE_COLOR = ORANGE
SECANT_COLOR = YELLOW
TANGENT_COLOR = RED
RUN_COLOR = GREEN
RISE_COLOR = PINK
POINT_COLOR = WHITE
HIGHLIGHT_COLOR = YELLOW
ASCENT_COLOR = RED
DESCENT_COLOR = GREEN
BALL_COLOR = GOLD
TRAIL_COLOR = YELLOW
SURFACE_COLORS = ("#236B8E", "#2E86AB")
ACCENT_COLOR = TEAL

# Type scale (manim font sizes; 48 is manim's default MathTex size).
TITLE_SIZE = 60
HEADING_SIZE = 44
BODY_SIZE = 38
LABEL_SIZE = 32
SMALL_SIZE = 28

# Spacing, in manim units (the frame is 8 units high).
FRAME_MARGIN = 0.35
HEADING_BUFF = 0.4
ITEM_BUFF = 0.35

# Timing, in seconds.
READING_WORDS_PER_SECOND = 2.6
SHORT_PAUSE = 0.6
PAUSE = 1.2


def heading(text: str) -> Tex:
    """A section heading in the top-left corner."""
    return Tex(text, font_size=HEADING_SIZE, color=TEXT_COLOR)


def body(text: str, color: str = TEXT_COLOR) -> Tex:
    return Tex(text, font_size=BODY_SIZE, color=color)


def formula(*latex: str, size: int = BODY_SIZE, color: str = TEXT_COLOR) -> MathTex:
    return MathTex(*latex, font_size=size, color=color)


def label(latex: str, color: str = TEXT_COLOR, size: int = LABEL_SIZE) -> MathTex:
    return MathTex(latex, font_size=size, color=color)


def rule_tag(text: str) -> Tex:
    """The name of a rule shown beside the step it justifies."""
    return Tex(text, font_size=SMALL_SIZE, color=RULE_COLOR)


def point_dot(color: str = POINT_COLOR) -> Dot:
    return Dot(color=color, radius=0.07)


def result_box(mobject: VGroup | MathTex) -> SurroundingRectangle:
    return SurroundingRectangle(mobject, color=HIGHLIGHT_COLOR, buff=0.18, corner_radius=0.08)


def lecture_axes(
    x_range: Sequence[float],
    y_range: Sequence[float],
    x_length: float,
    y_length: float,
    x_step: float = 1.0,
    y_step: float = 1.0,
) -> Axes:
    """Axes with numbered ticks in the lecture's colours."""
    return Axes(
        x_range=[float(x_range[0]), float(x_range[1]), x_step],
        y_range=[float(y_range[0]), float(y_range[1]), y_step],
        x_length=x_length,
        y_length=y_length,
        tips=False,
        axis_config={
            "color": GREY_B,
            "include_numbers": True,
            "font_size": SMALL_SIZE,
            "numbers_to_exclude": [0],
        },
    )


def stack(*mobjects: VGroup | Tex | MathTex, buff: float = ITEM_BUFF) -> VGroup:
    """Mobjects stacked top to bottom, left-aligned."""
    group = VGroup(*mobjects)
    group.arrange(DOWN, aligned_edge=[-1, 0, 0], buff=buff)
    return group


def reading_time(narration: str) -> float:
    """How long a viewer needs to read a beat's caption."""
    words = len(narration.split())
    return words / READING_WORDS_PER_SECOND
