import pytest

from ..services.voting_setup import add_resolution, convened_meeting

pytestmark = pytest.mark.browser


def _log_in(page, email, password):
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Bonjour", exact=False).wait_for()


def test_member_votes_on_a_phone_and_the_secretary_closes(phone, browser, live_server, factory, db):
    setup = convened_meeting(factory, db, per_college=(1, 1, 1))
    resolution = add_resolution(db, setup, title="Tarif solidaire des salles")
    voter = factory.user("member", member=setup.members["A"][0])
    secretary = factory.user("secretary", email="secretaire@exemple.fr")

    _log_in(phone, voter.email, factory.PASSWORD)
    phone.get_by_role("link", name="Votes").click()
    phone.get_by_role("link", name="Tarif solidaire des salles", exact=False).click()
    phone.get_by_label("Pour").check()
    phone.get_by_role("button", name="Voter").click()
    receipt = phone.locator(".flash-success")
    receipt.wait_for()
    assert "Reçu de vote" in receipt.inner_text()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows the phone screen

    context = browser.new_context(base_url=live_server, locale="fr-FR")
    desk = context.new_page()
    _log_in(desk, secretary.email, factory.PASSWORD)
    desk.goto(f"/votes/resolution/{resolution.id}")
    desk.get_by_role("link", name="Clore le vote…").click()
    desk.get_by_role("button", name="Clore définitivement le vote").click()
    desk.get_by_text("ADOPTÉE", exact=True).wait_for()
    assert desk.locator("svg[role=img]").is_visible()
    context.close()

    phone.goto(f"/votes/resolution/{resolution.id}/resultat")
    assert phone.get_by_text("ADOPTÉE", exact=True).is_visible()
