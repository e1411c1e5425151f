"""Reading the capital ledger: a member's holding, the cooperative's capital."""

from dataclasses import dataclass

from sqlmodel import Session, func, select

from ..models import ShareMovement


@dataclass(frozen=True)
class Holding:
    subscribed_parts: int = 0
    subscribed_cents: int = 0
    paid_cents: int = 0
    requested_parts: int = 0
    reimbursed_parts: int = 0
    reimbursed_cents: int = 0

    @property
    def parts(self) -> int:
        """Parts currently held."""
        return self.subscribed_parts - self.reimbursed_parts

    @property
    def outstanding_cents(self) -> int:
        """Subscribed but not yet paid."""
        return self.subscribed_cents - self.paid_cents


def member_holding(session: Session, member_id: int) -> Holding:
    rows = session.exec(
        select(
            ShareMovement.kind, func.sum(ShareMovement.parts), func.sum(ShareMovement.amount_cents)
        )
        .where(ShareMovement.member_id == member_id)
        .group_by(ShareMovement.kind)
    ).all()
    totals = {kind: (int(parts or 0), int(cents or 0)) for kind, parts, cents in rows}
    sub_parts, sub_cents = totals.get("subscription", (0, 0))
    _, paid = totals.get("payment", (0, 0))
    req_parts, _ = totals.get("reimbursement_request", (0, 0))
    reimb_parts, reimb_cents = totals.get("reimbursement", (0, 0))
    return Holding(sub_parts, sub_cents, paid, req_parts, reimb_parts, reimb_cents)


def capital_cents(session: Session) -> int:
    """Subscribed capital now: subscriptions less reimbursements, at their amounts."""
    rows = dict(
        session.exec(
            select(ShareMovement.kind, func.coalesce(func.sum(ShareMovement.amount_cents), 0))
            .where(ShareMovement.kind.in_(("subscription", "reimbursement")))
            .group_by(ShareMovement.kind)
        ).all()
    )
    return int(rows.get("subscription", 0)) - int(rows.get("reimbursement", 0))
