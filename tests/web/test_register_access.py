"""Who reaches which page of the register: the board and admins edit, the secretary
reads, a member sees only their own page."""

import pytest

from ..conftest import post
from .register_setup import ROLES, login_as, make_register

READ = {"secretary", "board", "admin"}
EDIT = {"board", "admin"}
ADMIN = {"admin"}


@pytest.fixture
def register(factory):
    return make_register(factory)


def pages(reg):
    bruno = reg.bruno.id
    return {
        "/registre": READ,
        "/registre?q=martin&statut=admitted": READ,
        f"/registre/{bruno}": READ,
        "/registre/export.csv": READ,
        "/registre/registre.pdf": READ,
        f"/registre/{bruno}/attestation.pdf": READ,
        "/colleges": READ,
        "/registre/nouveau": EDIT,
        f"/registre/{bruno}/modifier": EDIT,
        f"/registre/{bruno}/sortie": EDIT,
        f"/registre/{bruno}/college": EDIT,
        f"/registre/{bruno}/souscription": EDIT,
        f"/registre/{bruno}/versement": EDIT,
        f"/registre/{bruno}/remboursement": EDIT,
        "/registre/import": EDIT,
        "/registre/import/modele.csv": EDIT,
        "/capital": EDIT,
        "/colleges/nouveau": ADMIN,
        "/colleges/poids": ADMIN,
        f"/colleges/{reg.colleges[0].id}/modifier": ADMIN,
        "/categories/nouvelle": ADMIN,
        f"/categories/{reg.users.id}/modifier": ADMIN,
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_register_pages(client, register, role):
    login_as(client, register, role)
    for url, allowed in pages(register).items():
        response = client.get(url)
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (role, url)


def test_anonymous_visitors_are_sent_to_login(client, register):
    for url in [*pages(register), "/mon-espace"]:
        response = client.get(url)
        assert response.status_code == 302 and "/connexion" in response.location, url


def test_a_member_sees_only_their_own_page(client, register):
    login_as(client, register, "member")
    alice, bruno = register.alice.id, register.bruno.id
    assert client.get(f"/registre/{bruno}").status_code == 403
    assert client.get(f"/registre/{bruno}/attestation.pdf").status_code == 403
    own = client.get(f"/registre/{alice}")
    assert own.status_code == 302 and own.location.endswith("/mon-espace")
    page = client.get("/mon-espace").get_data(as_text=True)
    assert "Mes parts" in page and "Mon collège" in page and "Mes coordonnées" in page
    assert "Martin" not in page
    assert client.get(f"/registre/{alice}/attestation.pdf").status_code == 200


def test_staff_without_a_member_has_no_member_space(client, register):
    login_as(client, register, "board")
    assert client.get("/mon-espace").status_code == 403


@pytest.mark.parametrize("role", ["member", "secretary"])
def test_writes_are_refused_to_readers(client, register, role, db):
    login_as(client, register, role)
    bruno = register.bruno
    response = post(
        client,
        f"/registre/{bruno.id}/souscription",
        {"parts": "1", "paid": "50", "occurred_on": "2024-01-01"},
    )
    assert response.status_code == 403
    db.refresh(bruno)
    assert bruno.status == "admitted"


def test_navigation_links_follow_the_roles(app, client, register):
    login_as(client, register, "secretary")
    nav = client.get("/").get_data(as_text=True)
    assert ">Registre<" in nav and ">Capital<" not in nav and ">Mon espace<" not in nav
    other = app.test_client()
    login_as(other, register, "member")
    nav = other.get("/").get_data(as_text=True)
    assert ">Mon espace<" in nav and ">Registre<" not in nav
