"""One function sends every e-mail: over SMTP when ``SMTP_HOST`` is set, otherwise
as ``.eml`` files in the instance folder's outbox (shown to the admin)."""

import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app


def build_message(to, subject, body, attachments=()):
    """``attachments``: (filename, mime type, bytes) triples."""
    config = current_app.config
    msg = EmailMessage()
    msg["From"] = config["MAIL_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain="scic.local")
    msg.set_content(body)
    for filename, mimetype, data in attachments:
        maintype, subtype = mimetype.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def send_email(to, subject, body, attachments=()):
    msg = build_message(to, subject, body, attachments)
    config = current_app.config
    if config.get("SMTP_HOST"):
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
            smtp.send_message(msg)
    else:
        outbox = outbox_path()
        outbox.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        (outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml").write_bytes(msg.as_bytes())
    return msg


def outbox_path() -> Path:
    return Path(current_app.instance_path) / "outbox"


def list_outbox():
    """Messages in the outbox, newest first, as (name, headers)."""
    folder = outbox_path()
    if not folder.exists():
        return []
    parser = BytesHeaderParser(policy=default_policy)
    items = []
    for path in sorted(folder.glob("*.eml"), reverse=True):
        with path.open("rb") as fh:
            items.append((path.name, parser.parse(fh)))
    return items


def read_outbox(name: str) -> bytes | None:
    path = outbox_path() / name
    if "/" in name or not name.endswith(".eml") or not path.is_file():
        return None
    return path.read_bytes()
