"""A table of values: headings first, then the rows one at a time.

Every heading and number comes from the plan (scenes/plans/table.py). Numbers in a column
line up where their integer part ends, so the decimal points and the units stand in one
line whatever the lengths (0.5 over 0.119 over -1.1 over 6.14 x 10^-6); the headings are in
the accent colour, a rule under them and one after the input column, as tables of values
are drawn in a textbook. A table too wide or too tall for the frame is shrunk to fit, the
number of rows and columns being capped by the plan so it still reads at 1080p.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    MathTex,
    Rectangle,
    Tex,
    Transform,
    VGroup,
    VMobject,
    config,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.maths.table_values import Cell
from scenes.plans.table import TablePlan

# ---------------------------------------------------------------- the scene

CELL_SIZE = style.BODY_SIZE
HEADING_SIZE = style.BODY_SIZE
CAPTION_SIZE = style.HEADING_SIZE
COLUMN_PAD = 0.8  # between the widest things of two columns
ROW_PAD = 0.3  # between two rows' tallest numbers
HEADER_GAP = 0.45  # between the headings and the first row (the rule runs through it)
HEADING_LINE_BUFF = 0.12
CAPTION_BUFF = 0.45
RULE_STROKE = 2
RULE_OVERHANG = 0.15  # the rules reach this far past the table's numbers
HIGHLIGHT_OPACITY = 0.16
HIGHLIGHT_PAD = 0.1  # the row's band reaches this far above and below its numbers
MAX_SCALE = 1.25  # a small table may grow this much to fill the frame

# Timing, in seconds.
HEADING_RUN_TIME = 1.2
RULE_RUN_TIME = 0.8
INPUT_RUN_TIME = 0.5
ROW_RUN_TIME = 1.0
CELL_LAG = 0.25
CELL_SHIFT = 0.25


def number_cell(c: Cell, color: str = style.TEXT_COLOR) -> MathTex:
    """A number typeset in two parts (integer part, the rest), so a column can line the
    integer parts' right ends up; an undefined cell is the word, in the muted colour."""
    if not c.defined:
        return MathTex(c.latex, font_size=CELL_SIZE, color=style.MUTED_COLOR)
    parts = (c.whole, c.rest) if c.rest else (c.whole,)
    return MathTex(*parts, font_size=CELL_SIZE, color=color)


def heading_cell(lines: Sequence[str]) -> Tex:
    """A column heading in the accent colour, one line per line of the plan, centred."""
    return Tex(
        r"\\".join(lines),
        font_size=HEADING_SIZE,
        color=style.ACCENT_COLOR,
        tex_environment="center",
    )


def _anchor_x(number: MathTex, c: Cell) -> float | None:
    """Where the integer part ends (None: a word, centred in its column instead)."""
    return number[0].get_right()[0] if c.defined else None


def _baseline_y(number: MathTex) -> float:
    return number[0].get_bottom()[1]


def table_grid(
    headings: Sequence[Tex], columns: Sequence[Sequence[tuple[MathTex, Cell]]]
) -> tuple[VGroup, list[VGroup], VGroup]:
    """Places headings and numbers in a grid; returns the header, the rows and the rules.

    Each column is as wide as its heading or its numbers, whichever is wider, and its numbers
    line up at the end of their integer parts; rows are evenly spaced on one baseline each.
    """
    rows = len(columns[0])
    numbers = [number for column in columns for number, _ in column]
    ascent = max(n.get_top()[1] - _baseline_y(n) for n in numbers)
    descent = max(_baseline_y(n) - n.get_bottom()[1] for n in numbers)
    pitch = ascent + descent + ROW_PAD

    widths, anchors = [], []
    for heading, column in zip(headings, columns, strict=True):
        placed = [(n, _anchor_x(n, c)) for n, c in column]
        left = max((a - n.get_left()[0] for n, a in placed if a is not None), default=0.0)
        right = max((n.get_right()[0] - a for n, a in placed if a is not None), default=0.0)
        words = max((n.width for n, a in placed if a is None), default=0.0)
        block = max(left + right, words)
        widths.append(max(block, heading.width) + COLUMN_PAD)
        anchors.append((left, right))
    edges = np.concatenate([[0.0], np.cumsum(widths)])

    header_height = max(heading.height for heading in headings)
    for c, heading in enumerate(headings):  # centred in the header row, one above another
        heading.move_to([(edges[c] + edges[c + 1]) / 2, header_height / 2, 0])
    header_baseline = 0.0  # the header row's bottom
    first_baseline = header_baseline - HEADER_GAP - ascent
    row_groups = [VGroup() for _ in range(rows)]
    for c, column in enumerate(columns):
        left, right = anchors[c]
        center = (edges[c] + edges[c + 1]) / 2
        anchor = center - (left + right) / 2 + left
        for r, (number, cell) in enumerate(column):
            baseline = first_baseline - r * pitch
            if cell.defined:
                number.shift(RIGHT * (anchor - _anchor_x(number, cell)))
                number.shift(UP * (baseline - _baseline_y(number)))
            else:
                number.move_to([center, 0, 0])
                number.shift(UP * (baseline - number.get_bottom()[1]))
            row_groups[r].add(number)

    top = max(h.get_top()[1] for h in headings) + RULE_OVERHANG
    bottom = first_baseline - (rows - 1) * pitch - descent - RULE_OVERHANG
    rule_y = header_baseline - HEADER_GAP / 2
    rule_style = {"color": style.MUTED_COLOR, "stroke_width": RULE_STROKE}
    rules = VGroup(
        Line([edges[0], rule_y, 0], [edges[-1], rule_y, 0], **rule_style),
        Line([edges[1], top, 0], [edges[1], bottom, 0], **rule_style),
    )
    return VGroup(*headings), row_groups, rules


class Table(LectureScene):
    """A table of values computed from formulas, filled in one row per step."""

    plan: TablePlan

    def show_the_headings(self) -> None:
        plan = self.plan
        self.caption = self._caption()
        self._build_table()
        if self.caption is not None:
            self.play(FadeIn(self.caption))
        self.play(
            LaggedStart(
                *(FadeIn(h, shift=DOWN * CELL_SHIFT) for h in self.headings), lag_ratio=CELL_LAG
            ),
            run_time=HEADING_RUN_TIME,
        )
        self.play(*(Create(rule) for rule in self.rules), run_time=RULE_RUN_TIME)
        self.wait(style.PAUSE if plan.row_count else style.SHORT_PAUSE)

    def fill_the_rows(self) -> None:
        band: Rectangle | None = None
        for row in self.rows:
            self.begin_step()  # each row is one step, said as it appears
            new_band = self._band(row)
            if band is None:
                self.play(FadeIn(new_band), run_time=INPUT_RUN_TIME)
                band = new_band
            else:
                self.play(Transform(band, new_band), run_time=INPUT_RUN_TIME)
            input_cell, *cells = row
            self.play(FadeIn(input_cell), run_time=INPUT_RUN_TIME)
            self.play(
                LaggedStart(
                    *(FadeIn(c, shift=RIGHT * CELL_SHIFT) for c in cells), lag_ratio=CELL_LAG
                ),
                run_time=ROW_RUN_TIME,
            )
        if band is not None:
            self.play(FadeOut(band))
        self.band = band
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ builders

    def _caption(self) -> Tex | None:
        if not self.plan.caption:
            return None
        caption = Tex(self.plan.caption, font_size=CAPTION_SIZE, color=style.TEXT_COLOR)
        style.shrink_to_width(caption, config.frame_width - 2 * style.FRAME_MARGIN)
        caption.to_edge(UP, buff=style.FRAME_MARGIN)
        return caption

    def _build_table(self) -> None:
        """The grid, shrunk (or a small one grown a little) to the room under the caption."""
        plan = self.plan
        headings = [heading_cell((f"${plan.variable}$",))]
        headings += [heading_cell(column.heading_lines) for column in plan.columns]
        columns = [[(number_cell(c), c) for c in plan.inputs]]
        columns += [[(number_cell(c), c) for c in column.cells] for column in plan.columns]
        header, rows, rules = table_grid(headings, columns)
        table = VGroup(header, *rows, rules)

        room_top = config.frame_height / 2 - style.FRAME_MARGIN
        if self.caption is not None:
            room_top = self.caption.get_bottom()[1] - CAPTION_BUFF
        room_bottom = -config.frame_height / 2 + style.FRAME_MARGIN
        room_width = config.frame_width - 2 * style.FRAME_MARGIN
        scale = min(MAX_SCALE, room_width / table.width, (room_top - room_bottom) / table.height)
        table.scale(scale)
        table.move_to([0, (room_top + room_bottom) / 2, 0])
        self.headings, self.rows, self.rules = header, rows, rules
        self.table = table
        self.table_scale = scale

    def _band(self, row: VGroup) -> VMobject:
        """A faint band across the table behind the row being said."""
        rule = self.rules[0]
        tallest = max(r.height for r in self.rows)
        height = tallest + 2 * HIGHLIGHT_PAD * self.table_scale
        band = Rectangle(width=rule.width, height=height, stroke_width=0)
        band.set_fill(style.HIGHLIGHT_COLOR, opacity=HIGHLIGHT_OPACITY)
        band.move_to([rule.get_center()[0], row.get_center()[1], 0])
        band.set_z_index(-1)
        return band
