"""Who took part in a meeting, as its minutes state it.

Each member on the frozen roll is counted once, in this order of precedence: present (checked
in, or voted by show of hands), remote (checked in as remote, or voted online), represented
(an active proxy), postal voter. The attendance sheet, the meeting's quorum and, for a board
meeting, the directors' list all come from these same lines, so they always agree.
"""

from collections import Counter
from dataclasses import dataclass

from sqlmodel import Session, col, select

import minutes
import votes

from ..models import (
    College,
    Cooperative,
    Meeting,
    Member,
    Proxy,
    Resolution,
    RollEntry,
)
from .attendance import attendance_modes, postal_voter_ids, voter_modes
from .ballots import current_ballot
from .meetings import directors as board_members
from .meetings import quorum_rules
from .proxies import represented_ids
from .results import build_recount

MODES = ("present", "remote", "represented", "postal")
ABSTAIN = ("abstain", "blank", "null")


@dataclass(frozen=True)
class Participants:
    """The roll (member id → member, college id) and how each participant took part."""

    roll: dict[int, tuple[Member, int | None]]
    modes: dict[int, str]
    holders: dict[int, int | None]  # represented member → proxy holder (None: blank proxy)
    absences: dict[int, str]  # attendance recorded as absent or excused


def participants(session: Session, meeting: Meeting) -> Participants:
    rows = session.exec(
        select(Member, RollEntry.college_id)
        .join(RollEntry, RollEntry.member_id == Member.id)
        .where(RollEntry.meeting_id == meeting.id)
        .order_by(Member.name_key, Member.number)
    ).all()
    if not rows and meeting.kind == "BOARD":  # not convened yet: the board as it stands
        rows = [(member, member.college_id) for member in board_members(session)]
    roll = {member.id: (member, college_id) for member, college_id in rows}
    checked_in = attendance_modes(session, meeting)
    found = {mode: {m for m, value in checked_in.items() if value == mode} for mode in MODES}
    found["represented"] = represented_ids(session, meeting)
    found["postal"] = postal_voter_ids(session, meeting)
    for mode, voters in voter_modes(session, meeting).items():
        found[mode] |= voters
    modes: dict[int, str] = {}
    for mode in MODES:
        for member_id in found[mode] & roll.keys():
            modes.setdefault(member_id, mode)
    absences = {m: value for m, value in checked_in.items() if value in ("absent", "excused")}
    return Participants(roll, modes, _holders(session, meeting), absences)


def _holders(session: Session, meeting: Meeting) -> dict[int, int | None]:
    rows = session.exec(
        select(Proxy.principal_id, Proxy.holder_id).where(
            Proxy.meeting_id == meeting.id, col(Proxy.withdrawn_at).is_(None)
        )
    ).all()
    return dict(rows)


def attendees(session: Session, people: Participants) -> tuple[minutes.Attendee, ...]:
    """The attendance sheet, in alphabetical order, each line with its college's name."""
    colleges = dict(session.exec(select(College.id, College.name)).all())
    lines = []
    for member_id, (member, college_id) in people.roll.items():
        mode = people.modes.get(member_id)
        if mode is None:
            continue
        lines.append(
            minutes.Attendee(
                name=member.display_name,
                number=member.number,
                college=colleges.get(college_id, ""),
                mode=mode,
                proxy_holder=_holder_name(people, member_id) if mode == "represented" else None,
            )
        )
    return tuple(lines)


def _holder_name(people: Participants, member_id: int) -> str | None:
    holder_id = people.holders.get(member_id)
    if holder_id is None:
        return None
    holder = people.roll.get(holder_id)
    return holder[0].display_name if holder else None


def quorums(meeting: Meeting, coop: Cooperative, people: Participants) -> list[votes.Quorum]:
    """The meeting's quorums (two for a mixed AG), counted on the attendance sheet."""
    counts = Counter(people.modes.values())
    remote = counts["remote"] if coop.remote_counts_as_present else 0
    return [
        votes.Quorum(
            eligible=len(people.roll),
            present=counts["present"],
            remote=remote,
            represented=counts["represented"],
            postal=counts["postal"],
            required=rule.fraction,
        )
        for rule in quorum_rules(meeting, coop)
    ]


# -- board meetings --------------------------------------------------------------------------


def directors(people: Participants, chair_member_id: int | None) -> tuple[minutes.Director, ...]:
    """The directors on the board meeting's roll: present, remote, excused (a director who
    gave a proxy, or was recorded as excused) or absent."""
    result = []
    for member_id, (member, _college) in people.roll.items():
        mode = people.modes.get(member_id)
        holder = None
        if mode == "represented":
            holder = _holder_name(people, member_id)
        if mode not in ("present", "remote"):
            excused = mode is not None or people.absences.get(member_id) == "excused"
            mode = "excused" if excused else "absent"
        role = "président de séance" if member_id == chair_member_id else ""
        result.append(minutes.Director(member.display_name, mode, role, holder))
    return tuple(result)


def board_signatory(
    people: Participants, chair_member_id: int | None, secretary_member_id: int | None
) -> str:
    """The director who signs with the chair: the secretary when a director attending,
    else the first director attending who is not the chair."""
    attending = [
        member_id
        for member_id in people.roll
        if people.modes.get(member_id) in ("present", "remote") and member_id != chair_member_id
    ]
    chosen = secretary_member_id if secretary_member_id in attending else None
    chosen = chosen or (attending[0] if attending else None)
    return people.roll[chosen][0].display_name if chosen else ""


def board_result(
    session: Session,
    resolution: Resolution,
    coop: Cooperative,
    people: Participants,
    chair_member_id: int | None,
) -> votes.BoardResult:
    """A board deliberation decided by votes.decide_board from the ballots and show of hands
    of the resolution; the chair's own vote breaks a tie when the statutes say so."""
    attending = {m for m, mode in people.modes.items() if mode in ("present", "remote")}
    represented = sum(
        1
        for m, mode in people.modes.items()
        if mode == "represented" and (people.holders.get(m) or chair_member_id) in attending
    )
    choices = _board_choices(session, resolution)
    vote = votes.BoardVote(
        directors=len(people.roll),
        present=len(attending),
        represented=represented,
        for_=choices["for"],
        against=choices["against"],
        abstain=choices["abstain"],
        chair_vote=_chair_vote(session, resolution, chair_member_id),
    )
    return votes.decide_board(vote, casting_vote=coop.board_casting_vote)


def _board_choices(session: Session, resolution: Resolution) -> Counter:
    recount = build_recount(session, resolution)
    choices: Counter = Counter()
    for ballot in recount.ballots:
        choices[_board_choice(ballot.choice, resolution)] += 1
    for counts in recount.counts:
        for choice, number in counts.items():
            choices[_board_choice(choice, resolution)] += number
    return choices


def _board_choice(choice: str, resolution: Resolution) -> str:
    if choice == "blank_proxy":
        return "for" if resolution.board_supports else "against"
    return "abstain" if choice in ABSTAIN else choice


def _chair_vote(session: Session, resolution: Resolution, chair_member_id: int | None):
    if chair_member_id is None or resolution.secret:
        return None
    ballot = current_ballot(session, resolution, chair_member_id)
    if ballot is None or ballot.choice not in ("for", "against", "abstain"):
        return None
    return ballot.choice
