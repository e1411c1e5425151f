"""Resolutions: numbered texts put to the vote. Ordinary or extraordinary (which sets the
majority), what the board thinks of them, open or secret ballot, and the voting window.
Decisions reserved to the AG cannot be put to a monthly or board meeting."""

from datetime import datetime

from sqlmodel import Session, func, select

from votes import Majority

from ..models import Cooperative, Meeting, Resolution
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .settings import parse_fraction

KIND_LABELS = {"ordinary": "Ordinaire", "extraordinary": "Extraordinaire"}
MATTER_LABELS = {
    "general": "Décision courante",
    "accounts": "Approbation des comptes et affectation du résultat",
    "directors": "Nomination ou révocation d'administrateurs",
    "statutes": "Modification des statuts",
    "exclusion": "Exclusion d'un associé",
}
AG_RESERVED = ("accounts", "directors", "statutes", "exclusion")
EXTRAORDINARY_MATTERS = ("statutes", "exclusion")
FIELDS = (
    "title",
    "text",
    "kind",
    "matter",
    "board_supports",
    "secret",
    "vote_opens_at",
    "vote_closes_at",
    "agenda_item_id",
)


def majority(resolution: Resolution, coop: Cooperative) -> Majority:
    """Ordinary: strictly more than the ordinary fraction; extraordinary: at least the
    extraordinary one (statutory settings, 1/2 and 2/3 by default)."""
    if resolution.kind == "extraordinary":
        return Majority(parse_fraction(coop.majority_extraordinary), inclusive=True)
    return Majority(parse_fraction(coop.majority_ordinary), inclusive=False)


def majority_label(resolution: Resolution, coop: Cooperative) -> str:
    rule = majority(resolution, coop)
    fraction = f"{rule.threshold.numerator}/{rule.threshold.denominator}"
    return f"au moins {fraction}" if rule.inclusive else f"plus de {fraction}"


def meeting_resolutions(session: Session, meeting: Meeting) -> list[Resolution]:
    return list(
        session.exec(
            select(Resolution)
            .where(Resolution.meeting_id == meeting.id)
            .order_by(Resolution.number)
        )
    )


def _check_kind(meeting: Meeting, kind: str, matter: str) -> None:
    if kind not in KIND_LABELS or matter not in MATTER_LABELS:
        raise ServiceError("Nature de résolution inconnue.")
    if matter in AG_RESERVED and meeting.kind in ("MONTHLY", "BOARD"):
        raise ServiceError(
            f"« {MATTER_LABELS[matter]} » est réservé à l'assemblée générale : "
            "une réunion mensuelle ou du conseil ne peut pas en décider."
        )
    if matter in EXTRAORDINARY_MATTERS and kind != "extraordinary":
        raise ServiceError(f"« {MATTER_LABELS[matter]} » se vote à la majorité extraordinaire.")
    if matter in ("accounts", "directors") and kind != "ordinary":
        raise ServiceError(f"« {MATTER_LABELS[matter]} » se vote à la majorité ordinaire.")
    if kind == "extraordinary" and meeting.kind not in ("AGE", "AGM"):
        raise ServiceError(
            "Une résolution extraordinaire se vote en AGE ou en AG mixte, pas dans cette réunion."
        )
    if kind == "ordinary" and meeting.kind == "AGE":
        raise ServiceError(
            "Une AGE ne vote que des résolutions extraordinaires : faites-en une AG mixte."
        )


def _check_window(opens: datetime | None, closes: datetime | None) -> None:
    if opens and closes and closes <= opens:
        raise ServiceError("La clôture du vote doit suivre son ouverture.")


def _check_editable(meeting: Meeting, resolution: Resolution | None, now: datetime) -> None:
    if meeting.status == "closed":
        raise ServiceError("La réunion est close : ses résolutions ne changent plus.")
    if resolution is None:
        return
    opens = resolution.vote_opens_at
    if resolution.status != "draft" or (opens is not None and opens <= now):
        raise ServiceError("Le vote de cette résolution est ouvert : son texte ne change plus.")


def _clean(values: dict) -> dict:
    values = dict(values)
    values["title"] = (values.get("title") or "").strip()
    values["text"] = (values.get("text") or "").strip()
    if not values["title"] or not values["text"]:
        raise ServiceError("Une résolution a un titre et un texte.")
    values.setdefault("kind", "ordinary")
    values.setdefault("matter", "general")
    return values


def create_resolution(session: Session, meeting: Meeting, actor, **values) -> Resolution:
    """A new resolution, numbered after the meeting's last one."""
    _check_editable(meeting, None, utcnow())
    values = _clean(values)
    _check_kind(meeting, values["kind"], values["matter"])
    _check_window(values.get("vote_opens_at"), values.get("vote_closes_at"))
    last = session.exec(
        select(func.max(Resolution.number)).where(Resolution.meeting_id == meeting.id)
    ).one()
    resolution = Resolution(meeting_id=meeting.id, number=(last or 0) + 1, **values)
    session.add(resolution)
    session.flush()
    record_audit(session, actor, "resolution.create", resolution, _snapshot(resolution))
    return resolution


def _snapshot(resolution: Resolution) -> dict:
    return {name: getattr(resolution, name) for name in FIELDS} | {"number": resolution.number}


def update_resolution(session: Session, resolution: Resolution, actor, **values) -> Resolution:
    """Editable while the meeting is a draft, or until the vote opens."""
    meeting = session.get(Meeting, resolution.meeting_id)
    _check_editable(meeting, resolution, utcnow())
    merged = _clean({name: getattr(resolution, name) for name in FIELDS} | values)
    _check_kind(meeting, merged["kind"], merged["matter"])
    _check_window(merged.get("vote_opens_at"), merged.get("vote_closes_at"))
    changed = {
        k: [getattr(resolution, k), v] for k, v in merged.items() if getattr(resolution, k) != v
    }
    for name, value in merged.items():
        setattr(resolution, name, value)
    session.add(resolution)
    session.flush()
    if changed:
        record_audit(session, actor, "resolution.update", resolution, changed)
    return resolution


def delete_resolution(session: Session, resolution: Resolution, actor) -> None:
    """Only while the meeting is a draft: the convocation announced the resolutions."""
    meeting = session.get(Meeting, resolution.meeting_id)
    if meeting.status != "draft":
        raise ServiceError("La réunion est convoquée : ses résolutions ne se suppriment plus.")
    record_audit(session, actor, "resolution.delete", resolution, {"number": resolution.number})
    session.delete(resolution)
    session.flush()
    for number, other in enumerate(meeting_resolutions(session, meeting), start=1):
        if other.number != number:
            other.number = number
            session.add(other)
            session.flush()
