"""The main flow in a real Chromium: the board prepares and convenes a monthly meeting,
then a member gives a proxy."""

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.browser


def log_in(page, email, password):
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Bonjour", exact=False).wait_for()


def test_board_convenes_a_monthly_meeting_and_a_member_gives_a_proxy(browser, live_server, factory):
    factory.cooperative(name="Casaco")
    chair = factory.member(first_name="Aurélien", last_name="Denaes", convocation_by_email=True)
    board = factory.user("member", "board", member=chair)
    member = factory.user("member")
    holder = factory.member(first_name="Léa", last_name="Garnier")
    when = (datetime.now(UTC) + timedelta(days=9)).strftime("%Y-%m-%dT19:00")

    context = browser.new_context(base_url=live_server, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, board.email, factory.PASSWORD)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Réunions"
    ).click()
    page.get_by_role("link", name="Nouvelle réunion").click()
    page.get_by_label("Type de réunion").select_option("MONTHLY")
    page.get_by_label("Début").fill(when)
    page.get_by_label("Lieu").fill("Casaco, salle du jardin")
    page.get_by_role("button", name="Créer le brouillon").click()
    page.get_by_role("heading", name="Ordre du jour et résolutions").wait_for()
    for title in ("Programme des ateliers", "Questions diverses", "Convention avec la mairie"):
        page.get_by_label("Intitulé").fill(title)
        page.get_by_role("button", name="Ajouter à l'ordre du jour").click()
        page.get_by_text(f"Point « {title} » ajouté.").wait_for()
    page.get_by_role("button", name="Monter « Convention avec la mairie »").click()
    items = page.locator(".agenda-editor .item-title")
    items.nth(2).wait_for()
    assert items.all_inner_texts() == [
        "1. Programme des ateliers",
        "2. Convention avec la mairie",
        "3. Questions diverses",
    ]
    page.get_by_role("navigation", name="Préparation de la réunion").get_by_role(
        "link", name="Convocation"
    ).click()
    assert "Aucun délai légal" in page.content()
    page.get_by_role("button", name="Envoyer la convocation").click()
    page.get_by_text("Convocations envoyées par e-mail : 1.").wait_for()
    context.close()

    context = browser.new_context(base_url=live_server, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, member.email, factory.PASSWORD)
    page.get_by_role("link", name="Réunions", exact=True).click()
    page.get_by_role("link", name="Réunion mensuelle des sociétaires", exact=False).click()
    titles = page.locator("ol.agenda .item-title").all_inner_texts()
    assert titles == ["Programme des ateliers", "Convention avec la mairie", "Questions diverses"]
    page.get_by_role("link", name="Donner un pouvoir").click()
    page.get_by_label("Mandataire").fill(f"Léa Garnier (n° {holder.number})")
    page.get_by_role("button", name="Donner mon pouvoir").click()
    page.get_by_text("Votre pouvoir est enregistré.").wait_for()
    assert "Vous avez donné votre pouvoir à Léa Garnier" in " ".join(
        page.locator("#ma-participation").inner_text().split()
    )
    context.close()
