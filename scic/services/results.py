"""From the database to the ``votes`` engine: the recount data of a resolution, its
result, the quorum, the published receipts. The page, the e-mails, the minutes and the
downloadable ``scic-recount/1`` file all come from ``build_recount``, so they agree."""

import hashlib
from dataclasses import dataclass
from fractions import Fraction

from sqlmodel import Session, col, func, select

import votes

from ..models import (
    Attendance,
    Ballot,
    College,
    Meeting,
    Resolution,
    RollEntry,
    RoomCount,
    SecretBallot,
    SecretVoter,
)
from . import ServiceError
from .attendance import attendance_modes
from .audit import chain_head
from .meetings import quorum_rules
from .proxies import represented_ids
from .roll import roll_member_ids, roll_weights
from .settings import get_cooperative


def meeting_colleges(session: Session, meeting: Meeting) -> list[tuple[College, votes.College]]:
    """The colleges with the weights frozen with the meeting's roll, for the engine."""
    if not get_cooperative(session).uses_colleges:
        return []
    return [(c, votes.College(c.code, c.name, w)) for c, w in roll_weights(session, meeting)]


def _rule(coop, resolution: Resolution) -> votes.Rule:
    if resolution.kind == "extraordinary":
        majority = votes.Majority(coop.majority_extraordinary, inclusive=True)
    else:
        majority = votes.Majority(coop.majority_ordinary, inclusive=False)
    return votes.Rule(
        majority=majority,
        abstentions=coop.abstentions,
        empty_college=coop.empty_college,
        college_vote=coop.college_vote,
    )


@dataclass(frozen=True)
class CountedBallot:
    member_id: int
    college_id: int | None
    choice: str
    channel: str
    receipt: str


def current_ballots(session: Session, resolution: Resolution) -> list[CountedBallot]:
    """The ballot that counts for each member (their last revision), as plain rows:
    a large assembly has tens of thousands of them."""
    latest = (
        select(Ballot.member_id, func.max(Ballot.revision).label("revision"))
        .where(Ballot.resolution_id == resolution.id)
        .group_by(Ballot.member_id)
        .subquery()
    )
    rows = session.exec(
        select(Ballot.member_id, Ballot.college_id, Ballot.choice, Ballot.channel, Ballot.receipt)
        .join(
            latest,
            (Ballot.member_id == latest.c.member_id) & (Ballot.revision == latest.c.revision),
        )
        .where(Ballot.resolution_id == resolution.id)
        .order_by(Ballot.receipt)
    )
    return [CountedBallot(*row) for row in rows]


def _box(session, resolution) -> list[tuple[int | None, str, str]]:
    """(college id, choice, receipt) of every ballot that counts."""
    if resolution.secret:
        rows = session.exec(
            select(SecretBallot.college_id, SecretBallot.choice, SecretBallot.receipt)
            .where(SecretBallot.resolution_id == resolution.id)
            .order_by(SecretBallot.receipt)
        ).all()
        return [tuple(row) for row in rows]
    return [(b.college_id, b.choice, b.receipt) for b in current_ballots(session, resolution)]


def room_counts(session: Session, resolution: Resolution) -> list[RoomCount]:
    """The last show of hands entered for each college."""
    rows = session.exec(
        select(RoomCount)
        .where(RoomCount.resolution_id == resolution.id)
        .order_by(col(RoomCount.id).desc())
    ).all()
    latest = {}
    for row in rows:
        latest.setdefault(row.college_id, row)
    return list(latest.values())


def participation(session: Session, resolution: Resolution) -> dict[str, set[int]]:
    """Who took part, each member counted once: present (checked in, or voting in the
    room), remote (checked in remotely, or voting online), represented, postal."""
    meeting = session.get(Meeting, resolution.meeting_id)
    modes = attendance_modes(session, meeting)
    present = {m for m, mode in modes.items() if mode == "present"}
    remote = {m for m, mode in modes.items() if mode == "remote"}
    postal = set()
    if resolution.secret:
        remote |= set(
            session.exec(
                select(SecretVoter.member_id).where(SecretVoter.resolution_id == resolution.id)
            )
        )
    else:
        for ballot in current_ballots(session, resolution):
            if ballot.channel == "postal":
                postal.add(ballot.member_id)
            elif ballot.channel == "online":
                remote.add(ballot.member_id)
            elif ballot.channel == "room":
                present.add(ballot.member_id)
    remote -= present
    represented = represented_ids(session, meeting) - present - remote
    postal -= present | remote | represented
    roll = roll_member_ids(session, meeting)
    groups = {"present": present, "remote": remote, "represented": represented, "postal": postal}
    return {name: ids & roll for name, ids in groups.items()} | {"roll": roll}


def quorum_for(session: Session, resolution: Resolution) -> votes.Quorum:
    coop = get_cooperative(session)
    meeting = session.get(Meeting, resolution.meeting_id)
    rules = quorum_rules(meeting, coop)
    wanted = "extraordinaires" if resolution.kind == "extraordinary" else "ordinaires"
    rule = next((r for r in rules if wanted in r.label), rules[0])
    who = participation(session, resolution)
    remote = who["remote"] if coop.remote_counts_as_present else set()
    return votes.Quorum(
        eligible=len(who["roll"]),
        present=len(who["present"]),
        remote=len(remote),
        represented=len(who["represented"]),
        postal=len(who["postal"]),
        required=Fraction(rule.fraction),
    )


def build_recount(session: Session, resolution: Resolution) -> votes.Recount:
    coop = get_cooperative(session)
    meeting = session.get(Meeting, resolution.meeting_id)
    colleges = meeting_colleges(session, meeting)
    codes = {college.id: engine.code for college, engine in colleges}
    ballots = tuple(
        votes.Ballot(codes.get(college_id), choice, receipt)
        for college_id, choice, receipt in _box(session, resolution)
    )
    counts = tuple(
        votes.Counts(
            codes.get(r.college_id),
            for_=r.votes_for,
            against=r.votes_against,
            abstain=r.abstentions,
        )
        for r in room_counts(session, resolution)
    )
    return votes.Recount(
        title=f"Résolution n° {resolution.number} : {resolution.title}",
        colleges=tuple(engine for _college, engine in colleges),
        ballots=ballots,
        counts=counts,
        rule=_rule(coop, resolution),
        board_supports=resolution.board_supports,
        quorum=quorum_for(session, resolution),
        min_published_voters=coop.min_published_voters if resolution.secret else 0,
    )


def tally_resolution(session: Session, resolution: Resolution) -> votes.TallyResult:
    return build_recount(session, resolution).tally()


def recount_file(session: Session, resolution: Resolution) -> str:
    if resolution.status != "closed":
        raise ServiceError("Le résultat n'est publié qu'à la clôture du vote.")
    return votes.dump_recount(build_recount(session, resolution))


def published_receipts(session: Session, resolution: Resolution) -> list[tuple[str, str]]:
    """(receipt, choice) of every counted ballot, published after close."""
    if resolution.status != "closed":
        return []
    return sorted((receipt, choice) for _c, choice, receipt in _box(session, resolution))


def result_seal(session: Session, resolution: Resolution) -> str:
    """Digest over the ballot box and the head of every voter's audit chain."""
    box = sorted(f"{receipt}:{choice}" for _c, choice, receipt in _box(session, resolution))
    members = sorted(
        set(
            session.exec(
                select(SecretVoter.member_id if resolution.secret else Ballot.member_id).where(
                    (SecretVoter if resolution.secret else Ballot).resolution_id == resolution.id
                )
            )
        )
    )
    heads = [chain_head(session, f"ballot:{resolution.id}:{m}") for m in members]
    return hashlib.sha256("\n".join(box + heads).encode()).hexdigest()


def room_voters_left(session: Session, resolution: Resolution) -> dict[int | None, int]:
    """Per college, the members present in the room who have not voted otherwise (their
    show of hands is the only way they vote), so a member is never counted twice."""
    voted = {b.member_id for b in current_ballots(session, resolution)}
    present = session.exec(
        select(RollEntry.member_id, RollEntry.college_id)
        .join(
            Attendance,
            (Attendance.member_id == RollEntry.member_id)
            & (Attendance.meeting_id == RollEntry.meeting_id),
        )
        .where(RollEntry.meeting_id == resolution.meeting_id, Attendance.mode == "present")
    ).all()
    left: dict[int | None, int] = {}
    for member_id, college_id in present:
        if member_id not in voted:
            left[college_id] = left.get(college_id, 0) + 1
    return left


def check_room_counts(session: Session, resolution: Resolution) -> None:
    """Refuse to close when a show of hands counts more people than could raise a hand."""
    left = room_voters_left(session, resolution)
    for count in room_counts(session, resolution):
        total = count.votes_for + count.votes_against + count.abstentions
        if total > left.get(count.college_id, 0):
            raise ServiceError(
                "Le décompte à main levée dépasse le nombre de présents n'ayant pas voté "
                "autrement : corrigez-le avant de clore le vote."
            )
