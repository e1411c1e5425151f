from datetime import UTC, date, datetime
from decimal import Decimal

from scic.formatting import cents_fr, date_fr, datetime_fr, percent_fr


def test_dates_are_french_and_in_paris_time():
    assert date_fr(date(2026, 3, 3)) == "mardi 3 mars 2026"
    # 23:30 UTC on 31 March is already 1 April in Paris (summer time)
    assert (
        datetime_fr(datetime(2026, 3, 31, 23, 30, tzinfo=UTC)) == "mercredi 1er avril 2026 à 01:30"
    )
    assert datetime_fr(datetime(2026, 1, 6, 18, 0, tzinfo=UTC)) == "mardi 6 janvier 2026 à 19:00"


def test_amounts_and_percentages_are_french():
    assert cents_fr(123450).replace("\u202f", " ").replace("\xa0", " ") == "1 234,50 €"
    assert percent_fr(Decimal("33.34")).replace("\xa0", " ") == "33,34 %"
