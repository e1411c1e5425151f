"""The result of a tally: per-college rows and the decision."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from votes import display
from votes.explain import explain
from votes.model import Quorum, Rule


@dataclass(frozen=True)
class CollegeResult:
    """One row of the tally. `for_`/`against` include the blank proxies (see `blank_proxy`).

    `weight` is the statutory weight as a share of 1, `effective_weight` the weight after an
    empty college's weight was spread (0 for a college with an empty base). `share` is the
    value weighted into the result: the ratio, or 0, 1/2 or 1 under the bloc rule.
    `withheld` asks the display layer to hide the split (secret ballot, too few voters).
    """

    code: str | None
    name: str
    weight_percent: Decimal
    weight: Fraction
    effective_weight: Fraction
    for_: int
    against: int
    abstain: int
    blank: int
    null: int
    blank_proxy: int
    base: int
    ratio: Fraction | None
    share: Fraction | None
    withheld: bool

    @property
    def abstentions(self) -> int:
        return self.abstain + self.blank + self.null

    @property
    def voters(self) -> int:
        return self.for_ + self.against + self.abstentions


@dataclass(frozen=True)
class TallyResult:
    """The outcome of `tally`. `result` is None when no college has a non-empty base."""

    colleges: tuple[CollegeResult, ...]
    result: Fraction | None
    rule: Rule
    board_supports: bool | None
    quorum: Quorum | None
    adopted: bool
    weighted: bool
    min_published_voters: int

    @property
    def threshold(self) -> Fraction:
        return self.rule.majority.threshold

    @property
    def percent(self) -> str | None:
        """The result as a percentage with two decimals ("53.50"), rounded half up."""
        return None if self.result is None else display.percent(self.result)

    @property
    def quorum_reached(self) -> bool:
        return self.quorum is None or self.quorum.reached

    @property
    def outcome(self) -> Literal["adopted", "rejected", "no_quorum", "no_votes"]:
        if not self.quorum_reached:
            return "no_quorum"
        if self.result is None:
            return "no_votes"
        return "adopted" if self.adopted else "rejected"

    @property
    def blank_proxy_side(self) -> Literal["for", "against"]:
        return "for" if self.board_supports is True else "against"

    @property
    def totals(self) -> dict[str, int]:
        """Unweighted totals over all colleges (blank proxies already in for/against)."""
        names = ("for_", "against", "abstain", "blank", "null", "blank_proxy")
        return {n: sum(getattr(row, n) for row in self.colleges) for n in names}

    @property
    def explanation(self) -> str:
        """A short French text a secretary can read aloud."""
        return explain(self)
