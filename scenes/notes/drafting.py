"""The notes' sections mapped to scenes of the template library, every element accounted for.

Walking each section in order, the drafter keeps what the notes define (functions, values,
surfaces) and turns each element into a scene or a step of one:
- a chain of equalities sympy can write and check: an EquationChain (a link that is not
  equal is kept as text, and reported: the notes' typo is the lecturer's to fix);
- the derivative of a function the notes named, worked step by step: a Derivation;
- a table of slopes for shrinking steps: a SecantConvergence, each cell checked;
  another table with a formula for a heading: a Table;
- a figure of a surface z = f(x, y): GradientSurface (and GradientDescentBall where the
  section descends it); of a function with its derivative: FunctionAndDerivative;
  of a function: a Plot;
- any other display equation: a step of a Statement, in the notes' own TeX;
- prose: the narration of the element it leads to, in the notes' own sentences.
Nothing here draws; the CLI plans what is drafted before writing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from scenes.notes import speech
from scenes.notes.checking import Bound, X, Y, check_chain, equal, value_of
from scenes.notes.document import Display, Figure, Items, Notes, Paragraph, Section, Table
from scenes.notes.latex import (
    LatexError,
    formula_text,
    has_calculus,
    parse_side,
    power_text,
    relation_sides,
)

MAX_POINTS = 4  # points a prose-only section shows
MAX_POINT_LENGTH = 160  # characters of a point; a longer first sentence is cut at a word
MAX_OUTLINE = 6
MAX_CHAIN_LINKS = 12
STATEMENT_ITEM = "{item}."  # the Statement's own sentence for an item: the item, said
LONG_LEAD = 700  # characters of prose before an element that get a picture of their own
MAX_STATEMENT_ITEMS = 5  # equations on one screen before a new one starts
MAX_STATEMENT_SAID = 1200  # characters of narration (a beat holds at most 2,000)
PAD = 0.5  # around what a graph must show, in its units
EXTENT_SAMPLES = 120  # points a graph's function is sampled at to fit its y range
PLOT_HALF_WIDTH = 3  # a plotted function is shown this far either side of its points
SLOPE_WORDS = ("slope", "secant", "rise", "run", "delta", "Δ")
DESCENT_WORDS = ("descent", "roll", "ball", "downhill")
_INLINE_MATH = re.compile(r"\$([^$]+)\$")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*$")


@dataclass
class DraftScene:
    """One scene of the draft: its template, parameters, narration and where it came from."""

    name: str
    template: str
    params: dict[str, Any]
    narration: dict[str, Any] = field(default_factory=dict)
    source: list[str] = field(default_factory=list)  # one line per element it shows
    parts: list[str] = field(default_factory=list)  # per step: its lead-in prose


@dataclass
class Draft:
    title: str
    scenes: list[DraftScene]
    report: list[str]  # one line per section, then one per element not mapped
    # comments to write before a scene (keyed by its name) or at the end ("")
    comments: dict[str, list[str]] = field(default_factory=dict)


def draft_lecture(notes: Notes) -> Draft:
    drafter = _Drafter(notes)
    return drafter.run()


class _Drafter:
    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.bound = Bound()
        self.named: dict[str, tuple[sympy.Expr, str | None]] = {}  # S -> (formula, tag)
        self.rule_tags: dict[str, str] = {}  # "chain" -> "(6)"
        self.scenes: list[DraftScene] = []
        self.report: list[str] = []
        self.comments: dict[str, list[str]] = {}
        self.pending_comments: list[str] = []
        self.used_names: set[str] = set()
        self.references_level: int | None = None

    # --- the whole notes ---------------------------------------------------------

    def run(self) -> Draft:
        title = self.notes.title or (self.notes.sections[0].title if self.notes.sections else "")
        self._title_scene(title)
        for section in self.notes.sections:
            self._section(section)
        if self.pending_comments:
            self.comments.setdefault("", []).extend(self.pending_comments)
        self._trace_identities()
        self._number_rules()
        return Draft(title, self.scenes, self.report, self.comments)

    def _trace_identities(self) -> None:
        """A graph of a function and its derivative traces the form its derivation ends
        at (S(x)*(1 - S(x))), wherever in the notes the derivation comes."""
        ends = {
            scene.params["name"]: scene.params["algebra_steps"][-1]
            for scene in self.scenes
            if scene.template == "Derivation" and scene.params.get("algebra_steps")
        }
        for scene in self.scenes:
            name = scene.params.get("name")
            if scene.template == "FunctionAndDerivative" and name in ends:
                scene.params["identity"] = [ends[name]]

    def _number_rules(self) -> None:
        """A derivation names each rule as it applies it with the notes' own number for
        it ("Chain rule (6)"), where the notes numbered the rule's equation."""
        if not self.rule_tags:
            return
        from scenes.plans import template

        (defaults,) = [
            p.default for p in template("Derivation").schema.params if p.name == "rule_labels"
        ]
        labels = []
        for label in defaults:
            key = label.split("=", 1)[0].strip()
            tag = self.rule_tags.get(key)
            labels.append(f"{label} {tag}" if tag else label)
        for scene in self.scenes:
            if scene.template == "Derivation":
                scene.params["rule_labels"] = labels

    def _title_scene(self, title: str) -> None:
        top = [
            s for s in self.notes.sections if s.level == min(x.level for x in self.notes.sections)
        ]
        outline = [s.title for s in top if not _is_references(s)][:MAX_OUTLINE]
        subtitle = " · ".join(self.notes.front[1:3]) if len(self.notes.front) > 1 else ""
        scene = self._new_scene(
            "Title", "LectureTitle", {"chapter": title, "title": title, "subtitle": subtitle}
        )
        if outline:
            scene.params["outline"] = outline
        scene.narration["ShowTheTitle"] = f"{speech.speakable(title)}."
        if outline:
            scene.narration["ListTheOutline"] = (
                "We will look at " + _listed([speech.speakable(t).lower() for t in outline]) + "."
            )
        self.report.append(f"title: LectureTitle {scene.name} ({title})")

    def _section(self, section: Section) -> None:
        label = f"{section.number + ' ' if section.number else ''}{section.title}"
        if self.references_level is not None and section.level > self.references_level:
            self.report.append(f"{label}: not drafted (part of the references)")
            return
        self.references_level = section.level if _is_references(section) else None
        if _is_references(section):
            self.report.append(f"{label}: not drafted (references)")
            self._left(section.line, f"{label}: a list of references, not narrated")
            return
        at = len(self.report)
        run = _SectionRun(self, section)
        made = run.walk()
        made_text = ", ".join(f"{s.template} {s.name}" for s in made) or "nothing"
        self.report.insert(at, f"{label}: {made_text}")

    # --- helpers for the section walk ---------------------------------------------

    def _new_scene(self, base: str, template: str, params: dict[str, Any]) -> DraftScene:
        name = _identifier(base)
        candidate, number = name, 2
        while candidate in self.used_names:
            candidate, number = f"{name}{number}", number + 1
        self.used_names.add(candidate)
        scene = DraftScene(candidate, template, params)
        if self.pending_comments:
            self.comments.setdefault(candidate, []).extend(self.pending_comments)
            self.pending_comments = []
        self.scenes.append(scene)
        return scene

    def _left(self, line: int, why: str) -> None:
        """An element not mapped: a report line and a comment where it would go."""
        self.report.append(f"  line {line}: {why}")
        self.pending_comments.append(f"line {line} of the notes: {why}")


@dataclass
class _Element:
    """A display equation read: its sides as sympy has them, or why it could not be read."""

    display: Display
    sides: list[Any]
    relations: tuple[str, ...]
    problem: str | None


class _SectionRun:
    """One section walked in order: prose waits for the element it leads to."""

    def __init__(self, drafter: _Drafter, section: Section) -> None:
        self.d = drafter
        self.section = section
        self.made: list[DraftScene] = []
        self.statement: DraftScene | None = None
        self.prose: list[str] = []  # sentences waiting for their element
        self.waiting: list[tuple[str, list[str]]] = []  # their paragraphs: (text, sentences)
        self.derivation: DraftScene | None = None
        self.derivation_name: str | None = None
        self.derivation_latex = ""
        self.current_line = section.line
        self.points: list[tuple[float, float]] = []
        self.captions = {b.number: b.caption for b in section.blocks if isinstance(b, Figure)}
        self.section_text = " ".join(
            b.text for b in section.blocks if isinstance(b, Paragraph)
        ).lower()

    def walk(self) -> list[DraftScene]:
        blocks = self.section.blocks
        has_elements = any(isinstance(b, Display | Table | Figure) for b in blocks)
        if not has_elements:
            self._prose_only()
            return self.made
        for block in blocks:
            self.current_line = block.line
            try:
                self._block(block)
            except (ArithmeticError, TypeError, ValueError, AttributeError, RecursionError) as e:
                # sympy meeting something no mapping foresaw: the element is reported, the
                # rest of the notes still drafted
                problem = str(e).splitlines()[0][:80] if str(e) else type(e).__name__
                self.d._left(block.line, f"not drafted: sympy could not work it out ({problem})")
        if self.prose and self.made:
            self._say_after(self.made[-1], self.prose)
        elif self.prose:
            self.d._left(self.section.line, "prose with nothing to show it with")
        self.prose = []
        return self.made

    def _block(self, block: Any) -> None:
        if isinstance(block, Paragraph):
            self._learn_inline(block.text)
            if not self._said_with_its_figure(block.text):
                said = _lead_in(block.text)
                self.prose.extend(said)
                self.waiting.append((block.text, said))
        elif isinstance(block, Display):
            self._display(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Figure):
            self._figure(block)
        elif isinstance(block, Items):
            said = [s for item in block.items for s in speech.sentences(item)]
            self.prose.extend(said)
            self.waiting.append(("; ".join(block.items), said))
        else:
            self.d._left(block.line, "a code block, shown nowhere (code is never run)")

    # --- prose ------------------------------------------------------------------

    def _said_with_its_figure(self, text: str) -> bool:
        """Prose pointing at a figure the scene just made draws ("taking secant lines...
        (See Figure 1.)") is said while that scene shows it, not before the next element."""
        last = self.made[-1] if self.made else None
        if last is None or last.template not in FIGURE_BEATS:
            return False
        for number in re.findall(r"Fig(?:ure|\.)\s*(\d+)", text):
            caption = self.captions.get(number, "").lower()
            beat = next((b for word, b in FIGURE_BEATS[last.template] if word in caption), None)
            if beat:
                said = " ".join(_lead_in(text))
                last.narration[beat] = _joined(last.narration.get(beat, ""), said)
                return True
        return False

    def _prose_only(self) -> None:
        paragraphs = [b for b in self.section.blocks if isinstance(b, Paragraph | Items)]
        points, parts = [], []
        for block in paragraphs:
            texts = block.items if isinstance(block, Items) else (block.text,)
            for text in texts:
                said = speech.sentences(text)
                if not said:
                    continue
                if len(points) < MAX_POINTS:
                    points.append({"point": _point(text)})
                    parts.append(" ".join(said))
                else:
                    parts[-1] += " " + " ".join(said)
        if not points:
            self.d._left(self.section.line, f"{self.section.title}: a heading with no text")
            return
        scene = self._scene("Statement", {"heading": self.section.title, "items": points})
        scene.narration["ShowTheHeading"] = f"{speech.speakable(self.section.title)}."
        scene.parts = parts
        scene.source.append(f"the prose of {self.section.title}, one point per paragraph")

    def _learn_inline(self, text: str) -> None:
        """Inline definitions bind names for later checks: $f(x) = x^2$, $x_0 = 1$, $(1,1)$."""
        for latex in _INLINE_MATH.findall(text):
            relation = relation_sides(latex)
            if len(relation.sides) == 1:
                point = _point_of(latex)
                if point is not None:
                    self.points.append(point)
                continue
            if len(relation.sides) != 2 or relation.relations != ("=",):
                continue
            try:
                left, right = (parse_side(side) for side in relation.sides)
            except LatexError:
                continue
            self._bind(left, right)

    def _bind(self, left: Any, right: Any) -> str | None:
        """`f(x) = ...`, `z = ...(x, y)`, `x_0 = 1`: what the name is now, or None."""
        if isinstance(left, tuple) or isinstance(right, tuple) or has_calculus(right):
            return None
        closed = not right.atoms(AppliedUndef)  # f(x) = g(x) + 1 defines nothing computable
        if isinstance(left, AppliedUndef) and left.args == (X,) and right.free_symbols <= {X}:
            if not closed:
                return None
            name = type(left).__name__
            if "'" in name:
                return None
            self.d.bound.functions[name] = sympy.sympify(right)
            return name
        if isinstance(left, sympy.Symbol) and right.free_symbols and right.free_symbols <= {X, Y}:
            self.d.bound.surfaces[left.name] = sympy.sympify(right)
            return left.name
        if isinstance(left, sympy.Symbol) and not right.free_symbols and left not in (X, Y):
            self.d.bound.values[left.name] = sympy.nsimplify(sympy.sympify(right))
            return left.name
        return None

    # --- display equations ---------------------------------------------------------

    def _read(self, display: Display) -> _Element:
        relation = relation_sides(display.latex)
        sides: list[Any] = []
        for index, latex in enumerate(relation.sides):
            if index == 0 and not latex:
                sides.append(None)  # a continued chain: "= ..."
                continue
            try:
                sides.append(_negated_vector(latex) or parse_side(latex))
            except LatexError as error:
                return _Element(display, [], relation.relations, f"side {index + 1} {error}")
        return _Element(display, sides, relation.relations, None)

    def _display(self, display: Display) -> None:
        element = self._read(display)
        where = f"line {display.line}" + (f" {display.tag}" if display.tag else "")
        if element.problem:
            self._statement_tex(display, f"{where}: kept as TeX ({element.problem})")
            return
        sides = element.sides
        if self._derivation(element, where):
            return
        self._learn_rule(element)
        if len(sides) == 2 and sides[0] is not None and element.relations == ("=",):
            defined = self._bind(sides[0], sides[1])
            if defined:
                tag = display.tag
                if defined in self.d.bound.functions:
                    self.d.named[defined] = (self.d.bound.functions[defined], tag)
                self._statement_tex(display, f"{where}: defines {defined}")
                return
        if len(sides) >= 2 and self._equation_chain(element, where):
            return
        self._statement_tex(display, f"{where}: {self._checked(element)}")

    def _checked(self, element: _Element) -> str:
        sides = [s for s in element.sides if s is not None]
        if len(sides) < 2:
            return "an expression, shown as written"
        result = check_chain(sides, self.d.bound)
        if result.unequal:
            index, value, before = result.unequal[0]
            return (
                f"NOT EQUAL: side {index + 1} is {value}, the side before it {before}; "
                "kept as written for you to correct"
            )
        if result.checked and not result.unchecked:
            return f"checked by sympy: all {len(sides)} sides are equal"
        if result.checked:
            return f"checked by sympy where its names are bound ({len(result.checked)} sides)"
        return "shown as written (its names are general: nothing to check)"

    def _equation_chain(self, element: _Element, where: str) -> bool:
        """A chain sympy can write in the lecture's syntax and check: an EquationChain."""
        sides, relations = list(element.sides), list(element.relations)
        heading = ""
        if "≈" in relations:  # the approximated quantity goes to the heading
            last = len(relations) - 1 - relations[::-1].index("≈")
            kept = relation_sides(element.display.latex).sides
            heading = f"\\({' '.join(kept[: last + 1])} \\approx\\)"
            sides, relations = sides[last + 1 :], relations[last + 1 :]
        if sides and sides[0] is None:
            return False
        if len(sides) < 3 or len(sides) > MAX_CHAIN_LINKS:
            return False
        if any(isinstance(s, tuple) or has_calculus(s) for s in sides):
            return False
        result = check_chain(sides, self.d.bound)
        if not result.checked or result.unequal:
            if result.unequal:
                self.d._left(element.display.line, self._checked(element))
            return False
        links = [formula_text(side) for side in sides]
        used = set().union(*(sympy.sympify(s).free_symbols for s in sides))
        functions_used = {
            type(call).__name__ for s in sides for call in sympy.sympify(s).atoms(AppliedUndef)
        }
        values = {
            name: value for name, value in self.d.bound.values.items() if sympy.Symbol(name) in used
        }
        functions = {
            name: formula_text(self.d.bound.functions[name])
            for name in sorted(functions_used)
            if name in self.d.bound.functions
        }
        values.update(self._implied_values(used, values, functions))
        params: dict[str, Any] = {"links": links}
        if values:
            params["values"] = {k: _number(v) for k, v in values.items()}
        if functions:
            params["functions"] = functions
        params["heading"] = heading or self.section.title  # on screen while the lead-in is said
        self._close_statement()
        scene = self._scene("EquationChain", params)
        scene.narration["WriteTheChain"] = " ".join(self._take_prose())
        scene.source.append(
            f"{where}: a chain of {len(links)} links, {len(result.checked)} checked by sympy"
            + (f", {len(result.unchecked)} general (not checkable)" if result.unchecked else "")
        )
        return True

    def _implied_values(
        self, used: set, values: dict[str, sympy.Expr], functions: dict[str, str]
    ) -> dict[str, sympy.Expr]:
        """y0 and y1 are f(x0) and f(x1) where the notes bound x0 and x1."""
        implied = {}
        if len(functions) == 1:
            (body,) = [self.d.bound.functions[name] for name in functions]
            for name, value in values.items():
                if name.startswith("x") and sympy.Symbol("y" + name[1:]) in used:
                    implied["y" + name[1:]] = body.subs(X, value)
        return implied

    def _statement_tex(self, display: Display, line: str) -> None:
        if self.statement is not None and (
            len(self.statement.params["items"]) >= MAX_STATEMENT_ITEMS
            or sum(len(p) for p in self.statement.parts) > MAX_STATEMENT_SAID
        ):
            self.statement = None
        if self.statement is None:
            self.statement = self._scene("Statement", {"heading": self.section.title, "items": []})
            self.statement.narration["ShowTheHeading"] = f"{speech.speakable(self.section.title)}."
        item: dict[str, Any] = {"tex": display.latex}
        if display.tag:
            item["label"] = display.tag
        said = speech.speakable(f"${display.latex}$")
        if said:  # read as the prose's mathematics is: "S of x", not "S x"
            item["say"] = said
        self.statement.params["items"].append(item)
        self.statement.parts.append(" ".join(self._take_prose()))
        self.statement.source.append(line)

    def _close_statement(self) -> None:
        self.statement = None

    # --- derivations -------------------------------------------------------------

    def _derivation(self, element: _Element, where: str) -> bool:
        """The derivative of a function the notes named, and what follows it in the section."""
        first = element.sides[0]
        if self.derivation is not None:
            self._continue_derivation(element, where)
            return True
        if not isinstance(first, sympy.Derivative) or not self.d.named:
            return False
        argument = first.args[0]
        for name, (body, tag) in self.d.named.items():
            if has_calculus(argument) or argument.atoms(AppliedUndef):
                continue
            if equal(sympy.sympify(argument).doit(), body):
                self.derivation_latex = relation_sides(element.display.latex).sides[0]
                self._start_derivation(name, body, tag, argument, where)
                return True
        return False

    def _start_derivation(
        self, name: str, body: sympy.Expr, tag: str | None, argument: Any, where: str
    ) -> None:
        self._close_statement()
        params: dict[str, Any] = {"name": name, "function": formula_text(body)}
        # the form the notes differentiate, with its powers as the notes write them
        written = power_text(argument) if "^{-" in self.derivation_latex else None
        params["rewritten"] = [written or formula_text(argument)]
        params["algebra_steps"] = []
        params["equation_labels"] = [tag or "", "", ""]
        scene = self._scene("Derivation", params)
        scene.narration["StateTheFunction"] = " ".join(self._take_prose())
        self.derivation, self.derivation_name = scene, name
        scene.source.append(f"{where}: starts the derivative of {name}, rule by rule")

    def _continue_derivation(self, element: _Element, where: str) -> None:
        scene, name = self.derivation, self.derivation_name
        assert scene is not None and name is not None
        body = self.d.named[name][0]
        derivative = sympy.diff(body, X)
        said = " ".join(self._take_prose())
        first = element.sides[0]
        is_result = isinstance(first, AppliedUndef) and type(first).__name__ == f"{name}'"
        if is_result:
            labels = scene.params["equation_labels"]
            labels[1 if not labels[1] else 2] = element.display.tag or ""
        steps = scene.params["algebra_steps"]
        if not is_result and not steps and not labels_seen(scene):
            # still differentiating: the template derives these steps itself
            scene.narration.setdefault("DifferentiateStepByStep", "")
            scene.narration["DifferentiateStepByStep"] = _joined(
                scene.narration["DifferentiateStepByStep"], said
            )
            scene.source.append(f"{where}: a step of the derivative, derived again by the template")
            return
        if is_result and not steps and labels_seen(scene) == 1:
            scene.narration["SimplifyTheDerivative"] = said or scene.narration.get(
                "SimplifyTheDerivative", ""
            )
            scene.source.append(f"{where}: the derivative, checked by sympy")
            return
        kept = 0
        for side in element.sides[1 if is_result else 0 :]:
            if side is None:
                continue
            value = value_of(side, _with_named(self.d.bound, name, body))
            if value is not None and equal(value, derivative):
                text = formula_text(side)
                if text not in steps:
                    steps.append(text)
                    kept += 1
            else:
                self.d._left(element.display.line, f"{where}: a side not equal to {name}'(x)")
        scene.parts.append(said)
        scene.source.append(f"{where}: {kept} algebra steps, each checked equal to {name}'(x)")

    def _learn_rule(self, element: _Element) -> None:
        """d/dx(f + g), d/dx x^n, d/dx e^x, d/dx f(g(x)): the notes' rule numbers."""
        first = element.sides[0] if element.sides else None
        tag = element.display.tag
        if not tag or not isinstance(first, sympy.Derivative):
            return
        inside = first.args[0]
        if isinstance(inside, sympy.Add) and inside.atoms(AppliedUndef):
            self.d.rule_tags["sum"] = tag
        elif isinstance(inside, sympy.Pow) and inside.base == X:
            self.d.rule_tags["power"] = tag
        elif isinstance(inside, sympy.exp | sympy.Pow):
            self.d.rule_tags["exponential"] = tag
        elif isinstance(inside, AppliedUndef) and any(
            isinstance(a, AppliedUndef) for a in inside.args
        ):
            self.d.rule_tags["chain"] = tag

    # --- tables ------------------------------------------------------------------

    def _table(self, table: Table) -> None:
        where = f"line {table.line}"
        if self._secant_table(table, where) or self._formula_table(table, where):
            return
        self.d._left(table.line, f"{where}: a table with no formula to compute it from")

    def _secant_table(self, table: Table, where: str) -> bool:
        steps = [_cell_number(row[0]) for row in table.rows]
        if not steps or any(s is None or s == 0 for s in steps) or len(table.header) < 2:
            return False
        if not any(
            word in " ".join(table.header).lower() + self.section_text for word in SLOPE_WORDS
        ):
            return False
        for fname, body in reversed(list(self.d.bound.functions.items())):
            for x0 in self._candidate_points():
                slopes = [(body.subs(X, x0 + h) - body.subs(X, x0)) / h for h in steps]
                columns = self._matching_columns(table, slopes)
                if columns is None:
                    continue
                self._close_statement()
                x_low = min(x0, x0 + min(steps), 0) - PAD
                x_high = max(x0, x0 + max(steps), 0) + PAD
                y_low, y_high = _y_extent(body, x_low, x_high)
                params = {
                    "function": formula_text(body),
                    "x0": _number(x0),
                    "step_sizes": [_number(s) for s in steps],
                    "x_range": [_number(x_low), _number(x_high)],
                    "y_range": [_number(y_low), _number(y_high)],
                }
                checked, wrong = columns
                for line in wrong:  # reported above the scene that shows the table
                    self.d._left(table.line, line)
                scene = self._scene("SecantConvergence", params)
                scene.narration["DrawTheCurve"] = " ".join(self._take_prose())
                scene.source.append(
                    f"{where}: the table of slopes of {fname} at x = {_number(x0)}, "
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
            cells = [_cell_value(row[column]) if column < len(row) else None for row in table.rows]
            if any(cell is None for cell in cells):
                continue
            agree = [
                _agrees(row[column], cell, slope)
                for row, cell, slope in zip(table.rows, cells, slopes, strict=True)
            ]
            if sum(agree) >= max(2, len(agree) - 1):  # a typo in one row is still this column
                matched = True
            checked += len(cells)
            for number, (ok, cell, slope) in enumerate(zip(agree, cells, slopes, strict=True)):
                if not ok:
                    written = _plain_cell(table.rows[number][column])
                    value = "" if re.fullmatch(r"-?[\d.]+", written) else f" is {_number(cell)},"
                    wrong.append(
                        f"table row {number + 1}, column {_plain_cell(table.header[column])}: "
                        f"{written}{value} not the slope {_number(slope)}; kept out, for you "
                        "to correct"
                    )
        return (checked, wrong) if matched else None

    def _formula_table(self, table: Table, where: str) -> bool:
        """A table whose column headings are formulas in its first column's variable."""
        inputs = [_cell_number(row[0]) for row in table.rows]
        if not inputs or any(i is None for i in inputs):
            return False
        variable = _variable(table.header[0])
        if variable is None:
            return False
        columns, wrong = [], []
        for column in range(1, len(table.header)):
            formula = _header_formula(table.header[column], variable, self.d.bound)
            if formula is None:
                wrong.append(f"column {_plain_cell(table.header[column])}: no formula")
                continue
            for number, row in enumerate(table.rows):
                cell = _cell_value(row[column]) if column < len(row) else None
                expected = formula.subs(sympy.Symbol(variable), inputs[number])
                if cell is not None and not _agrees(row[column], cell, expected):
                    wrong.append(
                        f"table row {number + 1}, column {_plain_cell(table.header[column])}: "
                        f"{_plain_cell(row[column])} is not {_number(expected)}"
                    )
            columns.append({"heading": table.header[column], "formula": formula_text(formula)})
        if not columns:
            return False
        self._close_statement()
        params = {
            "variable": variable,
            "inputs": [_number(i) for i in inputs],
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

    # --- figures -----------------------------------------------------------------

    def _figure(self, figure: Figure) -> None:
        where = f"Figure {figure.number}".rstrip()
        caption = figure.caption
        self._learn_inline(caption)
        latex = _INLINE_MATH.findall(caption)
        surface = self._surface_in(latex)
        if surface is not None:
            self._surface_scenes(surface, where, caption)
            return
        drawn = [s for s in self.made if s.template in ("SecantConvergence",)]
        lowered = caption.lower()
        if drawn and any(w in lowered for w in ("secant", "tangent")):
            drawn[-1].source.append(f"{where} ({caption.strip()}): drawn by this scene")
            return
        if "derivative" in lowered and self.d.named:
            named = [n for n in self.d.named if _named_in(caption, n)] or list(self.d.named)[-1:]
            body = self.d.named[named[0]][0]
            self._function_and_derivative(named[0], body, where, caption)
            return
        plotted = self._plotted(latex, caption)
        if plotted is not None:
            self._plot(*plotted, where=where, caption=caption)
            return
        self.d._left(
            figure.line,
            f"{where} ({caption.strip()}): no picture of it is in the notes; "
            "add a Picture scene with its image",
        )

    def _plotted(self, latex: Iterable[str], caption: str) -> tuple[str, sympy.Expr] | None:
        """The function a figure plots: $y = ...$, $f(x) = ...$, $x^2$, or a name bound."""
        for piece in latex:
            relation = relation_sides(piece)
            try:
                sides = [parse_side(side) for side in relation.sides]
            except LatexError:
                continue
            if any(isinstance(side, tuple) for side in sides) or len(sides) > 2:
                continue
            body = sympy.sympify(sides[-1])
            if body.free_symbols != {X} or has_calculus(body) or body.atoms(AppliedUndef):
                continue
            left = sides[0] if len(sides) == 2 else None
            name = type(left).__name__ if isinstance(left, AppliedUndef) else "f"
            return name, body
        for name, body in self.d.bound.functions.items():
            if _named_in(caption, name) and len(name) > 0 and f"{name}(" in caption:
                return name, body
        return None

    def _plot(self, name: str, body: sympy.Expr, where: str, caption: str) -> None:
        """A Plot of the function, with the points the caption names on it (and their
        tangents where it speaks of one)."""
        self._close_statement()
        on_curve = [a for a, b in self.points if equal(body.subs(X, a), b)]
        elements: list[dict[str, Any]] = []
        for at in on_curve[:3]:
            elements.append({"point": name, "at": _number(at)})
            if "tangent" in caption.lower():
                elements.append({"tangent": name, "at": _number(at)})
        centre = sum(on_curve) / len(on_curve) if on_curve else 0
        x_range = [_number(centre - PLOT_HALF_WIDTH), _number(centre + PLOT_HALF_WIDTH)]
        params: dict[str, Any] = {
            "functions": {name: formula_text(body)},
            "x_range": x_range,
            "y_range": [_number(v) for v in _y_extent(body, *x_range)],
        }
        if elements:
            params["elements"] = elements
        else:
            params["elements"] = []
        scene = self._scene("Plot", params)
        scene.narration["DrawTheAxes"] = " ".join(self._take_prose())
        scene.source.append(f"{where} ({caption.strip()}): a plot of {formula_text(body)}")

    def _all_points(self) -> list[tuple[sympy.Expr, sympy.Expr]]:
        """Every point the section writes, $(1, 0)$, before or after the figure."""
        texts = [b.text for b in self.section.blocks if isinstance(b, Paragraph)]
        texts += list(self.captions.values())
        found = (_point_of(latex) for text in texts for latex in _INLINE_MATH.findall(text))
        return [point for point in found if point is not None]

    def _surface_in(self, latex: Iterable[str]) -> tuple[str, sympy.Expr] | None:
        for piece in latex:
            relation = relation_sides(piece)
            if len(relation.sides) != 2:
                continue
            try:
                left, right = (parse_side(side) for side in relation.sides)
            except LatexError:
                continue
            if isinstance(left, sympy.Symbol) and not isinstance(right, tuple):
                if sympy.sympify(right).free_symbols == {X, Y}:
                    self.d.bound.surfaces[left.name] = sympy.sympify(right)
                    return left.name, sympy.sympify(right)
        return None

    def _surface_scenes(self, surface: tuple[str, sympy.Expr], where: str, caption: str) -> None:
        name, body = surface
        self._close_statement()
        point = next(iter(self.points + self._all_points()), (1, 1))
        params = {"surface": formula_text(body), "point": [_number(p) for p in point]}
        scene = self._scene("GradientSurface", params)
        scene.narration["ShowTheSurface"] = " ".join(self._take_prose())
        scene.source.append(f"{where}: the surface {name} = {formula_text(body)}")
        if any(word in self.section_text + caption.lower() for word in DESCENT_WORDS):
            # the other points the notes try ("try (1,0) or (0,0)"), not the minimum itself
            others = [
                [_number(a), _number(b)]
                for a, b in dict.fromkeys(self.points + self._all_points())
                if (a, b) != tuple(point) and not _is_minimum(body, a, b)
            ]
            ball = self._scene(
                "GradientDescentBall",
                {"surface": formula_text(body), "start": params["point"], "more_starts": others},
            )
            ball.source.append(f"{where}: a ball rolling down the negative gradient of {name}")

    def _function_and_derivative(
        self, name: str, body: sympy.Expr, where: str, caption: str
    ) -> None:
        self._close_statement()
        x_range = [-6, 6]
        derivative = sympy.diff(body, X)
        low, high = _y_extent(body, *x_range)
        d_low, d_high = _y_extent(derivative, *x_range)
        params = {
            "name": name,
            "function": formula_text(body),
            "x_range": x_range,
            "y_range": [_number(min(low, d_low)), _number(max(high, d_high))],
        }
        # its identity is set once the whole derivation is read (_trace_identities)
        scene = self._scene("FunctionAndDerivative", params)
        scene.narration["PlotTheFunction"] = " ".join(self._take_prose())
        scene.source.append(f"{where} ({caption.strip()}): {name} and its derivative")

    # --- scenes ------------------------------------------------------------------

    def _scene(self, template: str, params: dict[str, Any], intro: bool = False) -> DraftScene:
        if not intro:
            self._intro_first()
        base = _identifier(self.section.title) + ("" if template == "Statement" else template)
        params = {"chapter": self._chapter(template), **params}
        scene = self.d._new_scene(base, template, params)
        self.made.append(scene)
        return scene

    def _chapter(self, template: str) -> str:
        """Each scene is a chapter of the video: the section's title, and after its first
        scene, what the scene does there ("Definition: from secants to the tangent")."""
        if not self.made or template == "Statement":
            return self.section.title
        from scenes.plans import template as template_of

        what = template_of(template).schema.chapter
        return f"{self.section.title}: {what[:1].lower()}{what[1:]}"

    def _take_prose(self) -> list[str]:
        taken, self.prose, self.waiting = self.prose, [], []
        return taken

    def _intro_first(self) -> None:
        """Several paragraphs of prose before an element would be said over one still
        picture: all but the last become a Statement of their own, one point each, and
        the last leads into the element."""
        said = sum(len(sentence) for sentence in self.prose)
        if len(self.waiting) < 2 or said <= LONG_LEAD:
            return
        *intro, last = self.waiting
        points, parts = [], []
        for text, sentences in intro:
            if len(points) < MAX_POINTS:
                points.append({"point": _point(text)})
                parts.append(" ".join(sentences))
            else:
                parts[-1] = _joined(parts[-1], " ".join(sentences))
        statement, self.statement = self.statement, None
        scene = self._scene("Statement", {"heading": self.section.title, "items": points}, True)
        scene.narration["ShowTheHeading"] = f"{speech.speakable(self.section.title)}."
        scene.parts = parts
        scene.source.append(f"the prose before line {self._next_line()}, one point per paragraph")
        self.statement = statement if statement is not None and statement is not scene else None
        self.prose, self.waiting = list(last[1]), [last]

    def _next_line(self) -> int:
        return self.current_line

    def _say_after(self, scene: DraftScene, sentences: list[str]) -> None:
        said = " ".join(sentences)
        if scene.template == "Statement" and scene.parts:
            scene.parts[-1] = _joined(_said_item(scene.parts[-1]), said)
        elif scene.template == "Derivation":
            scene.narration["BoxTheResult"] = _joined(scene.narration.get("BoxTheResult", ""), said)
        else:
            last = LAST_BEAT.get(scene.template)
            if last:
                scene.narration[last] = _joined(scene.narration.get(last, ""), said)


# the beat of a scene that draws what a figure of the notes shows, by a word of its caption
FIGURE_BEATS = {
    "SecantConvergence": (("tangent", "ZoomOnTheTangent"), ("secant", "ShrinkTheStep")),
}
LAST_BEAT = {
    "EquationChain": "BoxTheResult",
    "SecantConvergence": "StateTheLimit",
    "GradientSurface": "AssembleTheGradient",
    "GradientDescentBall": "RestAtTheMinimum",
    "FunctionAndDerivative": "TraceTheIdentity",
    "Table": "FillTheRows",
}


def _said_item(lead: str) -> str:
    """A lead-in that ends at its equation ("we get:") says the equation before more prose."""
    return _joined(lead, STATEMENT_ITEM) if not lead or lead.endswith(":") else lead


def _lead_in(text: str) -> list[str]:
    """A paragraph's sentences; one the notes end at a display ("For a function like")
    ends with a colon, so the equation is said after it, and one continuing after a
    display ("we know the slope is 2") starts with a capital."""
    said = list(speech.sentences(text))
    if not said:
        return said
    if not text.rstrip().endswith((".", "!", "?", ":", ".)", '."')):
        said[-1] = said[-1].rstrip(".") + ":"
    return [sentence[:1].upper() + sentence[1:] for sentence in said]


def labels_seen(scene: DraftScene) -> int:
    return sum(1 for label in scene.params["equation_labels"][1:] if label)


def _with_named(bound: Bound, name: str, body: sympy.Expr) -> Bound:
    return Bound({**bound.functions, name: body}, bound.surfaces, bound.values)


def _joined(first: str, second: str) -> str:
    return " ".join(part for part in (first, second) if part)


def _listed(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _is_references(section: Section) -> bool:
    return section.title.strip().lower() in ("references", "bibliography", "further reading")


def _identifier(title: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title)
    name = "".join(word[:1].upper() + word[1:] for word in words) or "Scene"
    return name if name[0].isalpha() else "Scene" + name


def _point(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]
    if len(first) > MAX_POINT_LENGTH:
        first = first[:MAX_POINT_LENGTH].rsplit(" ", 1)[0] + " …"
    if first.count("$") % 2:
        first = first.replace("$", "")
    return first


def _point_of(latex: str) -> tuple[float, float] | None:
    match = re.fullmatch(r"\s*\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)\s*", latex)
    return (sympy.nsimplify(match.group(1)), sympy.nsimplify(match.group(2))) if match else None


def _negated_vector(latex: str) -> tuple | None:
    match = re.fullmatch(r"\s*-\s*(\\left)?\s*\\langle(.*)\\rangle\s*(\\right)?\s*", latex, re.S)
    if not match:
        return None
    parts = parse_side(r"\langle" + match.group(2) + r"\rangle")
    return tuple(-part for part in parts) if isinstance(parts, tuple) else None


def _number(value: Any) -> Any:
    """A number as the lecture file writes it: an int, a short decimal, or a fraction text."""
    value = sympy.nsimplify(sympy.sympify(value))
    if value.is_Integer:
        return int(value)
    if value.is_Rational and 10**6 % int(value.q) == 0:
        return float(value)
    if value.is_Rational:
        return str(value)
    return round(float(value), 3)


def _cell_number(text: str) -> sympy.Expr | None:
    value = _cell_value(text)
    return value if value is not None and value.is_number else None


def _cell_value(text: str) -> sympy.Expr | None:
    latex = text.strip().strip("$").strip()
    if not latex:
        return None
    try:
        side = parse_side(latex)
    except LatexError:
        return None
    if isinstance(side, tuple) or side.free_symbols:
        return None
    return sympy.nsimplify(sympy.sympify(side).doit(), rational=True)


def _agrees(text: str, cell: sympy.Expr, expected: sympy.Expr) -> bool:
    """A cell equals its value, or rounds it as written: 0.762 for tanh(1) = 0.76159..."""
    places = re.fullmatch(r"\$?\s*-?\d+\.(\d+)\s*\$?", text.strip())
    if places:
        tolerance = sympy.Rational(1, 2) * sympy.Rational(1, 10 ** len(places.group(1)))
        return abs(float(sympy.N(expected - cell))) <= float(tolerance) + 1e-12
    return equal(cell, expected)


def _plain_cell(text: str) -> str:
    return text.strip().strip("$").strip()


def _variable(header: str) -> str | None:
    latex = header.strip().strip("$").strip()
    try:
        side = parse_side(latex)
    except LatexError:
        return None
    return side.name if isinstance(side, sympy.Symbol) else None


def _header_formula(header: str, variable: str, bound: Bound) -> sympy.Expr | None:
    latex = header.strip().strip("$").strip()
    try:
        side = parse_side(latex)
    except LatexError:
        return None
    if isinstance(side, tuple):
        return None
    value = value_of(side.xreplace({sympy.Symbol(variable): X}), bound)
    if value is None or isinstance(value, tuple) or value.free_symbols - {X}:
        return None
    return sympy.sympify(value).xreplace({X: sympy.Symbol(variable)}) if variable != "x" else value


def _is_minimum(body: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> bool:
    gradient = [sympy.diff(body, v).subs({X: a, Y: b}) for v in (X, Y)]
    return all(sympy.simplify(g) == 0 for g in gradient)


def _named_in(caption: str, name: str) -> bool:
    return bool(re.search(rf"\b{re.escape(name)}\b", caption)) or (
        name == "S" and "sigmoid" in caption.lower()
    )


def _y_extent(body: sympy.Expr, low: Any, high: Any) -> tuple[float, float]:
    """The range a graph of `body` needs over [low, high], sampled by sympy's evalf (no
    code is generated from the notes, as lambdify would)."""
    samples = []
    for index in range(EXTENT_SAMPLES + 1):
        x = float(low) + (float(high) - float(low)) * index / EXTENT_SAMPLES
        try:
            value = float(body.evalf(subs={X: x}))
        except (ArithmeticError, ValueError, TypeError):
            continue
        if value == value and abs(value) < 1e6:
            samples.append(value)
    if not samples:
        return -1.0, 1.0
    bottom, top = min(samples), max(samples)
    margin = max((top - bottom) * 0.1, 0.25)
    return _nice(bottom - margin, down=True), _nice(top + margin, down=False)


def _nice(value: float, down: bool) -> float:
    """A range end rounded out to a quarter."""
    import math

    quarters = value * 4
    return (math.floor(quarters) if down else math.ceil(quarters)) / 4
