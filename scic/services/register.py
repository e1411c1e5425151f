"""The register of associés: applications, admissions, exits, college changes, contact
details, and warnings on the register's make-up [DOMAIN.md §2–3].

Every change of status or college is a new history row; the member row keeps the
current values for the register's queries. Rules are checked before anything is written.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, func, select

from ..formatting import cents_fr, date_fr, number_fr
from ..models import (
    Category,
    College,
    Member,
    MemberCollegeChange,
    MemberStatusChange,
)
from ..models.member import EXIT_STATUSES
from . import ServiceError
from .audit import record_audit
from .capital import Holding, member_holding
from .capital_rules import capital_warnings, check_date
from .ledger import (
    MovementLine,
    check_subscription,
    lock_ledger,
    member_movements,
    request_reimbursement,
    write_subscription,
)
from .register_identity import (
    IDENTITY_FIELDS,
    check_identity,
    clean_identity,
    has_colleges,
    set_consent,
)
from .settings import get_cooperative

SARL_MAX_MEMBERS = 100
STATUS_LABELS = {
    "candidate": "Candidat",
    "admitted": "Admis",
    "resigned": "Démission",
    "excluded": "Exclusion",
    "radiated": "Radiation",
    "deceased": "Décès",
    "dissolved": "Dissolution",
}
NEXT_STATUSES = {
    "candidate": ("admitted", "resigned", "deceased", "dissolved"),
    "admitted": EXIT_STATUSES,
}


def next_number(session: Session) -> int:
    return (session.exec(select(func.max(Member.number))).one() or 0) + 1


def admitted_count(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(Member).where(Member.status == "admitted")
    ).one()


def check_sarl_limit(session: Session, coop, extra: int = 1) -> None:
    """A SARL may not exceed 100 associés [LAW]."""
    if coop.legal_form != "SARL":
        return
    count = admitted_count(session)
    if count + extra > SARL_MAX_MEMBERS:
        raise ServiceError(
            f"Refusé : une SARL coopérative ne peut compter plus de {SARL_MAX_MEMBERS} associés "
            f"(art. L223-3 du code de commerce) ; elle en compte déjà {number_fr(count)}."
        )


# --- Applications ----------------------------------------------------------------------


def create_member(session: Session, values: dict, applied_on: date, actor=None) -> Member:
    """A new candidate (application), with its first status and college rows."""
    coop = lock_ledger(session)
    data = clean_identity({k: values.get(k) for k in IDENTITY_FIELDS})
    check_identity(session, coop, data)
    check_date(applied_on, "La date de candidature")
    member = Member(number=next_number(session), status="candidate", applied_on=applied_on)
    for name, value in data.items():
        setattr(member, name, value)
    set_consent(member, bool(values.get("convocation_by_email")))
    session.add(member)
    session.flush()
    _status_row(session, member, "candidate", applied_on, "", "", actor)
    if member.college_id:
        _college_row(session, member, member.college_id, applied_on, "Candidature", actor)
    record_audit(session, actor, "member.create", member, {"number": member.number})
    return member


# --- Status lifecycle and colleges -----------------------------------------------------


def _status_row(session, member, status, on, body, cause, actor) -> None:
    session.add(
        MemberStatusChange(
            member_id=member.id,
            status=status,
            effective_on=on,
            deciding_body=body or "",
            cause=cause or "",
            recorded_by_id=getattr(actor, "id", None),
        )
    )


def _college_row(session, member, college_id, on, decision, actor) -> None:
    session.add(
        MemberCollegeChange(
            member_id=member.id,
            college_id=college_id,
            effective_from=on,
            decision=decision or "",
            recorded_by_id=getattr(actor, "id", None),
        )
    )


def admit_member(session, member, on, body, parts, paid_cents, actor=None) -> Member:
    """Admission by the deciding body, effective with the minimum parts subscribed."""
    coop = lock_ledger(session)
    if member.status != "candidate":
        raise ServiceError("Seul un candidat peut être admis.")
    if not (body or "").strip():
        raise ServiceError("Indiquez l'organe qui a décidé l'admission.")
    if member.applied_on and on < member.applied_on:
        raise ServiceError(
            f"L'admission ne peut précéder la candidature ({date_fr(member.applied_on)})."
        )
    if coop.uses_colleges and not member.college_id and has_colleges(session):
        raise ServiceError("Affectez d'abord l'associé à un collège de vote.")
    check_sarl_limit(session, coop)
    check_subscription(session, coop, member, parts, paid_cents, on, admission=True)
    member.status, member.admitted_on, member.admission_body = "admitted", on, body.strip()
    session.add(member)
    _status_row(session, member, "admitted", on, body.strip(), "", actor)
    session.flush()
    write_subscription(session, coop, member, parts, paid_cents, on, actor, "Admission")
    record_audit(session, actor, "member.admit", member, {"on": on, "body": body})
    return member


def check_exit(member: Member, status: str, on: date, body: str) -> None:
    if status not in NEXT_STATUSES.get(member.status, ()) or status == "admitted":
        raise ServiceError(f"Sortie impossible : l'associé est « {STATUS_LABELS[member.status]} ».")
    if status == "deceased" and member.person_kind != "natural":
        raise ServiceError("Le décès ne concerne qu'une personne physique.")
    if status == "dissolved" and member.person_kind != "legal":
        raise ServiceError("La dissolution ne concerne qu'une personne morale.")
    check_date(on, "La date de sortie")
    start = member.admitted_on or member.applied_on
    if start and on < start:
        raise ServiceError(f"La sortie ne peut précéder l'entrée ({date_fr(start)}).")
    if status in ("excluded", "radiated") and not (body or "").strip():
        raise ServiceError("Indiquez l'organe qui a décidé l'exclusion ou la radiation.")


def exit_claim(session, coop, member, status, on, body, amount_cents=None) -> int:
    """Check an exit; return the parts it puts up for reimbursement (0 when none are
    held, or when they are not fully paid: the request then waits for the balance)."""
    check_exit(member, status, on, body)
    holding = member_holding(session, member.id)
    parts = holding.parts - holding.pending_parts
    if parts <= 0 or holding.outstanding_cents > 0:
        return 0
    nominal = parts * coop.share_nominal_cents
    if amount_cents is not None and not 0 <= amount_cents <= nominal:
        raise ServiceError(
            f"Le remboursement se fait au plus à la valeur nominale : {cents_fr(nominal)}."
        )
    return parts


def record_exit(session, member, status, on, cause, body, actor=None, amount_cents=None):
    """Resignation, exclusion, radiation, death or dissolution. The parts not yet claimed
    are put up for reimbursement (paid at once or deferred). Returns the request, or
    None when there is nothing to reimburse or the parts are not fully paid."""
    coop = lock_ledger(session)
    parts = exit_claim(session, coop, member, status, on, body, amount_cents)
    member.status, member.exit_on = status, on
    member.exit_cause, member.exit_body = (cause or "").strip(), (body or "").strip()
    session.add(member)
    _status_row(session, member, status, on, member.exit_body, member.exit_cause, actor)
    session.flush()
    record_audit(session, actor, "member.exit", member, {"status": status, "on": on})
    if not parts:
        return None
    return request_reimbursement(session, member, parts, on, actor, amount_cents, "Sortie")


def change_college(session, member, college_id, on, decision, actor=None) -> Member:
    if member.status not in ("candidate", "admitted"):
        raise ServiceError("Un associé sorti ne change plus de collège.")
    if session.get(College, college_id or 0) is None:
        raise ServiceError("Collège inconnu.")
    if college_id == member.college_id:
        raise ServiceError("L'associé appartient déjà à ce collège.")
    check_date(on, "La date d'effet")
    last = session.exec(
        select(func.max(MemberCollegeChange.effective_from)).where(
            MemberCollegeChange.member_id == member.id
        )
    ).one()
    if last and on < last:
        raise ServiceError(f"La date d'effet doit suivre le dernier changement ({date_fr(last)}).")
    _college_row(session, member, college_id, on, (decision or "").strip(), actor)
    old, member.college_id = member.college_id, college_id
    session.add(member)
    session.flush()
    record_audit(session, actor, "member.college", member, {"from": old, "to": college_id})
    return member


# --- The member's record ---------------------------------------------------------------


@dataclass
class MemberRecord:
    member: Member
    category: Category
    college: College | None
    holding: Holding
    movements: list[MovementLine] = field(default_factory=list)
    statuses: list[MemberStatusChange] = field(default_factory=list)
    colleges: list = field(default_factory=list)  # (change, college)


def member_record(session: Session, member: Member) -> MemberRecord:
    statuses = session.exec(
        select(MemberStatusChange)
        .where(MemberStatusChange.member_id == member.id)
        .order_by(MemberStatusChange.effective_on, col(MemberStatusChange.id))
    ).all()
    colleges = session.exec(
        select(MemberCollegeChange, College)
        .join(College, col(College.id) == MemberCollegeChange.college_id)
        .where(MemberCollegeChange.member_id == member.id)
        .order_by(MemberCollegeChange.effective_from, col(MemberCollegeChange.id))
    ).all()
    return MemberRecord(
        member=member,
        category=session.get(Category, member.category_id),
        college=session.get(College, member.college_id) if member.college_id else None,
        holding=member_holding(session, member.id),
        movements=member_movements(session, member.id),
        statuses=list(statuses),
        colleges=list(colleges),
    )


# --- Warnings on the register's make-up ------------------------------------------------


def category_warnings(session: Session) -> list[str]:
    """Art. 19 septies: at least 3 categories, salariés (or producteurs) and bénéficiaires.
    One indexed EXISTS per category, fast on a large register."""
    admitted = select(Member.id).where(
        Member.category_id == Category.id, Member.status == "admitted"
    )
    kinds = session.exec(select(Category.kind).where(admitted.exists())).all()
    present, categories = set(kinds), len(kinds)
    warnings = []
    if categories < 3:
        warnings.append(
            f"Seules {categories} catégories d'associés sont représentées : la loi en exige au "
            "moins 3 (art. 19 septies de la loi du 10 septembre 1947)."
        )
    if not present & {"salaries", "producteurs"}:
        warnings.append("Aucun associé salarié (ou producteur) : cette catégorie est obligatoire.")
    if "beneficiaires" not in present:
        warnings.append("Aucun associé bénéficiaire : cette catégorie est obligatoire.")
    return warnings


def register_warnings(session: Session) -> list[str]:
    warnings = category_warnings(session) + capital_warnings(session)
    coop = get_cooperative(session)
    if coop and coop.legal_form == "SARL" and admitted_count(session) >= SARL_MAX_MEMBERS:
        warnings.append("La SARL compte 100 associés : aucune nouvelle admission n'est possible.")
    return warnings
