"""PDF documents: Jinja HTML through WeasyPrint, returned as bytes.

The URL fetcher loads local files under the base directory (and ``data:`` URLs) only:
a document never reaches the network nor reads a file elsewhere on the server.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.urls import URLFetcher


class LocalFetcher(URLFetcher):
    """Fetch ``file:`` URLs under ``root`` and ``data:`` URLs; refuse everything else."""

    def __init__(self, root):
        super().__init__(allowed_protocols=("file", "data"))
        self.root = Path(root).resolve()

    def fetch(self, url, headers=None):
        if url.lower().startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not path.is_relative_to(self.root):
                raise ValueError(f"fichier hors de {self.root} refusé : {url}")
        return super().fetch(url, headers)


def render_pdf(html: str, base_url) -> bytes:
    """``html`` as a PDF; relative URLs resolve in the local directory ``base_url``."""
    root = Path(base_url).resolve()
    document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=LocalFetcher(root))
    return document.write_pdf()
