"""The cooperative's settings."""

from fractions import Fraction

from sqlmodel import Session, select

from ..models import Cooperative
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .memo import recall, remember


def parse_fraction(text: str) -> Fraction:
    """A fraction « p/q » between 0 and 1, with a French error otherwise."""
    try:
        value = Fraction((text or "").strip().replace(" ", ""))
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError("Fraction invalide : écrivez par exemple 1/5, 2/3 ou 0.") from exc
    if not 0 <= value <= 1:
        raise ValueError("La fraction doit être comprise entre 0 et 1.")
    return value


FIRST_COOPERATIVE = select(Cooperative).order_by(Cooperative.id).limit(1)


def get_cooperative(session: Session) -> Cooperative | None:
    """The cooperative's row, read once per session (pages and services ask often)."""
    coop = recall(session, Cooperative)
    if coop is None or coop not in session:
        coop = session.exec(FIRST_COOPERATIVE).first()
        if coop is not None:
            remember(session, Cooperative, coop)
    return coop


def update_settings(session: Session, coop: Cooperative, values: dict, actor=None):
    changed = {}
    for key, value in values.items():
        if not hasattr(coop, key) or key in {"id", "updated_at"}:
            raise ServiceError(f"Paramètre inconnu : {key}.")
        if getattr(coop, key) != value:
            changed[key] = [getattr(coop, key), value]
            setattr(coop, key, value)
    if coop.legal_form != "SA" and coop.proxy_to_partner:
        raise ServiceError("Le pouvoir au conjoint ou partenaire n'existe qu'en SA.")
    if changed:
        coop.updated_at = utcnow()
        session.add(coop)
        session.flush()
        record_audit(session, actor, "cooperative.settings", coop, changed)
    return coop
