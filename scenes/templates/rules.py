"""DerivativeRules: six derivative rules, each as its identity, a picture and an example.

Every beat has the same layout, so the viewer always knows where to look: the rule's
identity (with the lecture's equation number, if it gives one) at the top, a picture
below on the left that makes the rule visible for the lecture's example, and the worked
example with readouts on the right. Tick numbers a curve or a tangent would run through
are taken off, and labels in the picture are placed clear of curves and other text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UL,
    UP,
    Arrow,
    Axes,
    Create,
    DashedVMobject,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    Line,
    Mobject,
    ReplacementTransform,
    RoundedRectangle,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    always_redraw,
    config,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.live_number import LiveNumber
from scenes.kit.placement import Placer, clear_tick_numbers
from scenes.plans.rules import UNIT_RUN, RulePlan, RulesPlan

# ---------------------------------------------------------------- the scene

# Layout, in frame units (the frame is 8 high, about 14.2 wide).
RULE_ROW_BUFF = 1.2  # between two identities shown side by side
EQUATION_BUFF = 0.6
PICTURE_CENTER = np.array([-3.55, -1.35, 0.0])
PICTURE_WIDTH = 5.9
PICTURE_HEIGHT = 4.3
COLUMN_CENTER_X = 3.6
COLUMN_TOP = 1.2
COLUMN_WIDTH = 6.4
COLUMN_BUFF = 0.45
TANGENT_LENGTH = 2.6
SUM_STROKE = 7
DASH_COUNT = 40
SWEEP_MARGIN = 0.25  # the tangent sweeps the x range less this fraction at each end
BOX_BUFF = 0.3
BOX_CORNER_RADIUS = 0.15
LABEL_BUFF = 0.1
PIPELINE_BUFF = 0.3
PIPELINE_GAP = 0.55
SUM_RULE_LINE_BUFF = 0.2
MORPH_SAMPLES = (0.25, 0.5, 0.75)  # where the layout check reads an animation
TANGENT_SAMPLES = 9  # tangent positions whose tick numbers are cleared before a sweep

# Timing, in seconds.
WRITE_TIME = 1.5
DRAW_TIME = 1.5
SWEEP_TIME = 3.0

# Notation shown beside the plan's formulas (the rules' own letters, not lecture values).
SLOPE_LABEL = r"\text{slope} ="
RISE_OVER_RUN = r"\frac{\text{rise}}{\text{run}} ="
FUNCTION_NAME = "f(x) = "
DERIVATIVE_NAME = "f'(x) = "


class DerivativeRules(LectureScene):
    """Constant, linear, sum, power, exponential and chain rule, one beat each."""

    plan: RulesPlan
    constant_readout: VGroup  # "slope = 0", kept for tests
    power_axes: Axes
    linear_axes: Axes
    linear_triangles: VGroup  # each: run, rise, run label, rise label
    power_dot: Mobject
    power_readout: VGroup

    def setup(self) -> None:
        super().setup()
        self.rules = {rule.name: rule for rule in self.plan.rules}
        self.on_screen: list[Mobject] = []

    # ------------------------------------------------------------------ beats

    def constant_rule(self) -> None:
        rule = self.rules["constant"]
        axes, graph = self.show_rule_and_graph([rule], rule, self.tangent_positions(rule))
        tracker = ValueTracker(self.sweep_start)
        tangent, dot = self.live_tangent(axes, rule, tracker)
        readout = self.live_slope(rule, tracker)
        example = style.formula(rule.example_latex)
        column = self.place_column(function_entry(rule), readout, example)
        self.play(FadeIn(column[0]))
        self.play(Create(tangent), FadeIn(dot), FadeIn(readout))
        self.play(tracker.animate.set_value(self.sweep_end), run_time=SWEEP_TIME)
        self.play(Write(example), run_time=WRITE_TIME)
        self.wait(style.PAUSE)
        self.constant_readout = readout
        self.keep(axes, graph, tangent, dot, column)

    def linear_rule(self) -> None:
        rule = self.rules["linear"]
        shown: list[Mobject] = []

        def crossing(axes: Axes, graph: VMobject) -> list[Mobject]:
            shown.extend(self.slope_triangle(axes, rule, x) for x in self.triangle_starts())
            return shown

        axes, graph = self.show_rule_and_graph([rule], rule, crossing)
        triangles = VGroup(*shown)
        quotient = style.formula(RISE_OVER_RUN, self.plan.linear_slope_latex)
        quotient[0].set_color(style.TEXT_COLOR)
        quotient[1].set_color(style.RISE_COLOR)
        example = style.formula(rule.example_latex)
        legend = function_entry(rule)
        column = self.place_column(legend, quotient, example)
        self.play(FadeIn(legend))
        for triangle in triangles:
            self.begin_step()  # each triangle, said as it is drawn
            self.play(Create(triangle[:2]), FadeIn(triangle[2:]))
            self.wait(style.SHORT_PAUSE)
        self.play(Write(quotient), run_time=WRITE_TIME)
        self.play(Write(example), run_time=WRITE_TIME)
        self.wait(style.PAUSE)
        self.linear_axes, self.linear_triangles = axes, triangles
        self.keep(axes, graph, triangles, column)

    def sum_rule(self) -> None:
        rule = self.rules["sum"]
        terms = [self.rules[name] for name in self.plan.sum_terms]
        identity = self.rule_identity([rule])
        axes = self.picture_axes(rule)
        colors = (style.FUNCTION_COLOR, style.ACCENT_COLOR)
        graphs = [self.plot(axes, term, color) for term, color in zip(terms, colors, strict=True)]
        total = self.plot(axes, rule, style.TEXT_COLOR, stroke=SUM_STROKE)
        clear_tick_numbers(axes, *graphs, total)
        self.play(FadeIn(identity), Create(axes), run_time=DRAW_TIME)
        term_lines = [
            style.formula(term.example_latex, color=color)
            for term, color in zip(terms, colors, strict=True)
        ]
        total_line = style.formula(rule.example_latex)
        rows = [
            style.legend_entry(line, color) for line, color in zip(term_lines, colors, strict=True)
        ]
        total_row = style.legend_entry(total_line, style.TEXT_COLOR)
        column = self.place_column(*rows, total_row)
        bar = Line(ORIGIN, total_row.width * RIGHT, color=style.MUTED_COLOR)
        bar.next_to(total_row, UP, buff=SUM_RULE_LINE_BUFF / 2).align_to(total_row, LEFT)
        for graph, row in zip(graphs, rows, strict=True):
            self.begin_step()  # each term and its derivative
            self.play(Create(graph), FadeIn(row), run_time=DRAW_TIME)
            self.wait(style.SHORT_PAUSE)
        self.begin_step()  # then their sum and its derivative
        self.play(Create(bar))
        # swatches into the swatch, formulas into the formula: a formula morphing into a
        # swatch would be a tangle of glyph outlines drawn across the rows
        self.play(
            TransformFromCopy(VGroup(*graphs), total),
            TransformFromCopy(VGroup(*(row[0] for row in rows)), total_row[0]),
            TransformFromCopy(VGroup(*(row[1] for row in rows)), total_row[1]),
            run_time=DRAW_TIME,
        )
        self.wait(style.PAUSE)
        self.keep(identity, axes, *graphs, total, column, bar)

    def power_rule(self) -> None:
        rule = self.rules["power"]
        axes, graph = self.show_rule_and_graph([rule], rule, self.tangent_positions(rule))
        tracker = ValueTracker(self.sweep_start)
        tangent, dot = self.live_tangent(axes, rule, tracker)
        readout = self.live_slope(rule, tracker)
        example = style.formula(rule.example_latex)
        legend = function_entry(rule)
        column = self.place_column(legend, example, readout)
        self.play(FadeIn(legend))
        self.play(Write(example), run_time=WRITE_TIME)
        self.play(Create(tangent), FadeIn(dot), FadeIn(readout))
        self.play(tracker.animate.set_value(self.plan.power_point), run_time=SWEEP_TIME)
        value = style.label(self.plan.power_slope_latex, color=style.DERIVATIVE_COLOR)
        placer = Placer([*self.on_screen, axes, graph, tangent, dot, column])
        value = placer.place(value, axes.c2p(self.plan.power_point, self.plan.power_value))
        self.play(Write(value), Indicate(readout[1], color=style.DERIVATIVE_COLOR))
        self.wait(style.PAUSE)
        self.power_axes, self.power_dot, self.power_readout = axes, dot, readout
        self.keep(axes, graph, tangent, dot, column, value)

    def exponential_rule(self) -> None:
        general, natural = self.rules["exponential"], self.rules["natural exponential"]
        later: list[VMobject] = []

        def crossing(axes: Axes, graph: VMobject) -> list[Mobject]:
            slope = self.plot(axes, general, style.DERIVATIVE_COLOR, derivative=True)
            natural_graph = self.plot(axes, natural, style.FUNCTION_COLOR)
            natural_slope = DashedVMobject(
                self.plot(axes, natural, style.DERIVATIVE_COLOR, derivative=True),
                num_dashes=DASH_COUNT,
            )
            later.extend((slope, natural_graph, natural_slope))
            return [
                *later,
                *morph_frames(graph, natural_graph),
                *morph_frames(slope, natural_slope),
            ]

        axes, graph = self.show_rule_and_graph([general, natural], general, crossing)
        slope, natural_graph, natural_slope = later
        rows = [function_entry(general), derivative_entry(general)]
        examples = [style.formula(general.example_latex), style.formula(natural.example_latex)]
        self.place_column(*rows, *examples)
        self.begin_step()  # the lecture's base, its derivative drawn and worked out
        self.play(FadeIn(rows[0]))
        self.play(Create(slope), FadeIn(rows[1]), run_time=DRAW_TIME)
        self.play(Write(examples[0]), run_time=WRITE_TIME)
        self.wait(style.PAUSE)
        natural_rows = [function_entry(natural), derivative_entry(natural, dashed=True)]
        for new, old in zip(natural_rows, rows, strict=True):
            new.move_to(old, LEFT)
        self.begin_step()  # then e, whose derivative is itself
        self.play(
            ReplacementTransform(graph, natural_graph),
            ReplacementTransform(slope, natural_slope),
            *(ReplacementTransform(a, b) for a, b in zip(rows, natural_rows, strict=True)),
            run_time=DRAW_TIME,
        )
        self.play(Write(examples[1]), run_time=WRITE_TIME)
        self.wait(style.PAUSE)
        self.keep(axes, natural_graph, natural_slope, *natural_rows, *examples)

    def chain_rule(self) -> None:
        rule = self.rules["chain"]
        plan = self.plan
        identity = self.rule_identity([rule])
        self.play(FadeIn(identity))
        x_in = style.label("x")
        inner = self.function_box(rf"g(x) = {plan.chain_inner_latex}", style.ACCENT_COLOR)
        outer = self.function_box(rf"f(x) = {plan.chain_outer_latex}", style.FUNCTION_COLOR)
        out = style.label(rf"f(g(x)) = {plan.chain_latex}")
        stages = [x_in, inner, outer, out]
        pipeline = VGroup(*stages).arrange(DOWN, buff=PIPELINE_GAP)
        pipeline.move_to(PICTURE_CENTER)
        arrows = [
            Arrow(a.get_bottom(), b.get_top(), buff=PIPELINE_BUFF / 2, color=style.MUTED_COLOR)
            for a, b in zip(stages, stages[1:], strict=False)
        ]
        self.play(FadeIn(x_in))
        for arrow, stage in zip(arrows, stages[1:], strict=True):
            self.play(GrowArrow(arrow), FadeIn(stage))
        outer_prime = style.formula(rf"f'(g(x)) = {plan.chain_outer_prime_latex}")
        outer_prime.set_color(style.FUNCTION_COLOR)
        inner_prime = style.formula(rf"g'(x) = {plan.chain_inner_prime_latex}")
        inner_prime.set_color(style.ACCENT_COLOR)
        example = style.formula(rule.example_latex)
        column = self.place_column(outer_prime, inner_prime, example)
        self.begin_step()  # the outer function's derivative, at the inner function
        self.play(TransformFromCopy(outer[1], outer_prime), run_time=DRAW_TIME)
        self.begin_step()  # the inner function's derivative
        self.play(TransformFromCopy(inner[1], inner_prime), run_time=DRAW_TIME)
        self.begin_step()  # their product: the whole function's derivative
        self.play(Write(example), run_time=WRITE_TIME)
        self.wait(style.PAUSE)
        self.keep(identity, pipeline, *arrows, column)

    # ------------------------------------------------------------------ layout pieces

    @property
    def sweep_start(self) -> float:
        low, high = self.plan.x_range
        return low + SWEEP_MARGIN * (high - low)

    @property
    def sweep_end(self) -> float:
        low, high = self.plan.x_range
        return high - SWEEP_MARGIN * (high - low)

    def triangle_starts(self) -> list[float]:
        return list(self.plan.triangle_starts)

    def show_rule_and_graph(
        self,
        rules: Sequence[RulePlan],
        drawn: RulePlan,
        crossing: Crossing | None = None,
    ) -> tuple[Axes, VMobject]:
        """Clear the last beat, then bring in the rule identity, the axes and the curve.

        The tick numbers the curve runs through are taken off, and those that what the beat
        draws later would run through (`crossing` builds it, given the axes and the curve).
        """
        identity = self.rule_identity(rules)
        axes = self.picture_axes(drawn)
        graph = self.plot(axes, drawn, style.FUNCTION_COLOR)
        later = crossing(axes, graph) if crossing is not None else []
        clear_tick_numbers(axes, graph, *later)
        self.play(FadeIn(identity), Create(axes), run_time=DRAW_TIME)
        self.play(Create(graph), run_time=DRAW_TIME)
        self.keep(identity)
        return axes, graph

    def rule_identity(self, rules: Sequence[RulePlan]) -> VGroup:
        """The rule's name and identities at the top, each with its equation number beside it."""
        self.clear_last_beat()
        title = style.heading(f"{rules[0].name.capitalize()} rule")
        title.to_corner(UL, buff=style.FRAME_MARGIN)
        rows = []
        for rule in rules:
            identity = style.formula(rule.latex)
            row = VGroup(identity)
            if rule.equation:
                tag = style.label(rule.equation, color=style.MUTED_COLOR)
                tag.next_to(identity, RIGHT, buff=EQUATION_BUFF)
                row.add(tag)
            rows.append(row)
        group = VGroup(*rows).arrange(RIGHT, buff=RULE_ROW_BUFF)
        style.shrink_to_width(group, config.frame_width - 2 * style.FRAME_MARGIN)
        group.next_to(title, DOWN, buff=style.HEADING_BUFF).set_x(0)
        return VGroup(title, group)

    def picture_axes(self, rule: RulePlan) -> Axes:
        axes = style.lecture_axes(
            self.plan.x_range,
            rule.y_range,
            PICTURE_WIDTH,
            PICTURE_HEIGHT,
            x_step=self.plan.x_step,
            y_step=rule.y_step,
        )
        return style.numbers_in_front(axes).move_to(PICTURE_CENTER)

    def plot(
        self,
        axes: Axes,
        rule: RulePlan,
        color: str,
        stroke: float = style.CURVE_STROKE,
        derivative: bool = False,
    ) -> VMobject:
        fn = rule.df if derivative else rule.f
        assert fn is not None
        return axes.plot(fn, x_range=self.plan.x_range, color=color, stroke_width=stroke)

    def tangent_positions(self, rule: RulePlan) -> Crossing:
        """The tangent at points along the sweep (and at the power rule's point)."""
        f, df = _curves(rule)
        xs = [*np.linspace(self.sweep_start, self.sweep_end, TANGENT_SAMPLES)]
        xs.append(self.plan.power_point)

        def crossing(axes: Axes, _graph: VMobject) -> list[Mobject]:
            return [style.tangent_segment(axes, x, f(x), df(x), TANGENT_LENGTH) for x in xs]

        return crossing

    def live_tangent(
        self, axes: Axes, rule: RulePlan, tracker: ValueTracker
    ) -> tuple[VMobject, Mobject]:
        """The tangent and its touching point, following the tracker's x."""
        f, df = _curves(rule)

        def at() -> float:
            return tracker.get_value()

        tangent = always_redraw(
            lambda: style.tangent_segment(axes, at(), f(at()), df(at()), TANGENT_LENGTH)
        )
        dot = always_redraw(lambda: style.point_dot().move_to(axes.c2p(at(), f(at()))))
        return tangent, dot

    def live_slope(self, rule: RulePlan, tracker: ValueTracker) -> VGroup:
        """A slope readout whose number follows the tangent at the tracker's x."""
        _, df = _curves(rule)
        label = style.formula(SLOPE_LABEL)
        value = LiveNumber(df(tracker.get_value()), font_size=style.BODY_SIZE)
        value.set_color(style.DERIVATIVE_COLOR)
        readout = VGroup(label, value)
        value.next_to(label, RIGHT)
        value.add_updater(lambda m: m.set_value(df(tracker.get_value())).next_to(label, RIGHT))
        return readout

    def slope_triangle(self, axes: Axes, rule: RulePlan, x: float) -> VGroup:
        """Run (UNIT_RUN) then rise from the point at x, with their lengths written beside them."""
        f, _ = _curves(rule)
        start = axes.c2p(x, f(x))
        corner = axes.c2p(x + UNIT_RUN, f(x))
        end = axes.c2p(x + UNIT_RUN, f(x + UNIT_RUN))
        run = Line(start, corner, color=style.RUN_COLOR, stroke_width=style.CURVE_STROKE)
        rise = Line(corner, end, color=style.RISE_COLOR, stroke_width=style.CURVE_STROKE)
        run_label = style.label(str(UNIT_RUN), color=style.RUN_COLOR, size=style.SMALL_SIZE)
        run_label.next_to(run, DOWN, buff=LABEL_BUFF)
        rise_label = style.label(
            self.plan.linear_slope_latex, color=style.RISE_COLOR, size=style.SMALL_SIZE
        )
        rise_label.next_to(rise, RIGHT, buff=LABEL_BUFF)
        return VGroup(run, rise, run_label, rise_label)

    def place_column(self, *items: Mobject) -> VGroup:
        """Stack the right-hand column's items, left-aligned, below the rule."""
        column = style.stack(*items, buff=COLUMN_BUFF)
        style.shrink_to_width(column, COLUMN_WIDTH)
        column.move_to([COLUMN_CENTER_X, 0, 0]).align_to([0, COLUMN_TOP, 0], UP)
        return column

    def function_box(self, latex: str, color: str) -> VGroup:
        text = style.formula(latex, color=color)
        box = RoundedRectangle(
            width=text.width + 2 * BOX_BUFF,
            height=text.height + 2 * BOX_BUFF,
            corner_radius=BOX_CORNER_RADIUS,
            color=color,
        ).move_to(text)
        return VGroup(box, text)

    def keep(self, *mobjects: Mobject) -> None:
        """Remember what this beat left on screen, so the next beat can clear it."""
        self.on_screen.extend(mobjects)

    def clear_last_beat(self) -> None:
        if self.on_screen:
            self.play(*(FadeOut(m) for m in self.on_screen))
            self.on_screen = []


Crossing = Callable[[Axes, VMobject], list[Mobject]]  # what a beat draws later on the axes


def morph_frames(start: VMobject, end: VMobject) -> list[Mobject]:
    """The shapes a curve passes through on its way to another, where the check reads them."""
    frames = []
    for alpha in MORPH_SAMPLES:
        morph = ReplacementTransform(start.copy(), end.copy())
        morph.begin()
        morph.interpolate(alpha)
        frames.append(morph.mobject)
    return frames


def function_entry(rule: RulePlan) -> VGroup:
    return style.legend_entry(FUNCTION_NAME + rule.function_latex, style.FUNCTION_COLOR)


def derivative_entry(rule: RulePlan, dashed: bool = False) -> VGroup:
    latex = DERIVATIVE_NAME + rule.derivative_latex
    return style.legend_entry(latex, style.DERIVATIVE_COLOR, dashed=dashed)


def _curves(rule: RulePlan) -> tuple[Callable[[float], float], Callable[[float], float]]:
    assert rule.f is not None and rule.df is not None
    return rule.f, rule.df
