"""Meetings: their kinds and the rules the statutes attach to them, their life cycle
(draft → convened → in session → closed), their bureau, and who may see them."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import delete, update
from sqlmodel import Session, col, func, select

from ..models import (
    AgendaItem,
    Cooperative,
    Document,
    Meeting,
    MeetingOfficer,
    Member,
    Proposal,
    Resolution,
    User,
    UserRole,
)
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .settings import parse_fraction

PARIS = ZoneInfo("Europe/Paris")
KIND_LABELS = {
    "AGO": "Assemblée générale ordinaire",
    "AGE": "Assemblée générale extraordinaire",
    "AGM": "Assemblée générale mixte",
    "BOARD": "Réunion du conseil",
    "MONTHLY": "Réunion mensuelle des sociétaires",
}
STATUS_LABELS = {
    "draft": "Brouillon",
    "convened": "Convoquée",
    "in_session": "En séance",
    "closed": "Close",
}
GENERAL_ASSEMBLIES = ("AGO", "AGE", "AGM")
MANAGERS = ("board", "admin")
STAFF = ("board", "admin", "secretary")
EDITABLE_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "video_url")


@dataclass(frozen=True)
class QuorumRule:
    """What a meeting needs: ``fraction`` of ``base`` ("roll" or "directors")."""

    label: str
    fraction: Fraction
    counts_proxies: bool = True


def is_binding(meeting: Meeting, coop: Cooperative) -> bool:
    """Monthly meetings are consultative unless the statutes say otherwise."""
    return meeting.kind != "MONTHLY" or coop.monthly_meetings_binding


def quorum_rules(meeting: Meeting, coop: Cooperative) -> list[QuorumRule]:
    """The quorums that apply to ``meeting`` for its kind and convocation rank (DOMAIN §4).
    A mixed AG has two: the ordinary one and the extraordinary one."""
    second = meeting.convocation_rank == 2
    ordinary = parse_fraction(coop.quorum_ago_second if second else coop.quorum_ago_first)
    extra = parse_fraction(coop.quorum_age_second if second else coop.quorum_age_first)
    if meeting.kind == "BOARD":
        return [QuorumRule("Administrateurs présents", Fraction(1, 2), counts_proxies=False)]
    if meeting.kind == "AGE":
        return [QuorumRule("Résolutions extraordinaires", extra)]
    if meeting.kind == "AGM":
        return [
            QuorumRule("Résolutions ordinaires", ordinary),
            QuorumRule("Résolutions extraordinaires", extra),
        ]
    if meeting.kind == "MONTHLY" and not coop.monthly_meetings_binding:
        return [QuorumRule("Réunion consultative : aucun quorum", Fraction(0))]
    return [QuorumRule("Résolutions ordinaires", ordinary)]


def required_delay_days(meeting: Meeting, coop: Cooperative) -> int:
    """Days between the convocation and the meeting: 15, or 10 on 2nd convocation
    [LAW R225-69]; none for the board and for consultative monthly meetings."""
    if meeting.kind == "BOARD" or not is_binding(meeting, coop):
        return 0
    if meeting.convocation_rank == 2:
        return coop.convocation_delay_days_second
    return coop.convocation_delay_days


def proxy_cap(meeting: Meeting, coop: Cooperative) -> int:
    """Proxies one holder may carry: the statutory cap, one on the board."""
    return 1 if meeting.kind == "BOARD" else coop.proxy_cap


def postal_deadline(meeting: Meeting, coop: Cooperative, electronic: bool) -> datetime:
    """Last moment a postal vote is accepted [LAW R225-77]: the paper form ``N`` days
    before the meeting (N from the statutes, at most 3), an electronic form until the
    statutory hour (15:00 at the latest) the day before, Europe/Paris time."""
    local = meeting.starts_at.astimezone(PARIS)
    if electronic:
        day = local.date() - timedelta(days=1)
        hour = time(coop.electronic_postal_deadline_hour)
        return datetime.combine(day, hour, PARIS).astimezone(meeting.starts_at.tzinfo)
    day = local.date() - timedelta(days=coop.postal_deadline_days)
    at = datetime.combine(day, local.time(), PARIS)
    return at.astimezone(meeting.starts_at.tzinfo)


# -- who may do what --------------------------------------------------------------------


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_role(*MANAGERS)


def can_check_in(user) -> bool:
    return user.is_authenticated and user.has_role(*STAFF)


def can_view(user, meeting: Meeting) -> bool:
    """Drafts are for the staff; board meetings for the board and the secretaries."""
    if not user.is_authenticated:
        return False
    if user.has_role(*STAFF):
        return True
    if not user.member_id:
        return False
    return meeting.status != "draft" and meeting.kind != "BOARD"


def visible_meetings(user):
    """A query of the meetings ``user`` may see (for lists and the calendar)."""
    query = select(Meeting)
    if not user.has_role(*STAFF):
        query = query.where(Meeting.status != "draft", Meeting.kind != "BOARD")
    return query


# -- creating and editing ----------------------------------------------------------------


def default_title(kind: str, starts_at: datetime) -> str:
    return f"{KIND_LABELS[kind]} — {starts_at.astimezone(PARIS):%d/%m/%Y}"


def _check_values(values: dict) -> None:
    if values["kind"] not in KIND_LABELS:
        raise ServiceError("Type de réunion inconnu.")
    if not (values.get("place") or "").strip() and not (values.get("video_url") or "").strip():
        raise ServiceError("Indiquez un lieu, un lien de visioconférence, ou les deux.")
    ends_at = values.get("ends_at")
    if ends_at is not None and ends_at <= values["starts_at"]:
        raise ServiceError("La fin de la réunion doit suivre son début.")


def create_meeting(session: Session, actor, **values) -> Meeting:
    """A draft meeting. ``values``: kind, starts_at, optional title, ends_at, place,
    video_url, convocation_rank."""
    _check_values(values)
    if values["starts_at"] <= utcnow():
        raise ServiceError("La date de la réunion est déjà passée.")
    values["title"] = (values.get("title") or "").strip() or default_title(
        values["kind"], values["starts_at"]
    )
    if values.get("ends_at") is None:
        values["ends_at"] = values["starts_at"] + timedelta(hours=2)
    meeting = Meeting(**values, created_by_id=getattr(actor, "id", None))
    session.add(meeting)
    session.flush()
    record_audit(session, actor, "meeting.create", meeting, _snapshot(meeting))
    return meeting


def _snapshot(meeting: Meeting) -> dict:
    return {name: getattr(meeting, name) for name in EDITABLE_FIELDS}


def update_meeting(session: Session, meeting: Meeting, actor, **values) -> Meeting:
    """A draft changes freely; once convened only the video link may change (the
    convocation fixed the rest)."""
    merged = _snapshot(meeting) | values
    changed = {k: [getattr(meeting, k), v] for k, v in values.items() if getattr(meeting, k) != v}
    if meeting.status == "closed":
        raise ServiceError("Une réunion close ne se modifie plus.")
    if meeting.status != "draft" and set(changed) - {"video_url"}:
        raise ServiceError(
            "La réunion est convoquée : seul le lien de visioconférence peut encore changer."
        )
    _check_values(merged)
    if "kind" in changed and _has_resolutions(session, meeting):
        raise ServiceError("Supprimez d'abord les résolutions pour changer le type de réunion.")
    for key, value in values.items():
        setattr(meeting, key, value)
    meeting.title = (meeting.title or "").strip() or default_title(meeting.kind, meeting.starts_at)
    session.add(meeting)
    session.flush()
    if changed:
        record_audit(session, actor, "meeting.update", meeting, changed)
    return meeting


def _has_resolutions(session: Session, meeting: Meeting) -> bool:
    query = select(func.count()).select_from(Resolution).where(Resolution.meeting_id == meeting.id)
    return session.exec(query).one() > 0


def delete_meeting(session: Session, meeting: Meeting, actor) -> None:
    """Only a draft may be deleted, with its agenda, documents and resolutions."""
    if meeting.status != "draft":
        raise ServiceError("Seul un brouillon peut être supprimé.")
    record_audit(session, actor, "meeting.delete", meeting, {"title": meeting.title})
    session.exec(
        update(Proposal)
        .where(Proposal.meeting_id == meeting.id)
        .values(meeting_id=None, agenda_item_id=None, resolution_id=None)
    )
    for model in (Document, Resolution, AgendaItem, MeetingOfficer):
        session.exec(delete(model).where(model.meeting_id == meeting.id))
    session.delete(meeting)
    session.flush()


# -- life cycle ----------------------------------------------------------------------------


def open_session(session: Session, meeting: Meeting, actor) -> Meeting:
    if meeting.status != "convened":
        raise ServiceError("Seule une réunion convoquée peut être ouverte.")
    meeting.status, meeting.opened_at = "in_session", utcnow()
    session.add(meeting)
    session.flush()
    record_audit(session, actor, "meeting.open", meeting, {})
    return meeting


def close_meeting(session: Session, meeting: Meeting, actor) -> Meeting:
    if meeting.status != "in_session":
        raise ServiceError("Seule une réunion en séance peut être close.")
    still_open = select(func.count()).where(
        Resolution.meeting_id == meeting.id, Resolution.status == "open"
    )
    if session.exec(still_open).one():
        raise ServiceError("Des votes sont encore ouverts : clôturez-les avant la séance.")
    meeting.status, meeting.closed_at = "closed", utcnow()
    session.add(meeting)
    session.flush()
    record_audit(session, actor, "meeting.close", meeting, {})
    return meeting


def directors(session: Session) -> list[Member]:
    """Members whose account holds the board role: the directors a board meeting convenes."""
    return list(
        session.exec(
            select(Member)
            .join(User, col(User.member_id) == Member.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == "board", Member.status == "admitted", User.active)
            .order_by(Member.last_name, Member.first_name)
        )
    )
