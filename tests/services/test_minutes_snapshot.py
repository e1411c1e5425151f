"""The snapshot of a real database meeting for its minutes: attendance sheet, quorum,
convocation, bureau, results with their recount files, fingerprints, register position,
board meetings, and the secretary's debates. No PDF is rendered here."""

import hashlib
from datetime import timedelta
from fractions import Fraction

import pytest
from sqlalchemy import delete, update
from sqlmodel import select

from scic.models import AuditEntry, MeetingOfficer, RollEntry
from scic.services import ServiceError
from scic.services.agenda import agenda_items
from scic.services.audit import record_audit
from scic.services.minutes_debates import write_debates
from scic.services.minutes_snapshot import (
    audit_head,
    build_snapshot,
    last_audit_id,
    register_position,
    roll_fingerprint,
)
from scic.services.results import tally_resolution
from scic.services.settings import get_cooperative
from votes import loads_recount

from .minutes_setup import STARTS_AT, board_meeting, held_meeting, register_entry
from .voting_setup import convened_meeting


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def held(factory, db, ctx):
    return held_meeting(factory, db)


def _lines(snapshot):
    return {a.name: (a.mode, a.college, a.proxy_holder) for a in snapshot.attendees}


def test_the_attendance_sheet_lists_each_participant_once_with_college_and_holder(db, held):
    snapshot = build_snapshot(db, held.meeting, draft=False)
    assert _lines(snapshot) == {
        "Marie Durand": ("present", "Collège A", None),
        "Léa Garnier": ("remote", "Collège A", None),
        "Nina Roux": ("represented", "Collège A", "Marie Durand"),
        "Paul Martin": ("present", "Collège B", None),
        "Chloé Fabre": ("postal", "Collège B", None),
        "Yves Blanc": ("represented", "Collège B", None),  # blank proxy: no holder
        "Aïcha Benali": ("present", "Collège C", None),
        "Jean Moreau": ("present", "Collège C", None),
    }  # Omar Diallo (C3) took no part
    assert [a.name for a in snapshot.attendees][:2] == ["Aïcha Benali", "Yves Blanc"]


def test_the_quorum_is_counted_on_the_attendance_sheet(db, held):
    quorum = build_snapshot(db, held.meeting, draft=False).quorum
    assert (quorum.eligible, quorum.present, quorum.remote, quorum.represented, quorum.postal) == (
        9,
        4,
        1,
        2,
        1,
    )
    assert quorum.required == Fraction(1, 5) and quorum.required_count == 2 and quorum.reached


def test_remote_members_are_listed_but_not_counted_when_the_statutes_exclude_them(db, factory, ctx):
    held = held_meeting(factory, db, close=False)
    get_cooperative(db).remote_counts_as_present = False
    snapshot = build_snapshot(db, held.meeting, draft=True)
    assert snapshot.quorum.remote == 0 and snapshot.quorum.participants == 7
    assert _lines(snapshot)["Léa Garnier"][0] == "remote"


def test_each_resolution_carries_its_result_and_the_recount_file_giving_it(db, held):
    snapshot = build_snapshot(db, held.meeting, draft=False)
    first, second = snapshot.resolutions
    assert (first.number, first.title, first.kind) == (
        1,
        "Approbation des comptes 2025",
        "ordinary",
    )
    assert "Elle donne quitus aux administrateurs." in first.text
    for printed, row in zip(snapshot.resolutions, held.resolutions, strict=True):
        assert printed.result == tally_resolution(db, row)
        assert loads_recount(printed.recount).tally() == printed.result
    assert (first.result.result, first.result.adopted) == (Fraction(7, 10), True)
    assert (second.result.result, second.result.adopted) == (Fraction(7, 20), False)


def test_an_open_vote_has_no_result_yet(db, factory, ctx):
    held = held_meeting(factory, db, close=False)
    snapshot = build_snapshot(db, held.meeting, draft=True)
    assert [r.result for r in snapshot.resolutions] == [None, None]
    assert snapshot.closed_at is None and snapshot.entry_number is None


def test_convocation_sendings_bureau_agenda_and_documents(db, held):
    snapshot = build_snapshot(db, held.meeting, draft=False)
    convocation = snapshot.convocation
    assert convocation.rank == 1 and convocation.first_meeting_at is None
    sendings = {s.mode: (s.count, s.first_sent_at, s.last_sent_at) for s in convocation.sendings}
    assert sendings == {
        "email": (6, STARTS_AT - timedelta(days=20), STARTS_AT - timedelta(days=20)),
        "post": (3, STARTS_AT - timedelta(days=19), STARTS_AT - timedelta(days=19)),
    }
    bureau = snapshot.bureau
    assert (bureau.chair, bureau.secretary) == ("Marie Durand", "Luc Petit")
    assert bureau.scrutateurs == ("Paul Martin", "Aïcha Benali") and bureau.gerants == ()
    assert [(a.title, bool(a.summary)) for a in snapshot.agenda] == [
        ("Comptes 2025", True),
        ("Indemnités des administrateurs", False),
    ]
    assert snapshot.documents == ("Rapport de gestion 2025.pdf",)
    assert snapshot.cooperative.siren == "123456789"
    assert snapshot.cooperative.capital_floor_cents == 150_000
    assert snapshot.meeting.starts_at == STARTS_AT and snapshot.closed_at is not None


def test_a_second_convocation_names_the_first_meeting(db, factory, held):
    first = factory.meeting(starts_at=STARTS_AT - timedelta(days=15), status="closed")
    held.meeting.convocation_rank, held.meeting.first_convocation_id = 2, first.id
    convocation = build_snapshot(db, held.meeting, draft=False).convocation
    assert convocation.rank == 2 and convocation.first_meeting_at == first.starts_at


def test_a_missing_chair_is_a_placeholder_in_a_draft_and_a_refusal_for_final(db, held):
    db.exec(
        delete(MeetingOfficer).where(
            MeetingOfficer.meeting_id == held.meeting.id, MeetingOfficer.role == "chair"
        )
    )
    assert build_snapshot(db, held.meeting, draft=True).bureau.chair.startswith("(président")
    with pytest.raises(ServiceError, match="président de séance n'est pas désigné"):
        build_snapshot(db, held.meeting, draft=False)


def test_in_a_sarl_the_gerants_are_the_board_members(db, factory, ctx):
    held = held_meeting(factory, db, legal_form="SARL")
    with pytest.raises(ServiceError, match="aucun gérant"):
        build_snapshot(db, held.meeting, draft=False)
    factory.user("board", member=held["A1"])
    factory.user("board", member=held["B1"])
    assert build_snapshot(db, held.meeting, draft=False).bureau.gerants == (
        "Marie Durand",
        "Paul Martin",
    )


def test_a_mixed_meeting_states_both_quorums(db, factory, ctx):
    setup = convened_meeting(factory, db, kind="AGM", per_college=(2, 2, 1))
    setup.meeting.place = "Salle des fêtes"
    snapshot = build_snapshot(db, setup.meeting, draft=True)
    assert (snapshot.quorum.required, snapshot.extraordinary_quorum.required) == (
        Fraction(1, 5),
        Fraction(1, 4),
    )
    assert snapshot.quorum.eligible == 5 and not snapshot.quorum.reached


def test_a_monthly_meeting_has_no_quorum(db, factory, ctx):
    setup = convened_meeting(factory, db, kind="MONTHLY", per_college=(1, 1, 1))
    setup.meeting.place = "Local associatif"
    snapshot = build_snapshot(db, setup.meeting, draft=True)
    assert snapshot.quorum is None and snapshot.convocation.sendings == ()


def test_a_board_meeting_lists_the_directors_and_decides_by_board_rules(db, factory, ctx):
    held = board_meeting(factory, db)
    snapshot = build_snapshot(db, held.meeting, draft=False)
    directors = {d.name: (d.mode, d.proxy_holder) for d in snapshot.directors}
    names = {key: member.display_name for key, member in held.members.items()}
    assert directors == {
        names["A1"]: ("present", None),
        names["A2"]: ("present", None),
        names["B1"]: ("remote", None),
        names["B2"]: ("excused", names["A2"]),
        names["C1"]: ("excused", None),
        names["C2"]: ("absent", None),
    }
    assert snapshot.attendees == () and snapshot.quorum is None
    assert snapshot.board_signatory == names["A2"]  # the secretary, a director present
    [decision] = snapshot.resolutions
    vote = decision.result.vote
    assert (vote.directors, vote.present, vote.represented) == (6, 3, 1)
    assert (vote.for_, vote.against, vote.chair_vote) == (2, 2, "for")
    assert decision.result.casting_vote_used and decision.result.adopted
    assert decision.recount is None


def test_the_register_position_follows_the_last_entry(db, held):
    assert (register_position(db).number, register_position(db).first_page) == (1, 1)
    register_entry(db, held.meeting, pages=3)
    register_entry(db, held.meeting, pages=5)
    position = register_position(db)
    assert (position.number, position.first_page) == (3, 9)
    snapshot = build_snapshot(db, held.meeting, draft=True)
    assert (snapshot.first_page, snapshot.entry_number) == (9, None)
    final = build_snapshot(db, held.meeting, draft=False, position=position)
    assert (final.first_page, final.entry_number) == (9, 3)


def test_the_audit_head_covers_every_chain_and_can_be_recomputed_later(db, held):
    heads = {}
    for entry in db.exec(select(AuditEntry).order_by(AuditEntry.chain, AuditEntry.seq)):
        heads[entry.chain] = f"{entry.chain} {entry.seq} {entry.hash}\n"
    expected = hashlib.sha256("".join(heads[c] for c in sorted(heads)).encode()).hexdigest()
    assert any(chain.startswith("ballot:") for chain in heads)
    before, upto = audit_head(db), last_audit_id(db)
    assert before == expected == build_snapshot(db, held.meeting, draft=False).audit_head
    record_audit(db, None, "test.event", None, {}, chain=f"ballot:{held.resolutions[0].id}:999")
    assert audit_head(db) != before
    assert audit_head(db, upto=upto) == before


def test_the_roll_fingerprint_follows_the_documented_format(db, held):
    members = sorted(held.members.values(), key=lambda m: m.number)
    codes = {college.id: college.code for college in held.setup.colleges}
    lines = [f"member {m.number} {codes[m.college_id]}\n" for m in members]
    lines += ["weight A 3000\n", "weight B 3000\n", "weight C 4000\n"]
    expected = hashlib.sha256("".join(lines).encode()).hexdigest()
    assert roll_fingerprint(db, held.meeting) == expected
    assert build_snapshot(db, held.meeting, draft=False).roll_fingerprint == expected
    db.exec(
        update(RollEntry)
        .where(RollEntry.member_id == members[0].id)
        .values(college_id=held.setup.colleges[1].id)
    )
    assert roll_fingerprint(db, held.meeting) != expected


def test_the_secretary_writes_the_debates_and_they_reach_the_minutes(db, held):
    items = {item.title: item for item in agenda_items(db, held.meeting)}
    changed = write_debates(
        db,
        held.meeting,
        None,
        {
            items["Comptes 2025"].id: items["Comptes 2025"].debate_summary,  # unchanged
            items["Indemnités des administrateurs"].id: "  Débat vif.\r\n\r\nVote à main levée. ",
        },
    )
    assert changed == 1
    agenda = build_snapshot(db, held.meeting, draft=False).agenda
    assert agenda[1].summary == "Débat vif.\n\nVote à main levée."
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "minutes.debates")).one()
    assert str(items["Indemnités des administrateurs"].id) in entry.payload


def test_debates_are_refused_for_a_draft_meeting_or_a_foreign_item(db, factory, held):
    draft = factory.meeting()
    with pytest.raises(ServiceError, match="pas encore convoquée"):
        write_debates(db, draft, None, {})
    other = factory.agenda_item(draft)
    with pytest.raises(ServiceError, match="ne fait pas partie"):
        write_debates(db, held.meeting, None, {other.id: "Texte"})


def test_a_too_long_summary_is_refused(db, held):
    item = agenda_items(db, held.meeting)[0]
    with pytest.raises(ServiceError, match="dépasse 20 000 caractères"):
        write_debates(db, held.meeting, None, {item.id: "x" * 20_001})


def test_a_board_meeting_not_yet_convened_lists_the_current_board_in_its_draft(db, factory):
    factory.cooperative()
    meeting = factory.meeting(kind="BOARD")
    with pytest.raises(ServiceError, match="liste des administrateurs est requise"):
        build_snapshot(db, meeting, draft=True)
    director = factory.member(first_name="Anne", last_name="Leroy")
    factory.user("board", member=director)
    snapshot = build_snapshot(db, meeting, draft=True)
    assert [(d.name, d.mode) for d in snapshot.directors] == [("Anne Leroy", "absent")]
