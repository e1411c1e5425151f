"""Display rounding is exact and half up; it never changes a decision."""

from decimal import Decimal
from fractions import Fraction

import pytest

from votes import percent, percent_fr
from votes.display import decimal_fr, integer_fr, share_fr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(107, 200), "53.50"),
        (Fraction(1, 3), "33.33"),
        (Fraction(2, 3), "66.67"),
        (Fraction(1, 800), "0.13"),  # 0.125 %: half up, not half even
        (Fraction(5, 100_000), "0.01"),
        (Fraction(49_999, 10_000_000), "0.50"),
        (Fraction(0), "0.00"),
        (Fraction(1), "100.00"),
    ],
)
def test_percent_rounds_half_up_on_the_exact_fraction(value, expected):
    assert percent(value) == expected


def test_french_forms():
    assert percent_fr(Fraction(107, 200)) == "53,50 %"
    assert percent(Fraction(1, 3), places=0) == "33"
    assert decimal_fr(Decimal("33.30")) == "33,3"
    assert decimal_fr(Decimal("5E+1")) == "50"
    assert integer_fr(12345) == "12 345"
    assert share_fr(Fraction(1, 2)) == "50 %"
    assert share_fr(Fraction(1, 8)) == "12,5 %"
    assert share_fr(Fraction(2, 3)) == "2/3 (66,67 %)"
