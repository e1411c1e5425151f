"""Who took part in a meeting, and how: attendance and proxies."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow

ATTENDANCE_MODES = ("present", "remote", "absent", "excused")


class Attendance(SQLModel, table=True):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id", name="uq_attendance_member"),
        CheckConstraint(
            "mode IN ('present', 'remote', 'absent', 'excused')", name="ck_attendance_mode"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    mode: str = Field(max_length=8)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class Proxy(SQLModel, table=True):
    """A pouvoir. ``holder_id`` null is a blank proxy, voted by the chair. Withdrawal sets
    ``withdrawn_at``; a new proxy is a new row. One active proxy per principal."""

    __tablename__ = "proxy"
    __table_args__ = (
        CheckConstraint("holder_id IS NULL OR holder_id <> principal_id", name="ck_proxy_not_self"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    principal_id: int = Field(foreign_key="member.id")
    holder_id: int | None = Field(default=None, foreign_key="member.id", index=True)
    given_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


Index(
    "uq_proxy_active_principal",
    Proxy.meeting_id,
    Proxy.principal_id,
    unique=True,
    sqlite_where=text("withdrawn_at IS NULL"),
    postgresql_where=text("withdrawn_at IS NULL"),
)
