"""Reading, in a plan, what the loader keeps as written: formulas in a template's own names
(Kind.FORMULA) and small tables (Kind.RECORDS).

Only the template knows which names a formula may use (a chain's values, a graph's inputs)
or which keys a table may have, so the plan reads them; each mistake is a Refusal whose
key says where ("elements[2].at"), one sentence as the loader's own refusals are.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

import sympy

from scenes.content.expressions import (
    ExpressionError,
    UnsafeLatexError,
    check_latex_text,
    parse_expression,
)
from scenes.content.loader import NumberError, exact_number
from scenes.maths.refusals import Refusal


def formula(
    key: str,
    text: str,
    variables: Sequence[str] = ("x",),
    functions: Sequence[str] = (),
    evaluate: bool = True,
) -> sympy.Expr:
    """A formula in the given variables and one-argument functions, or a refusal naming them."""
    try:
        return parse_expression(str(text), variables, functions, evaluate=evaluate)
    except ExpressionError as error:  # its reason lists the names allowed where it matters
        raise Refusal(key, f"is not a valid expression: {error}", text) from None


def number(key: str, value: Any) -> sympy.Expr:
    """An exact number written as in a lecture file: 1, 0.5, "1/3"."""
    try:
        return exact_number(value)
    except NumberError as error:
        raise Refusal(key, str(error), value) from None


def text(key: str, value: Any) -> str:
    """A text that reaches LaTeX (a label, a caption), checked as titles are."""
    if not isinstance(value, str):
        raise Refusal(key, "is not a text in quotes", value)
    try:
        return check_latex_text(value)
    except UnsafeLatexError as error:
        raise Refusal(key, f"is refused: it {error}", value) from None


def fields(
    key: str,
    record: Mapping[str, Any],
    required: Sequence[str],
    optional: Sequence[str] = (),
) -> None:
    """A record has every required key and no key the template does not read."""
    known = (*required, *optional)
    for name in record:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise Refusal(
                f"{key}.{name}", f"is not a key here{hint}; it may have {', '.join(known)}", None
            )
    for name in required:
        if name not in record:
            raise Refusal(key, f"has no {name}; it needs {', '.join(required)}", dict(record))


def one_of(key: str, record: Mapping[str, Any], kinds: Sequence[str]) -> str:
    """Which one of the keys `kinds` a record gives (exactly one), such as "point" or "tangent"."""
    given = [kind for kind in kinds if kind in record]
    if len(given) != 1:
        raise Refusal(
            key,
            f"must give exactly one of {', '.join(kinds)}"
            + (f"; it gives {', '.join(given)}" if given else ""),
            dict(record),
        )
    return given[0]
