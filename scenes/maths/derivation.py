"""Step-by-step differentiation, one rule per step, the way the notes do it by hand.

Notes 2.2-2.3 differentiate the sigmoid rule by rule: chain, power, sum, constant,
chain again, exponential, linear, then simplify to eq. (7) and rewrite to eq. (8).
This module records each of those steps as a sympy expression with pending
derivatives left unevaluated, its LaTeX split around the subterm the step rewrote
(so a scene can highlight and transform just that piece) and the rule's name.
Every step is checked equal to the true derivative before it is returned.

Policies (what the notes leave open):
- The chain rule shows the outer derivative at the inner function as an evaluation
  bar, d/dg g^{-1} |_{g = 1 + e^{-x}}, and the next step evaluates it (power,
  exponential or standard rule), as the notes apply chain, then power.
- A constant factor is pulled out under the linear rule: d/dx (c f) = c d/dx f.
- ``1/u`` is a power ``u^{-1}`` in sympy, so reciprocals take chain + power (the
  notes' path for the sigmoid); a product with a non-constant numerator and a
  denominator (``x/(1 + x^2)``) takes the quotient rule.
- sin, cos, log and other one-argument functions of x use the "standard" rule
  (their table derivative); of an inner function they take the chain rule first.
- A 0 left in a sum and a factor 1 left in a product are dropped in the step that
  produced them, as the notes do.
- The final "simplify" step is the collected (sympy-evaluated) form, with common
  factors pulled out when that is shorter; it is left out when it would print the
  same as the step before it.
- A subterm inside a fraction or a parenthesized sum is highlighted together with
  that fraction or sum, so that every part of the split LaTeX is a balanced group.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter

X = sympy.Symbol("x", real=True)

START = "start"
RULES: tuple[str, ...] = (
    "power",
    "chain",
    "sum",
    "constant",
    "exponential",
    "linear",
    "product",
    "quotient",
    "simplify",
    "algebra",
    "standard",
    "definition",
)
# Plain names: a lecture gives its own equation numbers (Derivation's rule_labels).
RULE_LABELS: dict[str, str] = {
    START: "",
    "power": "Power rule",
    "chain": "Chain rule",
    "sum": "Sum rule",
    "constant": "Constant rule",
    "exponential": "Exponential rule",
    "linear": "Linear rule",
    "product": "Product rule",
    "quotient": "Quotient rule",
    "simplify": "Simplify",
    "algebra": "Algebra",
    "standard": "Standard derivative",
    "definition": "Definition",
}

_MAX_STEPS = 200
_MARK = "\x00"
_SAMPLE_POINTS = (-1.37, -0.46, 0.29, 0.83, 1.61, 2.45)
_TOLERANCE = 1e-9
_NUMERIC_FRACTION = re.compile(r"\\frac\{\d")


class DerivationError(ValueError):
    """A derivation step is not equal to the derivative, or no rule applies."""


@dataclass(frozen=True)
class Step:
    """One line of a derivation: the whole expression, its LaTeX, and the rule that made it."""

    expr: sympy.Expr
    latex: str
    rule: str
    label: str
    parts: tuple[str, str, str]
    source_parts: tuple[str, str, str]
    # what the step acts on: the expression under d/dx, the outer function (in g) under
    # d/dg, or the part of the line an algebra or simplify step rewrites (the whole line
    # when more than one part changes); None for the first line
    subterm: sympy.Expr | None = None
    # what ``subterm`` becomes, where nothing is left to differentiate in it: its
    # derivative for a rule that finishes it (power, exponential, constant, linear,
    # standard), the new part for an algebra or simplify step; None for a rule that leaves
    # derivatives to take (chain, sum, product, quotient, definition)
    result: sympy.Expr | None = None


@dataclass(frozen=True)
class Derivation:
    """d/dx of ``function``, step by step; ``derivative`` is the verified, tidy result."""

    function: sympy.Expr
    derivative: sympy.Expr
    steps: tuple[Step, ...]
    variable: sympy.Symbol = X

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(step.rule for step in self.steps)

    def step_index(self, rule: str) -> int:
        """Index of the first step made by ``rule``."""
        for index, step in enumerate(self.steps):
            if step.rule == rule:
                return index
        raise KeyError(f"the derivation has no {rule!r} step")


# --- public API ------------------------------------------------------------------------


def differentiate_stepwise(
    expr: sympy.Expr,
    var: sympy.Symbol = X,
    helpers: Mapping[str, sympy.Expr] | None = None,
) -> Derivation:
    """Differentiate ``expr`` one rule at a time, outermost pending derivative first.

    ``helpers`` maps a function name to its definition (``{"S": 1/(1 + exp(-x))}``):
    ``expr`` may use ``S(x)``, which stays in the steps shown until its derivative is
    due, when a "definition" step replaces it by its definition. Every step is verified
    with the helpers replaced by their definitions.
    """
    named = dict(helpers or {})
    function = sympy.sympify(expr)
    evaluated = function.doit()
    truth = sympy.diff(_substitute_named(evaluated, named, var).doit(), var)
    tree: _Node = _Pending(evaluated)
    start_latex = _render(tree, (), var).replace(_MARK, "")
    steps = [
        Step(
            expr=_to_sympy(tree, var),
            latex=start_latex,
            rule=START,
            label=RULE_LABELS[START],
            parts=("", start_latex, ""),
            source_parts=("", start_latex, ""),
        )
    ]
    for _ in range(_MAX_STEPS):
        path = _first_pending(tree)
        if path is None:
            break
        node = _at(tree, path)
        rule, replacement = _rewrite(node, var, named)
        new_tree, source_path, new_path = _place(tree, path, replacement)
        step = _make_step(rule, tree, source_path, new_tree, new_path, var)
        step = replace(step, subterm=_acted_on(node), result=_finished(node, replacement, var))
        if rule == "definition":
            step = replace(step, label=_definition_label(_at(tree, path)))
        _verify(step, truth, len(steps), var, named)
        steps.append(step)
        tree = new_tree
    else:
        raise DerivationError(f"the derivation of {_latex(evaluated)} did not finish.")
    tidy = _tidy(_to_sympy(tree, var).doit())
    tidy_latex = _latex(tidy)
    if tidy_latex != steps[-1].latex:
        step = Step(
            expr=tidy,
            latex=tidy_latex,
            rule="simplify",
            label=RULE_LABELS["simplify"],
            parts=("", tidy_latex, ""),
            source_parts=("", steps[-1].latex, ""),
            subterm=steps[-1].expr,
            result=tidy,
        )
        _verify(step, truth, len(steps), var, named)
        steps.append(step)
    return Derivation(function=function, derivative=tidy, steps=tuple(steps), variable=var)


def derivation_with_algebra(
    derivation: Derivation,
    author_steps: Sequence[sympy.Expr],
    named: Mapping[str, sympy.Expr] | None = None,
) -> Derivation:
    """Append the author's algebra steps, each verified equal to the derivative.

    ``named`` maps a function name to its definition (``{"S": 1/(1 + exp(-x))}``), so a
    step written with ``S(x)`` is checked with ``S(x)`` replaced by that definition; a
    definition may itself use the names before it.
    """
    var = derivation.variable
    named = named or {}
    steps = list(derivation.steps)
    derivative = _substitute_named(derivation.derivative, named, var).doit()
    for number, written in enumerate(author_steps, start=1):
        expr = sympy.sympify(written)
        value = _substitute_named(expr, named, var).doit()
        previous = steps[-1]
        (source_parts, parts), (subterm, result) = _algebra_parts(previous, expr)
        latex = "".join(parts)
        if not _equal(value, derivative, var):
            raise DerivationError(
                f"algebra step {number}, {latex}, is not equal to the derivative "
                f"{_latex(derivation.derivative)}."
            )
        steps.append(
            Step(
                expr=expr,
                latex=latex,
                rule="algebra",
                label=RULE_LABELS["algebra"],
                parts=parts,
                source_parts=source_parts,
                subterm=subterm,
                result=result,
            )
        )
    return replace(derivation, steps=tuple(steps))


def stepwise_derivation(
    function: sympy.Expr,
    rewritten: sympy.Expr | Sequence[sympy.Expr] | None,
    algebra_steps: Sequence[sympy.Expr],
    name: str = "S",
    var: sympy.Symbol = X,
    helpers: Mapping[str, sympy.Expr] | None = None,
) -> Derivation:
    """A derivation of any function: d/dx of the rewritten form, rule by rule, then algebra.

    ``rewritten`` is the form the author differentiates (such as the hint
    ``(1 + e^{-x})^{-1}`` for the sigmoid); given as a list, each form is checked and the
    last is used. Algebra steps may use ``name(x)`` for ``function`` itself; the function,
    its rewritten forms and the algebra steps may use each helper (``{"S": 1/(1 + exp(-x))}``
    makes ``S(x)`` usable), which is shown as written and replaced by its definition to
    verify each step.
    """
    helpers = dict(helpers or {})
    if name in helpers:
        raise DerivationError(f"the helper {name} has the function's own name.")
    named = {**helpers, name: sympy.sympify(function)}
    function = sympy.sympify(function)
    value = _substitute_named(function, helpers, var).doit()
    forms = _as_forms(rewritten)
    for form in forms:
        if not _equal(_substitute_named(form, named, var).doit(), value, var):
            raise DerivationError(
                f"the rewritten form {_written_latex(form)} is not equal to "
                f"{_written_latex(function)}."
            )
    differentiated = forms[-1] if forms else function
    derivation = replace(differentiate_stepwise(differentiated, var, helpers), function=function)
    return derivation_with_algebra(derivation, algebra_steps, named=named)


def _as_forms(rewritten: sympy.Expr | Sequence[sympy.Expr] | None) -> list[sympy.Expr]:
    if rewritten is None:
        return []
    if isinstance(rewritten, sympy.Basic | str):
        return [sympy.sympify(rewritten)]
    return [sympy.sympify(form) for form in rewritten]


# --- the expression tree the rules rewrite ---------------------------------------------

_G = sympy.Symbol("g")


@dataclass(frozen=True)
class _Leaf:
    """A finished piece: a sympy expression with nothing left to differentiate."""

    value: sympy.Expr


@dataclass(frozen=True)
class _Pending:
    """d/dx of ``arg``, not yet taken."""

    arg: sympy.Expr


@dataclass(frozen=True)
class _Outer:
    """The chain rule's outer derivative, d/dg ``outer`` at g = ``inner``, not yet taken."""

    outer: sympy.Expr
    inner: sympy.Expr


@dataclass(frozen=True)
class _Product:
    factors: tuple[_Node, ...]


@dataclass(frozen=True)
class _Sum:
    terms: tuple[_Node, ...]
    signs: tuple[int, ...]


@dataclass(frozen=True)
class _Quotient:
    numerator: _Node
    denominator: _Node


_Node = _Leaf | _Pending | _Outer | _Product | _Sum | _Quotient
_Path = tuple[int, ...]


def _children(node: _Node) -> tuple[_Node, ...]:
    if isinstance(node, _Product):
        return node.factors
    if isinstance(node, _Sum):
        return node.terms
    if isinstance(node, _Quotient):
        return (node.numerator, node.denominator)
    return ()


def _with_children(node: _Node, children: tuple[_Node, ...]) -> _Node:
    if isinstance(node, _Product):
        return _Product(children)
    if isinstance(node, _Sum):
        return _Sum(children, node.signs)
    if isinstance(node, _Quotient):
        return _Quotient(*children)
    return node


def _at(node: _Node, path: _Path) -> _Node:
    for index in path:
        node = _children(node)[index]
    return node


def _replace_at(node: _Node, path: _Path, new: _Node) -> _Node:
    if not path:
        return new
    children = list(_children(node))
    children[path[0]] = _replace_at(children[path[0]], path[1:], new)
    return _with_children(node, tuple(children))


def _first_pending(node: _Node, path: _Path = ()) -> _Path | None:
    if isinstance(node, _Pending | _Outer):
        return path
    for index, child in enumerate(_children(node)):
        found = _first_pending(child, (*path, index))
        if found is not None:
            return found
    return None


def _place(tree: _Node, path: _Path, new: _Node) -> tuple[_Node, _Path, _Path]:
    """Put ``new`` at ``path``, then drop any 0 left in a sum and any 1 left in a product.

    Returns the new tree and the paths of the rewritten subterm before and after.
    """
    new_tree = _replace_at(tree, path, new)
    changed = path
    while changed and _is_identity_in_parent(new_tree, changed):
        parent_path = changed[:-1]
        shrunk = _without_child(_at(new_tree, parent_path), changed[-1])
        new_tree = _replace_at(new_tree, parent_path, shrunk)
        changed = parent_path
    return new_tree, _widen(tree, changed), _widen(new_tree, changed)


def _is_identity_in_parent(tree: _Node, path: _Path) -> bool:
    node, parent = _at(tree, path), _at(tree, path[:-1])
    if not isinstance(node, _Leaf):
        return False
    return (node.value == 0 and isinstance(parent, _Sum)) or (
        node.value == 1 and isinstance(parent, _Product)
    )


def _without_child(parent: _Node, index: int) -> _Node:
    kept = tuple(child for i, child in enumerate(_children(parent)) if i != index)
    if isinstance(parent, _Sum):
        signs = tuple(sign for i, sign in enumerate(parent.signs) if i != index)
        if not kept:
            return _Leaf(sympy.Integer(0))
        if len(kept) == 1 and signs[0] > 0:
            return kept[0]
        return _Sum(kept, signs)
    if not kept:
        return _Leaf(sympy.Integer(1))
    return kept[0] if len(kept) == 1 else _Product(kept)


def _widen(tree: _Node, path: _Path) -> _Path:
    """The path, or its outermost ancestor in braces or parentheses (a fraction, a sum in
    a product), so that no part of the split LaTeX opens a group another part closes."""
    for depth in range(len(path)):
        ancestor = _at(tree, path[:depth])
        if isinstance(ancestor, _Quotient):
            return path[:depth]
        if depth and _is_grouped(_at(tree, path[: depth - 1]), path[depth - 1]):
            return path[:depth]
    return path


# --- the rules -------------------------------------------------------------------------


def _rewrite(node: _Node, var: sympy.Symbol, named: Mapping[str, sympy.Expr]) -> tuple[str, _Node]:
    if isinstance(node, _Outer):
        return _outer_derivative(node)
    assert isinstance(node, _Pending)
    expr = node.arg
    if isinstance(expr, AppliedUndef) and expr.func.__name__ in named and len(expr.args) == 1:
        definition = sympy.sympify(named[expr.func.__name__]).subs(var, expr.args[0])
        return "definition", _Pending(definition)
    if not expr.has(var):
        return "constant", _Leaf(sympy.Integer(0))
    if expr == var:
        return "linear", _Leaf(sympy.Integer(1))
    if expr.is_Add:
        return _sum_rule(expr)
    if expr.is_Mul:
        return _product_like(expr, var)
    if expr.is_Pow:
        return _power_like(expr, var)
    if isinstance(expr, sympy.exp):
        if expr.args[0] == var:
            return "exponential", _Leaf(expr)
        return _chain(sympy.exp(_G), expr.args[0])
    if isinstance(expr, sympy.Function) and not isinstance(expr, AppliedUndef):
        if len(expr.args) == 1:
            if expr.args[0] == var:
                return "standard", _Leaf(_table_derivative(expr.func(_G)).subs(_G, var))
            return _chain(expr.func(_G), expr.args[0])
    raise DerivationError(f"there is no differentiation rule for {_latex(expr)}.")


def _sum_rule(expr: sympy.Expr) -> tuple[str, _Node]:
    terms: list[_Node] = []
    signs: list[int] = []
    for term in expr.as_ordered_terms():
        negative = term.could_extract_minus_sign()
        terms.append(_Pending(-term if negative else term))
        signs.append(-1 if negative else 1)
    return "sum", _Sum(tuple(terms), tuple(signs))


def _product_like(expr: sympy.Expr, var: sympy.Symbol) -> tuple[str, _Node]:
    coefficient, rest = expr.as_independent(var, as_Add=False)
    if coefficient != 1:
        if rest == var:
            return "linear", _Leaf(coefficient)
        return "linear", _Product((_Leaf(coefficient), _Pending(rest)))
    numerator, denominator = _split_fraction(expr)
    if denominator != 1 and numerator.has(var):
        top = _Sum(
            (
                _Product((_Pending(numerator), _Leaf(denominator))),
                _Product((_Leaf(numerator), _Pending(denominator))),
            ),
            (1, -1),
        )
        return "quotient", _Quotient(top, _Leaf(denominator**2))
    factors = expr.as_ordered_factors()
    first, rest = factors[0], sympy.Mul(*factors[1:])
    return "product", _Sum(
        (_Product((_Pending(first), _Leaf(rest))), _Product((_Leaf(first), _Pending(rest)))),
        (1, 1),
    )


def _split_fraction(expr: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """Numerator and denominator as written: only negative powers go below (not e^{-x})."""
    above: list[sympy.Expr] = []
    below: list[sympy.Expr] = []
    for factor in sympy.Mul.make_args(expr):
        if factor.is_Pow and factor.exp.is_Rational and factor.exp.is_negative:
            below.append(factor.base ** (-factor.exp))
        else:
            above.append(factor)
    return sympy.Mul(*above), sympy.Mul(*below)


def _power_like(expr: sympy.Pow, var: sympy.Symbol) -> tuple[str, _Node]:
    base, exponent = expr.base, expr.exp
    if not exponent.has(var):
        if base == var:
            return "power", _Product((_Leaf(exponent), _Leaf(var ** (exponent - 1))))
        return _chain(_G**exponent, base)
    if not base.has(var):
        if exponent == var:
            return "exponential", _Product((_Leaf(expr), _Leaf(sympy.log(base))))
        return _chain(base**_G, exponent)
    raise DerivationError(f"there is no differentiation rule for {_latex(expr)}.")


def _definition_label(node: _Node) -> str:
    """ "Definition of S" for the step that replaces S(x) by its definition."""
    assert isinstance(node, _Pending)
    return f"{RULE_LABELS['definition']} of {node.arg.func.__name__}"


def _acted_on(node: _Node) -> sympy.Expr:
    """What a rule acts on: the expression under d/dx, or the outer function under d/dg."""
    if isinstance(node, _Outer):
        return node.outer
    assert isinstance(node, _Pending)
    return node.arg


def _finished(node: _Node, replacement: _Node, var: sympy.Symbol) -> sympy.Expr | None:
    """The derivative a rule gives, when it leaves nothing to differentiate (in g for the
    chain rule's outer derivative, as the step shows it, d/dg at g = the inner function)."""
    if _first_pending(replacement) is not None:
        return None
    if isinstance(node, _Outer):
        return sympy.diff(node.outer, _G)
    assert isinstance(node, _Pending)
    return sympy.diff(node.arg, var)


def _chain(outer: sympy.Expr, inner: sympy.Expr) -> tuple[str, _Node]:
    return "chain", _Product((_Outer(outer, inner), _Pending(inner)))


def _outer_derivative(node: _Outer) -> tuple[str, _Node]:
    outer, inner = node.outer, node.inner
    if outer.is_Pow and outer.base == _G:
        exponent = outer.exp
        return "power", _Product((_Leaf(exponent), _Leaf(inner ** (exponent - 1))))
    if isinstance(outer, sympy.exp):
        return "exponential", _Leaf(sympy.exp(inner))
    if outer.is_Pow and outer.exp == _G:
        base = outer.base
        return "exponential", _Product((_Leaf(base**inner), _Leaf(sympy.log(base))))
    return "standard", _Leaf(_table_derivative(outer).subs(_G, inner))


def _table_derivative(outer: sympy.Expr) -> sympy.Expr:
    derivative = sympy.diff(outer, _G)
    if derivative.has(sympy.Derivative, sympy.Subs):
        raise DerivationError(f"there is no differentiation rule for {_latex(outer)}.")
    return derivative


# --- from tree to sympy and LaTeX ------------------------------------------------------


def _to_sympy(node: _Node, var: sympy.Symbol) -> sympy.Expr:
    if isinstance(node, _Leaf):
        return node.value
    if isinstance(node, _Pending):
        return sympy.Derivative(node.arg, var)
    if isinstance(node, _Outer):
        return sympy.Subs(sympy.Derivative(node.outer, _G), _G, node.inner)
    if isinstance(node, _Product):
        factors = [_to_sympy(factor, var) for factor in _flat_factors(node)]
        return sympy.Mul(*factors, evaluate=False)
    if isinstance(node, _Sum):
        terms = [_to_sympy(term, var) for term in node.terms]
        signed = [
            term if sign > 0 else sympy.Mul(-1, term, evaluate=False)
            for term, sign in zip(terms, node.signs, strict=True)
        ]
        return signed[0] if len(signed) == 1 else sympy.Add(*signed, evaluate=False)
    numerator = _to_sympy(node.numerator, var)
    denominator = _to_sympy(node.denominator, var)
    return sympy.Mul(numerator, sympy.Pow(denominator, -1, evaluate=False), evaluate=False)


def _flat_factors(node: _Product) -> list[_Node]:
    """The factors of nested products in display order (they print as one product)."""
    flat: list[_Node] = []
    for factor in node.factors:
        flat.extend(_flat_factors(factor) if isinstance(factor, _Product) else [factor])
    return flat


def _latex(expr: sympy.Expr) -> str:
    return sympy.latex(expr, ln_notation=True)


def power_latex(expr: sympy.Expr) -> str:
    """Negative powers as the notes write them, ``(1 + e^{-x})^{-2}``, not as fractions."""
    if not (expr.is_Pow and expr.exp.is_Rational and expr.exp.is_negative):
        return _latex(expr)
    base = _latex(expr.base)
    if not (expr.base.is_Symbol or (expr.base.is_Integer and expr.base.is_positive)):
        base = rf"\left({base}\right)"
    return f"{base}^{{{_latex(expr.exp)}}}"


def _is_simple(expr: sympy.Expr) -> bool:
    """Whether d/dx can precede ``expr`` without parentheses."""
    if expr.is_Symbol or (expr.is_Number and not expr.is_negative):
        return True
    if expr.is_Pow:
        return all(part.is_Symbol or part.is_Integer and part.is_positive for part in expr.args)
    return isinstance(expr, sympy.Function) and not _latex(expr).startswith("-")


def _bare(text: str) -> str:
    return text.replace(_MARK, "")


def _joiner(previous: str, following: str) -> str:
    before, after = _bare(previous), _bare(following)
    if after[:1].isdigit() or (before[-1:].isdigit() and _NUMERIC_FRACTION.match(after)):
        return r" \cdot "
    return " "


def _render(tree: _Node, target: _Path, var: sympy.Symbol) -> str:
    """LaTeX of ``tree`` with the subterm at ``target`` enclosed in _MARK characters."""
    return _Renderer(target, rf"\frac{{d}}{{d{_latex(var)}}}").child(tree, ())


def _is_grouped(parent: _Node, index: int) -> bool:
    """Whether the child at ``index`` is a sum shown in parentheses (a factor, or after a sign)."""
    if not isinstance(_children(parent)[index], _Sum):
        return False
    if isinstance(parent, _Product):
        return True
    return isinstance(parent, _Sum) and not (index == 0 and parent.signs[0] > 0)


def _needs_parentheses(parent: _Node, index: int, text: str, leading: bool) -> bool:
    if not isinstance(parent, _Product | _Sum):
        return False
    if _is_grouped(parent, index):
        return True
    child = _children(parent)[index]
    if isinstance(parent, _Product) and isinstance(child, _Leaf) and child.value.is_Add:
        return True
    return not leading and _bare(text).startswith("-")


@dataclass(frozen=True)
class _Renderer:
    target: _Path
    d_dx: str

    def child(
        self,
        node: _Node,
        path: _Path,
        parent: _Node | None = None,
        leading: bool = True,
        followed: bool = False,
    ) -> str:
        text = self.raw(node, path, leading, followed)
        if parent is not None and _needs_parentheses(parent, path[-1], text, leading):
            text = rf"\left({text}\right)"
        return f"{_MARK}{text}{_MARK}" if path == self.target else text

    def raw(self, node: _Node, path: _Path, leading: bool, followed: bool) -> str:
        if isinstance(node, _Leaf):
            return power_latex(node.value)
        if isinstance(node, _Pending):
            argument = power_latex(node.arg)
            if followed or not _is_simple(node.arg):
                return rf"{self.d_dx} \left({argument}\right)"
            return f"{self.d_dx} {argument}"
        if isinstance(node, _Outer):
            g = _latex(_G)
            return (
                rf"\left. \frac{{d}}{{d{g}}} {power_latex(node.outer)} "
                rf"\right|_{{{g} = {_latex(node.inner)}}}"
            )
        if isinstance(node, _Product):
            text = ""
            last = len(node.factors) - 1
            for index, factor in enumerate(node.factors):
                piece = self.child(
                    factor,
                    (*path, index),
                    node,
                    leading=leading and index == 0,
                    followed=followed or index < last,
                )
                text = piece if index == 0 else text + _joiner(text, piece) + piece
            return text
        if isinstance(node, _Sum):
            text = ""
            for index, (term, sign) in enumerate(zip(node.terms, node.signs, strict=True)):
                piece = self.child(term, (*path, index), node, leading=index == 0 and sign > 0)
                if index == 0:
                    text = f"- {piece}" if sign < 0 else piece
                else:
                    text += f" - {piece}" if sign < 0 else f" + {piece}"
            return text
        numerator = self.child(node.numerator, (*path, 0))
        denominator = self.child(node.denominator, (*path, 1))
        return rf"\frac{{{numerator}}}{{{denominator}}}"


def _split_marked(text: str) -> tuple[str, str, str]:
    before, middle, after = text.split(_MARK)
    return before, middle, after


def _make_step(
    rule: str,
    old_tree: _Node,
    source_path: _Path,
    new_tree: _Node,
    new_path: _Path,
    var: sympy.Symbol,
) -> Step:
    parts = _split_marked(_render(new_tree, new_path, var))
    return Step(
        expr=_to_sympy(new_tree, var),
        latex="".join(parts),
        rule=rule,
        label=RULE_LABELS[rule],
        parts=parts,
        source_parts=_split_marked(_render(old_tree, source_path, var)),
    )


# --- the author's written form ---------------------------------------------------------


def _is_written(expr: sympy.Expr) -> bool:
    """Whether ``expr`` is an unevaluated Mul/Add whose written order sympy would change."""
    return expr.args != expr.func(*expr.args).args


class _WrittenLatexPrinter(LatexPrinter):
    """Prints an author's unevaluated step in the order and grouping it was written.

    sympy's parser (evaluate=False) keeps the written order but flattens ``a/b * c/d``
    into ``a b^{-1} c d^{-1}``; each negative power is put back under the factor before it.
    """

    def __init__(self) -> None:
        super().__init__({"order": "none", "ln_notation": True})

    def _print_Mul(self, expr: sympy.Expr) -> str:
        if not _is_written(expr):
            return super()._print_Mul(expr)
        sign, pieces = self.mul_pieces(expr)
        return sign + _join_pieces(pieces)

    def mul_pieces(self, expr: sympy.Expr) -> tuple[str, list[str]]:
        sign, groups = _written_groups(expr)
        pieces = []
        for index, (above, below) in enumerate(groups):
            if below is not None:
                pieces.append(rf"\frac{{{self._print(above)}}}{{{self._print(below)}}}")
                continue
            text = self._print(above)
            if above.is_Add or (index > 0 and text.startswith("-")):
                text = rf"\left({text}\right)"
            pieces.append(text)
        return sign, pieces

    def _print_Add(self, expr: sympy.Expr, order: str | None = None) -> str:
        text = ""
        for index, term in enumerate(expr.args):
            negated = _negated(term)
            shown = term if negated is None or index == 0 else negated
            piece = self._print(shown)
            if shown.is_Add or (index > 0 and piece.startswith("-")):
                piece = rf"\left({piece}\right)"
            if index == 0:
                text = piece
            else:
                text += f" - {piece}" if negated is not None else f" + {piece}"
        return text


def _negated(term: sympy.Expr) -> sympy.Expr | None:
    """``-term`` keeping its written structure, when ``term`` is written with a minus."""
    if term.is_Number and term.is_negative:
        return -term
    if term.is_Mul and term.args[0].is_Number and term.args[0].is_negative:
        coefficient, *rest = term.args
        factors = rest if coefficient == -1 else [-coefficient, *rest]
        return factors[0] if len(factors) == 1 else sympy.Mul(*factors, evaluate=False)
    return None


def _written_groups(
    expr: sympy.Expr,
) -> tuple[str, list[tuple[sympy.Expr, sympy.Expr | None]]]:
    factors = list(expr.args)
    sign = ""
    if len(factors) > 1 and factors[0] == -1:
        sign, factors = "- ", factors[1:]
    groups: list[tuple[sympy.Expr, sympy.Expr | None]] = []
    for factor in factors:
        if factor.is_Pow and factor.exp.is_Rational and factor.exp.is_negative:
            below = (
                factor.base
                if factor.exp == -1
                else sympy.Pow(factor.base, -factor.exp, evaluate=False)
            )
            if groups and groups[-1][1] is None:
                groups[-1] = (groups[-1][0], below)
            else:
                groups.append((sympy.Integer(1), below))
        else:
            groups.append((factor, None))
    return sign, groups


def _join_pieces(pieces: Sequence[str]) -> str:
    text = ""
    for index, piece in enumerate(pieces):
        text = piece if index == 0 else text + _joiner(text, piece) + piece
    return text


def _written_latex(expr: sympy.Expr) -> str:
    return _WrittenLatexPrinter().doprint(expr)


_Parts = tuple[tuple[str, str, str], tuple[str, str, str]]


def _algebra_parts(
    previous: Step, expr: sympy.Expr
) -> tuple[_Parts, tuple[sympy.Expr, sympy.Expr]]:
    """Split the previous and the new step around the one written factor that changed;
    with the factor before and after, as sympy expressions.

    Falls back to the whole expressions when the two are not products that differ
    in exactly one factor.
    """
    latex = _written_latex(expr)
    whole = ((("", previous.latex, ""), ("", latex, "")), (previous.expr, expr))
    old = previous.expr
    if previous.rule != "algebra" or not (old.is_Mul and expr.is_Mul):
        return whole
    if not (_is_written(old) and _is_written(expr)):
        return whole
    old_sign, old_groups = _written_groups(old)
    new_sign, new_groups = _written_groups(expr)
    if old_sign != new_sign or len(old_groups) != len(new_groups):
        return whole
    changed = [
        i for i, pair in enumerate(zip(old_groups, new_groups, strict=True)) if pair[0] != pair[1]
    ]
    if len(changed) != 1:
        return whole
    printer = _WrittenLatexPrinter()
    source = _split_pieces(*printer.mul_pieces(old), changed[0])
    parts = _split_pieces(*printer.mul_pieces(expr), changed[0])
    if "".join(source) != previous.latex or "".join(parts) != latex:
        return whole
    pieces = (_group_expr(old_groups[changed[0]]), _group_expr(new_groups[changed[0]]))
    return (source, parts), pieces


def _group_expr(group: tuple[sympy.Expr, sympy.Expr | None]) -> sympy.Expr:
    """One written factor as a sympy expression: a fraction kept as written, a/b."""
    above, below = group
    if below is None:
        return above
    return sympy.Mul(above, sympy.Pow(below, -1, evaluate=False), evaluate=False)


def _split_pieces(sign: str, pieces: list[str], index: int) -> tuple[str, str, str]:
    marked = [f"{_MARK}{piece}{_MARK}" if i == index else piece for i, piece in enumerate(pieces)]
    return _split_marked(sign + _join_pieces(marked))


def _substitute_named(
    expr: sympy.Expr, named: Mapping[str, sympy.Expr], var: sympy.Symbol
) -> sympy.Expr:
    """``expr`` with each named function replaced by its definition, which may itself use
    the other names (as many rounds as there are names)."""
    if not named:
        return expr

    def is_named(node: sympy.Basic) -> bool:
        return isinstance(node, AppliedUndef) and node.func.__name__ in named

    def definition(node: sympy.Basic) -> sympy.Expr:
        return sympy.sympify(named[node.func.__name__]).subs(var, node.args[0])

    for _ in range(len(named) + 1):
        if not expr.has(*(sympy.Function(name) for name in named)):
            break
        expr = expr.replace(is_named, definition)
    return expr


# --- verification ----------------------------------------------------------------------


def _tidy(collected: sympy.Expr) -> sympy.Expr:
    """The collected derivative, or its common factors pulled out when that is shorter.

    Deliberately milder than sympy.simplify, which would turn eq. (7) into a cosh.
    """
    factored = sympy.factor_terms(collected)
    return factored if sympy.count_ops(factored) < sympy.count_ops(collected) else collected


def _verify(
    step: Step,
    truth: sympy.Expr,
    index: int,
    var: sympy.Symbol,
    named: Mapping[str, sympy.Expr] | None = None,
) -> None:
    value = _substitute_named(step.expr, named or {}, var).doit()
    if not _equal(value, truth, var):
        raise DerivationError(
            f"step {index} ({step.label}), {step.latex}, is not equal to the derivative "
            f"{_latex(truth)}."
        )


def _equal(left: sympy.Expr, right: sympy.Expr, var: sympy.Symbol) -> bool:
    """Equal at a few sample points; sympy.simplify decides only when the numbers disagree."""
    compared = 0
    for point in _SAMPLE_POINTS:
        a, b = _value(left, var, point), _value(right, var, point)
        if a is None or b is None:
            continue
        if abs(a - b) > _TOLERANCE * max(1.0, abs(a), abs(b)):
            return sympy.simplify(left - right) == 0
        compared += 1
    return compared >= 3 or sympy.simplify(left - right) == 0


def _value(expr: sympy.Expr, var: sympy.Symbol, point: float) -> complex | None:
    try:
        value = complex(expr.evalf(subs={var: point}))
    except (TypeError, ValueError, OverflowError):
        return None
    if value != value or abs(value) == float("inf"):
        return None
    return value
