"""The step-by-step derivative follows the notes (2.2-2.3), and every step is the derivative."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import scenes.maths.derivation as derivation_module
from scenes.maths.derivation import (
    RULE_LABELS,
    RULES,
    START,
    Derivation,
    DerivationError,
    Step,
    X,
    derivation_with_algebra,
    differentiate_stepwise,
    power_latex,
    stepwise_derivation,
)

S = sympy.Function("S")
LOCALS = {"x": X, "S": S, "exp": sympy.exp}

# The notes' sigmoid (eq. 2), its hint, and the author's algebra steps to eq. (8).
SIGMOID = "1/(1 + exp(-x))"
REWRITTEN = "(1 + exp(-x))**(-1)"
ALGEBRA_STEPS = (
    "(1/(1 + exp(-x))) * (exp(-x)/(1 + exp(-x)))",
    "S(x) * (exp(-x)/(1 + exp(-x)))",
    "S(x) * (((1 + exp(-x)) - 1)/(1 + exp(-x)))",
    "S(x) * ((1 + exp(-x))/(1 + exp(-x)) - 1/(1 + exp(-x)))",
    "S(x) * (1 - S(x))",
)
EQUATION_SEVEN = sympy.exp(-X) / (1 + sympy.exp(-X)) ** 2
EQUATION_SEVEN_LATEX = r"\frac{e^{- x}}{\left(1 + e^{- x}\right)^{2}}"
EQUATION_EIGHT_LATEX = r"S{\left(x \right)} \left(1 - S{\left(x \right)}\right)"

CORPUS = (
    3 * X**2 + 2 * X + 1,
    X**5,
    X**2 * sympy.exp(X),
    X * sympy.sin(X),
    X / (1 + X**2),
    sympy.exp(sympy.exp(X)),
    (1 + X**2) ** 3,
    sympy.sin(X**2),
    sympy.log(1 + sympy.exp(X)),
    sympy.sqrt(1 + X**2),
    2**X,
    X - sympy.cos(X),
    3 / X**2,
    1 / (X * (X + 1)),
    X**2 - X * sympy.sin(X),
    sympy.Integer(7),
)
POINTS = (-0.7, 0.35, 1.2)


def parse(text: str) -> sympy.Expr:
    return sympy.parse_expr(text, local_dict=LOCALS, evaluate=False)


def value_at(expr: sympy.Expr, point: float) -> complex | None:
    try:
        value = complex(expr.evalf(subs={X: point}))
    except (TypeError, ValueError, OverflowError):
        return None
    return value if value == value and abs(value) != float("inf") else None


def assert_same_function(left: sympy.Expr, right: sympy.Expr) -> None:
    compared = 0
    for point in POINTS:
        a, b = value_at(left, point), value_at(right, point)
        if a is None or b is None:
            continue
        assert a == pytest.approx(b, rel=1e-9, abs=1e-9), f"{left} != {right} at x = {point}"
        compared += 1
    assert compared > 0, f"{left} and {right} could not be compared"


def with_definition(expr: sympy.Expr) -> sympy.Expr:
    return expr.replace(S, sympy.Lambda(X, 1 / (1 + sympy.exp(-X))))


def is_balanced(tex: str) -> bool:
    depth = 0
    for char in tex:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and tex.count(r"\left") == tex.count(r"\right")


def all_steps_are_well_split(derivation: Derivation) -> None:
    for index, step in enumerate(derivation.steps):
        assert "".join(step.parts) == step.latex
        previous = derivation.steps[index - 1].latex if index else step.latex
        assert "".join(step.source_parts) == previous
        assert step.parts[1] and step.source_parts[1], f"step {index} highlights nothing"
        for part in (*step.parts, *step.source_parts):
            assert is_balanced(part), f"step {index}: {part!r} is not a balanced group"
        assert step.label == RULE_LABELS[step.rule]


def garbage_in(tex: str) -> list[str]:
    patterns = (r"\+ -", r"- -", r"(^|[\s(])1 \\cdot", r"\\cdot 1(?![\d.])", r"\\partial")
    return [pattern for pattern in patterns if re.search(pattern, tex)]


@pytest.fixture(scope="module")
def sigmoid() -> Derivation:
    return stepwise_derivation(
        parse(SIGMOID), parse(REWRITTEN), [parse(step) for step in ALGEBRA_STEPS]
    )


# --------------------------------------------------------------------- the sigmoid


def test_sigmoid_takes_the_notes_path_one_rule_per_step(sigmoid: Derivation) -> None:
    assert sigmoid.rules == (
        START,
        "chain",
        "power",
        "sum",
        "constant",
        "chain",
        "exponential",
        "linear",
        "simplify",
        *["algebra"] * len(ALGEBRA_STEPS),
    )


def test_sigmoid_steps_read_like_the_notes(sigmoid: Derivation) -> None:
    factor = r"-1 \left(1 + e^{- x}\right)^{-2}"
    assert [step.latex for step in sigmoid.steps[:8]] == [
        r"\frac{d}{dx} \left(\left(1 + e^{- x}\right)^{-1}\right)",
        r"\left. \frac{d}{dg} g^{-1} \right|_{g = 1 + e^{- x}} "
        r"\frac{d}{dx} \left(1 + e^{- x}\right)",
        rf"{factor} \frac{{d}}{{dx}} \left(1 + e^{{- x}}\right)",
        rf"{factor} \left(\frac{{d}}{{dx}} 1 + \frac{{d}}{{dx}} e^{{- x}}\right)",
        rf"{factor} \frac{{d}}{{dx}} e^{{- x}}",
        rf"{factor} \left. \frac{{d}}{{dg}} e^{{g}} \right|_{{g = - x}} "
        r"\frac{d}{dx} \left(- x\right)",
        rf"{factor} e^{{- x}} \frac{{d}}{{dx}} \left(- x\right)",
        rf"{factor} e^{{- x}} \left(-1\right)",
    ]


def test_power_rule_keeps_the_minus_one_coefficient_unevaluated(sigmoid: Derivation) -> None:
    power = sigmoid.steps[sigmoid.step_index("power")]
    product = power.expr
    assert isinstance(product, sympy.Mul)
    assert product.args[0] == -1
    assert product.args[1] == (1 + sympy.exp(-X)) ** -2
    assert isinstance(product.args[2], sympy.Derivative)


def test_each_step_highlights_the_rewritten_subterm(sigmoid: Derivation) -> None:
    power = sigmoid.steps[sigmoid.step_index("power")]
    assert power.source_parts[1] == r"\left. \frac{d}{dg} g^{-1} \right|_{g = 1 + e^{- x}}"
    assert power.parts[1] == r"-1 \left(1 + e^{- x}\right)^{-2}"
    constant = sigmoid.steps[sigmoid.step_index("constant")]
    assert constant.source_parts[1] == r"\left(\frac{d}{dx} 1 + \frac{d}{dx} e^{- x}\right)"
    assert constant.parts == (r"-1 \left(1 + e^{- x}\right)^{-2} ", r"\frac{d}{dx} e^{- x}", "")
    linear = sigmoid.steps[sigmoid.step_index("linear")]
    assert (linear.source_parts[1], linear.parts[1]) == (
        r"\frac{d}{dx} \left(- x\right)",
        r"\left(-1\right)",
    )


def test_every_sigmoid_step_is_the_derivative(sigmoid: Derivation) -> None:
    truth = sympy.diff(1 / (1 + sympy.exp(-X)), X)
    for step in sigmoid.steps[1:]:
        assert_same_function(with_definition(step.expr).doit(), truth)


def test_pending_derivatives_stay_unevaluated_until_the_end(sigmoid: Derivation) -> None:
    engine_steps = sigmoid.steps[: sigmoid.step_index("simplify")]
    for step in engine_steps[:-1]:
        assert step.expr.has(sympy.Derivative) or step.expr.has(sympy.Subs)
        assert r"\frac{d}{d" in step.latex
    assert not engine_steps[-1].expr.has(sympy.Derivative, sympy.Subs)


def test_simplify_step_is_equation_seven(sigmoid: Derivation) -> None:
    step = sigmoid.steps[sigmoid.step_index("simplify")]
    assert step.expr.doit() == EQUATION_SEVEN
    assert step.latex == EQUATION_SEVEN_LATEX
    assert sigmoid.derivative == EQUATION_SEVEN


def test_algebra_steps_end_in_equation_eight(sigmoid: Derivation) -> None:
    last = sigmoid.steps[-1]
    assert last.expr == parse("S(x) * (1 - S(x))")
    assert last.latex == EQUATION_EIGHT_LATEX
    assert last.parts == (r"S{\left(x \right)} ", r"\left(1 - S{\left(x \right)}\right)", "")


def test_algebra_steps_keep_the_written_form_and_highlight_where_S_appears(
    sigmoid: Derivation,
) -> None:
    first = sigmoid.step_index("algebra")
    split, named = sigmoid.steps[first], sigmoid.steps[first + 1]
    assert split.latex == r"\frac{1}{1 + e^{- x}} \frac{e^{- x}}{1 + e^{- x}}"
    assert named.source_parts[1] == r"\frac{1}{1 + e^{- x}}"
    assert named.parts == ("", r"S{\left(x \right)}", r" \frac{e^{- x}}{1 + e^{- x}}")


def test_power_latex_shows_the_hint_as_a_power_not_a_fraction() -> None:
    assert power_latex(parse(REWRITTEN)) == r"\left(1 + e^{- x}\right)^{-1}"
    assert power_latex(X**-2) == "x^{-2}"
    assert power_latex(X**2 + 1) == "x^{2} + 1"


def test_sigmoid_derivation_is_about_the_function_as_written(sigmoid: Derivation) -> None:
    assert sigmoid.function == parse(SIGMOID)
    assert sigmoid.step_index("simplify") == 8
    with pytest.raises(KeyError):
        sigmoid.step_index("quotient")


def test_sigmoid_steps_are_split_into_balanced_parts(sigmoid: Derivation) -> None:
    all_steps_are_well_split(sigmoid)
    for step in sigmoid.steps:
        assert garbage_in(step.latex) == [], step.latex


def test_content_parser_written_form_is_kept() -> None:
    from scenes.content.expressions import parse_expression

    def read(text: str) -> sympy.Expr:
        return parse_expression(text, functions=("S",), evaluate=False)

    derivation = stepwise_derivation(
        read(SIGMOID), read(REWRITTEN), [read(s) for s in ALGEBRA_STEPS]
    )
    third = derivation.steps[derivation.step_index("algebra") + 2]
    assert third.latex == r"S{\left(x \right)} \frac{\left(1 + e^{- x}\right) - 1}{1 + e^{- x}}"
    assert derivation.steps[-1].latex == EQUATION_EIGHT_LATEX
    all_steps_are_well_split(derivation)


# ------------------------------------------------------------------------ errors


def test_a_wrong_algebra_step_is_named_by_number_and_latex() -> None:
    steps = [parse(step) for step in ALGEBRA_STEPS]
    steps[2] = parse("S(x) * (1 + S(x))")
    with pytest.raises(DerivationError) as caught:
        stepwise_derivation(parse(SIGMOID), parse(REWRITTEN), steps)
    message = str(caught.value)
    assert message.startswith(
        r"algebra step 3, S{\left(x \right)} \left(1 + S{\left(x \right)}\right),"
    )
    assert EQUATION_SEVEN_LATEX in message


def test_a_rewritten_form_that_changes_the_function_is_refused() -> None:
    with pytest.raises(DerivationError, match="the rewritten form"):
        stepwise_derivation(parse(SIGMOID), parse("(1 + exp(x))**(-1)"), [])


def test_an_expression_without_a_rule_is_refused() -> None:
    with pytest.raises(DerivationError, match="no differentiation rule"):
        differentiate_stepwise(X**X)


def test_a_rule_that_gives_a_wrong_step_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    def wrong_sum_rule(expr: sympy.Expr) -> tuple[str, object]:
        return "sum", derivation_module._Leaf(sympy.Integer(5))

    monkeypatch.setattr(derivation_module, "_sum_rule", wrong_sum_rule)
    with pytest.raises(DerivationError, match=r"^step 1 \(Sum rule\), 5, is not equal"):
        differentiate_stepwise(X**2 + X)


def test_algebra_without_named_functions_checks_plain_steps() -> None:
    derivation = derivation_with_algebra(
        differentiate_stepwise(X**2 * sympy.exp(X)), [parse("x*exp(x)*(x + 2)")]
    )
    assert derivation.steps[-1].rule == "algebra"
    with pytest.raises(DerivationError, match="algebra step 1"):
        derivation_with_algebra(derivation, [parse("x*exp(x)*(x + 3)")])


# ------------------------------------------------------------------------ corpus


@pytest.mark.parametrize("function", CORPUS, ids=str)
def test_every_step_of_the_corpus_is_the_derivative(function: sympy.Expr) -> None:
    derivation = differentiate_stepwise(function)
    truth = sympy.diff(function, X)
    assert derivation.steps[0].expr == sympy.Derivative(function, X)
    for step in derivation.steps:
        assert_same_function(step.expr.doit(), truth)
        assert step.rule == START or step.rule in RULES
        assert garbage_in(step.latex) == [], step.latex
    last = derivation.steps[-1].expr
    assert not last.has(sympy.Derivative, sympy.Subs)
    assert sympy.simplify(last - truth) == 0
    assert derivation.derivative == last
    all_steps_are_well_split(derivation)


@pytest.mark.parametrize(
    ("function", "rules", "final_latex"),
    [
        (X**5, (START, "power"), r"5 x^{4}"),
        (
            3 * X**2 + 2 * X + 1,
            (START, "sum", "linear", "power", "linear", "constant", "simplify"),
            r"6 x + 2",
        ),
        (
            X**2 * sympy.exp(X),
            (START, "product", "power", "exponential", "simplify"),
            r"x \left(x + 2\right) e^{x}",
        ),
        (
            X / (1 + X**2),
            (START, "quotient", "linear", "sum", "power", "constant", "simplify"),
            r"\frac{1 - x^{2}}{\left(x^{2} + 1\right)^{2}}",
        ),
        (
            (1 + X**2) ** 3,
            (START, "chain", "power", "sum", "power", "constant", "simplify"),
            r"6 x \left(x^{2} + 1\right)^{2}",
        ),
        (
            sympy.sin(X**2),
            (START, "chain", "standard", "power", "simplify"),
            r"2 x \cos{\left(x^{2} \right)}",
        ),
        (2**X, (START, "exponential"), r"2^{x} \ln{\left(2 \right)}"),
        (sympy.Integer(7), (START, "constant"), "0"),
    ],
    ids=str,
)
def test_corpus_takes_the_expected_rules(
    function: sympy.Expr, rules: tuple[str, ...], final_latex: str
) -> None:
    derivation = differentiate_stepwise(function)
    assert derivation.rules == rules
    assert derivation.steps[-1].latex == final_latex


def test_a_quotient_highlights_the_whole_fraction() -> None:
    derivation = differentiate_stepwise(X / (1 + X**2))
    linear = derivation.steps[derivation.step_index("linear")]
    assert linear.parts[0] == linear.parts[2] == ""
    assert linear.parts[1].startswith(r"\frac{x^{2} + 1 - x")


def test_a_factor_one_and_a_zero_term_are_dropped() -> None:
    derivation = differentiate_stepwise(X * sympy.sin(X))
    linear = derivation.steps[derivation.step_index("linear")]
    assert linear.source_parts[1] == r"\frac{d}{dx} \left(x\right) \sin{\left(x \right)}"
    assert linear.parts[1] == r"\sin{\left(x \right)}"
    constant = differentiate_stepwise(2 * X + 1).steps[-1]
    assert (constant.rule, constant.latex) == ("constant", "2")


def test_a_product_rule_after_a_minus_sign_is_parenthesized() -> None:
    derivation = differentiate_stepwise(X**2 - X * sympy.sin(X))
    product = derivation.steps[derivation.step_index("product")]
    assert product.parts == (
        "2 x - ",
        r"\left(\frac{d}{dx} \left(x\right) \sin{\left(x \right)} "
        r"+ x \frac{d}{dx} \sin{\left(x \right)}\right)",
        "",
    )


# -------------------------------------------------------------------- properties

UNARY: tuple[Callable[[sympy.Expr], sympy.Expr], ...] = (
    sympy.exp,
    sympy.sin,
    sympy.cos,
    lambda e: e**2,
    lambda e: e**3,
    lambda e: sympy.sqrt(1 + e**2),
    lambda e: sympy.log(1 + e**2),
    lambda e: 1 / (1 + e**2),
)
BINARY: tuple[Callable[[sympy.Expr, sympy.Expr], sympy.Expr], ...] = (
    operator.add,
    operator.sub,
    operator.mul,
)


def compositions() -> st.SearchStrategy[sympy.Expr]:
    leaves = st.sampled_from((X, X, sympy.Integer(2), sympy.Integer(3)))

    def extend(children: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
        unary = st.tuples(st.sampled_from(UNARY), children).map(lambda p: p[0](p[1]))
        binary = st.tuples(st.sampled_from(BINARY), children, children)
        return unary | binary.map(lambda p: p[0](p[1], p[2]))

    return st.recursive(leaves, extend, max_leaves=4)


polynomials = st.lists(st.integers(-5, 5), min_size=1, max_size=5).map(
    lambda coefficients: sum(c * X**k for k, c in enumerate(coefficients))
)


@settings(max_examples=30, deadline=None)
@given(polynomials | compositions())
def test_random_functions_end_at_the_true_derivative(function: sympy.Expr) -> None:
    derivation = differentiate_stepwise(function)
    truth = sympy.diff(function, X)
    last = derivation.steps[-1].expr
    assert not last.has(sympy.Derivative, sympy.Subs)
    assert_same_function(last, truth)
    for step in derivation.steps[1:]:
        assert isinstance(step, Step)
        assert_same_function(step.expr.doit(), truth)
    all_steps_are_well_split(derivation)


# --- helper functions: shown as written, replaced by their definitions to verify ---------

SIGMOID_HELPER = {"S": 1 / (1 + sympy.exp(-X))}


def test_a_helper_is_kept_in_the_steps_and_verified_by_its_definition() -> None:
    """-ln(S(x)) with S the sigmoid: S(x) is shown until its derivative is due, and the
    author's last step S(x) - 1 is checked with S replaced by the sigmoid."""
    function = -sympy.log(S(X))
    derivation = stepwise_derivation(
        function, [function], [parse("S(x) - 1")], name="L", helpers=SIGMOID_HELPER
    )
    labels = [step.label for step in derivation.steps]
    assert "Definition of S" in labels
    defined = labels.index("Definition of S")
    assert all(r"S{\left(x \right)}" in step.latex for step in derivation.steps[: defined + 1])
    assert derivation.steps[-1].latex == r"S{\left(x \right)} - 1"
    assert derivation.steps[-1].rule == "algebra"
    all_steps_are_well_split_except_labels(derivation)


def all_steps_are_well_split_except_labels(derivation: Derivation) -> None:
    for index, step in enumerate(derivation.steps):
        assert "".join(step.parts) == step.latex
        for part in (*step.parts, *step.source_parts):
            assert is_balanced(part), f"step {index}: {part!r} is not a balanced group"


def test_a_step_unequal_once_helpers_are_replaced_is_refused() -> None:
    function = -sympy.log(S(X))
    with pytest.raises(DerivationError, match=r"^algebra step 1, .* is not equal"):
        stepwise_derivation(
            function, [function], [parse("1 - S(x)")], name="L", helpers=SIGMOID_HELPER
        )


def test_a_rewritten_form_may_use_a_helper() -> None:
    softplus = sympy.log(1 + sympy.exp(X))
    derivation = stepwise_derivation(
        softplus, [parse("-log(1 - S(x))")], [parse("S(x)")], name="P", helpers=SIGMOID_HELPER
    )
    assert derivation.steps[-1].latex == r"S{\left(x \right)}"
    with pytest.raises(DerivationError, match="rewritten form"):
        stepwise_derivation(softplus, [parse("log(S(x))")], [], name="P", helpers=SIGMOID_HELPER)


def test_a_helper_may_use_the_helpers_before_it() -> None:
    helpers = {"S": 1 / (1 + sympy.exp(-X)), "T": 2 * S(2 * X) - 1}
    tanh = sympy.Function("T")(X)  # T is tanh, written with S
    derivation = stepwise_derivation(tanh, [tanh], [1 - tanh**2], "H", helpers=helpers)
    assert derivation.steps[1].label == "Definition of T"


def test_a_helper_with_the_functions_name_is_refused() -> None:
    with pytest.raises(DerivationError, match="function's own name"):
        stepwise_derivation(X**2, None, [], name="S", helpers=SIGMOID_HELPER)


def test_rule_labels_are_plain_names() -> None:
    assert not any(re.search(r"\(\d+\)", label) for label in RULE_LABELS.values())
