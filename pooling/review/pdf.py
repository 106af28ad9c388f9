"""A printable page as a PDF, drawn by WeasyPrint from the page's own HTML and stylesheets."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, request
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse


class StaticFetcher(URLFetcher):
    """Stylesheets and images from the app's static folder, read from disk: the PDF is drawn
    while the request is served, so asking the server for them could wait on itself. Nothing
    else is fetched but `data:` URLs."""

    def __init__(self, folder: str, url_path: str):
        super().__init__(allowed_protocols=("http", "https", "data"))
        self.folder = Path(folder).resolve()
        self.prefix = url_path.rstrip("/") + "/"

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = urlsplit(url).path
        if path.startswith(self.prefix):
            file = (self.folder / path[len(self.prefix):]).resolve()
            if file.is_relative_to(self.folder) and file.is_file():
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": kind})
        raise ValueError(f"Not fetched for a PDF: {url}")


def pdf_of(html: str) -> bytes:
    """The page's HTML, with its static files, as a PDF document."""
    fetcher = StaticFetcher(current_app.static_folder, current_app.static_url_path)
    return HTML(string=html, base_url=request.host_url, url_fetcher=fetcher).write_pdf()
