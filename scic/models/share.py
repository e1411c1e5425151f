"""The capital ledger: append-only share movements. A correction is a new movement."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint
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
    member_id: int = Field(foreign_key="member.id", index=True)
    kind: str = Field(max_length=24)
    parts: int = 0
    amount_cents: int = 0
    occurred_on: date
    deferred: bool = False  # a reimbursement request waiting for room above the floor
    note: str = Field(default="", max_length=300)
    corrects_id: int | None = Field(default=None, foreign_key="share_movement.id")
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id")
