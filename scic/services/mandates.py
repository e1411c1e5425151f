"""Who may vote for whom on a resolution: their own vote if they are on the frozen roll
and gave no proxy, and one vote per principal whose proxy they hold. A ballot reads the
resolution, its meeting, the cooperative and the voter's state in one query."""

from dataclasses import dataclass

from sqlalchemy import bindparam, true
from sqlmodel import Session, col, func, select

from ..models import Ballot, Cooperative, Meeting, Member, Proxy, Resolution, RollEntry
from .memo import recall, remember
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
_PROXY_GIVEN = (
    (Proxy.meeting_id == RollEntry.meeting_id)
    & (Proxy.principal_id == RollEntry.member_id)
    & col(Proxy.withdrawn_at).is_(None)
)
VOTER_STATE = (  # built once, like the others: votes by proxy or by post run it
    select(RollEntry, Proxy, _LATEST_REVISION)
    .outerjoin(Proxy, _PROXY_GIVEN)
    .where(
        RollEntry.meeting_id == bindparam("meeting_id"),
        RollEntry.member_id == bindparam("member_id"),
    )
)
RESOLUTION = (  # the resolution, its meeting and the cooperative's rules
    select(Resolution, Meeting, Cooperative)
    .join(Meeting, Meeting.id == Resolution.meeting_id)
    .outerjoin(Cooperative, true())
    .where(Resolution.id == bindparam("resolution_id"))
    .order_by(Cooperative.id)
    .limit(1)
)
RESOLUTION_WITH_VOTER = (  # the same and a voter's state: a ballot's first query
    RESOLUTION.add_columns(RollEntry, Proxy, _LATEST_REVISION)
    .outerjoin(
        RollEntry,
        (RollEntry.meeting_id == Resolution.meeting_id)
        & (RollEntry.member_id == bindparam("member_id")),
    )
    .outerjoin(Proxy, _PROXY_GIVEN)
)


def voter_state(session, resolution, member_id) -> VoterState | None:
    known = recall(session, (VoterState, resolution.id, member_id), False, once=True)
    if known is not False:
        return known
    params = {
        "resolution_id": resolution.id,
        "meeting_id": resolution.meeting_id,
        "member_id": member_id,
    }
    row = session.exec(VOTER_STATE, params=params).first()
    return VoterState(*row) if row else None


def load_resolution(session, resolution_id: int, voter_id: int | None = None):
    """The resolution, its meeting and the cooperative in one query (None if there is no
    such resolution). With ``voter_id`` (a ballot being cast), that member's voter state
    comes along, for the ``voter_state`` call that follows."""
    params = {"resolution_id": resolution_id}
    if voter_id:
        row = session.exec(RESOLUTION_WITH_VOTER, params=params | {"member_id": voter_id})
    else:
        row = session.exec(RESOLUTION, params=params)
    row = row.first()
    if row is None:
        return None
    resolution, meeting, coop, *state = row
    if coop is not None:
        remember(session, Cooperative, coop)
    if voter_id:
        roll, proxy, revision = state
        known = VoterState(roll, proxy, revision) if roll else None
        remember(session, (VoterState, resolution.id, voter_id), known)
    return resolution, meeting


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
