"""French formatting in the documents: exact, and never broken across a line."""

from datetime import UTC, date, datetime
from fractions import Fraction

from minutes.fr import cents_fr, date_fr, datetime_fr, long_date_fr, percent_fr, share_fr


def plain(text: str) -> str:
    return " ".join(text.split())


def test_dates_in_full_with_the_first_of_the_month():
    assert date_fr(date(2026, 3, 3)) == "mardi 3 mars 2026"
    assert date_fr(date(2026, 3, 1)) == "dimanche 1er mars 2026"
    assert long_date_fr(date(2026, 3, 1)) == "1er mars 2026"
    assert long_date_fr(date(2026, 3, 11)) == "11 mars 2026"


def test_times_use_the_french_h():
    assert plain(datetime_fr(datetime(2026, 3, 3, 19, 5, tzinfo=UTC))) == (
        "mardi 3 mars 2026 à 19 h 05"
    )


def test_percentages_round_half_up_on_the_exact_fraction():
    assert plain(percent_fr(Fraction(2, 3))) == "66,67 %"
    assert plain(percent_fr(Fraction(1, 8000))) == "0,01 %"  # 0.0125 % rounds up
    assert plain(percent_fr(Fraction(1, 2))) == "50,00 %"


def test_shares_show_the_fraction_and_its_percentage():
    assert plain(share_fr(Fraction(1, 5))) == "1/5 (20 %)"
    assert plain(share_fr(Fraction(2, 3))) == "2/3 (66,67 %)"


def test_amounts_from_integer_cents_with_unbreakable_spaces():
    text = cents_fr(123_450)
    assert plain(text) == "1 234,50 €"
    assert " " not in text  # no ordinary space: the amount never breaks across lines
