"""The notes' LaTeX read by sympy's LaTeX parser, and written back in the lecture's syntax.

A display equation is split at its top-level relations (`=`, `\\approx`) into sides; each
side is parsed by `sympy.parsing.latex.parse_latex` (an ANTLR grammar: nothing in the notes
is run) after a few rewrites the grammar needs (`\\text{rise}` is one name, `\\Delta x` is
the name Delta_x, `e` is Euler's number). A side comes back as a sympy expression kept in
the order written, so that `formula_text` writes it as the notes do ("(f(2) - f(1))/(2 - 1)",
not sympy's "(-f(1) + f(2))/(-1 + 2)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

RELATIONS = {"=": "=", r"\approx": "≈", r"\simeq": "≈", r"\equiv": "="}
# sizing and spacing commands the grammar does not take and the meaning does not need
_DROPPED = re.compile(r"\\(?:left|right|displaystyle|qquad|quad)(?![A-Za-z])|\\[,;!:]")
_WORD_COMMANDS = re.compile(r"\\(?:text|mathrm|operatorname|textrm|textit|mathit)\s*\{([^{}]*)\}")
_DIFFERENCE = re.compile(r"\\(Delta|delta)\s*(?:_\{\s*([A-Za-z])\s*\}|_?\s*([A-Za-z]))")
_VECTOR = re.compile(r"^\s*(-)?\s*\\langle(.*)\\rangle\s*$", re.S)
_SUBSCRIPTED = re.compile(r"^([A-Za-z]+)_\{?([A-Za-z0-9]+)\}?$")
_PLACEHOLDER = "Wq{letters}"  # one name parse_latex keeps whole, inside \mathit{...}


class LatexError(ValueError):
    """A piece of the notes' LaTeX sympy cannot read; the message completes "it ..."."""


@dataclass(frozen=True)
class Relation:
    """A display equation cut at its top-level relations: sides[i] relations[i] sides[i+1]."""

    sides: tuple[str, ...]
    relations: tuple[str, ...]  # "=" or "≈"


def relation_sides(latex: str) -> Relation:
    """`latex` cut at each `=` or `\\approx` outside braces and brackets; a leading `=` (a
    continued derivation, "= -1(1 + e^{-x})^{-2} ...") leaves an empty first side."""
    sides: list[str] = []
    relations: list[str] = []
    depth, start, at = 0, 0, 0
    while at < len(latex):
        depth += (latex[at] in "{([") - (latex[at] in "})]")
        found = _relation_at(latex, at) if depth == 0 else None
        if found is None:
            at += 1
            continue
        command, relation = found
        sides.append(latex[start:at].strip())
        relations.append(relation)
        at = start = at + len(command)
    sides.append(latex[start:].strip())
    return Relation(tuple(sides), tuple(relations))


def _relation_at(latex: str, at: int) -> tuple[str, str] | None:
    """The relation written at `at` ("=", "\\approx"), not a longer command it begins."""
    for command, relation in RELATIONS.items():
        after = latex[at + len(command) : at + len(command) + 1]
        if latex.startswith(command, at) and not (command[0] == "\\" and after.isalpha()):
            return command, relation
    return None


def parse_side(latex: str) -> sympy.Expr | tuple[sympy.Expr, ...]:
    """One side as sympy reads it, in the order written; a vector ⟨a, b⟩ (or -⟨a, b⟩) is
    a tuple."""
    latex = _DROPPED.sub(" ", latex)
    vector = _VECTOR.match(latex)
    if vector:
        sign = -1 if vector.group(1) else 1
        return tuple(sign * _parse(part) for part in _top_level_commas(vector.group(2)))
    return _parse(latex)


_LIMIT = re.compile(r"^\s*\\lim_\{(.+?)\\to(.+?)\}(.*)$", re.S)


def _parse(latex: str) -> sympy.Expr:
    """One side; a limit is read in three parts, as its variable may be Δx, which the
    grammar does not take under \\lim."""
    limit = _LIMIT.match(latex.replace(r"\rightarrow", r"\to"))
    if limit:
        variable = _parse_plain(limit.group(1))
        if not isinstance(variable, sympy.Symbol):
            raise LatexError(f"takes a limit in {limit.group(1).strip()}, which is not one name")
        with sympy.evaluate(False):
            return sympy.Limit(_parse_plain(limit.group(3)), variable, _parse_plain(limit.group(2)))
    return _parse_plain(latex)


def _parse_plain(latex: str) -> sympy.Expr:
    from sympy.parsing.latex import LaTeXParsingError, parse_latex

    words: dict[str, str] = {}

    def word(name: str) -> str:
        index, letters = len(words), ""
        while True:
            index, digit = divmod(index, 26)
            letters += chr(ord("a") + digit)
            if not index:
                break
        key = _PLACEHOLDER.format(letters=letters)
        words[key] = name
        return rf"\mathit{{{key}}}"

    text = latex.strip()
    if not text:
        raise LatexError("is empty")
    text = _DROPPED.sub(" ", text)
    text = text.replace(r"\rightarrow", r"\to").replace(r"\cdot", r" \cdot ")
    text = _WORD_COMMANDS.sub(lambda m: word(m.group(1).strip()), text)
    text = _DIFFERENCE.sub(lambda m: word(f"{m.group(1)}_{m.group(2) or m.group(3)}"), text)
    text = text.replace("{,}", "")
    # a bracket before a fraction multiplies it: (1/A)(e/A), not a fraction of a fraction
    text = re.sub(r"\)\s*\\frac", r") \\cdot \\frac", text)
    try:
        expr = parse_latex(text)
    except (LaTeXParsingError, TypeError, ValueError, AttributeError, RecursionError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LatexError(f"cannot be read by sympy's LaTeX parser ({first.strip()})") from None
    return _named(expr, words)


def _named(expr: sympy.Basic, words: dict[str, str]) -> sympy.Expr:
    """Placeholders back to their words, x_{0} to x0, Delta_{y} to Delta_y, e to E."""
    renames: dict[sympy.Basic, sympy.Basic] = {}
    for symbol in expr.free_symbols:
        name = words.get(symbol.name, symbol.name)
        if symbol.name == "e":
            renames[symbol] = sympy.E
            continue
        match = _SUBSCRIPTED.match(name)
        if match and match.group(1) not in ("Delta", "delta"):
            name = match.group(1) + match.group(2)
        elif match:
            name = f"{match.group(1)}_{match.group(2)}"
        name = name.replace("{", "").replace("}", "").replace(" ", "_")
        if name != symbol.name:
            renames[symbol] = sympy.Symbol(name)
    if not renames:
        return expr
    with sympy.evaluate(False):  # kept as written: (1 + e^{-x}) - 1 is not simplified
        renamed = expr.xreplace(renames)
        # e^{-x} is exp(-x), a factor of its own: as a power it would be written 1/e^x
        return renamed.replace(
            lambda part: isinstance(part, sympy.Pow) and part.base == sympy.E,
            lambda part: sympy.exp(part.exp, evaluate=False),
        )


def _top_level_commas(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for at, character in enumerate(text):
        if character in "{([":
            depth += 1
        elif character in "})]":
            depth -= 1
        elif character == "," and depth == 0:
            parts.append(text[start:at])
            start = at + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


class _WrittenPrinter(StrPrinter):
    """sympy's text in the order written; a product of products, (1/A)(e/A), keeps its
    factors apart instead of gathering one fraction."""

    def _print_Mul(self, expr: sympy.Mul) -> str:
        args = list(expr.args)
        if len(args) > 1 and args[0].is_Number and args[0].is_negative:  # -3x, not (-1)*3*x
            rest = [-args[0], *args[1:]] if args[0] != -1 else args[1:]
            kept = rest[0] if len(rest) == 1 else sympy.Mul(*rest, evaluate=False)
            text = self._print(kept)
            return "-" + (f"({text})" if precedence(kept) <= PRECEDENCE["Add"] else text)
        if len(args) > 1 and any(isinstance(arg, sympy.Mul) for arg in args):
            factors = [self.parenthesize(arg, PRECEDENCE["Mul"], strict=True) for arg in args]
            return "*".join(
                f"({factor})" if "/" in factor and not _enclosed(factor) else factor
                for factor in factors
            )
        return super()._print_Mul(expr)


def _enclosed(text: str) -> bool:
    """Whether the whole text is one bracket: "(a/b)", not "(a)/(b)"."""
    depth = 0
    for at, character in enumerate(text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0:
            return at == len(text) - 1
    return False


class _PowersPrinter(_WrittenPrinter):
    """Negative powers written as powers: 2*(1 + exp(-2*x))**(-1) - 1, the form a
    derivation differentiates with the power rule."""

    def _print_Mul(self, expr: sympy.Mul) -> str:
        args, sign = list(expr.args), ""
        if args[0].is_Number and args[0].is_negative:
            sign, args[0] = "-", -args[0]
            if args[0] == 1 and len(args) > 1:
                args = args[1:]
        return sign + "*".join(self.parenthesize(a, PRECEDENCE["Mul"], strict=True) for a in args)

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        if expr.exp.is_Number and expr.exp.is_negative:
            base = self.parenthesize(expr.base, PRECEDENCE["Pow"], strict=True)
            return f"{base}**({self._print(expr.exp)})"
        return super()._print_Pow(expr, rational)


def power_text(expr: sympy.Basic) -> str:
    """A side with its negative powers kept as powers, as in (1 + e^{-x})^{-1}."""
    return _PowersPrinter({"order": "none"}).doprint(expr)


def formula_text(expr: sympy.Basic) -> str:
    """A side in the lecture file's formula syntax, in the order the notes write it."""
    return _WrittenPrinter({"order": "none"}).doprint(expr)


def has_calculus(expr: sympy.Basic) -> bool:
    """Whether a side holds a derivative, limit, integral or a primed function (f'(x))."""
    if isinstance(expr, tuple):
        return any(has_calculus(part) for part in expr)
    if expr.atoms(sympy.Derivative, sympy.Limit, sympy.Integral):
        return True
    return any("'" in type(function).__name__ for function in expr.atoms(sympy.Function))
