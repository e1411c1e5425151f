"""The public recount file, format "scic-recount/1" (documented in votes/README.md):
what it holds (`Recount`) and how it is written (`dump_recount`). Reading is in votes.parse.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from votes.colleges import validate_colleges
from votes.model import Ballot, College, Counts, Quorum, Rule
from votes.result import TallyResult
from votes.tally import DEFAULT_RULE, tally

FORMAT = "scic-recount/1"


@dataclass(frozen=True)
class Recount:
    """Everything needed to recount one resolution.

    Build one from the same data you tally, then publish `dump_recount(recount)`:
    `recount.tally()` is then exactly what anyone will get from the file.
    """

    title: str
    colleges: tuple[College, ...] = ()
    ballots: tuple[Ballot, ...] = ()
    counts: tuple[Counts, ...] = ()
    rule: Rule = DEFAULT_RULE
    board_supports: bool | None = None
    quorum: Quorum | None = None
    min_published_voters: int = 3

    def __post_init__(self) -> None:
        colleges = validate_colleges(self.colleges) if self.colleges else ()
        object.__setattr__(self, "colleges", colleges)
        object.__setattr__(self, "ballots", tuple(self.ballots))
        object.__setattr__(self, "counts", tuple(self.counts))

    def tally(self) -> TallyResult:
        return tally(
            self.colleges,
            ((b.college, b.choice) for b in self.ballots),
            self.counts,
            rule=self.rule,
            board_supports=self.board_supports,
            quorum=self.quorum,
            min_published_voters=self.min_published_voters,
        )


def dump_recount(recount: Recount) -> str:
    """The recount file's JSON text (UTF-8, indented), ready to publish."""
    rule = recount.rule
    data = {
        "format": FORMAT,
        "resolution": {"title": recount.title, "board_supports": recount.board_supports},
        "rule": {
            "majority": {
                "threshold": str(rule.majority.threshold),
                "inclusive": rule.majority.inclusive,
            },
            "abstentions": rule.abstentions,
            "empty_college": rule.empty_college,
            "college_vote": rule.college_vote,
        },
        "colleges": [
            {"code": c.code, "name": c.name, "weight": str(c.weight)} for c in recount.colleges
        ],
        "ballots": [_ballot_dict(b) for b in recount.ballots],
        "counts": [{"college": c.college, **dict(c.items())} for c in recount.counts],
        "privacy": {"min_published_voters": recount.min_published_voters},
    }
    if recount.quorum is not None:
        q = recount.quorum
        data["quorum"] = {
            "eligible": q.eligible,
            "present": q.present,
            "remote": q.remote,
            "represented": q.represented,
            "postal": q.postal,
            "required": str(q.required),
        }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _ballot_dict(ballot: Ballot) -> dict:
    head = {} if ballot.receipt is None else {"receipt": ballot.receipt}
    return head | {"college": ballot.college, "choice": ballot.choice}
