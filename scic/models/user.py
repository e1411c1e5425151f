"""Accounts, roles and login throttling."""

from datetime import datetime
from typing import TYPE_CHECKING, Optional

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from .types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .member import Member

ROLES = ("member", "secretary", "board", "admin")


class User(UserMixin, SQLModel, table=True):
    """A login. Linked to a member, or staff-only (member_id is null)."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    display_name: str = Field(max_length=200)
    password_hash: str | None = Field(
        default=None, max_length=300
    )  # None until invited user sets it
    member_id: int | None = Field(default=None, foreign_key="member.id", unique=True)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    role_links: list["UserRole"] = Relationship(sa_relationship_kwargs={"lazy": "selectin"})
    member: Optional["Member"] = Relationship()  # loaded with the user on each request

    @property
    def is_active(self) -> bool:  # flask-login
        return self.active

    @property
    def roles(self) -> set[str]:
        return {link.role for link in self.role_links}

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)


class UserRole(SQLModel, table=True):
    __tablename__ = "user_role"
    __table_args__ = (
        UniqueConstraint("user_id", "role", name="uq_user_role"),
        CheckConstraint(
            "role IN ('member', 'secretary', 'board', 'admin')", name="ck_user_role_role"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    role: str = Field(max_length=12)


class LoginThrottle(SQLModel, table=True):
    """Failed logins per e-mail address, whether or not an account exists for it."""

    __tablename__ = "login_throttle"

    email: str = Field(max_length=254, primary_key=True)
    failures: int = 0
    first_failure_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
