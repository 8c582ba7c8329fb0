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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from scenes.notes import speech
from scenes.notes.checking import Bound, X, Y, check_chain, equal, value_of
from scenes.notes.document import Display, Figure, Items, Notes, Paragraph, Section, Table
from scenes.notes.figures import FigureMapping
from scenes.notes.latex import (
    LatexError,
    formula_text,
    has_calculus,
    parse_side,
    power_text,
    relation_sides,
)
from scenes.notes.prose import joined, lead_in
from scenes.notes.tables import TableMapping
from scenes.notes.written import INLINE_MATH, point_of, written_number

MAX_POINTS = 4  # points a prose-only section shows
MAX_POINT_LENGTH = 160  # characters of a point; a longer first sentence is cut at a word
MAX_OUTLINE = 6
MAX_CHAIN_LINKS = 12
STATEMENT_ITEM = "{item}."  # the Statement's own sentence for an item: the item, said
LONG_LEAD = 700  # characters of prose before an element that get a picture of their own
MAX_STATEMENT_ITEMS = 5  # equations on one screen before a new one starts
MAX_STATEMENT_SAID = 1200  # characters of narration (a beat holds at most 2,000)


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


class _SectionRun(TableMapping, FigureMapping):
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
        self.points: list[tuple[sympy.Expr, sympy.Expr]] = []
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
                said = lead_in(block.text)
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

    def _prose_only(self) -> None:
        paragraphs = [
            (text, list(speech.sentences(text)))
            for block in self.section.blocks
            if isinstance(block, Paragraph | Items)
            for text in (block.items if isinstance(block, Items) else (block.text,))
        ]
        paragraphs = [(text, said) for text, said in paragraphs if said]
        if not paragraphs:
            self.d._left(self.section.line, f"{self.section.title}: a heading with no text")
            return
        self._prose_statement(paragraphs, f"the prose of {self.section.title}")

    def _prose_statement(
        self, paragraphs: list[tuple[str, list[str]]], source: str, intro: bool = False
    ) -> DraftScene:
        """A Statement of prose: a point per paragraph (its first sentence, as written), each
        said in full; paragraphs past MAX_POINTS are said with the last point."""
        points, parts = [], []
        for text, sentences in paragraphs:
            if len(points) < MAX_POINTS:
                points.append({"point": _point(text)})
                parts.append(" ".join(sentences))
            else:
                parts[-1] = joined(parts[-1], " ".join(sentences))
        heading = self.section.title
        scene = self._scene("Statement", {"heading": heading, "items": points}, intro)
        scene.narration["ShowTheHeading"] = f"{speech.speakable(heading)}."
        scene.parts = parts
        scene.source.append(f"{source}, one point per paragraph")
        return scene

    def _learn_inline(self, text: str) -> None:
        """Inline definitions bind names for later checks: $f(x) = x^2$, $x_0 = 1$, $(1,1)$."""
        for latex in INLINE_MATH.findall(text):
            relation = relation_sides(latex)
            if len(relation.sides) == 1:
                point = point_of(latex)
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
                sides.append(parse_side(latex))
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
            params["values"] = {k: written_number(v) for k, v in values.items()}
        if functions:
            params["functions"] = functions
        params["heading"] = heading or self.section.title  # on screen while the lead-in is said
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
        if has_calculus(argument) or argument.atoms(AppliedUndef):
            return False
        for name, (body, tag) in self.d.named.items():
            if equal(sympy.sympify(argument).doit(), body):
                self.derivation_latex = relation_sides(element.display.latex).sides[0]
                self._start_derivation(name, body, tag, argument, where)
                return True
        return False

    def _start_derivation(
        self, name: str, body: sympy.Expr, tag: str | None, argument: Any, where: str
    ) -> None:
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
            beat = "DifferentiateStepByStep"
            scene.narration[beat] = joined(scene.narration.get(beat, ""), said)
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

    # --- scenes ------------------------------------------------------------------

    def _scene(self, template: str, params: dict[str, Any], intro: bool = False) -> DraftScene:
        if not intro:
            self._intro_first()
        self.statement = None  # a new scene ends the Statement items were gathered in
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
        self._prose_statement(intro, f"the prose before line {self.current_line}", intro=True)
        self.prose, self.waiting = list(last[1]), [last]

    def _say_after(self, scene: DraftScene, sentences: list[str]) -> None:
        said = " ".join(sentences)
        if scene.template == "Statement" and scene.parts:
            scene.parts[-1] = joined(_said_item(scene.parts[-1]), said)
        else:
            last = LAST_BEAT.get(scene.template)
            if last:
                scene.narration[last] = joined(scene.narration.get(last, ""), said)


# where prose after a section's last element is said: that scene's last beat
LAST_BEAT = {
    "Derivation": "BoxTheResult",
    "EquationChain": "BoxTheResult",
    "SecantConvergence": "StateTheLimit",
    "GradientSurface": "AssembleTheGradient",
    "GradientDescentBall": "RestAtTheMinimum",
    "FunctionAndDerivative": "TraceTheIdentity",
    "Table": "FillTheRows",
}


def _said_item(lead: str) -> str:
    """A lead-in that ends at its equation ("we get:") says the equation before more prose."""
    return joined(lead, STATEMENT_ITEM) if not lead or lead.endswith(":") else lead


def labels_seen(scene: DraftScene) -> int:
    return sum(1 for label in scene.params["equation_labels"][1:] if label)


def _with_named(bound: Bound, name: str, body: sympy.Expr) -> Bound:
    return Bound({**bound.functions, name: body}, bound.surfaces, bound.values)


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
