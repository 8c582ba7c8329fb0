"""Written decimals: the small facts every template's number rule rests on.

Whether a fraction ends as a decimal, how many places it needs, how many significant
digits a written number has, and a Decimal in plain digits (spoken_math says a written
decimal in words).
One place for them, so "0.0625 has 3 significant digits" means the same on every screen.
"""

from __future__ import annotations

from decimal import Decimal


def terminating_places(denominator: int) -> int | None:
    """How many decimal places p/denominator needs (1/8: 3), or None where it never ends."""
    twos = fives = 0
    while denominator % 2 == 0:
        denominator, twos = denominator // 2, twos + 1
    while denominator % 5 == 0:
        denominator, fives = denominator // 5, fives + 1
    return max(twos, fives) if denominator == 1 else None


def terminates(denominator: int) -> bool:
    """Whether p/denominator is a terminating decimal."""
    return terminating_places(denominator) is not None


def significant_digits(text: str) -> int:
    """Digits of a written number from its first non-zero one ("-0.0625" has 3); an
    integer's trailing zeros only say its size ("1200" has 2)."""
    digits = text.lstrip("-").replace(".", "").lstrip("0")
    if "." not in text:
        digits = digits.rstrip("0")
    return len(digits) or 1


def plain(value: Decimal) -> str:
    """A Decimal in plain digits without trailing zeros: 0.25, 1230, never -0."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
