"""What the home pages show, gathered in one place."""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, func, select

from ..models import Category, College, Meeting, Member
from ..models.types import utcnow
from .capital import Holding, capital_cents, member_holding
from .colleges import weights_in_force
from .register import register_warnings


@dataclass
class MemberHome:
    member: Member
    college: College | None
    category: Category | None
    holding: Holding
    upcoming: list[Meeting]


@dataclass
class BoardHome:
    admitted: int
    candidates: int
    capital_cents: int
    colleges: list = field(default_factory=list)  # (college, weight %, admitted members)
    warnings: list[str] = field(default_factory=list)
    upcoming: list[Meeting] = field(default_factory=list)


def upcoming_meetings(
    session: Session, limit: int = 5, include_drafts=False, include_board=True
) -> list[Meeting]:
    query = select(Meeting).where(Meeting.starts_at >= utcnow(), Meeting.status != "closed")
    if not include_drafts:
        query = query.where(Meeting.status != "draft")
    if not include_board:
        query = query.where(Meeting.kind != "BOARD")
    return list(session.exec(query.order_by(Meeting.starts_at).limit(limit)))


def member_home(session: Session, member: Member) -> MemberHome:
    return MemberHome(
        member=member,
        college=session.get(College, member.college_id) if member.college_id else None,
        category=session.get(Category, member.category_id),
        holding=member_holding(session, member.id),
        upcoming=upcoming_meetings(session, include_board=False),
    )


def board_home(session: Session) -> BoardHome:
    counts = dict(session.exec(select(Member.status, func.count()).group_by(Member.status)).all())
    per_college = dict(
        session.exec(
            select(Member.college_id, func.count())
            .where(Member.status == "admitted")
            .group_by(Member.college_id)
        ).all()
    )
    colleges = [
        (college, weight, per_college.get(college.id, 0))
        for college, weight in weights_in_force(session, date.today())
    ]
    return BoardHome(
        admitted=counts.get("admitted", 0),
        candidates=counts.get("candidate", 0),
        capital_cents=capital_cents(session),
        colleges=colleges,
        warnings=register_warnings(session),
        upcoming=upcoming_meetings(session, include_drafts=True),
    )
