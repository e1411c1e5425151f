"""Monthly planning and calendars (parsed back with the icalendar library)."""

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from scic.services import ServiceError
from scic.services.ics import (
    calendar_token,
    feed_meetings,
    invitation_ics,
    member_feed,
    member_for_token,
    reset_calendar_token,
)
from scic.services.planning import (
    month_grid,
    occurrences,
    plan_monthly_meetings,
    recurrence_label,
    set_recurrence,
)

NOW = datetime(2030, 1, 10, 12, tzinfo=UTC)  # a Thursday, in winter time
RULE = {
    "ordinal": 1,
    "weekday": 1,
    "start_minute": 19 * 60,
    "duration_minutes": 120,
    "place": "Casaco",
    "months_ahead": 3,
}


def test_first_tuesday_at_19h_creates_the_coming_months_drafts(db, factory):
    factory.cooperative()
    rule = set_recurrence(db, None, **RULE)
    assert recurrence_label(rule) == "le premier mardi du mois à 19:00"
    created = plan_monthly_meetings(db, None, now=NOW)
    assert [m.starts_at for m in created] == [
        datetime(2030, 2, 5, 18, tzinfo=UTC),  # 19:00 in Paris, winter
        datetime(2030, 3, 5, 18, tzinfo=UTC),
        datetime(2030, 4, 2, 17, tzinfo=UTC),  # 19:00 in Paris, summer
    ]
    assert all(m.kind == "MONTHLY" and m.status == "draft" for m in created)
    assert created[0].title == "Réunion mensuelle des sociétaires — février 2030"
    assert plan_monthly_meetings(db, None, now=NOW) == []  # already planned


def test_a_month_with_a_monthly_meeting_is_left_alone(db, factory):
    factory.cooperative()
    factory.meeting(kind="MONTHLY", starts_at=datetime(2030, 3, 12, 18, tzinfo=UTC))
    set_recurrence(db, None, **RULE)
    created = plan_monthly_meetings(db, None, now=NOW)
    assert [m.starts_at.month for m in created] == [2, 4]


def test_last_friday_rule(db):
    rule = set_recurrence(db, None, **(RULE | {"ordinal": -1, "weekday": 4}))
    assert recurrence_label(rule) == "le dernier vendredi du mois à 19:00"
    assert [d.day for d in occurrences(rule, NOW, 2)] == [25, 22, 29]


def test_rule_values_are_checked(db):
    with pytest.raises(ServiceError, match="lieu"):
        set_recurrence(db, None, **(RULE | {"place": ""}))
    with pytest.raises(ServiceError, match="entre 1 et 12"):
        set_recurrence(db, None, **(RULE | {"months_ahead": 13}))
    with pytest.raises(ServiceError, match="Planification|règle|Définissez"):
        plan_monthly_meetings(db, None, now=NOW)


def test_month_grid_starts_on_monday_and_places_meetings(factory):
    meeting = factory.meeting(starts_at=datetime(2030, 2, 5, 18, tzinfo=UTC))
    weeks = month_grid(2030, 2, [meeting])
    assert weeks[0][0].day.isoformat() == "2030-01-28" and not weeks[0][0].in_month
    day = next(d for week in weeks for d in week if d.day.isoformat() == "2030-02-05")
    assert day.meetings == [meeting]


def _events(data: bytes):
    return [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]


def test_the_invitation_parses_back_with_the_meeting(db, factory):
    factory.cooperative()
    member = factory.member(first_name="Nadia", last_name="Benali")
    meeting = factory.meeting(
        title="AG annuelle",
        starts_at=datetime(2030, 6, 2, 17, tzinfo=UTC),
        place="Salle du jardin",
        video_url="https://visio.example/ag",
        status="convened",
    )
    factory.agenda_item(meeting, title="Rapport moral")
    data = invitation_ics(
        db, meeting, member, "https://scic.example/reunions/1", "scic.example", "SCIC <ca@x.fr>"
    )
    calendar = Calendar.from_ical(data)
    assert str(calendar["method"]) == "REQUEST"
    [event] = _events(data)
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["summary"]) == "AG annuelle" and str(event["location"]) == "Salle du jardin"
    assert str(event["uid"]) == f"reunion-{meeting.id}@scic.example"
    assert str(event["attendee"]) == f"mailto:{member.email}"
    assert str(event["organizer"]) == "mailto:ca@x.fr"
    description = str(event["description"])
    assert "1. Rapport moral" in description and "https://visio.example/ag" in description


def test_the_private_feed_lists_convened_meetings_and_its_token_can_be_reset(db, factory):
    factory.cooperative()
    member = factory.member()
    convened = factory.meeting(title="Réunion convoquée", status="convened")
    factory.meeting(title="Brouillon", status="draft")
    factory.meeting(title="Conseil", kind="BOARD", status="convened")
    token = calendar_token(db, member)
    assert calendar_token(db, member) == token and member_for_token(db, token).id == member.id
    meetings = feed_meetings(db, member, include_board=False)
    data = member_feed(db, meetings, lambda m: f"https://x/{m.id}", "x")
    assert [str(e["summary"]) for e in _events(data)] == [convened.title]
    new = reset_calendar_token(db, member, None)
    assert new != token and member_for_token(db, token) is None
    assert member_for_token(db, new).id == member.id
