"""HTML from the Jinja templates in templates/minutes/, and PDF/A-3b from HTML (WeasyPrint).

The PDF is rendered once: its page count comes from the laid-out document. Only files under
templates/minutes/ can be loaded while rendering; any other URL is refused.
"""

from __future__ import annotations

import hashlib
import mimetypes
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
from weasyprint import HTML
from weasyprint import Attachment as PdfAttachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

from minutes.document import Attachment, Document
from minutes.fr import FILTERS

TEMPLATES = Path(__file__).parent.parent / "templates" / "minutes"
PDF_VARIANT = "pdf/a-3b"


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    page_count: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


def w3c_date(value: datetime) -> str:
    """The date format of PDF metadata: « 2026-03-03T21:40:00Z »."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def siren_fr(value: str) -> str:
    """« 123 456 789 »."""
    digits = "".join(value.split())
    return " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS, w3c_date=w3c_date, siren_fr=siren_fr)
    return env


def render_html(document: Document) -> str:
    template = environment().get_template(document.template)
    return template.render(document=document, **document.context)


def render_pdf(document: Document) -> RenderedPdf:
    """The document as PDF/A-3b bytes, with its attachments, and its page count."""
    return html_to_pdf(render_html(document), document.attachments, document.created)


class LocalFetcher(URLFetcher):
    """Loads files from one folder (the templates) and refuses every other URL."""

    def __init__(self, root: Path = TEMPLATES) -> None:
        super().__init__()
        self.root = root.resolve()

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"Ressource refusée (seuls les fichiers locaux sont admis) : {url}")
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_file() or not path.is_relative_to(self.root):
            raise ValueError(f"Ressource refusée (hors du dossier des modèles) : {url}")
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mimetype})


def html_to_pdf(
    html: str, attachments: Sequence[Attachment] = (), created: datetime | None = None
) -> RenderedPdf:
    """Render HTML (relative URLs resolved in templates/minutes/) to PDF/A-3b, once."""
    stamp = (created or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    files = [
        PdfAttachment(
            string=item.data,
            name=item.filename,
            description=item.description,
            relationship=item.relationship,
            created=stamp,
            modified=stamp,
        )
        for item in attachments
    ]
    options = {"pdf_variant": PDF_VARIANT, "attachments": files}
    page = HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=LocalFetcher())
    document = page.render(**options)
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB output-intent profile (PDF/A) without closing it.
        warnings.filterwarnings("ignore", "unclosed file .*sRGB2014", ResourceWarning)
        pdf = document.write_pdf(**options)
    return RenderedPdf(pdf, len(document.pages))
