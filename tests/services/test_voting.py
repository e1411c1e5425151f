from datetime import timedelta
from fractions import Fraction

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from scic.models import Attendance, AuditEntry, Ballot, Resolution, SecretBallot, SecretVoter
from scic.models.types import utcnow
from scic.services import ServiceError
from scic.services.audit import verify_audit
from scic.services.ballots import cast_ballot
from scic.services.results import published_receipts, tally_resolution
from scic.services.room import record_room_count
from scic.services.voting import close_due, close_vote, open_vote, refresh_resolution

from .voting_setup import add_resolution, convened_meeting, give_proxy


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def setup(factory, db, ctx):
    return convened_meeting(factory, db)


def _vote(db, resolution, member, choice, **kw):
    ballot = cast_ballot(db, resolution, member, choice, **kw)
    db.commit()
    return ballot


def test_vote_before_open_and_after_close_is_refused(db, setup):
    resolution = add_resolution(db, setup, status="draft")
    alice = setup.members["A"][0]
    with pytest.raises(ServiceError, match="pas encore ouvert"):
        cast_ballot(db, resolution, alice, "for")
    open_vote(db, resolution, None)
    _vote(db, resolution, alice, "for")
    close_vote(db, resolution, None)
    with pytest.raises(ServiceError, match="clos"):
        cast_ballot(db, resolution, setup.members["B"][0], "for")


def test_member_off_the_roll_is_refused(db, setup, factory):
    resolution = add_resolution(db, setup)
    outsider = factory.member(college_id=setup.colleges[0].id)  # admitted after convocation
    with pytest.raises(ServiceError, match="ne figure pas sur la liste"):
        cast_ballot(db, resolution, outsider, "for")


def test_open_ballot_changes_append_and_the_last_counts(db, setup):
    resolution = add_resolution(db, setup)
    alice = setup.members["A"][0]
    _vote(db, resolution, alice, "against")
    _vote(db, resolution, alice, "for", replaces=1)
    rows = db.exec(select(Ballot).where(Ballot.member_id == alice.id)).all()
    assert [(b.revision, b.choice) for b in rows] == [(1, "against"), (2, "for")]
    # a form still showing revision 1 cannot overwrite the newer vote
    with pytest.raises(ServiceError, match="déjà été enregistré"):
        cast_ballot(db, resolution, alice, "abstain", replaces=1)
    result = tally_resolution(db, resolution)
    row_a = next(r for r in result.colleges if r.code == "A")
    assert (row_a.for_, row_a.against) == (1, 0)


def test_proxy_votes_count_in_the_principal_college(db, setup):
    resolution = add_resolution(db, setup)
    holder, principal = setup.members["A"][0], setup.members["C"][0]
    give_proxy(db, setup, principal, holder)
    _vote(db, resolution, holder, "for")
    _vote(db, resolution, holder, "against", principal=principal)
    result = tally_resolution(db, resolution)
    by_code = {r.code: r for r in result.colleges}
    assert (by_code["A"].for_, by_code["A"].against) == (1, 0)
    assert (by_code["C"].for_, by_code["C"].against) == (0, 1)
    ballot = db.exec(select(Ballot).where(Ballot.member_id == principal.id)).one()
    assert ballot.channel == "proxy" and ballot.cast_by_member_id == holder.id
    # the principal cannot vote again for themselves while the proxy stands
    with pytest.raises(ServiceError, match="donné un pouvoir"):
        cast_ballot(db, resolution, principal, "for")
    # nobody else can use it
    with pytest.raises(ServiceError, match="ne détenez pas de pouvoir"):
        cast_ballot(db, resolution, setup.members["B"][0], "for", principal=principal)


@pytest.mark.parametrize(
    ("supports", "side"), [(True, "for"), (False, "against"), (None, "against")]
)
def test_blank_proxies_follow_the_board(db, setup, supports, side):
    resolution = add_resolution(db, setup, board_supports=supports)
    principal = setup.members["B"][1]
    give_proxy(db, setup, principal)  # no holder: a pouvoir en blanc
    _vote(db, resolution, setup.members["B"][0], "for")
    close_vote(db, resolution, None)
    db.commit()
    ballot = db.exec(select(Ballot).where(Ballot.member_id == principal.id)).one()
    assert ballot.choice == "blank_proxy"
    row_b = next(r for r in tally_resolution(db, resolution).colleges if r.code == "B")
    assert getattr(row_b, "for_" if side == "for" else "against") == (2 if side == "for" else 1)


def test_secret_ballot_is_final_and_cannot_be_linked_to_its_voter(db, setup):
    resolution = add_resolution(db, setup, secret=True)
    voters = setup.all_members()
    receipts = [
        _vote(db, resolution, m, "for" if i % 2 else "against").receipt
        for i, m in enumerate(voters)
    ]
    with pytest.raises(ServiceError, match="définitif"):
        cast_ballot(db, resolution, voters[0], "for")
    columns = {c["name"] for c in inspect(db.get_bind()).get_columns("secret_ballot")}
    assert columns == {"id", "resolution_id", "college_id", "choice", "receipt"}
    box = db.exec(select(SecretBallot).order_by(SecretBallot.id)).all()
    assert [b.receipt for b in box] != receipts  # storage order is not the casting order
    assert len(db.exec(select(SecretVoter)).all()) == len(voters)
    secret_entries = db.exec(select(AuditEntry).where(AuditEntry.action == "vote.sign")).all()
    assert secret_entries and all("choice" not in e.payload for e in secret_entries)


def test_close_publishes_result_receipts_and_an_audited_seal(db, setup):
    resolution = add_resolution(db, setup)
    receipts = {_vote(db, resolution, m, "for").receipt for m in setup.members["A"]}
    assert published_receipts(db, resolution) == []  # hidden until close
    close_vote(db, resolution, None)
    db.commit()
    assert {r for r, _choice in published_receipts(db, resolution)} == receipts
    result_entry = db.exec(select(AuditEntry).where(AuditEntry.action == "vote.result")).one()
    assert '"adopted": true' in result_entry.payload and '"seal"' in result_entry.payload
    assert verify_audit(db)[1] is None


def test_a_tampered_ballot_audit_entry_is_detected(db, setup):
    resolution = add_resolution(db, setup)
    _vote(db, resolution, setup.members["A"][0], "against")
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "vote.cast")).one()
    entry.payload = entry.payload.replace("against", "for")
    db.add(entry)
    db.commit()
    broken = verify_audit(db)[1]
    assert broken is not None and broken.chain.startswith("ballot:")


def test_window_votes_open_and_close_on_the_next_read(db, setup):
    now = utcnow()
    resolution = add_resolution(
        db,
        setup,
        status="draft",
        vote_opens_at=now - timedelta(hours=1),
        vote_closes_at=now + timedelta(days=2),
    )
    refresh_resolution(db, resolution, now)
    assert resolution.status == "open"
    _vote(db, resolution, setup.members["A"][0], "for")
    refresh_resolution(db, resolution, now + timedelta(days=2))
    assert resolution.status == "closed"


def test_close_due_closes_only_ended_votes(db, setup):
    now = utcnow()
    ended = add_resolution(db, setup, vote_closes_at=now - timedelta(minutes=1))
    running = add_resolution(db, setup, vote_closes_at=now + timedelta(minutes=1))
    assert close_due(db, now) == [ended]
    db.commit()
    assert db.get(Resolution, running.id).status == "open"


def test_show_of_hands_adds_to_online_votes_without_double_counting(db, setup, factory):
    resolution = add_resolution(db, setup)
    secretary = factory.user("secretary", email="sec@x.fr")
    group = setup.members["A"]
    for member in group:
        db.add(Attendance(meeting_id=setup.meeting.id, member_id=member.id, mode="present"))
    db.commit()
    _vote(db, resolution, group[0], "against")  # voted online from the room
    college = setup.colleges[0].id
    with pytest.raises(ServiceError, match="seulement 2"):
        record_room_count(db, resolution, college, 3, 0, 0, secretary)
    record_room_count(db, resolution, college, 2, 0, 0, secretary)
    db.commit()
    row_a = next(r for r in tally_resolution(db, resolution).colleges if r.code == "A")
    assert (row_a.for_, row_a.against) == (2, 1)


def test_postal_votes_close_at_the_deadline_and_presence_replaces_them(db, factory, ctx):
    setup = convened_meeting(factory, db, starts_in=timedelta(days=2))
    resolution = add_resolution(db, setup, status="draft")
    alice = setup.members["A"][0]
    from scic.services.meetings import postal_deadline
    from scic.services.settings import get_cooperative

    deadline = postal_deadline(setup.meeting, get_cooperative(db), electronic=True)
    _vote(db, resolution, alice, "against", channel="postal", now=deadline)
    bob = setup.members["A"][1]
    with pytest.raises(ServiceError, match="délai du vote par correspondance"):
        cast_ballot(
            db, resolution, bob, "for", channel="postal", now=deadline + timedelta(minutes=1)
        )
    # at the meeting Alice is present and votes again: her postal vote is replaced
    open_vote(db, resolution, None)
    _vote(db, resolution, alice, "for", channel="room", replaces=1)
    row_a = next(r for r in tally_resolution(db, resolution).colleges if r.code == "A")
    assert (row_a.for_, row_a.against) == (1, 0)


def test_weighted_result_matches_the_engine_at_the_half(db, factory, ctx):
    # weights 10/40/50, ratios 5/6, 0, 5/6: exactly 1/2, so an ordinary resolution is rejected
    setup = convened_meeting(
        factory, db, per_college=(6, 1, 6), weights=(("A", 1000), ("B", 4000), ("C", 5000))
    )
    resolution = add_resolution(db, setup)
    for code, against in (("A", 1), ("B", 1), ("C", 1)):
        for i, member in enumerate(setup.members[code]):
            _vote(db, resolution, member, "against" if i < against else "for")
    result = tally_resolution(db, resolution)
    assert result.result == Fraction(1, 2) and not result.adopted


def test_without_remote_participation_only_members_present_vote_online(db, factory, ctx):
    setup = convened_meeting(factory, db, remote_counts_as_present=False)
    resolution = add_resolution(db, setup)
    away, here = setup.members["A"][0], setup.members["A"][1]
    db.add(Attendance(meeting_id=setup.meeting.id, member_id=here.id, mode="present"))
    db.add(Attendance(meeting_id=setup.meeting.id, member_id=away.id, mode="remote"))
    db.commit()
    with pytest.raises(ServiceError, match="participation à distance"):
        cast_ballot(db, resolution, away, "for")
    _vote(db, resolution, here, "for")  # from their phone, in the room
    close_vote(db, resolution, None)  # the quorum and the tally agree: no crash
    db.commit()
    assert tally_resolution(db, resolution).quorum.present == 1


def test_blank_proxies_count_in_secret_ballots_too(db, setup):
    resolution = add_resolution(db, setup, secret=True, board_supports=True)
    give_proxy(db, setup, setup.members["C"][0])  # pouvoir en blanc
    _vote(db, resolution, setup.members["C"][1], "against")
    close_vote(db, resolution, None)
    db.commit()
    row_c = next(r for r in tally_resolution(db, resolution).colleges if r.code == "C")
    assert (row_c.for_, row_c.against, row_c.blank_proxy) == (1, 1, 1)
    assert db.exec(select(Ballot)).all() == []  # nothing outside the ballot box


def test_a_window_never_opens_the_vote_of_a_closed_meeting(db, setup):
    now = utcnow()
    resolution = add_resolution(db, setup, status="draft", vote_opens_at=now - timedelta(hours=1))
    setup.meeting.status = "closed"
    db.add(setup.meeting)
    db.commit()
    refresh_resolution(db, resolution, now)  # a read: no error, nothing opens
    assert resolution.status == "draft"


def test_online_and_room_voters_count_in_the_live_quorum(db, setup):
    from scic.services.attendance import headcount

    resolution = add_resolution(db, setup)
    _vote(db, resolution, setup.members["A"][0], "for")  # online, not checked in
    _vote(db, resolution, setup.members["B"][0], "for", channel="room")
    count = headcount(db, setup.meeting)
    assert (count.present, count.remote) == (1, 1)
