"""Meeting documents (reports, accounts, plans), stored in the database so that several
app servers can share one PostgreSQL. The type is read from the content (magic bytes),
not only from the name: PDF, OpenDocument and common images, up to MAX_BYTES."""

import hashlib
import io
import unicodedata
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

from sqlalchemy.orm import defer
from sqlmodel import Session, select

from ..models import AgendaItem, Document, Meeting
from . import ServiceError
from .audit import record_audit

MAX_BYTES = 10 * 1024 * 1024
TYPES = {  # extension: (MIME type, label)
    "pdf": ("application/pdf", "PDF"),
    "odt": ("application/vnd.oasis.opendocument.text", "ODT"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "ODS"),
    "odp": ("application/vnd.oasis.opendocument.presentation", "ODP"),
    "png": ("image/png", "PNG"),
    "jpg": ("image/jpeg", "JPEG"),
    "jpeg": ("image/jpeg", "JPEG"),
    "gif": ("image/gif", "GIF"),
    "webp": ("image/webp", "WebP"),
}
ACCEPTED = ", ".join(sorted({label for _, label in TYPES.values()}))
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]


def sniff(data: bytes) -> str | None:
    """The MIME type the content really has, among the accepted ones, or None."""
    for magic, mimetype in SIGNATURES:
        if data.startswith(magic):
            return mimetype
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"PK\x03\x04"):
        return _opendocument_type(data)
    return None


def _opendocument_type(data: bytes) -> str | None:
    """An OpenDocument file is a ZIP whose ``mimetype`` entry names its type."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = archive.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    known = {mimetype for mimetype, _ in TYPES.values()}
    return declared if declared.startswith("application/vnd.oasis") and declared in known else None


def clean_filename(name: str) -> str:
    """The base name, without any folder, control character or leading dot."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = "".join(c for c in unicodedata.normalize("NFC", base) if c.isprintable())
    return base.strip().lstrip(".")[:255]


def _check(filename: str, data: bytes) -> str:
    if not filename:
        raise ServiceError("Choisissez un fichier à joindre.")
    if not data:
        raise ServiceError("Le fichier est vide.")
    if len(data) > MAX_BYTES:
        raise ServiceError(f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo.")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in TYPES:
        raise ServiceError(f"Type de fichier refusé : formats acceptés {ACCEPTED}.")
    actual = sniff(data)
    if actual is None or actual != TYPES[extension][0]:
        raise ServiceError(
            f"Le contenu de « {filename} » ne correspond pas à un fichier "
            f"{TYPES[extension][1]} : fichier refusé."
        )
    return actual


def attach_document(
    session: Session,
    meeting: Meeting,
    actor,
    filename: str,
    data: bytes,
    item: AgendaItem | None = None,
) -> Document:
    """Store an uploaded file with the meeting (and an agenda item, when given)."""
    if meeting.status == "closed":
        raise ServiceError("La réunion est close : ses documents ne changent plus.")
    filename = clean_filename(filename)
    mimetype = _check(filename, data)
    document = Document(
        meeting_id=meeting.id,
        agenda_item_id=item.id if item else None,
        filename=filename,
        content_type=mimetype,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_by_id=getattr(actor, "id", None),
    )
    session.add(document)
    session.flush()
    payload = {"filename": filename, "size": len(data), "sha256": document.sha256}
    record_audit(session, actor, "document.attach", document, payload)
    return document


def meeting_documents(session: Session, meeting: Meeting) -> list[Document]:
    """The meeting's documents, without loading their content."""
    return list(
        session.exec(
            select(Document)
            .options(defer(Document.data))
            .where(Document.meeting_id == meeting.id)
            .order_by(Document.agenda_item_id, Document.filename, Document.id)
        )
    )


def delete_document(session: Session, document: Document, actor) -> None:
    meeting = session.get(Meeting, document.meeting_id)
    if meeting is not None and meeting.status == "closed":
        raise ServiceError("La réunion est close : ses documents ne changent plus.")
    payload = {"filename": document.filename, "sha256": document.sha256}
    record_audit(session, actor, "document.delete", document, payload)
    session.delete(document)
    session.flush()
