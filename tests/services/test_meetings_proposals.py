"""Proposals: submit, support once, comment, accept into the agenda, decline with a reason."""

from datetime import timedelta

import pytest
from sqlmodel import select

from scic.models import AgendaItem, ProposalSupport, Resolution
from scic.models.types import utcnow
from scic.services import ServiceError
from scic.services.proposals import (
    accept_proposal,
    comment_proposal,
    comments,
    decline_proposal,
    open_meetings,
    submit_proposal,
    support_counts,
    support_proposal,
    withdraw_support,
)


@pytest.fixture
def monthly(factory):
    factory.cooperative()
    return factory.meeting(kind="MONTHLY", title="Réunion de mars")


def _submit(db, author, meeting=None):
    return submit_proposal(
        db, author, None, "Ateliers vélo", "Un atelier par mois dans la cour.", meeting
    )


def test_members_submit_for_a_coming_monthly_meeting(db, factory, monthly):
    author = factory.member()
    past = factory.meeting(kind="MONTHLY", starts_at=utcnow() - timedelta(days=1))
    ago = factory.meeting(kind="AGO")
    assert [m.id for m in open_meetings(db)] == [monthly.id]
    proposal = _submit(db, author, monthly)
    assert (proposal.status, proposal.meeting_id) == ("submitted", monthly.id)
    for meeting in (past, ago):
        with pytest.raises(ServiceError, match="n'accepte plus"):
            _submit(db, author, meeting)
    with pytest.raises(ServiceError, match="associés admis"):
        _submit(db, factory.member(status="candidate"))


def test_each_member_supports_a_proposal_once(db, factory, monthly):
    author, fan = factory.member(), factory.member()
    proposal = _submit(db, author, monthly)
    support_proposal(db, proposal, fan)
    with pytest.raises(ServiceError, match="soutenez déjà"):
        support_proposal(db, proposal, fan)
    with pytest.raises(ServiceError, match="l'auteur"):
        support_proposal(db, proposal, author)
    assert support_counts(db, [proposal.id]) == {proposal.id: 1}
    withdraw_support(db, proposal, fan)
    assert db.exec(select(ProposalSupport)).all() == []


def test_the_board_comments_and_accepts_into_the_agenda(db, factory, monthly):
    board = factory.user("board", email="ca@x.fr")
    proposal = _submit(db, factory.member(first_name="Léa", last_name="Garnier"), monthly)
    comment_proposal(db, proposal, board, "Bonne idée, à chiffrer.")
    assert [c.body for c in comments(db, proposal)] == ["Bonne idée, à chiffrer."]
    accept_proposal(db, proposal, board, monthly, as_resolution=True)
    item = db.exec(select(AgendaItem).where(AgendaItem.meeting_id == monthly.id)).one()
    resolution = db.exec(select(Resolution)).one()
    assert (item.title, item.presenter) == ("Ateliers vélo", "Léa Garnier")
    assert (proposal.status, proposal.agenda_item_id, proposal.resolution_id) == (
        "accepted",
        item.id,
        resolution.id,
    )
    assert resolution.agenda_item_id == item.id
    with pytest.raises(ServiceError, match="déjà été examinée"):
        decline_proposal(db, proposal, board, "Finalement non, pas de budget.")


def test_a_reserved_decision_cannot_come_through_a_proposal(db, factory, monthly):
    board = factory.user("board", email="ca@x.fr")
    proposal = _submit(db, factory.member(), monthly)
    with pytest.raises(ServiceError, match="réservé à l'assemblée générale"):
        accept_proposal(
            db,
            proposal,
            board,
            monthly,
            as_resolution=True,
            kind="extraordinary",
            matter="statutes",
        )


def test_declining_needs_a_reason_that_the_author_sees(db, factory, monthly):
    board = factory.user("board", email="ca@x.fr")
    proposal = _submit(db, factory.member(), monthly)
    with pytest.raises(ServiceError, match="pourquoi"):
        decline_proposal(db, proposal, board, "non")
    decline_proposal(db, proposal, board, "Le budget 2026 est déjà engagé.")
    assert (proposal.status, proposal.decline_reason) == (
        "declined",
        "Le budget 2026 est déjà engagé.",
    )
    with pytest.raises(ServiceError, match="déjà été examinée"):
        support_proposal(db, proposal, factory.member())
