"""Meetings, their bureau, agenda, documents, resolutions, roll and convocations."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow

MEETING_KINDS = ("AGO", "AGE", "AGM", "BOARD", "MONTHLY")
MEETING_STATUSES = ("draft", "convened", "in_session", "closed")


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('AGO', 'AGE', 'AGM', 'BOARD', 'MONTHLY')", name="ck_meeting_kind"
        ),
        CheckConstraint(
            "status IN ('draft', 'convened', 'in_session', 'closed')", name="ck_meeting_status"
        ),
        CheckConstraint("convocation_rank IN (1, 2)", name="ck_meeting_rank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=8)
    title: str = Field(max_length=200)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    place: str = Field(default="", max_length=300)
    video_url: str = Field(default="", max_length=500)
    convocation_rank: int = 1
    first_convocation_id: int | None = Field(default=None, foreign_key="meeting.id")
    status: str = Field(default="draft", max_length=12, index=True)
    convened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    late_convocation_reason: str | None = Field(default=None, max_length=500)
    roll_frozen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    weight_set_id: int | None = Field(default=None, foreign_key="college_weight_set.id")
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class MeetingOfficer(SQLModel, table=True):
    """The bureau: chair, scrutateurs, secretary (who need not be a member)."""

    __tablename__ = "meeting_officer"
    __table_args__ = (
        CheckConstraint(
            "role IN ('chair', 'scrutateur', 'secretary')", name="ck_meeting_officer_role"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    role: str = Field(max_length=12)
    member_id: int | None = Field(default=None, foreign_key="member.id")
    name: str = Field(max_length=200)


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "position", name="uq_agenda_position"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    position: int
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    presenter: str = Field(default="", max_length=200)
    duration_minutes: int | None = None
    debate_summary: str = Field(default="", sa_type=Text)


class Document(SQLModel, table=True):
    """An uploaded file, stored in the database with its hash."""

    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_item.id")
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    data: bytes = Field(sa_type=LargeBinary)
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    uploaded_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class Resolution(SQLModel, table=True):
    __tablename__ = "resolution"
    __table_args__ = (
        UniqueConstraint("meeting_id", "number", name="uq_resolution_number"),
        CheckConstraint("kind IN ('ordinary', 'extraordinary')", name="ck_resolution_kind"),
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="ck_resolution_status"),
        CheckConstraint(
            "matter IN ('general', 'accounts', 'directors', 'statutes', 'exclusion')",
            name="ck_resolution_matter",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_item.id")
    number: int
    title: str = Field(max_length=200)
    text: str = Field(sa_type=Text)
    kind: str = Field(default="ordinary", max_length=14)
    # What the decision is about; accounts, directors, statutes, exclusion are reserved to the AG.
    matter: str = Field(default="general", max_length=10)
    board_supports: bool | None = None
    secret: bool = False
    status: str = Field(default="draft", max_length=8)
    vote_opens_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    vote_closes_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminder_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RollEntry(SQLModel, table=True):
    """The voting roll frozen when the convocation is sent."""

    __tablename__ = "roll_entry"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id", name="uq_roll_member"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    college_id: int | None = Field(default=None, foreign_key="college.id")


class ConvocationDelivery(SQLModel, table=True):
    """One convocation per member and meeting: sending never repeats itself."""

    __tablename__ = "convocation_delivery"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id", name="uq_convocation_member"),
        CheckConstraint("mode IN ('email', 'post')", name="ck_convocation_mode"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    mode: str = Field(max_length=8)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str | None = Field(default=None, max_length=500)


class Proposal(SQLModel, table=True):
    """A sociétaire's proposal for a coming meeting."""

    __tablename__ = "proposal"
    __table_args__ = (
        CheckConstraint(
            "status IN ('submitted', 'accepted', 'declined')", name="ck_proposal_status"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    author_id: int = Field(foreign_key="member.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    title: str = Field(max_length=200)
    body: str = Field(sa_type=Text)
    status: str = Field(default="submitted", max_length=10)
    decline_reason: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_item.id")
    resolution_id: int | None = Field(default=None, foreign_key="resolution.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class ProposalSupport(SQLModel, table=True):
    __tablename__ = "proposal_support"
    __table_args__ = (UniqueConstraint("proposal_id", "member_id", name="uq_proposal_support"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ProposalComment(SQLModel, table=True):
    """A board member's comment on a proposal, seen by the board only."""

    __tablename__ = "proposal_comment"

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    author_id: int | None = Field(default=None, foreign_key="user_account.id")
    body: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MeetingRecurrence(SQLModel, table=True):
    """The monthly sociétaires meeting's rule, e.g. the first Tuesday at 19:00.
    ``ordinal`` 1 to 4, or -1 for the last such weekday; ``weekday`` 0 is Monday."""

    __tablename__ = "meeting_recurrence"
    __table_args__ = (
        CheckConstraint("ordinal IN (-1, 1, 2, 3, 4)", name="ck_recurrence_ordinal"),
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="ck_recurrence_weekday"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ordinal: int = 1
    weekday: int = 1
    start_minute: int = 19 * 60  # minutes after midnight, Europe/Paris
    duration_minutes: int = 120
    place: str = Field(default="", max_length=300)
    video_url: str = Field(default="", max_length=500)
    months_ahead: int = 3
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class CalendarToken(SQLModel, table=True):
    """The secret in a member's private ICS feed URL; a reset replaces it."""

    __tablename__ = "calendar_token"

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", unique=True)
    token: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


Index("ix_meeting_kind_starts", Meeting.kind, Meeting.starts_at)
