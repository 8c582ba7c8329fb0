"""Tables of the notes: a table of slopes for shrinking steps becomes a SecantConvergence,
a table whose headings are formulas a Table; every cell is checked, a wrong one reported."""

from __future__ import annotations

import re
from collections.abc import Sequence

import sympy

from scenes.maths.calculus import MathError, secant_study
from scenes.notes.document import Table
from scenes.notes.latex import formula_text
from scenes.notes.written import (
    agrees,
    cell_number,
    cell_value,
    column_variable,
    header_formula,
    plain_cell,
    written_number,
    y_extent,
)

PAD = 0.5  # around what a graph must show, in its units
SLOPE_WORDS = ("slope", "secant", "rise", "run", "delta", "Δ")


class TableMapping:
    """A section run's tables, mixed into drafting's _SectionRun, whose drafter (`d`),
    section text and `_scene` / `_take_prose` it uses."""

    def _table(self, table: Table) -> None:
        where = f"line {table.line}"
        if self._secant_table(table, where) or self._formula_table(table, where):
            return
        self.d._left(table.line, f"{where}: a table with no formula to compute it from")

    def _secant_table(self, table: Table, where: str) -> bool:
        steps = [cell_number(row[0]) for row in table.rows]
        if not steps or any(s is None or s == 0 for s in steps) or len(table.header) < 2:
            return False
        if not any(
            word in " ".join(table.header).lower() + self.section_text for word in SLOPE_WORDS
        ):
            return False
        for fname, body in reversed(list(self.d.bound.functions.items())):
            for x0 in self._candidate_points():
                try:  # the math core's secant table, as the scene will show it
                    rows = secant_study(body, x0, steps).rows
                except MathError:
                    continue
                columns = self._matching_columns(table, [row.slope for row in rows])
                if columns is None:
                    continue
                x_low = min(x0, x0 + min(steps), 0) - PAD
                x_high = max(x0, x0 + max(steps), 0) + PAD
                y_low, y_high = y_extent(body, x_low, x_high)
                params = {
                    "function": formula_text(body),
                    "x0": written_number(x0),
                    "step_sizes": [written_number(s) for s in steps],
                    "x_range": [written_number(x_low), written_number(x_high)],
                    "y_range": [written_number(y_low), written_number(y_high)],
                }
                checked, wrong = columns
                for line in wrong:  # reported above the scene that shows the table
                    self.d._left(table.line, line)
                scene = self._scene("SecantConvergence", params)
                scene.narration["DrawTheCurve"] = " ".join(self._take_prose())
                scene.source.append(
                    f"{where}: the table of slopes of {fname} at x = {written_number(x0)}, "
                    f"{len(steps)} rows; {checked} cells checked by sympy"
                    + (f", {len(wrong)} not equal (reported)" if wrong else "")
                    + (" (its elided rows are the limit)" if table.elided else "")
                )
                return True
        return False

    def _candidate_points(self) -> list[sympy.Expr]:
        values = self.d.bound.values
        names = ["x0", "x_0", "x", "a"]
        found = [values[n] for n in names if n in values]
        return found or [sympy.Integer(0)]

    def _matching_columns(
        self, table: Table, slopes: Sequence[sympy.Expr]
    ) -> tuple[int, list[str]] | None:
        """Cells checked against the slopes: None unless some column is the slopes."""
        checked, wrong, matched = 0, [], False
        for column in range(1, len(table.header)):
            cells = [cell_value(row[column]) if column < len(row) else None for row in table.rows]
            if any(cell is None for cell in cells):
                continue
            agree = [
                agrees(row[column], cell, slope)
                for row, cell, slope in zip(table.rows, cells, slopes, strict=True)
            ]
            if sum(agree) >= max(2, len(agree) - 1):  # a typo in one row is still this column
                matched = True
            checked += len(cells)
            for number, (ok, cell, slope) in enumerate(zip(agree, cells, slopes, strict=True)):
                if not ok:
                    written = plain_cell(table.rows[number][column])
                    value = (
                        "" if re.fullmatch(r"-?[\d.]+", written) else f" is {written_number(cell)},"
                    )
                    wrong.append(
                        f"table row {number + 1}, column {plain_cell(table.header[column])}: "
                        f"{written}{value} not the slope {written_number(slope)}; kept out, "
                        "for you to correct"
                    )
        return (checked, wrong) if matched else None

    def _formula_table(self, table: Table, where: str) -> bool:
        """A table whose column headings are formulas in its first column's variable."""
        inputs = [cell_number(row[0]) for row in table.rows]
        if not inputs or any(i is None for i in inputs):
            return False
        variable = column_variable(table.header[0])
        if variable is None:
            return False
        columns, wrong = [], []
        for column in range(1, len(table.header)):
            formula = header_formula(table.header[column], variable, self.d.bound)
            if formula is None:
                wrong.append(f"column {plain_cell(table.header[column])}: no formula")
                continue
            for number, row in enumerate(table.rows):
                cell = cell_value(row[column]) if column < len(row) else None
                expected = formula.subs(sympy.Symbol(variable), inputs[number])
                if cell is not None and not agrees(row[column], cell, expected):
                    wrong.append(
                        f"table row {number + 1}, column {plain_cell(table.header[column])}: "
                        f"{plain_cell(row[column])} is not {written_number(expected)}"
                    )
            columns.append({"heading": table.header[column], "formula": formula_text(formula)})
        if not columns:
            return False
        params = {
            "variable": variable,
            "inputs": [written_number(i) for i in inputs],
            "columns": columns,
        }
        for line in wrong:
            self.d._left(table.line, line)
        scene = self._scene("Table", params)
        scene.narration["FillTheRows"] = " ".join(self._take_prose())
        scene.source.append(
            f"{where}: a table of {len(inputs)} rows, {len(columns)} computed columns"
        )
        return True
