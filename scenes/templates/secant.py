"""Secant lines of f converge to the tangent at x0 (notes 2.1, Figures 1 and 2, eq. 1).

The graph takes the left of the frame, the secant table and the formulas the right.
A secant through P and Q is drawn for each step size of the content file and its row
is added to the table; then the step shrinks continuously (geometrically, a
ValueTracker over log Δx) while live readouts follow; a zoom at P shows secant and
tangent become one line; finally the limit of the difference quotient is written out.
Every number and formula comes from the plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    ORIGIN,
    RIGHT,
    UL,
    UP,
    UR,
    Animation,
    Axes,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Mobject,
    Rectangle,
    ReplacementTransform,
    Transform,
    TransformFromCopy,
    UpdateFromAlphaFunc,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    always_redraw,
    config,
    linear,
    smooth,
)

from scenes.kit import style
from scenes.kit.base import LectureCameraScene
from scenes.kit.live_number import LiveNumber
from scenes.plans.secant import SecantPlan

# ---------------------------------------------------------------- the scene


def line_through_p(axes: Axes, plan: SecantPlan, slope: float, color: str) -> Line:
    """A secant or tangent through P = (x0, f(x0)), across the secant plan's window."""
    return style.line_in_window(axes, (plan.x0, plan.y0), slope, plan.x_range, plan.y_range, color)


# Layout: graph on the left (~60%), table and formulas in a column on the right.
GRAPH_WIDTH = 7.6
GRAPH_HEIGHT = 6.9
GRAPH_LEFT_PAD = 0.3
COLUMN_LEFT = 1.45
COLUMN_TOP_BUFF = 0.45
LABEL_BUFF = 0.18
GUIDE_DASH = 0.08
GUIDE_STROKE = 2
LEG_STROKE = 5
SECANT_STROKE = 3
TANGENT_STROKE = 6

# The table: header plus one row per step size, scaled to fit the column.
TABLE_HEADERS = (r"\Delta x", r"\frac{\Delta y}{\Delta x}", r"\text{slope}")
TABLE_HEADER_COLORS = (style.RUN_COLOR, style.TEXT_COLOR, style.SECANT_COLOR)
TABLE_CELL_SIZE = style.BODY_SIZE
TABLE_COLUMN_PAD = 0.45
TABLE_ROW_PAD = 0.22
TABLE_RULE_STROKE = 2
TABLE_MAX_HEIGHT_SHARE = 0.78
HIGHLIGHT_OPACITY = 0.18

# The live readouts under the table.
READOUT_BUFF = 0.45
READOUT_LINE_BUFF = 0.25
DX_NAME = r"\Delta x ="
SLOPE_NAME = r"\text{slope} ="
LIMIT_ARROW = r"\to "

# The zoom at P.
ZOOM = 8.0
ZOOM_DX_SHARE = 0.35
PANEL_GAP = 0.15
Q_LABEL_SIDES = (UL, RIGHT, DR)

# The closing formulas.
FORMULA_BUFF = 0.6
TANGENT_LABEL_SPOTS = (0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5)
FORMULA_SIZE = style.HEADING_SIZE

# Timing, in seconds.
DRAW_RUN_TIME = 1.5
SECANT_RUN_TIME = 1.2
CELL_RUN_TIME = 0.8
SHRINK_RUN_TIME = 7.0
ZOOM_RUN_TIME = 2.5
ZOOM_SWEEP_RUN_TIME = 3.0
FORMULA_RUN_TIME = 1.5


def column_right() -> float:
    return config.frame_width / 2 - style.FRAME_MARGIN


def column_width() -> float:
    return column_right() - COLUMN_LEFT


def column_top() -> float:
    return config.frame_height / 2 - COLUMN_TOP_BUFF


def column_center_x() -> float:
    return (COLUMN_LEFT + column_right()) / 2


def fit_in_column(mobject: Mobject) -> None:
    """Shrinks a formula that would stick out of the right column."""
    if mobject.width > column_width():
        mobject.scale_to_fit_width(column_width())


def _cell(latex: str, color: str = style.TEXT_COLOR) -> MathTex:
    return MathTex(latex, font_size=TABLE_CELL_SIZE, color=color)


def secant_table(rows: Sequence[Sequence[MathTex]]) -> VGroup:
    """A grid of cells: header first, rules under the header and between columns.

    Returns VGroup(header_row, *data_rows, rules); each row is a VGroup of its cells, so a
    scene can reveal the rows one at a time.
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


def _overlap(a: Mobject, b: Mobject) -> bool:
    """Whether two mobjects' bounding boxes intersect."""
    return bool(
        np.all(a.get_corner(DL)[:2] < b.get_corner(UR)[:2])
        and np.all(b.get_corner(DL)[:2] < a.get_corner(UR)[:2])
    )


def geometric_schedule(start: float, end: float) -> Callable[[float], float]:
    """Progress 0..1 -> a step size; equal progress divides the step by equal ratios."""
    low, high = math.log(end), math.log(start)
    return lambda progress: math.exp(high + (low - high) * progress)


class SecantConvergence(LectureCameraScene):
    """f(x) = x^2 at x0 = 1: secants, their table, the shrinking step, the tangent, eq. (1)."""

    # ------------------------------------------------------------------ beats

    def draw_the_curve(self) -> None:
        plan = self.plan
        self.lens = 1.0
        self.axes = style.lecture_axes(plan.x_range, plan.y_range, GRAPH_WIDTH, GRAPH_HEIGHT)
        self.axes.to_edge(LEFT, buff=style.FRAME_MARGIN + GRAPH_LEFT_PAD)
        self.axis_labels = self.axes.get_axis_labels(
            style.label("x", style.MUTED_COLOR), style.label("y", style.MUTED_COLOR)
        )
        self.curve = style.graph_in_window(self.axes, plan.f, plan.x_range, plan.y_range)
        self.curve_label = style.label(plan.function_latex, style.FUNCTION_COLOR)
        self.curve_label.next_to(self.curve[-1].get_end(), LEFT, buff=2 * LABEL_BUFF)
        self.curve_label.shift(DOWN * LABEL_BUFF)

        self.p = self.axes.c2p(plan.x0, plan.y0)
        self.p_dot = style.point_dot().move_to(self.p)
        self.p_guide = DashedLine(
            self.p,
            self.axes.c2p(plan.x0, 0),
            dash_length=GUIDE_DASH,
            color=style.MUTED_COLOR,
            stroke_width=GUIDE_STROKE,
        )
        self.p_label = style.label(f"P = ({plan.x0_latex}, {plan.y0_latex})")
        self.p_label.next_to(self.p_dot, LEFT, buff=LABEL_BUFF)

        self.play(Create(self.axes), FadeIn(self.axis_labels), run_time=DRAW_RUN_TIME)
        self.play(Create(self.curve), run_time=DRAW_RUN_TIME)
        self.play(Write(self.curve_label))
        self.play(FadeIn(self.p_dot, scale=0.5), Create(self.p_guide))
        self.play(Write(self.p_label))
        self.wait(style.PAUSE)

    def tabulate_the_secants(self) -> None:
        plan = self.plan
        short_label = style.label("P").next_to(self.p_dot, LEFT, buff=LABEL_BUFF)
        self.play(ReplacementTransform(self.p_label, short_label))
        self.p_label = short_label

        self.table = self._build_table()
        header, *rows, rules = self.table
        self.play(FadeIn(header), Create(rules[0]))
        self.table_rules = rules

        secant: VGroup | None = None
        for index, (row, cells) in enumerate(zip(plan.rows, rows, strict=True)):
            new = self._secant_group(row.dx, labelled=True)
            if secant is None:
                self.play(Create(new[0]), run_time=SECANT_RUN_TIME)
                self.play(FadeIn(new[1:]))
            else:
                self.play(ReplacementTransform(secant, new), run_time=SECANT_RUN_TIME)
            secant = new
            if index == 0:
                self.play(*(Create(rule) for rule in rules[1:]))
            dx_cell, quotient_cell, slope_cell = cells
            run_label = new[-2]
            self.play(TransformFromCopy(run_label, dx_cell), run_time=CELL_RUN_TIME)
            self.play(Write(quotient_cell), run_time=CELL_RUN_TIME)
            self.play(Write(slope_cell), run_time=CELL_RUN_TIME)
            self.wait(style.SHORT_PAUSE)
        self.secant = secant
        self.wait(style.PAUSE)

    def shrink_the_step(self) -> None:
        plan = self.plan
        schedule = plan.step_schedule
        step = geometric_schedule(schedule[0], schedule[-1])
        self.progress = ValueTracker(0.0)
        self.step = lambda: step(self.progress.get_value())

        start = self._secant_group(schedule[0], labelled=False)
        labels = self.secant[-3:]
        self.play(
            FadeOut(labels),
            ReplacementTransform(self.secant[:-3], start),
            run_time=SECANT_RUN_TIME,
        )
        self.remove(start)
        self.live_secant = always_redraw(lambda: self._secant_group(self.step(), labelled=False))
        self.add(self.live_secant, self.p_dot)

        self.readouts = self._readouts()
        self.play(FadeIn(self.readouts))

        _, *rows, _ = self.table
        self.highlight = self._row_highlight(rows[0])
        self.play(FadeIn(self.highlight))
        # Sweep segment by segment so each table row lights up as Δx passes its value.
        log_span = math.log(schedule[0] / schedule[-1])
        passed = 0.0
        stops = [r.dx for r in plan.rows[1:] if schedule[-1] < r.dx < schedule[0]]
        for dx in [*stops, schedule[-1]]:
            progress = math.log(schedule[0] / dx) / log_span
            run_time = SHRINK_RUN_TIME * (progress - passed)
            passed = progress
            animations: list[Animation] = [self.progress.animate.set_value(progress)]
            row = next(
                (cells for r, cells in zip(plan.rows, rows, strict=True) if r.dx == dx), None
            )
            if row is not None:
                animations.append(Transform(self.highlight, self._row_highlight(row)))
            self.play(*animations, run_time=run_time, rate_func=linear)
        self.play(FadeOut(self.highlight))

        self.limit_value = MathTex(
            LIMIT_ARROW + plan.tangent_slope_latex,
            font_size=style.BODY_SIZE,
            color=style.TANGENT_COLOR,
        )
        slope_value = self.readouts[1][1]
        self.limit_value.next_to(slope_value, RIGHT, buff=READOUT_LINE_BUFF)
        self.play(Write(self.limit_value))
        self.wait(style.PAUSE)

    def zoom_on_the_tangent(self) -> None:
        plan = self.plan
        self.tangent = line_through_p(
            self.axes, plan, plan.tangent_slope, style.TANGENT_COLOR
        ).set_stroke(width=TANGENT_STROKE)
        self.tangent_label = style.label(plan.tangent_latex, style.TANGENT_COLOR)
        self._place_tangent_label()
        self.play(Create(self.tangent), run_time=DRAW_RUN_TIME)
        self.play(Write(self.tangent_label))
        self.add(self.live_secant, self.p_dot)
        self.wait(style.SHORT_PAUSE)

        # Zoom in about P: the graph grows, the right column stays where it is (pinned
        # on a panel), strokes and dots stay thin.
        self.play(FadeOut(self.p_label, self.p_guide, self.tangent_label))
        panel = self._column_panel()
        self.add(panel)
        self.bring_to_front(self.table, self.readouts, self.limit_value)
        pinned = VGroup(panel, self.table, self.readouts, self.limit_value)
        self.play(self._zoom(ZOOM, pinned), run_time=ZOOM_RUN_TIME)
        # Up close: open the step until Q is visible, then let it slide back into P.
        first, last = plan.step_schedule[0], plan.step_schedule[-1]
        visible_dx = ZOOM_DX_SHARE * (config.frame_width / ZOOM / 2) / self.axes.x_axis.unit_size
        reopen = math.log(first / min(visible_dx, first)) / math.log(first / last)
        self.play(self.progress.animate.set_value(reopen), run_time=SECANT_RUN_TIME)
        self.wait(style.SHORT_PAUSE)
        self.play(self.progress.animate.set_value(1.0), run_time=ZOOM_SWEEP_RUN_TIME)
        self.wait(style.PAUSE)
        self.play(self._zoom(1.0, pinned), run_time=ZOOM_RUN_TIME)
        self.remove(panel)
        self.play(FadeIn(self.p_label, self.p_guide, self.tangent_label))
        self.wait(style.SHORT_PAUSE)

    def state_the_limit(self) -> None:
        plan = self.plan
        self.live_secant.clear_updaters()
        self.play(FadeOut(self.table, self.readouts, self.limit_value, self.live_secant))

        definition = style.formula(plan.definition_latex, size=FORMULA_SIZE)
        limit = style.formula(plan.limit_latex, size=FORMULA_SIZE)
        derivative = style.formula(
            plan.derivative_latex, size=FORMULA_SIZE, color=style.TANGENT_COLOR
        )
        formulas = VGroup(definition, limit, derivative)
        for formula in formulas:
            fit_in_column(formula)
        formulas.arrange(DOWN, buff=FORMULA_BUFF)
        formulas.move_to([column_center_x(), 0, 0])
        box = style.result_box(derivative)

        self.play(Write(definition), run_time=FORMULA_RUN_TIME)
        self.wait(style.SHORT_PAUSE)
        self.play(Write(limit), run_time=FORMULA_RUN_TIME)
        self.wait(style.SHORT_PAUSE)
        self.play(Write(derivative), run_time=FORMULA_RUN_TIME)
        self.play(Create(box))
        self.formulas = VGroup(formulas, box)
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ builders

    def _build_table(self) -> VGroup:
        plan = self.plan
        header = [_cell(t, c) for t, c in zip(TABLE_HEADERS, TABLE_HEADER_COLORS, strict=True)]
        rows = [header] + [
            [
                _cell(row.dx_text, style.RUN_COLOR),
                _cell(row.quotient_latex),
                _cell(row.slope_text, style.SECANT_COLOR),
            ]
            for row in plan.rows
        ]
        table = secant_table(rows)
        natural_width = table.width
        max_height = TABLE_MAX_HEIGHT_SHARE * (config.frame_height - 2 * COLUMN_TOP_BUFF)
        if table.width > column_width():
            table.scale_to_fit_width(column_width())
        if table.height > max_height:
            table.scale_to_fit_height(max_height)
        table.move_to([column_center_x(), column_top() - table.height / 2, 0])
        self.table_scale = table.width / natural_width
        return table

    def _secant_group(self, dx: float, labelled: bool) -> VGroup:
        """Secant through P and Q = (x0 + dx, f(x0 + dx)), its run and rise, Q; labels optional."""
        plan = self.plan
        x1 = plan.x0 + dx
        q = self.axes.c2p(x1, plan.f(x1))
        corner = self.axes.c2p(x1, plan.y0)
        thin = 1.0 / self.lens
        secant = line_through_p(
            self.axes, plan, plan.secant_slope(dx), style.SECANT_COLOR
        ).set_stroke(width=SECANT_STROKE * thin)
        run = Line(self.p, corner, color=style.RUN_COLOR, stroke_width=LEG_STROKE * thin)
        rise = Line(corner, q, color=style.RISE_COLOR, stroke_width=LEG_STROKE * thin)
        q_dot = style.point_dot().scale(thin).move_to(q)
        group = VGroup(secant, run, rise, q_dot)
        if labelled:
            q_label = self._q_label(q_dot)
            run_label = style.label(r"\Delta x", style.RUN_COLOR).next_to(
                run, DOWN, buff=LABEL_BUFF
            )
            rise_label = style.label(r"\Delta y", style.RISE_COLOR).next_to(
                rise, RIGHT, buff=LABEL_BUFF
            )
            group.add(q_label, run_label, rise_label)
        return group

    def _q_label(self, q_dot: Mobject) -> MathTex:
        """Q above-left of its dot, or to its right where that would cover f's label."""
        label = style.label("Q")
        for side in Q_LABEL_SIDES:
            label.next_to(q_dot, side, buff=LABEL_BUFF / 2)
            if not _overlap(label, self.curve_label):
                break
        return label

    def _readouts(self) -> VGroup:
        """Δx = ... and slope = ..., DecimalNumbers that follow the shrinking step."""
        plan = self.plan
        places = plan.readout_places
        lines = VGroup()
        for name_tex, color, value_of in (
            (DX_NAME, style.RUN_COLOR, self.step),
            (SLOPE_NAME, style.SECANT_COLOR, lambda: plan.secant_slope(self.step())),
        ):
            name = MathTex(name_tex, font_size=style.BODY_SIZE, color=color)
            value = LiveNumber(
                value_of(), num_decimal_places=places, font_size=style.BODY_SIZE, color=color
            )
            value.next_to(name, RIGHT, buff=READOUT_LINE_BUFF / 2)
            value.add_updater(
                lambda m, name=name, value_of=value_of: m.set_value(value_of()).next_to(
                    name, RIGHT, buff=READOUT_LINE_BUFF / 2 / self.lens
                )
            )
            lines.add(VGroup(name, value))
        lines.arrange(DOWN, buff=READOUT_LINE_BUFF, aligned_edge=LEFT)
        lines.next_to(self.table, DOWN, buff=READOUT_BUFF)
        lines.set_x(column_center_x())
        return lines

    def _row_highlight(self, cells: VGroup) -> Rectangle:
        rules = self.table_rules
        width = rules[0].width
        height = cells.height + TABLE_ROW_PAD * self.table_scale
        band = Rectangle(width=width, height=height, stroke_width=0)
        band.set_fill(style.HIGHLIGHT_COLOR, opacity=HIGHLIGHT_OPACITY)
        band.move_to([rules[0].get_center()[0], cells.get_center()[1], 0])
        return band

    def _place_tangent_label(self) -> None:
        """Beside the tangent, on its lower side when it rises, as high as fits in the graph."""
        label = self.tangent_label
        right_limit = self.axes.get_right()[0]
        side = RIGHT + (DOWN if self.plan.tangent_slope >= 0 else UP)
        for proportion in TANGENT_LABEL_SPOTS:
            label.next_to(self.tangent.point_from_proportion(proportion), side, buff=LABEL_BUFF)
            if label.get_right()[0] <= right_limit:
                return

    def _column_panel(self) -> Rectangle:
        """An opaque backdrop for the right column, so the zoomed graph passes behind it."""
        left = COLUMN_LEFT - PANEL_GAP
        panel = Rectangle(
            width=config.frame_width / 2 - left,
            height=config.frame_height,
            stroke_width=0,
        ).set_fill(style.BACKGROUND, opacity=1)
        panel.move_to([(left + config.frame_width / 2) / 2, 0, 0])
        return panel

    def _zoom(self, end: float, pinned: VGroup) -> Animation:
        """Zooms the camera about P to the given magnification (1 = no zoom).

        P keeps its place on screen; strokes and dots thin out by the magnification; the
        pinned mobjects (the right column) keep their place and size on screen.
        """
        frame = self.camera.frame
        start = self.lens
        thin_mobjects: list[VMobject] = [*self.curve, self.tangent]
        widths = {id(m): m.get_stroke_width() * start for m in thin_mobjects}
        dot_width = self.p_dot.width * start
        pin_offset = (pinned.get_corner(UL) - frame.get_center()) * start

        def update(_: Mobject, alpha: float) -> None:
            lens = start * (end / start) ** smooth(alpha)
            previous, self.lens = self.lens, lens
            center = self.p + (ORIGIN - self.p) / lens
            frame.scale_to_fit_width(config.frame_width / lens)
            frame.move_to(center)
            for mobject in thin_mobjects:
                mobject.set_stroke(width=widths[id(mobject)] / lens)
            self.p_dot.scale_to_fit_width(dot_width / lens).move_to(self.p)
            pinned.scale(previous / lens, scale_stroke=True, about_point=pinned.get_corner(UL))
            pinned.shift(center + pin_offset / lens - pinned.get_corner(UL))

        return UpdateFromAlphaFunc(frame, update, rate_func=linear)
