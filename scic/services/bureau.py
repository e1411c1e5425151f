"""The bureau of a meeting: its chair, scrutateurs and secretary (DOMAIN §4)."""

from sqlalchemy import delete
from sqlmodel import Session, select

from ..models import Meeting, MeetingOfficer, Member
from . import ServiceError
from .audit import record_audit


def officers(session: Session, meeting: Meeting) -> dict[str, list[MeetingOfficer]]:
    rows = session.exec(
        select(MeetingOfficer)
        .where(MeetingOfficer.meeting_id == meeting.id)
        .order_by(MeetingOfficer.id)
    )
    grouped = {"chair": [], "secretary": [], "scrutateur": []}
    for row in rows:
        grouped[row.role].append(row)
    return grouped


def find_member_by_label(session: Session, label: str) -> Member | None:
    """A member from « Nom (n° 12) » as the pickers write it, or from a bare number."""
    text = (label or "").strip()
    digits = text.rsplit("n°", 1)[-1].strip(" )") if "n°" in text else text
    if not digits.isdigit():
        return None
    return session.exec(select(Member).where(Member.number == int(digits))).first()


def _officer(session, meeting, role, label, must_be_member):
    label = (label or "").strip()
    if not label:
        return None
    member = find_member_by_label(session, label)
    if member is None and must_be_member:
        raise ServiceError(f"« {label} » n'est pas un associé : choisissez-le dans la liste.")
    name = member.display_name if member else label[:200]
    return MeetingOfficer(
        meeting_id=meeting.id, role=role, member_id=member.id if member else None, name=name
    )


def set_bureau(
    session: Session, meeting: Meeting, actor, chair: str, secretary: str, scrutateurs: list[str]
) -> dict:
    """Replace the bureau. Chair and scrutateurs are associés; the secretary need not be."""
    if meeting.status == "closed":
        raise ServiceError("Le bureau d'une réunion close ne change plus.")
    if not (chair or "").strip():
        raise ServiceError("La réunion doit avoir un président de séance.")
    rows = [_officer(session, meeting, "chair", chair, True)]
    rows.append(_officer(session, meeting, "secretary", secretary, False))
    rows += [_officer(session, meeting, "scrutateur", s, True) for s in scrutateurs]
    rows = [row for row in rows if row is not None]
    session.exec(delete(MeetingOfficer).where(MeetingOfficer.meeting_id == meeting.id))
    session.add_all(rows)
    session.flush()
    payload = {row.role + str(i): row.name for i, row in enumerate(rows)}
    record_audit(session, actor, "meeting.bureau", meeting, payload)
    return officers(session, meeting)
