"""French formatting of dates, times and amounts (Babel), shown in Europe/Paris."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal, format_percent

from votes import percent_fr as fraction_percent_fr

LOCALE = "fr_FR"
PARIS = ZoneInfo("Europe/Paris")


def local(value: datetime) -> datetime:
    return value.astimezone(PARIS)


def date_fr(value: date | datetime | None, fmt: str = "full") -> str:
    """« mardi 3 mars 2026 »."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    text = format_date(value, format=fmt, locale=LOCALE)
    if value.day == 1 and fmt in ("full", "long"):  # « le 1er mars »
        text = text.replace(" 1 ", " 1er ", 1)
    return text


def datetime_fr(value: datetime | None) -> str:
    """« mardi 3 mars 2026 à 19:00 »."""
    if value is None:
        return ""
    return f"{date_fr(value)} à {format_time(local(value), 'HH:mm', locale=LOCALE)}"


def timestamp_fr(value: datetime | None) -> str:
    """Short form for lists: « 03/03/2026 19:00 »."""
    if value is None:
        return ""
    return format_datetime(local(value), "dd/MM/yyyy HH:mm", locale=LOCALE)


def cents_fr(cents: int | None) -> str:
    """« 1 234,50 € » from integer cents."""
    if cents is None:
        return ""
    return format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE)


def number_fr(value) -> str:
    return format_decimal(value, locale=LOCALE)


def percent_fr(value: Decimal | None, digits: int = 2) -> str:
    """« 33,34 % » from a percentage such as Decimal('33.34')."""
    if value is None:
        return ""
    pattern = "#,##0." + "0" * digits + " %" if digits else "#,##0 %"
    return format_percent(Decimal(value) / 100, format=pattern, locale=LOCALE)


def init_app(app):
    app.jinja_env.filters.update(
        date_fr=date_fr,
        datetime_fr=datetime_fr,
        timestamp_fr=timestamp_fr,
        cents_fr=cents_fr,
        number_fr=number_fr,
        percent_fr=percent_fr,
        pct=fraction_percent_fr,
    )
