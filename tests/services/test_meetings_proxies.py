"""Proxies: the statutory cap at its boundary, blank proxies, the roll, withdrawal."""

from datetime import timedelta

import pytest
from sqlmodel import select

from scic.models import Attendance, Ballot, Proxy
from scic.models.types import utcnow
from scic.services import ServiceError
from scic.services.proxies import (
    active_proxy,
    blank_proxies,
    give_proxy,
    mark_proxy_used,
    meeting_proxies,
    proxies_held,
    withdraw_proxy,
)


@pytest.fixture
def meeting_with_roll(factory):
    coop = factory.cooperative(proxy_cap=3)
    members = [factory.member() for _ in range(7)]
    meeting = factory.meeting()
    factory.roll(meeting, members)
    return coop, meeting, members


def test_the_cap_th_proxy_is_accepted_and_the_next_refused(db, meeting_with_roll):
    coop, meeting, members = meeting_with_roll
    holder = members[0]
    for principal in members[1:4]:  # 3 proxies: the cap
        give_proxy(db, meeting, coop, principal, holder, None)
    with pytest.raises(ServiceError) as refused:
        give_proxy(db, meeting, coop, members[4], holder, None)
    message = str(refused.value)
    assert "détient déjà 3 pouvoirs" in message and "(3 par mandataire)" in message
    assert len(proxies_held(db, meeting, holder.id)) == 3
    assert active_proxy(db, meeting, members[4].id) is None


def test_a_withdrawn_proxy_frees_a_place_under_the_cap(db, meeting_with_roll):
    coop, meeting, members = meeting_with_roll
    holder = members[0]
    given = [give_proxy(db, meeting, coop, p, holder, None) for p in members[1:4]]
    withdraw_proxy(db, given[0], None)
    give_proxy(db, meeting, coop, members[4], holder, None)
    assert len(proxies_held(db, meeting, holder.id)) == 3


def test_blank_proxies_go_to_the_chair_without_cap(db, meeting_with_roll):
    coop, meeting, members = meeting_with_roll
    for principal in members[:5]:
        give_proxy(db, meeting, coop, principal, None, None)
    assert len(blank_proxies(db, meeting)) == 5
    assert {holder for _, _, holder in meeting_proxies(db, meeting)} == {None}


def test_only_members_on_the_roll_give_or_hold_proxies(db, factory, meeting_with_roll):
    coop, meeting, members = meeting_with_roll
    newcomer = factory.member()  # admitted after the roll was frozen
    with pytest.raises(ServiceError, match="pas sur la liste des votants"):
        give_proxy(db, meeting, coop, newcomer, members[0], None)
    with pytest.raises(ServiceError, match="pas sur la liste des votants"):
        give_proxy(db, meeting, coop, members[0], newcomer, None)
    with pytest.raises(ServiceError, match="à soi-même"):
        give_proxy(db, meeting, coop, members[0], members[0], None)


def test_one_active_proxy_per_member_and_no_chains(db, meeting_with_roll):
    coop, meeting, members = meeting_with_roll
    give_proxy(db, meeting, coop, members[1], members[0], None)
    with pytest.raises(ServiceError, match="déjà donné"):
        give_proxy(db, meeting, coop, members[1], members[2], None)
    with pytest.raises(ServiceError, match="a lui-même donné son pouvoir"):
        give_proxy(db, meeting, coop, members[3], members[1], None)
    with pytest.raises(ServiceError, match="détient des pouvoirs"):
        give_proxy(db, meeting, coop, members[0], members[2], None)


def test_a_present_member_or_one_who_voted_gives_no_proxy(db, factory, meeting_with_roll):
    coop, meeting, members = meeting_with_roll
    db.add(Attendance(meeting_id=meeting.id, member_id=members[1].id, mode="present"))
    resolution = factory.resolution(meeting, status="open")
    db.add(
        Ballot(
            resolution_id=resolution.id,
            member_id=members[2].id,
            choice="for",
            channel="postal",
            receipt="r1",
        )
    )
    db.flush()
    with pytest.raises(ServiceError, match="présent"):
        give_proxy(db, meeting, coop, members[1], members[0], None)
    with pytest.raises(ServiceError, match="déjà voté"):
        give_proxy(db, meeting, coop, members[2], members[0], None)


def test_online_proxies_stop_when_the_meeting_starts_paper_ones_do_not(db, meeting_with_roll):
    coop, meeting, members = meeting_with_roll
    meeting.starts_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(ServiceError, match="a commencé"):
        give_proxy(db, meeting, coop, members[1], members[0], None)
    give_proxy(db, meeting, coop, members[1], members[0], None, online=False)


def test_drafts_and_closed_meetings_take_no_proxy(db, factory, meeting_with_roll):
    coop, meeting, members = meeting_with_roll
    meeting.status = "closed"
    with pytest.raises(ServiceError, match="entre la convocation et la clôture"):
        give_proxy(db, meeting, coop, members[1], members[0], None)


def test_a_used_proxy_cannot_be_withdrawn(db, meeting_with_roll):
    coop, meeting, members = meeting_with_roll
    proxy = give_proxy(db, meeting, coop, members[1], members[0], None)
    mark_proxy_used(db, proxy)
    with pytest.raises(ServiceError, match="déjà servi"):
        withdraw_proxy(db, proxy, None)
    other = give_proxy(db, meeting, coop, members[2], members[0], None)
    withdraw_proxy(db, other, None)
    with pytest.raises(ServiceError, match="déjà retiré"):
        withdraw_proxy(db, other, None)
    with pytest.raises(ServiceError, match="retiré"):
        mark_proxy_used(db, other)
    rows = db.exec(select(Proxy).where(Proxy.principal_id == members[2].id)).all()
    assert len(rows) == 1 and rows[0].withdrawn_at is not None  # kept, not deleted


def test_board_meetings_allow_one_proxy_per_director(db, factory):
    coop = factory.cooperative(proxy_cap=5)
    directors = [factory.member() for _ in range(3)]
    meeting = factory.meeting(kind="BOARD")
    factory.roll(meeting, directors)
    give_proxy(db, meeting, coop, directors[1], directors[0], None)
    with pytest.raises(ServiceError, match="1 par mandataire"):
        give_proxy(db, meeting, coop, directors[2], directors[0], None)
