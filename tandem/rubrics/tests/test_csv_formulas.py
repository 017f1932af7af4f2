"""A rubric exported as CSV never carries a formula, and imports back exactly (issue 11).

A cell a spreadsheet would run (``=HYPERLINK(…)``, ``+1+cmd|…``, ``@SUM(…)``, a leading ``-``,
tab or carriage return) is written with a quote before it, the OWASP way; a cell that starts
with a quote gets one too, so that reading strips exactly one quote and every value, a real
leading quote included, comes back as it was.
"""

import csv
import io
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from tandem.rubrics import interchange
from tandem.ui.spreadsheet import spreadsheet_cell, spreadsheet_text

FORMULAS = ['=HYPERLINK("http://evil.test","x")', "+1+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3"]
LEADS = ["", "=", "+", "-", "@", "\t", "\r", "'", "'=", "''", "'+", "\t="]
# Text as an import keeps it: no space at either end (the import strips it), never empty.
BODY = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40).filter(
    lambda text: text == text.strip()
)
VALUE = st.builds(lambda lead, body: lead + body, st.sampled_from(LEADS), BODY)


def _all(*items):
    return SimpleNamespace(all=lambda: list(items))


def _framework(name, descriptors):
    element = SimpleNamespace(
        code="I-A-1", name=name, **dict(zip(interchange.LEVELS, descriptors, strict=True))
    )
    indicator = SimpleNamespace(code="I-A", name=name, description=name, elements=_all(element))
    return [SimpleNamespace(code="I", name=name, description=name, indicators=_all(indicator))]


def _import(exported):
    return interchange.parse_framework(
        upload=exported.encode(),
        file_format="csv",
        meta={"slug": "copy", "name": "Copy", "role_group": "teacher", "edition": "2026"},
    )


def test_no_exported_cell_starts_a_formula():
    exported = interchange.export_csv(_framework(FORMULAS[0], FORMULAS))
    _header, row = csv.reader(io.StringIO(exported))
    assert row[1] == "'" + FORMULAS[0]
    assert [cell for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))] == []


@given(st.text())
def test_a_cell_reads_back_as_it_was_written(value):
    assert spreadsheet_text(spreadsheet_cell(value)) == value


@given(st.text())
def test_a_written_cell_never_starts_a_formula(value):
    assert not spreadsheet_cell(value).startswith(("=", "+", "-", "@", "\t", "\r"))


@given(name=VALUE, descriptors=st.lists(VALUE, min_size=4, max_size=4, unique=True))
def test_a_rubric_with_formula_like_text_round_trips_through_csv(name, descriptors):
    document = _import(interchange.export_csv(_framework(name, descriptors)))
    (standard,) = document.standards
    (indicator,) = standard["indicators"]
    (element,) = indicator["elements"]
    assert (standard["name"], standard["description"]) == (name, name)
    assert (indicator["name"], indicator["description"]) == (name, name)
    assert element["name"] == name
    assert [element["descriptors"][level] for level in interchange.LEVELS] == descriptors
