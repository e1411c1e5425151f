"""Who sees and does what in the meetings area."""

import pytest

from scic.services.documents import attach_document

from ..conftest import login, post

PDF = b"%PDF-1.7\nrapport\n%%EOF\n"


@pytest.fixture
def world(factory, db):
    factory.cooperative()
    meeting = factory.meeting(kind="MONTHLY", title="Réunion de mars")
    factory.agenda_item(meeting, title="Programme des ateliers")
    member_user = factory.user("member")
    other = factory.member(first_name="Karim", last_name="Haddad")
    factory.roll(meeting)
    doc = attach_document(db, meeting, None, "programme.pdf", PDF)
    draft = factory.meeting(title="Brouillon secret")
    db.commit()
    return {"meeting": meeting, "draft": draft, "doc": doc, "user": member_user, "other": other}


def test_anonymous_visitors_go_to_the_login_page(client, world):
    meeting = world["meeting"]
    for url in (
        "/reunions/",
        f"/reunions/{meeting.id}",
        f"/reunions/documents/{world['doc'].id}",
        "/reunions/propositions/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/connexion" in response.location, url


def test_members_download_documents_anonymous_cannot(client, world):
    doc = world["doc"]
    assert client.get(f"/reunions/documents/{doc.id}").status_code == 302
    login(client, world["user"].email)
    response = client.get(f"/reunions/documents/{doc.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert "programme.pdf" in response.headers["Content-Disposition"]


def test_members_do_not_see_drafts_or_their_documents(client, db, world):
    draft = world["draft"]
    hidden = attach_document(db, draft, None, "brouillon.pdf", PDF)
    db.commit()
    login(client, world["user"].email)
    assert client.get(f"/reunions/{draft.id}").status_code == 404
    assert client.get(f"/reunions/documents/{hidden.id}").status_code == 404
    assert "Brouillon secret" not in client.get("/reunions/").get_data(as_text=True)


def test_members_cannot_edit_the_agenda(client, db, world):
    meeting = world["meeting"]
    login(client, world["user"].email)
    for url in (
        f"/reunions/{meeting.id}/ordre-du-jour",
        f"/reunions/{meeting.id}/modifier",
        f"/reunions/{meeting.id}/convocation",
        f"/reunions/{meeting.id}/resolutions/nouvelle",
        "/reunions/nouvelle",
        "/reunions/planification",
    ):
        assert client.get(url).status_code == 403, url
    response = post(
        client, f"/reunions/{meeting.id}/ordre-du-jour", {"title": "Point pirate"}, "/reunions/"
    )
    assert response.status_code == 403
    page = client.get(f"/reunions/{meeting.id}").get_data(as_text=True)
    assert "Point pirate" not in page and "Programme des ateliers" in page


def test_members_cannot_see_or_withdraw_another_members_proxy(client, db, world, factory):
    from scic.services.proxies import give_proxy
    from scic.services.settings import get_cooperative

    meeting, other = world["meeting"], world["other"]
    holder = factory.member(first_name="Léa", last_name="Garnier")
    factory.roll(meeting, [holder])
    proxy = give_proxy(db, meeting, get_cooperative(db), other, holder, None)
    db.commit()
    login(client, world["user"].email)
    assert client.get(f"/reunions/{meeting.id}/pouvoirs").status_code == 403
    assert client.get(f"/reunions/pouvoirs/{proxy.id}/retirer").status_code == 404
    response = post(client, f"/reunions/pouvoirs/{proxy.id}/retirer", {}, "/reunions/")
    assert response.status_code == 404
    page = client.get(f"/reunions/{meeting.id}").get_data(as_text=True)
    assert "Léa Garnier" not in page and "Karim Haddad" not in page
    db.refresh(proxy)
    assert proxy.withdrawn_at is None


def test_check_in_is_for_the_secretary_and_the_board(app, client, factory, world):
    meeting = world["meeting"]
    login(client, world["user"].email)
    assert client.get(f"/reunions/{meeting.id}/emargement").status_code == 403
    secretary = factory.user("secretary", email="sec@x.fr")
    client = app.test_client()
    login(client, secretary.email)
    assert client.get(f"/reunions/{meeting.id}/emargement").status_code == 200
    assert client.get(f"/reunions/{meeting.id}/ordre-du-jour").status_code == 403


def test_board_meetings_are_hidden_from_members(client, factory, world):
    board_meeting = factory.meeting(kind="BOARD", title="Conseil de mars", status="convened")
    login(client, world["user"].email)
    assert client.get(f"/reunions/{board_meeting.id}").status_code == 404
    assert "Conseil de mars" not in client.get("/reunions/").get_data(as_text=True)
