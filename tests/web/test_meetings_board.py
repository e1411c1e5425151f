"""The board prepares a meeting in the browser's place: form, agenda, documents,
resolutions, convocation through a real local SMTP server."""

import socket
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default as email_policy

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlmodel import select

from scic.models import AgendaItem, ConvocationDelivery, Document, Meeting, Resolution, RollEntry
from scic.models.types import utcnow

from ..conftest import csrf_from, login

PDF = b"%PDF-1.7\nrapport\n%%EOF\n"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    yield inbox
    controller.stop()


@pytest.fixture
def board(client, factory):
    factory.cooperative(name="Casaco")
    user = factory.user("board", email="ca@casaco.example")
    login(client, user.email)
    return user


def submit(client, url, data, form_url=None, **kwargs):
    token = csrf_from(client, form_url or url)
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def _local(days):
    moment = (datetime.now(UTC) + timedelta(days=days)).astimezone()
    return moment.strftime("%Y-%m-%dT19:00")


def test_the_board_creates_a_meeting_in_paris_time(client, db, board):
    response = submit(
        client,
        "/reunions/nouvelle",
        {
            "kind": "MONTHLY",
            "title": "",
            "starts_at": "2030-02-05T19:00",
            "ends_at": "",
            "place": "Casaco, salle du jardin",
            "video_url": "",
            "convocation_rank": "1",
        },
    )
    assert response.status_code == 302 and "/ordre-du-jour" in response.location
    meeting = db.exec(select(Meeting)).one()
    assert meeting.starts_at == datetime(2030, 2, 5, 18, tzinfo=UTC)
    assert meeting.title == "Réunion mensuelle des sociétaires — 05/02/2030"


def test_meeting_errors_are_shown_in_place_and_nothing_is_created(client, db, board):
    response = submit(
        client,
        "/reunions/nouvelle",
        {"kind": "AGO", "starts_at": "demain", "video_url": "pas une url", "convocation_rank": "1"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "une date/heure valide" in page and "Une adresse web complète" in page
    response = submit(
        client,
        "/reunions/nouvelle",
        {"kind": "AGO", "starts_at": "2030-02-05T19:00", "convocation_rank": "1"},
    )
    assert "Indiquez un lieu" in response.get_data(as_text=True)
    assert db.exec(select(Meeting)).all() == []


def test_agenda_items_are_added_and_moved_with_buttons(client, db, factory, board):
    meeting = factory.meeting(kind="MONTHLY")
    url = f"/reunions/{meeting.id}/ordre-du-jour"
    for title in ("Bilan du fablab", "Tarifs des salles"):
        response = submit(client, url, {"title": title, "description": "*Important*"})
        assert response.status_code == 302
    second = db.exec(select(AgendaItem).where(AgendaItem.title == "Tarifs des salles")).one()
    response = submit(client, f"{url}/{second.id}/deplacer", {"sens": "monter"}, form_url=url)
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert page.index("1. Tarifs des salles") < page.index("2. Bilan du fablab")
    assert "<em>Important</em>" in page


def test_a_fake_pdf_is_refused_in_place_and_nothing_is_stored(client, db, factory, board):
    meeting = factory.meeting()
    url = f"/reunions/{meeting.id}/documents"
    form_url = f"/reunions/{meeting.id}/ordre-du-jour"
    import io

    response = submit(
        client,
        url,
        {"file": (io.BytesIO(b"MZ\x90 pas un pdf"), "rapport.pdf"), "agenda_item_id": "0"},
        form_url=form_url,
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "ne correspond pas à un fichier PDF" in response.get_data(as_text=True)
    assert db.exec(select(Document)).all() == []
    response = submit(
        client,
        url,
        {"file": (io.BytesIO(PDF), "rapport.pdf"), "agenda_item_id": "0"},
        form_url=form_url,
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert db.exec(select(Document.filename)).all() == ["rapport.pdf"]


def test_a_monthly_meeting_refuses_an_ag_reserved_resolution_in_place(client, db, factory, board):
    meeting = factory.meeting(kind="MONTHLY")
    url = f"/reunions/{meeting.id}/resolutions/nouvelle"
    data = {
        "title": "Approbation des comptes 2025",
        "text": "Les sociétaires approuvent les comptes.",
        "kind": "ordinary",
        "matter": "accounts",
        "board_supports": "yes",
        "agenda_item_id": "0",
    }
    response = submit(client, url, data)
    assert response.status_code == 200
    assert "réservé à l&#39;assemblée générale" in response.get_data(as_text=True)
    assert db.exec(select(Resolution)).all() == []
    response = submit(client, url, data | {"matter": "general", "title": "Avis sur les comptes"})
    assert response.status_code == 302
    assert db.exec(select(Resolution.board_supports)).all() == [True]


def _ready_meeting(factory, days, **values):
    starts_at = utcnow().replace(second=0, microsecond=0) + timedelta(days=days)
    meeting = factory.meeting(starts_at=starts_at, **values)
    factory.agenda_item(meeting, title="Rapport moral")
    factory.resolution(meeting, title="Approbation du rapport", board_supports=True)
    return meeting


def test_convocation_is_previewed_then_sent_once_by_smtp(client, db, factory, board, smtp):
    meeting = _ready_meeting(factory, 20)
    nadia = factory.member(first_name="Nadia", convocation_by_email=True)
    factory.member(first_name="Paul", convocation_by_email=False, address="1 rue A")
    url = f"/reunions/{meeting.id}/convocation"
    preview = client.get(url).get_data(as_text=True)
    assert "Convocation : Assemblée générale ordinaire — Casaco" in preview
    assert "Rapport moral" in preview and "Envoyer la convocation" in preview
    response = submit(client, url, {"override_reason": ""})
    assert response.status_code == 302
    [(recipients, content)] = smtp.messages
    assert recipients == [nadia.email]
    message = message_from_bytes(content, policy=email_policy)
    body = message.get_body(("plain",)).get_content()
    assert "Bonjour Nadia" in body and "Résolution n° 1 — Approbation du rapport" in body
    assert f"/reunions/{meeting.id}/pouvoir" in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "invitation.ics"
    data = attachment.get_payload(decode=True)  # RFC 5545: UTF-8
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["summary"]) == "Assemblée de test"
    # sending again changes nothing for Nadia; Paul waits for his letter
    submit(client, f"{url}/envoyer", {}, form_url=url)
    assert len(smtp.messages) == 1
    letters = client.get(f"{url}/courriers").get_data(as_text=True)
    assert "Paul" in letters and "1 rue A" in letters and "Nadia" not in letters
    assert len(db.exec(select(RollEntry)).all()) == 2
    page = client.get(url).get_data(as_text=True)
    assert "1 envoyé sur 1" in page and "0 posté sur 1" in page


def test_a_late_convocation_needs_a_reason_given_in_place(client, db, factory, board):
    meeting = _ready_meeting(factory, 10)
    factory.member(convocation_by_email=False)
    url = f"/reunions/{meeting.id}/convocation"
    assert "Motif de la dérogation" in client.get(url).get_data(as_text=True)
    response = submit(client, url, {"override_reason": ""})
    assert response.status_code == 422
    assert "délai de 15 jours n&#39;est plus respecté" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Meeting, meeting.id).status == "draft"
    assert db.exec(select(ConvocationDelivery)).all() == []
    reason = "Assemblée avancée à la demande de la mairie"
    assert submit(client, url, {"override_reason": reason}).status_code == 302
    db.expire_all()
    assert db.get(Meeting, meeting.id).late_convocation_reason == reason


def test_drag_and_drop_sends_the_whole_order(client, db, factory, board):
    meeting = factory.meeting()
    a, b, c = (factory.agenda_item(meeting, title=t) for t in ("A", "B", "C"))
    url = f"/reunions/{meeting.id}/ordre-du-jour"
    token = csrf_from(client, url)
    response = client.post(
        f"{url}/ordre",
        data={"csrf_token": token, "ordre": f"{c.id},{a.id},{b.id}"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200 and response.json == {"ok": True}
    order = db.exec(select(AgendaItem.title).order_by(AgendaItem.position)).all()
    assert order == ["C", "A", "B"]
    response = client.post(
        f"{url}/ordre",
        data={"csrf_token": token, "ordre": f"{c.id},{a.id}"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 409 and "rechargez" in response.json["error"]


def test_smtp_failures_are_listed_and_retried_on_request(app, client, db, factory, board, smtp):
    meeting = _ready_meeting(factory, 20)
    nadia = factory.member(first_name="Nadia", convocation_by_email=True)
    url = f"/reunions/{meeting.id}/convocation"
    working_port = app.config["SMTP_PORT"]
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        app.config["SMTP_PORT"] = sock.getsockname()[1]
    submit(client, url, {"override_reason": ""})
    page = client.get(url).get_data(as_text=True)
    assert "Envois en échec (1)" in page and nadia.email in page and "Échec de l" in page
    assert smtp.messages == []
    app.config["SMTP_PORT"] = working_port
    submit(client, f"{url}/reessayer", {}, form_url=url)
    submit(client, f"{url}/envoyer", {}, form_url=url)
    assert [recipients for recipients, _ in smtp.messages] == [[nadia.email]]
    assert "Envois en échec" not in client.get(url).get_data(as_text=True)
