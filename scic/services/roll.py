"""The voting roll, frozen when the convocation is sent: the members with voting rights,
their college, and the college weights in force at that moment. Later changes to the
register do not touch a frozen roll."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert
from sqlmodel import Session, func, select

from ..models import College, CollegeWeight, Cooperative, Meeting, Member, RollEntry
from . import ServiceError
from .colleges import weight_set_in_force
from .meetings import PARIS, directors


def eligible_members(session: Session, meeting: Meeting) -> list[Member]:
    """Who the roll will hold: the directors for a board meeting, else every admitted member."""
    if meeting.kind == "BOARD":
        return directors(session)
    return list(
        session.exec(
            select(Member)
            .where(Member.status == "admitted")
            .order_by(Member.last_name, Member.first_name, Member.id)
        )
    )


def freeze_roll(session: Session, meeting: Meeting, coop: Cooperative, now: datetime) -> int:
    """Write the roll and pin the weights; once only. Returns the number of voters."""
    if meeting.roll_frozen_at is not None:
        raise ServiceError("La liste des votants de cette réunion est déjà arrêtée.")
    members = eligible_members(session, meeting)
    if not members and meeting.kind == "BOARD":
        raise ServiceError(
            "Aucun administrateur : donnez le rôle « Conseil » aux comptes des administrateurs."
        )
    if not members:
        raise ServiceError("Aucun associé n'a le droit de vote : rien à convoquer.")
    rows = [
        {"meeting_id": meeting.id, "member_id": m.id, "college_id": m.college_id} for m in members
    ]
    session.exec(insert(RollEntry), params=rows)
    if coop.uses_colleges and meeting.kind != "BOARD":
        weight_set = weight_set_in_force(session, now.astimezone(PARIS).date())
        meeting.weight_set_id = weight_set.id if weight_set else None
    meeting.roll_frozen_at = now
    session.add(meeting)
    session.flush()
    return len(rows)


def roll_size(session: Session, meeting: Meeting) -> int:
    query = select(func.count()).select_from(RollEntry).where(RollEntry.meeting_id == meeting.id)
    return session.exec(query).one()


def roll_entry(session: Session, meeting: Meeting, member_id: int) -> RollEntry | None:
    """The member's line on the roll (with the college frozen for this meeting), or None."""
    return session.exec(
        select(RollEntry).where(
            RollEntry.meeting_id == meeting.id, RollEntry.member_id == member_id
        )
    ).first()


def is_on_roll(session: Session, meeting: Meeting, member_id: int) -> bool:
    return roll_entry(session, meeting, member_id) is not None


def roll_member_ids(session: Session, meeting: Meeting) -> set[int]:
    query = select(RollEntry.member_id).where(RollEntry.meeting_id == meeting.id)
    return set(session.exec(query))


def roll_colleges(session: Session, meeting: Meeting) -> dict[int, int | None]:
    """member id → college id, as frozen on the roll."""
    query = select(RollEntry.member_id, RollEntry.college_id).where(
        RollEntry.meeting_id == meeting.id
    )
    return dict(session.exec(query).all())


def roll_weights(session: Session, meeting: Meeting) -> list[tuple[College, Decimal]]:
    """The colleges and weights (percent) pinned on the meeting at convocation."""
    if meeting.weight_set_id is None:
        return []
    rows = session.exec(
        select(College, CollegeWeight)
        .join(CollegeWeight, CollegeWeight.college_id == College.id)
        .where(CollegeWeight.weight_set_id == meeting.weight_set_id)
        .order_by(College.position, College.id)
    )
    return [(college, weight.weight) for college, weight in rows]
