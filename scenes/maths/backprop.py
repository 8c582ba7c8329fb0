"""The chain rule on a computational graph: an expression split into operation nodes, the
forward pass (each node's value) and the backward pass (each edge's local derivative, each
node's gradient), all exact with sympy. No manim here.

The node set is chosen to read as people draw these graphs, not as sympy stores the
expression: sympy writes a - b as a + (-1)*b and a/b as a * b**(-1), which would give
nodes "×(-1)" and "(·)^{-1}" nobody draws. So a sum with negated terms becomes one
subtraction node (the positive terms minus the negated ones), a product with reciprocal
factors one division node, and a constant never gets a node of its own: it is folded into
the operation that uses it ("+1", "×2", "(·)²", "1/·"), as in the usual textbook graphs.
Identical subexpressions (an input used twice, S(z) used twice) are one node with several
outgoing edges: their gradient is the sum over the paths, which is the chain rule's point.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy
from sympy.core.function import AppliedUndef

from scenes.maths.decimals import terminating_places

PLACEHOLDER = r"\cdot"  # the operand's place in a one-operand node's label, as in (·)²
SHIFT_GAP = r"\,"  # between the sign and the number of a "+ 1" node
CHECK_DIGITS = 30  # gradients are checked against sympy.diff to this many digits
CHECK_TOLERANCE = sympy.Float("1e-20")

# One-operand functions: label in the node and the word said for the node.
FUNCTION_NAMES: dict[type, tuple[str, str]] = {
    sympy.exp: (r"\exp", "exponential"),
    sympy.log: (r"\ln", "logarithm"),
    sympy.sin: (r"\sin", "sine"),
    sympy.cos: (r"\cos", "cosine"),
    sympy.tan: (r"\tan", "tangent"),
    sympy.tanh: (r"\tanh", "tanh"),
    sympy.Abs: (r"|\cdot|", "absolute value"),
}


class GraphError(ValueError):
    """The expression cannot be drawn as a graph at these inputs (the message says why)."""


@dataclass(frozen=True)
class Node:
    """One node: an input (op "input") or an operation on its children's values."""

    index: int
    op: str  # input, add, subtract, multiply, divide, scale, shift, reciprocal, power, ...
    label: str  # LaTeX in the node: "x", "+", r"\times", r"(\cdot)^{2}", "S"
    noun: str  # how the node is said: "product", "sum", "S"
    children: tuple[int, ...]  # one per incoming edge, in order (a child may repeat)
    expr: sympy.Expr  # what the node computes, in the inputs (helpers expanded)
    value: sympy.Expr  # exact
    local: tuple[sympy.Expr, ...]  # d(node)/d(child) for each incoming edge, evaluated
    gradient: sympy.Expr  # d(output)/d(node), summed over every path to the output

    @property
    def is_input(self) -> bool:
        return self.op == "input"


@dataclass(frozen=True)
class Edge:
    child: int
    parent: int
    slot: int  # which operand of the parent
    local: sympy.Expr  # d(parent)/d(child) through this operand


@dataclass(frozen=True)
class Graph:
    """Nodes in an order where children come before parents; the output is the last."""

    nodes: tuple[Node, ...]

    @property
    def output(self) -> Node:
        return self.nodes[-1]

    @property
    def operations(self) -> tuple[Node, ...]:
        return tuple(node for node in self.nodes if not node.is_input)

    @property
    def inputs(self) -> tuple[Node, ...]:
        return tuple(node for node in self.nodes if node.is_input)

    def input_node(self, name: str) -> Node:
        return next(node for node in self.inputs if node.label == name)

    @property
    def edges(self) -> tuple[Edge, ...]:
        return tuple(
            Edge(child, node.index, slot, node.local[slot])
            for node in self.nodes
            for slot, child in enumerate(node.children)
        )

    def parents(self, index: int) -> tuple[Edge, ...]:
        return tuple(edge for edge in self.edges if edge.child == index)

    def depths(self) -> tuple[int, ...]:
        """Each operation's column: one right of its deepest child (inputs count 0); each
        input's: one left of its first consumer, so an input used late sits beside it."""
        depth = [0] * len(self.nodes)
        for node in self.nodes:
            if not node.is_input:
                depth[node.index] = 1 + max(depth[c] for c in node.children)
        for node in self.inputs:
            depth[node.index] = min(depth[e.parent] for e in self.parents(node.index)) - 1
        return tuple(depth)


# ---------------------------------------------------------------- building the graph


@dataclass
class _Draft:
    op: str
    label: str
    noun: str
    children: tuple[int, ...]
    local_fn: sympy.Expr  # in the operand symbols _operands(len(children))
    expr: sympy.Expr


def _operands(count: int) -> tuple[sympy.Symbol, ...]:
    return sympy.symbols(f"a0:{count}", real=True) if count else ()


class _Builder:
    def __init__(self, inputs: Sequence[sympy.Symbol], helpers: Mapping[str, sympy.Expr]):
        self.inputs = set(inputs)
        self.helpers = dict(helpers)
        self.drafts: list[_Draft] = []
        self.seen: dict[sympy.Expr, int] = {}

    def node(self, expr: sympy.Expr) -> int:
        """The node computing `expr` (non-constant), built once."""
        key = self.full(expr)
        if key in self.seen:
            return self.seen[key]
        index = self._build(expr)
        self.seen.setdefault(key, index)
        return index

    def full(self, expr: sympy.Expr) -> sympy.Expr:
        """`expr` with every helper call replaced by the helper's formula, evaluated."""
        if not self.helpers:
            return sympy.sympify(expr).doit()
        x = sympy.Symbol("x", real=True)

        def expand(call: sympy.Expr) -> sympy.Expr:
            body = self.helpers[call.func.__name__]
            return self.full(body).subs(x, self.full(call.args[0]))

        return (
            sympy.sympify(expr)
            .replace(
                lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in self.helpers, expand
            )
            .doit()
        )

    def add(
        self, op: str, label: str, noun: str, children: Sequence[int], local_fn: sympy.Expr
    ) -> int:
        symbols = _operands(len(children))
        expr = local_fn.subs(
            {s: self.drafts[c].expr for s, c in zip(symbols, children, strict=True)},
            simultaneous=True,
        )
        key = self.full(expr)
        if key in self.seen:
            return self.seen[key]
        self.drafts.append(_Draft(op, label, noun, tuple(children), local_fn, expr))
        index = len(self.drafts) - 1
        self.seen[key] = index
        return index

    # -- one kind of expression each

    def _build(self, expr: sympy.Expr) -> int:
        if expr.is_Symbol:
            if expr not in self.inputs:
                raise GraphError(f"uses {expr}, which is no input")
            self.drafts.append(_Draft("input", str(expr), str(expr), (), sympy.S.Zero, expr))
            return len(self.drafts) - 1
        if expr.is_Add:
            return self._sum(expr)
        if expr.is_Mul:
            return self._product(expr)
        if expr.is_Pow:
            return self._power(expr)
        if isinstance(expr, AppliedUndef) and expr.func.__name__ in self.helpers:
            name = expr.func.__name__
            (a,) = _operands(1)
            x = sympy.Symbol("x", real=True)
            body = self.full(self.helpers[name]).subs(x, a)
            return self.add("helper", name, name, [self.node(expr.args[0])], body)
        if isinstance(expr, sympy.Function):
            return self._function(expr)
        raise GraphError(f"has a part, {expr}, that is no operation the graph can draw")

    def _sum(self, expr: sympy.Expr) -> int:
        terms = _flattened(expr, sympy.Add)
        constant = sympy.Add(*(t.doit() for t in terms if _constant(t)))
        plus: list[sympy.Expr] = []
        minus: list[sympy.Expr] = []
        for term in (t for t in terms if not _constant(t)):
            negated = _negated(term)
            (minus if negated is not None else plus).append(
                negated if negated is not None else term
            )
        core = self._added(plus) if plus else None
        if minus:
            taken = self._added(minus)
            if core is None and constant != 0:  # c - u: one node, as written
                (a,) = _operands(1)
                label = f"{sympy.latex(constant)} - {PLACEHOLDER}"
                return self.add("subtract", label, "difference", [taken], constant - a)
            if core is None:
                (a,) = _operands(1)
                core = self.add("scale", r"\times(-1)", "negation", [taken], -a)
            else:
                a, b = _operands(2)
                core = self.add("subtract", "-", "difference", [core, taken], a - b)
        assert core is not None  # a sum with no non-constant term is a constant
        if constant != 0:
            (a,) = _operands(1)
            sign = "+" if constant > 0 else "-"
            label = f"{sign}{SHIFT_GAP}{sympy.latex(abs(constant))}"
            core = self.add("shift", label, "shift", [core], a + constant)
        return core

    def _added(self, terms: Sequence[sympy.Expr]) -> int:
        children = [self.node(t) for t in terms]
        if len(children) == 1:
            return children[0]
        symbols = _operands(len(children))
        return self.add("add", "+", "sum", children, sympy.Add(*symbols))

    def _product(self, expr: sympy.Expr) -> int:
        factors = _flattened(expr, sympy.Mul)
        coefficient = sympy.Mul(*(f.doit() for f in factors if _constant(f)))
        above = [f for f in factors if not _constant(f) and not _reciprocal(f)]
        below = [f.base for f in factors if not _constant(f) and _reciprocal(f)]
        core = self._multiplied(above) if above else None
        if below:
            denominator = self._multiplied(below)
            if core is None:
                (a,) = _operands(1)
                label = rf"{sympy.latex(coefficient)}/{PLACEHOLDER}"
                return self.add("reciprocal", label, "reciprocal", [denominator], coefficient / a)
            a, b = _operands(2)
            core = self.add("divide", r"\div", "quotient", [core, denominator], a / b)
        assert core is not None
        if coefficient != 1:
            (a,) = _operands(1)
            core = self.add("scale", _scale_label(coefficient), "scaling", [core], coefficient * a)
        return core

    def _multiplied(self, factors: Sequence[sympy.Expr]) -> int:
        children = [self.node(f) for f in factors]
        if len(children) == 1:
            return children[0]
        symbols = _operands(len(children))
        return self.add("multiply", r"\times", "product", children, sympy.Mul(*symbols))

    def _power(self, expr: sympy.Expr) -> int:
        base, exponent = expr.args
        (a,) = _operands(1)
        if _constant(base):
            if base == sympy.E:
                return self.add(
                    "function", r"\exp", "exponential", [self.node(exponent)], sympy.exp(a)
                )
            label = f"{sympy.latex(base)}^{{{PLACEHOLDER}}}"
            return self.add("power", label, "power", [self.node(exponent)], base**a)
        child = self.node(base)
        if _constant(exponent):
            if exponent == -1:
                return self.add("reciprocal", rf"1/{PLACEHOLDER}", "reciprocal", [child], 1 / a)
            if exponent == sympy.Rational(1, 2):
                return self.add(
                    "power", rf"\sqrt{{{PLACEHOLDER}}}", "square root", [child], sympy.sqrt(a)
                )
            noun = "square" if exponent == 2 else "power"
            label = rf"({PLACEHOLDER})^{{{sympy.latex(exponent)}}}"
            return self.add("power", label, noun, [child], a**exponent)
        a, b = _operands(2)
        return self.add("power", r"\wedge", "power", [child, self.node(exponent)], a**b)

    def _function(self, expr: sympy.Expr) -> int:
        label, noun = FUNCTION_NAMES.get(expr.func, (None, None))
        moving = [arg for arg in expr.args if not _constant(arg)]
        if label is None or len(moving) != 1 or len(expr.args) != 1:
            raise GraphError(f"uses {expr.func.__name__} in a way the graph cannot draw")
        (a,) = _operands(1)
        return self.add("function", label, noun, [self.node(moving[0])], expr.func(a))


def _flattened(expr: sympy.Expr, kind: type) -> list[sympy.Expr]:
    """The operands of nested sums (or products) as one list: x - y - z is x, -y, -z."""
    found: list[sympy.Expr] = []
    for arg in expr.args:
        found.extend(_flattened(arg, kind) if isinstance(arg, kind) else [arg])
    return found


def _constant(expr: sympy.Expr) -> bool:
    return not expr.free_symbols and not expr.atoms(AppliedUndef)


def _negated(term: sympy.Expr) -> sympy.Expr | None:
    """u for a term -u (or -c*u: then c*u), else None."""
    if not term.is_Mul:
        return None
    factors = _flattened(term, sympy.Mul)
    coefficient = sympy.Mul(*(f.doit() for f in factors if _constant(f)))
    if not (coefficient.is_number and coefficient.is_negative):
        return None
    rest = [f for f in factors if not _constant(f)]
    if coefficient != -1:
        rest = [-coefficient, *rest]
    return rest[0] if len(rest) == 1 else sympy.Mul(*rest, evaluate=False)


def _reciprocal(factor: sympy.Expr) -> bool:
    return factor.is_Pow and factor.exp == -1


def _scale_label(coefficient: sympy.Expr) -> str:
    if coefficient.is_Rational and coefficient.p in (1, -1) and coefficient.q > 1:
        divisor = coefficient.q * coefficient.p
        return rf"\div {divisor}" if divisor > 0 else rf"\div ({divisor})"
    text = sympy.latex(coefficient)
    return rf"\times ({text})" if coefficient.is_negative else rf"\times {text}"


# ---------------------------------------------------------------- the passes


def build_graph(
    expression: sympy.Expr,
    values: Mapping[str, sympy.Expr],
    helpers: Mapping[str, sympy.Expr] | None = None,
) -> Graph:
    """The graph of `expression` (unevaluated, as written) at the input values: forward pass,
    local derivatives and the backward pass. GraphError where it cannot be computed."""
    symbols = {sympy.Symbol(name, real=True): sympy.sympify(v) for name, v in values.items()}
    builder = _Builder(tuple(symbols), helpers or {})
    if _constant(expression):
        raise GraphError("has no operation on the inputs")
    builder.node(expression)
    drafts = builder.drafts
    if all(d.op == "input" for d in drafts):
        raise GraphError("has no operation on the inputs: it is one input")
    order = _topological(drafts)
    values_of: dict[int, sympy.Expr] = {}
    locals_of: dict[int, tuple[sympy.Expr, ...]] = {}
    for i in order:
        draft = drafts[i]
        if draft.op == "input":
            values_of[i] = symbols[draft.expr]
            locals_of[i] = ()
            continue
        operands = _operands(len(draft.children))
        at = dict(zip(operands, (values_of[c] for c in draft.children), strict=True))
        values_of[i] = _finite(draft.local_fn.subs(at), draft)
        locals_of[i] = tuple(
            _finite(sympy.diff(draft.local_fn, s).subs(at), draft, "derivative") for s in operands
        )
    gradients: dict[int, sympy.Expr] = {i: sympy.S.Zero for i in order}
    gradients[order[-1]] = sympy.S.One
    for i in reversed(order):
        for slot, child in enumerate(drafts[i].children):
            gradients[child] += gradients[i] * locals_of[i][slot]
    renumber = {old: new for new, old in enumerate(order)}
    nodes = tuple(
        Node(
            index=renumber[i],
            op=drafts[i].op,
            label=drafts[i].label,
            noun=drafts[i].noun,
            children=tuple(renumber[c] for c in drafts[i].children),
            expr=builder.full(drafts[i].expr),
            value=values_of[i],
            local=locals_of[i],
            gradient=gradients[i],
        )
        for i in order
    )
    return Graph(nodes)


def _topological(drafts: Sequence[_Draft]) -> list[int]:
    """Children before parents, the output (the last draft built... the root) last."""
    root = _root(drafts)
    order: list[int] = []
    seen: set[int] = set()

    def visit(i: int) -> None:
        if i in seen:
            return
        seen.add(i)
        for child in drafts[i].children:
            visit(child)
        order.append(i)

    visit(root)
    return order


def _root(drafts: Sequence[_Draft]) -> int:
    used = {c for d in drafts for c in d.children}
    roots = [i for i in range(len(drafts)) if i not in used]
    return max(roots)


def _finite(value: sympy.Expr, draft: _Draft, what: str = "value") -> sympy.Expr:
    value = sympy.sympify(value)
    number = sympy.N(value, CHECK_DIGITS)
    if not (number.is_real and number.is_finite):
        noun = draft.noun if draft.op != "helper" else draft.label
        problem = "not a real number" if number.is_finite else "infinite or undefined"
        raise GraphError(
            f"cannot be computed at these inputs: the {noun} node's {what} is {problem}"
        )
    return value


def gradient_check(
    expression: sympy.Expr,
    graph: Graph,
    values: Mapping[str, sympy.Expr],
    helpers: Mapping[str, sympy.Expr] | None = None,
) -> dict[str, sympy.Expr]:
    """sympy.diff of the whole expression for each input, at the values: what the backward
    pass must reach (the difference with the graph's gradients, which should be 0)."""
    builder = _Builder((), helpers or {})
    whole = builder.full(expression)
    at = {sympy.Symbol(name, real=True): sympy.sympify(v) for name, v in values.items()}
    return {
        node.label: sympy.N(
            sympy.diff(whole, sympy.Symbol(node.label, real=True)).subs(at) - node.gradient,
            CHECK_DIGITS,
        )
        for node in graph.inputs
    }


def gradients_agree(
    expression: sympy.Expr,
    graph: Graph,
    values: Mapping[str, sympy.Expr],
    helpers: Mapping[str, sympy.Expr] | None = None,
) -> bool:
    differences = gradient_check(expression, graph, values, helpers)
    return all(abs(d) < CHECK_TOLERANCE for d in differences.values())


# ---------------------------------------------------------------- numbers as shown

SHOWN_DIGITS = 3  # significant digits of a value that is not a short exact decimal
EXACT_DIGITS = 4  # an exact decimal up to this many significant digits is shown as it is
MAX_PLACES = 4  # and up to this many decimal places (0.0001; smaller in powers of ten)


@dataclass(frozen=True)
class Shown:
    """A value as the screen writes it (LaTeX), as a caption writes it, the number it stands
    for (the rounded one, which the voice says) and whether it is exact."""

    latex: str
    text: str
    number: sympy.Expr
    exact: bool


def shown(value: sympy.Expr) -> Shown:
    """Exact where the value is a decimal of at most EXACT_DIGITS significant digits (0.7,
    -1.25, 3), else rounded to SHOWN_DIGITS (0.668); plain decimals, as ML graphs show."""
    value = sympy.sympify(value)
    if value.is_Rational:
        text = _exact_decimal(value)
        if text is not None:
            return Shown(text, text, value, True)
    rounded = float(sympy.N(value, CHECK_DIGITS))
    text = f"{rounded:.{SHOWN_DIGITS}g}"
    if text in ("-0", "0"):
        text = "0"
    if "e" in text:
        mantissa, exponent = text.split("e")
        latex = rf"{mantissa} \times 10^{{{int(exponent)}}}"
        caption = f"{mantissa}×10^{int(exponent)}"
        return Shown(latex, caption, sympy.Float(text, SHOWN_DIGITS), False)
    return Shown(text, text, sympy.Rational(text), False)


def _exact_decimal(value: sympy.Rational) -> str | None:
    places = terminating_places(int(value.q))
    if places is None:
        return None
    text = f"{float(value):.{places}f}" if places else str(int(value))
    digits = text.replace("-", "").replace(".", "").lstrip("0")
    short = len(digits) <= EXACT_DIGITS and places <= MAX_PLACES
    return text if short else None


def said(value: sympy.Expr) -> tuple[str, sympy.Expr]:
    """The caption text and the number the voice says for a value."""
    found = shown(value)
    return found.text, found.number


# ---------------------------------------------------------------- the expression as drawn

_LOOSE = ("add", "subtract", "shift")  # ops that need parentheses inside a product or power


def expression_latex(graph: Graph, name_latex: Mapping[str, str] | None = None) -> str:
    """The whole expression in LaTeX, in the graph's own order and grouping (sympy's
    printer would reorder it: -y + S(...) for S(...) - y)."""
    names = name_latex or {}
    return _latex_of(graph, graph.output.index, names)


def _latex_of(graph: Graph, index: int, names: Mapping[str, str]) -> str:
    node = graph.nodes[index]
    parts = [_latex_of(graph, child, names) for child in node.children]
    loose = [graph.nodes[child].op in _LOOSE for child in node.children]

    def grouped(i: int) -> str:
        return rf"\left({parts[i]}\right)" if loose[i] else parts[i]

    def tight(i: int) -> str:  # a base or an operand of a product: anything but a name
        child = graph.nodes[node.children[i]]
        plain = child.is_input or child.op in ("function", "helper")
        return parts[i] if plain else rf"\left({parts[i]}\right)"

    op, label = node.op, node.label
    if node.is_input:
        return names.get(label, label)
    if op == "add":
        return " + ".join(parts)
    if op == "subtract":
        if len(parts) == 1:  # c - u
            return label.replace(PLACEHOLDER, grouped(0) if loose[0] else parts[0])
        return f"{parts[0]} - {grouped(1)}"
    if op == "multiply":
        return r" \cdot ".join(grouped(i) for i in range(len(parts)))
    if op == "divide":
        return rf"\frac{{{parts[0]}}}{{{parts[1]}}}"
    if op == "shift":
        return f"{parts[0]} {label.replace(SHIFT_GAP, '')}"
    if op == "scale":
        if label.startswith(r"\div"):
            divisor = label.removeprefix(r"\div").strip().strip("()")
            return rf"\frac{{{parts[0]}}}{{{divisor}}}"
        factor = label.removeprefix(r"\times").strip()
        if factor == "(-1)":
            return f"-{grouped(0)}"
        return rf"{factor} \cdot {grouped(0)}"
    if op == "reciprocal":
        top = label.split("/")[0]
        return rf"\frac{{{top}}}{{{parts[0]}}}"
    if op == "power":
        if label == r"\wedge":
            return f"{tight(0)}^{{{parts[1]}}}"
        if label.startswith(r"\sqrt"):
            return rf"\sqrt{{{parts[0]}}}"
        if label.endswith(f"^{{{PLACEHOLDER}}}"):
            return label.replace(PLACEHOLDER, parts[0])
        return label.replace(f"({PLACEHOLDER})", tight(0))
    if op == "function":
        if label == r"\exp":
            return f"e^{{{parts[0]}}}"
        if label == r"|\cdot|":
            return rf"\left|{parts[0]}\right|"
        return rf"{label}\left({parts[0]}\right)"
    return rf"{label}\left({parts[0]}\right)"  # a helper
