"""The register of minutes (DOMAIN.md §6): numbered in sequence, pages numbered without gaps,
each file stored in the database with its SHA-256, each entry chained to the previous one.

``entry_hash`` is the SHA-256 of the canonical JSON list ``[number, meeting_id, kind, title,
first_page, page_count, sha256, previous_hash, rectifies_id, finalised_at (ISO 8601, UTC)]``;
``previous_hash`` is the previous entry's ``entry_hash`` (64 zeros for entry n° 1). A finalised
entry is never modified (there is no update path, and the model refuses updates); a correction
is a new rectifying entry referencing the original.
"""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

import minutes

from ..models import Meeting, MinutesEntry, Resolution
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .bureau import officers
from .meetings import STAFF, can_view
from .minutes_snapshot import build_snapshot, last_audit_id, register_position

GENESIS = "0" * 64
MIN_REASON = 10


def entry_digest(entry: MinutesEntry) -> str:
    body = json.dumps(
        [
            entry.number,
            entry.meeting_id,
            entry.kind,
            entry.title,
            entry.first_page,
            entry.page_count,
            entry.sha256,
            entry.previous_hash,
            entry.rectifies_id,
            entry.finalised_at.isoformat(),
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()


# -- who may do what ---------------------------------------------------------------------


def can_write(user) -> bool:
    """The secretary, the board and the admins write the debates and read the drafts."""
    return user.is_authenticated and user.has_role(*STAFF)


def can_finalise(session: Session, user, meeting: Meeting) -> bool:
    """The chair finalises: a board member, or the member chairing this meeting."""
    if not user.is_authenticated:
        return False
    if user.has_role("board"):
        return True
    chairs = officers(session, meeting)["chair"]
    return bool(user.member_id) and any(c.member_id == user.member_id for c in chairs)


def can_read(user, meeting: Meeting) -> bool:
    """Finalised minutes: whoever may see the meeting."""
    return can_view(user, meeting)


def visible_entries(user):
    """The register entries ``user`` may read, in register order."""
    query = (
        select(MinutesEntry, Meeting)
        .options(defer(MinutesEntry.pdf))
        .join(Meeting, Meeting.id == MinutesEntry.meeting_id)
    )
    if not user.has_role(*STAFF):
        if not user.member_id:
            query = query.where(col(MinutesEntry.id).is_(None))
        query = query.where(Meeting.status != "draft", Meeting.kind != "BOARD")
    return query.order_by(MinutesEntry.number)


def meeting_entries(session: Session, meeting: Meeting) -> list[MinutesEntry]:
    return list(
        session.exec(
            select(MinutesEntry)
            .options(defer(MinutesEntry.pdf))
            .where(MinutesEntry.meeting_id == meeting.id)
            .order_by(MinutesEntry.number)
        )
    )


# -- drafts and finalisation ---------------------------------------------------------------


def finalisation_problems(session: Session, meeting: Meeting) -> list[str]:
    """Why final minutes are not possible yet (empty when they are): only a draft then."""
    problems = []
    if meeting.status != "closed":
        problems.append("La séance n'est pas close : seul un projet (PROJET) est possible.")
    still_open = session.exec(
        select(Resolution.number)
        .where(Resolution.meeting_id == meeting.id, Resolution.status == "open")
        .order_by(Resolution.number)
    ).all()
    for number in still_open:
        problems.append(f"Le vote de la résolution n° {number} est encore ouvert.")
    return problems


def render_draft(session: Session, meeting: Meeting) -> tuple[minutes.Document, bytes]:
    """The minutes as they stand, watermarked PROJET, at any time."""
    snapshot = build_snapshot(session, meeting, draft=True)
    document, rendered = _render(snapshot, draft=True)
    return document, rendered.pdf


def _render(snapshot, draft: bool):
    try:
        return minutes.minutes_pdf(snapshot, draft=draft)
    except minutes.MinutesError as exc:
        raise ServiceError(str(exc)) from None


def finalise_minutes(
    session: Session,
    meeting: Meeting,
    actor,
    rectifies: MinutesEntry | None = None,
    reason: str = "",
) -> MinutesEntry:
    """Put the minutes of ``meeting`` in the register: the next number, the next page, the
    PDF and its hash, chained to the previous entry. With ``rectifies``, a rectifying entry
    (``reason`` required) that leaves the original untouched."""
    problems = finalisation_problems(session, meeting)
    if problems:
        raise ServiceError(" ".join(problems))
    reason = _check_target(session, meeting, rectifies, reason)
    position = register_position(session)
    audit_upto = last_audit_id(session)
    snapshot = build_snapshot(session, meeting, False, position, rectifies)
    document, rendered = _render(snapshot, draft=False)
    entry = MinutesEntry(
        number=position.number,
        meeting_id=meeting.id,
        kind=document.kind,
        title=document.title[:300],
        first_page=position.first_page,
        page_count=rendered.page_count,
        pdf=rendered.pdf,
        sha256=rendered.sha256,
        previous_hash=_previous_hash(session),
        rectifies_id=rectifies.id if rectifies else None,
        finalised_at=utcnow().replace(microsecond=0),
        finalised_by_id=getattr(actor, "id", None),
    )
    entry.entry_hash = entry_digest(entry)
    _insert(session, entry)
    _audit(session, actor, entry, snapshot, audit_upto, reason)
    return entry


def _check_target(session, meeting, rectifies, reason) -> str:
    existing = meeting_entries(session, meeting)
    if rectifies is None:
        if existing:
            raise ServiceError(
                f"Le procès-verbal de cette réunion est déjà au registre (entrée n° "
                f"{existing[0].number}) : pour le corriger, ajoutez une entrée rectificative."
            )
        return ""
    if rectifies.meeting_id != meeting.id:
        raise ServiceError("L'entrée rectifiée doit concerner la même réunion.")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ServiceError("Indiquez le motif de la rectification (10 caractères au moins).")
    return reason[:1000]


def _previous_hash(session: Session) -> str:
    last = session.exec(
        select(MinutesEntry.entry_hash).order_by(col(MinutesEntry.number).desc()).limit(1)
    ).first()
    return last or GENESIS


def _insert(session: Session, entry: MinutesEntry) -> None:
    """Two finalisations at once compute the same number: the unique constraint keeps one."""
    savepoint = session.begin_nested()
    try:
        session.add(entry)
        session.flush()
    except IntegrityError as exc:
        savepoint.rollback()
        raise ServiceError(
            "Une autre entrée vient d'être ajoutée au registre : recommencez la finalisation."
        ) from exc
    savepoint.commit()


def _audit(session, actor, entry, snapshot, audit_upto, reason) -> None:
    payload = {
        "number": entry.number,
        "meeting": entry.meeting_id,
        "pages": [entry.first_page, entry.first_page + entry.page_count - 1],
        "sha256": entry.sha256,
        "entry_hash": entry.entry_hash,
        "audit_head": snapshot.audit_head,
        "audit_upto": audit_upto,
        "roll_fingerprint": snapshot.roll_fingerprint,
    }
    if entry.rectifies_id is not None:
        payload |= {"rectifies": snapshot.rectifies_entry, "reason": reason}
    action = "minutes.rectify" if entry.rectifies_id else "minutes.finalise"
    record_audit(session, actor, action, entry, payload)


# -- verification --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterProblem:
    number: int
    reason: str


@dataclass(frozen=True)
class RegisterReport:
    checked: int
    last_page: int
    problem: RegisterProblem | None


def verify_register(session: Session) -> RegisterReport:
    """Check every entry in order: numbering, page continuity, the chain, each entry's hash
    and each file against its SHA-256. Reports the first problem found."""
    rows = session.exec(
        select(MinutesEntry).options(defer(MinutesEntry.pdf)).order_by(MinutesEntry.number)
    ).all()
    previous, page, seen = GENESIS, 1, set()
    for index, entry in enumerate(rows):
        reason = _entry_problem(session, entry, index + 1, page, previous, seen)
        if reason:
            return RegisterReport(index, page - 1, RegisterProblem(entry.number, reason))
        previous, page = entry.entry_hash, entry.first_page + entry.page_count
        seen.add(entry.id)
    return RegisterReport(len(rows), page - 1, None)


def _entry_problem(session, entry, number, page, previous, seen) -> str | None:
    if entry.number != number:
        return f"numéro {number} attendu : une entrée manque ou a été retirée"
    if entry.first_page != page:
        return f"pages non continues (page {page} attendue, page {entry.first_page} trouvée)"
    if entry.previous_hash != previous:
        return "lien vers l'entrée précédente rompu"
    if entry.rectifies_id is not None and entry.rectifies_id not in seen:
        return "rectifie une entrée inconnue ou postérieure"
    if entry_digest(entry) != entry.entry_hash:
        return "données de l'entrée modifiées (empreinte de l'entrée fausse)"
    pdf = session.exec(select(MinutesEntry.pdf).where(MinutesEntry.id == entry.id)).one()
    if hashlib.sha256(pdf).hexdigest() != entry.sha256:
        return "fichier PDF remplacé ou altéré (son SHA-256 ne correspond plus)"
    return None


def entry_pdf(session: Session, entry: MinutesEntry) -> bytes:
    return session.exec(select(MinutesEntry.pdf).where(MinutesEntry.id == entry.id)).one()
