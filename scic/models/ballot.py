"""Ballots. Open ballots are append-only revisions: (resolution, member, revision) is
unique, so two concurrent first votes of one member cannot both be stored. Secret
ballots split the émargement (who voted) from the ballot box (what was voted)."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow

CHOICES = ("for", "against", "abstain", "blank", "null", "blank_proxy")
CHANNELS = ("online", "room", "postal", "proxy")
_CHOICE_CHECK = "choice IN ('for', 'against', 'abstain', 'blank', 'null', 'blank_proxy')"


class Ballot(SQLModel, table=True):
    __tablename__ = "ballot"
    __table_args__ = (
        UniqueConstraint("resolution_id", "member_id", "revision", name="uq_ballot_revision"),
        UniqueConstraint("receipt", name="uq_ballot_receipt"),
        CheckConstraint(_CHOICE_CHECK, name="ck_ballot_choice"),
        CheckConstraint(
            "channel IN ('online', 'room', 'postal', 'proxy')", name="ck_ballot_channel"
        ),
        CheckConstraint("revision >= 1", name="ck_ballot_revision"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resolution_id: int = Field(foreign_key="resolution.id", index=True)
    member_id: int = Field(foreign_key="member.id")  # whose vote it is
    college_id: int | None = Field(default=None, foreign_key="college.id")
    cast_by_member_id: int | None = Field(default=None, foreign_key="member.id")  # proxy holder
    choice: str = Field(max_length=12)
    channel: str = Field(max_length=8)
    revision: int = 1
    receipt: str = Field(max_length=32)
    cast_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SecretVoter(SQLModel, table=True):
    """Émargement of a secret ballot: who voted, never what."""

    __tablename__ = "secret_voter"
    __table_args__ = (UniqueConstraint("resolution_id", "member_id", name="uq_secret_voter"),)

    id: int | None = Field(default=None, primary_key=True)
    resolution_id: int = Field(foreign_key="resolution.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    signed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SecretBallot(SQLModel, table=True):
    """The ballot box of a secret vote: no voter, no time, only college and choice."""

    __tablename__ = "secret_ballot"
    __table_args__ = (
        UniqueConstraint("receipt", name="uq_secret_ballot_receipt"),
        CheckConstraint(_CHOICE_CHECK, name="ck_secret_ballot_choice"),
    )

    # A random key: a sequence would give the order of casting, hence the voter.
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    resolution_id: int = Field(foreign_key="resolution.id", index=True)
    college_id: int | None = Field(default=None, foreign_key="college.id")
    choice: str = Field(max_length=12)
    receipt: str = Field(max_length=32)


class RoomCount(SQLModel, table=True):
    """A show of hands, per college, entered by the secretary. Append-only."""

    __tablename__ = "room_count"
    __table_args__ = (
        CheckConstraint(
            "votes_for >= 0 AND votes_against >= 0 AND abstentions >= 0",
            name="ck_room_count_positive",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    resolution_id: int = Field(foreign_key="resolution.id", index=True)
    college_id: int | None = Field(default=None, foreign_key="college.id")
    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id")
