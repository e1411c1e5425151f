"""Check-in, the live quorum headcount, and the second convocation."""

from datetime import timedelta

import pytest
from sqlmodel import select

from scic.models import AgendaItem, Attendance, Ballot, Meeting, Resolution
from scic.models.types import utcnow
from scic.services import ServiceError
from scic.services.attendance import (
    check_in,
    check_in_query,
    headcount,
    prepare_second_convocation,
    quorum_reached,
    quorum_status,
)
from scic.services.proxies import active_proxy, give_proxy


@pytest.fixture
def ago(factory):
    """An AGO on 1st convocation (quorum 1/5) with 10 members on the roll: 2 needed."""
    coop = factory.cooperative()
    members = [factory.member(last_name=f"Nom{i:02d}") for i in range(10)]
    meeting = factory.meeting(kind="AGO")
    factory.roll(meeting, members)
    return coop, meeting, members


def test_quorum_is_reached_at_exactly_the_required_headcount(db, ago):
    coop, meeting, members = ago
    check_in(db, meeting, members[0], "present", None)
    [line] = quorum_status(db, meeting, coop)
    assert (line.quorum.participants, line.quorum.required_count, line.missing) == (1, 2, 1)
    assert not line.quorum.reached
    check_in(db, meeting, members[1], "remote", None)
    assert quorum_reached(db, meeting, coop)


def test_headcount_counts_each_member_once(db, factory, ago):
    coop, meeting, members = ago
    check_in(db, meeting, members[0], "present", None)
    check_in(db, meeting, members[1], "remote", None)
    check_in(db, meeting, members[2], "absent", None)
    give_proxy(db, meeting, coop, members[3], members[0], None)
    give_proxy(db, meeting, coop, members[4], None, None)
    resolution = factory.resolution(meeting)
    for member in (members[5], members[3]):  # a represented member's postal vote counts once
        db.add(
            Ballot(
                resolution_id=resolution.id,
                member_id=member.id,
                choice="for",
                channel="postal",
                receipt=f"r{member.id}",
            )
        )
    db.flush()
    count = headcount(db, meeting)
    assert (count.eligible, count.present, count.remote, count.represented, count.postal) == (
        10,
        1,
        1,
        2,
        1,
    )
    assert quorum_status(db, meeting, coop)[0].quorum.participants == 5


def test_remote_attendance_counts_only_if_the_statutes_allow_it(db, ago):
    coop, meeting, members = ago
    coop.remote_counts_as_present = False
    check_in(db, meeting, members[0], "present", None)
    check_in(db, meeting, members[1], "remote", None)
    [line] = quorum_status(db, meeting, coop)
    assert line.quorum.participants == 1 and not line.quorum.reached


def test_a_mixed_ag_shows_both_quorums(db, factory):
    coop = factory.cooperative()
    members = [factory.member() for _ in range(8)]
    meeting = factory.meeting(kind="AGM")
    factory.roll(meeting, members)
    for member in members[:2]:
        check_in(db, meeting, member, "present", None)
    ordinary, extra = quorum_status(db, meeting, coop)
    assert (ordinary.quorum.required_count, ordinary.quorum.reached) == (2, True)  # 1/5 of 8
    assert (extra.quorum.required_count, extra.quorum.reached) == (2, True)  # 1/4 of 8
    check_in(db, meeting, members[1], "absent", None)
    assert not quorum_reached(db, meeting, coop)


def test_board_quorum_counts_directors_present_not_proxies(db, factory):
    coop = factory.cooperative()
    directors = [factory.member() for _ in range(4)]
    meeting = factory.meeting(kind="BOARD")
    factory.roll(meeting, directors)
    check_in(db, meeting, directors[0], "present", None)
    give_proxy(db, meeting, coop, directors[1], directors[0], None)
    [line] = quorum_status(db, meeting, coop)
    assert (line.quorum.participants, line.quorum.required_count) == (1, 2)
    check_in(db, meeting, directors[2], "present", None)
    assert quorum_reached(db, meeting, coop)


def test_an_arriving_member_takes_back_an_unused_proxy(db, ago):
    coop, meeting, members = ago
    give_proxy(db, meeting, coop, members[1], members[0], None)
    _row, withdrawn = check_in(db, meeting, members[1], "present", None)
    assert withdrawn is not None and active_proxy(db, meeting, members[1].id) is None
    assert headcount(db, meeting).represented == 0


def test_check_in_is_corrected_in_place_and_limited_to_the_roll(db, factory, ago):
    coop, meeting, members = ago
    check_in(db, meeting, members[0], "present", None)
    check_in(db, meeting, members[0], "absent", None)
    rows = db.exec(select(Attendance)).all()
    assert [(r.member_id, r.mode) for r in rows] == [(members[0].id, "absent")]
    with pytest.raises(ServiceError, match="pas sur la liste"):
        check_in(db, meeting, factory.member(), "present", None)
    with pytest.raises(ServiceError, match="Mode"):
        check_in(db, meeting, members[0], "asleep", None)


def test_check_in_search_by_name_or_number(db, ago):
    _coop, meeting, members = ago
    query, count = check_in_query(meeting, "nom03")
    assert [m.id for m, _ in db.exec(query)] == [members[3].id]
    assert db.exec(count).one() == 1
    query, _ = check_in_query(meeting, str(members[7].number))
    assert members[7].id in [m.id for m, _ in db.exec(query)]
    query, count = check_in_query(meeting, "")
    assert db.exec(count).one() == 10


def test_failed_quorum_prepares_the_second_convocation(db, factory, ago):
    coop, meeting, members = ago
    item = factory.agenda_item(meeting, title="Comptes 2025")
    factory.resolution(meeting, agenda_item_id=item.id, board_supports=True)
    meeting.status = "in_session"
    starts = utcnow() + timedelta(days=20)
    second = prepare_second_convocation(db, meeting, coop, None, starts)
    db.commit()
    assert meeting.status == "closed"
    assert (second.status, second.convocation_rank, second.first_convocation_id) == (
        "draft",
        2,
        meeting.id,
    )
    [copy] = db.exec(select(AgendaItem).where(AgendaItem.meeting_id == second.id)).all()
    [res] = db.exec(select(Resolution).where(Resolution.meeting_id == second.id)).all()
    assert (copy.title, res.agenda_item_id, res.board_supports) == ("Comptes 2025", copy.id, True)
    assert db.get(Meeting, second.id).roll_frozen_at is None  # a new roll at its convocation


def test_no_second_convocation_when_the_quorum_is_reached(db, ago):
    coop, meeting, members = ago
    for member in members[:2]:
        check_in(db, meeting, member, "present", None)
    with pytest.raises(ServiceError, match="quorum est atteint"):
        prepare_second_convocation(db, meeting, coop, None, utcnow() + timedelta(days=20))
    monthly = meeting
    monthly.kind = "MONTHLY"
    with pytest.raises(ServiceError, match="pas de deuxième convocation"):
        prepare_second_convocation(db, monthly, coop, None, utcnow() + timedelta(days=20))
