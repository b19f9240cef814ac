"""PDF documents rendered with WeasyPrint.

WeasyPrint fetches nothing from outside: the URL fetcher only serves the project's own
static files (and inline data: URIs), so a document can never leak a request to a third
party or read an arbitrary file from disk.
"""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A host name that cannot resolve; relative URLs in the documents are resolved against it.
PDF_BASE_URL = "https://pdf.mozaiek.invalid/"
_PDF_HOST = urlparse(PDF_BASE_URL).hostname


class StaticFilesOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        static_prefix = settings.STATIC_URL
        if parsed.hostname != _PDF_HOST or not parsed.path.startswith(static_prefix):
            raise ValueError(f"PDF documents may only use the project's static files: {url}")
        relative = parsed.path[len(static_prefix) :]
        path = _static_file_path(relative)
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = "text/css" if relative.endswith(".css") else "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def _static_file_path(relative: str) -> str:
    """The file behind a static URL: collected (hashed) files first, then the finders."""
    try:
        if staticfiles_storage.exists(relative):
            return staticfiles_storage.path(relative)
    except (SuspiciousFileOperation, NotImplementedError):
        raise ValueError(f"Not a static file: {relative}") from None
    path = finders.find(relative)
    if not path:
        raise ValueError(f"No such static file: {relative}")
    return path


def render_pdf(template_name: str, context: dict) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    return HTML(
        string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesOnlyFetcher()
    ).write_pdf()
