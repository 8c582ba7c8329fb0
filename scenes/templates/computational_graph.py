"""The chain rule on a computational graph: nodes left to right, values forward, gradients back.

The expression (and its helpers) sits in a band at the top, the graph in the middle, the
chain rule's sum for the node being worked on in a band at the bottom. Columns and rows
come from the plan; the frame's width and height are shared out between them. Every label
(a node's value below it, its gradient above it, an edge's local derivative beside it) is
placed once, at the start, by a Placer that knows every node, arrow and label, so what
appears later never lands on what is there.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Animation,
    Arrow,
    Create,
    CurvedArrow,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    MathTex,
    Mobject,
    RoundedRectangle,
    SurroundingRectangle,
    VGroup,
    Write,
    config,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.layout import Box, set_anchor
from scenes.kit.placement import Placer, leader_line
from scenes.plans.computational_graph import ComputationalGraphPlan, GraphEdgePlan

# Layout, in frame units.
BAND_HEIGHT = 0.75  # the expression's band at the top, the chain rule's at the bottom
BAND_GAP = 0.2
SIDE_PAD = 0.25
NODE_HEIGHT = 0.62
NODE_PAD = 0.26  # between a node's label and its outline, left and right
NODE_FILL_OPACITY = 1.0
MAX_ROW_GAP = 1.7
LABEL_ROOM = 0.8  # room kept above the top row and below the bottom one, for their labels
MAX_NODE_SHARE = 0.86  # a node is at most this share of its column's width...
MIN_LABEL_SCALE = 0.7  # ...unless its label would shrink below this (then it is wider)
EDGE_GAP = 0.06
EDGE_STROKE = 3
TIP_LENGTH = 0.16
TWIN_ANGLE = 0.6  # the bend of two edges joining the same two nodes (x*x)
HELPER_GAP = 0.8
HEADER_PAD = 0.1
VALUE_BUFF = 0.08
BOX_BUFF = 0.08
EDGE_LABEL_SIZE = 26

# Colours: the forward pass's values, the backward pass's gradients, the edges' local
# derivatives; the same meaning as the function (blue) and derivative (orange) elsewhere.
VALUE_COLOR = style.FUNCTION_COLOR
GRADIENT_COLOR = style.DERIVATIVE_COLOR
LOCAL_COLOR = style.ACCENT_COLOR
NODE_COLOR = style.MUTED_COLOR
INPUT_COLOR = style.TEXT_COLOR

# Timing, in seconds.
DRAW_RUN_TIME = 1.6
STEP_RUN_TIME = 0.8

# A node's labels go on one side of it (values below, gradients above); the other sides
# are tried where that one is taken, at a small cost so the usual side wins a tie.
ABOVE = "above"
BELOW = "below"
SIDES = {
    ABOVE: ((UP, UR, UL), "get_top"),
    BELOW: ((DOWN, DR, DL), "get_bottom"),
    "left": ((LEFT,), "get_left"),
    "right": ((RIGHT,), "get_right"),
}
OTHER_SIDE_COST = 0.5
LABEL_GAP = 0.09  # an edge's label keeps this far from the other labels
LEADER_DISTANCE = 0.45  # a node's label further than this from it gets a leader line
EDGE_CLEAR = 0.6  # an edge's label anchored this far from other nodes is clear of them
EDGE_SPOTS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75)  # where along an edge its label may sit


def frame_box() -> Box:
    half_w, half_h = config.frame_width / 2, config.frame_height / 2
    return Box(-half_w, -half_h, half_w, half_h)


class ComputationalGraph(LectureScene):
    """An expression's graph: the forward pass, the backward pass, the chosen gradients."""

    plan: ComputationalGraphPlan

    # ------------------------------------------------------------------ beats

    def draw_the_graph(self) -> None:
        plan = self.plan
        self.header = self._header()
        self.chain_band = self._chain_band()
        self._lay_out()
        inputs = [i for i, node in enumerate(plan.nodes) if node.is_input]
        self.play(Write(self.header), run_time=DRAW_RUN_TIME)
        self.play(*(FadeIn(self.nodes[i]) for i in inputs))
        for column in range(1, plan.columns):
            members = [node.index for node in plan.nodes if node.column == column]
            arrows = [self.edges[k] for k, e in enumerate(plan.edges) if e.parent in members]
            self.play(
                LaggedStart(*(_grown(a) for a in arrows), lag_ratio=0.15),
                *(FadeIn(self.nodes[i]) for i in members),
                run_time=STEP_RUN_TIME,
            )
        self.wait(style.SHORT_PAUSE)

    def forward_pass(self) -> None:
        plan = self.plan
        for index in plan.forward_order:
            self.begin_step()  # each node's value, said as it appears
            into = [self.edges[k] for k, e in enumerate(plan.edges) if e.parent == index]
            self.play(
                *(arrow.animate.set_color(VALUE_COLOR) for arrow in into),
                self.nodes[index][0].animate.set_stroke(VALUE_COLOR),
                FadeIn(self.values[index], shift=0.1 * DOWN),
                run_time=self.step_run_time(STEP_RUN_TIME),
            )
        self.wait(style.SHORT_PAUSE)

    def backward_pass(self) -> None:
        plan = self.plan
        self.chain = VGroup()
        for index in plan.backward_order:
            self.begin_step()  # each node's gradient, said as it appears
            chain = self._chain_line(plan.nodes[index].chain_latex)
            self.play(
                self.nodes[index][0].animate.set_stroke(GRADIENT_COLOR),
                FadeIn(self.gradients[index], shift=0.1 * UP),
                FadeOut(self.chain),
                FadeIn(chain),
                run_time=self.step_run_time(STEP_RUN_TIME),
            )
            self.chain = chain
            into = [k for k, e in enumerate(plan.edges) if e.parent == index]
            if into:
                self.play(
                    *(self.edges[k].animate.set_color(LOCAL_COLOR) for k in into),
                    *(FadeIn(self.locals[k]) for k in into),
                    run_time=STEP_RUN_TIME,
                )
        self.wait(style.SHORT_PAUSE)

    def read_the_gradients(self) -> None:
        plan = self.plan
        self.boxes = VGroup()
        for index in plan.targets:
            self.begin_step()  # each chosen input's gradient, the sum over its paths
            chain = self._chain_line(plan.nodes[index].chain_latex)
            box = self.target_boxes[index]
            self.play(
                self.nodes[index][0].animate.set_stroke(GRADIENT_COLOR),
                FadeIn(self.gradients[index], shift=0.1 * UP),
                FadeOut(self.chain),
                FadeIn(chain),
                run_time=self.step_run_time(STEP_RUN_TIME),
            )
            self.play(FadeIn(box), Indicate(self._label_of(self.gradients[index])))
            self.chain = chain
            self.boxes.add(box)
        self.summary = self._chain_line(r",\qquad ".join(plan.gradients_latex))
        self.play(FadeOut(self.chain), FadeIn(self.summary))
        self.wait(style.PAUSE)

    # ------------------------------------------------------------------ layout

    def _header(self) -> VGroup:
        plan = self.plan
        parts = [style.formula(plan.expression_latex)]
        parts += [
            style.formula(h, size=style.LABEL_SIZE, color=NODE_COLOR) for h in plan.helpers_latex
        ]
        header = VGroup(*parts).arrange(RIGHT, buff=HELPER_GAP)
        width = config.frame_width - 2 * style.FRAME_MARGIN
        style.shrink_to_width(header, width)
        header.to_edge(UP, buff=style.FRAME_MARGIN + HEADER_PAD)
        return header

    def _chain_band(self) -> Box:
        half_w, half_h = config.frame_width / 2, config.frame_height / 2
        return Box(-half_w, -half_h, half_w, -half_h + style.FRAME_MARGIN + BAND_HEIGHT)

    def _chain_line(self, latex: str) -> MathTex:
        line = style.formula(latex, size=style.LABEL_SIZE)
        style.shrink_to_width(line, config.frame_width - 2 * style.FRAME_MARGIN)
        line.move_to([0, -config.frame_height / 2 + style.FRAME_MARGIN + BAND_HEIGHT / 2, 0])
        return line

    def _lay_out(self) -> None:
        """Nodes at their columns and rows, arrows between them, then every label placed."""
        plan = self.plan
        half_w, half_h = config.frame_width / 2, config.frame_height / 2
        left = -half_w + style.FRAME_MARGIN + SIDE_PAD
        right = half_w - style.FRAME_MARGIN - SIDE_PAD
        top = min(self.header.get_bottom()[1], half_h - style.FRAME_MARGIN - BAND_HEIGHT) - BAND_GAP
        bottom = -half_h + style.FRAME_MARGIN + BAND_HEIGHT + BAND_GAP
        column_width = (right - left) / plan.columns
        low, high = plan.rows
        span = high - low
        room = top - bottom - 2 * LABEL_ROOM
        row_gap = min(MAX_ROW_GAP, room / span) if span > 0 else MAX_ROW_GAP
        middle_row = (low + high) / 2
        middle_y = (top + bottom) / 2

        def centre(index: int) -> np.ndarray:
            node = plan.nodes[index]
            x = left + (node.column + 0.5) * column_width
            return np.array([x, middle_y + (node.row - middle_row) * row_gap, 0.0])

        self.nodes = [
            self._node(i, column_width).move_to(centre(i)) for i in range(len(plan.nodes))
        ]
        self.edges = [self._edge(edge) for edge in plan.edges]

        placer = Placer([self.header, *self.nodes, *self.edges])
        header = Box.around(self.header.get_all_points())
        placer.avoid_box(Box(-half_w, header.bottom, half_w, half_h), "the expression's band")
        placer.avoid_box(self.chain_band, "the chain rule's band")
        self.values: dict[int, Mobject] = {}
        for index, node in enumerate(plan.nodes):
            if node.is_input:
                continue
            label = style.label(node.value_latex, VALUE_COLOR, style.SMALL_SIZE)
            self.values[index] = _place_by_node(placer, label, self.nodes[index], BELOW)
        self.gradients: dict[int, Mobject] = {}
        self.target_boxes: dict[int, Mobject] = {}
        for index, node in enumerate(plan.nodes):
            if node.is_input and not node.is_target:
                continue
            label = style.label(node.gradient_latex, GRADIENT_COLOR, style.SMALL_SIZE)
            if node.is_target:  # placed with its box, so the box keeps off the others too
                box = SurroundingRectangle(
                    label, color=style.HIGHLIGHT_COLOR, buff=BOX_BUFF, corner_radius=0.06
                )
                self.target_boxes[index] = box
                label = VGroup(label, box)
            # an input's value is in its box: its gradient goes below it, where nothing is
            side = BELOW if node.is_input else ABOVE
            placed = _place_by_node(placer, label, self.nodes[index], side)
            if node.is_target:
                label.remove(self.target_boxes[index])  # shown later, at the end
            self.gradients[index] = placed
        self.locals: list[Mobject] = []
        for k, edge in enumerate(plan.edges):
            label = style.label(edge.local_latex, LOCAL_COLOR, EDGE_LABEL_SIZE)
            self.locals.append(_place_apart(placer, label, self._edge_anchor(k)))

    def _edge_anchor(self, k: int) -> np.ndarray:
        """The point along edge k furthest from every node it does not join (an edge that
        skips a column passes near the node between)."""
        edge = self.plan.edges[k]
        others = [n for i, n in enumerate(self.nodes) if i not in (edge.child, edge.parent)]
        points = [self.edges[k].point_from_proportion(t) for t in EDGE_SPOTS]
        if not others:
            return points[0]
        middle = points[0]

        def score(point: np.ndarray) -> float:
            clear = min(min(_distance_to(node, point) for node in others), EDGE_CLEAR)
            return clear - 0.2 * float(np.linalg.norm(point - middle))

        return max(points, key=score)

    def _node(self, index: int, column_width: float) -> VGroup:
        node = self.plan.nodes[index]
        if node.is_input:  # given, not computed: its value sits in its box
            text = MathTex(
                node.label, "=", node.value_latex, font_size=style.LABEL_SIZE, color=INPUT_COLOR
            )
            text[2].set_color(VALUE_COLOR)
        else:
            text = style.label(node.label, style.TEXT_COLOR)
        room = MAX_NODE_SHARE * column_width - NODE_PAD
        if text.width > room:
            text.scale(max(room / text.width, MIN_LABEL_SCALE))
        width = max(NODE_HEIGHT, text.width + NODE_PAD)
        outline = RoundedRectangle(
            width=width,
            height=NODE_HEIGHT,
            corner_radius=NODE_HEIGHT / 2 if not node.is_input else NODE_HEIGHT / 5,
            color=NODE_COLOR,
            stroke_width=3,
        )
        outline.set_fill(style.BACKGROUND, opacity=NODE_FILL_OPACITY)
        text.move_to(outline.get_center())
        return VGroup(outline, text)

    def _edge(self, edge: GraphEdgePlan) -> Mobject:
        start_node, end_node = self.nodes[edge.child], self.nodes[edge.parent]
        start = _boundary(start_node[0], end_node.get_center())
        end = _boundary(end_node[0], start_node.get_center())
        if edge.twins > 1:
            bend = TWIN_ANGLE * (1 if edge.twin % 2 == 0 else -1) * (1 + edge.twin // 2)
            arrow: Mobject = CurvedArrow(
                start,
                end,
                angle=bend,
                color=NODE_COLOR,
                stroke_width=EDGE_STROKE,
                tip_length=TIP_LENGTH,
            )
        else:
            arrow = Arrow(
                start,
                end,
                buff=0,
                color=NODE_COLOR,
                stroke_width=EDGE_STROKE,
                max_tip_length_to_length_ratio=0.3,
                tip_length=TIP_LENGTH,
            )
        return arrow

    @staticmethod
    def _label_of(placed: Mobject) -> Mobject:
        """The label itself, where the Placer returned it with a leader line."""
        return (
            placed[0] if isinstance(placed, VGroup) and not isinstance(placed, MathTex) else placed
        )


def _place_by_node(placer: Placer, label: Mobject, node: Mobject, side: str) -> Mobject:
    """Place a label beside a node: on `side` where it is free, else the freest other side
    (a leader joins it to the node where it had to go further)."""
    best = None
    for name, (directions, edge_point) in SIDES.items():
        anchor = getattr(node, edge_point)()
        centre, distance = placer.spot(
            label.width, label.height, anchor, directions=directions, buff=VALUE_BUFF
        )
        half_w, half_h = label.width / 2, label.height / 2
        box = Box(centre[0] - half_w, centre[1] - half_h, centre[0] + half_w, centre[1] + half_h)
        cost = placer.cost(box, anchor) + (0 if name == side else OTHER_SIDE_COST)
        if best is None or cost < best[0]:
            best = (cost, centre, distance, anchor)
    _, centre, distance, anchor = best
    label.move_to([centre[0], centre[1], 0])
    set_anchor(label, anchor)
    placer.occupy(label)
    if distance > LEADER_DISTANCE:
        line = leader_line(label, anchor)
        placer.avoid(line)
        return VGroup(label, line)
    return label


def _place_apart(placer: Placer, label: Mobject, anchor: np.ndarray) -> Mobject:
    """Place an edge's label around its anchor with a gap kept from every other label, so
    a local derivative never reads as part of a node's value or gradient beside it."""
    width, height = label.width + 2 * LABEL_GAP, label.height + 2 * LABEL_GAP
    centre, distance = placer.spot(width, height, anchor, buff=VALUE_BUFF)
    label.move_to([centre[0], centre[1], 0])
    set_anchor(label, anchor)
    placer.avoid_box(
        Box(
            centre[0] - width / 2,
            centre[1] - height / 2,
            centre[0] + width / 2,
            centre[1] + height / 2,
        ),
        "an edge's label",
    )
    if distance > LEADER_DISTANCE:
        line = leader_line(label, anchor)
        placer.avoid(line)
        return VGroup(label, line)
    return label


def _distance_to(node: Mobject, point: np.ndarray) -> float:
    """How far a point is from a node's outline box (0 inside it)."""
    dx = max(abs(point[0] - node.get_x()) - node.width / 2, 0.0)
    dy = max(abs(point[1] - node.get_y()) - node.height / 2, 0.0)
    return float(np.hypot(dx, dy))


def _grown(arrow: Mobject) -> Animation:
    """A straight arrow grows from its start; a bent one (x*x's twins) is drawn."""
    return Create(arrow) if isinstance(arrow, CurvedArrow) else GrowArrow(arrow)


def _boundary(outline: Mobject, towards: np.ndarray) -> np.ndarray:
    """Where the line from the outline's centre towards a point leaves the outline (as a
    rectangle with rounded ends: close enough for an arrow's end), plus a small gap."""
    centre = outline.get_center()
    direction = towards - centre
    length = float(np.linalg.norm(direction))
    if length == 0:
        return centre
    unit = direction / length
    half_w, half_h = outline.width / 2, outline.height / 2
    reach = min(
        half_w / abs(unit[0]) if abs(unit[0]) > 1e-9 else np.inf,
        half_h / abs(unit[1]) if abs(unit[1]) > 1e-9 else np.inf,
    )
    return centre + unit * (reach + EDGE_GAP)
