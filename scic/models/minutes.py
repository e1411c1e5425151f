"""The register of minutes: numbered, hashed, chained, never modified."""

from datetime import datetime

from sqlalchemy import CheckConstraint, LargeBinary, event
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class MinutesEntry(SQLModel, table=True):
    __tablename__ = "minutes_entry"
    __table_args__ = (
        CheckConstraint("number >= 1", name="ck_minutes_number"),
        CheckConstraint("first_page >= 1 AND page_count >= 1", name="ck_minutes_pages"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    kind: str = Field(max_length=20)  # proces_verbal, compte_rendu, board_minutes
    title: str = Field(max_length=300)
    first_page: int
    page_count: int
    pdf: bytes = Field(sa_type=LargeBinary)
    sha256: str = Field(max_length=64)
    previous_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64, unique=True)
    rectifies_id: int | None = Field(default=None, foreign_key="minutes_entry.id")
    finalised_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finalised_by_id: int | None = Field(default=None, foreign_key="user_account.id")


@event.listens_for(MinutesEntry, "before_update")
@event.listens_for(MinutesEntry, "before_delete")
def _never_modified(_mapper, _connection, entry: MinutesEntry) -> None:
    """A finalised entry is never modified nor removed: a correction is a new entry."""
    raise ValueError(f"Entrée n° {entry.number} du registre : elle ne se modifie jamais.")
