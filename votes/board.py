"""Board decisions (conseil d'administration), DOMAIN.md §4.

Quorum: at least half the directors physically present, proxies excluded. Majority: more
than half of the directors present or represented, so a director who abstains or does not
vote weighs like a vote against. A tie (exactly half for) is broken by the chair's casting
vote when the statutes give one (`casting_vote=True`, the default): the chair's own vote wins.
Each present director holds at most one proxy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from votes.display import plural
from votes.model import VoteError, attribute, is_count

CHAIR_VOTES = ("for", "against", "abstain", None)


@dataclass(frozen=True)
class BoardVote:
    """A board vote. `chair_vote` is the chair's own vote, None when absent or not voting."""

    directors: int
    present: int
    represented: int = 0
    for_: int = 0
    against: int = 0
    abstain: int = 0
    chair_vote: Literal["for", "against", "abstain"] | None = None

    def __post_init__(self) -> None:
        for name in ("directors", "present", "represented", "for_", "against", "abstain"):
            if not is_count(getattr(self, name)):
                raise VoteError(f"Conseil : « {name} » doit être un entier positif ou nul.")
        if self.directors < 1:
            raise VoteError("Conseil : il faut au moins un administrateur.")
        if self.present + self.represented > self.directors:
            raise VoteError(
                f"Conseil : {self.present} présents et {self.represented} représentés "
                f"pour {self.directors} administrateurs."
            )
        if self.represented > self.present:
            raise VoteError(
                f"Conseil : {self.represented} pouvoirs pour {self.present} présents "
                "(un pouvoir au plus par administrateur)."
            )
        if self.for_ + self.against + self.abstain > self.voters:
            raise VoteError(
                f"Conseil : {self.for_ + self.against + self.abstain} votes pour "
                f"{self.voters} administrateurs présents ou représentés."
            )
        if self.chair_vote not in CHAIR_VOTES:
            raise VoteError(f"Conseil : vote du président inconnu « {self.chair_vote} ».")
        if self.chair_vote is not None and not getattr(self, attribute(self.chair_vote)):
            raise VoteError(f"Conseil : le président a voté « {self.chair_vote} », non décompté.")

    @property
    def voters(self) -> int:
        return self.present + self.represented


@dataclass(frozen=True)
class BoardResult:
    vote: BoardVote
    quorum_required: int
    quorum_reached: bool
    tie: bool
    casting_vote_used: bool
    adopted: bool

    @property
    def explanation(self) -> str:
        vote = self.vote
        present = plural(vote.present, "administrateur présent", "administrateurs présents")
        quorum = f"{present} pour {self.quorum_required} requis"
        if not self.quorum_reached:
            return f"Aucune décision : quorum du conseil non atteint ({quorum})."
        verdict = "adoptée" if self.adopted else "rejetée"
        text = (
            f"Délibération {verdict} : {vote.for_} pour, {vote.against} contre, "
            f"{vote.abstain} abstention(s) sur {vote.voters} présents ou représentés. "
            f"Quorum atteint : {quorum}."
        )
        if self.casting_vote_used:
            text += " Partage des voix : la voix prépondérante du président l'emporte."
        elif self.tie:
            text += " Partage des voix sans voix prépondérante : pas de majorité."
        return text


def decide_board(vote: BoardVote, casting_vote: bool = True) -> BoardResult:
    """Decide a board vote; `casting_vote` gives the chair's vote the last word in a tie."""
    required = -(-vote.directors // 2)
    reached = vote.present >= required
    tie = 2 * vote.for_ == vote.voters and vote.voters > 0
    used = tie and casting_vote and vote.chair_vote in ("for", "against")
    majority = 2 * vote.for_ > vote.voters or (used and vote.chair_vote == "for")
    return BoardResult(
        vote=vote,
        quorum_required=required,
        quorum_reached=reached,
        tie=tie,
        casting_vote_used=used,
        adopted=reached and majority,
    )
