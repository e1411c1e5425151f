"""What a session has read along with something else, kept for its next ask.

The hot paths read several things in one query (the vote page: the resolution, its
meeting, the cooperative and the voter's state); the services that would ask again find
them here. A rollback forgets everything, since it may undo what was read.
"""

from sqlalchemy import event
from sqlalchemy.orm import Session


def remember(session: Session, key, value):
    session.info.setdefault("remembered", {})[key] = value
    return value


def recall(session: Session, key, default=None, *, once=False):
    """The value kept under ``key``; with ``once``, it is forgotten as it is read."""
    memo = session.info.get("remembered", {})
    return memo.pop(key, default) if once else memo.get(key, default)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session, _transaction):
    session.info.pop("remembered", None)
