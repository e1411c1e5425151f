"""Voting colleges and the history of their weights.

Weights are stored in hundredths of a percent (3334 = 33,34 %) so that they stay exact
on every database. A change of weights is a new ``CollegeWeightSet``, never an edit.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class College(SQLModel, table=True):
    __tablename__ = "college"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=10, unique=True)
    name: str = Field(max_length=120)
    description: str = Field(default="", max_length=500)
    position: int = 0


class CollegeWeightSet(SQLModel, table=True):
    """A complete set of weights, in force from ``effective_from``."""

    __tablename__ = "college_weight_set"

    id: int | None = Field(default=None, primary_key=True)
    effective_from: date = Field(index=True)
    decision: str = Field(max_length=300)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class CollegeWeight(SQLModel, table=True):
    __tablename__ = "college_weight"
    __table_args__ = (
        UniqueConstraint("weight_set_id", "college_id", name="uq_college_weight_set_college"),
        CheckConstraint("weight_bp >= 1000 AND weight_bp <= 5000", name="ck_college_weight_10_50"),
    )

    id: int | None = Field(default=None, primary_key=True)
    weight_set_id: int = Field(foreign_key="college_weight_set.id", index=True)
    college_id: int = Field(foreign_key="college.id")
    weight_bp: int  # hundredths of a percent

    @property
    def weight(self) -> Decimal:
        return Decimal(self.weight_bp) / 100
