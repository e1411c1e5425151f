"""Who may vote for whom on a resolution: their own vote if they are on the frozen roll
and gave no proxy, and one vote per principal whose proxy they hold."""

from dataclasses import dataclass

from sqlalchemy import bindparam
from sqlmodel import Session, col, func, select

from ..models import Ballot, Meeting, Member, Proxy, Resolution, RollEntry
from .proxies import active_proxy


@dataclass(frozen=True)
class Mandate:
    """One vote a member may cast: their own, or a principal's through a proxy."""

    member: Member
    college_id: int | None
    via_proxy: bool


def _roll_entry(session, resolution, member_id) -> RollEntry | None:
    return session.exec(
        select(RollEntry).where(
            RollEntry.meeting_id == resolution.meeting_id, RollEntry.member_id == member_id
        )
    ).first()


@dataclass(frozen=True)
class VoterState:
    """In one query: the roll entry, the active proxy this member gave, and the revision
    of their last open ballot on the resolution (0 if none)."""

    roll: RollEntry
    proxy: Proxy | None
    revision: int


_LATEST_REVISION = (
    select(func.coalesce(func.max(Ballot.revision), 0))
    .where(
        Ballot.resolution_id == bindparam("resolution_id"), Ballot.member_id == RollEntry.member_id
    )
    .scalar_subquery()
)
VOTER_STATE = (  # built once: every ballot runs it
    select(RollEntry, Proxy, _LATEST_REVISION)
    .outerjoin(
        Proxy,
        (Proxy.meeting_id == RollEntry.meeting_id)
        & (Proxy.principal_id == RollEntry.member_id)
        & col(Proxy.withdrawn_at).is_(None),
    )
    .where(
        RollEntry.meeting_id == bindparam("meeting_id"),
        RollEntry.member_id == bindparam("member_id"),
    )
)


def voter_state(session, resolution, member_id) -> VoterState | None:
    params = {
        "resolution_id": resolution.id,
        "meeting_id": resolution.meeting_id,
        "member_id": member_id,
    }
    row = session.exec(VOTER_STATE, params=params).first()
    return VoterState(*row) if row else None


def _active_proxy(session, resolution, principal_id) -> Proxy | None:
    return active_proxy(session, session.get(Meeting, resolution.meeting_id), principal_id)


def mandates(session: Session, resolution: Resolution, member: Member) -> list[Mandate]:
    """The votes ``member`` may cast on ``resolution``: their own if they are on the
    roll and gave no proxy, then one per principal whose proxy they hold."""
    result = []
    own = _roll_entry(session, resolution, member.id)
    if own and _active_proxy(session, resolution, member.id) is None:
        result.append(Mandate(member, own.college_id, False))
    principals = session.exec(
        select(Member, RollEntry.college_id)
        .join(Proxy, Proxy.principal_id == Member.id)
        .join(RollEntry, RollEntry.member_id == Member.id)
        .where(
            Proxy.meeting_id == resolution.meeting_id,
            Proxy.holder_id == member.id,
            col(Proxy.withdrawn_at).is_(None),
            RollEntry.meeting_id == resolution.meeting_id,
        )
        .order_by(Member.last_name, Member.first_name)
    ).all()
    result.extend(Mandate(principal, college, True) for principal, college in principals)
    return result
