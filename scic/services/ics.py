"""Calendars (icalendar): each member's private feed, reached through a secret token
that the member can reset, and the invitation attached to each convocation."""

import secrets
from datetime import timedelta
from email.utils import parseaddr

from icalendar import Calendar, Event, vCalAddress, vText
from sqlmodel import Session, col, select

from ..models import AgendaItem, CalendarToken, Meeting, Member
from ..models.types import utcnow
from .audit import record_audit
from .meetings import KIND_LABELS

PRODID = "-//SCIC gouvernance//Réunions//FR"
FEED_PAST_DAYS = 92


def calendar_token(session: Session, member: Member) -> str:
    """The member's feed token, created on first use."""
    row = session.exec(select(CalendarToken).where(CalendarToken.member_id == member.id)).first()
    if row is None:
        row = CalendarToken(member_id=member.id, token=secrets.token_urlsafe(32))
        session.add(row)
        session.flush()
    return row.token


def reset_calendar_token(session: Session, member: Member, actor) -> str:
    """A new secret: the old feed URL stops working at once."""
    row = session.exec(select(CalendarToken).where(CalendarToken.member_id == member.id)).first()
    row = row or CalendarToken(member_id=member.id, token="")
    row.token, row.created_at = secrets.token_urlsafe(32), utcnow()
    session.add(row)
    session.flush()
    record_audit(session, actor, "calendar.reset_token", member, {})
    return row.token


def member_for_token(session: Session, token: str) -> Member | None:
    if not token or len(token) > 64:
        return None
    row = session.exec(select(CalendarToken).where(CalendarToken.token == token)).first()
    if row is None:
        return None
    member = session.get(Member, row.member_id)
    return member if member is not None and member.status == "admitted" else None


def _calendar(method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def meeting_event(session: Session, meeting: Meeting, url: str, host: str) -> Event:
    """One VEVENT for ``meeting``; its UID is stable so that updates replace it."""
    event = Event()
    event.add("uid", f"reunion-{meeting.id}@{host}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + timedelta(hours=2))
    event.add("summary", meeting.title)
    event.add("sequence", 1 if meeting.status != "draft" else 0)
    event.add("status", "CONFIRMED" if meeting.status != "draft" else "TENTATIVE")
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", url)
    event.add("description", _description(session, meeting, url))
    return event


def _description(session: Session, meeting: Meeting, url: str) -> str:
    items = session.exec(
        select(AgendaItem.position, AgendaItem.title)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(col(AgendaItem.position))
    ).all()
    lines = [KIND_LABELS[meeting.kind], ""]
    if items:
        lines += ["Ordre du jour :"] + [f"{pos}. {title}" for pos, title in items] + [""]
    if meeting.video_url:
        lines.append(f"Visioconférence : {meeting.video_url}")
    lines.append(f"Détails, documents et pouvoir : {url}")
    return "\n".join(lines)


def feed_meetings(session: Session, member: Member, include_board: bool) -> list[Meeting]:
    """Convened meetings from three months back on, as the member sees them."""
    query = select(Meeting).where(
        Meeting.status != "draft", Meeting.starts_at >= utcnow() - timedelta(days=FEED_PAST_DAYS)
    )
    if not include_board:
        query = query.where(Meeting.kind != "BOARD")
    return list(session.exec(query.order_by(Meeting.starts_at)))


def member_feed(session: Session, meetings: list[Meeting], url_for_meeting, host: str) -> bytes:
    """The member's ICS feed; ``url_for_meeting(meeting)`` gives each meeting's page."""
    cal = _calendar()
    cal.add("x-wr-calname", "Réunions de la coopérative")
    cal.add("x-wr-timezone", "Europe/Paris")
    for meeting in meetings:
        cal.add_component(meeting_event(session, meeting, url_for_meeting(meeting), host))
    return cal.to_ical()


def invitation_ics(
    session: Session, meeting: Meeting, member: Member, url: str, host: str, sender: str
) -> bytes:
    """The invitation attached to a convocation (METHOD:REQUEST, the member as attendee)."""
    cal = _calendar("REQUEST")
    event = meeting_event(session, meeting, url, host)
    name, address = parseaddr(sender)
    organizer = vCalAddress(f"mailto:{address or sender}")
    organizer.params["cn"] = vText(name or address)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{member.email}")
    attendee.params["cn"] = vText(member.display_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    cal.add_component(event)
    return cal.to_ical()
