"""The register's pages as the board uses them: list, member page, application,
admission, exit with confirmation, movements, reversal, capital, colleges."""

import re

import pytest
from sqlmodel import func, select

from scic.models import College, CollegeWeightSet, Member, ShareMovement
from scic.services.capital import member_holding

from ..conftest import post
from .register_setup import login_as, make_register


@pytest.fixture
def register(factory):
    return make_register(factory)


@pytest.fixture
def board(client, register):
    login_as(client, register, "board")
    return client


def text(response) -> str:
    return response.get_data(as_text=True)


def movements(db) -> int:
    return db.exec(select(func.count()).select_from(ShareMovement)).one()


def test_the_register_lists_searches_and_filters(board, register):
    page = text(board.get("/registre"))
    assert "2 associés" in page and "Alice Lefèvre" in page and "Bruno Martin" in page
    assert text(board.get("/registre?q=lefevre")).count("Lefèvre") >= 1
    assert "Bruno Martin" not in text(board.get("/registre?q=lefevre"))
    page = text(board.get(f"/registre?college={register.colleges[1].id}"))
    assert "Bruno Martin" in page and "Alice" not in page
    page = text(board.get("/registre?statut=candidate"))
    assert "Aucun associé ne correspond" in page


def test_the_register_paginates(board, factory, register):
    for n in range(55):
        factory.member(last_name=f"Zed{n:02d}", category_id=register.users.id)
    page = text(board.get("/registre?tri=nom"))
    assert "Page 1 sur 2" in page and "Zed47" in page and "Zed48" not in page
    assert "Zed54" in text(board.get("/registre?tri=nom&page=2"))
    assert "Zed54" in text(board.get("/registre?tri=-nom"))


def test_an_application_with_errors_is_shown_in_place(board, db, register):
    form = {
        "person_kind": "legal",
        "company_name": "",
        "category_id": str(register.users.id),
        "college_id": str(register.colleges[0].id),
        "applied_on": "2024-03-01",
        "email": "pas-une-adresse",
    }
    response = post(board, "/registre/nouveau", form, "/registre/nouveau")
    page = text(response)
    assert response.status_code == 200 and "Adresse e-mail invalide" in page
    response = post(board, "/registre/nouveau", form | {"email": ""}, "/registre/nouveau")
    assert "raison sociale" in text(response) and 'role="alert"' in text(response)
    assert db.exec(select(func.count()).select_from(Member)).one() == 2


def test_application_then_admission(board, db, register):
    form = {
        "person_kind": "natural",
        "first_name": "Karim",
        "last_name": "Haddad",
        "category_id": str(register.users.id),
        "college_id": str(register.colleges[2].id),
        "applied_on": "2024-03-01",
        "email": "karim@exemple.fr",
        "convocation_by_email": "y",
    }
    response = post(board, "/registre/nouveau", form, "/registre/nouveau")
    member = db.exec(select(Member).where(Member.last_name == "Haddad")).one()
    assert response.location.endswith(f"/registre/{member.id}/admission")
    assert member.status == "candidate" and member.convocation_consent_at is not None
    url = f"/registre/{member.id}/admission"
    admission = {"admitted_on": "2024-03-10", "body": "Conseil", "parts": "2", "paid": "24,99"}
    refused = post(board, url, admission, url)
    assert "Au moins un quart" in text(refused) and "25,00" in text(refused)
    db.refresh(member)
    assert member.status == "candidate" and member_holding(db, member.id).parts == 0
    post(board, url, admission | {"paid": "25"}, url)
    db.refresh(member)
    assert member.status == "admitted" and member_holding(db, member.id).paid_cents == 2500
    page = text(board.get(f"/registre/{member.id}"))
    assert "Historique du statut" in page and "Candidat" in page and "Souscription" in page


def test_an_exit_is_confirmed_before_it_is_recorded(board, db, register):
    bruno, url = register.bruno, f"/registre/{register.bruno.id}/sortie"
    form = {"status": "resigned", "exit_on": "2024-06-01", "cause": "Déménagement", "body": ""}
    excluded = post(board, url, form | {"status": "excluded"}, url)
    assert "organe qui a décidé" in text(excluded) and "Confirmer" not in text(excluded)
    confirm = post(board, url, form, url)
    page = text(confirm)
    assert "Confirmer la sortie" in page and "6 parts seront à rembourser" in page
    db.refresh(bruno)
    assert bruno.status == "admitted"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    done = board.post(url, data=form | {"confirmer": "1", "csrf_token": token})
    assert done.status_code == 302
    db.refresh(bruno)
    assert bruno.status == "resigned" and member_holding(db, bruno.id).parts == 0
    assert "Démission le samedi 1er juin 2024" in text(board.get(f"/registre/{bruno.id}"))


def test_a_member_may_not_be_left_without_a_part(board, db, register):
    url = f"/registre/{register.alice.id}/remboursement"
    form = {"parts": "4", "occurred_on": "2024-06-01"}
    before = movements(db)
    response = post(board, url, form, url)  # refused before the confirmation step
    assert "doit conserver au moins 1 part" in text(response)
    assert "Confirmer la demande" not in text(response)
    response = post(board, url, form | {"confirmer": "1"}, url)  # and on a forged confirm
    assert "doit conserver au moins 1 part" in text(response)
    assert movements(db) == before
    confirm = post(board, url, form | {"parts": "3"}, url)
    assert "Confirmer la demande" in text(confirm) and "enregistré immédiatement" in text(confirm)
    assert movements(db) == before


def test_public_cap_refusal_is_shown_on_the_subscription_form(board, factory, db, register):
    town = factory.subscribe(
        factory.member(last_name="Ville", category_id=register.public.id), 10
    )  # 10 public of 20
    url = f"/registre/{town.id}/souscription"
    response = post(board, url, {"parts": "1", "paid": "50", "occurred_on": "2024-06-01"}, url)
    assert "50 %" in text(response) and "ne peuvent plus souscrire" in text(response)
    assert member_holding(db, town.id).parts == 10


def test_a_payment_is_reversed_with_a_reason(board, db, factory, register):
    member = factory.subscribe(
        factory.member(last_name="Part", category_id=register.users.id), 4, paid_cents=5000
    )
    url = f"/registre/{member.id}/versement"
    typo = post(board, url, {"amount": "1OO", "occurred_on": "31/02/2024"}, url)
    assert "Montant invalide" in text(typo) and "pas une date valide" in text(typo)
    post(board, url, {"amount": "100,00", "occurred_on": "2024-06-01"}, url)
    payment = db.exec(select(ShareMovement).order_by(ShareMovement.id.desc())).first()
    assert payment.amount_cents == 10000
    reverse_url = f"/registre/{member.id}/mouvements/{payment.id}/annuler"
    assert "Annuler ce mouvement" in text(board.get(reverse_url))
    assert "obligatoire" in text(post(board, reverse_url, {"reason": ""}, reverse_url))
    post(board, reverse_url, {"reason": "Chèque sans provision"}, reverse_url)
    assert member_holding(db, member.id).paid_cents == 5000
    page = text(board.get(f"/registre/{member.id}"))
    assert "Annulation : Libération" in page and "Chèque sans provision" in page


def test_capital_summary_shows_floor_public_share_and_queue(board, db, factory, register):
    page = text(board.get("/capital"))
    assert "500,00" in page  # 10 parts of 50 €
    assert "Aucune demande de remboursement en attente" in page
    assert "un quart du capital le plus élevé" in page.lower()


def test_college_change_from_the_member_page(board, db, register):
    alice, url = register.alice, f"/registre/{register.alice.id}/college"
    form = {"college_id": str(register.colleges[2].id), "effective_from": "2024-05-01"}
    post(board, url, form | {"decision": "Conseil du 30 avril"}, url)
    db.refresh(alice)
    assert alice.college_id == register.colleges[2].id
    assert "Conseil du 30 avril" in text(board.get(f"/registre/{alice.id}"))


def test_admin_records_weights_with_errors_in_place(client, db, register):
    login_as(client, register, "admin")
    a, b, c = register.colleges
    url = "/colleges/poids"
    form = {"effective_from": "2025-01-01", "decision": "AGE du 15 décembre 2024"}
    bad = form | {f"weight_{a.id}": "9,99", f"weight_{b.id}": "40,01", f"weight_{c.id}": "50"}
    response = post(client, url, bad, url)
    assert "entre 10 % et 50 %" in text(response)
    assert db.exec(select(func.count()).select_from(CollegeWeightSet)).one() == 1
    good = form | {f"weight_{a.id}": "10", f"weight_{b.id}": "40", f"weight_{c.id}": "50"}
    post(client, url, good, url)
    page = text(client.get("/colleges"))
    assert "AGE du 15 décembre 2024" in page and "Statuts" in page


def test_admin_creates_a_college_and_a_category(client, db, register):
    login_as(client, register, "admin")
    post(client, "/colleges/nouveau", {"code": "hab", "name": "Habitants"}, "/colleges/nouveau")
    assert db.exec(select(College).where(College.code == "HAB")).one().name == "Habitants"
    duplicate = post(client, "/colleges/nouveau", {"code": "HAB", "name": "X"}, "/colleges/nouveau")
    assert "déjà utilisé" in text(duplicate)
    form = {"code": "salaries", "name": "Salariés", "kind": "salaries", "min_parts": "1"}
    post(client, "/categories/nouvelle", form, "/categories/nouvelle")
    assert "Salariés" in text(client.get("/colleges"))
