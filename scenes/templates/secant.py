"""Secant lines of f converge to the tangent at x0.

The graph takes the left of the frame, the secant table and the formulas the right.
A secant through P and Q is drawn for each step size of the content file and its row
is added to the table; then the step shrinks continuously (geometrically, a
ValueTracker over log Δx) while live readouts follow; a zoom at P shows secant and
tangent become one line; finally the limit of the difference quotient is written out.
Every number and formula comes from the plan. Labels (P, Q, Δx, Δy, f's name, the
tangent's equation) are placed by a Placer from what is, or will be, on the graph, and
tick numbers a curve or line runs through are taken off.
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
from scenes.kit.layout import Box
from scenes.kit.live_number import LiveNumber
from scenes.kit.placement import Placer, clear_tick_numbers
from scenes.plans.secant import SecantPlan

# ---------------------------------------------------------------- the scene


def line_through_p(
    axes: Axes, plan: SecantPlan, slope: float, color: str, x_high: float | None = None
) -> Line:
    """A secant or tangent through P = (x0, f(x0)), across the secant plan's window (cut at
    x_high, where the zoomed graph passes behind the right column)."""
    low, high = plan.x_range
    x_range = (low, high if x_high is None else max(min(high, x_high), plan.x0 + 1e-6))
    return style.line_in_window(axes, (plan.x0, plan.y0), slope, x_range, plan.y_range, color)


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
SCHEDULE_SAMPLES = 24  # secants of the continuous shrink that labels keep off
CURVE_LABEL_FROM_P = 2.0  # f's name sits along f away from P, where P's labels go
AWAY_FROM_P = 1.0  # the tangent's equation sits along it, not crowding P
NUMBER_GAP = 0.12  # the gap labels keep from the axes' numbers
MAX_CURVE_LABEL_WIDTH = 3.0  # f's formula wider than this is named "f" on the graph
PATH_SPOTS = tuple(i / 12 for i in range(1, 12))  # where along a curve a label may sit

# The closing formulas.
FORMULA_BUFF = 0.6
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


def geometric_schedule(start: float, end: float) -> Callable[[float], float]:
    """Progress 0..1 -> a step size; equal progress divides the step by equal ratios."""
    low, high = math.log(end), math.log(start)
    return lambda progress: math.exp(high + (low - high) * progress)


class SecantConvergence(LectureCameraScene):
    """f near x0: secants and their table, the shrinking step, the tangent, the limit."""

    # ------------------------------------------------------------------ beats

    def draw_the_curve(self) -> None:
        plan = self.plan
        self.lens = 1.0
        self.axes = style.lecture_axes(
            plan.x_range, plan.y_range, GRAPH_WIDTH, GRAPH_HEIGHT, plan.x_step, plan.y_step
        )
        self.axes.to_edge(LEFT, buff=style.FRAME_MARGIN + GRAPH_LEFT_PAD)
        self.axis_labels = VGroup()
        self.curve = style.graph_in_window(self.axes, plan.f, plan.x_range, plan.y_range)
        self.whole_curve = self.curve.copy()
        self.p = self.axes.c2p(plan.x0, plan.y0)
        to_come = self._lines_to_come()
        clear_tick_numbers(self.axes, self.curve, to_come)
        self.axis_labels = style.axis_labels(self._graph_placer(to_come), self.axes)
        self.p_dot = style.point_dot().move_to(self.p)
        self.p_guide = DashedLine(
            self.p,
            self.axes.c2p(plan.x0, 0),
            dash_length=GUIDE_DASH,
            color=style.MUTED_COLOR,
            stroke_width=GUIDE_STROKE,
        )
        placer = self._graph_placer(to_come, self.p_dot, self.p_guide)
        self.curve_label = style.label(plan.function_latex, style.FUNCTION_COLOR)
        if self.curve_label.width > MAX_CURVE_LABEL_WIDTH:  # no room beside the curve: its name
            self.curve_label = style.label("f", style.FUNCTION_COLOR)
        along = self._along(self.curve)
        away = [a for a in along if np.linalg.norm(a - self.p) > CURVE_LABEL_FROM_P]
        style.place_beside_path(placer, self.curve_label, away or along)
        self.p_label = style.label(plan.p_latex)
        placer.place(self.p_label, self.p, leader=False)
        self.to_come = to_come

        self.play(Create(self.axes), FadeIn(self.axis_labels), run_time=DRAW_RUN_TIME)
        self.play(Create(self.curve), run_time=DRAW_RUN_TIME)
        self.play(Write(self.curve_label))
        self.play(FadeIn(self.p_dot, scale=0.5), Create(self.p_guide))
        self.play(Write(self.p_label))
        self.wait(style.PAUSE)

    def tabulate_the_secants(self) -> None:
        plan = self.plan
        short_label = style.label("P")
        placer = self._graph_placer(self.to_come, self.p_dot, self.p_guide, self.curve_label)
        placer.place(short_label, self.p, leader=False)
        self.play(ReplacementTransform(self.p_label, short_label))
        self.p_label = short_label

        self.table = self._build_table()
        header, *rows, rules = self.table
        self.play(FadeIn(header), Create(rules[0]))
        self.table_rules = rules

        secant: VGroup | None = None
        for index, (row, cells) in enumerate(zip(plan.rows, rows, strict=True)):
            self.begin_step()  # each secant and its row is one step, said as it is drawn
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
        overflow = self.limit_value.get_right()[0] - column_right()
        if overflow > 0:  # a long limit: readouts and limit move left together
            self.readouts.shift(overflow * LEFT)
            self.limit_value.shift(overflow * LEFT)
        self.play(Write(self.limit_value))
        self.wait(style.PAUSE)

    def zoom_on_the_tangent(self) -> None:
        plan = self.plan
        self.tangent = line_through_p(
            self.axes, plan, plan.tangent_slope, style.TANGENT_COLOR
        ).set_stroke(width=TANGENT_STROKE)
        self.tangent_label = style.label(plan.tangent_latex, style.TANGENT_COLOR)
        placer = self._graph_placer(
            self.tangent, self.live_secant, self.p_dot, self.p_guide, self.p_label, self.curve_label
        )
        away = [a for a in self._along(self.tangent) if np.linalg.norm(a - self.p) > AWAY_FROM_P]
        style.place_beside_path(placer, self.tangent_label, away or self._along(self.tangent))
        self.play(Create(self.tangent), run_time=DRAW_RUN_TIME)
        self.play(Write(self.tangent_label))
        self.add(self.live_secant, self.p_dot)
        self.wait(style.SHORT_PAUSE)

        # Zoom in about P: the graph grows, the right column stays where it is (pinned
        # on a panel), strokes and dots stay thin.
        # The axes, their numbers and the graph's labels would grow into bars and giant
        # digits: they leave while the camera is close.
        on_graph = VGroup(self.axes, self.axis_labels, self.curve_label, self.p_label, self.p_guide)
        self.play(FadeOut(on_graph, self.tangent_label))
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
        self.play(FadeIn(on_graph, self.tangent_label))
        self.bring_to_front(self.live_secant, self.p_dot)
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
            self.axes, plan, plan.secant_slope(dx), style.SECANT_COLOR, self._visible_x_high()
        ).set_stroke(width=SECANT_STROKE * thin)
        run = Line(self.p, corner, color=style.RUN_COLOR, stroke_width=LEG_STROKE * thin)
        rise = Line(corner, q, color=style.RISE_COLOR, stroke_width=LEG_STROKE * thin)
        q_dot = style.point_dot().scale(thin).move_to(q)
        group = VGroup(secant, run, rise, q_dot)
        if labelled:
            group.add(*self._secant_labels(group, dx))
        return group

    def _secant_labels(self, group: VGroup, dx: float) -> list[Mobject]:
        """Q by its dot, Δx by the run and Δy by the rise, each on the free side: the run's
        label away from the secant (below it when Q is higher than P), the rise's likewise."""
        secant, run, rise, q_dot = group
        placer = self._graph_placer(group, self.p_dot, self.p_guide, self.p_label, self.curve_label)
        q_label = placer.place(style.label("Q"), q_dot.get_center(), leader=False)
        above = self.plan.f(self.plan.x0 + dx) >= self.plan.y0
        run_side = (DOWN, DL, DR, UP) if above else (UP, UL, UR, DOWN)
        rise_side = (RIGHT, UR, DR, LEFT) if dx > 0 else (LEFT, UL, DL, RIGHT)
        run_label = placer.place(
            style.label(r"\Delta x", style.RUN_COLOR),
            run.get_center(),
            directions=run_side,
            leader=False,
        )
        rise_label = placer.place(
            style.label(r"\Delta y", style.RISE_COLOR),
            rise.get_center(),
            directions=rise_side,
            leader=False,
        )
        return [q_label, run_label, rise_label]

    def _lines_to_come(self) -> VGroup:
        """Every secant of the table and of the continuous shrink (sampled), with runs,
        rises and Q, and the tangent: what the graph's labels and tick numbers must keep off."""
        plan = self.plan
        schedule = geometric_schedule(plan.step_schedule[0], plan.step_schedule[-1])
        steps = [row.dx for row in plan.rows]
        steps += [schedule(i / (SCHEDULE_SAMPLES - 1)) for i in range(SCHEDULE_SAMPLES)]
        lines = VGroup(*(self._secant_group(dx, labelled=False) for dx in steps))
        lines.add(line_through_p(self.axes, plan, plan.tangent_slope, style.TANGENT_COLOR))
        return lines

    def _graph_placer(self, *to_come: Mobject) -> Placer:
        """A Placer for the graph's labels: the axes and their numbers, f, what is given,
        and the right column kept for the table, readouts and formulas."""
        placer = Placer([self.axes, self.axis_labels, self.curve, *to_come])
        for number in (*self.axes.x_axis.numbers, *self.axes.y_axis.numbers):
            # a label right against a tick number reads as one with it: keep a gap
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
        """Points along a curve (every piece of it) or a line, where a label may sit."""
        pieces = path.family_members_with_points()
        return [piece.point_from_proportion(t) for piece in pieces for t in PATH_SPOTS]

    def _visible_x_high(self) -> float | None:
        """While zoomed, the x beyond which the graph passes behind the right column."""
        if self.lens <= 1.0:
            return None
        panel_left = COLUMN_LEFT - PANEL_GAP
        scene_x = self.p[0] + (panel_left - self.p[0]) / self.lens
        return float(self.axes.p2c([scene_x, self.p[1], 0])[0])

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
            self._cut_at_the_column()
            for mobject in thin_mobjects:
                mobject.set_stroke(width=widths[id(mobject)] / lens)
            self.p_dot.scale_to_fit_width(dot_width / lens).move_to(self.p)
            pinned.scale(previous / lens, scale_stroke=True, about_point=pinned.get_corner(UL))
            pinned.shift(center + pin_offset / lens - pinned.get_corner(UL))

        return UpdateFromAlphaFunc(frame, update, rate_func=linear)

    def _cut_at_the_column(self) -> None:
        """f and the tangent end where the zoomed graph would pass behind the right column."""
        plan, x_high = self.plan, self._visible_x_high()
        for piece, whole in zip(self.curve, self.whole_curve, strict=True):
            low, high = (self.axes.p2c(point)[0] for point in (whole.get_start(), whole.get_end()))
            share = 1.0 if x_high is None else (x_high - low) / (high - low)
            piece.pointwise_become_partial(whole, 0.0, float(np.clip(share, 0.0, 1.0)))
        cut = line_through_p(self.axes, plan, plan.tangent_slope, style.TANGENT_COLOR, x_high)
        self.tangent.put_start_and_end_on(*cut.get_start_and_end())
