"""Figures of the notes: a surface becomes the gradient scenes, a function "with its
derivative" a FunctionAndDerivative, a plotted function a Plot; prose pointing at a figure a
scene draws is said while that scene shows it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from scenes.notes.checking import X, Y, equal
from scenes.notes.document import Figure, Paragraph
from scenes.notes.latex import LatexError, formula_text, has_calculus, parse_side, relation_sides
from scenes.notes.prose import joined, lead_in
from scenes.notes.written import INLINE_MATH, point_of, written_number, y_extent

PLOT_HALF_WIDTH = 3  # a plotted function is shown this far either side of its points
FUNCTION_X_RANGE = (-6, 6)  # a function and its derivative: notes rarely give a range
DESCENT_WORDS = ("descent", "roll", "ball", "downhill")
# the beat of a scene that draws what a figure of the notes shows, by a word of its caption
FIGURE_BEATS = {
    "SecantConvergence": (("tangent", "ZoomOnTheTangent"), ("secant", "ShrinkTheStep")),
}


class FigureMapping:
    """A section run's figures, mixed into drafting's _SectionRun, whose drafter (`d`),
    scenes made so far, points, captions and `_scene` / `_take_prose` it uses."""

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
                said = " ".join(lead_in(text))
                last.narration[beat] = joined(last.narration.get(beat, ""), said)
                return True
        return False

    def _figure(self, figure: Figure) -> None:
        where = f"Figure {figure.number}".rstrip()
        caption = figure.caption
        self._learn_inline(caption)
        latex = INLINE_MATH.findall(caption)
        surface = self._surface_in(latex)
        if surface is not None:
            self._surface_scenes(surface, where, caption)
            return
        drawn = [s for s in self.made if s.template == "SecantConvergence"]
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
            if re.search(rf"\b{re.escape(name)}\(", caption):  # "the graph of $g(x)$"
                return name, body
        return None

    def _plot(self, name: str, body: sympy.Expr, where: str, caption: str) -> None:
        """A Plot of the function, with the points the caption names on it (and their
        tangents where it speaks of one)."""
        on_curve = [a for a, b in self.points if equal(body.subs(X, a), b)]
        elements: list[dict[str, Any]] = []
        for at in on_curve[:3]:
            elements.append({"point": name, "at": written_number(at)})
            if "tangent" in caption.lower():
                elements.append({"tangent": name, "at": written_number(at)})
        centre = sum(on_curve) / len(on_curve) if on_curve else 0
        x_range = [
            written_number(centre - PLOT_HALF_WIDTH),
            written_number(centre + PLOT_HALF_WIDTH),
        ]
        params: dict[str, Any] = {
            "functions": {name: formula_text(body)},
            "x_range": x_range,
            "y_range": [written_number(v) for v in y_extent(body, *x_range)],
        }
        params["elements"] = elements
        scene = self._scene("Plot", params)
        scene.narration["DrawTheAxes"] = " ".join(self._take_prose())
        scene.source.append(f"{where} ({caption.strip()}): a plot of {formula_text(body)}")

    def _all_points(self) -> list[tuple[sympy.Expr, sympy.Expr]]:
        """Every point the section writes, $(1, 0)$, before or after the figure."""
        texts = [b.text for b in self.section.blocks if isinstance(b, Paragraph)]
        texts += list(self.captions.values())
        found = (point_of(latex) for text in texts for latex in INLINE_MATH.findall(text))
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
        point = next(iter(self.points + self._all_points()), (1, 1))
        params = {"surface": formula_text(body), "point": [written_number(p) for p in point]}
        scene = self._scene("GradientSurface", params)
        scene.narration["ShowTheSurface"] = " ".join(self._take_prose())
        scene.source.append(f"{where}: the surface {name} = {formula_text(body)}")
        if any(word in self.section_text + caption.lower() for word in DESCENT_WORDS):
            # the other points the notes try ("try (1,0) or (0,0)"), not the minimum itself
            others = [
                [written_number(a), written_number(b)]
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
        x_range = list(FUNCTION_X_RANGE)
        derivative = sympy.diff(body, X)
        low, high = y_extent(body, *x_range)
        d_low, d_high = y_extent(derivative, *x_range)
        params = {
            "name": name,
            "function": formula_text(body),
            "x_range": x_range,
            "y_range": [written_number(min(low, d_low)), written_number(max(high, d_high))],
        }
        # its identity is set once the whole derivation is read (_trace_identities)
        scene = self._scene("FunctionAndDerivative", params)
        scene.narration["PlotTheFunction"] = " ".join(self._take_prose())
        scene.source.append(f"{where} ({caption.strip()}): {name} and its derivative")


def _is_minimum(body: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> bool:
    gradient = [sympy.diff(body, v).subs({X: a, Y: b}) for v in (X, Y)]
    return all(sympy.simplify(g) == 0 for g in gradient)


def _named_in(caption: str, name: str) -> bool:
    return bool(re.search(rf"\b{re.escape(name)}\b", caption))
