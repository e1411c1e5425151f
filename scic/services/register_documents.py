"""What the register's documents print: the register of associés (with every member's
movements and college history) and a member's share certificate at a date."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from ..formatting import date_fr
from ..models import College, Member, MemberCollegeChange, ShareMovement
from . import ServiceError
from .capital import Holding, member_holding, today
from .register_search import RegisterRow, register_rows
from .settings import get_cooperative

REGISTER_PDF_MAX = 500  # members in one PDF (about 10 s); the CSV export has no limit


@dataclass
class RegisterEntry:
    row: RegisterRow
    movements: list[ShareMovement] = field(default_factory=list)
    colleges: list = field(default_factory=list)  # (change, college)


def register_entries(session: Session, members: list[Member]) -> list[RegisterEntry]:
    ids = [m.id for m in members]
    movements, changes = defaultdict(list), defaultdict(list)
    for movement in session.exec(
        select(ShareMovement)
        .where(col(ShareMovement.member_id).in_(ids))
        .order_by(ShareMovement.occurred_on, col(ShareMovement.id))
    ):
        movements[movement.member_id].append(movement)
    for change, college in session.exec(
        select(MemberCollegeChange, College)
        .join(College, col(College.id) == MemberCollegeChange.college_id)
        .where(col(MemberCollegeChange.member_id).in_(ids))
        .order_by(MemberCollegeChange.effective_from, col(MemberCollegeChange.id))
    ):
        changes[change.member_id].append((change, college))
    return [
        RegisterEntry(row, movements[row.member.id], changes[row.member.id])
        for row in register_rows(session, members)
    ]


@dataclass
class Certificate:
    member: Member
    on: date
    holding: Holding
    college: College | None
    nominal_cents: int


def certificate(session: Session, member: Member, on: date) -> Certificate:
    """The attestation de détention de parts: the holding at the end of the day ``on``."""
    if on > today():
        raise ServiceError("L'attestation ne peut pas porter sur une date future.")
    if member.admitted_on is None or on < member.admitted_on:
        raise ServiceError(f"À cette date, {member.display_name} n'était pas encore associé(e).")
    if member.exit_on and on >= member.exit_on:
        raise ServiceError(
            f"{member.display_name} a quitté la coopérative le {date_fr(member.exit_on)}."
        )
    change = session.exec(
        select(MemberCollegeChange)
        .where(MemberCollegeChange.member_id == member.id, MemberCollegeChange.effective_from <= on)
        .order_by(
            col(MemberCollegeChange.effective_from).desc(), col(MemberCollegeChange.id).desc()
        )
        .limit(1)
    ).first()
    college_id = change.college_id if change else member.college_id
    return Certificate(
        member=member,
        on=on,
        holding=member_holding(session, member.id, on),
        college=session.get(College, college_id) if college_id else None,
        nominal_cents=get_cooperative(session).share_nominal_cents,
    )
