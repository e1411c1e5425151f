"""Convocation: the legal delay at its boundary, the frozen roll, resumable sending that
never e-mails a member twice."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from scic.models import (
    AuditEntry,
    CollegeWeight,
    CollegeWeightSet,
    ConvocationDelivery,
    Member,
    RollEntry,
)
from scic.models.types import utcnow
from scic.services import ServiceError
from scic.services.convocation import (
    IN_FLIGHT,
    convene_meeting,
    convocation_summary,
    failures,
    mark_letters_posted,
    pending_count,
    retry_failures,
    send_convocations,
)
from scic.services.roll import roll_colleges, roll_weights


@pytest.fixture
def setup(factory):
    coop = factory.cooperative()
    colleges = factory.colleges()
    members = [factory.member(college_id=c.id, convocation_by_email=True) for c in colleges]
    members.append(factory.member(college_id=colleges[0].id, convocation_by_email=False))
    return coop, colleges, members


def _meeting(factory, days, minutes=0, **values):
    now = utcnow()
    meeting = factory.meeting(starts_at=now + timedelta(days=days, minutes=minutes), **values)
    factory.agenda_item(meeting)
    return meeting, now


def test_exactly_fifteen_days_before_is_on_time(db, factory, setup):
    coop, *_ = setup
    meeting, now = _meeting(factory, 15)
    convene_meeting(db, meeting, coop, None, now=now)
    assert meeting.status == "convened" and meeting.late_convocation_reason is None


def test_one_minute_short_of_fifteen_days_needs_a_recorded_override(db, factory, setup):
    coop, *_ = setup
    meeting, now = _meeting(factory, 15, minutes=-1)
    with pytest.raises(ServiceError, match="délai de 15 jours"):
        convene_meeting(db, meeting, coop, None, now=now)
    assert meeting.status == "draft" and db.exec(select(RollEntry)).all() == []
    with pytest.raises(ServiceError, match="motif"):
        convene_meeting(db, meeting, coop, None, now=now, override_reason="urgent")
    reason = "Report de l'AG demandé par le commissaire aux comptes"
    convene_meeting(db, meeting, coop, None, now=now, override_reason=reason)
    assert meeting.late_convocation_reason == reason
    audit = db.exec(select(AuditEntry).where(AuditEntry.action == "meeting.convene")).one()
    assert reason in audit.payload


@pytest.mark.parametrize(("days", "minutes", "late"), [(10, 0, False), (10, -1, True)])
def test_second_convocation_delay_is_ten_days(db, factory, setup, days, minutes, late):
    coop, *_ = setup
    meeting, now = _meeting(factory, days, minutes, convocation_rank=2)
    if late:
        with pytest.raises(ServiceError, match="délai de 10 jours"):
            convene_meeting(db, meeting, coop, None, now=now)
    else:
        convene_meeting(db, meeting, coop, None, now=now)
        assert meeting.status == "convened"


def test_an_empty_agenda_cannot_be_convened(db, factory, setup):
    coop, *_ = setup
    meeting = factory.meeting()
    with pytest.raises(ServiceError, match="ordre du jour est vide"):
        convene_meeting(db, meeting, coop, None)


def test_the_roll_and_weights_are_frozen_at_convocation(db, factory, setup):
    coop, colleges, members = setup
    factory.member(status="candidate")
    meeting, now = _meeting(factory, 30)
    convene_meeting(db, meeting, coop, None, now=now)
    db.commit()
    frozen = roll_colleges(db, meeting)
    assert frozen == {m.id: m.college_id for m in members}  # the candidate has no vote
    weight_set_id = meeting.weight_set_id
    # the register changes afterwards: a move, an exit, an admission, new weights
    members[1].college_id = colleges[2].id
    members[2].status = "resigned"
    factory.member(college_id=colleges[0].id)
    new_set = CollegeWeightSet(effective_from=date.today(), decision="AGE")
    db.add(new_set)
    db.flush()
    for college, bp in zip(colleges, (4000, 4000, 2000), strict=True):
        db.add(CollegeWeight(weight_set_id=new_set.id, college_id=college.id, weight_bp=bp))
    db.add_all(members)
    db.commit()
    assert roll_colleges(db, meeting) == frozen
    assert meeting.weight_set_id == weight_set_id
    assert [w for _, w in roll_weights(db, meeting)] == [30, 30, 40]


def test_deliveries_follow_the_consent_to_electronic_convocation(db, factory, setup):
    coop, _, members = setup
    meeting, now = _meeting(factory, 20)
    convene_meeting(db, meeting, coop, None, now=now)
    modes = dict(db.exec(select(ConvocationDelivery.member_id, ConvocationDelivery.mode)).all())
    assert modes == {members[0].id: "email", members[1].id: "email", members[2].id: "email",
                     members[3].id: "post"}  # fmt: skip
    with pytest.raises(ServiceError, match="déjà été convoquée"):
        convene_meeting(db, meeting, coop, None, now=now)


class Outbox:
    def __init__(self, fail_for=()):
        self.sent, self.fail_for = [], set(fail_for)

    def compose(self, member: Member):
        if member.email in self.fail_for:
            raise OSError("boîte pleine")
        self.sent.append(member.email)
        return "Convocation", f"Bonjour {member.display_name}", []


def test_sending_twice_never_emails_a_member_twice(app, db, factory, setup):
    coop, _, members = setup
    meeting, now = _meeting(factory, 20)
    convene_meeting(db, meeting, coop, None, now=now)
    outbox = Outbox()
    with app.app_context():
        first = send_convocations(db, meeting, outbox.compose, limit=2)
        assert (first.sent, first.remaining) == (2, 1)
        second = send_convocations(db, meeting, outbox.compose)
        third = send_convocations(db, meeting, outbox.compose)
    assert (second.sent, second.remaining, third.sent) == (1, 0, 0)
    assert sorted(outbox.sent) == sorted(m.email for m in members[:3])


def test_failures_are_listed_and_retried_only_on_request(app, db, factory, setup):
    coop, _, members = setup
    meeting, now = _meeting(factory, 20)
    convene_meeting(db, meeting, coop, None, now=now)
    outbox = Outbox(fail_for={members[1].email})
    with app.app_context():
        report = send_convocations(db, meeting, outbox.compose)
        assert (report.sent, report.failed, report.remaining) == (2, 1, 0)
        [(delivery, member)] = failures(db, meeting)
        assert member.id == members[1].id and "boîte pleine" in delivery.error
        assert send_convocations(db, meeting, outbox.compose).sent == 0
        assert retry_failures(db, meeting, None) == 1
        outbox.fail_for.clear()
        assert send_convocations(db, meeting, outbox.compose).sent == 1
    assert outbox.sent.count(members[0].email) == 1


def test_an_interrupted_send_is_not_repeated(app, db, factory, setup):
    """A crash after the claim but before the confirmation leaves an uncertain delivery,
    listed as a failure and not sent again by a resumed batch."""
    coop, _, members = setup
    meeting, now = _meeting(factory, 20)
    convene_meeting(db, meeting, coop, None, now=now)
    delivery = db.exec(
        select(ConvocationDelivery).where(ConvocationDelivery.member_id == members[0].id)
    ).one()
    delivery.error = IN_FLIGHT  # what a crash between claim and confirmation leaves
    db.add(delivery)
    db.flush()
    outbox = Outbox()
    with app.app_context():
        send_convocations(db, meeting, outbox.compose)
    assert members[0].email not in outbox.sent
    assert pending_count(db, meeting) == 0
    assert [m.id for _, m in failures(db, meeting)] == [members[0].id]


def test_letters_posted_are_dated_for_the_minutes(app, db, factory, setup):
    coop, *_ = setup
    meeting, now = _meeting(factory, 20)
    convene_meeting(db, meeting, coop, None, now=now)
    with pytest.raises(ServiceError, match="futur"):
        mark_letters_posted(db, meeting, None, utcnow() + timedelta(days=1))
    posted = utcnow() - timedelta(hours=1)
    assert mark_letters_posted(db, meeting, None, posted) == 1
    with app.app_context():
        send_convocations(db, meeting, Outbox().compose)
    summary = convocation_summary(db, meeting)
    assert (summary.by_email, summary.emails_sent, summary.by_post, summary.letters_posted) == (
        3,
        3,
        1,
        1,
    )
    assert summary.convened_at == now and summary.first_sent_at == posted


def test_a_board_meeting_convenes_the_directors_only_without_delay(db, factory, setup):
    coop, _, members = setup
    meeting, now = _meeting(factory, 1, kind="BOARD")
    with pytest.raises(ServiceError, match="Aucun administrateur"):
        convene_meeting(db, meeting, coop, None, now=now)
    factory.user("member", "board", member=members[2])
    convene_meeting(db, meeting, coop, None, now=now)
    assert list(roll_colleges(db, meeting)) == [members[2].id]
    assert meeting.weight_set_id is None  # one director, one vote
