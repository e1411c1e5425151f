"""The capital ledger: append-only share movements. A correction is a new movement.

A movement whose ``corrects_id`` is set is a reversal (contre-passation): it carries the
same kind, parts and amount as the movement it cancels and counts negatively. A
reimbursement names the request it settles in ``request_id``."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow

MOVEMENT_KINDS = ("subscription", "payment", "reimbursement_request", "reimbursement")


class ShareMovement(SQLModel, table=True):
    __tablename__ = "share_movement"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('subscription', 'payment', 'reimbursement_request', 'reimbursement')",
            name="ck_share_movement_kind",
        ),
        CheckConstraint("parts >= 0 AND amount_cents >= 0", name="ck_share_movement_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")  # indexed below, with the sums
    kind: str = Field(max_length=24)
    parts: int = 0
    amount_cents: int = 0
    occurred_on: date
    deferred: bool = False  # a reimbursement request waiting for room above the floor
    note: str = Field(default="", max_length=300)
    corrects_id: int | None = Field(default=None, foreign_key="share_movement.id", index=True)
    request_id: int | None = Field(default=None, foreign_key="share_movement.id", index=True)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id")


# Covering indexes for the capital on large registers: a member's holding, totals by
# kind, and the capital day by day (the highest ever reached), read from the index alone.
Index(
    "ix_share_movement_member",
    ShareMovement.member_id,
    ShareMovement.kind,
    ShareMovement.corrects_id,
    ShareMovement.parts,
    ShareMovement.amount_cents,
)
Index(
    "ix_share_movement_totals",
    ShareMovement.kind,
    ShareMovement.corrects_id,
    ShareMovement.parts,
    ShareMovement.amount_cents,
)
Index(
    "ix_share_movement_days",
    ShareMovement.occurred_on,
    ShareMovement.kind,
    ShareMovement.parts,
    ShareMovement.corrects_id,
)
