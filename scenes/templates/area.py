"""Riemann sums converge to the integral of f over [a, b].

The graph takes the left of the frame, the sum's definition and the table of sums the
right (as SecantConvergence's table of slopes). The region between f and the x axis is
shaded, then cut into n rectangles for each count of the content file: each count's
rectangles replace the previous ones and its row (n, the strips' width, the sum) is
written into the table. Area below the x axis counts negative and is coloured so. Last,
the sum's definition gives way to its limit, the integral with its value, and the
rectangles melt into the exact region. Every number comes from the plan; labels are
placed by a Placer, tick numbers the rectangles run through are taken off.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Mobject,
    Polygon,
    ReplacementTransform,
    VGroup,
    Write,
    config,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.layout import Box
from scenes.kit.placement import Placer, clear_tick_numbers
from scenes.maths import riemann
from scenes.plans.area import AreaPlan, AreaRowPlan

# Layout: graph on the left (~60%), definition and table in a column on the right.
GRAPH_WIDTH = 7.6
GRAPH_HEIGHT = 6.9
GRAPH_LEFT_PAD = 0.3
COLUMN_LEFT = 1.45
COLUMN_TOP_BUFF = 0.45
COLUMN_BOTTOM_BUFF = 0.45
PANEL_GAP = 0.15
NUMBER_GAP = 0.12  # the gap labels keep from the axes' numbers
MAX_CURVE_LABEL_WIDTH = 3.0  # f's formula wider than this is named "f" on the graph
PATH_SPOTS = tuple(i / 12 for i in range(1, 12))  # where along a curve a label may sit

# The area: fills by sign, rectangles' outlines thinning as they narrow.
POSITIVE_COLOR = style.ACCENT_COLOR
NEGATIVE_COLOR = style.RISE_COLOR
REGION_OPACITY = 0.35
RECTANGLE_OPACITY = 0.55
RECTANGLE_STROKE = 2.0
STROKE_PER_UNIT = 12.0  # a rectangle's outline is at most this many times its width (units)
MAX_MARKED = 16  # sample points are dotted up to this many rectangles
SAMPLE_DOT_RADIUS = 0.05
GUIDE_DASH = 0.08
GUIDE_STROKE = 2

# The column: definition lines, then the table.
DEFINITION_SIZE = style.BODY_SIZE
DEFINITION_BUFF = 0.3
TABLE_GAP = 0.45
TABLE_HEADERS = ("n", r"\Delta x")
TABLE_CELL_SIZE = style.BODY_SIZE
TABLE_COLUMN_PAD = 0.45
TABLE_ROW_PAD = 0.22
TABLE_RULE_STROKE = 2
LIMIT_SIZE = style.BODY_SIZE
BOX_ROOM = 0.25  # room kept around the limit for its box
MIN_TABLE_SIZE = 22  # the table's cells are set no smaller (the layout check's floor is 20)
MIN_SLOT_SIZE = 22  # the definition and the limit shrink to no less, to make room
LIMIT_BUFF = 0.25

# Timing, in seconds.
DRAW_RUN_TIME = 1.5
RECTANGLES_RUN_TIME = 1.2
CELL_RUN_TIME = 0.6
FORMULA_RUN_TIME = 1.5
MELT_RUN_TIME = 1.5


def column_right() -> float:
    return config.frame_width / 2 - style.FRAME_MARGIN


def column_width() -> float:
    return column_right() - COLUMN_LEFT


def column_top() -> float:
    return config.frame_height / 2 - COLUMN_TOP_BUFF


def column_bottom() -> float:
    return -config.frame_height / 2 + COLUMN_BOTTOM_BUFF


def column_center_x() -> float:
    return (COLUMN_LEFT + column_right()) / 2


def _cell(latex: str, color: str = style.TEXT_COLOR) -> MathTex:
    return MathTex(latex, font_size=TABLE_CELL_SIZE, color=color)


def grid_table(rows: Sequence[Sequence[MathTex]]) -> VGroup:
    """A grid of cells: header first, a rule under the header and between columns.

    Returns VGroup(header_row, *data_rows, rules); each row is a VGroup of its cells.
    """
    columns = len(rows[0])
    widths = [max(row[c].width for row in rows) + TABLE_COLUMN_PAD for c in range(columns)]
    heights = [max(cell.height for cell in row) + TABLE_ROW_PAD for row in rows]
    lefts = np.concatenate([[0.0], np.cumsum(widths)])
    tops = np.concatenate([[0.0], -np.cumsum(heights)])
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            cell.move_to([(lefts[c] + lefts[c + 1]) / 2, (tops[r] + tops[r + 1]) / 2, 0])
    rule_style = {"color": style.MUTED_COLOR, "stroke_width": TABLE_RULE_STROKE}
    rules = VGroup(Line([lefts[0], tops[1], 0], [lefts[-1], tops[1], 0], **rule_style))
    for c in range(1, columns):
        rules.add(Line([lefts[c], tops[0], 0], [lefts[c], tops[-1], 0], **rule_style))
    return VGroup(*(VGroup(*row) for row in rows), rules)


def fit(mobject: Mobject, width: float, height: float | None = None) -> Mobject:
    """Scales a mobject down (never up) to fit a width and, given one, a height."""
    style.shrink_to_width(mobject, width)
    if height is not None and mobject.height > height:
        mobject.scale_to_fit_height(height)
    return mobject


class AreaUnderCurve(LectureScene):
    """f over [a, b]: the region, rectangles for each count and their sums, the integral."""

    plan: AreaPlan

    # ------------------------------------------------------------------ beats

    def draw_the_curve(self) -> None:
        plan = self.plan
        self.axes = self._axes()
        self.axis_labels = VGroup()
        self.curve = style.graph_in_window(self.axes, plan.f, plan.x_range, plan.y_range)
        self.region = self._region(REGION_OPACITY)
        self.all_rectangles = [self._rectangles(row) for row in plan.rows]
        self.guides = VGroup(*(self._guide(x) for x in (plan.a, plan.b)))
        to_come = VGroup(self.region, self.guides, *self.all_rectangles)
        clear_tick_numbers(self.axes, self.curve, to_come)
        self.axis_labels = style.axis_labels(self._graph_placer(to_come), self.axes)
        placer = self._graph_placer(to_come)
        placer.avoid_box(Box.around(self.region.get_all_points()), "the area")
        self.curve_label = style.label(plan.function_latex, style.FUNCTION_COLOR)
        self.named_only = self.curve_label.width > MAX_CURVE_LABEL_WIDTH
        if self.named_only:  # no room beside the curve: its name there, its formula on top
            self.curve_label = style.label("f", style.FUNCTION_COLOR)
        style.place_beside_path(placer, self.curve_label, self._along(self.curve))
        self.column = self._column()

        self.play(Create(self.axes), FadeIn(self.axis_labels), run_time=DRAW_RUN_TIME)
        self.play(Create(self.curve), run_time=DRAW_RUN_TIME)
        self.play(Write(self.curve_label), *self._write_function_line())
        self.play(Create(self.guides), FadeIn(self.region))
        self.wait(style.PAUSE)

    def stack_the_rectangles(self) -> None:
        definition, table = self.column["definition"], self.table
        header, *rows, rules = table
        self.play(Write(definition), run_time=FORMULA_RUN_TIME)
        self.play(FadeIn(header), Create(rules[0]))

        shown: VGroup | None = None
        for built, cells in zip(self.all_rectangles, rows, strict=True):
            self.begin_step()  # each count, its rectangles and its row, is one step
            new = built.copy()  # a transform pads the one it starts from: keep the built intact
            if shown is None:
                self.play(FadeOut(self.region), FadeIn(new), run_time=RECTANGLES_RUN_TIME)
                self.play(*(Create(rule) for rule in rules[1:]))
            else:  # rectangles split or merge; the marked points fade (they would fly)
                self.play(
                    ReplacementTransform(shown[0], new[0]),
                    FadeOut(shown[1]),
                    FadeIn(new[1]),
                    run_time=RECTANGLES_RUN_TIME,
                )
                self.remove(shown)
                self.add(new)
            self.bring_to_front(self.curve, self.guides)
            shown = new
            for cell in cells:
                self.play(Write(cell), run_time=CELL_RUN_TIME)
            self.wait(style.SHORT_PAUSE)
        self.rectangles = shown
        self.wait(style.PAUSE)

    def take_the_limit(self) -> None:
        definition, limit = self.column["definition"], self.column["limit"]
        self.play(ReplacementTransform(definition, limit[0]), run_time=FORMULA_RUN_TIME)
        self.play(Write(limit[1]), run_time=FORMULA_RUN_TIME)
        box = style.result_box(limit)
        region = self._region(RECTANGLE_OPACITY)
        # a cross-fade: morphing n rectangles into one region piles their fills up
        self.play(Create(box), FadeOut(self.rectangles), FadeIn(region), run_time=MELT_RUN_TIME)
        self.bring_to_front(self.curve, self.guides)
        self.limit, self.region = VGroup(limit, box), region
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ builders

    def _axes(self) -> Axes:
        """The graph's axes, shorter where tick numbers under an x axis at the bottom of the
        plot (or over one at its top) would leave the frame."""
        plan = self.plan
        height = GRAPH_HEIGHT
        room = config.frame_height - 2 * style.FRAME_MARGIN
        for _ in range(2):
            axes = style.lecture_axes(
                plan.x_range, plan.y_range, GRAPH_WIDTH, height, plan.x_step, plan.y_step
            )
            if axes.height <= room:
                break
            height -= axes.height - room
        axes.to_edge(LEFT, buff=style.FRAME_MARGIN + GRAPH_LEFT_PAD)
        return axes.set_y(0)

    def _write_function_line(self) -> list:
        line = self.column["function"]
        return [Write(line)] if line is not None else []

    def _column(self) -> dict[str, Mobject | None]:
        """The right column laid out once: f's formula (where the graph names it only f),
        the sum's definition, the table below it; the limit takes the definition's place.
        The slot the definition and the limit share is as tall as the taller of them; where
        slot and table do not fit, both shrink, the table no smaller than MIN_TABLE_SIZE."""
        plan = self.plan
        width = column_width()
        function_line = None
        top = column_top()
        if self.named_only:
            function_line = fit(
                style.formula(plan.function_latex, color=style.FUNCTION_COLOR), width
            )
            function_line.move_to([column_center_x(), top - function_line.height / 2, 0])
            top = function_line.get_bottom()[1] - DEFINITION_BUFF
        definition = VGroup(
            style.formula(plan.sum_latex, size=DEFINITION_SIZE),
            style.formula(plan.points_latex, size=DEFINITION_SIZE),
        ).arrange(DOWN, buff=DEFINITION_BUFF)
        fit(definition, width - 2 * BOX_ROOM)
        limit = VGroup(
            style.formula(plan.limit_latex, size=LIMIT_SIZE),
            style.formula(plan.value_latex, size=LIMIT_SIZE, color=style.HIGHLIGHT_COLOR),
        ).arrange(DOWN, buff=LIMIT_BUFF)
        fit(limit, width - 2 * BOX_ROOM)  # the box drawn around it stays in the column too
        table = fit(self._table(), width)
        room = top - TABLE_GAP - column_bottom()
        slot = max(definition.height, limit.height + 2 * BOX_ROOM)
        table_scale = min(1.0, (room - slot) / table.height)
        least = MIN_TABLE_SIZE / TABLE_CELL_SIZE * table.width / self.table_natural_width
        if table_scale < least:  # the definition gives up height to keep the table legible
            smallest = min(definition[0].font_size, limit[0].font_size)
            slot_scale = max(MIN_SLOT_SIZE / smallest, (room - least * table.height) / slot)
            definition.scale(slot_scale)
            limit.scale(slot_scale)
            slot *= slot_scale
            table_scale = min(least, (room - slot) / table.height)
        table.scale(table_scale)
        slot_center = top - slot / 2
        definition.move_to([column_center_x(), slot_center, 0])
        limit.move_to([column_center_x(), slot_center, 0])
        table_top = top - slot - TABLE_GAP
        table.move_to([column_center_x(), table_top - table.height / 2, 0])
        self.table = table
        return {"function": function_line, "definition": definition, "limit": limit}

    def _table(self) -> VGroup:
        """The table at its natural size: n, the strips' width and the sum, one row a count."""
        plan = self.plan
        header_colors = (style.TEXT_COLOR, style.RUN_COLOR, style.SECANT_COLOR)
        headers = (*TABLE_HEADERS, plan.sum_name)
        header = [_cell(t, c) for t, c in zip(headers, header_colors, strict=True)]
        rows = [header] + [
            [
                _cell(str(row.n)),
                _cell(row.width_latex, style.RUN_COLOR),
                _cell(row.total_latex, style.SECANT_COLOR),
            ]
            for row in plan.rows
        ]
        table = grid_table(rows)
        self.table_natural_width = table.width
        return table

    def _rectangles(self, row: AreaRowPlan) -> VGroup:
        """The row's rectangles, each filled by the sign of its height, with the points
        their heights are taken at marked while there are few."""
        axes, plan = self.axes, self.plan
        unit = axes.x_axis.unit_size * row.width
        stroke = min(RECTANGLE_STROKE, STROKE_PER_UNIT * unit)
        rectangles = VGroup()
        for left, right, height in row.rectangles:
            color = POSITIVE_COLOR if height >= 0 else NEGATIVE_COLOR
            corners = [(left, 0), (left, height), (right, height), (right, 0)]
            rectangle = Polygon(*(axes.c2p(x, y) for x, y in corners), color=color)
            rectangle.set_fill(color, opacity=RECTANGLE_OPACITY).set_stroke(width=stroke)
            if height == 0:
                rectangle.set_stroke(opacity=0).set_fill(opacity=0)
            rectangles.add(rectangle)
        dots = VGroup()
        if row.n <= MAX_MARKED:
            radius = min(SAMPLE_DOT_RADIUS, unit / 4)
            for x in row.samples:
                dots.add(Dot(axes.c2p(x, plan.f(x)), radius=radius, color=style.POINT_COLOR))
        return VGroup(rectangles, dots)

    def _region(self, opacity: float) -> VGroup:
        """The exact region between f and the x axis over [a, b], one piece per sign."""
        plan, axes = self.plan, self.axes
        pieces = VGroup()
        for sign, outline in riemann.sign_pieces(plan.f, plan.a, plan.b):
            color = POSITIVE_COLOR if sign > 0 else NEGATIVE_COLOR
            piece = Polygon(*(axes.c2p(x, y) for x, y in outline), stroke_width=0)
            pieces.add(piece.set_fill(color, opacity=opacity))
        return pieces

    def _guide(self, x: float) -> DashedLine:
        """A dashed line from the x axis up (or down) to f, at an end of the interval."""
        start, end = self.axes.c2p(x, 0), self.axes.c2p(x, self.plan.f(x))
        if np.linalg.norm(end - start) < 1e-6:
            end = start + 1e-3 * UP
        return DashedLine(
            start, end, dash_length=GUIDE_DASH, color=style.MUTED_COLOR, stroke_width=GUIDE_STROKE
        )

    def _graph_placer(self, *to_come: Mobject) -> Placer:
        """A Placer for the graph's labels: the axes and their numbers, f, what will be
        drawn, and the right column kept for the definition and the table."""
        placer = Placer([self.axes, self.axis_labels, self.curve, *to_come])
        for number in (*self.axes.x_axis.numbers, *self.axes.y_axis.numbers):
            placer.avoid_box(Box.around(number.get_all_points()).inset(-NUMBER_GAP), "a number")
        column = Box(
            COLUMN_LEFT - PANEL_GAP,
            -config.frame_height / 2,
            config.frame_width / 2,
            config.frame_height / 2,
        )
        return placer.avoid_box(column, "the right column")

    @staticmethod
    def _along(path: Mobject) -> list[np.ndarray]:
        """Points along a curve (every piece of it), where a label may sit."""
        pieces = path.family_members_with_points()
        return [piece.point_from_proportion(t) for piece in pieces for t in PATH_SPOTS]
