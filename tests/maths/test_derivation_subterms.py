"""Each derivation step knows what it acts on (its subterm) and, where nothing is left to
differentiate in it, what that becomes (its result): what a sentence about the step names."""

from __future__ import annotations

import sympy
from sympy.parsing.sympy_parser import parse_expr

from scenes.maths.derivation import START, X, differentiate_stepwise, stepwise_derivation

G = sympy.Symbol("g")
S = sympy.Function("S")
LOCALS = {"x": X, "S": S, "exp": sympy.exp}
ALGEBRA_STEPS = (
    "(1/(1 + exp(-x))) * (exp(-x)/(1 + exp(-x)))",
    "S(x) * (exp(-x)/(1 + exp(-x)))",
    "S(x) * (((1 + exp(-x)) - 1)/(1 + exp(-x)))",
    "S(x) * ((1 + exp(-x))/(1 + exp(-x)) - 1/(1 + exp(-x)))",
    "S(x) * (1 - S(x))",
)
FINISHING = {"power", "exponential", "constant", "standard"}  # always finish their subterm
PENDING = {"chain", "sum", "product", "quotient", "definition"}  # leave derivatives to take
CORPUS = (
    3 * X**2 + 2 * X + 1,
    X**2 * sympy.exp(X),
    X / (1 + X**2),
    sympy.sin(X**2),
    sympy.log(1 + sympy.exp(X)),
    2**X,
    (1 + sympy.exp(-2 * X) + sympy.sin(X)) ** -3,
)


def written(text: str) -> sympy.Expr:
    return parse_expr(text, local_dict=LOCALS, evaluate=False)


def sigmoid():  # noqa: ANN201
    return stepwise_derivation(
        written("1/(1 + exp(-x))"),
        [written("(1 + exp(-x))**(-1)")],
        [written(step) for step in ALGEBRA_STEPS],
    )


def test_the_sigmoids_rules_act_on_the_subterms_the_notes_name() -> None:
    steps = sigmoid().steps
    rules = [(step.rule, step.subterm, step.result) for step in steps[1:8]]
    e = sympy.exp(-X)
    assert rules == [
        ("chain", (1 + e) ** -1, None),
        ("power", G**-1, -(G**-2)),  # the outer derivative, d/dg g^-1, as the step shows it
        ("sum", 1 + e, None),
        ("constant", 1, 0),
        ("chain", e, None),
        ("exponential", sympy.exp(G), sympy.exp(G)),
        ("linear", -X, -1),
    ]
    assert steps[0].rule == START and steps[0].subterm is None and steps[0].result is None


def test_an_algebra_step_names_the_one_factor_it_rewrites() -> None:
    steps = sigmoid().steps
    simplify = next(step for step in steps if step.rule == "simplify")
    first, named, *_ = (step for step in steps if step.rule == "algebra")
    # the first algebra step follows the rules' result: the whole line changes
    assert (first.subterm, first.result) == (simplify.expr, first.expr)
    assert simplify.subterm is not None and simplify.result == simplify.expr
    # then one factor at a time: 1/(1 + e^-x) becomes S(x)
    assert sympy.simplify(named.subterm - 1 / (1 + sympy.exp(-X))) == 0
    assert named.result == S(X)


def test_each_algebra_steps_subterm_equals_what_it_becomes() -> None:
    definition = {S: sympy.Lambda(X, 1 / (1 + sympy.exp(-X)))}
    for step in sigmoid().steps:
        if step.rule != "algebra":
            continue
        before = step.subterm.subs(definition).doit()
        after = step.result.subs(definition).doit()
        assert sympy.simplify(before - after) == 0, step.latex


def test_a_finishing_rules_result_is_the_derivative_of_its_subterm() -> None:
    seen: set[str] = set()
    for function in CORPUS:
        for step in differentiate_stepwise(function).steps[1:]:
            if step.rule == "simplify":
                continue
            assert step.subterm is not None, (function, step.rule)
            if step.rule in PENDING:
                assert step.result is None, (function, step.rule)
                continue
            if step.result is None:  # the linear rule pulls 3 out of 3 x^2 and goes on
                assert step.rule == "linear" and step.subterm.is_Mul, (function, step.rule)
                continue
            variable = G if G in step.subterm.free_symbols else X
            derivative = sympy.diff(step.subterm, variable)
            assert sympy.simplify(step.result - derivative) == 0, (function, step.rule)
            seen.add(step.rule)
    assert seen == FINISHING | {"linear"}


def test_a_helpers_definition_step_acts_on_the_helper() -> None:
    derivation = differentiate_stepwise(-sympy.log(S(X)), helpers={"S": 1 / (1 + sympy.exp(-X))})
    (step,) = (step for step in derivation.steps if step.rule == "definition")
    assert (step.subterm, step.result, step.label) == (S(X), None, "Definition of S")
