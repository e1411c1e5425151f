"""Colleges, the history of their weights, and the categories of associés.

Weights are validated by ``votes.validate_colleges``, the tally engine's own rules
(3 colleges or more, each 10 % to 50 %, summing to exactly 100 %) [art. 19 octies].
"""

import re
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, func, select

from votes import CollegeError, validate_colleges

from ..models import Category, College, CollegeWeight, CollegeWeightSet, Member
from ..models.member import CATEGORY_KINDS
from . import ServiceError
from .audit import record_audit
from .capital import capital_summary, category_parts
from .capital_rules import check_public_cap


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


# --- Editing colleges and their weights (admin) ----------------------------------------

CODE_RE = re.compile(r"^[A-Z0-9_-]{1,10}$")
CATEGORY_CODE_RE = re.compile(r"^[a-z0-9_-]{1,20}$")
HUNDREDTH = Decimal("0.01")


def create_college(session: Session, code, name, description="", actor=None) -> College:
    code = (code or "").strip().upper()
    if not CODE_RE.match(code):
        raise ServiceError("Le code compte 1 à 10 lettres, chiffres, tirets ou soulignés.")
    if session.exec(select(College).where(College.code == code)).first():
        raise ServiceError(f"Le code « {code} » est déjà utilisé par un autre collège.")
    position = (session.exec(select(func.max(College.position))).one() or 0) + 1
    college = College(code=code, position=position)
    return update_college(session, college, name, description, position, actor, "create")


def update_college(session, college, name, description, position, actor=None, verb="update"):
    if not (name or "").strip():
        raise ServiceError("Le nom du collège est obligatoire.")
    college.name, college.description = name.strip(), (description or "").strip()
    college.position = position if position is not None else college.position
    session.add(college)
    session.flush()
    record_audit(session, actor, f"college.{verb}", college, {"name": college.name})
    return college


def _admitted_per_college(session: Session) -> dict[int, int]:
    return dict(
        session.exec(
            select(Member.college_id, func.count())
            .where(Member.status == "admitted", col(Member.college_id).is_not(None))
            .group_by(Member.college_id)
        ).all()
    )


def check_weights(session: Session, weights: dict[int, Decimal | None]) -> list:
    """(college, weight) pairs of a new set, checked by the tally engine's own rules."""
    colleges = session.exec(select(College).order_by(College.position, College.id)).all()
    entries = [(c, weights[c.id]) for c in colleges if weights.get(c.id) is not None]
    for college, weight in entries:
        if weight != weight.quantize(HUNDREDTH):
            raise ServiceError(
                f"Le poids du collège « {college.name} » s'exprime au centième près "
                "(par exemple 33,34)."
            )
    try:
        validate_colleges([(c.code, c.name, w) for c, w in entries])
    except CollegeError as exc:
        raise ServiceError(str(exc)) from exc
    counts = _admitted_per_college(session)
    for college in colleges:
        if weights.get(college.id) is None and counts.get(college.id):
            raise ServiceError(
                f"Le collège « {college.name} » compte {counts[college.id]} associé(s) admis : "
                "donnez-lui un poids ou changez d'abord leur collège."
            )
    return entries


def record_weights(session, weights, effective_from: date, decision: str, actor=None):
    """A new complete set of weights, in force from ``effective_from`` (append-only)."""
    entries = check_weights(session, weights)
    if not (decision or "").strip():
        raise ServiceError("Indiquez la décision qui fixe ces poids (par exemple l'AGE du …).")
    taken = session.exec(
        select(CollegeWeightSet).where(CollegeWeightSet.effective_from == effective_from)
    ).first()
    if taken:
        raise ServiceError("Un jeu de poids prend déjà effet à cette date.")
    weight_set = CollegeWeightSet(
        effective_from=effective_from,
        decision=decision.strip(),
        recorded_by_id=getattr(actor, "id", None),
    )
    session.add(weight_set)
    session.flush()
    for college, weight in entries:
        bp = int(weight * 100)
        session.add(CollegeWeight(weight_set_id=weight_set.id, college_id=college.id, weight_bp=bp))
    session.flush()
    payload = {c.code: str(w) for c, w in entries} | {"from": effective_from}
    record_audit(session, actor, "college.weights", weight_set, payload)
    return weight_set


def weight_history(session: Session) -> list[tuple[CollegeWeightSet, dict[int, Decimal]]]:
    """Every weight set, the latest first, with its weights by college id."""
    sets = session.exec(
        select(CollegeWeightSet).order_by(
            col(CollegeWeightSet.effective_from).desc(), col(CollegeWeightSet.id).desc()
        )
    ).all()
    weights: dict[int, dict[int, Decimal]] = {s.id: {} for s in sets}
    for weight in session.exec(select(CollegeWeight)):
        weights[weight.weight_set_id][weight.college_id] = weight.weight
    return [(s, weights[s.id]) for s in sets]


def college_overview(session: Session) -> list[tuple[College, int]]:
    counts = _admitted_per_college(session)
    colleges = session.exec(select(College).order_by(College.position, College.id)).all()
    return [(college, counts.get(college.id, 0)) for college in colleges]


# --- Categories of associés ------------------------------------------------------------


def save_category(session, category: Category | None, values: dict, actor=None) -> Category:
    """Create (``category`` None) or edit a category. Turning a category into public
    bodies passes the 50 % check on the parts its members hold."""
    creating = category is None
    category = category or Category(code=(values.get("code") or "").strip().lower())
    if creating and not CATEGORY_CODE_RE.match(category.code):
        raise ServiceError("Le code compte 1 à 20 minuscules, chiffres, tirets ou soulignés.")
    if creating and session.exec(select(Category).where(Category.code == category.code)).first():
        raise ServiceError(f"Le code « {category.code} » est déjà utilisé.")
    if not (values.get("name") or "").strip():
        raise ServiceError("Le nom de la catégorie est obligatoire.")
    if values.get("kind") not in CATEGORY_KINDS:
        raise ServiceError("Type de catégorie inconnu.")
    if (values.get("min_parts") or 0) < 1:
        raise ServiceError("Le nombre minimal de parts est d'au moins 1.")
    if values.get("is_public_body") and not category.is_public_body and not creating:
        _check_public_move(session, category)
    category.name, category.kind = values["name"].strip(), values["kind"]
    category.is_public_body, category.min_parts = (
        bool(values["is_public_body"]),
        values["min_parts"],
    )
    session.add(category)
    session.flush()
    verb = "create" if creating else "update"
    record_audit(session, actor, f"category.{verb}", category, {"name": category.name})
    return category


def _check_public_move(session: Session, category: Category) -> None:
    check_public_cap(capital_summary(session), category_parts(session, [category.id]), 0)
