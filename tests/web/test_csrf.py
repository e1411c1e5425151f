from scic.models import Cooperative

from ..conftest import csrf_from, login


def test_post_without_token_is_refused_in_french_and_changes_nothing(client, factory, db):
    coop = factory.cooperative(name="Avant")
    admin = factory.user("admin", email="admin@x.fr")
    login(client, admin.email)
    data = {"name": "Après", "legal_form": "SAS", "head_office": "Ici"}
    response = client.post("/admin/parametres", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "jeton de sécurité" in page and "Aucune modification" in page
    db.expire_all()
    assert db.get(Cooperative, coop.id).name == "Avant"


def test_wrong_token_is_refused(client, factory):
    factory.cooperative()
    user = factory.user("member")
    response = client.post(
        "/connexion",
        data={"csrf_token": "forged", "email": user.email, "password": factory.PASSWORD},
    )
    assert response.status_code == 400
    assert client.get("/").status_code == 302  # not logged in


def test_logout_button_needs_its_token(client, factory):
    factory.cooperative()
    user = factory.user("member")
    login(client, user.email)
    assert client.post("/deconnexion").status_code == 400
    assert client.get("/").status_code == 200  # still logged in
    token = csrf_from(client, "/")
    assert client.post("/deconnexion", data={"csrf_token": token}).status_code == 302


def test_token_from_another_session_is_refused(app, client, factory):
    factory.cooperative()
    user = factory.user("member")
    other = app.test_client()
    token = csrf_from(other, "/connexion")
    response = client.post(
        "/connexion",
        data={"csrf_token": token, "email": user.email, "password": factory.PASSWORD},
    )
    assert response.status_code == 400
