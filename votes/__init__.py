"""Exact, college-weighted tally engine for SCIC votes, with a public recount tool.

Standard library only: the web app calls it, and anyone can run `python -m votes recount`.
"""

from votes.board import BoardResult, BoardVote, decide_board
from votes.colleges import equal_weights, validate_colleges
from votes.display import percent, percent_fr
from votes.election import Candidate, ElectionResult, check_election_ballot, elect
from votes.model import (
    CHOICES,
    EXTRAORDINARY,
    ORDINARY,
    Ballot,
    College,
    CollegeError,
    Counts,
    Majority,
    Quorum,
    Rule,
    VoteError,
)
from votes.parse import load_recount, loads_recount, parse_recount
from votes.recount import FORMAT, Recount, dump_recount
from votes.report import format_report, result_to_dict
from votes.result import CollegeResult, TallyResult
from votes.tally import tally

__all__ = [
    "CHOICES",
    "EXTRAORDINARY",
    "FORMAT",
    "ORDINARY",
    "Ballot",
    "BoardResult",
    "BoardVote",
    "Candidate",
    "College",
    "CollegeError",
    "CollegeResult",
    "Counts",
    "ElectionResult",
    "Majority",
    "Quorum",
    "Recount",
    "Rule",
    "TallyResult",
    "VoteError",
    "check_election_ballot",
    "decide_board",
    "dump_recount",
    "elect",
    "equal_weights",
    "format_report",
    "load_recount",
    "loads_recount",
    "parse_recount",
    "percent",
    "percent_fr",
    "result_to_dict",
    "tally",
    "validate_colleges",
]
