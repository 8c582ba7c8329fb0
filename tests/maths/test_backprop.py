"""The computational graph's math core: readable nodes, the forward pass, and the backward
pass's gradients equal to sympy.diff of the whole expression."""

from __future__ import annotations

import pytest
import sympy

from scenes.content.loader import exact_number
from scenes.maths import backprop
from scenes.maths.given import formula

SIGMOID = {"S": "1/(1 + exp(-x))"}


def graph_of(text: str, values: dict, helpers: dict | None = None):
    exact = {name: exact_number(v) for name, v in values.items()}
    bodies = {name: formula("h", body, ("x",)) for name, body in (helpers or {}).items()}
    expr = formula("e", text, tuple(exact), tuple(bodies), evaluate=False)
    return expr, backprop.build_graph(expr, exact, bodies), exact, bodies


def symbol(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


@pytest.mark.parametrize(
    ("text", "values", "helpers"),
    [
        ("(S(w*x + b) - y)**2", {"x": 1.5, "w": 0.8, "b": -0.5, "y": 1}, SIGMOID),
        ("x*x + x", {"x": 3}, None),
        ("exp(sin(w*x))", {"w": 2, "x": 0.5}, None),
        ("a/b - 2*c + 1", {"a": 1, "b": 2, "c": 3}, None),
        ("S(x)*(1 - S(x)) + log(x**y)", {"x": 2, "y": "1/3"}, SIGMOID),
    ],
)
def test_backward_pass_gradients_equal_sympy_diff(text, values, helpers) -> None:
    expr, graph, exact, bodies = graph_of(text, values, helpers)
    differences = backprop.gradient_check(expr, graph, exact, bodies)
    assert set(differences) == set(values)
    assert all(abs(d) < 1e-20 for d in differences.values())
    assert backprop.gradients_agree(expr, graph, exact, bodies)


def test_the_neuron_loss_forward_and_backward_by_hand() -> None:
    _, graph, _, _ = graph_of(
        "(S(w*x + b) - y)**2", {"x": 1.5, "w": 0.8, "b": -0.5, "y": 1}, SIGMOID
    )
    ops = [(n.op, n.label) for n in graph.operations]
    assert ops == [
        ("multiply", r"\times"),
        ("add", "+"),
        ("helper", "S"),
        ("subtract", "-"),
        ("power", r"(\cdot)^{2}"),
    ]
    z = sympy.Rational(7, 10)
    s = 1 / (1 + sympy.exp(-z))
    assert graph.nodes[4].value == z
    assert sympy.simplify(graph.output.value - (s - 1) ** 2) == 0
    # d/dw = 2 (s - y) s (1 - s) x
    dw = 2 * (s - 1) * s * (1 - s) * sympy.Rational(3, 2)
    assert sympy.N(graph.input_node("w").gradient - dw, 30) == pytest.approx(0, abs=1e-25)
    assert graph.output.gradient == 1


def test_a_shared_input_is_one_node_whose_gradient_sums_its_paths() -> None:
    _, graph, _, _ = graph_of("x*x + x", {"x": 3})
    x = graph.input_node("x")
    assert len(graph.inputs) == 1
    paths = graph.parents(x.index)
    assert len(paths) == 3  # twice into the product, once into the sum
    assert [e.local for e in paths] == [3, 3, 1]
    assert x.gradient == 7 == sympy.diff(symbol("x") ** 2 + symbol("x")).subs(symbol("x"), 3)


def test_subtraction_and_division_are_one_node_and_constants_fold_into_their_op() -> None:
    _, graph, _, _ = graph_of("a/b - 2*c + 1", {"a": 1, "b": 2, "c": 3})
    labels = [n.label for n in graph.operations]
    assert labels == [r"\div", r"\times 2", "-", r"+\,1"]
    _, graph, _, _ = graph_of("1 - x/2", {"x": 4})
    assert [n.label for n in graph.operations] == [r"\div 2", r"1 - \cdot"]
    _, graph, _, _ = graph_of("1/(1 + exp(-x))", {"x": 0})
    assert [n.label for n in graph.operations] == [
        r"\times (-1)",
        r"\exp",
        r"+\,1",
        r"1/\cdot",
    ]
    assert graph.output.value == sympy.Rational(1, 2)


def test_layout_columns_put_each_input_left_of_its_first_consumer() -> None:
    _, graph, _, _ = graph_of(
        "(S(w*x + b) - y)**2", {"x": 1.5, "w": 0.8, "b": -0.5, "y": 1}, SIGMOID
    )
    depths = dict(zip((n.label for n in graph.nodes), graph.depths(), strict=True))
    assert depths["w"] == depths["x"] == 0
    assert depths["b"] == 1 and depths["y"] == 3 and depths[r"(\cdot)^{2}"] == 5


def test_the_expression_is_written_in_the_graphs_order() -> None:
    _, graph, _, _ = graph_of(
        "(S(w*x + b) - y)**2", {"x": 1.5, "w": 0.8, "b": -0.5, "y": 1}, SIGMOID
    )
    assert backprop.expression_latex(graph) == r"\left(S\left(w \cdot x + b\right) - y\right)^{2}"


@pytest.mark.parametrize(
    ("text", "values", "problem"),
    [
        ("log(x)", {"x": 0}, "logarithm node's value"),
        ("1/x + x", {"x": 0}, "reciprocal node's value"),
        ("sqrt(x)", {"x": 0}, "square root node's derivative"),
    ],
)
def test_values_where_the_graph_is_undefined_are_refused(text, values, problem) -> None:
    with pytest.raises(backprop.GraphError, match=problem):
        graph_of(text, values)


def test_an_expression_without_operations_is_refused() -> None:
    with pytest.raises(backprop.GraphError, match="no operation"):
        graph_of("x", {"x": 1})


@pytest.mark.parametrize(
    ("value", "latex", "exact"),
    [
        (sympy.Rational(7, 10), "0.7", True),
        (sympy.Integer(-3), "-3", True),
        (sympy.Rational(1, 10000), "0.0001", True),
        (sympy.Rational(12345, 10000), "1.23", False),
        (sympy.Rational(1, 3), "0.333", False),
        (1 / (1 + sympy.exp(-sympy.Rational(7, 10))), "0.668", False),
        (sympy.Rational(1, 10**7), r"1 \times 10^{-7}", False),
    ],
)
def test_values_are_shown_exact_when_short_else_to_three_digits(value, latex, exact) -> None:
    found = backprop.shown(value)
    assert (found.latex, found.exact) == (latex, exact)
