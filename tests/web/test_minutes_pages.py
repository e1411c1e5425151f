"""The minutes pages: the register (hashes, downloads, pagination, verification), the meeting's
minutes page, the debates, the draft, finalising with a confirmation, rectifying entries,
the paper documents, and the access rules (members never see drafts nor finalise)."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import update
from sqlmodel import select

from scic.models import AgendaItem, ConvocationDelivery, MinutesEntry

from ..conftest import csrf_from, login
from ..services.minutes_setup import held_meeting, register_entry
from ..services.voting_setup import convened_meeting

BASE = "/proces-verbaux"


def submit(client, url, data, form_url=None):
    token = csrf_from(client, form_url or url)
    return client.post(url, data={"csrf_token": token, **data})


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def held(app, db, factory):
    with app.test_request_context():
        return held_meeting(factory, db)


def as_user(client, factory, *roles, member=None, email=None):
    user = factory.user(*roles, member=member, email=email)
    login(client, user.email)
    return user


# -- the register ------------------------------------------------------------------------------


def test_an_empty_register_says_so(client, factory):
    factory.cooperative()
    as_user(client, factory, "board", email="ca@exemple.fr")
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Le registre est vide" in page


def test_the_register_lists_numbers_pages_hashes_and_downloads(client, db, factory, held):
    first = register_entry(db, held.meeting, pages=2, pdf=b"%PDF premier")
    second = register_entry(db, held.meeting, pages=3, pdf=b"%PDF second", rectifies=first)
    as_user(client, factory, "board", email="ca@exemple.fr")
    page = client.get(f"{BASE}/").get_data(as_text=True)
    for text in ("pages 1 à 2", "pages 3 à 5", "Rectifie l'entrée n° 1", held.meeting.title):
        assert text in page
    for entry in (first, second):
        assert entry.sha256 in page and entry.entry_hash in page
    assert f'href="{BASE}/2.pdf"' in page
    response = client.get(f"{BASE}/2.pdf")
    assert response.status_code == 200 and response.data == b"%PDF second"
    assert response.headers["ETag"] == f'"{second.sha256}"'
    assert "compte-rendu" not in response.headers["Content-Disposition"]
    assert client.get(f"{BASE}/3.pdf").status_code == 404


def test_the_register_is_paginated(client, db, factory, held):
    for _ in range(51):
        register_entry(db, held.meeting, pages=1)
    as_user(client, factory, "secretary", email="secretaire@exemple.fr")
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Page 1 sur 2" in page and f'href="{BASE}/51.pdf"' not in page
    assert f'href="{BASE}/51.pdf"' in client.get(f"{BASE}/?page=2").get_data(as_text=True)


def test_the_staff_verify_the_register_from_the_page(client, db, factory, held):
    register_entry(db, held.meeting, pages=2)
    register_entry(db, held.meeting, pages=2)
    as_user(client, factory, "secretary", email="secretaire@exemple.fr")
    response = submit(client, f"{BASE}/verifier", {}, f"{BASE}/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Registre intact : 2 entrée(s), pages 1 à 4" in page
    db.exec(update(MinutesEntry).where(MinutesEntry.number == 2).values(pdf=b"%PDF faux"))
    db.commit()
    submit(client, f"{BASE}/verifier", {}, f"{BASE}/")
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Registre altéré à l&#39;entrée n° 2 : fichier PDF remplacé" in page


# -- access rules ------------------------------------------------------------------------------


def test_a_member_reads_finalised_minutes_but_never_drafts(client, db, factory, held):
    entry = register_entry(db, held.meeting, pdf=b"%PDF final")
    hidden = register_entry(db, factory.meeting(kind="BOARD", status="closed"))
    as_user(client, factory, "member", member=held["B2"])
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert f'href="{BASE}/{entry.number}.pdf"' in page
    assert f'href="{BASE}/{hidden.number}.pdf"' not in page
    assert "Vérifier l&#39;intégrité" not in page
    assert client.get(f"{BASE}/{entry.number}.pdf").data == b"%PDF final"
    assert client.get(f"{BASE}/{hidden.number}.pdf").status_code == 404
    minutes_page = client.get(f"{BASE}/reunion/{held.meeting.id}").get_data(as_text=True)
    assert "Télécharger le PDF" in minutes_page and "projet" not in minutes_page.lower()
    base = f"{BASE}/reunion/{held.meeting.id}"
    for url in (f"{base}/projet.pdf", f"{base}/debats", f"{base}/courriers.pdf"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{BASE}/verifier").status_code in (400, 403)


def test_a_member_cannot_finalise(client, db, factory, held):
    as_user(client, factory, "member", member=held["B2"])
    url = f"{BASE}/reunion/{held.meeting.id}/finaliser"
    assert client.get(url).status_code == 403
    assert submit(client, url, {"confirm": "y"}, f"{BASE}/").status_code == 403
    assert client.get(f"{BASE}/reunion/{held.meeting.id}/rectifier").status_code == 403
    assert db.exec(select(MinutesEntry)).all() == []


def test_a_secretary_writes_but_does_not_finalise(client, db, factory, held):
    as_user(client, factory, "secretary", email="secretaire@exemple.fr")
    page = client.get(f"{BASE}/reunion/{held.meeting.id}").get_data(as_text=True)
    assert "Télécharger le projet" in page and "Finaliser et inscrire" not in page
    assert "Le président de séance (ou un membre du conseil) finalise" in page
    assert client.get(f"{BASE}/reunion/{held.meeting.id}/finaliser").status_code == 403


def test_board_meetings_minutes_are_hidden_from_members(client, factory, held):
    board = factory.meeting(kind="BOARD", status="closed")
    as_user(client, factory, "member", member=held["C1"])
    assert client.get(f"{BASE}/reunion/{board.id}").status_code == 404


# -- debates, draft, finalisation, rectification -------------------------------------------


def test_the_secretary_writes_the_debates_then_downloads_the_draft(client, db, factory, held):
    as_user(client, factory, "secretary", email="secretaire@exemple.fr")
    item = db.exec(select(AgendaItem).where(AgendaItem.position == 2)).one()
    url = f"{BASE}/reunion/{held.meeting.id}/debats"
    form = client.get(url).get_data(as_text=True)
    assert "2. Indemnités des administrateurs" in form
    response = submit(client, url, {f"item_{item.id}": "Un associé propose 2 500 euros."})
    assert response.status_code == 302
    db.refresh(item)
    assert item.debate_summary == "Un associé propose 2 500 euros."
    assert "résumé rédigé" in client.get(response.headers["Location"]).get_data(as_text=True)
    draft = client.get(f"{BASE}/reunion/{held.meeting.id}/projet.pdf")
    assert draft.status_code == 200 and draft.mimetype == "application/pdf"
    assert "projet-proces-verbal" in draft.headers["Content-Disposition"]
    text = pdf_text(draft.data)
    assert "PROJET" in text and "Un associé propose 2 500 euros." in text
    assert db.exec(select(MinutesEntry)).all() == []  # a draft never enters the register


def test_a_too_long_summary_is_shown_in_place(client, db, factory, held):
    as_user(client, factory, "secretary", email="secretaire@exemple.fr")
    item = db.exec(select(AgendaItem).where(AgendaItem.position == 1)).one()
    response = submit(
        client, f"{BASE}/reunion/{held.meeting.id}/debats", {f"item_{item.id}": "x" * 20_001}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "20000 caractères au maximum." in page
    assert 'aria-invalid="true"' in page


def test_the_chair_finalises_after_confirming(client, db, factory, held):
    as_user(client, factory, "member", member=held["A1"])  # the meeting's chair officer
    url = f"{BASE}/reunion/{held.meeting.id}/finaliser"
    page = client.get(url).get_data(as_text=True)
    assert "Il ne pourra plus être modifié" in page
    draft = client.get(f"{BASE}/reunion/{held.meeting.id}/projet.pdf")  # read before signing
    assert draft.status_code == 200 and "PROJET" in pdf_text(draft.data)
    refused = submit(client, url, {})
    assert refused.status_code == 422 and "Cochez la case pour confirmer" in refused.get_data(
        as_text=True
    )
    assert db.exec(select(MinutesEntry)).all() == []
    done = submit(client, url, {"confirm": "y"})
    assert done.status_code == 302
    entry = db.exec(select(MinutesEntry)).one()
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert f"entrée n° 1, pages 1 à {entry.page_count}" in page
    assert "Ajouter une entrée rectificative" in page
    again = client.get(url).get_data(as_text=True)
    assert "déjà inscrit au registre (entrée n° 1)" in again and 'name="confirm"' not in again


def test_finalising_while_a_vote_is_open_is_refused_in_place(app, client, db, factory):
    with app.test_request_context():
        held = held_meeting(factory, db, close=False)
    as_user(client, factory, "board", email="ca@exemple.fr")
    url = f"{BASE}/reunion/{held.meeting.id}/finaliser"
    page = client.get(url).get_data(as_text=True)
    assert "Seul un projet est possible" in page and "résolution n° 1 est encore ouvert" in page
    response = submit(client, url, {"confirm": "y"})
    assert response.status_code == 422
    assert "La séance n&#39;est pas close" in response.get_data(as_text=True)
    assert db.exec(select(MinutesEntry)).all() == []


def test_a_rectifying_entry_needs_a_reason_and_leaves_the_original(client, db, factory, held):
    original = register_entry(db, held.meeting, pages=2)
    as_user(client, factory, "board", email="ca@exemple.fr")
    url = f"{BASE}/reunion/{held.meeting.id}/rectifier"
    refused = submit(client, url, {"entry_id": original.id, "reason": "court", "confirm": "y"})
    assert refused.status_code == 422
    assert "10 caractères au moins" in refused.get_data(as_text=True)
    done = submit(
        client,
        url,
        {"entry_id": original.id, "reason": "Erreur dans le résumé du point 2.", "confirm": "y"},
    )
    assert done.status_code == 302
    fix = db.exec(select(MinutesEntry).where(MinutesEntry.number == 2)).one()
    assert (fix.rectifies_id, fix.first_page) == (original.id, 3)
    assert "Rectifie l'entrée n° 1" in client.get(f"{BASE}/").get_data(as_text=True)


def test_rectifying_without_any_entry_sends_back(client, factory, held):
    as_user(client, factory, "board", email="ca@exemple.fr")
    response = client.get(f"{BASE}/reunion/{held.meeting.id}/rectifier")
    assert response.status_code == 302


# -- paper documents ----------------------------------------------------------------------------


def test_paper_documents_for_the_members_convened_by_post(client, db, factory):
    setup = convened_meeting(factory, db, per_college=(2, 1, 1), starts_in=timedelta(days=20))
    meeting = setup.meeting
    meeting.place = "Salle Carnot, Lyon"
    db.add(AgendaItem(meeting_id=meeting.id, position=1, title="Comptes 2025"))
    by_post = [setup.members["A"][0], setup.members["C"][0]]
    for member in setup.all_members():
        mode = "post" if member in by_post else "email"
        db.add(ConvocationDelivery(meeting_id=meeting.id, member_id=member.id, mode=mode))
    by_post[0].address = "3 rue des Lilas, 69003 Lyon"
    db.add(by_post[0])
    db.commit()
    as_user(client, factory, "secretary", email="secretaire@exemple.fr")
    page = client.get(f"{BASE}/reunion/{meeting.id}").get_data(as_text=True)
    assert "2 associés reçoivent la convocation par courrier" in page
    response = client.get(f"{BASE}/reunion/{meeting.id}/courriers.pdf?lot=1")
    assert response.status_code == 200
    text = pdf_text(response.data)
    for member in by_post:
        assert member.display_name in text
    assert setup.members["B"][0].display_name not in text
    for words in ("Objet : convocation", "Pouvoir", "vote par correspondance", "3 rue des Lilas"):
        assert words in text, words
    wrong = client.get(f"{BASE}/reunion/{meeting.id}/courriers.pdf?lot=2")
    assert wrong.status_code == 302


def test_no_paper_documents_once_the_session_is_over(client, factory, held):
    as_user(client, factory, "secretary", email="secretaire@exemple.fr")
    response = client.get(f"{BASE}/reunion/{held.meeting.id}/courriers.pdf")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "avant la séance" in page


# -- navigation --------------------------------------------------------------------------------


def test_the_nav_and_the_meeting_page_lead_to_the_minutes(client, factory, held):
    as_user(client, factory, "member", member=held["B2"])
    home = client.get("/").get_data(as_text=True)
    assert f'href="{BASE}/"' in home and "Procès-verbaux" in home
    meeting_page = client.get(f"/reunions/{held.meeting.id}").get_data(as_text=True)
    assert f'href="{BASE}/reunion/{held.meeting.id}"' in meeting_page
