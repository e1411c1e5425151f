"""Opening and closing a resolution's vote: by the secretary, or by its window (applied
on every read and write, and by the ``close-due`` command, so nothing depends on a
scheduler). Closing votes the blank proxies, computes the result and seals it.

Audit: each voter's ballots on a resolution form their own chain
(``ballot:<resolution>:<member>``), so voters never wait on one another; the open and
close events and the result go to ``resolution:<id>``, and the result entry seals the
ballot box and the heads of every ballot chain. Casting lives in ``ballots``.
"""

import secrets
from datetime import datetime

from sqlmodel import Session, col, select

from ..models import Meeting, Proxy, Resolution
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_receipt() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def resolution_chain(resolution: Resolution) -> str:
    return f"resolution:{resolution.id}"


# -- opening and closing ---------------------------------------------------------------


def refresh_resolution(session: Session, resolution: Resolution, now: datetime | None = None):
    """Apply the voting window: open when it starts, close when it ends. Called on every
    read and write, so nothing depends on a scheduler."""
    now = now or utcnow()
    meeting = session.get(Meeting, resolution.meeting_id)
    starts, ends = resolution.vote_opens_at, resolution.vote_closes_at
    window_open = starts and starts <= now and (ends is None or now < ends)
    meeting_running = meeting.roll_frozen_at and meeting.status in ("convened", "in_session")
    if resolution.status == "draft" and window_open and meeting_running:
        open_vote(session, resolution, None, now=now)
    if resolution.status == "open" and ends and ends <= now:
        close_vote(session, resolution, None, now=now)
    return resolution


def open_vote(session: Session, resolution: Resolution, actor, now=None) -> Resolution:
    meeting = session.get(Meeting, resolution.meeting_id)
    if resolution.status != "draft":
        raise ServiceError("Ce vote a déjà été ouvert.")
    if meeting.roll_frozen_at is None or meeting.status not in ("convened", "in_session"):
        raise ServiceError(
            "Le vote ne peut s'ouvrir qu'une fois la réunion convoquée (liste des votants figée)."
        )
    resolution.status, resolution.opened_at = "open", now or utcnow()
    session.add(resolution)
    session.flush()
    record_audit(session, actor, "vote.open", resolution, {}, chain=resolution_chain(resolution))
    if resolution.vote_closes_at is not None:  # an online consultation: tell the members
        from .notifications import notify_opened

        notify_opened(session, resolution)
    return resolution


def close_vote(session: Session, resolution: Resolution, actor, now=None) -> Resolution:
    from .results import check_room_counts, result_seal, tally_resolution

    if resolution.status != "open":
        raise ServiceError("Ce vote n'est pas ouvert.")
    check_room_counts(session, resolution)
    _vote_blank_proxies(session, resolution)
    resolution.status, resolution.closed_at = "closed", now or utcnow()
    session.add(resolution)
    session.flush()
    chain = resolution_chain(resolution)
    record_audit(session, actor, "vote.close", resolution, {}, chain=chain)
    result = tally_resolution(session, resolution)
    payload = {
        "adopted": result.adopted,
        "result": str(result.result) if result.result is not None else None,
        "seal": result_seal(session, resolution),
    }
    record_audit(session, actor, "vote.result", resolution, payload, chain=chain)
    from .notifications import notify_result

    notify_result(session, resolution, result)
    return resolution


def close_due(session: Session, now: datetime | None = None) -> list[Resolution]:
    """Close every vote whose window has ended (the ``close-due`` command)."""
    now = now or utcnow()
    due = session.exec(
        select(Resolution).where(Resolution.status == "open", col(Resolution.vote_closes_at) <= now)
    ).all()
    return [close_vote(session, resolution, None, now=now) for resolution in due]


def _vote_blank_proxies(session: Session, resolution: Resolution) -> None:
    """A blank proxy (no named holder) is voted by the chair: for the resolutions the
    board supports, against the others [L225-106]; recorded as ``blank_proxy`` ballots."""
    proxies = session.exec(
        select(Proxy).where(
            Proxy.meeting_id == resolution.meeting_id,
            col(Proxy.holder_id).is_(None),
            col(Proxy.withdrawn_at).is_(None),
        )
    ).all()
    from .ballots import has_voted, store_blank_proxy

    for proxy in proxies:
        if not has_voted(session, resolution, proxy.principal_id):
            store_blank_proxy(session, resolution, proxy)
