"""The main flow in a real browser: after the meeting, the secretary (who chaired it) writes
the debates, finalises the minutes and downloads the PDF from the register."""

import hashlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..services.minutes_setup import held_meeting

pytestmark = pytest.mark.browser


def _log_in(page, email, password):
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Bonjour", exact=False).wait_for()


def test_the_secretary_finalises_the_minutes_and_downloads_the_pdf(page, app, factory, db):
    with app.test_request_context():
        held = held_meeting(factory, db)
    secretary = factory.user("member", "secretary", member=held["A1"])  # she chaired it
    _log_in(page, secretary.email, factory.PASSWORD)

    page.goto(f"/reunions/{held.meeting.id}")
    page.get_by_role("link", name="Débats, projet, finalisation et registre").click()
    page.get_by_role("link", name="Rédiger les résumés des débats").click()
    page.get_by_label("2. Indemnités des administrateurs").fill(
        "Un associé propose de limiter l'enveloppe à 2 500 euros."
    )
    page.get_by_role("button", name="Enregistrer les résumés").click()
    page.get_by_text("Résumés des débats enregistrés (1 point(s) modifié(s)).").wait_for()

    page.get_by_role("link", name="Finaliser et inscrire au registre…").click()
    page.get_by_role("button", name="Inscrire au registre").click()
    page.get_by_text("Cochez la case pour confirmer", exact=False).wait_for()
    page.get_by_label("Je confirme que ce procès-verbal est exact et complet", exact=False).check()
    page.get_by_role("button", name="Inscrire au registre").click()
    page.get_by_text("Procès-verbal inscrit au registre : entrée n° 1", exact=False).wait_for()

    page.get_by_role("link", name="Procès-verbaux").click()
    row = page.get_by_role("row").filter(has_text=held.meeting.title)
    printed_hash = row.get_by_label("Empreinte du fichier").inner_text()
    with page.expect_download() as info:
        row.get_by_role("link", name="PDF de l'entrée n° 1").click()
    download = info.value
    assert download.suggested_filename == "proces-verbal-0001.pdf"
    data = Path(download.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == printed_hash
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Registre des procès-verbaux — entrée n° 1, à partir de la page 1" in text
    assert "Un associé propose de limiter l'enveloppe à 2 500 euros." in text
    assert "PROJET" not in text
    assert sorted(reader.attachments) == [
        "resolution-01.recount.json",
        "resolution-02.recount.json",
    ]
