"""Agenda items, Markdown sanitising, and documents checked by their content."""

import io
import zipfile

import pytest
from sqlmodel import select

from scic.models import AgendaItem, Document
from scic.services import ServiceError
from scic.services.agenda import (
    add_item,
    agenda_items,
    delete_item,
    move_item,
    render_markdown,
    reorder_items,
    update_item,
)
from scic.services.documents import MAX_BYTES, attach_document, clean_filename, sniff

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def odt(mimetype="application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _titles(db, meeting):
    return [(i.position, i.title) for i in agenda_items(db, meeting)]


def test_items_are_appended_moved_and_reordered(db, factory):
    meeting = factory.meeting()
    a, b, c = (add_item(db, meeting, None, title=t) for t in ("A", "B", "C"))
    assert _titles(db, meeting) == [(1, "A"), (2, "B"), (3, "C")]
    move_item(db, c, None, -1)
    assert _titles(db, meeting) == [(1, "A"), (2, "C"), (3, "B")]
    move_item(db, a, None, -1)  # already first: nothing moves
    reorder_items(db, meeting, None, [b.id, a.id, c.id])
    assert _titles(db, meeting) == [(1, "B"), (2, "A"), (3, "C")]
    with pytest.raises(ServiceError, match="rechargez"):
        reorder_items(db, meeting, None, [a.id, b.id])
    delete_item(db, a, None)
    assert _titles(db, meeting) == [(1, "B"), (2, "C")]


def test_item_values_are_checked(db, factory):
    meeting = factory.meeting()
    with pytest.raises(ServiceError, match="intitulé"):
        add_item(db, meeting, None, title="  ")
    with pytest.raises(ServiceError, match="durée"):
        add_item(db, meeting, None, title="Long", duration_minutes=0)
    item = add_item(db, meeting, None, title="Budget", duration_minutes=30, presenter=" Nadia ")
    update_item(db, item, None, title="Budget 2026")
    assert (item.title, item.duration_minutes, item.presenter) == ("Budget 2026", 30, "Nadia")


def test_the_agenda_is_fixed_by_the_convocation(db, factory):
    meeting = factory.meeting(status="convened")
    item = factory.agenda_item(meeting)
    for action in (
        lambda: add_item(db, meeting, None, title="Nouveau"),
        lambda: update_item(db, item, None, title="Autre"),
        lambda: move_item(db, item, None, 1),
        lambda: delete_item(db, item, None),
    ):
        with pytest.raises(ServiceError, match="fixé par la convocation"):
            action()
    assert db.exec(select(AgendaItem.title)).all() == [item.title]


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "**Gras** et [lien](https://casaco.example)\n\n"
        "<script>alert(1)</script>\n\n[piège](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<strong>Gras</strong>" in html
    assert 'href="https://casaco.example"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<script" not in html and "javascript:" not in html
    assert "onerror" not in html and "<img" not in html


@pytest.mark.parametrize(
    ("data", "mimetype"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (odt(), "application/vnd.oasis.opendocument.text"),
        (odt("application/zip"), None),
        (b"PK\x03\x04 not really a zip", None),
        (b"MZ\x90\x00 an executable", None),
    ],
)
def test_the_type_is_read_from_the_content(data, mimetype):
    assert sniff(data) == mimetype


def test_documents_are_stored_with_their_hash(db, factory):
    meeting = factory.meeting()
    item = factory.agenda_item(meeting)
    doc = attach_document(db, meeting, None, "../../rapport moral.pdf", PDF, item)
    assert (doc.filename, doc.content_type, doc.size) == (
        "rapport moral.pdf",
        "application/pdf",
        len(PDF),
    )
    assert doc.agenda_item_id == item.id and len(doc.sha256) == 64
    attach_document(db, meeting, None, "compte-rendu.odt", odt())


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("rapport.pdf", PNG, "ne correspond pas à un fichier PDF"),
        ("photo.png", PDF, "ne correspond pas à un fichier PNG"),
        ("virus.exe", b"MZ", "Type de fichier refusé"),
        ("vide.pdf", b"", "vide"),
        ("", PDF, "Choisissez un fichier"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_stored(db, factory, filename, data, message):
    meeting = factory.meeting()
    with pytest.raises(ServiceError, match=message):
        attach_document(db, meeting, None, filename, data)
    assert db.exec(select(Document)).all() == []


def test_the_size_limit_is_inclusive(db, factory):
    meeting = factory.meeting()
    exact = PDF + b"0" * (MAX_BYTES - len(PDF))
    assert attach_document(db, meeting, None, "gros.pdf", exact).size == MAX_BYTES
    with pytest.raises(ServiceError, match="dépasse 10 Mo"):
        attach_document(db, meeting, None, "trop.pdf", exact + b"0")


def test_filenames_lose_folders_and_control_characters():
    assert clean_filename("C:\\Users\\x\\budget.pdf") == "budget.pdf"
    assert clean_filename("/etc/.hidden.pdf") == "hidden.pdf"
    assert clean_filename("a\x00b\n.pdf") == "ab.pdf"
