"""One look for every scene: palette, type scale, spacing and the small builders they share.

Each colour means one thing across the whole lecture (the function is always blue,
its derivative always orange, ...), so a viewer learns the code once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from manim import (
    BLUE,
    DL,
    DOWN,
    GOLD,
    GREEN,
    GREY_A,
    GREY_B,
    LEFT,
    ORANGE,
    ORIGIN,
    PINK,
    RED,
    RIGHT,
    TEAL,
    UL,
    UP,
    UR,
    WHITE,
    YELLOW,
    Axes,
    DashedVMobject,
    Dot,
    Line,
    MathTex,
    SurroundingRectangle,
    Tex,
    VGroup,
    VMobject,
)

from scenes.kit.contrast import LECTURE_BACKGROUND

if TYPE_CHECKING:
    from manim import Mobject

    from scenes.kit.placement import Placer

# Palette: one meaning per colour.
BACKGROUND = LECTURE_BACKGROUND
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
SLICE_COLOR = "#E8C3F7"  # a cross-section of the surface (a light lilac, clear on its blues)
ACCENT_COLOR = TEAL

# Type scale (manim font sizes; 48 is manim's default MathTex size).
TITLE_SIZE = 60
HEADING_SIZE = 44
BODY_SIZE = 38
LABEL_SIZE = 32
SMALL_SIZE = 28

# Spacing, in manim units (the frame is 8 units high).
MAX_TICK_PLACES = 3
FRAME_MARGIN = 0.35
HEADING_BUFF = 0.4
ITEM_BUFF = 0.35

# Timing, in seconds.
BEAT_HOLD = 0.5
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
        x_axis_config={"decimal_number_config": _tick_number_config(x_step)},
        y_axis_config={"decimal_number_config": _tick_number_config(y_step)},
    )


def _tick_number_config(step: float) -> dict[str, int]:
    """Tick numbers with as many decimals as the step needs: 1, 2, 3 -- not 1.0, 2.0, 3.0."""
    places = 0
    while places < MAX_TICK_PLACES and abs(step * 10**places - round(step * 10**places)) > 1e-9:
        places += 1
    return {"num_decimal_places": places}


LEGEND_SWATCH_LENGTH = 0.6
LEGEND_SWATCH_BUFF = 0.25
LEGEND_SWATCH_DASHES = 3
CURVE_STROKE = 5


def legend_entry(text: str | MathTex, color: str, dashed: bool = False) -> VGroup:
    """A short line in a curve's colour (dashed for a dashed curve), then its formula."""
    swatch: Line | DashedVMobject = Line(
        ORIGIN, LEGEND_SWATCH_LENGTH * RIGHT, color=color, stroke_width=CURVE_STROKE
    )
    if dashed:
        swatch = DashedVMobject(swatch, num_dashes=LEGEND_SWATCH_DASHES)
    formula_part = formula(text, color=color) if isinstance(text, str) else text
    formula_part.next_to(swatch, RIGHT, buff=LEGEND_SWATCH_BUFF)
    return VGroup(swatch, formula_part)


NUMBER_PAD = 0.04
NUMBER_LAYER = 1


def on_patch(text: Mobject) -> Mobject:
    """Text on a patch of the background: a line it has to cross stops at its edge instead
    of running through its glyphs (the layout check still measures the glyphs alone)."""
    text.add_background_rectangle(color=BACKGROUND, opacity=1, buff=NUMBER_PAD)
    return text


def numbers_in_front(axes: Axes) -> Axes:
    """Tick numbers on a background patch above the curves, so curves pass behind, not through."""
    for number in (*axes.x_axis.numbers, *axes.y_axis.numbers):
        on_patch(number).set_z_index(NUMBER_LAYER)
    return axes


def tangent_segment(
    axes: Axes, x: float, y: float, slope: float, length: float, color: str = TANGENT_COLOR
) -> Line:
    """A tangent of fixed on-screen length through (x, y) in axes coordinates."""
    direction = np.array([axes.x_axis.get_unit_size(), slope * axes.y_axis.get_unit_size(), 0.0])
    direction /= np.linalg.norm(direction)
    center = axes.c2p(x, y)
    half = length / 2 * direction
    return Line(center - half, center + half, color=color, stroke_width=CURVE_STROKE)


def shrink_to_width(mobject: VMobject, width: float) -> VMobject:
    """Scale a mobject down (never up) so it is at most `width` wide."""
    if mobject.width > width:
        mobject.scale_to_fit_width(width)
    return mobject


def stack(*mobjects: VGroup | Tex | MathTex, buff: float = ITEM_BUFF) -> VGroup:
    """Mobjects stacked top to bottom, left-aligned."""
    group = VGroup(*mobjects)
    group.arrange(DOWN, aligned_edge=[-1, 0, 0], buff=buff)
    return group


# Graphs inside an axes window: a curve or line is cut where it leaves the window, so it
# never runs over the axes' numbers or off the frame.
WINDOW_SAMPLES = 400
PLOT_SAMPLES = 160
EDGE_BISECTIONS = 40


def _inside(value: float, low: float, high: float) -> bool:
    return bool(np.isfinite(value)) and low <= value <= high


def _edge(
    f: Callable[[float], float], inside_x: float, outside_x: float, y_range: Sequence[float]
) -> float:
    """Where f leaves the y window between a point inside and one outside (bisection)."""
    for _ in range(EDGE_BISECTIONS):
        middle = (inside_x + outside_x) / 2
        if _inside(f(middle), *y_range):
            inside_x = middle
        else:
            outside_x = middle
    return float(inside_x)


def window_pieces(
    f: Callable[[float], float], x_range: Sequence[float], y_range: Sequence[float]
) -> list[tuple[float, float]]:
    """The x intervals on which the graph of f stays inside the window x_range x y_range."""
    xs = np.linspace(float(x_range[0]), float(x_range[1]), WINDOW_SAMPLES)
    inside = [_inside(f(float(x)), *y_range) for x in xs]
    pieces: list[tuple[float, float]] = []
    start: int | None = None
    for i, flag in enumerate([*inside, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            low = float(xs[start]) if start == 0 else _edge(f, xs[start], xs[start - 1], y_range)
            end = i - 1
            high = float(xs[end]) if end == len(xs) - 1 else _edge(f, xs[end], xs[end + 1], y_range)
            if high > low:
                pieces.append((low, high))
            start = None
    return pieces


def graph_in_window(
    axes: Axes,
    f: Callable[[float], float],
    x_range: Sequence[float],
    y_range: Sequence[float],
    color: str = FUNCTION_COLOR,
) -> VGroup:
    """The graph of f, cut where it leaves the axes' window."""
    return VGroup(
        *(
            axes.plot(f, x_range=[low, high, (high - low) / PLOT_SAMPLES], color=color)
            for low, high in window_pieces(f, x_range, y_range)
        )
    )


def segment_in_window(
    point: Sequence[float], slope: float, x_range: Sequence[float], y_range: Sequence[float]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The ends of the line through point with the given slope, cut to the window."""
    x, y = float(point[0]), float(point[1])
    low, high = float(x_range[0]), float(x_range[1])
    if slope != 0:
        ends = sorted((x + (float(y_range[0]) - y) / slope, x + (float(y_range[1]) - y) / slope))
        low, high = max(low, ends[0]), min(high, ends[1])
    return (low, y + slope * (low - x)), (high, y + slope * (high - x))


def line_in_window(
    axes: Axes,
    point: Sequence[float],
    slope: float,
    x_range: Sequence[float],
    y_range: Sequence[float],
    color: str,
) -> Line:
    """A straight line (secant, tangent) through a point, drawn across the whole window."""
    start, end = segment_in_window(point, slope, x_range, y_range)
    return Line(axes.c2p(*start), axes.c2p(*end), color=color)


def axis_labels(placer: Placer, axes: Axes) -> VGroup:
    """x by the x axis's right end and y by the y axis's top, each where the placer finds
    room (inside the graph's corner rather than over a neighbouring column)."""
    x_label, y_label = label("x", MUTED_COLOR), label("y", MUTED_COLOR)
    placer.place(x_label, axes.x_axis.get_end(), directions=(UL, DL, UP, DOWN), leader=False)
    placer.place(y_label, axes.y_axis.get_end(), directions=(UR, RIGHT, UL, LEFT), leader=False)
    return VGroup(x_label, y_label)


def place_beside_path(
    placer: Placer,
    label: Mobject,
    anchors: Sequence[np.ndarray],
    *,
    pad: float = 0.08,
    **kept: Any,
) -> Mobject:
    """Place `label` with a `placement.Placer` beside whichever of `anchors` (points along a
    curve or a line) leaves it freest, rather than at one fixed point of the path; `pad`
    keeps the path that far off the label's corners as well as its sides. `kept` are the
    Placer's `directions` and `buff`. No leader: the label is always beside the path."""
    from scenes.kit.layout import Box, set_anchor

    width, height = label.width + 2 * pad, label.height + 2 * pad

    def spot(anchor: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        point = np.asarray(anchor, dtype=float).reshape(3)
        on_frame = placer.to_frame(label, point.reshape(1, 3))[0]
        centre, _ = placer.spot(width, height, on_frame, **kept)
        (x, y), half_w, half_h = centre, width / 2, height / 2
        box = Box(x - half_w, y - half_h, x + half_w, y + half_h)
        return placer.cost(box, on_frame), centre - on_frame[:2], point

    _, shift, point = min((spot(anchor) for anchor in anchors), key=lambda found: found[0])
    label.move_to(point + np.array([shift[0], shift[1], 0.0]))
    set_anchor(label, point)
    placer.occupy(label)
    return label
