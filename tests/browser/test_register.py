"""The board records an exit in a real browser: search, member page, form, confirmation."""

import pytest

from ..web.register_setup import make_register

pytestmark = pytest.mark.browser


def test_board_searches_then_records_an_exit_after_confirming(page, factory, db):
    register = make_register(factory)
    user = register.account("board")
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(factory.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Registre", exact=True).click()
    page.get_by_label("Nom, numéro, SIREN ou e-mail").fill("martin")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Bruno Martin").click()
    page.get_by_role("link", name="Enregistrer une sortie").click()
    page.get_by_label("Cause ou précision").fill("Déménagement")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("heading", name="Confirmer la sortie de Bruno Martin ?").wait_for()
    assert "6 parts seront à rembourser" in page.content()
    page.get_by_role("button", name="Confirmer la sortie").click()
    page.locator(".flash-success").wait_for()
    assert "Sortie de Bruno Martin enregistrée" in page.locator(".flashes").inner_text()
    db.refresh(register.bruno)
    assert register.bruno.status == "resigned"
