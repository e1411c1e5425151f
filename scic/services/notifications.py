"""Voting e-mails: a consultation opens, a reminder to those who have not voted, the
result after close. Only members who consented to electronic convocation get them."""

from datetime import datetime, timedelta

from flask import render_template
from sqlmodel import Session, col, select

from ..mail import send_email
from ..models import Ballot, Meeting, Member, Proxy, Resolution, RollEntry, SecretVoter
from ..models.types import utcnow
from .meetings import is_binding
from .settings import get_cooperative

REMINDER_BEFORE = timedelta(hours=24)


def _recipients(session: Session, resolution: Resolution, only_missing: bool) -> list[Member]:
    query = (
        select(Member)
        .join(RollEntry, RollEntry.member_id == Member.id)
        .where(
            RollEntry.meeting_id == resolution.meeting_id,
            Member.convocation_by_email,
            col(Member.email).is_not(None),
        )
    )
    if only_missing:
        voted = select(SecretVoter.member_id if resolution.secret else Ballot.member_id).where(
            (SecretVoter if resolution.secret else Ballot).resolution_id == resolution.id
        )
        delegated = select(Proxy.principal_id).where(
            Proxy.meeting_id == resolution.meeting_id, col(Proxy.withdrawn_at).is_(None)
        )
        query = query.where(col(Member.id).not_in(voted), col(Member.id).not_in(delegated))
    return list(session.exec(query.order_by(Member.id)))


def _send(session, resolution, template, subject, only_missing=False, **context) -> int:
    coop = get_cooperative(session)
    meeting = session.get(Meeting, resolution.meeting_id)
    members = _recipients(session, resolution, only_missing)
    for member in members:
        body = render_template(
            template, member=member, resolution=resolution, meeting=meeting, coop=coop, **context
        )
        send_email(member.email, subject, body)
    return len(members)


def notify_opened(session: Session, resolution: Resolution) -> int:
    return _send(
        session,
        resolution,
        "email/vote_opened.txt",
        f"Vote ouvert : résolution n° {resolution.number} — {resolution.title}",
    )


def notify_result(session: Session, resolution: Resolution, result) -> int:
    meeting = session.get(Meeting, resolution.meeting_id)
    binding = is_binding(meeting, get_cooperative(session))
    if binding:
        verdict = "ADOPTÉE" if result.adopted else "REJETÉE"
    else:
        verdict = "AVIS FAVORABLE" if result.adopted else "AVIS DÉFAVORABLE"
    return _send(
        session,
        resolution,
        "email/vote_result.txt",
        f"Résultat : résolution n° {resolution.number}, {verdict.lower()}",
        result=result,
        verdict=verdict,
        binding=binding,
    )


def send_reminders(session: Session, now: datetime | None = None) -> int:
    """Remind the members who have not voted, once, 24 hours before the vote closes."""
    now = now or utcnow()
    due = session.exec(
        select(Resolution).where(
            Resolution.status == "open",
            col(Resolution.reminder_sent_at).is_(None),
            col(Resolution.vote_closes_at) <= now + REMINDER_BEFORE,
            col(Resolution.vote_closes_at) > now,
        )
    ).all()
    sent = 0
    for resolution in due:
        sent += _send(
            session,
            resolution,
            "email/vote_reminder.txt",
            f"Rappel : vous n'avez pas encore voté (résolution n° {resolution.number})",
            only_missing=True,
        )
        resolution.reminder_sent_at = now
        session.add(resolution)
    session.flush()
    return sent
