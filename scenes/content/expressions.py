"""Content strings -> sympy, without ever running them as Python.

sympy's `parse_expr` ends in `eval`, so a formula typed into lecture.toml could
run code. Here a formula is checked token by token against a short whitelist
(numbers, known names, arithmetic), rewritten by sympy's token transformations
(2x -> 2*x, ^ -> **), and then built node by node from Python's syntax tree:
nothing is ever evaluated as code. Formulas with numbers so large that working
with them would hang the renderer are refused. Text that reaches LaTeX is checked
for commands that touch files or run programs.
"""

from __future__ import annotations

import ast
import io
import keyword
import re
import tokenize
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sympy
from sympy.parsing.sympy_parser import (
    auto_number,
    convert_xor,
    implicit_multiplication,
    rationalize,
    stringify_expr,
)

from scenes.content.limits import MAX_FORMULA_LENGTH

MAX_LENGTH = MAX_FORMULA_LENGTH  # characters; why: scenes/content/limits.py
MAX_NESTING = 20
MAX_EXPONENT = 1000
MAX_MAGNITUDE = 1e300
MAX_LITERAL_EXPONENT = 300

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "exp": sympy.exp,
    "log": sympy.log,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "tanh": sympy.tanh,
    "abs": sympy.Abs,
    "Abs": sympy.Abs,
}
CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi, "E": sympy.E, "e": sympy.E}
OPERATORS = frozenset({"+", "-", "*", "/", "**", "^", "(", ")", ","})

# Python's own tokens (0.5, 1e-3, 2) in plain decimal: no 0x, 1_000 or 1j.
_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?")
# Applied in this order: numbers -> exact sympy numbers, ^ -> **, 2x -> 2*x.
_TRANSFORMATIONS = (auto_number, rationalize, convert_xor, implicit_multiplication)
# The number constructors the transformations write into the rewritten text.
_NUMBER_MAKERS: dict[str, Callable[[str], sympy.Expr]] = {
    "Integer": sympy.Integer,
    "Rational": sympy.Rational,
}
_SKIPPED_TOKENS = frozenset({tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER})
_UNDEFINED = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)


class ExpressionError(ValueError):
    """A formula that is refused; the message is a short reason, without a final period."""


class UnsafeLatexError(ValueError):
    """Text that would let LaTeX read or write files or run commands."""


def parse_expression(
    text: str,
    variables: Sequence[str] = ("x",),
    functions: Sequence[str] = (),
    evaluate: bool = True,
) -> sympy.Expr:
    """Read a formula such as "x^2", "2x" or "1/(1 + exp(-x))" as a sympy expression.

    `variables` become real symbols; `functions` are extra one-argument names such
    as "S" in "S(x)*(1 - S(x))". With evaluate=False the formula keeps its written
    form (no collecting or cancelling), as author steps need.
    """
    names = _allowed_names(variables, functions)
    if not isinstance(text, str):
        raise ExpressionError(f"is a {type(text).__name__}, not a formula in quotes")
    text = text.strip()
    _check_characters(text)
    _check_tokens(text, names, set(FUNCTIONS) | set(functions))
    unevaluated = _parse(text, names, evaluate=False)
    _check_sizes(unevaluated)
    evaluated = _parse(text, names, evaluate=True)
    _check_result(evaluated, [names[v] for v in variables])
    return evaluated if evaluate else unevaluated


def check_latex_text(text: str) -> str:
    """Return `text` unchanged when it is safe to hand to LaTeX, else raise UnsafeLatexError."""
    if not isinstance(text, str):
        raise UnsafeLatexError(f"is a {type(text).__name__}, not text in quotes")
    control = next((c for c in text if _is_control(c) and c not in "\t\n"), None)
    if control is not None:
        raise UnsafeLatexError(f"contains the control character {control!r}")
    if "^^" in text:
        raise UnsafeLatexError(
            "contains '^^', which LaTeX reads as a character code and can hide commands"
        )
    for match in _CONTROL_SEQUENCE.finditer(text):
        name = match.group(1)
        if "@" in name:
            raise UnsafeLatexError(f"uses the internal command \\{name}, which is not allowed")
        if name.lower() in _UNSAFE_COMMANDS:
            raise UnsafeLatexError(
                f"uses \\{name}, which could read or write files or run commands"
            )
    return text


_CONTROL_SEQUENCE = re.compile(r"\\([A-Za-z@]+)")
# Lower-cased; TeX is case-sensitive, but refusing \Input too costs nothing.
_UNSAFE_COMMANDS = frozenset(
    {
        "input",
        "include",
        "includeonly",
        "endinput",
        "write",
        "immediate",
        "openin",
        "openout",
        "closein",
        "closeout",
        "read",
        "readline",
        "catcode",
        "lccode",
        "uccode",
        "def",
        "edef",
        "gdef",
        "xdef",
        "let",
        "futurelet",
        "csname",
        "expandafter",
        "scantokens",
        "everyeof",
        "newcommand",
        "renewcommand",
        "providecommand",
        "declarerobustcommand",
        "newdocumentcommand",
        "renewdocumentcommand",
        "newenvironment",
        "renewenvironment",
        "usepackage",
        "requirepackage",
        "documentclass",
        "makeatletter",
        "special",
        "verbatiminput",
        "lstinputlisting",
        "includegraphics",
        "directlua",
        "latelua",
        "shellescape",
        "pdfshellescape",
        "pdffiledump",
        "pdfprimitive",
        "primitive",
    }
)


def _is_control(char: str) -> bool:
    return ord(char) < 32 or 127 <= ord(char) < 160


def _allowed_names(variables: Sequence[str], functions: Sequence[str]) -> dict[str, Any]:
    """The only names a formula may use, mapped to what they mean."""
    for name in (*variables, *functions):
        if not name.isidentifier() or keyword.iskeyword(name) or "__" in name:
            raise ValueError(f"{name!r} cannot be a variable or function name")
    taken = set(variables) & set(functions) | (set(variables) | set(functions)) & set(FUNCTIONS)
    if taken:
        raise ValueError(f"names used twice: {', '.join(sorted(taken))}")
    names: dict[str, Any] = dict(CONSTANTS)
    names.update(FUNCTIONS)
    names.update({name: sympy.Function(name) for name in functions})
    names.update({name: sympy.Symbol(name, real=True) for name in variables})
    return names


def _check_characters(text: str) -> None:
    if not text:
        raise ExpressionError("is empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"is {len(text)} characters long; the limit is {MAX_LENGTH}")
    odd = next((c for c in text if not c.isascii() or _is_control(c)), None)
    if odd is not None:
        raise ExpressionError(f"contains the character {odd!r}; write formulas in plain ASCII")


def _check_tokens(text: str, names: Mapping[str, Any], callables: set[str]) -> None:
    """Refuse anything but numbers, allowed names and arithmetic, before any parsing."""
    allowed = ", ".join(names)
    opened: list[bool] = []  # per open parenthesis: is it a function call?
    previous: tokenize.TokenInfo | None = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind, value = token.type, token.string
            if kind in _SKIPPED_TOKENS or not value.strip():
                continue
            if kind == tokenize.NUMBER:
                _check_number(value, previous)
            elif kind == tokenize.NAME:
                _check_name(value, names, allowed)
            elif kind == tokenize.OP:
                _check_operator(value, previous, opened, callables)
            elif kind == tokenize.STRING:
                raise ExpressionError(f"contains the string {value}, which is not allowed")
            elif kind == tokenize.COMMENT:
                raise ExpressionError("contains '#', which is not allowed")
            else:
                raise ExpressionError(f"contains {value.strip()!r}, which is not allowed")
            if previous is not None and previous.string in callables and value != "(":
                raise ExpressionError(
                    f"uses the function {previous.string!r} without parentheses; "
                    f"write {previous.string}(x)"
                )
            previous = token
    except tokenize.TokenError:
        raise ExpressionError("has a '(' that is never closed") from None
    except (SyntaxError, IndentationError) as error:
        raise ExpressionError(f"cannot be read: {error.msg}") from None
    if previous is not None and previous.string in callables:
        raise ExpressionError(f"ends with the function {previous.string!r} and no argument")


def _check_number(value: str, previous: tokenize.TokenInfo | None) -> None:
    match = _NUMBER.fullmatch(value)
    if match is None:
        raise ExpressionError(f"contains the number {value!r}; write numbers like 2, 0.5 or 1e-3")
    if match.group("exp") and abs(int(match.group("exp"))) > MAX_LITERAL_EXPONENT:
        raise ExpressionError(
            f"contains the number {value!r}, beyond the limit of 1e{MAX_LITERAL_EXPONENT}"
        )
    if previous is not None and previous.type == tokenize.NUMBER:
        raise ExpressionError(f"has two numbers in a row, {previous.string!r} and {value!r}")


def _check_name(value: str, names: Mapping[str, Any], allowed: str) -> None:
    if keyword.iskeyword(value):
        raise ExpressionError(f"uses the Python keyword {value!r}, which is not allowed")
    if value not in names:
        hint = ""
        if len(value) > 1 and all(c in names for c in value):
            hint = f" (for a product write {'*'.join(value)})"
        raise ExpressionError(
            f"uses the name {value!r}, which is not allowed{hint}; allowed names: {allowed}"
        )


def _check_operator(
    value: str, previous: tokenize.TokenInfo | None, opened: list[bool], callables: set[str]
) -> None:
    if value == ".":
        raise ExpressionError("uses '.', but attribute access is not allowed")
    if value not in OPERATORS:
        allowed = " ".join(sorted(OPERATORS))
        raise ExpressionError(f"uses {value!r}, which is not allowed; allowed operators: {allowed}")
    if value == "(":
        is_call = previous is not None and previous.string in callables
        opened.append(is_call)
        if len(opened) > MAX_NESTING:
            raise ExpressionError(f"nests parentheses deeper than {MAX_NESTING} levels")
    elif value == ")":
        if not opened:
            raise ExpressionError("has a ')' without a matching '('")
        if previous is not None and previous.string == "(":
            raise ExpressionError("has empty parentheses '()'")
        opened.pop()
    elif value == "," and not (opened and opened[-1]):
        raise ExpressionError("uses ',' outside a function's arguments, as in log(x, 2)")


def _parse(text: str, names: Mapping[str, Any], evaluate: bool) -> Any:
    """Build the sympy expression from the syntax tree of the rewritten text, never eval."""
    try:
        code = stringify_expr(text, dict(names), dict(_NUMBER_MAKERS), _TRANSFORMATIONS)
        tree = ast.parse(code.strip(), mode="eval")
    except (SyntaxError, tokenize.TokenError):
        raise ExpressionError(_syntax_problem(text)) from None
    try:
        return _Builder(names, evaluate).build(tree.body)
    except ExpressionError:
        raise
    except Exception as error:  # sympy raises many kinds; all mean "not a formula"
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        detail = f" ({reason[:80]})" if reason else ""
        raise ExpressionError(f"is not a formula sympy can read{detail}") from None


class _Builder:
    """Turns the few node types a checked formula can contain into sympy objects.

    With evaluate=False each written operation becomes one unevaluated node, so
    "(1/a) * (b/c)" stays a product of two fractions and "x - 1" stays a difference.
    """

    def __init__(self, names: Mapping[str, Any], evaluate: bool) -> None:
        self.names = names
        self.evaluate = evaluate

    def build(self, node: ast.expr) -> Any:
        if isinstance(node, ast.BinOp):
            return self.binary(node.op, self.build(node.left), self.build(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.build(node.operand)
            return self.negate(operand) if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Name) and node.id in self.names:
            return self.names[node.id]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            return self.call(node.func.id, node.args)
        raise ExpressionError("is not a formula")

    def call(self, name: str, arguments: list[ast.expr]) -> Any:
        if name in _NUMBER_MAKERS:
            (literal,) = arguments
            if not isinstance(literal, ast.Constant) or not isinstance(literal.value, int | str):
                raise ExpressionError("is not a formula")
            return _NUMBER_MAKERS[name](str(literal.value))
        if name not in self.names:
            raise ExpressionError(f"uses the name {name!r}, which is not allowed")
        args = [self.build(argument) for argument in arguments]
        return self.names[name](*args, evaluate=self.evaluate)

    def binary(self, operator: ast.operator, left: Any, right: Any) -> Any:
        evaluate = self.evaluate
        if isinstance(operator, ast.Add):
            return sympy.Add(left, right, evaluate=evaluate)
        if isinstance(operator, ast.Sub):
            return sympy.Add(left, self.negate(right), evaluate=evaluate)
        if isinstance(operator, ast.Mult):
            return sympy.Mul(left, right, evaluate=evaluate)
        if isinstance(operator, ast.Pow):
            return sympy.Pow(left, right, evaluate=evaluate)
        if isinstance(operator, ast.Div):
            if evaluate:
                return left / right
            positive = _without_minus(left)
            if positive is not None:  # -a/b reads as -(a/b), not as ((-1)*a)/b
                return self.negate(self.binary(operator, positive, right))
            reciprocal = sympy.Pow(right, -1, evaluate=False)
            if left == 1:
                return reciprocal
            return sympy.Mul(left, reciprocal, evaluate=False)
        raise ExpressionError("is not a formula")

    def negate(self, value: Any) -> Any:
        if self.evaluate or isinstance(value, sympy.Number):
            return -value
        return sympy.Mul(-1, value, evaluate=False)


def _syntax_problem(text: str) -> str:
    """Where plain Python sees the mistake, in the author's own text."""
    try:
        ast.parse(text.replace("^", "**"), mode="eval")
    except SyntaxError as error:
        if error.offset:
            return f"has a syntax error at character {error.offset}: {error.msg}"
    return "is not a complete formula"


def _check_sizes(expr: Any) -> None:
    """Refuse power towers and huge numbers before sympy tries to compute them.

    Children come before parents, so every number measured here is built from parts
    already known to be small: measuring it is cheap.
    """
    for node in sympy.postorder_traversal(expr):
        if not isinstance(node, sympy.Basic):
            continue
        if isinstance(node, sympy.Pow) and node.exp.is_number:
            size = _magnitude(node.exp)
            if size > MAX_EXPONENT:
                raise ExpressionError(
                    f"raises to a power of about {size:.4g}; exponents are limited to "
                    f"{MAX_EXPONENT}"
                )
        if node.is_number and not node.is_Atom:
            size = _magnitude(node)
            if size > MAX_MAGNITUDE:
                about = "" if size == float("inf") else f" (about {size:.3g})"
                raise ExpressionError(
                    f"contains a number too large to work with{about}; the limit is "
                    f"{MAX_MAGNITUDE:.0e}"
                )


def _magnitude(value: sympy.Expr) -> float:
    """|value| as a float: inf when huge, 0 when undefined (reported later)."""
    approximate = value.evalf(15)
    if approximate.has(*_UNDEFINED):
        return 0.0
    try:
        return abs(complex(approximate))
    except (TypeError, ValueError):
        return 0.0
    except OverflowError:
        return float("inf")


def _check_result(expr: Any, symbols: Sequence[sympy.Symbol]) -> None:
    if not isinstance(expr, sympy.Expr):
        raise ExpressionError("is not a single formula")
    if expr.has(*_UNDEFINED):
        raise ExpressionError("is undefined (it divides by zero or similar)")
    extra = expr.free_symbols - set(symbols)
    if extra:
        raise ExpressionError(f"uses {', '.join(sorted(map(str, extra)))}, which is not allowed")


def _without_minus(value: Any) -> Any:
    """-a for an unevaluated product with a negative leading number, e.g. -2*x -> 2*x; else None."""
    if not isinstance(value, sympy.Mul) or not value.args:
        return None
    coefficient, *rest = value.args
    if not (coefficient.is_Number and coefficient.is_negative) or not rest:
        return None
    if coefficient == -1:
        return rest[0] if len(rest) == 1 else sympy.Mul(*rest, evaluate=False)
    return sympy.Mul(-coefficient, *rest, evaluate=False)
