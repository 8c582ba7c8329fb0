"""The chain rule on a computational graph: ComputationalGraph's plan and schema.

An expression in named inputs becomes a graph of its operations (scenes/maths/backprop.py);
the plan gives each node its column and row, its value (the forward pass), each edge its
local derivative and each node its gradient (the backward pass), and each step's sentence
values. No manim here: the Scene class drawing the plan is
scenes/templates/computational_graph.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, Steps, TemplateSchema
from scenes.maths import backprop
from scenes.maths.given import formula
from scenes.maths.narration_values import SaidValue
from scenes.maths.plan_values import hidden, latex, number
from scenes.maths.spoken_math import spoken_number
from scenes.plans import PlanRefusal, Template

# ---------------------------------------------------------------- the plan

MAX_OPERATIONS = 12  # more operation nodes than this cannot be drawn legibly on one frame
MAX_COLUMNS = 9  # inputs' column and operations' columns, left to right
MAX_ROWS = 6  # nodes stacked in one column
OPERAND_SPREAD = 1.0  # a binary node's operands sit half this many rows above and below it
OUTPUT_NAME = "f"


@dataclass(frozen=True)
class GraphNodePlan:
    index: int
    label: str  # LaTeX in the node
    is_input: bool
    noun: str  # how the node is said
    column: int  # 0 is the leftmost
    row: float  # rows up from the middle (spacing 1)
    children: tuple[int, ...]
    value: float
    value_latex: str
    gradient: float
    gradient_latex: str
    chain_latex: str  # the backward step's sum: parent gradient x local derivative, added
    is_target: bool  # an input whose gradient the backward pass ends at


@dataclass(frozen=True)
class GraphEdgePlan:
    child: int
    parent: int
    slot: int
    local: float
    local_latex: str
    twin: int  # which of the edges between the same two nodes (x*x: 0 and 1)
    twins: int  # how many edges join the same two nodes


@dataclass(frozen=True)
class ComputationalGraphPlan:
    name: str
    expression_latex: str  # f = ..., as written
    helpers_latex: tuple[str, ...]  # S(x) = ...
    nodes: tuple[GraphNodePlan, ...]  # children before parents; the output last
    edges: tuple[GraphEdgePlan, ...]
    columns: int
    rows: tuple[float, float]  # the lowest and highest row
    targets: tuple[int, ...]  # the nodes of gradients_of, in its order
    gradients_latex: tuple[str, ...]  # \frac{\partial f}{\partial w} = ..., per target
    output_value: float
    output_value_latex: str
    graph: backprop.Graph = hidden()

    @property
    def forward_order(self) -> tuple[int, ...]:
        return tuple(node.index for node in self.nodes if not node.is_input)

    @property
    def backward_order(self) -> tuple[int, ...]:
        return tuple(reversed(self.forward_order))

    def edges_into(self, index: int) -> tuple[GraphEdgePlan, ...]:
        return tuple(edge for edge in self.edges if edge.parent == index)

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """ForwardPass is said one operation at a time, left to right; BackwardPass one
        operation at a time, right to left; ReadTheGradients one chosen input at a time."""
        graph = self.graph
        if beat == "ForwardPass":
            return tuple(
                {"node": _said_noun(self.nodes[i]), "value": _said(graph.nodes[i].value)}
                for i in self.forward_order
            )
        if beat == "BackwardPass":
            return tuple(
                {"node": _said_noun(self.nodes[i]), "gradient": _said(graph.nodes[i].gradient)}
                for i in self.backward_order
            )
        if beat == "ReadTheGradients":
            return tuple(
                {
                    "input": SaidValue(graph.nodes[i].label, _spoken_name(graph.nodes[i].label)),
                    "gradient": _said(graph.nodes[i].gradient),
                    "paths": len(graph.parents(i)),
                }
                for i in self.targets
            )
        return ()


def _said(value: sympy.Expr) -> SaidValue:
    """A value as shown (0.668) and said (zero point six six eight): the same number."""
    found = backprop.shown(value)
    # said as written: 0.5 is "zero point five", not "one half"
    plain = "." in found.text and "×" not in found.text
    said = sympy.Float(found.text) if plain else found.number
    return SaidValue(found.text, spoken_number(said))


def _said_noun(node: GraphNodePlan) -> SaidValue:
    return SaidValue(node.noun, _spoken_name(node.noun))


def _spoken_name(name: str) -> str:
    return name.replace("_", " ")


def build_plan(scene: SceneContent) -> ComputationalGraphPlan:
    p = scene.params
    inputs: dict[str, sympy.Expr] = dict(p["inputs"])
    helpers: dict[str, sympy.Expr] = dict(p["helpers"])
    names, functions = tuple(inputs), tuple(helpers)
    written = formula("expression", p["expression"], names, functions, evaluate=False)
    for position, target in enumerate(p["gradients_of"]):
        if target in p["gradients_of"][:position]:
            raise PlanRefusal(
                "gradients_of",
                f"names {target} twice; name each input once.",
                list(p["gradients_of"]),
            )
        if target not in inputs:
            raise PlanRefusal(
                "gradients_of",
                f"names {target}, which is no input; it may name {', '.join(names)}.",
                list(p["gradients_of"]),
            )
    try:
        graph = backprop.build_graph(written, inputs, helpers)
    except backprop.GraphError as error:
        raise PlanRefusal("expression", f"{error}.", p["expression"]) from None
    used = {node.label for node in graph.inputs}
    for name in names:
        if name not in used:
            raise PlanRefusal(
                "inputs",
                f"gives {name}, which the expression does not use; leave it out.",
                dict(p["inputs"]),
            )
    operations = len(graph.operations)
    if operations > MAX_OPERATIONS:
        raise PlanRefusal(
            "expression",
            f"has {operations} operations; a graph of more than {MAX_OPERATIONS} cannot be "
            "drawn legibly: split it into smaller expressions.",
            p["expression"],
        )
    depths = graph.depths()
    low = min(depths)
    columns = max(depths) - low + 1
    if columns > MAX_COLUMNS:
        raise PlanRefusal(
            "expression",
            f"chains {columns - 1} operations one after another; at most {MAX_COLUMNS - 1} "
            "fit across the frame: split it into smaller expressions.",
            p["expression"],
        )
    column_of = [d - low for d in depths]
    rows = _rows(graph, column_of)
    for column in range(columns):
        count = sum(1 for c in column_of if c == column)
        if count > MAX_ROWS:
            raise PlanRefusal(
                "expression",
                f"needs {count} nodes in one column; at most {MAX_ROWS} fit down the frame.",
                p["expression"],
            )
    targets = tuple(graph.input_node(name).index for name in p["gradients_of"])
    nodes = tuple(
        GraphNodePlan(
            index=node.index,
            label=node.label if not node.is_input else _input_latex(node.label),
            is_input=node.is_input,
            noun=node.noun,
            column=column_of[node.index],
            row=rows[node.index],
            children=node.children,
            value=number(node.value),
            value_latex=backprop.shown(node.value).latex,
            gradient=number(node.gradient),
            gradient_latex=backprop.shown(node.gradient).latex,
            chain_latex=_chain_latex(graph, node),
            is_target=node.index in targets,
        )
        for node in graph.nodes
    )
    return ComputationalGraphPlan(
        name=scene.name,
        expression_latex=f"{OUTPUT_NAME} = "
        + backprop.expression_latex(graph, {n: _input_latex(n) for n in names}),
        helpers_latex=tuple(
            f"{name}(x) = {latex(body)}"
            for name, body in helpers.items()
            if name in _called(written)
        ),
        nodes=nodes,
        edges=_edges(graph),
        columns=columns,
        rows=(min(rows), max(rows)),
        targets=targets,
        gradients_latex=tuple(
            rf"\frac{{\partial {OUTPUT_NAME}}}{{\partial {_input_latex(graph.nodes[i].label)}}}"
            f" {_relation(graph.nodes[i].gradient)} {backprop.shown(graph.nodes[i].gradient).latex}"
            for i in targets
        ),
        output_value=number(graph.output.value),
        output_value_latex=backprop.shown(graph.output.value).latex,
        graph=graph,
    )


def _called(expr: sympy.Expr) -> set[str]:
    return {call.func.__name__ for call in expr.atoms(sympy.core.function.AppliedUndef)}


def _input_latex(name: str) -> str:
    """An input's name in LaTeX: x, w_1 for w_1, learning\\_rate as upright text."""
    head, _, tail = name.partition("_")
    if len(head) == 1 and tail and "_" not in tail:
        return f"{head}_{{{tail}}}"
    if len(name) == 1:
        return name
    return r"\mathrm{" + name.replace("_", r"\_") + "}"


def _relation(value: sympy.Expr) -> str:
    return "=" if backprop.shown(value).exact else r"\approx"


def _chain_latex(graph: backprop.Graph, node: backprop.Node) -> str:
    """The node's gradient as the chain rule adds it up: each parent's gradient times the
    local derivative of its edge, summed over the edges out of the node."""
    out = graph.parents(node.index)
    if not out:
        return rf"\frac{{\partial {OUTPUT_NAME}}}{{\partial {OUTPUT_NAME}}} = 1"
    if node.is_input:
        name = rf"\frac{{\partial {OUTPUT_NAME}}}{{\partial {_input_latex(node.label)}}} ="
    else:
        name = rf"\text{{{node.noun} node:}}\quad"
    terms = []
    for edge in out:
        parent = backprop.shown(graph.nodes[edge.parent].gradient).latex
        local = backprop.shown(edge.local).latex
        terms.append(rf"{_grouped(parent)} \times {_grouped(local)}")
    result = backprop.shown(node.gradient)
    exact = result.exact and all(
        backprop.shown(graph.nodes[e.parent].gradient).exact and backprop.shown(e.local).exact
        for e in out
    )
    relation = "=" if exact else r"\approx"
    return f"{name} {' + '.join(terms)} {relation} {result.latex}"


def _grouped(text: str) -> str:
    return f"({text})" if text.startswith("-") or r"\times" in text else text


def _edges(graph: backprop.Graph) -> tuple[GraphEdgePlan, ...]:
    edges = graph.edges
    found = []
    for edge in edges:
        same = [e for e in edges if (e.child, e.parent) == (edge.child, edge.parent)]
        found.append(
            GraphEdgePlan(
                child=edge.child,
                parent=edge.parent,
                slot=edge.slot,
                local=number(edge.local),
                local_latex=backprop.shown(edge.local).latex,
                twin=same.index(edge),
                twins=len(same),
            )
        )
    return tuple(found)


def _rows(graph: backprop.Graph, column_of: list[int]) -> list[float]:
    """Each node's row: the output in the middle; column by column leftwards, each node as
    near as it can be to where its consumers want it (a binary node's first operand above,
    its second below), kept one row apart, the column centred on those wishes."""
    rows = [0.0] * len(graph.nodes)
    for column in range(max(column_of) - 1, -1, -1):
        members = [n.index for n in graph.nodes if column_of[n.index] == column]
        wishes = {}
        for index in members:
            wanted = []
            for edge in graph.parents(index):
                operands = len(graph.nodes[edge.parent].children)
                wanted.append(rows[edge.parent] + OPERAND_SPREAD * ((operands - 1) / 2 - edge.slot))
            wishes[index] = sum(wanted) / len(wanted)
        ordered = sorted(members, key=lambda i: -wishes[i])
        placed: list[float] = []
        for index in ordered:
            row = wishes[index] if not placed else min(wishes[index], placed[-1] - 1)
            placed.append(row)
        shift = sum(wishes[i] - r for i, r in zip(ordered, placed, strict=True)) / len(placed)
        for index, row in zip(ordered, placed, strict=True):
            rows[index] = row + shift
    return rows


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="ComputationalGraph",
    group="Networks",
    chapter="The chain rule on a graph",
    description=(
        "An expression as a graph of operations: the forward pass fills each node's value, "
        "the backward pass each edge's local derivative and each node's gradient."
    ),
    beats=("DrawTheGraph", "ForwardPass", "BackwardPass", "ReadTheGradients"),
    example_narration=(
        "Each node of this graph is one operation, fed by the inputs on the left.",
        "The forward pass computes every node from left to right.",
        "The backward pass starts at the output, whose gradient is 1, and multiplies by the "
        "local derivative on each edge.",
        "Where a node feeds several others, the gradients from every path add up.",
    ),
    params=(
        Param(
            "expression",
            Kind.FORMULA,
            "(S(w*x + b) - y)**2",
            "the expression, in the inputs' names and the helpers",
        ),
        Param(
            "inputs",
            Kind.VALUES,
            {"x": 1.5, "w": 0.8, "b": -0.5, "y": 1},
            "each input's name and value",
        ),
        Param(
            "helpers",
            Kind.HELPERS,
            {"S": "1/(1 + exp(-x))"},
            "one-letter functions the expression calls, each one node",
        ),
        Param(
            "gradients_of",
            Kind.TEXT_LIST,
            ["w", "b"],
            "the inputs whose gradients the backward pass ends at",
        ),
    ),
    steps=(
        Steps("ForwardPass", "operation", "The {node} node gives {value}."),
        Steps("BackwardPass", "operation", "The gradient at the {node} node is {gradient}."),
        Steps("ReadTheGradients", "chosen input", "The gradient for {input} is {gradient}."),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.computational_graph:ComputationalGraph")
