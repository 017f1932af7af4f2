"""Printable forms are tagged PDFs, for screen readers."""

import re
import zlib

from tandem.ui.pdf import pdf_bytes


def _objects(pdf: bytes) -> bytes:
    """The PDF's text with its compressed streams opened, where the catalog's keys live."""
    opened = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            opened.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(opened)


def test_a_printable_form_is_tagged_for_screen_readers():
    pdf = pdf_bytes(template="evaluation/pdf/base.html", context={})
    assert pdf.startswith(b"%PDF")
    catalog = _objects(pdf)
    assert b"/StructTreeRoot" in catalog and b"/MarkInfo" in catalog and b"/Lang" in catalog
