"""A chain of equalities as lecture notes write it: rise/run = Δy/Δx = ... = 2.

Each link is kept as written (sympy with evaluate=False) for the screen, the caption and
the voice; where every name in it is bound (named values, helper functions called as
f(2)), its exact value is worked out and checked equal to the other links' value. Names
bound to nothing (rise, run, Delta_y) are free: such a link is shown but not checked.
No manim here.
"""

from __future__ import annotations

import io
import keyword
import re
import tokenize
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter, greek_letters_set

from scenes.content.expressions import CONSTANTS, FUNCTIONS, ExpressionError, parse_expression
from scenes.maths.plan_values import shown_latex
from scenes.maths.refusals import Refusal, shown
from scenes.maths.spoken_math import FUNCTION_WORDS, POWER_WORDS, spoken_integer, spoken_number

X = sympy.Symbol("x", real=True)  # the variable of the helper functions' formulas
# Names written before a variable as an operator: Delta_y is Δy, not Δ with subscript y.
DIFFERENCE_NAMES = {"Delta": r"\Delta", "delta": r"\delta"}
FREE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")  # a name bound to nothing: rise, Delta_y
_UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)
MAX_SAID_DENOMINATOR = 10  # 3/4 is said "three quarters", 3/40 "three over forty"


@dataclass(frozen=True)
class Link:
    """One link of the chain: as written, and its exact value where it has one."""

    text: str  # as the lecture file writes it
    written: sympy.Expr  # unevaluated: the order and grouping the author wrote
    value: sympy.Expr | None  # None: a name in it is bound to nothing (not checked)
    free_names: tuple[str, ...]  # the names bound to nothing, as written

    @property
    def checked(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Chain:
    links: tuple[Link, ...]
    value: sympy.Expr | None  # the value every checked link has; None when none has one


# ---------------------------------------------------------------- reading and checking


def work_out(
    key: str,
    texts: Sequence[str],
    values: Mapping[str, sympy.Expr],
    functions: Mapping[str, sympy.Expr],
) -> Chain:
    """Every link read and, where it has a value, checked equal to the links before it;
    a link that is not, or that has no value (divides by zero), is refused in one sentence
    naming `key[i]`."""
    links: list[Link] = []
    value: sympy.Expr | None = None
    for index, text in enumerate(texts):
        where = f"{key}[{index}]"
        link = read_link(where, text, values, functions)
        if link.value is not None:
            if value is None:
                value = link.value
            elif not equal(link.value, value):
                raise Refusal(
                    where,
                    f"= {_quoted(text)} is not equal to the links before it: it is "
                    f"{shown(link.value)}, they are {shown(value)}.",
                    text,
                )
        links.append(link)
    return Chain(tuple(links), value)


def read_link(
    key: str,
    text: str,
    values: Mapping[str, sympy.Expr],
    functions: Mapping[str, sympy.Expr],
) -> Link:
    """A link as written and its exact value (None where a name in it is free)."""
    free = free_names(key, text, values, functions)
    variables = (*values, *free)
    try:
        written = parse_expression(text, variables, tuple(functions), evaluate=False)
        evaluated = parse_expression(text, variables, tuple(functions), evaluate=True)
    except ExpressionError as error:
        if str(error).startswith("is undefined"):
            raise Refusal(
                key, f"= {_quoted(text)} has no value: it divides by zero or is undefined.", text
            ) from None
        names = ", ".join([*values, *(f"{name}(...)" for name in functions)]) or "no names"
        raise Refusal(
            key,
            f"= {_quoted(text)} is not a valid formula: it {error} (values and functions it "
            f"may use: {names}).",
            text,
        ) from None
    for call in written.atoms(AppliedUndef):
        if len(call.args) != 1:
            raise Refusal(
                key,
                f"= {_quoted(text)} calls {call.func.__name__} with {len(call.args)} "
                "arguments; a function of the scene takes one, as in f(2).",
                text,
            )
    value = _value(evaluated, values, functions)
    if value is not None and value.has(*_UNDEFINED):
        zero = _zero_denominator(written, values, functions)
        said = f": {written_caption(zero)} is 0" if zero is not None else ""
        raise Refusal(key, f"= {_quoted(text)} divides by zero{said}.", text)
    if value is not None and value.is_real is False:
        raise Refusal(key, f"= {_quoted(text)} is not a real number: it is {shown(value)}.", text)
    return Link(text, written, value, free)


def free_names(
    key: str, text: str, values: Mapping[str, sympy.Expr], functions: Mapping[str, sympy.Expr]
) -> tuple[str, ...]:
    """The names a link uses that are bound to nothing, in the order written (rise, run); a
    call of a name that is no function is refused."""
    bound = {*values, *functions, *FUNCTIONS, *CONSTANTS}
    found: list[str] = []
    tokens = _tokens(text)
    for index, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string in bound or token.string in found:
            continue
        name = token.string
        if keyword.iskeyword(name) or "__" in name:
            continue  # the parser refuses it, in its own words
        if not FREE_NAME.fullmatch(name):
            raise Refusal(
                key,
                f"= {_quoted(text)} uses the name {name}; a name starts with a letter, "
                "such as rise, x0 or Delta_y.",
                text,
            )
        called = index + 1 < len(tokens) and tokens[index + 1].string == "("
        if called:
            raise Refusal(
                key,
                f"= {_quoted(text)} calls {name}, which is no function of the scene; give it "
                f'in functions, such as {{ {name} = "x**2" }}.',
                text,
            )
        if len(name) > 1 and all(letter in bound for letter in name):
            continue  # "xy" of two values: the parser says to write x*y
        found.append(name)
    return tuple(found)


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    try:
        return list(tokenize.generate_tokens(io.StringIO(str(text)).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []  # the parser refuses it, in its own words


def _value(
    evaluated: sympy.Expr, values: Mapping[str, sympy.Expr], functions: Mapping[str, sympy.Expr]
) -> sympy.Expr | None:
    """The exact value of a link with its values put in and its functions applied; None
    where a free name is left."""
    bound = {sympy.Symbol(name, real=True): number for name, number in values.items()}
    expr = _applied(evaluated.xreplace(bound), functions)
    if expr.free_symbols or expr.atoms(AppliedUndef):
        return None
    if expr.has(*_UNDEFINED):
        return expr
    return sympy.simplify(expr)


def _applied(expr: sympy.Expr, functions: Mapping[str, sympy.Expr]) -> sympy.Expr:
    """Every call f(a) of a helper replaced by its formula at a (helpers may call helpers
    declared before them, so as many rounds as there are helpers)."""
    for _ in range(len(functions) + 1):
        calls = [call for call in expr.atoms(AppliedUndef) if call.func.__name__ in functions]
        if not calls:
            break
        expr = expr.xreplace(
            {call: functions[call.func.__name__].xreplace({X: call.args[0]}) for call in calls}
        )
    return expr


def _zero_denominator(
    written: sympy.Expr, values: Mapping[str, sympy.Expr], functions: Mapping[str, sympy.Expr]
) -> sympy.Expr | None:
    """The written denominator that is 0 with the values put in, if one is."""
    for node in sympy.preorder_traversal(written):
        if isinstance(node, sympy.Pow) and node.exp.is_number and node.exp.is_negative:
            if _value(node.base, values, functions) == 0:
                return node.base
    return None


def equal(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Exactly equal, as sympy decides (simplify, then a numerical check it trusts)."""
    difference = sympy.simplify(a - b)
    return difference == 0 or difference.equals(0) is True


def is_plain_value(link: Link) -> bool:
    """Whether the link is written as its own value (2, 0.5, sqrt(2)): nothing to add."""
    if link.value is None:
        return False
    if link.written.is_Number:
        return True
    return written_latex(link.written) == shown_latex(link.value)[0]


def _quoted(text: str) -> str:
    return '"' + str(text).replace('"', '\\"') + '"'


# ---------------------------------------------------------------- names as a lecturer writes them


def _split_name(name: str) -> tuple[str, str]:
    """Base and subscript: x0 -> (x, 0), x_max -> (x, max), Delta_y -> (Delta, y); stray
    underscores (x_, a__b) are dropped, so every piece is letters and digits."""
    parts = [part for part in name.split("_") if part]
    if len(parts) > 1:
        return parts[0], "_".join(parts[1:])
    word = parts[0] if parts else name
    stripped = word.rstrip("0123456789")
    if stripped and stripped != word:
        return stripped, word[len(stripped) :]
    return word, ""


def _is_greek(word: str) -> bool:
    return word.lower() in greek_letters_set


def name_latex(name: str) -> str:
    r"""A name as written on a board: x0 -> x_{0}, Delta_y -> \Delta y, rise -> \text{rise},
    alpha -> \alpha, x_max -> x_{\text{max}}."""
    base, sub = _split_name(name)
    if base in DIFFERENCE_NAMES and sub:
        return f"{DIFFERENCE_NAMES[base]} {name_latex(sub)}"
    if _is_greek(base):
        head = sympy.latex(sympy.Symbol(base))
    elif len(base) == 1:
        head = base
    else:
        head = rf"\text{{{base}}}"
    if not sub:
        return head
    inner = sub if sub.isdigit() or len(sub) == 1 else name_latex(sub)
    return f"{head}_{{{inner}}}"


def name_caption(name: str) -> str:
    """A name in a caption line: Delta_y -> Δy, x0 -> x0, alpha -> α."""
    base, sub = _split_name(name)
    if base in DIFFERENCE_NAMES and sub:
        return ("Δ" if base == "Delta" else "δ") + name_caption(sub)
    if _is_greek(base) and base.lower() != base:
        head = _GREEK_CAPITALS.get(base, base)
    elif _is_greek(base):
        head = _GREEK_LOWER.get(base, base)
    else:
        head = base
    return head + (sub if sub.isdigit() or not sub else f"_{sub}")


def name_spoken(name: str) -> str:
    """A name as said: x0 -> "x zero", Delta_y -> "delta y", x_max -> "x max"."""
    base, sub = _split_name(name)
    if base in DIFFERENCE_NAMES and sub:
        return f"delta {name_spoken(sub)}"
    head = base.lower() if _is_greek(base) else base
    if not sub:
        return head
    return f"{head} {spoken_integer(int(sub)) if sub.isdigit() else name_spoken(sub)}"


_GREEK_LOWER = dict(
    zip(
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi "
        "rho sigma tau upsilon phi chi psi omega".split(),
        "αβγδεζηθικλμνξοπρστυφχψω",
        strict=True,
    )
)
_GREEK_CAPITALS = {name.capitalize(): letter.upper() for name, letter in _GREEK_LOWER.items()}


# ---------------------------------------------------------------- the written form


def _negated(expr: sympy.Expr) -> sympy.Expr | None:
    """The term without its written minus (-t, -3, -3*x), or None where it has none."""
    if expr.is_Number and expr.is_negative:
        return -expr
    if expr.is_Mul and expr.args[0].is_Number and expr.args[0].is_negative:
        first, *rest = expr.args
        if first == -1:
            return rest[0] if len(rest) == 1 else sympy.Mul(*rest, evaluate=False)
        return sympy.Mul(-first, *rest, evaluate=False)
    return None


def _terms(expr: sympy.Expr) -> list[tuple[bool, sympy.Expr]]:
    """A written sum as (minus, term) pairs; a - b + c is one sum, a + (b - c) keeps its
    parentheses (its second term is itself a sum)."""
    first, *rest = expr.args
    pairs = _terms(first) if first.is_Add else [_signed(first)]
    return pairs + [_signed(term) for term in rest]


def _signed(term: sympy.Expr) -> tuple[bool, sympy.Expr]:
    positive = _negated(term)
    return (True, positive) if positive is not None else (False, term)


def _fraction(expr: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(numerator, denominator) of a written a/b or 1/b, else None."""
    if expr.is_Pow and expr.exp == -1:
        return sympy.Integer(1), expr.base
    if expr.is_Mul and len(expr.args) == 2:
        top, bottom = expr.args
        if bottom.is_Pow and bottom.exp == -1:
            return top, bottom.base
    return None


def _factors(expr: sympy.Expr) -> list[sympy.Expr]:
    """A written product's factors, a*b*c flattened (a fraction or a minus stays whole)."""
    first, *rest = expr.args
    nested = first.is_Mul and _fraction(first) is None and _negated(first) is None
    return (_factors(first) if nested else [first]) + rest


def _is_atom(expr: sympy.Expr) -> bool:
    """Written as one piece: a number (not negative), a name, a call."""
    if expr.is_Number:
        return not expr.is_negative
    return expr.is_Symbol or expr in (sympy.pi, sympy.E) or isinstance(expr, sympy.Function)


def _decimal(number: sympy.Rational) -> str:
    """A number written with a decimal point, read as an exact fraction: 1/2 -> 0.5."""
    text = f"{sympy.Float(number, 30):.20f}".rstrip("0").rstrip(".")
    return text


class _WrittenLatex(LatexPrinter):
    """sympy's LaTeX, in the order and grouping the author wrote, names as on a board."""

    def __init__(self) -> None:
        super().__init__({"order": "none", "ln_notation": True})

    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        return name_latex(expr.name)

    def _print_Rational(self, expr: sympy.Rational) -> str:
        return _decimal(expr)  # a written fraction is a division; a Rational was a decimal

    def _print_Function(self, expr: sympy.Expr, exp: str | None = None) -> str:
        if isinstance(expr, AppliedUndef):
            inside = ", ".join(self._print(arg) for arg in expr.args)
            text = (
                rf"{expr.func.__name__}\left({inside}\right)"
                if "frac" in inside
                else (f"{expr.func.__name__}({inside})")
            )
            return text if exp is None else rf"{text}^{{{exp}}}"
        return super()._print_Function(expr, exp)

    def _print_Add(self, expr: sympy.Expr, order: str | None = None) -> str:
        text = ""
        for index, (minus, term) in enumerate(_terms(expr)):
            piece = self._grouped(term, term.is_Add)
            if index == 0:
                text = f"- {piece}" if minus else piece
            else:
                text += f" - {piece}" if minus else f" + {piece}"
        return text

    def _print_Mul(self, expr: sympy.Expr) -> str:
        positive = _negated(expr)
        if positive is not None and not (expr.args[0].is_Number and len(expr.args) > 2):
            return f"- {self._grouped(positive, positive.is_Add)}"
        fraction = _fraction(expr)
        if fraction is not None:
            top, bottom = fraction
            return rf"\frac{{{self._print(top)}}}{{{self._print(bottom)}}}"
        text = ""
        for index, factor in enumerate(_factors(expr)):
            piece = self._grouped(
                factor,
                factor.is_Add or (index > 0 and _negated(factor) is not None),
            )
            if index == 0:
                text = piece
            else:
                by_number = piece[:1].isdigit() or piece.startswith(r"\frac")
                joiner = r" \cdot " if by_number or factor.is_Number else " "
                text += joiner + piece
        return text

    def _print_Pow(self, expr: sympy.Expr) -> str:
        if _fraction(expr) is not None:
            return rf"\frac{{1}}{{{self._print(expr.base)}}}"
        if expr.exp == sympy.Rational(1, 2):
            return rf"\sqrt{{{self._print(expr.base)}}}"
        base = self._print(expr.base)
        if expr.base is sympy.E:
            base = "e"
        elif not _is_atom(expr.base) or isinstance(expr.base, sympy.Function):
            base = rf"\left({base}\right)"
        return f"{base}^{{{self._print(expr.exp)}}}"

    def _grouped(self, expr: sympy.Expr, parenthesized: bool) -> str:
        text = self._print(expr)
        return rf"\left({text}\right)" if parenthesized else text


def written_latex(expr: sympy.Expr) -> str:
    r"""A link's LaTeX as written: (y1 - y0)/(x1 - x0) -> \frac{y_{1} - y_{0}}{x_{1} - x_{0}}."""
    return _WrittenLatex().doprint(expr)


def written_caption(expr: sympy.Expr) -> str:
    """A link in a caption's plain text, as written: (y1 - y0)/(x1 - x0), Δy/Δx, 2x."""
    return " ".join(_caption(sympy.sympify(expr)).split())


def _caption(expr: sympy.Expr) -> str:
    if expr.is_Add:
        text = ""
        for index, (minus, term) in enumerate(_terms(expr)):
            piece = _caption_grouped(term, term.is_Add)
            sign = ("-" if index == 0 else " - ") if minus else ("" if index == 0 else " + ")
            text += sign + piece
        return text
    if expr.is_Mul or (expr.is_Pow and _fraction(expr) is not None):
        positive = _negated(expr) if expr.is_Mul else None
        if positive is not None and not (expr.args[0].is_Number and len(expr.args) > 2):
            return "-" + _caption_grouped(positive, positive.is_Add)
        fraction = _fraction(expr)
        if fraction is not None:
            top, bottom = fraction
            return f"{_caption_grouped(top, not _is_atom(top))}/" + _caption_grouped(
                bottom, not _is_atom(bottom)
            )
        pieces = [
            _caption_grouped(factor, factor.is_Add or (i > 0 and _negated(factor) is not None))
            for i, factor in enumerate(_factors(expr))
        ]
        text = pieces[0]
        for before, piece in zip(pieces, pieces[1:], strict=False):
            juxtaposed = before[-1:].isdigit() and piece[:1].isalpha() and len(pieces) == 2
            text += piece if juxtaposed else "·" + piece
        return text
    if expr.is_Pow:
        if expr.exp == sympy.Rational(1, 2):
            return f"sqrt({_caption(expr.base)})"
        base = "e" if expr.base is sympy.E else _caption_grouped(expr.base, not _is_atom(expr.base))
        exponent = _caption_grouped(expr.exp, not _is_atom(expr.exp))
        return f"{base}^{exponent}"
    if expr.is_Rational and not expr.is_Integer:
        return _decimal(expr)
    if expr.is_Symbol:
        return name_caption(expr.name)
    if isinstance(expr, sympy.Function):
        name = "ln" if isinstance(expr, sympy.log) else type(expr).__name__
        name = "abs" if name == "Abs" else name
        return f"{name}({', '.join(_caption(arg) for arg in expr.args)})"
    if expr is sympy.E:
        return "e"
    return str(expr)


def _caption_grouped(expr: sympy.Expr, parenthesized: bool) -> str:
    text = _caption(expr)
    return f"({text})" if parenthesized else text


def written_spoken(expr: sympy.Expr) -> str:
    """A link in words, as written: "y one minus y zero, over x one minus x zero"."""
    return " ".join(_spoken(sympy.sympify(expr)).split()).rstrip(",")


def _spoken(expr: sympy.Expr) -> str:
    if expr.is_Add:
        text = ""
        for index, (minus, term) in enumerate(_terms(expr)):
            piece = _spoken_grouped(term)
            sign = (
                ("minus " if index == 0 else " minus ")
                if minus
                else ("" if index == 0 else " plus ")
            )
            text += sign + piece
        return text
    if expr.is_Mul or (expr.is_Pow and _fraction(expr) is not None):
        positive = _negated(expr) if expr.is_Mul else None
        if positive is not None and not (expr.args[0].is_Number and len(expr.args) > 2):
            return "minus " + _spoken_grouped(positive)
        fraction = _fraction(expr)
        if fraction is not None:
            top, bottom = fraction
            if _is_common_fraction(top, bottom):
                return spoken_number(sympy.Rational(top, bottom))  # "three quarters"
            pause = "," if top.is_Add or bottom.is_Add else ""
            return f"{_spoken(top)}{pause} over {_spoken(bottom)}"
        factors = _factors(expr)
        pieces = [_spoken_grouped(factor) for factor in factors]
        if len(factors) == 2 and factors[0].is_Number and not factors[1].is_Number:
            return " ".join(pieces)  # "two x"
        return " times ".join(pieces)
    if expr.is_Pow:
        base, exponent = expr.args
        if exponent == sympy.Rational(1, 2):
            return f"the square root of {_spoken(base)}"
        if base is sympy.E:
            return f"e to the {_spoken(exponent)}"
        if exponent in POWER_WORDS:
            return f"{_spoken_grouped(base)} {POWER_WORDS[int(exponent)]}"
        return f"{_spoken_grouped(base)} to the {_spoken_grouped(exponent)}"
    if expr.is_Rational and not expr.is_Integer:
        return spoken_number(sympy.Float(_decimal(expr)))  # "zero point five", as written
    if expr.is_Number:
        return spoken_number(expr)
    if expr.is_Symbol:
        return name_spoken(expr.name)
    if expr is sympy.pi:
        return "pi"
    if expr is sympy.E:
        return "e"
    if isinstance(expr, sympy.Function):
        argument = ", ".join(_spoken(arg) for arg in expr.args)
        name = type(expr).__name__
        if name in FUNCTION_WORDS:
            return f"{FUNCTION_WORDS[name]} {argument}"
        return f"{name} of {argument}"
    return str(expr)


def _is_common_fraction(top: sympy.Expr, bottom: sympy.Expr) -> bool:
    """1/2, 3/4, 2/3: a fraction of small whole numbers in lowest terms, said as one number."""
    return (
        top.is_Integer
        and bottom.is_Integer
        and 0 < top < bottom <= MAX_SAID_DENOMINATOR
        and sympy.gcd(top, bottom) == 1
    )


def _spoken_grouped(expr: sympy.Expr) -> str:
    """A sum inside a product or a power is said as "the quantity ..."."""
    return f"the quantity {_spoken(expr)}," if expr.is_Add else _spoken(expr)
