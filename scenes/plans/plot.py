"""Several functions on one plot, and what is marked on them: Plot's plan and schema.

The plan reads the content's functions and its list of elements (a point, a tangent, an
area, a marker line, a sliding dot), checks each against the plotted window, and computes
every number shown with sympy: values, derivatives, definite integrals. No manim here: the
Scene class drawing the plan is scenes/templates/plot.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from scenes.content.loader import SceneContent
from scenes.content.schema import Kind, Param, Steps, TemplateSchema
from scenes.maths import calculus as calc
from scenes.maths import drawable, given, refusals
from scenes.maths import plot_elements as plot
from scenes.maths.narration_values import SaidValue
from scenes.maths.plan_values import Curve, curve, hidden, latex, tick_step, value_range
from scenes.maths.refusals import Refusal
from scenes.plans import Template

# ---------------------------------------------------------------- the plan

GRAPH_X_TICKS = 8
GRAPH_Y_TICKS = 6
# The functions' colours, in order, as the voice names them (the scene draws them in
# scenes/templates/plot.py's PALETTE, the same order).
COLOUR_NAMES = ("blue", "orange", "teal", "pink", "lilac", "gold", "green", "purple")
KINDS = ("point", "tangent", "area", "vline", "hline", "tracker")
TRACKER_SAMPLES = 201  # where the sliding dot's path is checked against the window
MAX_LEGEND_LENGTH = 80  # characters of one legend line (a formula's LaTeX or a label)
READOUT_DIGITS = 3  # the tracker's live numbers show about this many significant digits


@dataclass(frozen=True)
class PlottedFunction:
    """One function of the plot: its name, colour, legend and values."""

    name: str
    colour: str  # its colour's name (the scene's PALETTE, in the same order)
    index: int
    formula_latex: str  # "s(x) = \frac{x}{1 + e^{-x}}"
    label: str | None  # the content's legend text; None: the legend shows the formula
    formula: sympy.Expr = hidden()
    f: Curve = hidden()


@dataclass(frozen=True)
class Mark:
    """One element added to the plot. `kind` is one of KINDS; `start`/`end` are the x (or, for
    an hline, y) it spans; `value` what it measures (the point's height, the slope, the
    area, the tracked function's value at `end`, the line's own position)."""

    kind: str
    function: str | None  # the function it marks; None for a marker line
    other: str | None  # an area between two functions: the second one
    start: float
    end: float
    height: float  # the marked point's height (the point, the tangent's point, the end)
    value: float
    label_latex: str  # its label ("" where it has none)
    label_is_text: bool  # an author's text (typeset as text) rather than a formula
    said: Mapping[str, SaidValue] = hidden()  # its step's values, for the narration


@dataclass(frozen=True)
class PlotPlan:
    name: str
    functions: tuple[PlottedFunction, ...]
    marks: tuple[Mark, ...]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_step: float
    y_step: float
    x_places: int  # decimals of the tracker's live x
    y_places: int  # and of its live f(x)
    count: int  # how many functions

    def step_values(self, beat: str) -> tuple[Mapping[str, Any], ...]:
        """PlotTheFunctions is said one function at a time, AddTheElements one element at
        a time."""
        if beat == "PlotTheFunctions":
            return tuple(
                {
                    "name": SaidValue(f.name, f.name),
                    "colour": SaidValue(f.colour, f.colour),
                    "formula": f.formula,
                }
                for f in self.functions
            )
        if beat == "AddTheElements":
            return tuple(mark.said for mark in self.marks)
        return ()

    def function(self, name: str) -> PlottedFunction:
        return next(f for f in self.functions if f.name == name)


def build_plan(scene: SceneContent) -> PlotPlan:
    """The plan; every refusal one sentence, ending in a period as the loader's do."""
    try:
        return _plan(scene)
    except Refusal as refusal:
        if refusal.problem.endswith("."):
            raise
        raise Refusal(refusal.param, f"{refusal.problem}.", refusal.value) from None


def _plan(scene: SceneContent) -> PlotPlan:
    p = scene.params
    x_range, y_range = value_range(p["x_range"]), value_range(p["y_range"])
    formulas = plot.functions_of(p["functions"])
    if not formulas:
        raise Refusal("functions", 'is empty; give at least one, such as { f = "x^2" }', {})
    labels = _labels(p["labels"], formulas)
    functions = []
    for index, (name, expr) in enumerate(formulas.items()):
        key = f"functions.{name}"
        refusals.require_defined_on_range(key, expr, x_range)
        formula_latex = f"{name}(x) = {latex(expr)}"
        if labels.get(name) is None and len(formula_latex) > MAX_LEGEND_LENGTH:
            raise Refusal(
                key,
                f"is too long to write in the legend ({len(formula_latex)} characters of "
                f"LaTeX, at most {MAX_LEGEND_LENGTH}); give it a short text in labels",
                expr,
            )
        functions.append(
            PlottedFunction(
                name=name,
                colour=COLOUR_NAMES[index % len(COLOUR_NAMES)],
                index=index,
                formula_latex=formula_latex,
                label=labels.get(name),
                formula=expr,
                f=curve(expr),
            )
        )
    window = _Window(formulas, p["x_range"], p["y_range"])
    marks = tuple(window.mark(f"elements[{i}]", record) for i, record in enumerate(p["elements"]))
    return PlotPlan(
        name=scene.name,
        functions=tuple(functions),
        marks=marks,
        x_range=x_range,
        y_range=y_range,
        x_step=tick_step(x_range[1] - x_range[0], GRAPH_X_TICKS),
        y_step=tick_step(y_range[1] - y_range[0], GRAPH_Y_TICKS),
        x_places=_places(x_range),
        y_places=_places(y_range),
        count=len(functions),
    )


def _places(bounds: tuple[float, float]) -> int:
    """Decimals that give a number on this range about READOUT_DIGITS significant digits."""
    largest = max(abs(bounds[0]), abs(bounds[1]), bounds[1] - bounds[0])
    return max(0, min(3, READOUT_DIGITS - 1 - math.floor(math.log10(largest))))


def _labels(records: tuple[Mapping[str, Any], ...], formulas: Mapping[str, Any]) -> dict[str, str]:
    """The legend texts by function name: [{ r = "ReLU", s = "SiLU" }]."""
    found: dict[str, str] = {}
    for i, record in enumerate(records):
        for name, text in record.items():
            key = f"labels[{i}].{name}"
            if name not in formulas:
                raise Refusal(
                    key, f"names no function; the functions are {', '.join(formulas)}", text
                )
            if name in found:
                raise Refusal(key, f"gives {name} a second legend text", text)
            found[name] = given.text(key, text)
            if len(found[name]) > MAX_LEGEND_LENGTH:
                raise Refusal(
                    key,
                    f"is too long for one legend line ({len(found[name])} characters, at "
                    f"most {MAX_LEGEND_LENGTH})",
                    text,
                )
    return found


class _Window:
    """Reads each element against the functions and the plotted window."""

    def __init__(
        self,
        formulas: Mapping[str, sympy.Expr],
        x_range: tuple[sympy.Expr, sympy.Expr],
        y_range: tuple[sympy.Expr, sympy.Expr],
    ) -> None:
        self.formulas = formulas
        self.x_range, self.y_range = value_range(x_range), value_range(y_range)

    def mark(self, key: str, record: Mapping[str, Any]) -> Mark:
        kind = given.one_of(key, record, KINDS)
        reader = {
            "point": self.point,
            "tangent": self.tangent,
            "area": self.area,
            "vline": self.line,
            "hline": self.line,
            "tracker": self.tracker,
        }[kind]
        return reader(key, record, kind)

    # ------------------------------------------------------------ what each key holds

    def name(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or value not in self.formulas:
            raise Refusal(
                key,
                f"= {json.dumps(value)} names no function of this scene; it may name "
                f"{' or '.join(self.formulas)}",
                value,
            )
        return value

    def x(self, key: str, value: Any) -> sympy.Expr:
        at = given.number(key, value)
        if not drawable.inside(float(at), self.x_range):
            raise Refusal(
                key,
                f"= {refusals.shown(at)} lies outside x_range = {_range(self.x_range)}, off "
                "the picture; choose an x inside it or widen x_range",
                value,
            )
        return at

    def height(self, key: str, at: sympy.Expr, name: str) -> sympy.Expr:
        y = plot.value_at(self.formulas[name], at)
        point = f"the point ({refusals.shown(at)}, {name}({refusals.shown(at)}))"
        refusals.require_height_in_range(key, at, point, float(sympy.N(y)), self.y_range)
        return y

    # ------------------------------------------------------------ the elements

    def point(self, key: str, record: Mapping[str, Any], kind: str) -> Mark:
        given.fields(key, record, ("point", "at"))
        name = self.name(f"{key}.point", record["point"])
        at = self.x(f"{key}.at", record["at"])
        y = self.height(f"{key}.at", at, name)
        x_shown, y_shown = plot.shown(at), plot.shown(y)
        sentence = (
            f"At x equals {{x}}, {name} of x is {y_shown.about}{{y}}.",
            {"x": x_shown, "y": y_shown},
        )
        return _mark(
            kind,
            name,
            None,
            at,
            at,
            y,
            y,
            rf"\left({x_shown.latex},\ {y_shown.latex}\right)",
            sentence,
        )

    def tangent(self, key: str, record: Mapping[str, Any], kind: str) -> Mark:
        given.fields(key, record, ("tangent", "at"))
        name = self.name(f"{key}.tangent", record["tangent"])
        at = self.x(f"{key}.at", record["at"])
        expr = self.formulas[name]
        refusals.require_derivative(f"{key}.at", at, expr, {calc.X: at})
        y = self.height(f"{key}.at", at, name)
        slope = plot.slope_at(expr, at)
        x_shown, slope_shown = plot.shown(at), plot.shown(slope)
        sentence = (
            f"At x equals {{x}}, the slope of {name} is {slope_shown.about}{{slope}}.",
            {"x": x_shown, "slope": slope_shown},
        )
        label = f"{name}'({x_shown.latex}) {slope_shown.relation} {slope_shown.latex}"
        return _mark(kind, name, None, at, at, y, slope, label, sentence)

    def area(self, key: str, record: Mapping[str, Any], kind: str) -> Mark:
        given.fields(key, record, ("area", "from", "to"), ("between",))
        name = self.name(f"{key}.area", record["area"])
        start = self.x(f"{key}.from", record["from"])
        end = self.x(f"{key}.to", record["to"])
        if not end > start:
            raise Refusal(
                f"{key}.to",
                f"= {refusals.shown(end)} is not larger than from = {refusals.shown(start)}; "
                "the area runs from left to right",
                record["to"],
            )
        other = None
        integrand = self.formulas[name]
        if "between" in record:
            other = self.name(f"{key}.between", record["between"])
            if other == name:
                raise Refusal(
                    f"{key}.between",
                    f'= "{other}" is the function itself; name another function',
                    other,
                )
            integrand = integrand - self.formulas[other]
        area = plot.integral(integrand, start, end)
        shown = plot.shown(area)
        a, b = plot.shown(start), plot.shown(end)
        what = f"({name} - {other})" if other else name
        label = rf"\int_{{{a.latex}}}^{{{b.latex}}} {what}\,dx {shown.relation} {shown.latex}"
        words = f"between {name} and {other}" if other else f"under {name}"
        sentence = (
            f"The area {words} from x equals {{start}} to {{end}} is {shown.about}{{area}}.",
            {"start": a, "end": b, "area": shown},
        )
        return _mark(kind, name, other, start, end, 0, area, label, sentence)

    def line(self, key: str, record: Mapping[str, Any], kind: str) -> Mark:
        given.fields(key, record, (kind,), ("label",))
        axis, bounds = ("x", self.x_range) if kind == "vline" else ("y", self.y_range)
        at = given.number(f"{key}.{kind}", record[kind])
        if not drawable.inside(float(at), bounds):
            raise Refusal(
                f"{key}.{kind}",
                f"= {refusals.shown(at)} lies outside {axis}_range = {_range(bounds)}, off "
                f"the picture; choose {'an' if axis == 'x' else 'a'} {axis} inside it or widen "
                f"{axis}_range",
                record[kind],
            )
        shown = plot.shown(at)
        text = given.text(f"{key}.label", record["label"]) if "label" in record else None
        direction = "vertical" if kind == "vline" else "horizontal"
        sentence = (f"A {direction} line marks {axis} equals {{value}}.", {"value": shown})
        label = text if text is not None else f"{axis} {shown.relation} {shown.latex}"
        return _mark(kind, None, None, at, at, at, at, label, sentence, is_text=text is not None)

    def tracker(self, key: str, record: Mapping[str, Any], kind: str) -> Mark:
        given.fields(key, record, ("tracker", "from", "to"))
        name = self.name(f"{key}.tracker", record["tracker"])
        start = self.x(f"{key}.from", record["from"])
        end = self.x(f"{key}.to", record["to"])
        if start == end:
            raise Refusal(
                f"{key}.to",
                f"= {refusals.shown(end)} equals from; the dot needs somewhere to slide",
                record["to"],
            )
        f = curve(self.formulas[name])
        xs = np.linspace(float(start), float(end), TRACKER_SAMPLES)
        path = np.column_stack([xs, [f(float(x)) for x in xs]])
        refusals.require_path_inside(
            f"{key}.to", record["to"], path, self.x_range, self.y_range, "the sliding dot"
        )
        y_end = plot.value_at(self.formulas[name], end)
        a, b = plot.shown(start), plot.shown(end)
        value = plot.shown_to_places(y_end, _places(self.y_range))  # as the readout stops
        sentence = (
            f"A dot slides along {name} from x equals {{start}} to {{end}}, where {name} of x "
            f"is {value.about}{{value}}.",
            {"start": a, "end": b, "value": value},
        )
        return _mark(kind, name, None, start, end, y_end, y_end, "", sentence)


def _range(bounds: tuple[float, float]) -> str:
    return f"[{refusals.rounded(bounds[0])}, {refusals.rounded(bounds[1])}]"


def _mark(
    kind: str,
    function: str | None,
    other: str | None,
    start: sympy.Expr,
    end: sympy.Expr,
    height: sympy.Expr,
    value: sympy.Expr,
    label: str,
    sentence: tuple[str, Mapping[str, plot.Shown]],
    is_text: bool = False,
) -> Mark:
    """A mark with its step's values: the whole sentence (`element`), each number, the kind
    and the function's name."""
    text, numbers = sentence
    said = {name: shown.said for name, shown in numbers.items()}
    written = text.format(**{name: s.written for name, s in said.items()})
    spoken = text.format(**{name: s.spoken for name, s in said.items()})
    values: dict[str, SaidValue] = {
        "element": SaidValue(written, spoken),
        "kind": SaidValue(kind, kind),
        **said,
    }
    if function is not None:
        values["name"] = SaidValue(function, function)
    return Mark(
        kind=kind,
        function=function,
        other=other,
        start=float(sympy.N(start)),
        end=float(sympy.N(end)),
        height=float(sympy.N(height)),
        value=float(sympy.N(value)),
        label_latex=label,
        label_is_text=is_text,
        said=values,
    )


# ---------------------------------------------------------------- the template

SCHEMA = TemplateSchema(
    name="Plot",
    group="Graphs",
    chapter="Functions side by side",
    description="Several functions on one plot, with points, tangents, areas, lines and a "
    "sliding dot added one at a time.",
    beats=("DrawTheAxes", "PlotTheFunctions", "AddTheElements"),
    example_narration=(
        "Two functions on one pair of axes.",
        "Each one in its own colour.",
        "Now look closer.",
    ),
    params=(
        Param(
            "functions",
            Kind.HELPERS,
            {"r": "(x + abs(x))/2", "s": "x/(1 + exp(-x))"},
            "one-letter names and formulas in x, each drawn in its own colour",
        ),
        Param(
            "labels",
            Kind.RECORDS,
            [],
            'legend texts by function name, e.g. [{ r = "ReLU", s = "SiLU" }]; a function '
            "left out shows its formula",
        ),
        Param("x_range", Kind.RANGE, [-4, 4], "the plotted x range"),
        Param("y_range", Kind.RANGE, [-1, 4], "the plotted y range"),
        Param(
            "elements",
            Kind.RECORDS,
            [
                {"point": "s", "at": 2},
                {"tangent": "s", "at": 0},
                {"area": "r", "between": "s", "from": -2, "to": 2},
                {"vline": 1},
                {"tracker": "s", "from": -3, "to": 3},
            ],
            "added one at a time, each one of: { point = NAME, at = X }, { tangent = NAME, "
            "at = X }, { area = NAME, from = A, to = B } (between = NAME for the area between "
            "two), { vline = X }, { hline = Y } (each with an optional label), { tracker = "
            "NAME, from = A, to = B }",
        ),
    ),
    steps=(
        Steps("PlotTheFunctions", "function", "Here is {name} of x, in {colour}."),
        Steps("AddTheElements", "element", "{element}"),
    ),
)

TEMPLATE = Template(SCHEMA, build_plan, "scenes.templates.plot:Plot")
