"""Mathematics as a teacher says it: numbers and sympy expressions in words.

A voice reads "2.25" well enough, but "1/4", "x**2" or "(1 + e^-x)^-1" badly or not at all,
and narration is refused when it holds such symbols (content/spoken.py). So values that
reach the voice from a plan are written out here: "two point two five", "one quarter",
"minus two", "x squared", "one over one plus e to the minus x", "S of x". The Speech Rule
Engine (what MathJax uses for ClearSpeak) is the reference for how mathematics is read;
for the expressions a one-variable calculus lecture computes, a small sympy walk gives the
same readings without a JavaScript runtime, and stays exact where the plan is exact.
"""

from __future__ import annotations

import sympy

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred"))
_DENOMINATORS = {
    2: ("half", "halves"),
    3: ("third", "thirds"),
    4: ("quarter", "quarters"),
    5: ("fifth", "fifths"),
    6: ("sixth", "sixths"),
    8: ("eighth", "eighths"),
    10: ("tenth", "tenths"),
}
# how a power and a function are said (the as-written reader of equation_chain says them too)
POWER_WORDS = {2: "squared", 3: "cubed"}
FUNCTION_WORDS = {
    "exp": "e to the",
    "log": "the log of",
    "sin": "sine of",
    "cos": "cosine of",
    "tan": "tangent of",
    "tanh": "the hyperbolic tangent of",
    "sqrt": "the square root of",
    "Abs": "the absolute value of",
}
MAX_DECIMALS = 4  # a float is said to this many decimals at most ("zero point zero six two five")


def spoken_integer(value: int) -> str:
    """An integer in words: 0 -> "zero", -12 -> "minus twelve", 105 -> "one hundred five"."""
    if value < 0:
        return f"minus {spoken_integer(-value)}"
    if value < 20:
        return _ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")
    for size, word in _SCALES:
        if value >= size:
            high, rest = divmod(value, size)
            words = f"{spoken_integer(high)} {word}"
            return words + (f" {spoken_integer(rest)}" if rest else "")
    raise AssertionError(value)  # every positive integer is caught above


def spoken_number(value: object) -> str:
    """A number as a teacher says it: an exact proper fraction with a small denominator as
    words ("one quarter", "two thirds"), a terminating decimal as a decimal ("four point
    seven five"), another rational as "a over b", an irrational as its expression ("the
    square root of two"), a float as written (to 4 decimals; a third stays "one third")."""
    number = sympy.sympify(value)
    if number.is_Float:  # as the screen writes it: 0.5 is "zero point five"
        simple = sympy.nsimplify(number, tolerance=1e-12, rational=True)
        if simple.is_Rational and not _terminates(int(simple.q)) and int(simple.q) <= 12:
            return spoken_number(simple)  # 0.333... is "one third"
        return _spoken_decimal(float(number))
    if number.is_Integer:
        return spoken_integer(int(number))
    if number.is_Rational:
        if number < 0:
            return f"minus {spoken_number(-number)}"
        p, q = int(number.p), int(number.q)
        if q in _DENOMINATORS and p < q:
            single, plural = _DENOMINATORS[q]
            return f"{spoken_integer(p)} {single if p == 1 else plural}"
        if _terminates(q):
            return _spoken_decimal(float(number))
        return f"{spoken_integer(p)} over {spoken_integer(q)}"
    return spoken_expression(number)


def _terminates(denominator: int) -> bool:
    """Whether p/denominator is a decimal of at most MAX_DECIMALS places."""
    return (10**MAX_DECIMALS) % denominator == 0


def _spoken_decimal(value: float) -> str:
    return spoken_decimal_text(f"{value:.{MAX_DECIMALS}f}".rstrip("0").rstrip("."))


def spoken_decimal_text(text: str) -> str:
    """A written decimal in words, digit by digit after the point, as the screen writes it:
    "-0.05" is "minus zero point zero five"."""
    sign = "minus " if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    words = sign + spoken_integer(int(whole))
    if fraction:
        words += " point " + " ".join(_ONES[int(digit)] for digit in fraction)
    return words


def spoken_expression(expr: object) -> str:
    """A sympy expression in words: x**2 -> "x squared", 1/(1 + exp(-x)) -> "one over one
    plus e to the minus x", S(x) -> "S of x"."""
    return " ".join(_say(sympy.sympify(expr)).split())


def _say(expr: sympy.Expr) -> str:
    if expr.is_Number:
        return spoken_number(expr)
    if expr.is_Symbol:
        return str(expr)
    if expr is sympy.pi:
        return "pi"
    if expr is sympy.E:
        return "e"
    if expr.is_Add:
        return _say_sum(expr)
    if expr.is_Mul:
        return _say_product(expr)
    if expr.is_Pow:
        return _say_power(expr)
    if isinstance(expr, sympy.exp):
        return f"e to the {_say(expr.args[0])}"
    if isinstance(expr, sympy.Function):
        name = type(expr).__name__
        argument = ", ".join(_say(arg) for arg in expr.args)
        if name in FUNCTION_WORDS:
            return f"{FUNCTION_WORDS[name]} {argument}"
        return f"{name} of {argument}"
    if isinstance(expr, sympy.Derivative):
        return f"the derivative of {_say(expr.args[0])}"
    return str(expr)


def _say_sum(expr: sympy.Expr) -> str:
    terms = expr.as_ordered_terms()  # the order the LaTeX on screen shows them in
    if terms[0].could_extract_minus_sign():  # "e minus one", not "minus one plus e"
        first = next((t for t in terms if not t.could_extract_minus_sign()), terms[0])
        terms.remove(first)
        terms.insert(0, first)
    words = _say(terms[0])
    for term in terms[1:]:
        if term.could_extract_minus_sign():
            words += f" minus {_say(-term)}"
        else:
            words += f" plus {_say(term)}"
    return words


def _say_product(expr: sympy.Expr) -> str:
    if expr.could_extract_minus_sign():
        return f"minus {_say(-expr)}"
    numerator, denominator = sympy.fraction(expr, exact=True)  # e^-x stays on top
    if denominator != 1:
        return f"{_say(numerator)} over {_say(denominator)}"
    factors = sympy.Mul.make_args(expr)
    numbers = [f for f in factors if f.is_Number]  # an unevaluated 2*3 keeps both
    rest = sorted((f for f in factors if not f.is_Number), key=lambda f: f.is_Add)
    said = [spoken_number(n) for n in numbers] + [_grouped(f) for f in rest]
    joiner = " " if len(rest) == 1 and len(numbers) == 1 else " times "
    return joiner.join(said)


def _say_power(expr: sympy.Expr) -> str:
    base, exponent = expr.args
    if exponent == sympy.Rational(1, 2):
        return f"the square root of {_say(base)}"
    if exponent.is_Number and exponent < 0:
        return f"one over {_say(base**-exponent)}"
    if base is sympy.E:
        return f"e to the {_say(exponent)}"
    if exponent in POWER_WORDS and base.is_Add:  # the pause says where the quantity ends
        return f"the quantity {_say(base)}, {POWER_WORDS[int(exponent)]}"
    if exponent in POWER_WORDS:
        return f"{_grouped(base)} {POWER_WORDS[int(exponent)]}"
    return f"{_grouped(base)} to the {_say(exponent)}"


def _grouped(expr: sympy.Expr) -> str:
    """A sum inside a product or under a power is said as "the quantity ..." only where
    leaving it out would change what is heard."""
    if expr.is_Add:
        return f"the quantity {_say(expr)}"
    return _say(expr)
