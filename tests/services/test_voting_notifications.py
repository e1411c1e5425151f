from datetime import timedelta

from scic.mail import list_outbox
from scic.models.types import utcnow
from scic.services.ballots import cast_ballot
from scic.services.notifications import send_reminders
from scic.services.voting import close_vote, open_vote

from .voting_setup import add_resolution, convened_meeting, give_proxy


def _recipients(app):
    with app.app_context():
        return sorted(headers["To"] for _name, headers in list_outbox())


def _subjects(app):
    with app.app_context():
        return [str(headers["Subject"]) for _name, headers in list_outbox()]


def _consent(db, members, emails=True):
    for member in members:
        member.convocation_by_email = emails
        db.add(member)
    db.commit()


def test_opening_a_consultation_emails_consenting_members(app, factory, db):
    setup = convened_meeting(factory, db)
    members = setup.all_members()
    _consent(db, members[:5])
    resolution = add_resolution(
        db, setup, status="draft", vote_closes_at=utcnow() + timedelta(days=3)
    )
    with app.test_request_context():
        open_vote(db, resolution, None)
    assert _recipients(app) == sorted(m.email for m in members[:5])
    assert all("Vote ouvert" in s for s in _subjects(app))


def test_reminder_goes_once_and_only_to_those_who_have_not_voted(app, factory, db):
    setup = convened_meeting(factory, db)
    members = setup.all_members()
    _consent(db, members)
    now = utcnow()
    resolution = add_resolution(db, setup, vote_closes_at=now + timedelta(hours=23))
    later = add_resolution(db, setup, vote_closes_at=now + timedelta(hours=25))
    with app.test_request_context():
        cast_ballot(db, resolution, members[0], "for")
        give_proxy(db, setup, members[1], members[2])  # represented: no reminder
        assert send_reminders(db, now) == len(members) - 2
        assert send_reminders(db, now) == 0  # once
    assert members[0].email not in _recipients(app)
    assert members[1].email not in _recipients(app)
    assert later.reminder_sent_at is None


def test_result_is_emailed_after_close(app, factory, db):
    setup = convened_meeting(factory, db)
    _consent(db, setup.all_members()[:2])
    resolution = add_resolution(db, setup)
    with app.test_request_context():
        for member in setup.all_members()[:2]:  # 2 of 9: the 1/5 quorum is met
            cast_ballot(db, resolution, member, "for")
        close_vote(db, resolution, None)
    assert len(_subjects(app)) == 2
    assert all("adoptée" in s for s in _subjects(app))


def test_close_due_command_closes_and_reminds(app, factory, db):
    setup = convened_meeting(factory, db)
    ended = add_resolution(db, setup, vote_closes_at=utcnow() - timedelta(minutes=5))
    from scic.cli import close_due_command

    result = app.test_cli_runner().invoke(close_due_command)
    assert result.exit_code == 0 and "1 vote(s) clos" in result.output
    db.expire_all()
    db.refresh(ended)
    assert ended.status == "closed"
