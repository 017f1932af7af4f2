"""Downloads as CSV that a spreadsheet opens as plain text, never as formulas (issue 11)."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

# A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def spreadsheet_cell(value) -> str:
    """The value as text, with a quote before anything a spreadsheet would take for a formula.

    A value that itself starts with a quote gets one too, so that ``spreadsheet_text`` can
    take exactly one off and a file Tandem reads back (a rubric's CSV) holds what was written.
    """
    text = "" if value is None else str(value)
    return QUOTE + text if text.startswith((*FORMULA_STARTS, QUOTE)) else text


def spreadsheet_text(cell: str) -> str:
    """The value ``spreadsheet_cell`` wrote: one leading quote taken off, if there is one."""
    return cell.removeprefix(QUOTE)


def csv_response(*, filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")  # the byte-order mark tells Excel the file is UTF-8
    writer = csv.writer(response)
    writer.writerow([spreadsheet_cell(name) for name in header])
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    return response


def xlsx_response(*, filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """One sheet, written as a stream (openpyxl's write-only mode), values as text."""
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([spreadsheet_cell(name) for name in header])
    for row in rows:
        sheet.append([spreadsheet_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
