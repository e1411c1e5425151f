"""French formatting for legal documents: « mardi 3 mars 2026 à 19 h 30 », « 1 234,50 € ».

Numbers are grouped with a narrow no-break space (U+202F) so that they never break across
lines; percentages are rounded half up on the exact Fraction (votes.display), never a float.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from babel.dates import format_date
from babel.numbers import format_currency

from votes.display import exact_percent_fr, percent

LOCALE = "fr_FR"
NNBSP = "\u202f"
NBSP = "\u00a0"


def date_fr(value: date | datetime | None) -> str:
    """« mardi 3 mars 2026 », « dimanche 1er mars 2026 »."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    text = format_date(day, format="full", locale=LOCALE)
    return text.replace(" 1 ", " 1er ", 1) if day.day == 1 else text


def long_date_fr(value: date | datetime | None) -> str:
    """« 3 mars 2026 », « 1er mars 2026 »."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    text = format_date(day, format="long", locale=LOCALE)
    return "1er" + text[1:] if day.day == 1 else text


def time_fr(value: datetime | None) -> str:
    """« 19 h 30 »."""
    if value is None:
        return ""
    return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"


def datetime_fr(value: datetime | None) -> str:
    """« mardi 3 mars 2026 à 19 h 30 »."""
    if value is None:
        return ""
    return f"{date_fr(value)} à {time_fr(value)}"


def integer_fr(value: int) -> str:
    """« 12 345 »."""
    return f"{value:,}".replace(",", NNBSP)


def cents_fr(cents: int) -> str:
    """« 1 234,50 € » from integer cents."""
    return format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE)


def percent_fr(value: Fraction) -> str:
    """« 53,50 % » (two decimals, half up, computed on the exact fraction)."""
    return percent(value).replace(".", ",") + f"{NBSP}%"


def share_fr(value: Fraction) -> str:
    """A fraction in words: « 1/5 (20 %) », « 2/3 (66,67 %) », « 1/2 (50 %) »."""
    exact = exact_percent_fr(value)
    shown = exact.replace(" %", f"{NBSP}%") if exact else percent_fr(value)
    return f"{value.numerator}/{value.denominator} ({shown})"


def plural_fr(count: int, word: str, plural_word: str | None = None) -> str:
    """« 1 associé », « 40 associés »."""
    chosen = word if count < 2 else (plural_word or word + "s")
    return f"{integer_fr(count)} {chosen}"


FILTERS = {
    "date_fr": date_fr,
    "long_date_fr": long_date_fr,
    "time_fr": time_fr,
    "datetime_fr": datetime_fr,
    "integer_fr": integer_fr,
    "cents_fr": cents_fr,
    "percent_fr": percent_fr,
    "share_fr": share_fr,
    "plural_fr": plural_fr,
}
