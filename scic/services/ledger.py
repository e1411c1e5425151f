"""Writing the capital ledger: subscriptions, payments, reimbursement requests, the
reimbursements that settle them in order of request, and reversals.

Every function checks all its rules before it writes anything, so a refused movement
changes nothing. Writes are serialised by a row lock on the cooperative (PostgreSQL).
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ..formatting import cents_fr, date_fr, number_fr
from ..models import Category, Cooperative, Member, ShareMovement
from . import ServiceError
from .audit import record_audit
from .capital import capital_summary, member_holding, min_parts, reimbursement_queue
from .capital_rules import (
    check_date,
    check_first_payment,
    check_public_cap,
    check_reversal,
    parts_fr,
)
from .settings import get_cooperative


def lock_ledger(session: Session) -> Cooperative:
    """The cooperative, locked until the transaction ends: one ledger writer at a time."""
    coop = session.exec(
        select(Cooperative).order_by(Cooperative.id).limit(1).with_for_update()
    ).first()
    if coop is None:
        raise ServiceError("La coopérative n'est pas encore paramétrée.")
    return coop


def _write(session, member, kind, on, actor, audit_payload=None, **values) -> ShareMovement:
    movement = ShareMovement(
        member_id=member.id,
        kind=kind,
        occurred_on=on,
        recorded_by_id=getattr(actor, "id", None),
        **values,
    )
    session.add(movement)
    session.flush()
    payload = {"member": member.number, "parts": movement.parts, "cents": movement.amount_cents}
    record_audit(session, actor, f"capital.{kind}", movement, payload | (audit_payload or {}))
    return movement


# --- Subscriptions and payments --------------------------------------------------------


def check_subscription(session, coop, member, parts, paid_cents, on, *, admission=False):
    """Every rule of a subscription [art. 12, 19 septies]; raises before any write."""
    if parts is None or parts < 1:
        raise ServiceError("Le nombre de parts souscrites doit être d'au moins 1.")
    expected = "candidate" if admission else "admitted"
    if member.status != expected:
        raise ServiceError("Seul un associé admis peut souscrire de nouvelles parts.")
    check_date(on, "La date de souscription")
    category = session.get(Category, member.category_id)
    if admission and parts < min_parts(coop, category):
        raise ServiceError(
            f"L'admission exige la souscription d'au moins {parts_fr(min_parts(coop, category))} "
            f"(catégorie « {category.name} »)."
        )
    check_first_payment(parts * coop.share_nominal_cents, paid_cents or 0)
    if category.is_public_body:
        check_public_cap(capital_summary(session, coop), parts, parts)


def write_subscription(session, coop, member, parts, paid_cents, on, actor=None, note=""):
    """Record a subscription already checked, its first payment, then settle the queue."""
    amount = parts * coop.share_nominal_cents
    subscription = _write(
        session, member, "subscription", on, actor, parts=parts, amount_cents=amount, note=note
    )
    if paid_cents:
        _write(session, member, "payment", on, actor, amount_cents=paid_cents, note=note)
    settle_queue(session, on, actor)
    return subscription


def subscribe(session, member, parts, paid_cents, on, actor=None, note="") -> ShareMovement:
    """A new subscription of ``parts`` at the nominal value, with at least 1/4 paid."""
    coop = lock_ledger(session)
    check_subscription(session, coop, member, parts, paid_cents, on)
    return write_subscription(session, coop, member, parts, paid_cents, on, actor, note)


def record_payment(session, member, amount_cents, on, actor=None, note="") -> ShareMovement:
    """A later payment (libération) of parts already subscribed."""
    lock_ledger(session)
    check_date(on, "La date du versement")
    outstanding = member_holding(session, member.id).outstanding_cents
    if outstanding <= 0:
        raise ServiceError("Toutes les parts souscrites sont déjà entièrement libérées.")
    if amount_cents is None or amount_cents <= 0:
        raise ServiceError("Le montant du versement doit être positif.")
    if amount_cents > outstanding:
        raise ServiceError(
            f"Le versement ({cents_fr(amount_cents)}) dépasse le reste à libérer "
            f"({cents_fr(outstanding)})."
        )
    return _write(session, member, "payment", on, actor, amount_cents=amount_cents, note=note)


# --- Reimbursements --------------------------------------------------------------------


def check_request(session, coop, member, parts, amount_cents, on) -> None:
    if parts is None or parts < 1:
        raise ServiceError("Le nombre de parts à rembourser doit être d'au moins 1.")
    if member.status == "candidate":
        raise ServiceError("Un candidat ne détient aucune part à rembourser.")
    check_date(on, "La date de la demande")
    available = _check_available(session, member, parts)
    least = min_parts(coop, session.get(Category, member.category_id))
    if member.status == "admitted" and available - parts < least:
        raise ServiceError(
            f"Refusé : un associé doit conserver au moins {parts_fr(least)} ; il lui en resterait "
            f"{number_fr(available - parts)}. Pour tout rembourser, enregistrez d'abord sa sortie."
        )
    nominal = parts * coop.share_nominal_cents
    if amount_cents is not None and not 0 <= amount_cents <= nominal:
        raise ServiceError(
            f"Le remboursement se fait au plus à la valeur nominale : {cents_fr(nominal)} "
            f"pour {parts_fr(parts)}."
        )


def _check_available(session, member, parts) -> int:
    """Parts held and not yet claimed; they must cover ``parts`` and be fully paid."""
    holding = member_holding(session, member.id)
    available = holding.parts - holding.pending_parts
    if parts > available:
        raise ServiceError(
            f"L'associé ne détient que {parts_fr(available)} dont le remboursement n'est pas "
            "déjà demandé."
        )
    if holding.outstanding_cents > 0:
        raise ServiceError(
            "Les parts doivent être entièrement libérées avant d'être remboursées : reste à "
            f"libérer {cents_fr(holding.outstanding_cents)}."
        )
    return available


def request_reimbursement(
    session, member, parts, on, actor=None, amount_cents=None, note=""
) -> ShareMovement:
    """Record a request; it is paid at once if the floor allows and nobody waits before
    it, otherwise it joins the deferred queue, in order of request [art. 13]."""
    coop = lock_ledger(session)
    check_request(session, coop, member, parts, amount_cents, on)
    if amount_cents is None:
        amount_cents = parts * coop.share_nominal_cents
    deferred = would_defer(session, parts)
    request = _write(
        session,
        member,
        "reimbursement_request",
        on,
        actor,
        parts=parts,
        amount_cents=amount_cents,
        deferred=deferred,
        note=note,
    )
    settle_queue(session, on, actor)
    return request


def preview_request(session, member, parts, amount_cents, on) -> bool:
    """Check a request without recording it; True when it would be deferred."""
    check_request(session, get_cooperative(session), member, parts, amount_cents, on)
    return would_defer(session, parts)


def would_defer(session: Session, parts: int) -> bool:
    """Whether a request of ``parts`` made now would wait in the deferred queue."""
    waiting = bool(reimbursement_queue(session, limit=1))
    return waiting or not capital_summary(session).allows_reimbursement(parts)


def pay_deferred(session: Session, on: date, actor=None) -> list[ShareMovement]:
    """The board's « pay what can be paid » on the queue (after a change of floor)."""
    lock_ledger(session)
    return settle_queue(session, on, actor)


def settle_queue(session: Session, on: date, actor=None) -> list[ShareMovement]:
    """Pay pending requests, oldest first, while capital stays at or above the floor.
    Stops at the first request that does not fit: a later one never jumps the queue."""
    summary = capital_summary(session)
    paid, out = [], 0
    for request, member in reimbursement_queue(session):
        if not summary.allows_reimbursement(out + request.parts):
            break
        out += request.parts
        paid.append(
            _write(
                session,
                member,
                "reimbursement",
                max(on, request.occurred_on),
                actor,
                {"request": request.id},
                parts=request.parts,
                amount_cents=request.amount_cents,
                request_id=request.id,
                note=f"Demande du {date_fr(request.occurred_on, 'long')}",
            )
        )
    return paid


# --- Reversals -------------------------------------------------------------------------


def reverse_movement(session, movement: ShareMovement, reason: str, actor=None):
    """Cancel an erroneous movement with a reversal dated like it (contre-passation)."""
    coop = lock_ledger(session)
    member = session.get(Member, movement.member_id)
    if not (reason or "").strip():
        raise ServiceError("Indiquez le motif de l'annulation.")
    check_reversal(session, coop, member, movement)
    reversal = _write(
        session,
        member,
        movement.kind,
        movement.occurred_on,
        actor,
        {"reverses": movement.id},
        parts=movement.parts,
        amount_cents=movement.amount_cents,
        corrects_id=movement.id,
        note=reason.strip()[:300],
    )
    if movement.kind == "reimbursement_request":
        settle_queue(session, movement.occurred_on, actor)
    return reversal


# --- A member's movements, for the register --------------------------------------------


@dataclass
class MovementLine:
    movement: ShareMovement
    reversed_by: ShareMovement | None = None
    settled_by: ShareMovement | None = None

    @property
    def pending(self) -> bool:
        m = self.movement
        return (
            m.kind == "reimbursement_request"
            and m.corrects_id is None
            and not (self.reversed_by or self.settled_by)
        )

    @property
    def can_reverse(self) -> bool:
        m = self.movement
        return (
            m.corrects_id is None
            and self.reversed_by is None
            and self.settled_by is None
            and m.kind != "reimbursement"
        )


def member_movements(session: Session, member_id: int) -> list[MovementLine]:
    rows = session.exec(
        select(ShareMovement)
        .where(ShareMovement.member_id == member_id)
        .order_by(ShareMovement.occurred_on, col(ShareMovement.id))
    ).all()
    lines = {m.id: MovementLine(m) for m in rows}
    for m in rows:
        if m.corrects_id in lines:
            lines[m.corrects_id].reversed_by = m
        elif m.request_id in lines:
            lines[m.request_id].settled_by = m
    return list(lines.values())
