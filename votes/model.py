"""Data types of the tally engine: errors, inputs and rules.

Everything is exact: weights are `Decimal` percentages, ratios and results are `Fraction`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal

CHOICES = ("for", "against", "abstain", "blank", "null", "blank_proxy")
MAX_EXPONENT = 100  # a fraction written as 1e999999999 would take hours to convert

Choice = Literal["for", "against", "abstain", "blank", "null", "blank_proxy"]


class VoteError(ValueError):
    """Invalid vote data. The message is one line of French naming the problem."""


class CollegeError(VoteError):
    """Invalid colleges. `code` is the offending college's code, when there is one."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


def parse_decimal(value: object) -> Decimal | None:
    """An exact finite Decimal from a Decimal, an int or a string; None otherwise (floats too)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        return None
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_fraction(value: object) -> Fraction | None:
    """An exact Fraction from a Fraction, an int, a Decimal or a string such as "2/3" or "0.2".

    None when unreadable, or when a decimal exponent exceeds MAX_EXPONENT either way.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str) and "/" in value:
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            return None
    number = parse_decimal(value)
    if number is None or abs(number.as_tuple().exponent) > MAX_EXPONENT:
        return None
    return Fraction(number)


def is_count(value: object) -> bool:
    """A count is a non-negative int (a bool is not a count)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_count(value: object, what: str) -> None:
    if not is_count(value):
        raise VoteError(f"{what} doit être un entier positif ou nul (reçu {value!r}).")


@dataclass(frozen=True)
class College:
    """A voting college; `weight` is a percentage ("33.34" or Decimal("33.34"))."""

    code: str
    name: str
    weight: Decimal

    def __post_init__(self) -> None:
        weight = parse_decimal(self.weight)
        if weight is None:
            raise CollegeError(
                f"Le collège « {self.name} » ({self.code}) a un poids illisible "
                f"« {self.weight} » : écrire un pourcentage décimal, par exemple « 33.34 ».",
                self.code,
            )
        object.__setattr__(self, "weight", weight)


@dataclass(frozen=True)
class Ballot:
    """One ballot: its college code (None without colleges), its choice, an optional receipt."""

    college: str | None
    choice: Choice
    receipt: str | None = None


@dataclass(frozen=True)
class Counts:
    """Per-college counts, e.g. from a show of hands; added to the ballots of the same college."""

    college: str | None
    for_: int = 0
    against: int = 0
    abstain: int = 0
    blank: int = 0
    null: int = 0
    blank_proxy: int = 0

    def __post_init__(self) -> None:
        for choice, value in self.items():
            _check_count(value, f"Le décompte « {choice} » du collège {self.college}")

    @classmethod
    def of(cls, college: str | None, numbers: Mapping[str, int]) -> Counts:
        """Counts keyed by choice names: Counts.of("A", {"for": 6, "against": 4})."""
        for choice in numbers:
            if choice not in CHOICES:
                raise VoteError(f"Choix inconnu « {choice} » (attendu : {', '.join(CHOICES)}).")
        return cls(college, **{attribute(choice): n for choice, n in numbers.items()})

    def items(self) -> list[tuple[str, int]]:
        """(choice, count) pairs, with the choice names of CHOICES ("for", not "for_")."""
        return [(choice, getattr(self, attribute(choice))) for choice in CHOICES]


def attribute(choice: str) -> str:
    """The attribute name holding a choice ("for" is a keyword, hence "for_")."""
    return "for_" if choice == "for" else choice


@dataclass(frozen=True)
class Majority:
    """Adopted iff result > threshold, or result >= threshold when `inclusive`."""

    threshold: Fraction
    inclusive: bool = False

    def __post_init__(self) -> None:
        threshold = parse_fraction(self.threshold)
        if threshold is None or not 0 < threshold <= 1:
            raise VoteError(
                f"Seuil de majorité invalide « {self.threshold} » : "
                "écrire une fraction comprise entre 0 (exclu) et 1, par exemple « 2/3 »."
            )
        object.__setattr__(self, "threshold", threshold)

    def passes(self, result: Fraction) -> bool:
        return result >= self.threshold if self.inclusive else result > self.threshold


ORDINARY = Majority(Fraction(1, 2), inclusive=False)
EXTRAORDINARY = Majority(Fraction(2, 3), inclusive=True)

_RULE_OPTIONS = {
    "abstentions": ("not_cast", "against"),
    "empty_college": ("proportional", "equal"),
    "college_vote": ("proportional", "bloc"),
}


@dataclass(frozen=True)
class Rule:
    """The counting rule; every field is a statutory setting (DOMAIN.md §5)."""

    majority: Majority = ORDINARY
    abstentions: Literal["not_cast", "against"] = "not_cast"
    empty_college: Literal["proportional", "equal"] = "proportional"
    college_vote: Literal["proportional", "bloc"] = "proportional"

    def __post_init__(self) -> None:
        for name, allowed in _RULE_OPTIONS.items():
            if getattr(self, name) not in allowed:
                raise VoteError(
                    f"Valeur inconnue « {getattr(self, name)} » pour la règle « {name} » "
                    f"(attendu : {', '.join(allowed)})."
                )


@dataclass(frozen=True)
class Quorum:
    """Headcount quorum: participants >= ceil(required × eligible); required 0 means none."""

    eligible: int
    present: int = 0
    remote: int = 0
    represented: int = 0
    postal: int = 0
    required: Fraction = Fraction(0)

    def __post_init__(self) -> None:
        for name in ("eligible", "present", "remote", "represented", "postal"):
            _check_count(getattr(self, name), f"Le quorum « {name} »")
        required = parse_fraction(self.required)
        if required is None or not 0 <= required <= 1:
            raise VoteError(
                f"Quorum requis invalide « {self.required} » : "
                "écrire une fraction comprise entre 0 et 1, par exemple « 1/5 »."
            )
        object.__setattr__(self, "required", required)
        if self.participants > self.eligible:
            raise VoteError(
                f"Quorum incohérent : {self.participants} participants "
                f"pour {self.eligible} associés ayant le droit de vote."
            )

    @property
    def participants(self) -> int:
        return self.present + self.remote + self.represented + self.postal

    @property
    def required_count(self) -> int:
        """The number of participants needed: ceil(required × eligible), exactly."""
        product = self.required * self.eligible
        return -(-product.numerator // product.denominator)

    @property
    def reached(self) -> bool:
        return self.participants >= self.required_count
