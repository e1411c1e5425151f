"""Attendance: the secretary's check-in, the live quorum headcount, and the 2nd
convocation prepared in one step when the quorum fails."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, func, select

from votes import Quorum

from ..models import (
    AgendaItem,
    Attendance,
    Ballot,
    Cooperative,
    Document,
    Meeting,
    MeetingOfficer,
    Member,
    Proxy,
    Resolution,
    RollEntry,
    SecretVoter,
)
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .meetings import create_meeting, is_binding, quorum_rules
from .proxies import active_proxy, represented_ids, withdraw_proxy
from .roll import is_on_roll, roll_size

CHANNEL_MODES = {"room": "present", "online": "remote", "postal": "postal"}
CHECK_IN_MODES = {"present": "Présent", "remote": "À distance", "absent": "Absent"}


def attendance_modes(session: Session, meeting: Meeting) -> dict[int, str]:
    query = select(Attendance.member_id, Attendance.mode).where(Attendance.meeting_id == meeting.id)
    return dict(session.exec(query).all())


def check_in(
    session: Session, meeting: Meeting, member: Member, mode: str, actor
) -> tuple[Attendance, Proxy | None]:
    """Record how ``member`` attends. A member who arrives withdraws the proxy he gave, if
    it has not been used yet (returned, so that the secretary is told)."""
    if mode not in CHECK_IN_MODES:
        raise ServiceError("Mode de présence inconnu.")
    if meeting.status not in ("convened", "in_session"):
        raise ServiceError("L'émargement est ouvert entre la convocation et la clôture.")
    if not is_on_roll(session, meeting, member.id):
        raise ServiceError(f"{member.display_name} n'est pas sur la liste des votants.")
    withdrawn = None
    proxy = active_proxy(session, meeting, member.id)
    if mode != "absent" and proxy is not None and proxy.used_at is None:
        withdrawn = withdraw_proxy(session, proxy, actor)
    row = session.exec(
        select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.member_id == member.id
        )
    ).first() or Attendance(meeting_id=meeting.id, member_id=member.id, mode=mode)
    previous = row.mode if row.id else None
    row.mode, row.recorded_at, row.recorded_by_id = mode, utcnow(), getattr(actor, "id", None)
    session.add(row)
    session.flush()
    record_audit(session, actor, "attendance.check_in", row, {"from": previous, "to": mode})
    return row, withdrawn


def voter_modes(session: Session, meeting: Meeting) -> dict[str, set[int]]:
    """Who voted, over all the meeting's resolutions, as results.participation counts them
    (the live quorum and the minutes both use it):
    by show of hands → present, online or secret ballot → remote, by post → postal (each
    member's last ballot revision on each resolution)."""
    latest = (
        select(Ballot.resolution_id, Ballot.member_id, func.max(Ballot.revision).label("rev"))
        .join(Resolution, Resolution.id == Ballot.resolution_id)
        .where(Resolution.meeting_id == meeting.id)
        .group_by(Ballot.resolution_id, Ballot.member_id)
        .subquery()
    )
    rows = session.exec(
        select(Ballot.member_id, Ballot.channel).join(
            latest,
            (Ballot.resolution_id == latest.c.resolution_id)
            & (Ballot.member_id == latest.c.member_id)
            & (Ballot.revision == latest.c.rev),
        )
    ).all()
    found = {"present": set(), "remote": set(), "postal": set()}
    for member_id, channel in rows:
        mode = CHANNEL_MODES.get(channel)
        if mode:
            found[mode].add(member_id)
    secret = select(SecretVoter.member_id).join(
        Resolution, Resolution.id == SecretVoter.resolution_id
    )
    found["remote"] |= set(session.exec(secret.where(Resolution.meeting_id == meeting.id)))
    return found


def postal_voter_ids(session: Session, meeting: Meeting) -> set[int]:
    """Members whose postal vote reached the meeting (ballots of the postal channel)."""
    query = (
        select(Ballot.member_id)
        .join(Resolution, Resolution.id == Ballot.resolution_id)
        .where(Resolution.meeting_id == meeting.id, Ballot.channel == "postal")
        .distinct()
    )
    return set(session.exec(query))


@dataclass(frozen=True)
class QuorumLine:
    """One quorum requirement and where the headcount stands against it."""

    label: str
    quorum: Quorum
    remote_counted: bool

    @property
    def missing(self) -> int:
        return max(0, self.quorum.required_count - self.quorum.participants)


@dataclass(frozen=True)
class Headcount:
    eligible: int
    present: int
    remote: int
    represented: int
    postal: int


def headcount(session: Session, meeting: Meeting) -> Headcount:
    """Each member on the roll counted once: present (checked in, or voting in the room),
    else remote (checked in remotely, or voting online), else represented, else postal."""
    modes = attendance_modes(session, meeting)
    voted = voter_modes(session, meeting)
    present = {m for m, mode in modes.items() if mode == "present"} | voted["present"]
    remote = ({m for m, mode in modes.items() if mode == "remote"} | voted["remote"]) - present
    represented = represented_ids(session, meeting) - present - remote
    postal = (postal_voter_ids(session, meeting) | voted["postal"]) - present - remote
    postal -= represented
    return Headcount(
        roll_size(session, meeting), len(present), len(remote), len(represented), len(postal)
    )


def quorum_status(session: Session, meeting: Meeting, coop: Cooperative) -> list[QuorumLine]:
    """The live quorum: one line per requirement of the meeting's kind and rank
    (two for a mixed AG). Board meetings count directors present only."""
    count = headcount(session, meeting)
    remote = count.remote if coop.remote_counts_as_present else 0
    lines = []
    for rule in quorum_rules(meeting, coop):
        proxies = count.represented if rule.counts_proxies else 0
        postal = count.postal if rule.counts_proxies else 0
        quorum = Quorum(
            eligible=count.eligible,
            present=count.present,
            remote=remote,
            represented=proxies,
            postal=postal,
            required=rule.fraction,
        )
        lines.append(QuorumLine(rule.label, quorum, coop.remote_counts_as_present))
    return lines


def quorum_reached(session: Session, meeting: Meeting, coop: Cooperative) -> bool:
    return all(line.quorum.reached for line in quorum_status(session, meeting, coop))


def check_in_query(meeting: Meeting, search: str = ""):
    """The roll with each member's attendance, filtered by name or number."""
    query = (
        select(Member, Attendance.mode)
        .join(RollEntry, RollEntry.member_id == Member.id)
        .outerjoin(
            Attendance,
            (Attendance.member_id == Member.id) & (Attendance.meeting_id == meeting.id),
        )
        .where(RollEntry.meeting_id == meeting.id)
    )
    search = (search or "").strip()
    if search:
        pattern = f"%{search.lower()}%"
        conditions = [
            func.lower(Member.last_name).like(pattern),
            func.lower(Member.first_name).like(pattern),
            func.lower(func.coalesce(Member.company_name, "")).like(pattern),
        ]
        if search.isdigit():
            conditions.append(Member.number == int(search))
        query = query.where(or_(*conditions))
    count = select(func.count()).select_from(query.subquery())
    return query.order_by(Member.last_name, Member.first_name, Member.id), count


# -- second convocation ------------------------------------------------------------------


def prepare_second_convocation(
    session: Session, meeting: Meeting, coop: Cooperative, actor, starts_at: datetime
) -> Meeting:
    """The quorum failed: close this meeting without decision and draft the same meeting
    on 2nd convocation (agenda, resolutions and bureau copied), to be convened again."""
    if meeting.kind == "BOARD" or not is_binding(meeting, coop):
        raise ServiceError("Cette réunion n'a pas de deuxième convocation.")
    if meeting.status not in ("convened", "in_session"):
        raise ServiceError("La réunion doit être convoquée ou en séance.")
    if quorum_reached(session, meeting, coop):
        raise ServiceError("Le quorum est atteint : la réunion peut délibérer.")
    if meeting.convocation_rank == 2 and starts_at > _two_months_after(meeting.starts_at):
        raise ServiceError("Une assemblée prorogée se tient au plus tard deux mois après.")
    second = create_meeting(
        session,
        actor,
        kind=meeting.kind,
        title=f"{meeting.title} (2e convocation)"[:200],
        starts_at=starts_at,
        ends_at=starts_at + (meeting.ends_at - meeting.starts_at) if meeting.ends_at else None,
        place=meeting.place,
        video_url=meeting.video_url,
        convocation_rank=2,
        first_convocation_id=meeting.id,
    )
    _copy_contents(session, meeting, second)
    meeting.status, meeting.closed_at = "closed", utcnow()
    session.add(meeting)
    session.flush()
    record_audit(session, actor, "meeting.quorum_failed", meeting, {"second": second.id})
    return second


def _two_months_after(moment: datetime) -> datetime:
    month = moment.month + 2
    year, month = moment.year + (month - 1) // 12, (month - 1) % 12 + 1
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month, day=day)


# What a second convocation does not inherit: identity, meeting, and anything of a vote.
NOT_COPIED = {
    "id",
    "meeting_id",
    "agenda_item_id",
    "status",
    "opened_at",
    "closed_at",
    "debate_summary",
}
NOT_COPIED_RESOLUTION = NOT_COPIED | {"vote_opens_at", "vote_closes_at"}


def _rows(session: Session, model, meeting: Meeting):
    return session.exec(select(model).where(model.meeting_id == meeting.id).order_by(model.id))


def _copy_contents(session: Session, source: Meeting, target: Meeting) -> None:
    """Agenda, resolutions, documents and bureau of ``source``, copied onto ``target``."""
    items = {}
    for item in _rows(session, AgendaItem, source):
        copy = AgendaItem(meeting_id=target.id, **item.model_dump(exclude=NOT_COPIED))
        session.add(copy)
        session.flush()
        items[item.id] = copy.id
    for model, excluded in (
        (Resolution, NOT_COPIED_RESOLUTION),
        (Document, NOT_COPIED),
        (MeetingOfficer, NOT_COPIED),
    ):
        for row in _rows(session, model, source):
            values = row.model_dump(exclude=excluded) | {"meeting_id": target.id}
            if hasattr(row, "agenda_item_id"):
                values["agenda_item_id"] = items.get(row.agenda_item_id)
            session.add(model(**values))
    session.flush()
