"""All tables, imported here so that SQLModel.metadata knows them (Alembic, tests)."""

from .attendance import Attendance, Proxy
from .audit import AuditEntry
from .ballot import Ballot, RoomCount, SecretBallot, SecretVoter
from .college import College, CollegeWeight, CollegeWeightSet
from .cooperative import Cooperative
from .meeting import (
    AgendaItem,
    CalendarToken,
    ConvocationDelivery,
    Document,
    Meeting,
    MeetingOfficer,
    MeetingRecurrence,
    Proposal,
    ProposalComment,
    ProposalSupport,
    Resolution,
    RollEntry,
)
from .member import Category, Member, MemberCollegeChange, MemberStatusChange
from .minutes import MinutesEntry
from .share import ShareMovement
from .user import LoginThrottle, User, UserRole

__all__ = [
    "AgendaItem",
    "Attendance",
    "AuditEntry",
    "Ballot",
    "CalendarToken",
    "Category",
    "College",
    "CollegeWeight",
    "CollegeWeightSet",
    "ConvocationDelivery",
    "Cooperative",
    "Document",
    "LoginThrottle",
    "Meeting",
    "MeetingOfficer",
    "MeetingRecurrence",
    "Member",
    "MemberCollegeChange",
    "MemberStatusChange",
    "MinutesEntry",
    "Proposal",
    "ProposalComment",
    "ProposalSupport",
    "Proxy",
    "Resolution",
    "RollEntry",
    "RoomCount",
    "SecretBallot",
    "SecretVoter",
    "ShareMovement",
    "User",
    "UserRole",
]
