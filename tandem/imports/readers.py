"""Rows from an uploaded CSV or XLSX file, read as a stream, never loaded whole.

A reader yields ``(line, {header: text})`` with line 1 the header, and raises
``FileRefused`` for what makes the whole file unreadable (its encoding, its header, a workbook
Tandem will not open); a value that cannot be taken is the kind's to report, per row.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _

# An XLSX is a zip: refuse one that would unpack to far more than it weighs (a zip bomb).
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_PACKING_RATIO = 200
XLSX_MAGIC = b"PK\x03\x04"


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, in the reader's words.

    ``file`` names the member of a set of files (a OneRoster zip) that is refused."""

    def __init__(self, message, *, file: str = ""):
        super().__init__(message)
        self.file = file


def rows_of(stream, *, expected: list[str], required: set[str]) -> Iterator:
    """The file's rows as dicts keyed by the expected headers (CSV or XLSX, by content)."""
    start = stream.read(4)
    stream.seek(0)
    lines = _xlsx_lines(stream) if start == XLSX_MAGIC else _csv_lines(stream)
    return _rows(lines, lambda names: _check_header(names, expected, required))


def csv_rows(stream, *, check_header: Callable[[list[str]], None]) -> Iterator:
    """A CSV's rows as dicts keyed by its header, which ``check_header`` accepts or refuses."""
    return _rows(_csv_lines(stream), check_header)


def _rows(lines, check_header) -> Iterator:
    header = next(lines, None)
    if header is None:
        raise FileRefused(_("The file is empty: it should start with a line of column names."))
    names = [name.strip() for name in header[1]]
    check_header(names)
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(names):
            extra = [c for c in cells[len(names) :] if c.strip()]
            if extra:
                raise FileRefused(
                    _("Line %(line)d has more values than the header has columns.") % {"line": line}
                )
        values = {
            name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(names)
        }
        yield line, values


def header_hints(unknown: list[str], expected: list[str]) -> str:
    """The unknown column names, each with the known one it differs from only in case."""
    near = {n.lower(): n for n in expected}
    return ", ".join(
        _("“%(name)s” (did you mean “%(near)s”? Names are case-sensitive)")
        % {"name": name, "near": near[name.lower()]}
        if name.lower() in near
        else f"“{name}”"
        for name in unknown
    )


def _check_header(names: list[str], expected: list[str], required: set[str]) -> None:
    unknown = [name for name in names if name not in expected]
    if unknown:
        raise FileRefused(
            _("The header has columns Tandem does not know: %(names)s. The columns are: %(all)s.")
            % {"names": header_hints(unknown, expected), "all": ", ".join(expected)}
        )
    missing = [name for name in expected if name in required and name not in names]
    if missing:
        raise FileRefused(
            _("The header lacks required columns: %(names)s.") % {"names": ", ".join(missing)}
        )
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise FileRefused(
            _("The header names these columns twice: %(names)s.") % {"names": ", ".join(doubled)}
        )


def _csv_lines(stream) -> Iterator[tuple[int, list[str]]]:
    """UTF-8, with or without a byte-order mark; a byte that is not UTF-8 refuses the file."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text)
    line = 0
    try:
        for cells in reader:
            line = reader.line_num
            yield line, cells
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "The file is not UTF-8 text (after line %(line)d). Save it as “CSV UTF-8” "
                "and upload it again."
            )
            % {"line": line}
        ) from None
    except csv.Error as error:
        raise FileRefused(
            _("Line %(line)d is not valid CSV: %(error)s.") % {"line": line + 1, "error": error}
        ) from None


def _xlsx_lines(stream) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    with open_zip(stream, _("The file looks like a workbook but is not a valid XLSX.")) as archive:
        _refuse_merged_cells(archive)
    stream.seek(0)
    try:
        book = load_workbook(stream, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise FileRefused(_("The workbook cannot be opened: it may be damaged.")) from None
    try:
        if len(book.worksheets) != 1:
            raise FileRefused(
                _("The workbook has %(count)d sheets: put the rows on one sheet, alone.")
                % {"count": len(book.worksheets)}
            )
        for number, row in enumerate(book.worksheets[0].iter_rows(), start=1):
            cells = []
            for cell in row:
                if cell.data_type == "f":
                    raise FileRefused(
                        _(
                            "Cell %(cell)s holds a formula (%(formula)s): Tandem imports values "
                            "only. Paste the values in place of the formulas and upload again."
                        )
                        % {"cell": cell.coordinate, "formula": str(cell.value)[:60]}
                    )
                cells.append(_cell_text(cell.value))
            yield number, cells
    finally:
        book.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def open_zip(stream, not_a_zip: str) -> zipfile.ZipFile:
    """The zip, refused before anything is unpacked if it would unpack to too much (a zip
    bomb); ``not_a_zip`` says what the file should have been."""
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise FileRefused(not_a_zip) from None
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_PACKING_RATIO:
        archive.close()
        raise FileRefused(
            _(
                "The file would unpack to %(size)d MB, far more than its own size: "
                "Tandem will not open it."
            )
            % {"size": unpacked // (1024 * 1024)}
        )
    return archive


def _refuse_merged_cells(archive: zipfile.ZipFile) -> None:
    """A merged cell holds one value for several rows or columns: refused before openpyxl."""
    for info in archive.infolist():
        name = info.filename
        if (
            name.startswith("xl/worksheets/")
            and name.endswith(".xml")
            and _holds(archive, name, b"<mergeCell ")
        ):
            raise FileRefused(
                _("The sheet merges cells: unmerge them so each cell holds one value.")
            )


def _holds(archive: zipfile.ZipFile, name: str, needle: bytes) -> bool:
    tail = b""
    with archive.open(name) as member:
        while chunk := member.read(1024 * 1024):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False
