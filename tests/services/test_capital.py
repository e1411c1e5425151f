"""The capital ledger's legal rules, each at its exact boundary [DOMAIN.md §3]."""

from datetime import date

import pytest
from sqlmodel import func, select

from scic.models import AuditEntry, ShareMovement
from scic.services import ServiceError
from scic.services.capital import capital_summary, member_holding, reimbursement_queue
from scic.services.ledger import (
    record_payment,
    request_reimbursement,
    reverse_movement,
    subscribe,
)
from scic.services.register import record_exit

ON = date(2024, 6, 1)
NOMINAL = 5000  # 50,00 €


def movements(db) -> int:
    return db.exec(select(func.count()).select_from(ShareMovement)).one()


@pytest.fixture
def coop(factory):
    return factory.cooperative(share_nominal_cents=NOMINAL, uses_colleges=False)


@pytest.fixture
def public(factory, coop):
    return factory.category(code="publics", kind="collectivites", is_public_body=True)


@pytest.fixture
def private(factory, coop):
    return factory.category(code="usagers", kind="beneficiaires")


# --- Public bodies: at most 50 % of the capital, after the subscription ----------------


@pytest.fixture
def capital_490_of_1000(factory, public, private):
    town = factory.subscribe(factory.member(category_id=public.id), 490)
    factory.subscribe(factory.member(category_id=private.id), 510)
    return town


def test_public_subscription_reaching_exactly_half_is_accepted(db, capital_490_of_1000):
    subscribe(db, capital_490_of_1000, 20, 20 * NOMINAL, ON)
    summary = capital_summary(db)
    assert (summary.public_parts, summary.parts) == (510, 1020)
    assert 2 * summary.public_parts == summary.parts


def test_public_subscription_one_part_over_half_is_refused(db, capital_490_of_1000):
    before = movements(db)
    with pytest.raises(ServiceError) as refused:
        subscribe(db, capital_490_of_1000, 21, 21 * NOMINAL, ON)
    message = str(refused.value)
    assert "511 parts sur 1\u202f021" in message and "50 %" in message
    assert "au plus 20 parts" in message
    assert movements(db) == before
    assert capital_summary(db).public_parts == 490


def test_private_subscriptions_are_not_capped(db, factory, private, capital_490_of_1000):
    member = factory.subscribe(factory.member(category_id=private.id), 1)
    subscribe(db, member, 5000, 5000 * NOMINAL, ON)
    assert capital_summary(db).parts == 6001


# --- At least a quarter paid at once ---------------------------------------------------


def test_exactly_a_quarter_paid_is_accepted(db, factory, private):
    member = factory.subscribe(factory.member(category_id=private.id), 1)
    subscribe(db, member, 4, NOMINAL, ON)  # 200 € subscribed, 50 € paid
    holding = member_holding(db, member.id)
    assert holding.parts == 5
    assert holding.outstanding_cents == 3 * NOMINAL


def test_one_cent_less_than_a_quarter_is_refused(db, factory, private):
    member = factory.subscribe(factory.member(category_id=private.id), 1)
    before = movements(db)
    with pytest.raises(ServiceError, match="quart.*50,00\xa0€ au minimum"):
        subscribe(db, member, 4, NOMINAL - 1, ON)
    assert movements(db) == before


def test_a_quarter_of_an_odd_amount_is_rounded_up_to_the_cent(db, factory, private, coop):
    coop.share_nominal_cents = 1001
    db.add(coop)
    member = factory.subscribe(factory.member(category_id=private.id), 1)
    with pytest.raises(ServiceError):
        subscribe(db, member, 1, 250, ON)  # 1001 / 4 = 250.25
    subscribe(db, member, 1, 251, ON)


def test_later_payments_until_fully_paid(db, factory, private):
    member = factory.subscribe(factory.member(category_id=private.id), 4, paid_cents=NOMINAL)
    with pytest.raises(ServiceError, match="dépasse le reste à libérer"):
        record_payment(db, member, 3 * NOMINAL + 1, ON)
    record_payment(db, member, 3 * NOMINAL, ON)
    assert member_holding(db, member.id).outstanding_cents == 0
    with pytest.raises(ServiceError, match="déjà entièrement libérées"):
        record_payment(db, member, 1, ON)


def test_a_future_date_is_refused(db, factory, private):
    member = factory.subscribe(factory.member(category_id=private.id), 1)
    with pytest.raises(ServiceError, match="postérieure à aujourd'hui"):
        subscribe(db, member, 1, NOMINAL, date(2999, 1, 1))


# --- Every associé keeps at least one part ---------------------------------------------


def test_a_member_left_with_no_part_is_refused(db, factory, private):
    member = factory.subscribe(factory.member(category_id=private.id), 3)
    factory.subscribe(factory.member(category_id=private.id), 100)
    with pytest.raises(ServiceError, match="conserver au moins 1 part"):
        request_reimbursement(db, member, 3, ON)
    request_reimbursement(db, member, 2, ON)
    assert member_holding(db, member.id).parts == 1


def test_the_category_minimum_applies(db, factory, coop):
    category = factory.category(code="soutiens", kind="autres", min_parts=5)
    member = factory.subscribe(factory.member(category_id=category.id), 6)
    factory.subscribe(factory.member(category_id=category.id), 100)
    with pytest.raises(ServiceError, match="au moins 5 parts"):
        request_reimbursement(db, member, 2, ON)
    request_reimbursement(db, member, 1, ON)


def test_an_exit_reimburses_every_part(db, factory, private):
    member = factory.subscribe(factory.member(category_id=private.id), 3)
    factory.subscribe(factory.member(category_id=private.id), 100)
    request = record_exit(db, member, "resigned", ON, "Démission", "Conseil")
    assert request.parts == 3
    assert member_holding(db, member.id).parts == 0


def test_parts_not_fully_paid_are_not_reimbursed(db, factory, private):
    member = factory.subscribe(factory.member(category_id=private.id), 4, paid_cents=NOMINAL)
    factory.subscribe(factory.member(category_id=private.id), 100)
    with pytest.raises(ServiceError, match="entièrement libérées"):
        request_reimbursement(db, member, 1, ON)


# --- The floor: 1/4 of the highest capital, statutory floor, 18 500 € for an SA ----------


def _two_members(factory, private, first, second):
    a = factory.subscribe(factory.member(category_id=private.id), first)
    b = factory.subscribe(factory.member(category_id=private.id), second)
    return a, b


def test_reimbursement_down_to_exactly_the_floor_is_paid(db, factory, private):
    leaving, _ = _two_members(factory, private, 75, 25)  # highest 100 parts, floor 25
    request = record_exit(db, leaving, "resigned", ON, "", "Conseil")
    assert not request.deferred
    summary = capital_summary(db)
    assert summary.parts == 25 and summary.capital_cents == summary.floor_cents
    assert reimbursement_queue(db) == []


def test_reimbursement_one_part_below_the_floor_is_deferred(db, factory, private):
    leaving, _ = _two_members(factory, private, 76, 24)
    request = record_exit(db, leaving, "resigned", ON, "", "Conseil")
    assert request.deferred
    assert capital_summary(db).parts == 100  # nothing reimbursed
    assert [r.id for r, _ in reimbursement_queue(db)] == [request.id]
    assert member_holding(db, leaving.id).pending_parts == 76


def test_deferred_request_is_paid_when_room_appears(db, factory, private):
    leaving, staying = _two_members(factory, private, 76, 24)
    request = record_exit(db, leaving, "resigned", ON, "", "Conseil")
    subscribe(db, staying, 1, NOMINAL, ON)  # 101 parts: floor 25.25, 25 left: still short
    assert reimbursement_queue(db) != []
    subscribe(db, staying, 1, NOMINAL, ON)  # 102 parts: floor 25.5, 26 left: room
    assert reimbursement_queue(db) == []
    paid = db.exec(select(ShareMovement).where(ShareMovement.request_id == request.id)).one()
    assert (paid.kind, paid.parts, paid.amount_cents) == ("reimbursement", 76, 76 * NOMINAL)
    assert capital_summary(db).parts == 26


def test_deferred_requests_are_paid_in_order_of_request(db, factory, private):
    first, second = _two_members(factory, private, 60, 10)
    staying = factory.subscribe(factory.member(category_id=private.id), 30)
    # highest 100, floor 25: 60 out would leave 40, fine; make room tight first.
    early = record_exit(db, first, "resigned", date(2024, 1, 10), "", "Conseil")
    assert not early.deferred  # 40 parts left, floor 25
    late = record_exit(db, second, "resigned", date(2024, 1, 20), "", "Conseil")
    assert not late.deferred  # 30 left
    third = factory.subscribe(factory.member(category_id=private.id), 1)
    big = request_reimbursement(db, staying, 10, date(2024, 2, 1))  # 21 left < 25
    small = record_exit(db, third, "resigned", date(2024, 2, 2), "", "Conseil")
    assert big.deferred and small.deferred
    subscribe(db, staying, 2, 2 * NOMINAL, ON)  # 33 parts: room for 1 part only (small)
    assert [r.id for r, _ in reimbursement_queue(db)] == [big.id, small.id]  # no jumping
    subscribe(db, staying, 20, 20 * NOMINAL, ON)
    assert reimbursement_queue(db) == []
    paid = db.exec(
        select(ShareMovement.request_id)
        .where(ShareMovement.kind == "reimbursement")
        .order_by(ShareMovement.id)
    ).all()
    assert paid[-2:] == [big.id, small.id]


@pytest.mark.parametrize(("leaving", "staying", "deferred"), [(15, 185, False), (16, 184, True)])
def test_sa_keeps_18_500_euros(db, factory, coop, private, leaving, staying, deferred):
    coop.legal_form, coop.share_nominal_cents = "SA", 10_000  # 100 € a part
    db.add(coop)
    member, _ = _two_members(factory, private, leaving, staying)  # 20 000 €
    assert record_exit(db, member, "resigned", ON, "", "Conseil").deferred is deferred
    summary = capital_summary(db)
    assert summary.floor_cents == 1_850_000
    assert summary.capital_cents == (1_850_000 if not deferred else 2_000_000)


@pytest.mark.parametrize(("leaving", "staying", "deferred"), [(10, 90, False), (11, 89, True)])
def test_statutory_floor_applies(db, factory, coop, private, leaving, staying, deferred):
    coop.statutory_capital_floor_cents = 90 * NOMINAL
    db.add(coop)
    member, _ = _two_members(factory, private, leaving, staying)
    assert record_exit(db, member, "resigned", ON, "", "Conseil").deferred is deferred
    summary = capital_summary(db)
    assert summary.floor_cents == 90 * NOMINAL
    assert summary.floors[1] == ("capital minimal fixé par les statuts", 90 * NOMINAL)


def test_highest_capital_survives_reimbursements(db, factory, private):
    a = factory.subscribe(factory.member(category_id=private.id), 40, on=date(2020, 1, 1))
    factory.subscribe(factory.member(category_id=private.id), 60, on=date(2021, 1, 1))
    record_exit(db, a, "resigned", date(2022, 1, 1), "", "Conseil")
    summary = capital_summary(db)
    assert (summary.highest_parts, summary.highest_on) == (100, date(2021, 1, 1))
    assert summary.parts == 60


def test_reimbursement_below_nominal_for_losses(db, factory, private):
    member = factory.subscribe(factory.member(category_id=private.id), 2)
    factory.subscribe(factory.member(category_id=private.id), 100)
    with pytest.raises(ServiceError, match="au plus à la valeur nominale"):
        record_exit(db, member, "resigned", ON, "", "", amount_cents=2 * NOMINAL + 1)
    assert member.status == "admitted"
    record_exit(db, member, "resigned", ON, "", "", amount_cents=9000)
    paid = db.exec(select(ShareMovement).where(ShareMovement.kind == "reimbursement")).one()
    assert (paid.parts, paid.amount_cents) == (2, 9000)
    assert capital_summary(db).parts == 100  # capital falls by the nominal value


# --- Reversals: corrections are new rows -----------------------------------------------


def test_a_reversal_cancels_a_payment_and_is_recorded(db, factory, private):
    member = factory.subscribe(factory.member(category_id=private.id), 4, paid_cents=NOMINAL)
    payment = record_payment(db, member, 2 * NOMINAL, ON)
    reversal = reverse_movement(db, payment, "Chèque rejeté")
    assert reversal.corrects_id == payment.id and reversal.amount_cents == payment.amount_cents
    assert member_holding(db, member.id).paid_cents == NOMINAL
    assert db.get(ShareMovement, payment.id).amount_cents == 2 * NOMINAL  # untouched
    with pytest.raises(ServiceError, match="déjà annulé"):
        reverse_movement(db, payment, "encore")
    actions = db.exec(select(AuditEntry.action)).all()
    assert "capital.payment" in actions


def test_a_reversal_may_not_leave_less_than_a_quarter_paid(db, factory, private):
    factory.subscribe(factory.member(category_id=private.id), 4, paid_cents=NOMINAL)
    first = db.exec(select(ShareMovement).where(ShareMovement.kind == "payment")).one()
    with pytest.raises(ServiceError, match="quart"):
        reverse_movement(db, first, "Erreur")
    with pytest.raises(ServiceError, match="motif"):
        reverse_movement(db, first, " ")


def test_cancelling_a_deferred_request_lets_the_next_one_through(db, factory, private):
    first, _ = _two_members(factory, private, 76, 21)
    third = factory.subscribe(factory.member(category_id=private.id), 3)
    request = record_exit(db, first, "resigned", ON, "", "Conseil")
    other = request_reimbursement(db, third, 1, ON)
    assert other.deferred  # waits behind the first request
    reverse_movement(db, request, "Démission retirée")
    assert reimbursement_queue(db) == []
    assert member_holding(db, third.id).parts == 2
