"""The hash-chained audit log.

Each entry's hash covers its chain, sequence number, time, actor, action, object,
payload and the previous entry's hash. Entries live in several chains (``global``,
``resolution:42``...) so that writers on different chains never wait on one another.
"""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import insert
from sqlmodel import Session, col, select

from ..models import AuditEntry
from ..models.types import utcnow

GENESIS = "0" * 64


def entry_digest(entry: AuditEntry) -> str:
    body = json.dumps(
        [
            entry.chain,
            entry.seq,
            entry.created_at.isoformat(),
            entry.actor_id,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.payload,
            entry.prev_hash,
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()


_INSERT_ENTRY = insert(AuditEntry.__table__)  # Core: no unit-of-work flush per entry


def record_audit(
    session: Session,
    actor,
    action: str,
    obj=None,
    payload: dict | None = None,
    chain: str = "global",
    first: bool = False,
) -> AuditEntry:
    """Append an entry to ``chain``. A concurrent writer on the same chain hits the
    (chain, seq) unique constraint instead of forking the chain. ``first`` says the
    caller knows the chain is new (a voter's first ballot): no need to look it up."""
    last = None
    if not first:
        last = session.exec(
            select(AuditEntry)
            .where(AuditEntry.chain == chain)
            .order_by(col(AuditEntry.seq).desc())
            .limit(1)
        ).first()
    entry = AuditEntry(
        chain=chain,
        seq=(last.seq + 1) if last else 1,
        created_at=utcnow().replace(microsecond=0),
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        payload=json.dumps(payload or {}, sort_keys=True, ensure_ascii=False, default=str),
        prev_hash=last.hash if last else GENESIS,
    )
    entry.hash = entry_digest(entry)
    session.flush()  # what the entry records is written first (a no-op when it already is)
    session.exec(_INSERT_ENTRY, params=entry.model_dump(exclude={"id"}))
    return entry


@dataclass
class AuditBreak:
    chain: str
    seq: int
    reason: str


def verify_audit(session: Session) -> tuple[int, AuditBreak | None]:
    """Recompute every chain; return the number of entries checked and the first break."""
    checked = 0
    rows = session.exec(select(AuditEntry).order_by(AuditEntry.chain, AuditEntry.seq))
    chain, prev_hash, expected_seq = None, GENESIS, 1
    for entry in rows:
        if entry.chain != chain:
            chain, prev_hash, expected_seq = entry.chain, GENESIS, 1
        if entry.seq != expected_seq:
            return checked, AuditBreak(chain, entry.seq, f"numéro attendu {expected_seq}")
        if entry.prev_hash != prev_hash:
            return checked, AuditBreak(chain, entry.seq, "lien vers l'entrée précédente rompu")
        if entry_digest(entry) != entry.hash:
            return checked, AuditBreak(chain, entry.seq, "contenu modifié (empreinte fausse)")
        checked += 1
        prev_hash, expected_seq = entry.hash, expected_seq + 1
    return checked, None


def chain_head(session: Session, chain: str = "global") -> str:
    last = session.exec(
        select(AuditEntry)
        .where(AuditEntry.chain == chain)
        .order_by(col(AuditEntry.seq).desc())
        .limit(1)
    ).first()
    return last.hash if last else GENESIS
