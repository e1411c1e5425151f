"""E-mail: a real SMTP server on 127.0.0.1 (aiosmtpd), and the outbox without one."""

import socket
from email import message_from_bytes as _parse
from email.policy import default as email_policy

import pytest
from aiosmtpd.controller import Controller

from scic.mail import list_outbox, read_outbox, send_email


def message_from_bytes(data: bytes):
    return _parse(data, policy=email_policy)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_sends_through_smtp_when_configured(app, smtp_server):
    controller, inbox = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    with app.app_context():
        send_email(
            "nadia@exemple.fr",
            "Convocation à l'AG",
            "Bonjour Nadia,",
            attachments=[("invitation.ics", "text/calendar", b"BEGIN:VCALENDAR")],
        )
        assert list_outbox() == []
    [(recipients, content)] = inbox.messages
    assert recipients == ["nadia@exemple.fr"]
    message = message_from_bytes(content)
    assert message["Subject"] == "Convocation à l'AG"
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == ["invitation.ics"]


def test_reset_link_arrives_by_smtp(app, client, factory, smtp_server):
    from .conftest import csrf_from

    controller, inbox = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    user = factory.user("member")
    data = {"csrf_token": csrf_from(client, "/mot-de-passe-oublie"), "email": user.email}
    client.post("/mot-de-passe-oublie", data=data)
    [(recipients, content)] = inbox.messages
    assert recipients == [user.email]
    body = message_from_bytes(content).get_body().get_content()
    assert "/reinitialisation/" in body


def test_without_smtp_messages_go_to_the_outbox(app, client, factory):
    with app.app_context():
        send_email("a@exemple.fr", "Objet é", "Corps")
        [(name, headers)] = list_outbox()
        assert headers["To"] == "a@exemple.fr"
        assert b"Corps" in read_outbox(name)
        assert read_outbox("../secret_key") is None
    factory.cooperative()
    admin = factory.user("admin", email="admin@x.fr")
    from .conftest import login

    login(client, admin.email)
    page = client.get("/admin/courriels").get_data(as_text=True)
    assert "a@exemple.fr" in page
    assert client.get(f"/admin/courriels/{name}").status_code == 200
    assert client.get("/admin/courriels/nope.eml").status_code == 404
