"""The facts about written decimals that every template's number rule shares."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scenes.maths.decimals import plain, significant_digits, terminates, terminating_places
from scenes.maths.spoken_math import spoken_decimal_text


@pytest.mark.parametrize(
    ("denominator", "places"), [(1, 0), (2, 1), (8, 3), (20, 2), (3, None), (12, None)]
)
def test_a_fraction_ends_after_the_places_its_twos_and_fives_need(
    denominator: int, places: int | None
) -> None:
    assert terminating_places(denominator) == places
    assert terminates(denominator) is (places is not None)


@pytest.mark.parametrize(
    ("text", "digits"), [("0.0625", 3), ("-0.0625", 3), ("1200", 2), ("1200.5", 5), ("0", 1)]
)
def test_significant_digits_count_from_the_first_nonzero_digit(text: str, digits: int) -> None:
    assert significant_digits(text) == digits


def test_plain_digits_drop_trailing_zeros_and_never_write_minus_zero() -> None:
    assert plain(Decimal("0.2500")) == "0.25"
    assert plain(Decimal("1.23E+3")) == "1230"
    assert plain(Decimal("-0.000")) == "0"


def test_a_written_decimal_is_said_digit_by_digit_after_the_point() -> None:
    assert spoken_decimal_text("-0.05") == "minus zero point zero five"
    assert spoken_decimal_text("12.25") == "twelve point two five"
