"""Colleges and the weights in force."""

from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from ..models import College, CollegeWeight, CollegeWeightSet


def weight_set_in_force(session: Session, on: date) -> CollegeWeightSet | None:
    return session.exec(
        select(CollegeWeightSet)
        .where(CollegeWeightSet.effective_from <= on)
        .order_by(col(CollegeWeightSet.effective_from).desc(), col(CollegeWeightSet.id).desc())
        .limit(1)
    ).first()


def weights_in_force(session: Session, on: date) -> list[tuple[College, Decimal]]:
    """The colleges with their weight (percent) on ``on``, in display order."""
    weight_set = weight_set_in_force(session, on)
    if weight_set is None:
        return [(c, None) for c in session.exec(select(College).order_by(College.position))]
    rows = session.exec(
        select(College, CollegeWeight)
        .join(CollegeWeight, CollegeWeight.college_id == College.id)
        .where(CollegeWeight.weight_set_id == weight_set.id)
        .order_by(College.position, College.id)
    )
    return [(college, weight.weight) for college, weight in rows]
