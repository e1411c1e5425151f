"""Reading the capital ledger: holdings, the cooperative's capital and its floor, the
queue of pending reimbursements, a member's movements [DOMAIN.md §3].

Capital is counted in parts at the nominal value: subscriptions less reimbursements.
A reversal (``corrects_id`` set) counts negatively, so every sum is one pass.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from ..formatting import PARIS
from ..models import Category, Cooperative, Member, ShareMovement
from .settings import get_cooperative

SA_MINIMUM_CENTS = 1_850_000  # 18 500 € for an SA
SIGN = case((col(ShareMovement.corrects_id).is_(None), 1), else_=-1)
# +1 for a subscription, -1 for a reimbursement, 0 otherwise; reversals count negatively.
CAPITAL_DELTA = (
    case(
        (ShareMovement.kind == "subscription", 1),
        (ShareMovement.kind == "reimbursement", -1),
        else_=0,
    )
    * SIGN
)


def today() -> date:
    """Today in Paris, the date the cooperative lives by."""
    return datetime.now(PARIS).date()


@dataclass(frozen=True)
class Holding:
    subscribed_parts: int = 0
    subscribed_cents: int = 0
    paid_cents: int = 0
    requested_parts: int = 0
    reimbursed_parts: int = 0
    reimbursed_cents: int = 0
    requested_cents: int = 0

    @property
    def parts(self) -> int:
        """Parts currently held."""
        return self.subscribed_parts - self.reimbursed_parts

    @property
    def outstanding_cents(self) -> int:
        """Subscribed but not yet paid."""
        return self.subscribed_cents - self.paid_cents

    @property
    def pending_parts(self) -> int:
        """Parts whose reimbursement is requested and not yet paid."""
        return self.requested_parts - self.reimbursed_parts

    @property
    def pending_cents(self) -> int:
        return self.requested_cents - self.reimbursed_cents


def _holding(totals: dict) -> Holding:
    sub_parts, sub_cents = totals.get("subscription", (0, 0))
    _, paid = totals.get("payment", (0, 0))
    req_parts, req_cents = totals.get("reimbursement_request", (0, 0))
    reimb_parts, reimb_cents = totals.get("reimbursement", (0, 0))
    return Holding(sub_parts, sub_cents, paid, req_parts, reimb_parts, reimb_cents, req_cents)


def _sums():
    return (
        ShareMovement.kind,
        func.coalesce(func.sum(ShareMovement.parts * SIGN), 0),
        func.coalesce(func.sum(ShareMovement.amount_cents * SIGN), 0),
    )


def member_holding(session: Session, member_id: int, on: date | None = None) -> Holding:
    """A member's holding, now or at the end of the day ``on``."""
    query = select(*_sums()).where(ShareMovement.member_id == member_id)
    if on is not None:
        query = query.where(ShareMovement.occurred_on <= on)
    rows = session.exec(query.group_by(ShareMovement.kind)).all()
    return _holding({kind: (int(parts), int(cents)) for kind, parts, cents in rows})


def holdings(session: Session, member_ids) -> dict[int, Holding]:
    """Holdings of several members in one query (a page of the register)."""
    ids = list(member_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(ShareMovement.member_id, *_sums())
        .where(col(ShareMovement.member_id).in_(ids))
        .group_by(ShareMovement.member_id, ShareMovement.kind)
    ).all()
    totals: dict[int, dict] = {member_id: {} for member_id in ids}
    for member_id, kind, parts, cents in rows:
        totals[member_id][kind] = (int(parts), int(cents))
    return {member_id: _holding(kinds) for member_id, kinds in totals.items()}


def min_parts(coop: Cooperative, category: Category) -> int:
    """The fewest parts an admitted associé of this category may hold."""
    return max(coop.min_parts_per_member, category.min_parts)


# --- The cooperative's capital ---------------------------------------------------------


@dataclass(frozen=True)
class CapitalSummary:
    nominal_cents: int
    legal_form: str
    parts: int = 0
    public_parts: int = 0
    paid_cents: int = 0  # paid and not reimbursed
    outstanding_cents: int = 0
    highest_parts: int = 0
    highest_on: date | None = None
    statutory_floor_cents: int = 0
    pending_requests: int = 0
    pending_cents: int = 0

    @property
    def capital_cents(self) -> int:
        return self.parts * self.nominal_cents

    @property
    def highest_cents(self) -> int:
        return self.highest_parts * self.nominal_cents

    @property
    def floors(self) -> list[tuple[str, int]]:
        """Each floor that applies, with its reason; the highest one binds."""
        quarter = -(-self.highest_cents // 4)
        floors = [("un quart du capital le plus élevé atteint (art. 13)", quarter)]
        if self.statutory_floor_cents:
            floors.append(("capital minimal fixé par les statuts", self.statutory_floor_cents))
        if self.legal_form == "SA":
            floors.append(("capital minimal d'une SA coopérative", SA_MINIMUM_CENTS))
        return floors

    @property
    def floor_cents(self) -> int:
        return max(cents for _, cents in self.floors)

    @property
    def room_cents(self) -> int:
        """What may still be reimbursed without going below the floor."""
        return max(0, self.capital_cents - self.floor_cents)

    @property
    def public_percent(self) -> Decimal:
        """For display: the public bodies' share as a percentage."""
        return Decimal(100 * self.public_parts) / self.parts if self.parts else Decimal(0)

    def allows_reimbursement(self, parts: int) -> bool:
        """Exact check: capital after ≥ 1/4 of the highest, and ≥ every fixed floor."""
        after = (self.parts - parts) * self.nominal_cents
        fixed = [cents for _, cents in self.floors[1:]]
        return 4 * after >= self.highest_cents and all(after >= cents for cents in fixed)


def _totals(session: Session, member_ids=None) -> Holding:
    """Sums over the whole ledger (read from a covering index), or over some members."""
    query = select(*_sums())
    if member_ids is not None:
        query = query.where(col(ShareMovement.member_id).in_(member_ids))
    rows = session.exec(query.group_by(ShareMovement.kind)).all()
    return _holding({kind: (int(parts), int(cents)) for kind, parts, cents in rows})


def category_parts(session: Session, category_ids) -> int:
    """Parts held now by the members of these categories."""
    ids = list(category_ids)
    if not ids:
        return 0
    members = select(Member.id).where(col(Member.category_id).in_(ids))
    return _totals(session, members).parts


def highest_capital(session: Session) -> tuple[int, date | None]:
    """The highest capital ever reached, in parts, at the end of a day, and that day.
    Other kinds count for 0 rather than being filtered out, so that the day-by-day
    covering index is read in order, without a sort."""
    rows = session.exec(
        select(ShareMovement.occurred_on, func.sum(ShareMovement.parts * CAPITAL_DELTA))
        .group_by(ShareMovement.occurred_on)
        .order_by(ShareMovement.occurred_on)
    ).all()
    running, best, best_on = 0, 0, None
    for day, change in rows:
        running += int(change)
        if running > best:
            best, best_on = running, day
    return best, best_on


def capital_summary(session: Session, coop: Cooperative | None = None) -> CapitalSummary:
    coop = coop or get_cooperative(session)
    total = _totals(session)
    public = session.exec(select(Category.id).where(col(Category.is_public_body))).all()
    highest, highest_on = highest_capital(session)
    return CapitalSummary(
        nominal_cents=coop.share_nominal_cents,
        legal_form=coop.legal_form,
        parts=total.parts,
        public_parts=category_parts(session, public),
        paid_cents=total.paid_cents - total.reimbursed_cents,
        outstanding_cents=total.outstanding_cents,
        highest_parts=highest,
        highest_on=highest_on,
        statutory_floor_cents=coop.statutory_capital_floor_cents,
        pending_requests=pending_request_count(session),
        pending_cents=total.pending_cents,
    )


def capital_cents(session: Session) -> int:
    """Subscribed capital now, at the nominal value."""
    coop = get_cooperative(session)
    return _totals(session).parts * coop.share_nominal_cents if coop else 0


# --- Pending reimbursement requests, in order of request -------------------------------


def _pending_requests():
    settled = select(ShareMovement.request_id).where(col(ShareMovement.request_id).is_not(None))
    cancelled = select(ShareMovement.corrects_id).where(col(ShareMovement.corrects_id).is_not(None))
    return (
        ShareMovement.kind == "reimbursement_request",
        col(ShareMovement.corrects_id).is_(None),
        col(ShareMovement.id).not_in(settled),
        col(ShareMovement.id).not_in(cancelled),
    )


def pending_request_count(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(ShareMovement).where(*_pending_requests())
    ).one()


def reimbursement_queue(session: Session, limit: int | None = None):
    """Pending requests with their member, oldest request first."""
    query = (
        select(ShareMovement, Member)
        .join(Member, col(Member.id) == ShareMovement.member_id)
        .where(*_pending_requests())
        .order_by(ShareMovement.occurred_on, ShareMovement.id)
    )
    return session.exec(query.limit(limit) if limit else query).all()
