"""Monthly planning: a rule such as « le premier mardi du mois à 19:00 » creates the drafts
of the coming months' sociétaires meetings; and the month grid of the calendar view."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel.dates import format_date
from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, rrule, weekday
from sqlmodel import Session, select

from ..models import Meeting, MeetingRecurrence
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .meetings import PARIS, create_meeting

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
ORDINALS = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", -1: "dernier"}
MAX_MONTHS_AHEAD = 12
RULE_FIELDS = (
    "ordinal",
    "weekday",
    "start_minute",
    "duration_minutes",
    "place",
    "video_url",
    "months_ahead",
)


def get_recurrence(session: Session) -> MeetingRecurrence | None:
    return session.exec(select(MeetingRecurrence).order_by(MeetingRecurrence.id)).first()


def recurrence_label(rule: MeetingRecurrence) -> str:
    """« le premier mardi du mois à 19:00 »."""
    hours, minutes = divmod(rule.start_minute, 60)
    return (
        f"le {ORDINALS[rule.ordinal]} {WEEKDAYS[rule.weekday]} du mois à {hours:02d}:{minutes:02d}"
    )


def set_recurrence(session: Session, actor, **values) -> MeetingRecurrence:
    """Create or change the monthly rule."""
    if values.get("ordinal") not in ORDINALS or values.get("weekday") not in range(7):
        raise ServiceError("Choisissez le jour du mois : par exemple le premier mardi.")
    if not 0 <= values.get("start_minute", -1) < 24 * 60:
        raise ServiceError("Heure invalide.")
    if not 1 <= values.get("months_ahead", 0) <= MAX_MONTHS_AHEAD:
        raise ServiceError(f"Planifiez entre 1 et {MAX_MONTHS_AHEAD} mois à l'avance.")
    if not (values.get("place") or "").strip() and not (values.get("video_url") or "").strip():
        raise ServiceError("Indiquez un lieu, un lien de visioconférence, ou les deux.")
    rule = get_recurrence(session) or MeetingRecurrence()
    for name in RULE_FIELDS:
        if name in values:
            setattr(rule, name, values[name])
    rule.updated_at, rule.updated_by_id = utcnow(), getattr(actor, "id", None)
    session.add(rule)
    session.flush()
    record_audit(session, actor, "planning.rule", rule, {n: getattr(rule, n) for n in RULE_FIELDS})
    return rule


def occurrences(rule: MeetingRecurrence, after: datetime, months: int) -> list[datetime]:
    """The rule's dates (aware UTC) from ``after`` to the end of the ``months``-th month."""
    local = after.astimezone(PARIS)
    first_day = local.date().replace(day=1)
    last_day = first_day + relativedelta(months=months + 1) - timedelta(days=1)
    hours, minutes = divmod(rule.start_minute, 60)
    days = rrule(
        MONTHLY,
        dtstart=datetime.combine(first_day, time()),
        until=datetime.combine(last_day, time()),
        byweekday=weekday(rule.weekday, rule.ordinal),
    )
    moments = [datetime.combine(d.date(), time(hours, minutes), PARIS) for d in days]
    return [m.astimezone(after.tzinfo) for m in moments if m > after]


def _months_with_monthly_meeting(session: Session, since: datetime) -> set[tuple[int, int]]:
    query = select(Meeting.starts_at).where(Meeting.kind == "MONTHLY", Meeting.starts_at >= since)
    return {(s.astimezone(PARIS).year, s.astimezone(PARIS).month) for s in session.exec(query)}


def plan_monthly_meetings(session: Session, actor, now: datetime | None = None) -> list[Meeting]:
    """Create the drafts the rule calls for in the coming months, skipping any month that
    already has a monthly meeting (whatever its date, so a moved meeting stays moved)."""
    rule = get_recurrence(session)
    if rule is None:
        raise ServiceError("Définissez d'abord la règle de planification.")
    now = now or utcnow()
    start = datetime.combine(now.astimezone(PARIS).date().replace(day=1), time(), PARIS)
    taken = _months_with_monthly_meeting(session, start)
    created = []
    for moment in occurrences(rule, now, rule.months_ahead):
        local = moment.astimezone(PARIS)
        if (local.year, local.month) in taken:
            continue
        meeting = create_meeting(
            session,
            actor,
            kind="MONTHLY",
            title=f"Réunion mensuelle des sociétaires — {month_title(local.year, local.month)}",
            starts_at=moment,
            ends_at=moment + timedelta(minutes=rule.duration_minutes),
            place=rule.place,
            video_url=rule.video_url,
        )
        created.append(meeting)
    return created


@dataclass
class Day:
    day: date
    in_month: bool
    meetings: list


def month_grid(year: int, month: int, meetings: list[Meeting]) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with its meetings in time order."""
    by_day = {}
    for meeting in sorted(meetings, key=lambda m: m.starts_at):
        by_day.setdefault(meeting.starts_at.astimezone(PARIS).date(), []).append(meeting)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(d, d.month == month, by_day.get(d, [])) for d in week] for week in weeks]


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The UTC interval covering the grid of the month (with the spill-over days)."""
    start = datetime.combine(date(year, month, 1), time(), PARIS) - timedelta(days=7)
    end = start + relativedelta(months=1) + timedelta(days=14)
    return start, end


def month_title(year: int, month: int) -> str:
    """« janvier 2027 »."""
    return format_date(date(year, month, 1), "MMMM y", locale="fr_FR")
