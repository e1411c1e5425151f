"""Casting ballots (whose vote it may be is in ``mandates``): online, by proxy, by post,
in the room; open ballots as append-only revisions, secret ballots split between the émargement
and the ballot box; receipts; each ballot's audit entry on the voter's own chain.

Open ballots: a change is revision n+1 and the last one counts. The form carries the
revision it replaces, so two concurrent casts of the same revision hit the
(resolution, member, revision) unique constraint and only one is stored. Secret ballots:
SecretVoter (unique per member, under a lock on the voter's roll entry) and SecretBallot
(random key, no voter, no time), written in one transaction.
"""

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from ..models import (
    Attendance,
    Ballot,
    Meeting,
    Member,
    Proxy,
    Resolution,
    RollEntry,
    SecretBallot,
    SecretVoter,
)
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .mandates import voter_state
from .proxies import mark_proxy_used
from .voting import new_receipt, refresh_resolution

VOTER_CHOICES = ("for", "against", "abstain")


# -- casting ---------------------------------------------------------------------------


def current_ballot(session: Session, resolution: Resolution, member_id: int) -> Ballot | None:
    return session.exec(
        select(Ballot)
        .where(Ballot.resolution_id == resolution.id, Ballot.member_id == member_id)
        .order_by(col(Ballot.revision).desc())
        .limit(1)
    ).first()


def latest_revision(session: Session, resolution: Resolution, member_id: int) -> int:
    current = current_ballot(session, resolution, member_id)
    return current.revision if current else 0


def has_voted(session: Session, resolution: Resolution, member_id: int) -> bool:
    model = SecretVoter if resolution.secret else Ballot
    return (
        session.exec(
            select(func.count())
            .select_from(model)
            .where(model.resolution_id == resolution.id, model.member_id == member_id)
        ).one()
        > 0
    )


def cast_ballot(
    session: Session,
    resolution: Resolution,
    voter: Member,
    choice: str,
    *,
    principal: Member | None = None,
    channel: str = "online",
    replaces: int = 0,
    actor=None,
    now: datetime | None = None,
):
    """Cast ``voter``'s vote, or their principal's through a proxy. Returns the ballot
    (an open Ballot, or the SecretBallot whose receipt the voter keeps)."""
    now = now or utcnow()
    refresh_resolution(session, resolution, now)
    if choice not in VOTER_CHOICES:
        raise ServiceError("Choix de vote inconnu.")
    _check_window(session, resolution, channel, now)
    if channel == "online":
        _check_remote_allowed(session, resolution, voter)
    whose = principal or voter
    state = voter_state(session, resolution, whose.id)
    if state is None:
        raise ServiceError(
            f"{whose.display_name} ne figure pas sur la liste des votants de cette réunion."
        )
    proxy = _check_mandate(voter, principal, channel, state.proxy)
    if resolution.secret:
        ballot = _store_secret(session, resolution, state.roll, choice)
    else:
        if replaces != state.revision:
            raise ServiceError(
                "Ce vote a déjà été enregistré ou modifié entre-temps : rechargez la page pour "
                "voir le vote qui compte."
            )
        ballot = _store_open(
            session,
            resolution,
            state,
            choice,
            "proxy" if proxy else channel,
            voter.id if proxy else None,
        )
    if proxy:
        mark_proxy_used(session, proxy, now)
    _audit_ballot(session, resolution, whose.id, ballot, actor, channel)
    return ballot


def _check_window(session, resolution, channel, now):
    if channel == "postal":
        from .meetings import postal_deadline
        from .settings import get_cooperative

        meeting = session.get(Meeting, resolution.meeting_id)
        coop = get_cooperative(session)
        if not coop.postal_votes_allowed:
            raise ServiceError("Les statuts ne prévoient pas le vote par correspondance.")
        if meeting.roll_frozen_at is None:
            raise ServiceError("La réunion n'est pas encore convoquée.")
        if now > postal_deadline(meeting, coop, electronic=True):
            raise ServiceError(
                "Le délai du vote par correspondance est dépassé : votez en séance ou donnez "
                "un pouvoir."
            )
        if resolution.status == "closed":
            raise ServiceError("Ce vote est clos.")
        return
    if resolution.status == "draft":
        raise ServiceError("Ce vote n'est pas encore ouvert.")
    if resolution.status == "closed":
        raise ServiceError("Ce vote est clos : il n'est plus possible de voter.")


def _check_remote_allowed(session, resolution, voter):
    """Voting online from elsewhere is taking part remotely: only when the statutes count
    remote participation (a member checked in present may vote from their phone)."""
    from .settings import get_cooperative

    if get_cooperative(session).remote_counts_as_present:
        return
    mode = session.exec(
        select(Attendance.mode).where(
            Attendance.meeting_id == resolution.meeting_id, Attendance.member_id == voter.id
        )
    ).first()
    if mode != "present":
        raise ServiceError(
            "Les statuts ne prévoient pas la participation à distance : votez en séance, "
            "par correspondance ou en donnant un pouvoir."
        )


def _check_mandate(voter, principal, channel, proxy):
    """``proxy`` is the active proxy given by the member whose vote this is."""
    if principal is None:
        if proxy is not None and channel != "room":
            raise ServiceError(
                "Vous avez donné un pouvoir pour cette réunion : votre mandataire vote pour "
                "vous. Retirez le pouvoir (s'il n'a pas servi) pour voter vous-même."
            )
        return None
    if proxy is None or proxy.holder_id != voter.id:
        raise ServiceError(f"Vous ne détenez pas de pouvoir de {principal.display_name}.")
    return proxy


def store_blank_proxy(session: Session, resolution: Resolution, proxy: Proxy) -> Ballot:
    """The chair's vote for a blank proxy, recorded as ``blank_proxy`` at close."""
    state = voter_state(session, resolution, proxy.principal_id)
    if resolution.secret:
        ballot = _store_secret(session, resolution, state.roll, "blank_proxy")
    else:
        ballot = _store_open(session, resolution, state, "blank_proxy", "proxy", None)
    mark_proxy_used(session, proxy)
    _audit_ballot(session, resolution, proxy.principal_id, ballot, None, "proxy")
    return ballot


_INSERT_BALLOT = {  # Core statements, built once
    name: dialect.insert(Ballot.__table__).on_conflict_do_nothing().returning(Ballot.__table__.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def _store_open(session, resolution, state, choice, channel, cast_by_id) -> Ballot:
    """INSERT ... ON CONFLICT DO NOTHING: a concurrent duplicate of the same revision is
    refused by the unique constraint without aborting the request's transaction."""
    values = {
        "resolution_id": resolution.id,
        "member_id": state.roll.member_id,
        "college_id": state.roll.college_id,
        "cast_by_member_id": cast_by_id,
        "choice": choice,
        "channel": channel,
        "revision": state.revision + 1,
        "receipt": new_receipt(),
        "cast_at": utcnow(),
    }
    insert = _INSERT_BALLOT[session.get_bind().dialect.name]
    ballot_id = session.exec(insert, params=values).scalar()
    if ballot_id is None:
        raise ServiceError("Ce vote a déjà été enregistré.")
    return Ballot(id=ballot_id, **values)


def _store_secret(session, resolution, roll, choice):
    session.exec(select(RollEntry).where(RollEntry.id == roll.id).with_for_update()).one()
    if has_voted(session, resolution, roll.member_id):
        raise ServiceError("Vous avez déjà voté à ce scrutin secret : le vote est définitif.")
    _insert(
        session,
        SecretVoter(resolution_id=resolution.id, member_id=roll.member_id),
        "Vous avez déjà voté à ce scrutin secret : le vote est définitif.",
    )
    box = SecretBallot(
        resolution_id=resolution.id,
        college_id=roll.college_id,
        choice=choice,
        receipt=new_receipt(),
    )
    session.add(box)
    session.flush()
    return box


def _insert(session, row, duplicate_message):
    savepoint = session.begin_nested()
    try:
        session.add(row)
        session.flush()
    except IntegrityError as exc:
        savepoint.rollback()
        raise ServiceError(duplicate_message) from exc
    savepoint.commit()
    return row


def _audit_ballot(session, resolution, member_id, ballot, actor, channel):
    """On the voter's own chain: a secret ballot's only entry, or one per revision."""
    if resolution.secret:  # the émargement only: never the choice
        payload = {"member": member_id, "channel": channel}
        action = "vote.sign"
    else:
        payload = {
            "member": member_id,
            "choice": ballot.choice,
            "revision": ballot.revision,
            "channel": ballot.channel,
            "receipt": ballot.receipt,
        }
        action = "vote.cast"
    chain = f"ballot:{resolution.id}:{member_id}"
    first = resolution.secret or ballot.revision == 1
    record_audit(session, actor, action, resolution, payload, chain=chain, first=first)


def cast_postal_votes(session: Session, meeting: Meeting, member: Member, choices: dict, actor):
    """The online postal voting form: one choice per resolution, all or nothing.
    An open-ballot postal vote can be changed until the deadline; at the meeting, a vote
    cast in person replaces it. A secret one is final."""
    resolutions = session.exec(
        select(Resolution)
        .where(Resolution.meeting_id == meeting.id, Resolution.status != "closed")
        .order_by(Resolution.number)
    ).all()
    if not any(choices.get(r.id) for r in resolutions):
        raise ServiceError("Choisissez votre vote pour au moins une résolution.")
    cast = []
    for resolution in resolutions:
        choice = choices.get(resolution.id)
        if choice:
            revision = 0 if resolution.secret else latest_revision(session, resolution, member.id)
            cast.append(
                cast_ballot(
                    session,
                    resolution,
                    member,
                    choice,
                    channel="postal",
                    replaces=revision,
                    actor=actor,
                )
            )
    return cast
