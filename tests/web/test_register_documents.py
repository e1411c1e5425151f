"""The register's PDF documents (text read back with pypdf), the local-only URL fetcher,
and « Mon espace »."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlmodel import select

import scic.views.register_documents as documents_view
from scic.models import AuditEntry
from scic.pdf import LocalFetcher, render_pdf

from ..conftest import post
from .register_setup import login_as, make_register


@pytest.fixture
def register(factory):
    return make_register(factory)


def pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_register_pdf_lists_members_and_the_cooperative(client, register):
    login_as(client, register, "secretary")
    text = pdf_text(client.get("/registre/registre.pdf"))
    assert "Registre des associés" in text and "Casaco" in text and "SIREN 820000001" in text
    assert "Lefèvre" in text and "Martin" in text and "souscription" in text
    assert "Page 1 sur 1" in text


def test_register_pdf_over_the_limit_sends_back_to_the_filters(client, register, monkeypatch):
    monkeypatch.setattr(documents_view, "REGISTER_PDF_MAX", 1)
    login_as(client, register, "board")
    response = client.get("/registre/registre.pdf?statut=admitted")
    assert response.status_code == 302 and "statut=admitted" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "un PDF en contient au plus 1" in page


def test_certificate_states_the_holding_at_a_date(client, register, factory):
    login_as(client, register, "board")
    alice = register.alice
    factory.subscribe(alice, 3, on=date(2024, 6, 1))
    url = f"/registre/{alice.id}/attestation.pdf"
    before = pdf_text(client.get(url + "?date=2024-05-31"))
    assert "Attestation de détention de parts sociales" in before
    assert "Alice Lefèvre" in before and "vendredi 31 mai 2024" in before
    assert "Nombre de parts sociales 4" in before and "Collège A" in before
    after = pdf_text(client.get(url + "?date=2024-06-01"))
    assert "Nombre de parts sociales 7" in after and "350,00" in after


def test_certificate_errors_come_back_as_messages(client, register):
    login_as(client, register, "board")
    url = f"/registre/{register.alice.id}/attestation.pdf"
    for query, message in [
        ("?date=2020-01-01", "pas encore associé"),
        ("?date=2999-01-01", "date future"),
        ("?date=demain", "Date invalide"),
    ]:
        response = client.get(url + query)
        assert response.status_code == 302
        assert message in client.get(response.location).get_data(as_text=True)


def test_a_member_updates_contact_details_and_consent(client, db, register):
    user = login_as(client, register, "member")
    alice = register.alice
    form = {"email": "", "phone": "06 12 34 56 78", "address": "1 rue Neuve"}
    refused = post(client, "/mon-espace", form | {"convocation_by_email": "y"}, "/mon-espace")
    assert "exige une adresse e-mail" in refused.get_data(as_text=True)
    db.refresh(alice)
    assert alice.phone is None
    post(
        client,
        "/mon-espace",
        form | {"email": "alice@exemple.fr", "convocation_by_email": "y"},
        "/mon-espace",
    )
    db.refresh(alice)
    assert (alice.phone, alice.address, alice.convocation_by_email) == (
        "06 12 34 56 78",
        "1 rue Neuve",
        True,
    )
    assert alice.convocation_consent_at is not None
    page = client.get("/mon-espace").get_data(as_text=True)
    assert "Accord donné le" in page
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "member.contact")).one()
    assert entry.actor_id == user.id


def test_a_member_downloads_their_own_certificate(client, register):
    login_as(client, register, "member")
    text = pdf_text(client.get("/mon-espace/attestation.pdf"))
    assert "Alice Lefèvre" in text and "Nombre de parts sociales 4" in text


def test_the_pdf_fetcher_loads_local_files_only(tmp_path):
    inside = tmp_path / "static"
    inside.mkdir()
    (inside / "style.css").write_text("h1 { color: red }")
    (tmp_path / "secret.css").write_text("h1 { color: blue }")
    fetcher = LocalFetcher(inside)
    assert fetcher.fetch((inside / "style.css").as_uri()).read() == b"h1 { color: red }"
    for url in [(tmp_path / "secret.css").as_uri(), "https://exemple.fr/x.css"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    html = '<link rel="stylesheet" href="../secret.css"><h1>Bonjour</h1>'
    assert "Bonjour" in PdfReader(io.BytesIO(render_pdf(html, inside))).pages[0].extract_text()
