"""The cooperative's identity and its statutory parameters (DOMAIN.md, tags [STAT])."""

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow

LEGAL_FORMS = ("SA", "SAS", "SARL")


class Cooperative(SQLModel, table=True):
    """One row: the cooperative this installation serves."""

    __tablename__ = "cooperative"
    __table_args__ = (
        CheckConstraint("legal_form IN ('SA', 'SAS', 'SARL')", name="ck_cooperative_legal_form"),
        CheckConstraint("share_nominal_cents > 0", name="ck_cooperative_nominal_positive"),
        CheckConstraint("min_parts_per_member >= 1", name="ck_cooperative_min_parts"),
        CheckConstraint("proxy_cap >= 1", name="ck_cooperative_proxy_cap"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    legal_form: str = Field(max_length=4)
    head_office: str = Field(max_length=300)
    siren: str | None = Field(default=None, max_length=9)
    rcs_city: str | None = Field(default=None, max_length=100)
    share_nominal_cents: int
    min_parts_per_member: int = 1
    statutory_capital_floor_cents: int = 0
    uses_colleges: bool = True
    # Quorums as fractions "p/q" of associés with voting rights; "0" means none.
    quorum_ago_first: str = Field(default="1/5", max_length=20)
    quorum_ago_second: str = Field(default="0", max_length=20)
    quorum_age_first: str = Field(default="1/4", max_length=20)
    quorum_age_second: str = Field(default="1/5", max_length=20)
    # Majorities: ordinary strictly more than 1/2, extraordinary at least 2/3.
    majority_ordinary: str = Field(default="1/2", max_length=20)
    majority_extraordinary: str = Field(default="2/3", max_length=20)
    abstentions: str = Field(default="not_cast", max_length=10)  # or "against"
    empty_college: str = Field(default="proportional", max_length=12)  # or "equal"
    college_vote: str = Field(default="proportional", max_length=12)  # or "bloc"
    min_published_voters: int = 3
    proxy_cap: int = 5
    proxy_to_partner: bool = False
    postal_votes_allowed: bool = True
    postal_deadline_days: int = 3
    electronic_postal_deadline_hour: int = 15
    remote_counts_as_present: bool = True
    convocation_delay_days: int = 15
    convocation_delay_days_second: int = 10
    reimbursement_delay_years: int = 5
    monthly_meetings_binding: bool = False
    board_casting_vote: bool = True
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
