"""Derivation: any function's derivative one rule at a time, then the author's algebra.

Each step of the derivation engine comes split around the subterm it rewrites. The
scene lights that subterm up, names the rule beside it (placed where it covers neither
text nor ink), then turns it into its replacement while the rest of the line stays put,
so the eye follows one change at a time. The definition and the simplified derivative
stay at the top as references, each with the lecture's equation number if it gives one.
Said step by step (a list of sentences, or the template's own), each rule applied and each
algebra step begins with its sentence, and its lit subterm and rule's name stay while the
sentence names them.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    Animation,
    Create,
    FadeIn,
    FadeOut,
    FadeTransform,
    Indicate,
    MathTex,
    Mobject,
    ReplacementTransform,
    TransformFromCopy,
    VGroup,
    VMobject,
    Write,
    config,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.placement import Placer
from scenes.plans.derivation import DerivationPlan, StepPlan

# ---------------------------------------------------------------- the scene

# Layout, in frame units.
STATEMENT_SIZE = style.TITLE_SIZE
EXPRESSION_SIZE = 56
RESULT_SIZE = style.TITLE_SIZE
WORK_Y = 0.0
RULE_LABEL_BUFF = 0.25
RULE_LABEL_DIRECTIONS = (DOWN, DOWN + RIGHT, DOWN + LEFT)
EQUATION_BUFF = 0.5
REFERENCE_BUFF = 0.3
PREFIX_BUFF = 0.2
INDICATE_SCALE = 1.2  # manim's own

# Timing, in seconds.
HIGHLIGHT_TIME = 0.8
TRANSFORM_TIME = 1.4
SETTLE_TIME = 0.5


class Derivation(LectureScene):
    """A function, rewritten, differentiated rule by rule, simplified, then rewritten by the
    author's algebra steps (which may bring back the function's or a helper's name)."""

    plan: DerivationPlan

    def setup(self) -> None:
        super().setup()
        self.usable_width = config.frame_width - 2 * style.FRAME_MARGIN
        self.shown_rules: list[str] = []  # the label of every step shown, in order
        self.references: list[Mobject] = []  # formulas parked at the top, kept to the end

    # ------------------------------------------------------------------ beats

    def state_the_function(self) -> None:
        definition = style.formula(self.plan.definition_latex, size=STATEMENT_SIZE)
        tag = self.equation_tag(self.plan.definition_equation, definition)
        self.play(Write(definition), FadeIn(tag))
        self.wait(style.PAUSE)
        self.statement = VGroup(definition, tag)

    def rewrite_as_a_power(self) -> None:
        plan = self.plan
        definition, tag = self.statement
        if not plan.rewritten_latex:  # already in the form the rules apply to: park it
            self.play(Indicate(definition, color=style.HIGHLIGHT_COLOR))
            self.wait(style.PAUSE)
            reference = self.reference([plan.definition_latex], plan.definition_equation)
            self.play(ReplacementTransform(VGroup(definition, tag), reference))
            self.references.append(reference)
            self.show_only()
            return
        rewritten = style.formula(
            plan.definition_latex, "=", plan.rewritten_latex, size=STATEMENT_SIZE
        )
        style.shrink_to_width(rewritten, self.usable_width - tag.width - EQUATION_BUFF)
        rewritten.move_to(definition)
        beyond = rewritten.get_right()[0] + EQUATION_BUFF + tag.width - self.usable_width / 2
        if beyond > 0:  # a long line: keep its number inside the frame
            rewritten.shift(beyond * LEFT)
        self.play(
            ReplacementTransform(definition, rewritten[0]),
            tag.animate.next_to(rewritten, RIGHT, buff=EQUATION_BUFF),
        )
        self.play(Write(rewritten[1:]))
        self.show_only(rewritten, tag)
        # Indicate grows the part; a wide one grows no further than its number
        grow = min(INDICATE_SCALE, 1 + EQUATION_BUFF / max(rewritten[2].width, 1e-6))
        self.play(Indicate(rewritten[2], color=style.HIGHLIGHT_COLOR, scale_factor=grow))
        self.wait(style.PAUSE)
        reference = self.reference(
            [plan.definition_latex, "=", plan.rewritten_latex], plan.definition_equation
        )
        self.play(ReplacementTransform(VGroup(rewritten, tag), reference))
        self.references.append(reference)
        self.show_only()

    def differentiate_step_by_step(self) -> None:
        plan = self.plan
        first = plan.steps[0]
        self.prefix = style.formula(plan.derivative_lhs_latex, "=", size=EXPRESSION_SIZE)
        self.current = self.expression(first.parts)
        self.place_line(self.prefix, self.current)
        self.play(Write(self.prefix), Write(self.current))
        self.wait(style.SHORT_PAUSE)
        for step in plan.steps[1 : plan.equation_seven_index]:
            self.begin_step()  # each rule applied is one step, said as it is shown
            self.rewrite(step)

    def simplify_the_derivative(self) -> None:
        step = self.plan.steps[self.plan.equation_seven_index]
        self.rewrite(step)
        tag = self.equation_tag(self.plan.equation_seven, VGroup(self.prefix, self.current))
        self.play(FadeIn(tag))
        self.wait(style.SHORT_PAUSE)
        line = VGroup(self.prefix, self.current, tag)
        reference = self.reference(
            [self.plan.derivative_lhs_latex, "=", step.latex], self.plan.equation_seven
        )
        self.play(TransformFromCopy(line, reference))
        self.references.append(reference)
        self.show_only(self.prefix, self.current, tag)
        self.play(FadeOut(tag))

    def rewrite_in_terms_of_the_function(self) -> None:
        for step in self.plan.steps[self.plan.equation_seven_index + 1 :]:
            self.begin_step()  # each algebra step is one step, said as it is shown
            self.rewrite(step)

    def box_the_result(self) -> None:
        result = style.formula(self.plan.result_latex, size=RESULT_SIZE)
        tag = equation_number(self.plan.result_equation)
        style.shrink_to_width(result, self.usable_width - tag.width - 2 * EQUATION_BUFF)
        result.move_to([0, WORK_Y, 0])
        box = style.result_box(result)
        tag.next_to(box, RIGHT, buff=EQUATION_BUFF)
        self.play(ReplacementTransform(VGroup(self.prefix, self.current), result))
        self.show_only(result)
        self.play(Create(box), FadeIn(tag))
        self.wait(style.PAUSE)
        self.result = VGroup(result, box, tag)

    # ------------------------------------------------------------------ one step

    def rewrite(self, step: StepPlan) -> None:
        """Light up the subterm the step rewrites, name its rule, and transform it in place."""
        source, source_middle = self.expression_with_middle(step.source_parts)
        source.match_height(self.current).move_to(self.current)
        self.show_only(self.prefix, source)
        label = self.place_rule_label(step.label, source, source_middle)
        self.play(
            source[source_middle].animate.set_color(style.HIGHLIGHT_COLOR),
            FadeIn(label),
            run_time=HIGHLIGHT_TIME,
        )
        # said step by step, the lit subterm and its rule stay while the step's sentence
        # names them; the rewrite and its pause end as the sentence does
        rest = TRANSFORM_TIME + SETTLE_TIME + style.SHORT_PAUSE
        hold = self.step_run_time(rest) - rest
        if hold > 1e-6:
            self.wait(max(hold, 1 / config.frame_rate))  # manim draws a frame at least
        target, middle = self.expression_with_middle(step.parts)
        target[middle].set_color(style.HIGHLIGHT_COLOR)
        prefix_target = self.prefix.copy()
        self.place_line(prefix_target, target)
        self.play(
            self.prefix.animate.move_to(prefix_target),
            *self.part_transforms(source, source_middle, target, middle),
            FadeOut(label),
            run_time=TRANSFORM_TIME,
        )
        self.show_only(self.prefix, target)
        self.play(target[middle].animate.set_color(style.TEXT_COLOR), run_time=SETTLE_TIME)
        self.wait(style.SHORT_PAUSE)
        self.current = target
        self.shown_rules.append(step.label)

    def place_rule_label(self, text: str, source: MathTex, middle: int) -> Mobject:
        """The rule's name under the part it rewrites, clear of the line, the references and
        the frame's edges (with a leader line when it had to go further)."""
        label = style.rule_tag(text)
        placer = Placer([*self.references, self.prefix, source])
        return placer.place(
            label,
            source[middle].get_bottom(),
            directions=RULE_LABEL_DIRECTIONS,
            buff=RULE_LABEL_BUFF,
        )

    def part_transforms(
        self, source: MathTex, source_middle: int, target: MathTex, middle: int
    ) -> list[Animation]:
        """Unchanged parts slide to their new places; the rewritten part morphs into the new one."""
        animations = [FadeTransform(source[source_middle], target[middle])]
        before = (source[:source_middle], target[:middle])
        after = (source[source_middle + 1 :], target[middle + 1 :])
        for old, new in (before, after):
            if len(old) and len(new):
                animations.append(ReplacementTransform(old, new))
        return animations

    # ------------------------------------------------------------------ layout pieces

    def expression(self, parts: tuple[str, ...] | list[str]) -> MathTex:
        return self.expression_with_middle(parts)[0]

    def expression_with_middle(self, parts: tuple[str, ...] | list[str]) -> tuple[MathTex, int]:
        """The (before, middle, after) split as one MathTex, empty parts left out; middle index."""
        before, middle, after = parts
        kept = [part for part in (before, middle, after) if part.strip()]
        index = 1 if before.strip() else 0
        return style.formula(*kept, size=EXPRESSION_SIZE), index

    def place_line(self, prefix: Mobject, expression: Mobject) -> None:
        """`S'(x) = <expression>`, shrunk to fit the frame, centred on the working line."""
        style.shrink_to_width(expression, self.usable_width - prefix.width - PREFIX_BUFF)
        line = VGroup(prefix, expression)
        prefix.next_to(expression, LEFT, buff=PREFIX_BUFF)
        line.move_to([0, WORK_Y, 0])

    def equation_tag(self, equation: str, beside: Mobject) -> Mobject:
        tag = equation_number(equation)
        tag.next_to(beside, RIGHT, buff=EQUATION_BUFF)
        return tag

    def reference(self, latex: list[str], equation: str) -> VGroup:
        """A formula with its equation number, small, parked top-left under the last one."""
        formula = style.formula(*latex, size=style.LABEL_SIZE)
        tag = self.equation_tag(equation, formula)
        line = style.shrink_to_width(VGroup(formula, tag), self.usable_width)
        if self.references:
            line.next_to(self.references[-1], DOWN, buff=REFERENCE_BUFF)
            line.align_to(self.references[-1], LEFT)
        else:
            line.to_corner(UL, buff=style.FRAME_MARGIN)
        return line

    def show_only(self, *mobjects: Mobject) -> None:
        """Replace whatever pieces transforms left in the scene by whole mobjects (no ghosts).

        The references stay. Nothing moves on screen: the wholes sit where their pieces were.
        """
        self.remove(*self.mobjects)
        self.add(*self.references, *mobjects)


def equation_number(equation: str) -> Mobject:
    """The lecture's number for an equation, or nothing (an empty mobject) when it gives none."""
    if not equation.strip():
        return VMobject()
    return style.label(equation, color=style.MUTED_COLOR)
