"""Searching the register: name search, filters, sort; fast on 100,000 members
(indexed ``name_key``, one grouped query for a page's holdings)."""

from dataclasses import dataclass

from sqlmodel import Session, col, func, or_, select

from ..models import Category, College, Member
from ..models.member import EXIT_STATUSES, MEMBER_STATUSES, name_key
from .capital import Holding, holdings

SORTS = {
    "nom": (col(Member.name_key), col(Member.id)),
    "-nom": (col(Member.name_key).desc(), col(Member.id).desc()),
    "numero": (col(Member.number),),
    "-numero": (col(Member.number).desc(),),
    "admission": (col(Member.admitted_on), col(Member.id)),
    "-admission": (col(Member.admitted_on).desc(), col(Member.id).desc()),
}
STATUS_FILTERS = {"": None, "actuels": ("candidate", "admitted"), "sortis": EXIT_STATUSES}


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


@dataclass(frozen=True)
class RegisterFilters:
    q: str = ""
    college_id: int | None = None
    category_id: int | None = None
    status: str = ""
    sort: str = "nom"
    first_number: int | None = None  # a range of member numbers, to print in parts
    last_number: int | None = None

    @classmethod
    def from_args(cls, args) -> "RegisterFilters":
        """From query arguments; anything unknown falls back to its default."""
        status = args.get("statut", "")
        sort = args.get("tri", "nom")
        return cls(
            q=(args.get("q") or "").strip()[:100],
            college_id=_int(args.get("college")),
            category_id=_int(args.get("categorie")),
            status=status if status in STATUS_FILTERS or status in MEMBER_STATUSES else "",
            sort=sort if sort in SORTS else "nom",
            first_number=_int(args.get("du")),
            last_number=_int(args.get("au")),
        )

    def as_args(self) -> dict:
        """The query arguments that give these filters back (for links)."""
        args = {
            "q": self.q,
            "college": self.college_id,
            "categorie": self.category_id,
            "statut": self.status,
            "tri": self.sort if self.sort != "nom" else None,
            "du": self.first_number,
            "au": self.last_number,
        }
        return {k: v for k, v in args.items() if v}

    def conditions(self) -> list:
        conditions = []
        if self.q:
            conditions.append(_search(self.q))
        if self.college_id:
            conditions.append(Member.college_id == self.college_id)
        if self.category_id:
            conditions.append(Member.category_id == self.category_id)
        if self.first_number:
            conditions.append(Member.number >= self.first_number)
        if self.last_number:
            conditions.append(Member.number <= self.last_number)
        statuses = STATUS_FILTERS.get(self.status) or (
            (self.status,) if self.status in MEMBER_STATUSES else None
        )
        if statuses:
            conditions.append(col(Member.status).in_(statuses))
        return conditions


def _search(q: str):
    """Name (accents and case ignored), or member number, SIREN or e-mail."""
    key = name_key("natural", "", q, None)
    matches = [col(Member.name_key).contains(key, autoescape=True)]
    if q.isdigit():
        matches += [Member.number == int(q), Member.siren == q]
    if "@" in q:
        matches.append(col(Member.email).contains(q.lower(), autoescape=True))
    return or_(*matches)


def register_queries(filters: RegisterFilters):
    """The page query and its count, for ``views.paginate``."""
    conditions = filters.conditions()
    query = select(Member).where(*conditions).order_by(*SORTS[filters.sort])
    count = select(func.count()).select_from(Member).where(*conditions)
    return query, count


@dataclass
class RegisterRow:
    member: Member
    category: Category | None
    college: College | None
    holding: Holding


def register_rows(session: Session, members) -> list[RegisterRow]:
    """A page of members with their category, college and holding."""
    categories = {c.id: c for c in session.exec(select(Category))}
    colleges = {c.id: c for c in session.exec(select(College))}
    held = holdings(session, [m.id for m in members])
    return [
        RegisterRow(m, categories.get(m.category_id), colleges.get(m.college_id), held[m.id])
        for m in members
    ]
