"""The demo's votes, cast through the real services: last month's meeting decided on the
meeting-room prices by a show of hands (a closed, published result), and the coming
meeting has an online consultation open until it starts."""

from datetime import timedelta

from sqlmodel import Session, select

from ..models import Attendance, CollegeWeightSet, Meeting, Member, Resolution, RollEntry
from .ballots import cast_ballot
from .voting import close_vote, open_vote

PAST_CHOICES = ["for"] * 13 + ["against"] * 4 + ["abstain"] * 3


def add_demo_votes(session: Session, past: Meeting, upcoming: Meeting, chair_user) -> None:
    _past_vote(session, past, chair_user)
    consultation = Resolution(
        meeting_id=upcoming.id,
        number=1,
        title="Ateliers de printemps au fablab",
        text="Les sociétaires sont favorables à deux ateliers ouverts au quartier chaque mois "
        "au fablab, d'avril à juin, animés avec l'association Les Fabriqueurs.",
        board_supports=True,
        vote_closes_at=upcoming.starts_at,
    )
    session.add(consultation)
    session.flush()
    open_vote(session, consultation, chair_user)


def _past_vote(session, past, chair_user):
    weight_set = session.exec(select(CollegeWeightSet.id)).first()
    members = session.exec(select(Member).order_by(Member.number)).all()
    past.status, past.roll_frozen_at, past.weight_set_id = (
        "in_session",
        past.starts_at - timedelta(days=16),
        weight_set,
    )
    for member in members:
        session.add(
            RollEntry(meeting_id=past.id, member_id=member.id, college_id=member.college_id)
        )
    session.flush()
    resolution = Resolution(
        meeting_id=past.id,
        number=1,
        title="Grille tarifaire solidaire des salles",
        text="Les sociétaires sont favorables à un tarif réduit de moitié pour les "
        "associations du quartier qui réservent les salles de réunion en semaine.",
        board_supports=True,
    )
    session.add(resolution)
    session.flush()
    open_vote(session, resolution, chair_user, now=past.starts_at + timedelta(minutes=30))
    present = session.exec(
        select(Member)
        .join(Attendance, Attendance.member_id == Member.id)
        .where(Attendance.meeting_id == past.id)
        .order_by(Member.number)
    ).all()
    moment = past.starts_at + timedelta(minutes=45)
    for member, choice in zip(present, PAST_CHOICES, strict=False):
        cast_ballot(
            session, resolution, member, choice, channel="room", actor=chair_user, now=moment
        )
    close_vote(session, resolution, chair_user, now=past.starts_at + timedelta(minutes=50))
    past.status = "closed"
    session.add(past)
    session.flush()
