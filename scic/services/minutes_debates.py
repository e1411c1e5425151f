"""The secretary's summary of the debates, one per agenda item, printed in the minutes.

Summaries are written once the meeting is convened (during or after the session). After
the minutes are in the register they may still change, but only a rectifying entry carries
the change into the register: the finalised file never changes.
"""

import hashlib

from sqlmodel import Session

from ..models import AgendaItem, Meeting
from . import ServiceError
from .agenda import agenda_items
from .audit import record_audit

MAX_SUMMARY = 20_000


def write_debates(session: Session, meeting: Meeting, actor, summaries: dict[int, str]) -> int:
    """Save the summaries (agenda item id → text); returns how many changed."""
    if meeting.status == "draft":
        raise ServiceError("La réunion n'est pas encore convoquée : aucun débat à consigner.")
    items = {item.id: item for item in agenda_items(session, meeting)}
    unknown = set(summaries) - set(items)
    if unknown:
        raise ServiceError(
            "Un des points ne fait pas partie de l'ordre du jour : rechargez la page."
        )
    changed = {}
    for item_id, text in summaries.items():
        text = _clean(text, items[item_id])
        if text != items[item_id].debate_summary:
            items[item_id].debate_summary = text
            session.add(items[item_id])
            changed[item_id] = hashlib.sha256(text.encode()).hexdigest()
    session.flush()
    if changed:
        record_audit(session, actor, "minutes.debates", meeting, {"items": changed})
    return len(changed)


def _clean(text: str | None, item: AgendaItem) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_SUMMARY:
        raise ServiceError(
            f"« {item.title} » : le résumé dépasse {MAX_SUMMARY:,} caractères.".replace(",", " ")
        )
    return text
