import pytest

pytestmark = pytest.mark.browser


def test_member_logs_in_sees_home_and_logs_out(page, factory):
    factory.cooperative(name="Casaco")
    factory.colleges()
    user = factory.user("member")
    page.goto("/")
    assert "/connexion" in page.url
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(factory.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Mes parts").wait_for()
    assert page.get_by_role("heading", name="Mon collège").is_visible()
    assert "Bienvenue" in page.locator(".flashes").inner_text()
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("heading", name="Connexion").wait_for()
    assert "Vous êtes déconnecté." in page.content()


def test_keyboard_only_login_with_a_wrong_password(page, factory):
    factory.cooperative()
    user = factory.user("member")
    page.goto("/connexion")
    page.keyboard.press("Tab")  # skip link first
    page.get_by_label("Adresse e-mail").focus()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type("wrong password")
    page.keyboard.press("Enter")
    error = page.get_by_role("alert")
    error.wait_for()
    assert "incorrect" in error.inner_text()
