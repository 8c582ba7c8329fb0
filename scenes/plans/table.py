"""A table of values computed from formulas: Table's plan and schema.

The lecture gives the inputs and, for each column, a heading and a formula in the input
(which may call the scene's helpers); the plan computes every cell exactly with sympy and
writes it by the number rule (scenes/maths/table_values.py). No manim here: the Scene class
drawing the plan is scenes/templates/table.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, Steps, TemplateSchema
from scenes.maths import given, refusals
from scenes.maths.narration_values import SaidValue, caption_formula
from scenes.maths.plan_values import hidden, latex
from scenes.maths.spoken_math import spoken_expression
from scenes.maths.table_values import Cell, CellError, cell, undefined_cell, value_at, with_helpers
from scenes.plans import PlanRefusal, Template

# ---------------------------------------------------------------- the plan

# What still reads at 1080p once the table is shrunk to the frame (about size 24 and up).
MAX_ROWS = 12
MAX_COLUMNS = 6  # formula columns, beside the input column
# A heading longer than this many characters of text is set on more lines (math stays whole).
HEADING_LINE_CHARS = 16
RESERVED_VARIABLES = ("e", "E")
UNDEFINED_CHOICES = ("refuse", "show")
COLUMN_KEYS = ("formula",)
COLUMN_OPTIONAL_KEYS = ("heading", "said")

_VARIABLE = re.compile(r"[A-Za-z]")
_HEADING_WORDS = re.compile(r"\$[^$]*\$|\\\(.*?\\\)|\S+")


@dataclass(frozen=True)
class TableColumn:
    """One computed column: its heading (text, math in $...$) on one or more lines, the
    formula it is computed from, the name a sentence gives it, and its cells (one per input)."""

    heading: str
    heading_lines: tuple[str, ...]
    formula_latex: str
    said: SaidValue
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class TablePlan:
    name: str
    caption: str  # "" for none
    variable: str  # the input's one-letter name, the first column's heading
    inputs: tuple[Cell, ...]
    inputs_said: SaidValue  # "-2, -1, 0, 1 and 2", as the first column writes them
    columns: tuple[TableColumn, ...]
    columns_said: SaidValue  # the columns' names, "S(x) and S(x)·(1 - S(x))"
    # every cell's full value, by row then column (None: undefined there)
    values: tuple[tuple[float | None, ...], ...] = hidden()

    @property
    def row_count(self) -> int:
        return len(self.inputs)

    def row(self, index: int) -> tuple[Cell, ...]:
        """The cells of one row, input first."""
        return (self.inputs[index], *(column.cells[index] for column in self.columns))

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """FillTheRows is said one row at a time: the row's input ({input}, or by the
        variable's own name, {x}), its cells one by one ({column_1}, ...), and all of them
        with their columns' names ({values}: "S(x) is 0.731 and ..."), as the row shows them."""
        if beat != "FillTheRows":
            return ()
        steps = []
        for index, input_cell in enumerate(self.inputs):
            cells = [column.cells[index] for column in self.columns]
            values: dict[str, Any] = {
                "input": _said(input_cell),
                self.variable: _said(input_cell),
                "values": _joined(
                    [
                        SaidValue(
                            f"{column.said.written} is {c.written}",
                            f"{column.said.spoken} is {c.spoken}",
                        )
                        for column, c in zip(self.columns, cells, strict=True)
                    ]
                ),
            }
            values.update({f"column_{n}": _said(c) for n, c in enumerate(cells, start=1)})
            steps.append(values)
        return tuple(steps)


def _said(c: Cell) -> SaidValue:
    return SaidValue(c.written, c.spoken)


def _joined(items: list[SaidValue]) -> SaidValue:
    def join(parts: list[str]) -> str:
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    return SaidValue(join([i.written for i in items]), join([i.spoken for i in items]))


def build_plan(scene: SceneContent) -> TablePlan:
    p = scene.params
    helpers: dict[str, sympy.Expr] = dict(p["helpers"] or {})
    variable = _variable(p["variable"], helpers)
    symbol = sympy.Symbol(variable, real=True)
    inputs: tuple[sympy.Expr, ...] = p["inputs"]
    if len(inputs) > MAX_ROWS:
        raise PlanRefusal(
            "inputs",
            f"lists {len(inputs)} inputs; a table shows at most {MAX_ROWS} rows readably, "
            "so split it into two scenes.",
            list(inputs),
        )
    for index, value in enumerate(inputs):
        if value in inputs[:index]:
            raise PlanRefusal(
                f"inputs[{index}]", f"= {refusals.shown(value)} is listed twice.", value
            )
    records = p["columns"]
    if not records:
        raise PlanRefusal("columns", "lists no columns; give at least one formula.", [])
    if len(records) > MAX_COLUMNS:
        raise PlanRefusal(
            "columns",
            f"lists {len(records)} columns; a table shows at most {MAX_COLUMNS} beside "
            "its inputs readably, so split it into two scenes.",
            None,
        )
    show_undefined = p["undefined"] == "show"
    inputs_shown = tuple(_input_cell(index, value) for index, value in enumerate(inputs))
    columns = []
    values: list[list[float | None]] = [[c.value] for c in inputs_shown]
    for index, record in enumerate(records):
        key = f"columns[{index}]"
        column = _column(key, record, variable, symbol, helpers, inputs, show_undefined)
        columns.append(column)
        for row, c in zip(values, column.cells, strict=True):
            row.append(c.value)
    return TablePlan(
        name=scene.name,
        caption=p["caption"],
        variable=variable,
        inputs=inputs_shown,
        inputs_said=_joined([_said(c) for c in inputs_shown]),
        columns=tuple(columns),
        columns_said=_joined([column.said for column in columns]),
        values=tuple(tuple(row) for row in values),
    )


def _variable(text: str, helpers: Mapping[str, sympy.Expr]) -> str:
    """The input's name: one letter, not e (Euler's number) nor a helper's name."""
    if not _VARIABLE.fullmatch(text) or text in RESERVED_VARIABLES:
        raise PlanRefusal("variable", 'is not one letter other than e, such as "x" or "n".', text)
    if text in helpers:
        raise PlanRefusal(
            "variable", f"is also the name of a helper, {text}(x); choose another letter.", text
        )
    return text


def _input_cell(index: int, value: sympy.Expr) -> Cell:
    try:
        return cell(value)
    except CellError as error:
        raise PlanRefusal(f"inputs[{index}]", f"{error}.", value) from None


def _column(
    key: str,
    record: Mapping[str, Any],
    variable: str,
    symbol: sympy.Symbol,
    helpers: Mapping[str, sympy.Expr],
    inputs: tuple[sympy.Expr, ...],
    show_undefined: bool,
) -> TableColumn:
    given.fields(key, record, COLUMN_KEYS, COLUMN_OPTIONAL_KEYS)
    formula_key = f"{key}.formula"
    written = given.formula(formula_key, record["formula"], (variable,), tuple(helpers))
    as_written = given.formula(
        formula_key, record["formula"], (variable,), tuple(helpers), evaluate=False
    )
    expr = with_helpers(written, helpers)
    cells = []
    for value in inputs:
        try:
            cells.append(cell(value_at(expr, symbol, value)))
        except CellError as error:
            undefined = str(error) in ("is undefined", "is not a real number")
            if undefined and show_undefined:
                cells.append(undefined_cell())
                continue
            where = f"{variable} = {refusals.shown(value)}"
            remedy = (
                f'take {refusals.shown(value)} out of inputs, or set undefined = "show" to '
                "show the cell as undefined"
                if undefined
                else f"take {refusals.shown(value)} out of inputs"
            )
            raise PlanRefusal(
                formula_key,
                f'= "{record["formula"]}" {error} at {where}, which inputs lists; {remedy}.',
                record["formula"],
            ) from None
    formula_latex = latex(as_written)
    heading = (
        given.text(f"{key}.heading", record["heading"])
        if "heading" in record
        else rf"$\displaystyle {formula_latex}$"
    )
    if "said" in record:
        said_text = given.text(f"{key}.said", record["said"])
        said = SaidValue(said_text, said_text)
    else:
        said = SaidValue(caption_formula(written), spoken_expression(written))
    return TableColumn(
        heading=heading,
        heading_lines=heading_lines(heading),
        formula_latex=formula_latex,
        said=said,
        cells=tuple(cells),
    )


def heading_lines(text: str, width: int = HEADING_LINE_CHARS) -> tuple[str, ...]:
    """A heading cut into lines of about `width` characters at the spaces between words;
    math ($...$ or \\(...\\)) is never cut."""
    lines: list[str] = []
    for word in _HEADING_WORDS.findall(text):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines) or (text,)


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="Table",
    group="Tables",
    chapter="A table of values",
    description="A table computed from formulas: one column per formula, one row per input.",
    beats=("ShowTheHeadings", "FillTheRows"),
    example_narration=(
        "Each column is computed from {variable}: {columns_said}.",
        "We fill the table one row at a time.",
    ),
    params=(
        Param("variable", Kind.TEXT, "x", "the input's one-letter name, the first heading"),
        Param("inputs", Kind.NUMBER_LIST, [-2, -1, 0, 1, 2], "the inputs, one row each"),
        Param(
            "helpers",
            Kind.HELPERS,
            {"S": "1/(1 + exp(-x))"},
            "one-letter functions the column formulas may call, such as S(x)",
        ),
        Param(
            "columns",
            Kind.RECORDS,
            [
                {"heading": "$S(x)$", "formula": "S(x)"},
                {"heading": r"$S(x)\,(1 - S(x))$", "formula": "S(x)*(1 - S(x))"},
            ],
            "the computed columns: { formula = ... } in the input, with an optional heading "
            "(text, math in $...$; default: the formula) and said (how the voice names it)",
        ),
        Param("caption", Kind.TEXT, "", "a line above the table (empty: none)"),
        Param(
            "undefined",
            Kind.CHOICE,
            "refuse",
            'where a formula is undefined at an input: "refuse" the lecture, or "show" the '
            "cell as undefined",
            choices=UNDEFINED_CHOICES,
        ),
    ),
    steps=(Steps("FillTheRows", "row", "At {variable} equals {input}, {values}."),),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.table:Table")
