"""The agenda (ordre du jour): ordered items with a Markdown description, sanitised.
The convocation fixes the agenda: items change only while the meeting is a draft."""

import markdown
import nh3
from markupsafe import Markup
from sqlalchemy import update
from sqlmodel import Session, func, select

from ..models import AgendaItem, Document, Meeting, Proposal, Resolution
from . import ServiceError
from .audit import record_audit

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ITEM_FIELDS = ("title", "description", "presenter", "duration_minutes")
MAX_DURATION = 24 * 60


def render_markdown(text: str | None) -> Markup:
    """Markdown to HTML with only harmless tags and links kept (no script, no style)."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised just above


def agenda_items(session: Session, meeting: Meeting) -> list[AgendaItem]:
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position)
        )
    )


def _check_editable(meeting: Meeting) -> None:
    if meeting.status != "draft":
        raise ServiceError(
            "L'ordre du jour est fixé par la convocation : il ne change plus une fois envoyée."
        )


def _check_values(values: dict) -> dict:
    values = dict(values)
    values["title"] = (values.get("title") or "").strip()
    if not values["title"]:
        raise ServiceError("Chaque point de l'ordre du jour a un intitulé.")
    duration = values.get("duration_minutes")
    if duration is not None and not 1 <= duration <= MAX_DURATION:
        raise ServiceError("La durée s'exprime en minutes, entre 1 et 1 440.")
    values["presenter"] = (values.get("presenter") or "").strip()
    values["description"] = values.get("description") or ""
    return values


def add_item(session: Session, meeting: Meeting, actor, **values) -> AgendaItem:
    """Append an item at the end of the agenda."""
    _check_editable(meeting)
    values = _check_values(values)
    last = session.exec(
        select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
    ).one()
    item = AgendaItem(meeting_id=meeting.id, position=(last or 0) + 1, **values)
    session.add(item)
    session.flush()
    record_audit(session, actor, "agenda.add", item, {"title": item.title})
    return item


def update_item(session: Session, item: AgendaItem, actor, **values) -> AgendaItem:
    _check_editable(session.get(Meeting, item.meeting_id))
    values = _check_values({name: getattr(item, name) for name in ITEM_FIELDS} | values)
    for name in ITEM_FIELDS:
        setattr(item, name, values[name])
    session.add(item)
    session.flush()
    record_audit(session, actor, "agenda.update", item, {"title": item.title})
    return item


def delete_item(session: Session, item: AgendaItem, actor) -> None:
    """Remove an item; its documents and resolutions stay with the meeting."""
    meeting = session.get(Meeting, item.meeting_id)
    _check_editable(meeting)
    for model in (Document, Resolution, Proposal):
        session.exec(
            update(model).where(model.agenda_item_id == item.id).values(agenda_item_id=None)
        )
    record_audit(session, actor, "agenda.delete", item, {"title": item.title})
    session.delete(item)
    session.flush()
    _renumber(session, meeting, [i.id for i in agenda_items(session, meeting)])


def _renumber(session: Session, meeting: Meeting, ordered_ids: list[int]) -> None:
    """Positions 1..n in the given order, in two steps to respect the unique constraint."""
    items = {item.id: item for item in agenda_items(session, meeting)}
    for item in items.values():
        item.position = -item.position - 1000
        session.add(item)
    session.flush()
    for position, item_id in enumerate(ordered_ids, start=1):
        items[item_id].position = position
        session.add(items[item_id])
    session.flush()


def move_item(session: Session, item: AgendaItem, actor, offset: int) -> None:
    """Move ``item`` up (-1) or down (+1); nothing happens at either end."""
    meeting = session.get(Meeting, item.meeting_id)
    _check_editable(meeting)
    ids = [i.id for i in agenda_items(session, meeting)]
    index = ids.index(item.id)
    target = index + offset
    if not 0 <= target < len(ids):
        return
    ids[index], ids[target] = ids[target], ids[index]
    _renumber(session, meeting, ids)
    record_audit(session, actor, "agenda.move", item, {"position": target + 1})


def reorder_items(session: Session, meeting: Meeting, actor, ordered_ids: list[int]) -> None:
    """Apply a full new order (drag and drop); it must list every item exactly once."""
    _check_editable(meeting)
    current = [i.id for i in agenda_items(session, meeting)]
    if sorted(ordered_ids) != sorted(current):
        raise ServiceError("L'ordre reçu ne correspond plus à l'ordre du jour : rechargez la page.")
    _renumber(session, meeting, ordered_ids)
    record_audit(session, actor, "agenda.reorder", meeting, {"order": ordered_ids})


def total_duration(items: list[AgendaItem]) -> int:
    return sum(item.duration_minutes or 0 for item in items)


def item_of(session: Session, meeting: Meeting, item_id: int | None) -> AgendaItem | None:
    """The agenda item ``item_id`` if it belongs to ``meeting``."""
    if not item_id:
        return None
    item = session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise ServiceError("Ce point n'appartient pas à l'ordre du jour de cette réunion.")
    return item
