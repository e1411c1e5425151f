"""The legal checks on capital movements, each refusing with a French message, and the
warnings shown to the board [loi 47-1775, art. 12, 13 and 19 septies]."""

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from ..formatting import cents_fr, number_fr, percent_fr
from ..models import Category, ShareMovement
from . import ServiceError
from .capital import CapitalSummary, capital_summary, member_holding, min_parts, today
from .settings import get_cooperative


def check_public_cap(summary: CapitalSummary, public_parts: int, total_parts: int) -> None:
    """Public bodies together hold at most 50 % of the capital, checked after the
    movement [loi 47-1775, art. 19 septies]."""
    public_after = summary.public_parts + public_parts
    total_after = summary.parts + total_parts
    if 2 * public_after <= total_after:
        return
    room = max(0, summary.parts - 2 * summary.public_parts)
    share = percent_fr(Decimal(100 * public_after) / total_after)
    still = (
        f"Elles peuvent encore souscrire au plus {number_fr(room)} part{'s' if room > 1 else ''}."
        if room
        else "Elles ne peuvent plus souscrire de parts."
    )
    raise ServiceError(
        f"Refusé : les collectivités publiques détiendraient {number_fr(public_after)} parts "
        f"sur {number_fr(total_after)}, soit {share} du capital ; la loi limite leur part à "
        f"50 % (art. 19 septies de la loi du 10 septembre 1947). {still}"
    )


def check_first_payment(amount_cents: int, paid_cents: int) -> None:
    """At least a quarter of a subscription is paid at once [art. 12]."""
    if paid_cents > amount_cents:
        raise ServiceError(
            f"Le versement ({cents_fr(paid_cents)}) dépasse le montant souscrit "
            f"({cents_fr(amount_cents)})."
        )
    if 4 * paid_cents < amount_cents:
        raise ServiceError(
            f"Au moins un quart de la souscription doit être libéré immédiatement : "
            f"{cents_fr(-(-amount_cents // 4))} au minimum pour {cents_fr(amount_cents)} "
            "souscrits (art. 12 de la loi du 10 septembre 1947)."
        )


def check_date(on: date, what: str = "La date") -> None:
    if on > today():
        raise ServiceError(f"{what} ne peut pas être postérieure à aujourd'hui.")


def capital_warnings(session: Session, summary: CapitalSummary | None = None) -> list[str]:
    """The board's warnings on the capital (given ``summary`` saves computing it again)."""
    if summary is None and get_cooperative(session) is None:
        return []
    summary = summary or capital_summary(session)
    warnings = []
    if summary.parts and 2 * summary.public_parts > summary.parts:
        warnings.append(
            "Les collectivités publiques détiennent plus de 50 % du capital "
            "(art. 19 septies) : aucune nouvelle part publique ne peut être souscrite."
        )
    if summary.parts and summary.capital_cents < summary.floor_cents:
        warnings.append(
            f"Le capital ({cents_fr(summary.capital_cents)}) est inférieur à son plancher "
            f"({cents_fr(summary.floor_cents)}) : les remboursements sont différés."
        )
    return warnings


def parts_fr(n: int) -> str:
    return f"{number_fr(n)} part{'s' if n > 1 else ''}"


# --- Reversals of erroneous movements --------------------------------------------------


def _is_reversed(session, movement) -> bool:
    return (
        session.exec(
            select(ShareMovement.id).where(ShareMovement.corrects_id == movement.id)
        ).first()
        is not None
    )


def _is_settled(session, movement) -> bool:
    return (
        session.exec(
            select(ShareMovement.id).where(ShareMovement.request_id == movement.id)
        ).first()
        is not None
    )


def check_reversal(session, coop, member, movement) -> None:
    if movement.corrects_id is not None:
        raise ServiceError("Une écriture de correction ne peut pas être annulée elle-même.")
    if _is_reversed(session, movement):
        raise ServiceError("Ce mouvement est déjà annulé.")
    if movement.kind == "reimbursement":
        raise ServiceError("Un remboursement effectué ne peut pas être annulé.")
    if movement.kind == "reimbursement_request" and _is_settled(session, movement):
        raise ServiceError("Cette demande a déjà été remboursée : elle ne peut plus être annulée.")
    h = member_holding(session, member.id)
    if movement.kind == "subscription":
        _check_subscription_reversal(session, coop, member, movement, h)
    if movement.kind == "payment" and 4 * (h.paid_cents - movement.amount_cents) < (
        h.subscribed_cents
    ):
        raise ServiceError(
            "Refusé : au moins un quart des parts souscrites doit rester libéré ; annulez "
            "d'abord la souscription correspondante."
        )


def _check_subscription_reversal(session, coop, member, movement, h) -> None:
    if h.paid_cents > h.subscribed_cents - movement.amount_cents:
        raise ServiceError(
            "Les versements dépasseraient le montant souscrit : annulez d'abord les versements "
            "de cette souscription."
        )
    left = h.parts - movement.parts
    least = min_parts(coop, session.get(Category, member.category_id))
    if member.status == "admitted" and left < least:
        raise ServiceError(
            f"Refusé : l'associé doit conserver au moins {parts_fr(least)} ; il lui en resterait "
            f"{number_fr(left)}."
        )
    if left < h.pending_parts:
        raise ServiceError("Des parts de cette souscription sont en attente de remboursement.")
