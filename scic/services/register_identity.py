"""A member's identity and contact details: cleaning, checks, the board's corrections
and the member's own updates (with the consent to e-mail convocations and its date)."""

from sqlmodel import Session, select

from ..models import Category, College, Member
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .capital import capital_summary, member_holding
from .capital_rules import check_public_cap
from .ledger import lock_ledger

IDENTITY_FIELDS = (
    "person_kind",
    "first_name",
    "last_name",
    "company_name",
    "siren",
    "representative",
    "birth_date",
    "email",
    "phone",
    "address",
    "category_id",
    "college_id",
)
CONTACT_FIELDS = ("email", "phone", "address")


def clean_identity(values: dict) -> dict:
    """Trimmed values; empty optional text becomes None; a legal person is named by its
    company name, a natural person has no company fields."""
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    for name in ("company_name", "siren", "representative", "email", "phone"):
        if name in data:
            data[name] = data[name] or None
    for name in ("first_name", "last_name", "address"):
        if name in data:
            data[name] = data[name] or ""
    if data.get("email"):
        data["email"] = data["email"].lower()
    if data.get("person_kind") == "legal":
        data["last_name"] = data.get("last_name") or (data.get("company_name") or "")[:100]
        data["first_name"] = ""
    elif "person_kind" in data:
        data.update(company_name=None, siren=None, representative=None)
    return data


def check_identity(session: Session, coop, data: dict) -> None:
    if data.get("person_kind") not in ("natural", "legal"):
        raise ServiceError("Indiquez s'il s'agit d'une personne physique ou morale.")
    if data["person_kind"] == "legal" and not data.get("company_name"):
        raise ServiceError("Une personne morale doit avoir une raison sociale.")
    if not data.get("last_name"):
        raise ServiceError("Le nom est obligatoire.")
    siren = data.get("siren")
    if siren and not (len(siren) == 9 and siren.isdigit()):
        raise ServiceError("Le SIREN compte exactement 9 chiffres.")
    if session.get(Category, data.get("category_id") or 0) is None:
        raise ServiceError("Choisissez la catégorie de l'associé.")
    if data.get("college_id") and session.get(College, data["college_id"]) is None:
        raise ServiceError("Collège inconnu.")
    if coop.uses_colleges and not data.get("college_id") and has_colleges(session):
        raise ServiceError("Choisissez le collège de vote de l'associé.")


def has_colleges(session: Session) -> bool:
    return session.exec(select(College.id).limit(1)).first() is not None


def set_consent(member: Member, wanted: bool) -> None:
    if wanted and not member.email:
        raise ServiceError("La convocation par e-mail exige une adresse e-mail.")
    if wanted and not member.convocation_by_email:
        member.convocation_consent_at = utcnow()
    if not wanted:
        member.convocation_consent_at = None
    member.convocation_by_email = wanted


def update_member(session: Session, member: Member, values: dict, actor=None) -> Member:
    """The board corrects identity, contact details or category (not the college: see
    ``change_college``). A move into a public-body category passes the 50 % check."""
    coop = lock_ledger(session)
    data = clean_identity({k: values.get(k) for k in IDENTITY_FIELDS if k != "college_id"})
    check_identity(session, coop, data | {"college_id": member.college_id or None})
    _check_category_move(session, coop, member, data["category_id"])
    changed = {}
    for name, value in data.items():
        if getattr(member, name) != value:
            changed[name] = [getattr(member, name), value]
            setattr(member, name, value)
    set_consent(member, bool(values.get("convocation_by_email")))
    session.add(member)
    session.flush()
    record_audit(session, actor, "member.update", member, changed)
    return member


def _check_category_move(session, coop, member, category_id) -> None:
    old, new = session.get(Category, member.category_id), session.get(Category, category_id)
    if new.is_public_body and not old.is_public_body:
        parts = member_holding(session, member.id).parts
        check_public_cap(capital_summary(session, coop), parts, 0)


def update_contact(session, member, values: dict, actor=None) -> Member:
    """A member's own update: e-mail, phone, address, consent to e-mail convocations."""
    data = clean_identity({k: values.get(k) for k in CONTACT_FIELDS})
    before = {k: getattr(member, k) for k in (*CONTACT_FIELDS, "convocation_by_email")}
    for name, value in data.items():
        setattr(member, name, value)
    set_consent(member, bool(values.get("convocation_by_email")))
    session.add(member)
    session.flush()
    after = {k: getattr(member, k) for k in before}
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    record_audit(session, actor, "member.contact", member, changed)
    return member
