"""The snapshot of a meeting for its minutes (`minutes.MinutesSnapshot`), from the database.

Two fingerprints are printed in the minutes so that anyone can check them later:

- **Audit-log head**: SHA-256 over the head of *every* audit chain (the ``global`` chain and
  each resolution's and each voter's ballot chain), one line ``<chain> <seq> <hash>\\n`` per
  chain, sorted by chain name (Python string order). Chains are append-only: the same digest
  is recomputed later with ``audit_head(session, upto=<last audit entry id>)``; the register
  records that id in the audit entry of the finalisation.
- **Voting-roll fingerprint**: SHA-256 over the frozen roll, one line ``member <number>
  <college code or ->\\n`` per member sorted by member number, then one line ``weight <college
  code> <weight in hundredths of a percent>\\n`` per college of the weights pinned at
  convocation, sorted by code.

In a SARL the gérants are the members whose account holds the « board » role (the gérance).
"""

import hashlib
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

import minutes
import votes

from ..models import (
    AuditEntry,
    College,
    CollegeWeight,
    ConvocationDelivery,
    Cooperative,
    Meeting,
    Member,
    MinutesEntry,
    RollEntry,
)
from . import ServiceError
from .agenda import agenda_items
from .bureau import officers
from .documents import meeting_documents
from .meetings import GENERAL_ASSEMBLIES
from .meetings import directors as board_members
from .minutes_participants import (
    attendees,
    board_result,
    board_signatory,
    directors,
    participants,
    quorums,
)
from .resolutions import meeting_resolutions
from .results import build_recount
from .settings import get_cooperative

PARIS = "Europe/Paris"
TO_NAME = {"chair": "(président de séance à désigner)", "gerant": "(gérant à désigner)"}


@dataclass(frozen=True)
class RegisterPosition:
    """Where the next entry goes: its number and the register page it starts on."""

    number: int
    first_page: int


def register_position(session: Session) -> RegisterPosition:
    last = session.exec(
        select(MinutesEntry.number, MinutesEntry.first_page, MinutesEntry.page_count)
        .order_by(col(MinutesEntry.number).desc())
        .limit(1)
    ).first()
    if last is None:
        return RegisterPosition(1, 1)
    number, first_page, page_count = last
    return RegisterPosition(number + 1, first_page + page_count)


def audit_head(session: Session, upto: int | None = None) -> str:
    """SHA-256 over the head of every audit chain (entries up to id ``upto`` when given)."""
    latest = select(AuditEntry.chain, func.max(AuditEntry.seq).label("seq"))
    if upto is not None:
        latest = latest.where(AuditEntry.id <= upto)
    latest = latest.group_by(AuditEntry.chain).subquery()
    rows = session.exec(
        select(AuditEntry.chain, AuditEntry.seq, AuditEntry.hash).join(
            latest, (AuditEntry.chain == latest.c.chain) & (AuditEntry.seq == latest.c.seq)
        )
    ).all()
    text = "".join(f"{chain} {seq} {digest}\n" for chain, seq, digest in sorted(rows))
    return hashlib.sha256(text.encode()).hexdigest()


def last_audit_id(session: Session) -> int:
    return session.exec(select(func.max(AuditEntry.id))).one() or 0


def roll_fingerprint(session: Session, meeting: Meeting) -> str:
    """SHA-256 over the frozen roll (member number, college code) and the pinned weights."""
    codes = dict(session.exec(select(College.id, College.code)).all())
    roll = session.exec(
        select(Member.number, RollEntry.college_id)
        .join(RollEntry, RollEntry.member_id == Member.id)
        .where(RollEntry.meeting_id == meeting.id)
    ).all()
    lines = [f"member {number} {codes.get(college, '-')}" for number, college in sorted(roll)]
    weights = session.exec(
        select(College.code, CollegeWeight.weight_bp)
        .join(CollegeWeight, CollegeWeight.college_id == College.id)
        .where(CollegeWeight.weight_set_id == (meeting.weight_set_id or -1))
    ).all()
    lines += [f"weight {code} {bp}" for code, bp in sorted(weights)]
    return hashlib.sha256("".join(f"{line}\n" for line in lines).encode()).hexdigest()


def build_snapshot(
    session: Session,
    meeting: Meeting,
    draft: bool,
    position: RegisterPosition | None = None,
    rectifies: MinutesEntry | None = None,
) -> minutes.MinutesSnapshot:
    """Everything the minutes of ``meeting`` state. ``position`` is the register place of a
    final entry (None for a draft: the next page is shown, without a number). A missing
    chair or gérant is a placeholder in a draft and a refusal for final minutes."""
    coop = get_cooperative(session)
    position = position or register_position(session)
    people = participants(session, meeting)
    grouped = officers(session, meeting)
    values = {
        "cooperative": build_cooperative(coop),
        "meeting": build_meeting(meeting),
        "bureau": _bureau(session, meeting, coop, grouped, draft),
        "convocation": _convocation(session, meeting) if meeting.kind != "BOARD" else None,
        **_participants(session, meeting, coop, people, grouped),
        **_contents(session, meeting, coop, people, _member_id(grouped, "chair")),
        "opened_at": meeting.opened_at,
        "closed_at": meeting.closed_at,
        "audit_head": audit_head(session),
        "roll_fingerprint": roll_fingerprint(session, meeting),
        "first_page": position.first_page,
        "entry_number": None if draft else position.number,
        "rectifies_entry": rectifies.number if rectifies else None,
    }
    return _build(minutes.MinutesSnapshot, **values)


def _member_id(grouped: dict, role: str) -> int | None:
    return grouped[role][0].member_id if grouped[role] else None


def _participants(session, meeting, coop, people, grouped) -> dict:
    """The attendance sheet and quorums of a general meeting (the sheet alone for a monthly
    one); the directors and the co-signing director of a board meeting."""
    if meeting.kind == "BOARD":
        chair_id = _member_id(grouped, "chair")
        return {
            "directors": directors(people, chair_id),
            "board_signatory": board_signatory(people, chair_id, _member_id(grouped, "secretary")),
        }
    lines = quorums(meeting, coop, people) if meeting.kind in GENERAL_ASSEMBLIES else []
    return {
        "attendees": attendees(session, people),
        "quorum": lines[0] if lines else None,
        "extraordinary_quorum": lines[1] if len(lines) > 1 else None,
    }


def _contents(session, meeting, coop, people, chair_id) -> dict:
    resolutions = meeting_resolutions(session, meeting)
    return {
        "agenda": tuple(
            minutes.AgendaItem(item.title, item.debate_summary)
            for item in agenda_items(session, meeting)
        ),
        "documents": tuple(d.filename for d in meeting_documents(session, meeting)),
        "resolutions": _resolutions(session, meeting, coop, resolutions, people, chair_id),
    }


def build_cooperative(coop: Cooperative) -> minutes.Cooperative:
    return _build(
        minutes.Cooperative,
        name=coop.name,
        legal_form=coop.legal_form,
        head_office=coop.head_office,
        siren=coop.siren,
        rcs_city=coop.rcs_city,
        variable_capital=True,
        capital_floor_cents=coop.statutory_capital_floor_cents,
    )


def build_meeting(meeting: Meeting) -> minutes.Meeting:
    return _build(
        minutes.Meeting,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place or "",
        video_url=meeting.video_url or "",
        timezone=PARIS,
    )


def _build(function, *args, **values):
    """Data for the minutes; a refusal of ``minutes`` or ``votes`` (one line of French,
    e.g. incoherent counts) becomes a ServiceError shown to the user."""
    try:
        return function(*args, **values)
    except (minutes.MinutesError, votes.VoteError) as exc:
        raise ServiceError(str(exc)) from None


def _bureau(session, meeting, coop, grouped, draft) -> minutes.Bureau:
    chair = grouped["chair"][0].name if grouped["chair"] else _missing("chair", draft)
    gerants = ()
    if coop.legal_form == "SARL" and meeting.kind in GENERAL_ASSEMBLIES:
        gerants = tuple(m.display_name for m in board_members(session)) or (
            _missing("gerant", draft),
        )
    return _build(
        minutes.Bureau,
        chair=chair,
        secretary=grouped["secretary"][0].name if grouped["secretary"] else "",
        scrutateurs=tuple(officer.name for officer in grouped["scrutateur"]),
        gerants=gerants,
    )


def _missing(role: str, draft: bool) -> str:
    if draft:
        return TO_NAME[role]
    if role == "chair":
        raise ServiceError(
            "Le président de séance n'est pas désigné : complétez le bureau de la réunion "
            "avant de finaliser le procès-verbal."
        )
    raise ServiceError(
        "SARL : aucun gérant n'est enregistré (comptes ayant le rôle « Conseil ») ; "
        "le procès-verbal doit être signé par le ou les gérants."
    )


def _convocation(session: Session, meeting: Meeting) -> minutes.Convocation | None:
    rows = session.exec(
        select(ConvocationDelivery.mode, ConvocationDelivery.sent_at).where(
            ConvocationDelivery.meeting_id == meeting.id,
            col(ConvocationDelivery.sent_at).is_not(None),
        )
    ).all()
    sendings = []
    for mode in ("email", "post"):
        moments = sorted(sent_at for m, sent_at in rows if m == mode)
        if moments:
            sendings.append(minutes.Sending(mode, len(moments), moments[0], moments[-1]))
    first = (
        session.get(Meeting, meeting.first_convocation_id) if meeting.first_convocation_id else None
    )
    return _build(
        minutes.Convocation,
        rank=meeting.convocation_rank,
        sendings=tuple(sendings),
        first_meeting_at=first.starts_at if first else None,
        late_reason=meeting.late_convocation_reason or "",
    )


def _resolutions(session, meeting, coop, resolutions, people, chair_id) -> tuple:
    """Each resolution with its result once its vote is closed: the tally of
    results.build_recount and its recount file, or the board's decision."""
    result = []
    for row in resolutions:
        if row.status != "closed":
            result.append(_build(minutes.Resolution, row.number, row.title, row.text, row.kind))
        elif meeting.kind == "BOARD":
            decision = _build(board_result, session, row, coop, people, chair_id)
            result.append(
                _build(minutes.Resolution, row.number, row.title, row.text, row.kind, decision)
            )
        else:
            recount = build_recount(session, row)
            result.append(
                _build(
                    minutes.Resolution.from_recount,
                    *(row.number, row.title, row.text, recount, row.kind),
                )
            )
    return tuple(result)
