"""Convening a meeting: the legal delay, the frozen roll, one delivery per member
(e-mail for those who consented, a postal letter for the others), and sending that can
resume after an interruption without ever e-mailing a member twice."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session, col, func, select

from ..mail import send_email
from ..models import AgendaItem, ConvocationDelivery, Cooperative, Meeting, Member, RollEntry
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .meetings import KIND_LABELS, required_delay_days
from .roll import freeze_roll

BATCH = 50
MIN_REASON = 10
# Written before an e-mail goes out and cleared once the server accepted it: after a crash
# the delivery is listed as uncertain instead of being sent again.
IN_FLIGHT = "Envoi interrompu avant confirmation : vérifiez la réception avant de renvoyer."

Compose = Callable[[Member], tuple[str, str, list]]


def convocation_deadline(meeting: Meeting, coop: Cooperative) -> datetime:
    """The latest moment the convocation may go out on time."""
    return meeting.starts_at - timedelta(days=required_delay_days(meeting, coop))


def is_late(meeting: Meeting, coop: Cooperative, now: datetime) -> bool:
    return now > convocation_deadline(meeting, coop)


def readiness_problems(session: Session, meeting: Meeting) -> list[str]:
    """What must be fixed before convening (empty when ready)."""
    problems = []
    if meeting.status != "draft":
        problems.append("La réunion a déjà été convoquée.")
    if meeting.starts_at <= utcnow():
        problems.append("La date de la réunion est passée : modifiez-la.")
    items = select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
    if session.exec(items).one() == 0:
        problems.append("L'ordre du jour est vide : une convocation doit l'indiquer.")
    return problems


def _check_delay(meeting, coop, now, override_reason):
    if not is_late(meeting, coop, now):
        return None
    reason = (override_reason or "").strip()
    if len(reason) < MIN_REASON:
        days = required_delay_days(meeting, coop)
        raise ServiceError(
            f"Convocation tardive : le délai de {days} jours n'est plus respecté. Pour envoyer "
            "quand même, indiquez le motif de la dérogation ; il sera consigné."
        )
    return reason[:500]


def convene_meeting(
    session: Session,
    meeting: Meeting,
    coop: Cooperative,
    actor,
    now: datetime | None = None,
    override_reason: str | None = None,
) -> Meeting:
    """Check the delay, freeze the roll, plan one delivery per member on it."""
    now = now or utcnow()
    problems = readiness_problems(session, meeting)
    if problems:
        raise ServiceError(" ".join(problems))
    reason = _check_delay(meeting, coop, now, override_reason)
    voters = freeze_roll(session, meeting, coop, now)
    _plan_deliveries(session, meeting)
    meeting.status, meeting.convened_at = "convened", now
    meeting.late_convocation_reason = reason
    session.add(meeting)
    session.flush()
    payload = {"voters": voters, "weight_set_id": meeting.weight_set_id, "late_reason": reason}
    record_audit(session, actor, "meeting.convene", meeting, payload)
    return meeting


def _plan_deliveries(session: Session, meeting: Meeting) -> None:
    members = session.exec(
        select(Member.id, Member.email, Member.convocation_by_email)
        .join(RollEntry, RollEntry.member_id == Member.id)
        .where(RollEntry.meeting_id == meeting.id)
    ).all()
    rows = [
        {"meeting_id": meeting.id, "member_id": member_id, "mode": _mode(email, consent)}
        for member_id, email, consent in members
    ]
    session.exec(insert(ConvocationDelivery), params=rows)


def _mode(email: str | None, consent: bool) -> str:
    """E-mail for the members who consented to it and have an address, else a letter."""
    return "email" if consent and email else "post"


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    remaining: int = 0


def _pending_emails(meeting: Meeting):
    return (
        select(ConvocationDelivery, Member)
        .join(Member, Member.id == ConvocationDelivery.member_id)
        .where(
            ConvocationDelivery.meeting_id == meeting.id,
            ConvocationDelivery.mode == "email",
            col(ConvocationDelivery.sent_at).is_(None),
            col(ConvocationDelivery.error).is_(None),
        )
        .order_by(ConvocationDelivery.id)
    )


def send_convocations(
    session: Session,
    meeting: Meeting,
    compose: Compose,
    limit: int = BATCH,
    checkpoint: Callable[[], None] | None = None,
) -> SendReport:
    """E-mail up to ``limit`` pending convocations. ``checkpoint`` (a commit) runs before and
    after each message so that an interruption never leads to a second e-mail."""
    if meeting.status == "draft":
        raise ServiceError("Convoquez d'abord la réunion.")
    report = SendReport()
    for delivery, member in session.exec(_pending_emails(meeting).limit(limit)).all():
        delivery.error = IN_FLIGHT
        _save(session, delivery, checkpoint)
        try:
            subject, body, attachments = compose(member)
            send_email(member.email, subject, body, attachments)
        except Exception as exc:  # noqa: BLE001 - any failure is recorded on the delivery
            delivery.error = f"Échec de l'envoi : {exc}"[:500]
            report.failed += 1
        else:
            delivery.error, delivery.sent_at = None, utcnow()
            report.sent += 1
        _save(session, delivery, checkpoint)
    report.remaining = pending_count(session, meeting)
    return report


def _save(session, delivery, checkpoint):
    session.add(delivery)
    session.flush()
    if checkpoint is not None:
        checkpoint()


def pending_count(session: Session, meeting: Meeting) -> int:
    query = select(func.count()).select_from(_pending_emails(meeting).order_by(None).subquery())
    return session.exec(query).one()


def retry_failures(session: Session, meeting: Meeting, actor) -> int:
    """Put the failed e-mails back in the queue (an explicit decision of the board)."""
    failed = session.exec(
        select(ConvocationDelivery).where(
            ConvocationDelivery.meeting_id == meeting.id,
            col(ConvocationDelivery.sent_at).is_(None),
            col(ConvocationDelivery.error).is_not(None),
        )
    ).all()
    for delivery in failed:
        delivery.error = None
        session.add(delivery)
    session.flush()
    record_audit(session, actor, "convocation.retry", meeting, {"count": len(failed)})
    return len(failed)


def mark_letters_posted(session: Session, meeting: Meeting, actor, posted_at: datetime) -> int:
    """Record the date the postal letters left, for the minutes."""
    if meeting.status == "draft":
        raise ServiceError("Convoquez d'abord la réunion.")
    if posted_at > utcnow():
        raise ServiceError("La date d'envoi des courriers ne peut pas être dans le futur.")
    letters = session.exec(
        select(ConvocationDelivery).where(
            ConvocationDelivery.meeting_id == meeting.id,
            ConvocationDelivery.mode == "post",
            col(ConvocationDelivery.sent_at).is_(None),
        )
    ).all()
    for delivery in letters:
        delivery.sent_at = posted_at
        session.add(delivery)
    session.flush()
    record_audit(session, actor, "convocation.posted", meeting, {"count": len(letters)})
    return len(letters)


def failures(
    session: Session, meeting: Meeting, limit: int = 200
) -> list[tuple[ConvocationDelivery, Member]]:
    """The failed (or uncertain) deliveries, the first ``limit`` by name."""
    return list(
        session.exec(
            select(ConvocationDelivery, Member)
            .join(Member, Member.id == ConvocationDelivery.member_id)
            .where(
                ConvocationDelivery.meeting_id == meeting.id,
                col(ConvocationDelivery.error).is_not(None),
            )
            .order_by(Member.last_name, Member.first_name)
            .limit(limit)
        ).all()
    )


def letters_query(meeting: Meeting):
    """The members who get a postal letter, in alphabetical order (for printing)."""
    return (
        select(Member, ConvocationDelivery)
        .join(ConvocationDelivery, ConvocationDelivery.member_id == Member.id)
        .where(ConvocationDelivery.meeting_id == meeting.id, ConvocationDelivery.mode == "post")
        .order_by(Member.last_name, Member.first_name, Member.id)
    )


@dataclass
class ConvocationSummary:
    """How and when the meeting was convened, for the page and the minutes."""

    convened_at: datetime | None
    late_reason: str | None
    by_email: int
    emails_sent: int
    by_post: int
    letters_posted: int
    failed: int
    first_sent_at: datetime | None
    last_sent_at: datetime | None


def convocation_summary(session: Session, meeting: Meeting) -> ConvocationSummary:
    rows = session.exec(
        select(
            ConvocationDelivery.mode,
            func.count(),
            func.count(col(ConvocationDelivery.sent_at)),
            func.count(col(ConvocationDelivery.error)),
            func.min(ConvocationDelivery.sent_at),
            func.max(ConvocationDelivery.sent_at),
        )
        .where(ConvocationDelivery.meeting_id == meeting.id)
        .group_by(ConvocationDelivery.mode)
    ).all()
    stats = {mode: (total, sent, failed) for mode, total, sent, failed, _, _ in rows}
    firsts = [_aware(first) for *_, first, _last in rows if first]
    lasts = [_aware(last) for *_, last in rows if last]
    email, post = stats.get("email", (0, 0, 0)), stats.get("post", (0, 0, 0))
    return ConvocationSummary(
        meeting.convened_at,
        meeting.late_convocation_reason,
        email[0],
        email[1],
        post[0],
        post[1],
        email[2] + post[2],
        min(firsts) if firsts else None,
        max(lasts) if lasts else None,
    )


def _aware(value):
    """Aggregates may bypass the column type on SQLite: make naive UTC values aware."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def subject_line(meeting: Meeting, coop: Cooperative) -> str:
    rank = " (2e convocation)" if meeting.convocation_rank == 2 else ""
    return f"Convocation : {KIND_LABELS[meeting.kind]}{rank} — {coop.name}"
