"""Paper documents of a convened general meeting, for the members convened by post: the
convocation letter, the proxy form and (when the statutes allow it) the postal voting form,
one set of pages per member, as one PDF to print, in batches of ``LOT_SIZE`` members."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

import minutes

from ..models import College, ConvocationDelivery, Cooperative, Meeting, Member, RollEntry
from . import ServiceError
from .agenda import agenda_items
from .bureau import officers
from .documents import meeting_documents
from .meetings import GENERAL_ASSEMBLIES, PARIS, postal_deadline
from .minutes_snapshot import build_cooperative, build_meeting
from .resolutions import meeting_resolutions
from .settings import get_cooperative

LOT_SIZE = 200
CONVENERS = {
    "SA": "Pour le conseil d'administration",
    "SAS": "Pour le président de la société",
    "SARL": "Pour la gérance",
}


@dataclass(frozen=True)
class PaperBatch:
    lot: int
    lots: int
    total: int
    first: int  # position of the batch's first member in the alphabetical list
    pdf: bytes
    page_count: int


def paper_problems(session: Session, meeting: Meeting) -> list[str]:
    """Why no paper documents can be printed (empty when they can)."""
    if meeting.kind not in GENERAL_ASSEMBLIES:
        return ["Les documents papier concernent les assemblées générales."]
    if meeting.status != "convened":
        return ["Les documents papier se préparent pour une assemblée convoquée, avant la séance."]
    if not paper_count(session, meeting):
        return ["Tous les associés sont convoqués par e-mail : aucun courrier à imprimer."]
    return []


def _post_query(meeting: Meeting):
    return (
        select(Member, RollEntry.college_id)
        .join(ConvocationDelivery, ConvocationDelivery.member_id == Member.id)
        .join(
            RollEntry,
            (RollEntry.member_id == Member.id) & (RollEntry.meeting_id == meeting.id),
        )
        .where(ConvocationDelivery.meeting_id == meeting.id, ConvocationDelivery.mode == "post")
    )


def paper_count(session: Session, meeting: Meeting) -> int:
    query = select(func.count()).select_from(_post_query(meeting).subquery())
    return session.exec(query).one()


def lot_count(session: Session, meeting: Meeting) -> int:
    return max(1, -(-paper_count(session, meeting) // LOT_SIZE))


def paper_batch(session: Session, meeting: Meeting, lot: int = 1) -> PaperBatch:
    """Batch ``lot`` (from 1) of the paper documents, members in alphabetical order."""
    problems = paper_problems(session, meeting)
    if problems:
        raise ServiceError(problems[0])
    total = paper_count(session, meeting)
    lots = max(1, -(-total // LOT_SIZE))
    if not 1 <= lot <= lots:
        raise ServiceError(f"Lot inconnu : les courriers tiennent en {lots} lot(s).")
    notice = paper_notice(session, meeting, get_cooperative(session))
    people = addressees(session, meeting, (lot - 1) * LOT_SIZE)
    try:
        rendered = minutes.render_pdf(minutes.paper_documents(notice, people))
    except minutes.MinutesError as exc:
        raise ServiceError(str(exc)) from None
    first = (lot - 1) * LOT_SIZE + 1
    return PaperBatch(lot, lots, total, first, rendered.pdf, rendered.page_count)


def addressees(session: Session, meeting: Meeting, offset: int) -> list[minutes.Addressee]:
    colleges = dict(session.exec(select(College.id, College.name)).all())
    rows = session.exec(
        _post_query(meeting).order_by(Member.name_key, Member.number).offset(offset).limit(LOT_SIZE)
    ).all()
    return [
        minutes.Addressee(
            name=member.display_name,
            number=member.number,
            address=address_lines(member),
            college=colleges.get(college_id, ""),
        )
        for member, college_id in rows
    ]


def address_lines(member: Member) -> tuple[str, ...]:
    """The postal address as lines: one per line typed, or split at commas."""
    text = (member.address or "").replace("\r\n", "\n").strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) == 1 and "," in lines[0]:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    if member.person_kind == "legal" and member.representative:
        lines.insert(0, f"À l'attention de {member.representative}")
    return tuple(lines)


def paper_notice(session: Session, meeting: Meeting, coop: Cooperative) -> minutes.Notice:
    first = (
        session.get(Meeting, meeting.first_convocation_id) if meeting.first_convocation_id else None
    )
    chairs = officers(session, meeting)["chair"]
    deadline = (
        postal_deadline(meeting, coop, electronic=False) if coop.postal_votes_allowed else None
    )
    values = {
        "cooperative": build_cooperative(coop),
        "meeting": build_meeting(meeting),
        "sent_on": _sent_on(session, meeting).astimezone(PARIS).date(),
        "signatory": chairs[0].name if chairs else coop.name,
        "signatory_title": CONVENERS[coop.legal_form],
        "agenda": tuple(item.title for item in agenda_items(session, meeting)),
        "resolutions": tuple(
            minutes.ProposedResolution(r.number, r.title, r.text, r.kind, r.board_supports)
            for r in meeting_resolutions(session, meeting)
        ),
        "rank": meeting.convocation_rank,
        "first_meeting_at": first.starts_at if first else None,
        "documents": tuple(d.filename for d in meeting_documents(session, meeting)),
        "proxy_cap": coop.proxy_cap,
        "proxy_to_partner": coop.proxy_to_partner,
        "postal_votes_allowed": coop.postal_votes_allowed,
        "postal_deadline": deadline.astimezone(PARIS).date() if deadline else None,
    }
    try:
        return minutes.Notice(**values)
    except minutes.MinutesError as exc:
        raise ServiceError(str(exc)) from None


def _sent_on(session: Session, meeting: Meeting) -> datetime:
    """The day the letters were posted, else the day the meeting was convened."""
    posted = session.exec(
        select(ConvocationDelivery.sent_at)
        .where(
            ConvocationDelivery.meeting_id == meeting.id,
            ConvocationDelivery.mode == "post",
            col(ConvocationDelivery.sent_at).is_not(None),
        )
        .order_by(col(ConvocationDelivery.sent_at))
        .limit(1)
    ).first()
    return posted or meeting.convened_at or meeting.starts_at
