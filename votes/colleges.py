"""Validation of voting colleges [loi 47-1775, art. 19 octies]."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext

from votes.display import decimal_fr
from votes.model import College, CollegeError

MIN_COLLEGES = 3
MIN_WEIGHT = Decimal(10)
MAX_WEIGHT = Decimal(50)
TOTAL_WEIGHT = Decimal(100)


def as_college(item: College | tuple[str, str, Decimal | str | int]) -> College:
    """A College from a College or a (code, name, weight) triple."""
    if isinstance(item, College):
        return item
    if isinstance(item, tuple | list) and len(item) == 3:
        return College(*item)
    raise CollegeError(f"Collège illisible : {item!r} (attendu : code, nom, poids).")


def validate_colleges(
    colleges: Iterable[College | tuple[str, str, Decimal | str | int]],
) -> tuple[College, ...]:
    """Check the legal rules on colleges and return them as College objects, in order.

    3 colleges or more, unique non-empty codes, each weight between 10 % and 50 % (both
    allowed), weights summing to exactly 100 %. Raises CollegeError (a ValueError) with a
    French message naming the offending college; its `code` attribute names it too.
    """
    result = tuple(as_college(item) for item in colleges)
    if len(result) < MIN_COLLEGES:
        raise CollegeError(
            f"Il faut au moins {MIN_COLLEGES} collèges de vote ({len(result)} défini"
            f"{'s' if len(result) > 1 else ''})."
        )
    seen: set[str] = set()
    for college in result:
        _check_one(college, seen)
    total = exact_sum([college.weight for college in result])
    if total != TOTAL_WEIGHT:
        raise CollegeError(
            f"La somme des poids des collèges est de {decimal_fr(total)} % : "
            "elle doit être exactement de 100 %."
        )
    return result


def exact_sum(weights: list[Decimal]) -> Decimal:
    """The exact sum of weights already checked to lie between 10 and 50.

    Decimal arithmetic rounds to 28 digits by default, which could turn 99.99…9 into 100.
    """
    places = max(0, *(-weight.as_tuple().exponent for weight in weights))
    with localcontext() as context:
        context.prec = places + 5  # at most 10 weights of at most 50: under 1000
        return sum(weights, Decimal(0))


def _check_one(college: College, seen: set[str]) -> None:
    code, name = college.code, college.name
    if not isinstance(code, str) or not code.strip():
        raise CollegeError(f"Le collège « {name} » n'a pas de code.")
    if not isinstance(name, str) or not name.strip():
        raise CollegeError(f"Le collège {code} n'a pas de nom.", code)
    if code in seen:
        raise CollegeError(f"Le code de collège « {code} » est utilisé deux fois.", code)
    seen.add(code)
    if not MIN_WEIGHT <= college.weight <= MAX_WEIGHT:
        raise CollegeError(
            f"Le collège « {name} » ({code}) pèse {decimal_fr(college.weight)} % : "
            "le poids d'un collège doit être compris entre 10 % et 50 %.",
            code,
        )


def equal_weights(count: int) -> tuple[Decimal, ...]:
    """Default weights for `count` colleges, to the hundredth, summing to exactly 100.

    The first colleges take the extra hundredths: 3 -> 33.34, 33.33, 33.33.
    """
    if count < 1:
        raise CollegeError("Il faut au moins un collège pour répartir les poids.")
    base, extra = divmod(10_000, count)
    return tuple(Decimal(base + (1 if i < extra else 0)).scaleb(-2) for i in range(count))
