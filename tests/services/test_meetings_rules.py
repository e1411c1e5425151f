"""Meeting kinds and their statutory rules: quorums, delays, postal deadlines, life cycle,
and the resolutions each kind of meeting may take."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from sqlmodel import select

from scic.models import AuditEntry, Meeting
from scic.models.types import utcnow
from scic.services import ServiceError
from scic.services.meetings import (
    close_meeting,
    create_meeting,
    delete_meeting,
    open_session,
    postal_deadline,
    proxy_cap,
    quorum_rules,
    required_delay_days,
    update_meeting,
)
from scic.services.resolutions import (
    create_resolution,
    delete_resolution,
    majority,
    update_resolution,
)


def _fractions(meeting, coop):
    return [rule.fraction for rule in quorum_rules(meeting, coop)]


@pytest.mark.parametrize(
    ("kind", "rank", "expected"),
    [
        ("AGO", 1, [Fraction(1, 5)]),
        ("AGO", 2, [Fraction(0)]),
        ("AGE", 1, [Fraction(1, 4)]),
        ("AGE", 2, [Fraction(1, 5)]),
        ("AGM", 1, [Fraction(1, 5), Fraction(1, 4)]),
        ("AGM", 2, [Fraction(0), Fraction(1, 5)]),
        ("BOARD", 1, [Fraction(1, 2)]),
        ("MONTHLY", 1, [Fraction(0)]),
    ],
)
def test_quorum_follows_the_kind_and_the_convocation_rank(factory, kind, rank, expected):
    coop = factory.cooperative()
    meeting = factory.meeting(kind=kind, convocation_rank=rank)
    assert _fractions(meeting, coop) == expected


def test_quorums_come_from_the_statutory_settings(factory):
    coop = factory.cooperative(quorum_ago_first="1/3", monthly_meetings_binding=True)
    assert _fractions(factory.meeting(kind="AGO"), coop) == [Fraction(1, 3)]
    assert _fractions(factory.meeting(kind="MONTHLY"), coop) == [Fraction(1, 3)]


def test_convocation_delay_per_kind_and_rank(factory):
    coop = factory.cooperative(convocation_delay_days=21)
    assert required_delay_days(factory.meeting(kind="AGO"), coop) == 21
    assert required_delay_days(factory.meeting(kind="AGE", convocation_rank=2), coop) == 10
    assert required_delay_days(factory.meeting(kind="BOARD"), coop) == 0
    assert required_delay_days(factory.meeting(kind="MONTHLY"), coop) == 0


def test_proxy_cap_is_statutory_and_one_on_the_board(factory):
    coop = factory.cooperative(proxy_cap=7)
    assert proxy_cap(factory.meeting(kind="AGO"), coop) == 7
    assert proxy_cap(factory.meeting(kind="BOARD"), coop) == 1


def test_postal_deadlines_paper_three_days_electronic_15h_the_day_before(factory):
    coop = factory.cooperative()
    # 19:00 in Paris on Tuesday 7 April 2026 (summer time, UTC+2)
    meeting = factory.meeting(starts_at=datetime(2026, 4, 7, 17, 0, tzinfo=UTC))
    assert postal_deadline(meeting, coop, electronic=False) == datetime(2026, 4, 4, 17, tzinfo=UTC)
    assert postal_deadline(meeting, coop, electronic=True) == datetime(2026, 4, 6, 13, tzinfo=UTC)
    # across the change to summer time (29 March 2026) the local hour is kept
    early = factory.meeting(starts_at=datetime(2026, 3, 30, 17, 0, tzinfo=UTC))
    assert postal_deadline(early, coop, electronic=False) == datetime(2026, 3, 27, 18, tzinfo=UTC)
    assert postal_deadline(early, coop, electronic=True) == datetime(2026, 3, 29, 13, tzinfo=UTC)


def test_postal_deadline_settings_are_used(factory):
    coop = factory.cooperative(postal_deadline_days=1, electronic_postal_deadline_hour=12)
    meeting = factory.meeting(starts_at=datetime(2026, 1, 13, 18, 0, tzinfo=UTC))
    assert postal_deadline(meeting, coop, electronic=False) == datetime(2026, 1, 12, 18, tzinfo=UTC)
    assert postal_deadline(meeting, coop, electronic=True) == datetime(2026, 1, 12, 11, tzinfo=UTC)


def _create(db, **values):
    base = {"kind": "AGO", "starts_at": utcnow() + timedelta(days=40), "place": "Salle"}
    return create_meeting(db, None, **(base | values))


def test_create_meeting_checks_its_values_and_is_audited(db, factory):
    factory.cooperative()
    meeting = _create(db, title="")
    assert meeting.status == "draft" and meeting.title.startswith("Assemblée générale ordinaire")
    assert meeting.ends_at == meeting.starts_at + timedelta(hours=2)
    assert db.exec(select(AuditEntry.action)).all() == ["meeting.create"]
    with pytest.raises(ServiceError, match="lieu"):
        _create(db, place="", video_url="")
    with pytest.raises(ServiceError, match="passée"):
        _create(db, starts_at=utcnow() - timedelta(minutes=1))
    with pytest.raises(ServiceError, match="fin"):
        _create(db, ends_at=utcnow())


def test_a_convened_meeting_only_changes_its_video_link(db, factory):
    meeting = factory.meeting(status="convened")
    update_meeting(db, meeting, None, video_url="https://visio.example/ag")
    assert meeting.video_url == "https://visio.example/ag"
    with pytest.raises(ServiceError, match="seul le lien"):
        update_meeting(db, meeting, None, place="Ailleurs")


def test_life_cycle_draft_convened_in_session_closed(db, factory):
    meeting = factory.meeting()
    with pytest.raises(ServiceError):
        open_session(db, meeting, None)
    meeting.status = "convened"
    open_session(db, meeting, None)
    assert meeting.status == "in_session" and meeting.opened_at is not None
    factory.resolution(meeting, status="open")
    with pytest.raises(ServiceError, match="encore ouverts"):
        close_meeting(db, meeting, None)


def test_only_a_draft_can_be_deleted_with_its_contents(db, factory):
    meeting = factory.meeting()
    factory.agenda_item(meeting)
    factory.resolution(meeting)
    delete_meeting(db, meeting, None)
    db.commit()
    assert db.exec(select(Meeting)).all() == []
    convened = factory.meeting(status="convened")
    with pytest.raises(ServiceError, match="brouillon"):
        delete_meeting(db, convened, None)


@pytest.mark.parametrize("matter", ["accounts", "directors", "statutes", "exclusion"])
def test_a_monthly_meeting_refuses_decisions_reserved_to_the_ag(db, factory, matter):
    meeting = factory.meeting(kind="MONTHLY")
    kind = "extraordinary" if matter in ("statutes", "exclusion") else "ordinary"
    with pytest.raises(ServiceError, match="réservé à l'assemblée générale"):
        create_resolution(db, meeting, None, title="T", text="X", kind=kind, matter=matter)
    general = create_resolution(db, meeting, None, title="Avis", text="Avis sur les ateliers")
    assert general.number == 1


def test_resolution_kinds_fit_the_meeting_and_the_matter(db, factory):
    ago, age, agm = (factory.meeting(kind=k) for k in ("AGO", "AGE", "AGM"))
    with pytest.raises(ServiceError, match="AGE ou en AG mixte"):
        create_resolution(db, ago, None, title="T", text="X", kind="extraordinary")
    with pytest.raises(ServiceError, match="faites-en une AG mixte"):
        create_resolution(db, age, None, title="T", text="X", kind="ordinary")
    with pytest.raises(ServiceError, match="majorité extraordinaire"):
        create_resolution(db, agm, None, title="T", text="X", kind="ordinary", matter="statutes")
    accounts = create_resolution(db, ago, None, title="Comptes", text="X", matter="accounts")
    statutes = create_resolution(
        db, agm, None, title="Statuts", text="X", kind="extraordinary", matter="statutes"
    )
    assert (accounts.number, statutes.number) == (1, 1)


def test_majority_comes_from_the_kind(factory):
    coop = factory.cooperative()
    meeting = factory.meeting(kind="AGM")
    ordinary = factory.resolution(meeting, kind="ordinary")
    extra = factory.resolution(meeting, kind="extraordinary")
    assert not majority(ordinary, coop).passes(Fraction(1, 2))
    assert majority(ordinary, coop).passes(Fraction(1, 2) + Fraction(1, 10**9))
    assert majority(extra, coop).passes(Fraction(2, 3))
    assert not majority(extra, coop).passes(Fraction(2, 3) - Fraction(1, 10**9))


def test_resolution_editable_until_its_vote_opens(db, factory):
    meeting = factory.meeting(status="convened")
    opens = utcnow() + timedelta(minutes=5)
    resolution = factory.resolution(meeting, vote_opens_at=opens)
    update_resolution(db, resolution, None, title="Nouveau titre")
    assert resolution.title == "Nouveau titre"
    resolution.vote_opens_at = utcnow() - timedelta(seconds=1)
    with pytest.raises(ServiceError, match="ne change plus"):
        update_resolution(db, resolution, None, title="Trop tard")
    with pytest.raises(ServiceError, match="clôture du vote doit suivre"):
        create_resolution(
            db, meeting, None, title="T", text="X", vote_opens_at=opens, vote_closes_at=opens
        )


def test_deleting_a_resolution_renumbers_the_others(db, factory):
    meeting = factory.meeting()
    first, second, third = (factory.resolution(meeting) for _ in range(3))
    delete_resolution(db, second, None)
    db.commit()
    db.refresh(third)
    assert (first.number, third.number) == (1, 2)
