"""A derivative, one rule at a time: Derivation's plan and schema.

The plan builder computes every number and formula the scene shows from the content
file, with the math core; the schema lists the parameters and beats. No manim here: the
Scene class drawing the plan is scenes/templates/derivation.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, SceneCheck, Steps, TemplateSchema
from scenes.maths.derivation import (
    RULE_LABELS,
    START,
    DerivationError,
    power_latex,
    stepwise_derivation,
)
from scenes.maths.narration_values import SaidValue
from scenes.maths.plan_values import (
    function_latex,
    hidden,
)
from scenes.plans import PlanRefusal, Template

# ---------------------------------------------------------------- the plan

EQUATION_ROLES = ("definition", "simplified derivative", "result")
LABELLED_RULES = tuple(rule for rule in RULE_LABELS if rule != START)
RULE_LABEL_EXAMPLE = '"chain = Chain rule (6)"'
RULES_BEAT = "DifferentiateStepByStep"  # said one rule (one step of the engine) at a time
ALGEBRA_BEAT = "RewriteInTermsOfTheFunction"  # said one algebra step at a time


@dataclass(frozen=True)
class StepPlan:
    latex: str
    rule: str
    label: str
    parts: tuple[str, str, str]
    source_parts: tuple[str, str, str]
    # the rule's name as the voice says it, "chain rule" (the lecture's label, such as
    # "Chain rule (6)", is for the screen); "" for the first line
    spoken_rule: str = ""
    # what the step acts on and what it becomes (scenes.maths.derivation.Step)
    subterm: sympy.Expr | None = hidden()
    result: sympy.Expr | None = hidden()

    def said(self) -> dict[str, Any]:
        """The values a sentence about this step may name: {rule} for a rule's step,
        {subterm} (what it acts on) and {result} (what that becomes, where nothing is left
        to differentiate in it)."""
        values: dict[str, Any] = {"subterm": self.subterm}
        if self.spoken_rule and self.rule != "algebra":
            values["rule"] = said_as_written(self.spoken_rule)
        if self.result is not None:
            values["result"] = self.result
        return values


def said_as_written(text: str) -> SaidValue:
    """Words a sentence may name, captioned and said as they are ("chain rule")."""
    return SaidValue(text, text)


def spoken_rule(label: str) -> str:
    """A rule's plain label as said in a sentence: "Chain rule" -> "chain rule",
    "Definition of S" -> "definition of S"."""
    return label[:1].lower() + label[1:]


@dataclass(frozen=True)
class DerivationPlan:
    name: str
    function_name: str
    definition_latex: str
    rewritten_latex: str  # "" when the form differentiated is the function as written
    steps: tuple[StepPlan, ...]
    equation_seven_index: int  # the step the rules end on, simplified
    result_latex: str
    derivative_lhs_latex: str
    definition_equation: str
    equation_seven: str
    result_equation: str

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """DifferentiateStepByStep is said one rule at a time (each step after the first
        line, which the beat writes first), RewriteInTermsOfTheFunction one algebra step at
        a time; each step's values are StepPlan.said's."""
        seven = self.equation_seven_index
        if beat == RULES_BEAT:
            return tuple(step.said() for step in self.steps[1:seven])
        if beat == ALGEBRA_BEAT:
            return tuple(step.said() for step in self.steps[seven + 1 :])
        return ()


def rule_labels(written: Sequence[str]) -> dict[str, str]:
    """The label of each rule: its plain name, or the lecture's "rule = label" entry."""
    labels = dict(RULE_LABELS)
    for entry in written:
        rule, _, label = entry.partition("=")
        labels[rule.strip()] = label.strip()
    return labels


def build_plan(scene: SceneContent) -> DerivationPlan:
    p = scene.params
    name = p["name"]
    helpers: Mapping[str, sympy.Expr] = p.get("helpers") or {}
    try:
        derivation = stepwise_derivation(
            p["function"], p["rewritten"], p["algebra_steps"], name, helpers=helpers
        )
    except DerivationError as error:
        raise PlanRefusal(
            "algebra_steps", f"is not a valid derivation: {error}", p["algebra_steps"]
        ) from None
    labels = rule_labels(p["rule_labels"])
    steps = tuple(
        StepPlan(
            s.latex,
            s.rule,
            s.label if labels[s.rule] == RULE_LABELS[s.rule] else labels[s.rule],
            tuple(s.parts),
            tuple(s.source_parts),
            spoken_rule(s.label),
            s.subterm,
            s.result,
        )
        for s in derivation.steps
    )
    # the rules' result, simplified where sympy could; the author's algebra steps follow it
    last_rule = max(i for i, s in enumerate(steps) if s.rule != "algebra")
    simplify_index = max(
        (i for i, s in enumerate(steps) if s.rule == "simplify"), default=last_rule
    )
    definition, simplified, result = p["equation_labels"]
    rewritten = power_latex(p["rewritten"][-1])
    definition_latex = function_latex(name, p["function"])
    if definition_latex == f"{name}(x) = {rewritten}":
        rewritten = ""  # written as the function already: nothing to rewrite, say it once
    return DerivationPlan(
        name=scene.name,
        function_name=name,
        definition_latex=definition_latex,
        rewritten_latex=rewritten,
        steps=steps,
        equation_seven_index=simplify_index,
        result_latex=f"{name}'(x) = {steps[-1].latex}",
        derivative_lhs_latex=f"{name}'(x)",
        definition_equation=definition,
        equation_seven=simplified,
        result_equation=result,
    )


# ---------------------------------------------------------------- the template


def _check_forms(scene: SceneCheck) -> None:
    if not scene.params["rewritten"]:
        raise scene.refuse(
            "rewritten",
            'is empty; give the form to differentiate, such as ["(1 + exp(-x))**(-1)"]',
            scene.raw["rewritten"],
        )
    if len(scene.params["equation_labels"]) != len(EQUATION_ROLES):
        raise scene.refuse(
            "equation_labels",
            f"must have {len(EQUATION_ROLES)} labels, for the {', the '.join(EQUATION_ROLES)}",
            scene.raw["equation_labels"],
        )
    _check_rule_labels(scene)


def _check_rule_labels(scene: SceneCheck) -> None:
    seen: set[str] = set()
    for entry in scene.params["rule_labels"]:
        rule, equals, label = (part.strip() for part in entry.partition("="))
        if not equals or not label:
            problem = f'has {scene.show(entry)}, which is not "rule = label", such as '
            raise scene.refuse("rule_labels", problem + RULE_LABEL_EXAMPLE, entry)
        if rule not in LABELLED_RULES:
            raise scene.refuse(
                "rule_labels",
                f"has {scene.show(entry)}, whose rule {rule!r} is none of "
                f"{', '.join(LABELLED_RULES)}",
                entry,
            )
        if rule in seen:
            raise scene.refuse(
                "rule_labels", f"labels the {rule} rule twice, the second time as {label!r}", entry
            )
        seen.add(rule)


def _plain_labels() -> list[str]:
    return [f"{rule} = {RULE_LABELS[rule]}" for rule in LABELLED_RULES]


SCHEMA = TemplateSchema(
    name="Derivation",
    group="Equations",
    chapter="A derivative, step by step",
    description=(
        "Any function's derivative one rule at a time, each rule named under the term it "
        "rewrites, then simplified and rewritten by the author's algebra steps, every step "
        "verified by sympy."
    ),
    aliases=("SigmoidDerivation",),
    beats=(
        "StateTheFunction",
        "RewriteAsAPower",
        "DifferentiateStepByStep",
        "SimplifyTheDerivative",
        "RewriteInTermsOfTheFunction",
        "BoxTheResult",
    ),
    renamed_beats=(
        ("StateTheSigmoid", "StateTheFunction"),
        ("ReachEquationSeven", "SimplifyTheDerivative"),
        ("RewriteInTermsOfS", "RewriteInTermsOfTheFunction"),
    ),
    example_narration=(
        "Here is {function_name} of x, the function we differentiate.",
        "First, write it in a form the rules apply to.",
        "Then differentiate it, one rule at a time.",
        "Simplifying gives the derivative of {function_name}.",
        "A few steps of algebra write it more simply.",
        "And that is the derivative of {function_name}.",
    ),
    steps=(
        Steps(RULES_BEAT, "rule applied", "The {rule}, applied to {subterm}."),
        Steps(ALGEBRA_BEAT, "algebra step", "Write {subterm} as {result}."),
    ),
    params=(
        Param("name", Kind.NAME, "S", "the function's one-letter name"),
        Param("function", Kind.EXPR_X, "1/(1 + exp(-x))", "the function to differentiate"),
        Param(
            "helpers",
            Kind.HELPERS,
            {},
            'functions the formulas may call, such as { S = "1/(1 + exp(-x))" }: shown as '
            "written, replaced by their definitions to verify each step",
        ),
        Param(
            "rewritten",
            Kind.EXPR_LIST,
            ["(1 + exp(-x))**(-1)"],
            "the form differentiated (the last one), each checked equal to the function",
        ),
        Param(
            "algebra_steps",
            Kind.EXPR_LIST,
            [
                "(1/(1 + exp(-x))) * (exp(-x)/(1 + exp(-x)))",
                "S(x) * (exp(-x)/(1 + exp(-x)))",
                "S(x) * (((1 + exp(-x)) - 1)/(1 + exp(-x)))",
                "S(x) * ((1 + exp(-x))/(1 + exp(-x)) - 1/(1 + exp(-x)))",
                "S(x) * (1 - S(x))",
            ],
            "the author's steps after the rules, each verified equal; may use name(x); may be []",
        ),
        Param(
            "equation_labels",
            Kind.TEXT_LIST,
            ["", "", ""],
            'the equation numbers beside the definition, the simplified form and the result; "" '
            "shows none",
        ),
        Param(
            "rule_labels",
            Kind.TEXT_LIST,
            _plain_labels(),
            'the name shown under each rule\'s step, as "rule = label" such as '
            '"chain = Chain rule (6)"; a rule left out keeps its plain name',
        ),
    ),
    check=_check_forms,
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.derivation:Derivation")
