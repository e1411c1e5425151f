"""Role × page access matrix."""

import pytest

from ..conftest import login

PAGES = [
    "/",
    "/admin/utilisateurs",
    "/admin/utilisateurs/inviter",
    "/admin/parametres",
    "/admin/courriels",
    "/admin/journal",
]
ADMIN_ONLY = set(PAGES) - {"/"}
ROLES = ["member", "secretary", "board", "admin"]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, factory, page):
    factory.cooperative()
    response = client.get(page)
    assert response.status_code == 302
    assert "/connexion" in response.location


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_pages(client, factory, role):
    factory.cooperative()
    user = factory.user(role) if role == "member" else factory.user(role, email=f"{role}@x.fr")
    login(client, user.email)
    for page in PAGES:
        expected = 403 if page in ADMIN_ONLY and role != "admin" else 200
        response = client.get(page)
        assert response.status_code == expected, (role, page)
        if expected == 403:
            assert "Accès refusé" in response.get_data(as_text=True)


def test_staff_home_shows_the_cooperative_overview(client, factory):
    factory.cooperative()
    factory.colleges()
    factory.member()
    user = factory.user("board", email="ca@x.fr")
    login(client, user.email)
    page = client.get("/").get_data(as_text=True)
    assert "Associés admis" in page and "Collège A" in page and "30,00 %" in page
    assert "Mes parts" not in page  # a staff account has no member space


def test_admin_menu_is_shown_only_to_admins(client, factory):
    factory.cooperative()
    member = factory.user("member")
    login(client, member.email)
    assert "Paramètres" not in client.get("/").get_data(as_text=True)
