"""Exact display helpers: rounding happens here only, on Fractions, never through floats."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def percent(value: Fraction, places: int = 2) -> str:
    """`value` (a share of 1) as a percentage string, rounded half up: 107/200 -> "53.50"."""
    scaled = Fraction(value) * 100 * 10**places
    sign = "-" if scaled < 0 else ""
    quotient, remainder = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        quotient += 1
    digits = str(quotient).rjust(places + 1, "0")
    if not places:
        return sign + digits
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def percent_fr(value: Fraction, places: int = 2) -> str:
    """French display of a share of 1: 107/200 -> "53,50 %"."""
    return percent(value, places).replace(".", ",") + " %"


def integer_fr(value: int) -> str:
    """French thousands separator: 12345 -> "12 345"."""
    return f"{value:,}".replace(",", " ")


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """ "1 participant", "40 participants"."""
    chosen = word if count < 2 else (plural_word or word + "s")
    return f"{integer_fr(count)} {chosen}"


def decimal_fr(value: Decimal) -> str:
    """A Decimal without useless zeros, French comma: Decimal("33.30") -> "33,3"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def exact_percent_fr(value: Fraction) -> str | None:
    """ "50 %" when the percentage of `value` is a finite decimal, else None."""
    scaled = value * 100
    for places in range(scaled.denominator.bit_length() + 1):
        shifted = scaled * 10**places
        if shifted.denominator == 1:
            return decimal_fr(Decimal(f"{shifted.numerator}E-{places}")) + " %"
    return None


def share_fr(value: Fraction) -> str:
    """A threshold or weight in words: "50 %", or "2/3 (66,67 %)" when not a finite decimal."""
    exact = exact_percent_fr(value)
    return exact if exact is not None else f"{value} ({percent_fr(value)})"
