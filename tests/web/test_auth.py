import re
from datetime import timedelta

from scic.mail import list_outbox, outbox_path
from scic.models import LoginThrottle, User
from scic.models.types import utcnow
from scic.services import accounts

from ..conftest import csrf_from, login, post

WRONG = "Adresse e-mail ou mot de passe incorrect."


def test_login_shows_home_in_french_and_logout(client, factory):
    factory.cooperative()
    user = factory.user("member")
    response = login(client, user.email)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Mes parts" in page and "Mon collège" in page
    assert 'lang="fr"' in page
    response = post(client, "/deconnexion")
    assert response.status_code == 302 and "/connexion" in response.location
    assert client.get("/").status_code == 302  # logged out: back to the login page


def test_wrong_password_and_unknown_email_get_the_same_message(client, factory):
    user = factory.user("member")
    wrong = login(client, user.email, "not the password").get_data(as_text=True)
    unknown = login(client, "nobody@exemple.fr", "whatever").get_data(as_text=True)
    assert WRONG in wrong and WRONG in unknown


def test_five_failures_lock_the_address_for_fifteen_minutes(client, factory, db):
    user = factory.user("member")
    for _ in range(4):
        assert WRONG in login(client, user.email, "bad password").get_data(as_text=True)
    # the fifth failure locks: even the right password is refused now
    login(client, user.email, "bad password")
    page = login(client, user.email).get_data(as_text=True)
    assert "Trop de tentatives" in page and "15 minutes" in page
    assert client.get("/").status_code == 302
    # the same throttling applies to an address with no account: nothing is revealed
    for _ in range(5):
        login(client, "ghost@exemple.fr", "bad password")
    assert "Trop de tentatives" in login(client, "ghost@exemple.fr", "x").get_data(as_text=True)
    # fifteen minutes later the account opens again
    throttle = db.get(LoginThrottle, user.email)
    db.refresh(throttle)
    throttle.locked_until = utcnow() - timedelta(seconds=1)
    db.add(throttle)
    db.commit()
    assert login(client, user.email).status_code == 302


def test_four_failures_do_not_lock(client, factory):
    user = factory.user("member")
    for _ in range(4):
        login(client, user.email, "bad password")
    assert login(client, user.email).status_code == 302


def _link_from_outbox(app, path_part):
    with app.app_context():
        messages = list_outbox()
        assert messages, "no e-mail in the outbox"
        name = messages[0][0]
        body = (outbox_path() / name).read_bytes().decode("utf-8", "replace")
    match = re.search(rf"https?://\S+({path_part}/[\w.\-]+)", body.replace("=\n", ""))
    assert match, body
    return match.group(1)


def test_invitation_lets_the_member_choose_a_password_once(app, client, factory, db):
    factory.cooperative()
    admin = factory.user("admin", email="admin@exemple.fr")
    member = factory.member(email="nouvelle@exemple.fr", first_name="Nadia", last_name="Benali")
    login(client, admin.email)
    response = post(
        client,
        "/admin/utilisateurs/inviter",
        {"member_id": member.id, "roles": ["member"]},
        form_url="/admin/utilisateurs/inviter",
    )
    assert response.status_code == 302
    post(client, "/deconnexion")
    path = _link_from_outbox(app, "/invitation")
    page = client.get(path).get_data(as_text=True)
    assert "Nadia Benali" in page
    token = csrf_from(client, path)
    data = {
        "csrf_token": token,
        "password": "un mot de passe sûr",
        "confirm": "un mot de passe sûr",
    }
    assert client.post(path, data=data).status_code == 302
    assert "Mes parts" in client.get("/").get_data(as_text=True)
    post(client, "/deconnexion")
    # the link worked once
    again = client.get(path)
    assert again.status_code == 410 and "déjà été utilisé" in again.get_data(as_text=True)
    assert login(client, "nouvelle@exemple.fr", "un mot de passe sûr").status_code == 302


def test_password_rules_are_explained_in_place(app, client, factory, db):
    user = factory.user("member", password=None)
    with app.app_context():
        token = accounts.make_token(app.config["SECRET_KEY"], "invite", user)
    path = f"/invitation/{token}"
    data = {"csrf_token": csrf_from(client, path), "password": "court", "confirm": "court"}
    page = client.post(path, data=data).get_data(as_text=True)
    assert "au moins 10 caractères" in page
    data = {
        "csrf_token": csrf_from(client, path),
        "password": "assez long 1",
        "confirm": "autre 12345",
    }
    assert "ne correspondent pas" in client.post(path, data=data).get_data(as_text=True)
    db.refresh(user)
    assert user.password_hash is None


def test_expired_and_tampered_links_are_refused(app, client, factory):
    user = factory.user("member", password=None)
    with app.app_context():
        token = accounts.make_token(app.config["SECRET_KEY"], "invite", user)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get(f"/invitation/{tampered}")
    assert response.status_code == 410 and "pas valide" in response.get_data(as_text=True)
    # a reset token is not an invitation token
    with app.app_context():
        reset = accounts.make_token(app.config["SECRET_KEY"], "reset", user)
    assert client.get(f"/invitation/{reset}").status_code == 410
    app.config["INVITATION_MAX_AGE"] = -1
    response = client.get(f"/invitation/{token}")
    assert response.status_code == 410 and "expiré" in response.get_data(as_text=True)


def test_password_reset_by_emailed_link(app, client, factory, db):
    user = factory.user("member")
    data = {"csrf_token": csrf_from(client, "/mot-de-passe-oublie"), "email": user.email}
    page = client.post("/mot-de-passe-oublie", data=data, follow_redirects=True)
    assert "Si un compte existe" in page.get_data(as_text=True)
    path = _link_from_outbox(app, "/reinitialisation")
    data = {
        "csrf_token": csrf_from(client, path),
        "password": "nouveau secret 42",
        "confirm": "nouveau secret 42",
    }
    assert client.post(path, data=data).status_code == 302
    post(client, "/deconnexion")
    assert WRONG in login(client, user.email).get_data(as_text=True)
    assert login(client, user.email, "nouveau secret 42").status_code == 302
    assert client.get(path).status_code == 410


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(app, client):
    data = {"csrf_token": csrf_from(client, "/mot-de-passe-oublie"), "email": "x@exemple.fr"}
    page = client.post("/mot-de-passe-oublie", data=data, follow_redirects=True)
    assert "Si un compte existe" in page.get_data(as_text=True)
    with app.app_context():
        assert list_outbox() == []


def test_inactive_account_cannot_log_in(client, factory, db):
    user = factory.user("member")
    user = db.get(User, user.id)
    user.active = False
    db.add(user)
    db.commit()
    assert WRONG in login(client, user.email).get_data(as_text=True)
