"""Legal documents of a SCIC: minutes, attendance sheet, convocation and voting forms.

Pure: a plain snapshot of the meeting (minutes.snapshot) becomes a Document
(minutes.document), rendered to HTML from templates/minutes/ and to PDF/A-3b by WeasyPrint
(minutes.render). No Flask, no database.
"""

from minutes.document import Attachment, Document, build_minutes
from minutes.paper import (
    Addressee,
    Notice,
    ProposedResolution,
    convocation_letters,
    paper_documents,
    postal_vote_forms,
    proxy_forms,
)
from minutes.render import RenderedPdf, html_to_pdf, render_html, render_pdf
from minutes.snapshot import (
    AgendaItem,
    Attendee,
    Bureau,
    Convocation,
    Cooperative,
    Director,
    Meeting,
    MinutesError,
    MinutesSnapshot,
    Resolution,
    Sending,
)


def minutes_pdf(snapshot: MinutesSnapshot, draft: bool = False) -> tuple[Document, RenderedPdf]:
    """Build and render the minutes of a meeting: the document (kind, title) and the PDF."""
    document = build_minutes(snapshot, draft=draft)
    return document, render_pdf(document)


__all__ = [
    "Addressee",
    "AgendaItem",
    "Attachment",
    "Attendee",
    "Bureau",
    "Convocation",
    "Cooperative",
    "Director",
    "Document",
    "Meeting",
    "MinutesError",
    "MinutesSnapshot",
    "Notice",
    "ProposedResolution",
    "RenderedPdf",
    "Resolution",
    "Sending",
    "build_minutes",
    "convocation_letters",
    "html_to_pdf",
    "minutes_pdf",
    "paper_documents",
    "postal_vote_forms",
    "proxy_forms",
    "render_html",
    "render_pdf",
]
