"""Proxies (pouvoirs): a member on the roll is represented by another one, or gives a
blank proxy voted by the chair (for what the board supports, against the rest). The
statutory cap per holder is enforced; a proxy can be withdrawn until it is used."""

from datetime import datetime

from sqlmodel import Session, col, func, select

from ..models import (
    Attendance,
    Ballot,
    Cooperative,
    Meeting,
    Member,
    Proxy,
    Resolution,
    SecretVoter,
)
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .meetings import proxy_cap
from .roll import is_on_roll

OPEN_STATUSES = ("convened", "in_session")


def _active():
    return col(Proxy.withdrawn_at).is_(None)


def active_proxy(session: Session, meeting: Meeting, principal_id: int) -> Proxy | None:
    """The proxy ``principal_id`` currently gives for ``meeting``, if any."""
    return session.exec(
        select(Proxy).where(
            Proxy.meeting_id == meeting.id, Proxy.principal_id == principal_id, _active()
        )
    ).first()


def held_count(session: Session, meeting: Meeting, holder_id: int) -> int:
    query = select(func.count()).where(
        Proxy.meeting_id == meeting.id, Proxy.holder_id == holder_id, _active()
    )
    return session.exec(query).one()


def proxies_held(session: Session, meeting: Meeting, holder_id: int) -> list[tuple[Proxy, Member]]:
    """The proxies ``holder_id`` carries, with their principals."""
    return list(
        session.exec(
            select(Proxy, Member)
            .join(Member, Member.id == Proxy.principal_id)
            .where(Proxy.meeting_id == meeting.id, Proxy.holder_id == holder_id, _active())
            .order_by(Member.last_name, Member.first_name)
        ).all()
    )


def blank_proxies(session: Session, meeting: Meeting) -> list[tuple[Proxy, Member]]:
    """Proxies with no named holder: the chair votes them."""
    return list(
        session.exec(
            select(Proxy, Member)
            .join(Member, Member.id == Proxy.principal_id)
            .where(Proxy.meeting_id == meeting.id, col(Proxy.holder_id).is_(None), _active())
            .order_by(Member.last_name, Member.first_name)
        ).all()
    )


def represented_ids(session: Session, meeting: Meeting) -> set[int]:
    """Members represented by an active proxy (named or blank)."""
    query = select(Proxy.principal_id).where(Proxy.meeting_id == meeting.id, _active())
    return set(session.exec(query))


def meeting_proxies(
    session: Session, meeting: Meeting
) -> list[tuple[Proxy, Member, Member | None]]:
    """Every active proxy with principal and holder (None for blank), for the staff."""
    pairs = session.exec(
        select(Proxy, Member)
        .join(Member, Member.id == Proxy.principal_id)
        .where(Proxy.meeting_id == meeting.id, _active())
        .order_by(Member.last_name, Member.first_name)
    ).all()
    ids = {proxy.holder_id for proxy, _ in pairs if proxy.holder_id}
    holders = {m.id: m for m in session.exec(select(Member).where(col(Member.id).in_(ids)))}
    return [(proxy, principal, holders.get(proxy.holder_id)) for proxy, principal in pairs]


def _has_voted(session: Session, meeting: Meeting, member_id: int) -> bool:
    resolutions = select(Resolution.id).where(Resolution.meeting_id == meeting.id)
    open_ballot = select(func.count()).where(
        col(Ballot.resolution_id).in_(resolutions), Ballot.member_id == member_id
    )
    secret = select(func.count()).where(
        col(SecretVoter.resolution_id).in_(resolutions), SecretVoter.member_id == member_id
    )
    return session.exec(open_ballot).one() + session.exec(secret).one() > 0


def _attends(session: Session, meeting: Meeting, member_id: int) -> bool:
    mode = session.exec(
        select(Attendance.mode).where(
            Attendance.meeting_id == meeting.id, Attendance.member_id == member_id
        )
    ).first()
    return mode in ("present", "remote")


def _check_principal(session, meeting, principal, online, now):
    if meeting.status not in OPEN_STATUSES:
        raise ServiceError("Les pouvoirs se donnent entre la convocation et la clôture.")
    if online and now >= meeting.starts_at:
        raise ServiceError("La réunion a commencé : remettez votre pouvoir au secrétaire.")
    if not is_on_roll(session, meeting, principal.id):
        raise ServiceError(f"{principal.display_name} n'est pas sur la liste des votants.")
    if active_proxy(session, meeting, principal.id):
        raise ServiceError("Un pouvoir est déjà donné pour cette réunion : retirez-le d'abord.")
    if held_count(session, meeting, principal.id):
        raise ServiceError(
            f"{principal.display_name} détient des pouvoirs d'autres associés : il ne peut "
            "pas donner le sien tant qu'ils ne les ont pas retirés."
        )
    if _attends(session, meeting, principal.id):
        raise ServiceError(f"{principal.display_name} est présent(e) et vote lui-même.")
    if _has_voted(session, meeting, principal.id):
        raise ServiceError(f"{principal.display_name} a déjà voté : plus de pouvoir possible.")


def _check_holder(session, meeting, coop, principal, holder):
    if holder.id == principal.id:
        raise ServiceError("On ne se donne pas un pouvoir à soi-même.")
    if not is_on_roll(session, meeting, holder.id):
        raise ServiceError(f"{holder.display_name} n'est pas sur la liste des votants.")
    if active_proxy(session, meeting, holder.id):
        raise ServiceError(
            f"{holder.display_name} a lui-même donné son pouvoir : il ne pourra pas voter."
        )
    # Lock the holder's row so that two proxies given at once cannot both pass the cap.
    session.exec(select(Member.id).where(Member.id == holder.id).with_for_update()).one()
    cap, held = proxy_cap(meeting, coop), held_count(session, meeting, holder.id)
    if held >= cap:
        raise ServiceError(
            f"{holder.display_name} détient déjà {held} pouvoir{'s' if held > 1 else ''}, "
            f"le maximum fixé par les statuts ({cap} par mandataire). Choisissez un autre "
            "mandataire ou donnez un pouvoir en blanc au président."
        )


def give_proxy(
    session: Session,
    meeting: Meeting,
    coop: Cooperative,
    principal: Member,
    holder: Member | None,
    actor,
    online: bool = True,
    now: datetime | None = None,
) -> Proxy:
    """``holder`` None gives a blank proxy. ``online``: given by the member on the site
    (until the meeting starts); otherwise recorded by the secretary from a paper form."""
    now = now or utcnow()
    _check_principal(session, meeting, principal, online, now)
    if holder is not None:
        _check_holder(session, meeting, coop, principal, holder)
    proxy = Proxy(
        meeting_id=meeting.id,
        principal_id=principal.id,
        holder_id=holder.id if holder else None,
        given_at=now,
    )
    session.add(proxy)
    session.flush()
    payload = {"principal": principal.id, "holder": proxy.holder_id, "online": online}
    record_audit(session, actor, "proxy.give", proxy, payload)
    return proxy


def withdraw_proxy(session: Session, proxy: Proxy, actor, now: datetime | None = None) -> Proxy:
    """A proxy can be withdrawn until its holder has used it."""
    meeting = session.get(Meeting, proxy.meeting_id)
    if proxy.withdrawn_at is not None:
        raise ServiceError("Ce pouvoir est déjà retiré.")
    if proxy.used_at is not None:
        raise ServiceError("Ce pouvoir a déjà servi à voter : il ne peut plus être retiré.")
    if meeting.status == "closed":
        raise ServiceError("La réunion est close.")
    proxy.withdrawn_at = now or utcnow()
    session.add(proxy)
    session.flush()
    record_audit(session, actor, "proxy.withdraw", proxy, {"principal": proxy.principal_id})
    return proxy


def mark_proxy_used(session: Session, proxy: Proxy, now: datetime | None = None) -> Proxy:
    """Called by the voting service when a vote is cast with this proxy: it then stays."""
    if proxy.withdrawn_at is not None:
        raise ServiceError("Ce pouvoir a été retiré : il ne permet plus de voter.")
    if proxy.used_at is None:
        proxy.used_at = now or utcnow()
        session.add(proxy)
        session.flush()
    return proxy
