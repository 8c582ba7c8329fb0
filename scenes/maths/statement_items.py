"""A statement's items read for the screen and for the voice: display equations written as
sympy formulas (their own names found from the formula), and TeX put into words.

An equation such as "L = -y*log(S) - (1 - y)*log(1 - S)" is kept as written (no
collecting or cancelling) and shown with sympy's LaTeX; its names are every identifier
that is not a known function or constant, declared as real symbols, and a name called
like a function ("f(x)") as a function, so the formula still goes through the safe
parser and nothing in it is ever run. TeX (a bullet's inline math, an equation given as
TeX) is put into plain words for the voice: "\\frac{a}{b}" is "a over b", "x^2" is
"x squared"; whatever the voice would still read badly is left out, and an item's own
`say` words take its place.
"""

from __future__ import annotations

import io
import keyword
import re
import tokenize
from dataclasses import dataclass
from decimal import Decimal

import sympy
from sympy.printing.latex import LatexPrinter

from scenes.content.expressions import CONSTANTS, FUNCTIONS
from scenes.content.spoken import unspeakable_part
from scenes.maths import given
from scenes.maths.narration_values import _CaptionPrinter
from scenes.maths.refusals import Refusal
from scenes.maths.spoken_math import spoken_expression

MAX_SHOWN_DIGITS = 4  # significant digits a number written in an equation may have
EQUALS = "="
FLOAT_PRECISION = 15  # digits a written decimal is kept to (it has at most MAX_SHOWN_DIGITS)
# the parser's constants that an equation means as a name (energy in E = m c^2); e and pi
# stay Euler's number and pi
NAMES_NOT_CONSTANTS = ("E",)


@dataclass(frozen=True)
class Equation:
    """A display equation as the screen shows it, the caption writes it and the voice says it."""

    latex: str
    written: str
    spoken: str


# ---------------------------------------------------------------- equations from formulas


def equation(key: str, text: str) -> Equation:
    """A formula with at most one '=' (left and right side), kept as written."""
    if not isinstance(text, str):
        raise Refusal(key, "is not a formula in quotes", text)
    if "==" in text or text.count(EQUALS) > 1:
        raise Refusal(key, "has more than one '='; write one equation per item", text)
    sides = [side.strip() for side in text.split(EQUALS)]
    if any(not side for side in sides):
        raise Refusal(key, "has '=' with nothing on one side", text)
    _check_digits(key, text)
    variables, functions = formula_names(text)
    parsed = [
        _written_decimals(given.formula(key, side, variables, functions, evaluate=False))
        for side in sides
    ]
    return Equation(
        latex=f" {EQUALS} ".join(equation_latex(side) for side in parsed),
        written=f" {EQUALS} ".join(_written_caption(side) for side in parsed),
        spoken=_said_names(" equals ".join(spoken_expression(side) for side in parsed)),
    )


def formula_names(text: str) -> tuple[list[str], list[str]]:
    """The names a formula uses (in order of first use): symbols, and the unknown names
    called like functions. Keywords and dunder names are left out, for the parser to refuse."""
    variables: list[str] = []
    functions: list[str] = []
    tokens = _tokens(text)
    for index, token in enumerate(tokens):
        if token.type != tokenize.NAME:
            continue
        name = token.string
        constant = name in CONSTANTS and name not in NAMES_NOT_CONSTANTS
        if name in FUNCTIONS or constant or keyword.iskeyword(name) or "__" in name:
            continue
        called = index + 1 < len(tokens) and tokens[index + 1].string == "("
        chosen, other = (functions, variables) if called else (variables, functions)
        if name not in chosen and name not in other:
            chosen.append(name)
    return variables, functions


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    tokens: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            tokens.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass  # the parser names what is wrong
    return tokens


def _check_digits(key: str, text: str) -> None:
    for number in re.findall(r"\d+(?:\.\d+)?", text):
        digits = number.replace(".", "").lstrip("0")
        if "." not in number:
            digits = digits.rstrip("0")
        if len(digits) > MAX_SHOWN_DIGITS:
            raise Refusal(
                key,
                f"writes the number {number}, more digits than a reader can use; "
                f"round it to {MAX_SHOWN_DIGITS} significant digits",
                text,
            )


def _written_decimals(expr: sympy.Expr) -> sympy.Expr:
    """The parser reads 0.5 as the exact 1/2; the screen shows it as it was written."""
    decimals = {
        atom: sympy.Float(str(Decimal(int(atom.p)) / Decimal(int(atom.q))), FLOAT_PRECISION)
        for atom in expr.atoms(sympy.Rational)
        if not atom.is_Integer
    }
    if not decimals:
        return expr
    with sympy.evaluate(False):
        return expr.xreplace(decimals)


def _flattened(expr: sympy.Expr) -> sympy.Expr:
    """Sums of sums and products of products as one sum or product, in the written order
    (the parser nests "a + b + c" as (a + b) + c, which would print with parentheses)."""
    if not expr.args:
        return expr
    args = [_flattened(arg) for arg in expr.args]
    if isinstance(expr, sympy.Add | sympy.Mul):
        spliced: list[sympy.Expr] = []
        for arg in args:
            spliced.extend(arg.args if type(arg) is type(expr) else (arg,))
        args = spliced
    return expr.func(*args, evaluate=False)


class _WrittenOrderPrinter(LatexPrinter):
    """sympy's LaTeX with the natural log as ln and terms in the order they were written."""

    def __init__(self) -> None:
        super().__init__({"ln_notation": True, "order": "none"})

    def _print_Float(self, expr: sympy.Float) -> str:
        return _decimal_text(expr)


def _decimal_text(value: sympy.Float) -> str:
    """A decimal as written: 0.5, 1.25 (no trailing zeros, no exponent)."""
    return format(Decimal(str(sympy.Float(value, 15))).normalize(), "f")


def _said_names(words: str) -> str:
    """Subscripted names as they are said: x_1 is "x sub 1"."""
    return _tidy(re.sub(r"\b([A-Za-z]+)_([A-Za-z0-9]+)\b", r"\1 sub \2", words))


def _written_caption(expr: sympy.Expr) -> str:
    """One side as a caption writes it (in the written order), its decimals without the
    zeros sympy pads them with."""
    text = _CaptionPrinter({"order": "none"}).doprint(_flattened(expr)).replace("**", "^")
    return re.sub(r"(\d+\.\d*?)0+\b", r"\1", text).replace(".)", ")").rstrip(".")


_OPERATOR_CALL = re.compile(r"(\\(?:ln|log|sin|cos|tan|tanh|exp)){\\left\(")


def equation_latex(expr: sympy.Expr) -> str:
    """One side of an equation in LaTeX, in the order it was written; ln(S), not ln (S)
    (TeX puts a thin space between an operator name and a \\left parenthesis)."""
    return _OPERATOR_CALL.sub(r"\1{\\!\\left(", _WrittenOrderPrinter().doprint(_flattened(expr)))


# ---------------------------------------------------------------- TeX in words

_GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi "
    "Sigma Phi Psi Omega"
).split()
_COMMAND_WORDS = {
    **{name: name.removeprefix("var").lower() for name in _GREEK},
    "ln": "log",
    "log": "log",
    "exp": "exp",
    "sin": "sine",
    "cos": "cosine",
    "tan": "tangent",
    "tanh": "tanh",
    "cdot": "times",
    "times": "times",
    "partial": "partial",
    "nabla": "gradient",
    "sum": "the sum",
    "prod": "the product",
    "int": "the integral",
    "infty": "infinity",
    "to": "to",
    "rightarrow": "to",
    "approx": "is about",
    "le": "at most",
    "leq": "at most",
    "ge": "at least",
    "geq": "at least",
    "ne": "is not",
    "neq": "is not",
    "pm": "plus or minus",
    "in": "in",
    "ldots": "and so on",
    "dots": "and so on",
    "cdots": "and so on",
    "lim": "the limit",
    "max": "the maximum",
    "min": "the minimum",
    "&": "and",
    "%": "percent",
}
_ONE_ARGUMENT = {"sqrt": "the square root of {}", "hat": "{} hat", "bar": "{} bar"}
_POWER_WORDS = {"2": "squared", "3": "cubed"}
_SYMBOL_WORDS = {
    "+": " plus ",
    "-": " minus ",
    "=": " equals ",
    "<": " is less than ",
    ">": " is greater than ",
    "/": " over ",
    "'": " prime ",
    "*": " times ",
}
_UNSPEAKABLE = set("\\$^_{}<>*#`|~") | {"∂", "∇", "∑", "∫", "→", "·", "′", "″"}


def tex_words(text: str) -> str:
    """A text with inline math ($...$ or \\(...\\)) in plain words for the voice."""
    pieces = re.split(r"(\$[^$]*\$|\\\(.*?\\\))", text)
    words = []
    for piece in pieces:
        if piece.startswith("$") or piece.startswith("\\("):
            words.append(math_words(piece.strip("$").removeprefix("\\(").removesuffix("\\)")))
        else:
            words.append(_plain(_TexReader(piece, math=False).read()))
    return _tidy(" ".join(words))


def math_words(latex: str) -> str:
    """A piece of TeX math in plain words: "\\frac{1}{1 + e^{-x}}" is "1 over 1 plus e to
    the minus x" (what the voice could not read is left out)."""
    return _tidy(_plain(_TexReader(latex, math=True).read()))


def _plain(words: str) -> str:
    return "".join(" " if character in _UNSPEAKABLE else character for character in words)


def _tidy(words: str) -> str:
    words = " ".join(words.replace(" ,", ",").split())
    words = re.sub(r"\s+([,.;:!?])", r"\1", words)
    return words if unspeakable_part(words) is None else _plain(words)


class _TexReader:
    """A small reader of TeX: groups, commands with arguments, scripts and symbols."""

    def __init__(self, text: str, math: bool) -> None:
        self.text, self.at, self.math = text, 0, math

    def read(self, until: str = "") -> str:
        out: list[str] = []
        while self.at < len(self.text):
            character = self.text[self.at]
            if until and character == until:
                self.at += 1
                break
            self.at += 1
            if character == "{":
                out.append(self.read("}"))
            elif character == "\\":
                out.append(self.command())
            elif character in "^_" and self.math:
                out.append(self.script(character))
            elif character in _SYMBOL_WORDS and self.math:
                out.append(_SYMBOL_WORDS[character])
            elif character in "()[]":
                out.append(" " if self.math else character)
            elif character == "~":
                out.append(" ")
            else:
                out.append(character)
        return "".join(out)

    def argument(self) -> str:
        while self.at < len(self.text) and self.text[self.at] == " ":
            self.at += 1
        if self.at >= len(self.text):
            return ""
        character = self.text[self.at]
        self.at += 1
        if character == "{":
            return self.read("}")
        if character == "\\":
            return self.command()
        return character

    def command(self) -> str:
        match = re.match(r"[A-Za-z]+|.", self.text[self.at :])
        if match is None:
            return ""
        name = match.group(0)
        self.at += len(name)
        if name == "frac" or name == "dfrac" or name == "tfrac":
            top, bottom = self.argument(), self.argument()
            return f" {top} over {bottom} "
        if name in _ONE_ARGUMENT:
            return " " + _ONE_ARGUMENT[name].format(self.argument()) + " "
        if name in ("text", "textbf", "textit", "emph", "mathrm", "mathbf", "operatorname"):
            return " " + self.argument() + " "
        if name in _COMMAND_WORDS:
            return f" {_COMMAND_WORDS[name]} "
        return " "  # spacing (\, \quad), \left, \right and what the voice cannot say

    def script(self, kind: str) -> str:
        inner = " ".join(self.argument().split())
        if kind == "_":
            return f" sub {inner} "
        if inner in _POWER_WORDS:
            return f" {_POWER_WORDS[inner]} "
        return f" to the {inner} "
