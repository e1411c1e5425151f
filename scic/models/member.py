"""The register of associés: categories, members and their append-only histories."""

import unicodedata
from datetime import date, datetime

from sqlalchemy import CheckConstraint, event
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow

MEMBER_STATUSES = (
    "candidate",
    "admitted",
    "resigned",
    "excluded",
    "radiated",
    "deceased",
    "dissolved",
)
EXIT_STATUSES = MEMBER_STATUSES[2:]
CATEGORY_KINDS = ("salaries", "producteurs", "beneficiaires", "collectivites", "autres")


class Category(SQLModel, table=True):
    """A category of associés (art. 19 septies): salariés, bénéficiaires, …"""

    __tablename__ = "category"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('salaries', 'producteurs', 'beneficiaires', 'collectivites', 'autres')",
            name="ck_category_kind",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    name: str = Field(max_length=120)
    kind: str = Field(max_length=20)
    is_public_body: bool = False
    min_parts: int = 1


class Member(SQLModel, table=True):
    """An associé, natural or legal person. Current college and status are denormalised
    from their histories for the register's queries; the histories are the record."""

    __tablename__ = "member"
    __table_args__ = (
        CheckConstraint("person_kind IN ('natural', 'legal')", name="ck_member_person_kind"),
        CheckConstraint(
            "status IN ('candidate', 'admitted', 'resigned', 'excluded', 'radiated',"
            " 'deceased', 'dissolved')",
            name="ck_member_status",
        ),
        CheckConstraint(
            "person_kind = 'natural' OR company_name IS NOT NULL", name="ck_member_legal_name"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)  # numéro d'associé
    person_kind: str = Field(default="natural", max_length=10)
    first_name: str = Field(default="", max_length=100)
    last_name: str = Field(max_length=100, index=True)
    # Lower-case, accent-free name for sorting and searching (« lefevre sophie »).
    name_key: str = Field(default="", max_length=400, index=True)
    company_name: str | None = Field(default=None, max_length=200)
    siren: str | None = Field(default=None, max_length=9)
    representative: str | None = Field(default=None, max_length=200)
    birth_date: date | None = None
    email: str | None = Field(default=None, max_length=254, index=True)
    phone: str | None = Field(default=None, max_length=30)
    address: str = Field(default="", max_length=400)
    convocation_by_email: bool = False
    convocation_consent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    category_id: int = Field(foreign_key="category.id", index=True)
    college_id: int | None = Field(default=None, foreign_key="college.id", index=True)
    status: str = Field(default="candidate", max_length=12, index=True)
    applied_on: date | None = None
    admitted_on: date | None = Field(default=None, index=True)
    admission_body: str | None = Field(default=None, max_length=200)
    exit_on: date | None = None
    exit_cause: str | None = Field(default=None, max_length=300)
    exit_body: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def display_name(self) -> str:
        if self.person_kind == "legal":
            return self.company_name or self.last_name
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_voting_rights(self) -> bool:
        return self.status == "admitted"


def name_key(person_kind: str, first_name: str, last_name: str, company_name: str | None) -> str:
    """The sort and search key: company name for a legal person, else « nom prénom »."""
    text = company_name if person_kind == "legal" and company_name else f"{last_name} {first_name}"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.lower().split())[:400]


@event.listens_for(Member, "before_insert")
@event.listens_for(Member, "before_update")
def _fill_name_key(_mapper, _connection, member: Member) -> None:
    member.name_key = name_key(
        member.person_kind, member.first_name or "", member.last_name, member.company_name
    )


class MemberCollegeChange(SQLModel, table=True):
    """Append-only: each assignment of a member to a college."""

    __tablename__ = "member_college_change"

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    college_id: int = Field(foreign_key="college.id")
    effective_from: date
    decision: str = Field(default="", max_length=300)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class MemberStatusChange(SQLModel, table=True):
    """Append-only: each change of status (application, admission, exit)."""

    __tablename__ = "member_status_change"

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    status: str = Field(max_length=12)
    effective_on: date
    deciding_body: str = Field(default="", max_length=200)
    cause: str = Field(default="", max_length=300)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id")
