"""EquationChain: a chain of equalities written one link at a time, the value boxed.

The first line holds the first link and the second (L0 = L1); every later link gets a line
of its own starting with its = sign, the = signs aligned one below the other, as lecture
notes write a chain. The chain is shrunk to fit the frame's width and height; a chain too
long to read at the smallest size allowed scrolls instead, its first lines leaving at the
top as the last ones come in. Where the last link is not written as the chain's value, the
value (worked out exactly by the plan) follows it; the last line, holding the value, is boxed.
"""

from __future__ import annotations

from manim import (
    DOWN,
    RIGHT,
    UL,
    UP,
    Create,
    FadeIn,
    MathTex,
    Mobject,
    VGroup,
    Write,
    config,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.plans.equation_chain import EquationChainPlan

# ---------------------------------------------------------------- the scene

# Layout, in frame units and manim font sizes.
CHAIN_SIZE = 48
MIN_CHAIN_SIZE = 36  # a chain that would need smaller type scrolls instead
LINE_BUFF = 0.32
BOX_ROOM = 0.3  # around the boxed value: the box's buff and its stroke
BOX_GAP = 0.36  # between the boxed line and the line above: the box's buff and a gap
LEFT_SHARE = 0.4  # of the width, at most, for the first link when the chain is too wide

# Timing, in seconds.
WRITE_TIME = 1.0
SCROLL_TIME = 0.6


def chain_lines(plan: EquationChainPlan) -> list[MathTex]:
    """L0 = L1, then = L2, ..., then = value (or ≈ value) where the plan adds it."""
    links = [link.latex for link in plan.links]
    lines = [style.formula(links[0], "=", links[1], size=CHAIN_SIZE)]
    lines += [style.formula("=", latex, size=CHAIN_SIZE) for latex in links[2:]]
    if plan.result_latex:
        lines.append(style.formula(plan.result_relation, plan.result_latex, size=CHAIN_SIZE))
    return lines


def relation_of(line: MathTex, index: int) -> Mobject:
    """The = sign of a line: the second part of the first line, the first part of the rest."""
    return line[1] if index == 0 else line[0]


def aligned_chain(lines: list[MathTex]) -> VGroup:
    """The lines stacked, each one's = sign under the first line's."""
    chain = VGroup(*lines).arrange(DOWN, buff=LINE_BUFF)
    column = relation_of(lines[0], 0).get_x()
    for index, line in enumerate(lines[1:], start=1):
        line.shift(RIGHT * (column - relation_of(line, index).get_x()))
    return chain


def shrink_about_relation(line: MathTex, index: int, left: float, right: float) -> None:
    """A line wider than [left, right] shrunk about its = sign, which stays in the column."""
    centre = relation_of(line, index).get_center()
    room = [1.0]
    if line.get_right()[0] > right:
        room.append((right - centre[0]) / (line.get_right()[0] - centre[0]))
    if line.get_left()[0] < left:
        room.append((centre[0] - left) / (centre[0] - line.get_left()[0]))
    if min(room) < 1.0:
        line.scale(min(room), about_point=centre)


class EquationChain(LectureScene):
    """Each link written on cue, = signs aligned; the chain's value boxed at the end."""

    plan: EquationChainPlan

    def write_the_chain(self) -> None:
        plan = self.plan
        self.heading = self.place_heading(plan.heading)
        self.area_top = (
            self.heading.get_bottom()[1] - style.HEADING_BUFF
            if plan.heading
            else config.frame_height / 2 - style.FRAME_MARGIN
        )
        self.area_bottom = -config.frame_height / 2 + style.FRAME_MARGIN + BOX_ROOM
        self.lines = chain_lines(plan)
        self.chain = aligned_chain(self.lines)
        self.fit_chain()
        if plan.heading:
            self.play(FadeIn(self.heading))
        first = self.lines[0]
        pieces = [first[0], VGroup(first[1], first[2])]
        pieces += self.lines[1 : len(plan.links) - 1]
        for index, piece in enumerate(pieces):
            self.begin_step()  # each link, said as it is written
            line = max(index - 1, 0)
            self.scroll_to_show(line)
            self.play(Write(piece), run_time=WRITE_TIME)
            if index == 1:  # the first line whole again, for the scroll to move it
                self.remove(*pieces[:2])
                self.add(first)
        self.wait(style.SHORT_PAUSE)

    def box_the_result(self) -> None:
        plan = self.plan
        if plan.result_latex:
            self.scroll_to_show(len(self.lines) - 1)
            self.play(Write(self.lines[-1]), run_time=WRITE_TIME)
        boxed = self.lines[-1]  # its = sign too, as SlopeOfLine boxes its last line
        self.boxed = boxed
        self.result_box = style.result_box(boxed)
        self.play(Create(self.result_box))
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ layout

    def place_heading(self, text: str) -> Mobject:
        if not text:
            return VGroup()
        heading = style.heading(text)
        style.shrink_to_width(heading, config.frame_width - 2 * style.FRAME_MARGIN)
        return heading.to_corner(UL, buff=style.FRAME_MARGIN)

    def fit_chain(self) -> None:
        """Shrink the chain to the height left under the heading, down to MIN_CHAIN_SIZE;
        put its = column where the widest lines fit, and shrink a line still too wide about
        its = sign. Centred where it fits, else its top at the area's top (it scrolls as
        it is written)."""
        chain, lines = self.chain, self.lines
        height = self.area_top - self.area_bottom
        smallest = MIN_CHAIN_SIZE / CHAIN_SIZE
        chain.scale(min(1.0, max(smallest, height / chain.height)))
        left_limit = -config.frame_width / 2 + style.FRAME_MARGIN + BOX_ROOM
        right_limit = -left_limit
        column = relation_of(lines[0], 0).get_x()
        before = column - lines[0].get_left()[0]
        after = max(line.get_right()[0] for line in lines) - column
        width = right_limit - left_limit
        if before + after <= width:
            target = left_limit + (width - before - after) / 2 + before
        else:
            target = left_limit + min(before, LEFT_SHARE * width)
        chain.shift(RIGHT * (target - column))
        for index, line in enumerate(lines):
            shrink_about_relation(line, index, left_limit, right_limit)
        self.keep_box_clear()
        if chain.height <= height:
            chain.set_y((self.area_top + self.area_bottom) / 2)
        else:
            chain.align_to([0, self.area_top, 0], UP)

    def keep_box_clear(self) -> None:
        """The boxed last line at least BOX_GAP below the line above, so the box touches
        nothing."""
        if len(self.lines) < 2:
            return
        above, last = self.lines[-2], self.lines[-1]
        gap = above.get_bottom()[1] - last.get_top()[1]
        if gap < BOX_GAP:
            last.shift(DOWN * (BOX_GAP - gap))

    def scroll_to_show(self, index: int) -> None:
        """Move the chain up until line `index` is above the area's bottom; the lines written
        that would go above the area's top fade out on the way."""
        line = self.lines[index]
        rise = self.area_bottom - line.get_bottom()[1]
        if rise <= 1e-6:
            return
        shown, to_come = self.lines[:index], self.lines[index:]
        leaving = [ln for ln in shown if ln.get_top()[1] + rise > self.area_top + 1e-6]
        staying = [ln for ln in shown if ln not in leaving]
        for later in to_come:
            later.shift(UP * rise)
        animations = [ln.animate.shift(UP * rise) for ln in staying]
        animations += [ln.animate.shift(UP * rise).set_opacity(0) for ln in leaving]
        self.play(*animations, run_time=SCROLL_TIME)
        self.remove(*leaving)
