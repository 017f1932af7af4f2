"""Printable forms: HTML templates rendered to PDF with WeasyPrint, from our own files only."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def _no_fetching(url, *args, **kwargs):
    """A printable form is self-contained: it never fetches anything, inside or outside."""
    raise ValueError(f"printable forms do not load {url}")


def pdf_bytes(*, template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported here: it loads native libraries

    html = render_to_string(template, context)
    # Tagged, so that screen readers follow headings, tables and reading order (WCAG 2.1 AA).
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf(pdf_tags=True)


def pdf_response(*, template: str, context: dict, filename: str) -> HttpResponse:
    pdf = pdf_bytes(template=template, context=context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
