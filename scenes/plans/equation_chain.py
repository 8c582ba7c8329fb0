"""A chain of equalities, one link at a time: EquationChain's plan and schema.

Lecture notes work a value out as a chain, rise/run = Δy/Δx = (y1 - y0)/(x1 - x0) =
(f(2) - f(1))/(2 - 1) = (4 - 2)/(2 - 1) = 2. The plan keeps each link as written and
checks, exactly, that every link whose names are all bound has the chain's value (the
math core is scenes/maths/equation_chain.py). No manim here: the Scene class drawing the
plan is scenes/templates/equation_chain.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import sympy

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, Steps, TemplateSchema
from scenes.maths import equation_chain as chain_math
from scenes.maths.equation_chain import Link
from scenes.maths.narration_values import SaidValue, caption_formula
from scenes.maths.plan_values import hidden, number, shown_latex
from scenes.maths.spoken_math import spoken_number
from scenes.plans import PlanRefusal, Template

# ---------------------------------------------------------------- the plan

CHAIN_BEAT = "WriteTheChain"  # said one link at a time
MIN_LINKS = 2
ROUNDED_DIGITS = 4  # a value with no short exact form is shown to this many digits


@dataclass(frozen=True)
class LinkPlan:
    text: str  # as the lecture file writes it
    latex: str  # as written, names as on a board (x0 is x_0, Delta_y is Δy)
    checked: bool  # every name bound: its value was worked out and checked equal
    value: float | None  # None where not checked
    value_latex: str  # "" where not checked
    said: SaidValue  # the link in a caption and in words, as written
    value_said: SaidValue | None
    plain: bool  # written as its own value (2, 0.5): nothing to add after it
    written: sympy.Expr = hidden()

    def step(self, index: int) -> dict[str, Any]:
        """The values its sentence may name: {link}, {reading} (the sentence's clause: "Start
        from rise over run", "It equals four minus two over two minus one, which is two"),
        and {value} where it was checked."""
        values: dict[str, Any] = {"link": self.said, "position": index + 1}
        if index == 0:
            values["reading"] = SaidValue(
                f"Start from {self.said.written}", f"Start from {self.said.spoken}"
            )
        else:
            written, spoken = f"It equals {self.said.written}", f"It equals {self.said.spoken}"
            if self.value_said is not None and not self.plain:
                written += f", which is {self.value_said.written}"
                spoken += f", which is {self.value_said.spoken}"
            values["reading"] = SaidValue(written, spoken)
        if self.value_said is not None:
            values["value"] = self.value_said
        return values


@dataclass(frozen=True)
class EquationChainPlan:
    # step values for sentences that the screen does not show: it writes the link, not
    # its reading or checked value (maths/descriptions.py leaves them out)
    UNSHOWN_STEP_VALUES: ClassVar[frozenset[str]] = frozenset({"reading", "value"})

    name: str
    heading: str  # "" for none
    links: tuple[LinkPlan, ...]
    checked_links: int
    value: SaidValue | None  # the chain's value, as the screen writes it; None: no link has one
    value_number: float | None
    # the value written after the last link ("" where the last link is written as its value,
    # or has none), with "=" or "\approx" where it is rounded
    result_latex: str
    result_relation: str
    result: SaidValue  # what the boxed line says: the value, or the last link

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """WriteTheChain is said one link at a time, each with its own values."""
        if beat == CHAIN_BEAT:
            return tuple(link.step(index) for index, link in enumerate(self.links))
        return ()


def said_value(value: sympy.Expr) -> tuple[SaidValue, str, bool]:
    """A value as the screen writes it (LaTeX: exact where short, such as 7/32 or sqrt(13),
    else to ROUNDED_DIGITS significant digits), as a caption writes it and in words; and
    whether it is exact. The words say the number shown."""
    latex, exact = shown_latex(value)
    if exact and _short_numbers(latex):
        if value.is_Integer:
            written = str(value)
        elif value.is_Rational:
            written = f"{value.p}/{value.q}"
        else:
            written = caption_formula(value)
        return SaidValue(written, spoken_number(value)), latex, True
    rounded = f"{number(value):.{ROUNDED_DIGITS}g}"
    if "e" not in rounded:
        return SaidValue(rounded, spoken_number(sympy.Float(rounded))), rounded, False
    mantissa, exponent = rounded.split("e")
    power = int(exponent)
    spoken = f"{spoken_number(sympy.Float(mantissa))} times ten to the {spoken_number(power)}"
    return (
        SaidValue(f"{mantissa} × 10^{power}", spoken),
        rf"{mantissa} \times 10^{{{power}}}",
        False,
    )


def _short_numbers(latex: str) -> bool:
    """Every number in it has at most ROUNDED_DIGITS significant digits (the number rule)."""
    for written in re.findall(r"\d+(?:\.\d+)?", latex):
        digits = written.replace(".", "").lstrip("0")
        if "." not in written:
            digits = digits.rstrip("0")
        if len(digits) > ROUNDED_DIGITS:
            return False
    return True


def _link_plan(link: Link) -> LinkPlan:
    said = SaidValue(
        chain_math.written_caption(link.written), chain_math.written_spoken(link.written)
    )
    latex = chain_math.written_latex(link.written)
    if link.value is None:
        return LinkPlan(link.text, latex, False, None, "", said, None, False, link.written)
    value_said, value_latex, _ = said_value(link.value)
    return LinkPlan(
        link.text,
        latex,
        True,
        number(link.value),
        value_latex,
        said,
        value_said,
        chain_math.is_plain_value(link),
        link.written,
    )


def build_plan(scene: SceneContent) -> EquationChainPlan:
    p = scene.params
    values: Mapping[str, sympy.Expr] = p["values"]
    functions: Mapping[str, sympy.Expr] = p["functions"] or {}
    for name in values:
        if name in functions:
            raise PlanRefusal(
                f"values.{name}",
                "is also the name of a function in functions; a name is a value or a "
                "function, so rename one.",
                values[name],
            )
    if len(p["links"]) < MIN_LINKS:
        raise PlanRefusal(
            "links",
            f'= ["{p["links"][0]}"] has one link; a chain needs two or more, such as '
            '["(4 - 2)/(2 - 1)", "2"].',
            list(p["links"]),
        )
    worked = chain_math.work_out("links", p["links"], values, functions)
    links = tuple(_link_plan(link) for link in worked.links)
    last = links[-1]
    value_said, result_latex, relation = None, "", "="
    if worked.value is not None:
        value_said, value_latex, exact = said_value(worked.value)
        relation = "=" if exact else r"\approx"
        if last.checked and not last.plain:
            result_latex = value_latex
    return EquationChainPlan(
        name=scene.name,
        heading=p["heading"],
        links=links,
        checked_links=sum(link.checked for link in links),
        value=value_said,
        value_number=None if worked.value is None else number(worked.value),
        result_latex=result_latex,
        result_relation=relation,
        result=value_said if value_said is not None and last.checked else last.said,
    )


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="EquationChain",
    group="Equations",
    chapter="Working it out",
    description=(
        "A chain of equalities written one link at a time, the = signs aligned; every link "
        "whose names are all given a value is checked equal, exactly, and the value boxed."
    ),
    beats=(CHAIN_BEAT, "BoxTheResult"),
    example_narration=(
        "Work it out one equality at a time.",
        "So it comes to {result}.",
    ),
    steps=(Steps(CHAIN_BEAT, "link", "{reading}."),),
    params=(
        Param(
            "links",
            Kind.FORMULA_LIST,
            [
                "rise/run",
                "Delta_y/Delta_x",
                "(y1 - y0)/(x1 - x0)",
                "(f(2) - f(1))/(2 - 1)",
                "(4 - 2)/(2 - 1)",
                "2",
            ],
            "the chain's links, each a formula kept as written; names not in values or "
            "functions (rise, Delta_y) are shown, and such a link is not checked",
        ),
        Param(
            "values",
            Kind.VALUES,
            {"x0": 1, "x1": 2, "y0": 2, "y1": 4},
            "named numbers the links use, such as { x0 = 1, x1 = 2 }",
        ),
        Param(
            "functions",
            Kind.HELPERS,
            {"f": "2*x"},
            'one-letter functions the links call, such as { f = "2*x" } for f(2)',
        ),
        Param("heading", Kind.TEXT, "", 'a heading above the chain; "" for none'),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.equation_chain:EquationChain")
