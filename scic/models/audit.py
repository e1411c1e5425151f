"""The hash-chained audit log. Entries are grouped in chains (one per resolution for
ballots, ``global`` for the rest) so that concurrent ballots on different resolutions
do not wait on one another; each entry carries the hash of the previous one in its chain."""

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"
    __table_args__ = (UniqueConstraint("chain", "seq", name="uq_audit_chain_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    chain: str = Field(max_length=40, index=True)
    seq: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    action: str = Field(max_length=60)
    object_type: str = Field(max_length=40)
    object_id: int | None = None
    payload: str = Field(default="{}", sa_type=Text)  # canonical JSON
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
