"""What every kind of import has: its columns, each read by a parser that says what is wrong."""

import datetime
import decimal
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tandem.imports.readers import rows_of
from tandem.organizations.models import SchoolYear
from tandem.people.models import Employment

DISTRICT, STATE = "district", "state"


class Invalid(ValueError):
    """A value Tandem cannot take, with the reason in the words of the column's help."""


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    example: str
    required: bool = False
    parse: Callable[[str], object] = str
    choices: tuple[str, ...] = ()


def text(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise Invalid(_("is longer than %(n)d characters") % {"n": max_length})
        return value

    return parse


def mepid(value: str) -> str | None:
    """The state educator identifier: eight digits, or nothing for one not yet given."""
    if not value:
        return None
    if not (value.isdigit() and len(value) == 8):
        raise Invalid(_("is not a MEPID: eight digits"))
    return value


THE_EDUCATOR = gettext_lazy("the educator")


def educator_columns(
    prefix: str = "", whose=THE_EDUCATOR, examples=("E-1042", "10234567")
) -> list[Column]:
    """The two columns that name an educator of the district: the employee number, or the
    MEPID when it is not given (``EmploymentIndex.find`` reads them in that order)."""
    return [
        Column(
            f"{prefix}employee_number",
            format_lazy(gettext_lazy("The district's number for {} (or give the MEPID)."), whose),
            examples[0],
            parse=text(20),
        ),
        Column(
            f"{prefix}state_id",
            format_lazy(
                gettext_lazy("The MEPID of {}, when the employee number is not given."), whose
            ),
            examples[1],
            parse=mepid,
        ),
    ]


def stored(queryset, *fields: str) -> Iterator[tuple]:
    """The current records a kind compares rows with, by primary key, read in chunks."""
    return queryset.values_list(*fields).order_by("pk").iterator(chunk_size=5000)


def district_years(district) -> dict[str, int]:
    """The district's school years by name (2026-27), as a row names one."""
    return dict(SchoolYear.objects.filter(district=district).values_list("name", "pk"))


def date(value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Invalid(_("is not a date written as YYYY-MM-DD")) from None


def yes_no(value: str) -> bool:
    lowered = value.lower()
    if lowered in ("y", "yes", "true", "1"):
        return True
    if lowered in ("", "n", "no", "false", "0"):
        return False
    raise Invalid(_("is not Y or N"))


def fte(value: str) -> decimal.Decimal:
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        raise Invalid(_("is not a number such as 1.0 or 0.5")) from None
    if not (0 < number <= 1) or number.as_tuple().exponent < -2:
        raise Invalid(_("is not between 0.01 and 1.00"))
    return number


def choice(choices) -> Callable[[str], str]:
    """One of a Django choices class's values; the column's help lists them."""
    values = {value for value, _label in choices}

    def parse(value: str) -> str:
        if value not in values:
            raise Invalid(_("is not one of: %(values)s") % {"values": ", ".join(sorted(values))})
        return value

    return parse


def optional_choice(choices) -> Callable[[str], str]:
    strict = choice(choices)
    return lambda value: strict(value) if value else ""


def choices_help(choices) -> str:
    return "; ".join(f"{value} ({label})" for value, label in choices)


@dataclass
class Checked:
    """One row, read: its values by column, and what is wrong with it."""

    line: int
    values: dict = field(default_factory=dict)
    # The file within a set the row comes from (a OneRoster zip's orgs.csv); empty for one file.
    file: str = ""
    problems: list[tuple[str, str, str]] = field(default_factory=list)

    def problem(self, column: str, reason: str) -> None:
        self.problems.append((column, str(self.values.get(column, ""))[:200], reason))

    def problem_at(self, file: str, line: int, column: str, value: str, reason: str) -> None:
        """A problem of this record found on another line or file of its set (its role)."""
        self.problems.append((file, line, column, value[:200], reason))

    def located(self) -> Iterator[tuple[str, int, str, str, str]]:
        """Every problem as (file, line, column, value, reason)."""
        for entry in self.problems:
            yield (self.file, self.line, *entry) if len(entry) == 3 else entry


class PlanUnreadable(ValueError):
    """The check's stored plan does not read back as rows: the file is read again instead."""


def digest_of(*parts: Iterable) -> str:
    """A digest of the records a context holds, each part an iterable of plain values in an
    order of their own (by primary key), so that the same records give the same digest."""
    digest = hashlib.sha256()
    for part in parts:
        for item in part:
            digest.update(repr(item).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def read_row(line: int, raw: dict, columns: list[Column]) -> Checked:
    row = Checked(line)
    for column in columns:
        value = raw.get(column.name, "")
        if column.required and not value:
            row.problems.append((column.name, "", _("is required")))
            continue
        try:
            row.values[column.name] = column.parse(value)
        except Invalid as error:
            row.problems.append((column.name, value[:200], str(error)))
    return row


class Kind:
    """A kind of record a district loads. The pipeline (``services``) reads, compares and
    applies; a kind says what its columns are, how a row finds the record it updates, and how
    adds and changes are written."""

    slug: str
    label: str
    intro: str
    columns: list[Column]
    # Whether records Tandem holds and the file leaves out can be ended (employment, assignments).
    ends_absent = False
    # What a run of this kind loads into: a district's records, or the state's organizations.
    scopes: tuple[str, ...] = (DISTRICT,)
    # Whether the upload is a zip of several files (kept as .zip, never opened as a workbook).
    takes_zip = False
    # Whether the upload is an XML document (an Ed-Fi interchange), kept as .xml.
    takes_xml = False

    def context(self, scope):
        """What the checks of every row need, loaded once: references and current records.
        ``scope`` is the run's district, or its state for a kind with the state scope."""
        raise NotImplementedError

    def rows(self, stream, context) -> Iterator[Checked]:
        """The upload's rows, read: one CSV or XLSX by default; a kind that takes a set of
        files (a zip) reads them here, resolves their references and names each row's file."""
        for line, raw in rows_of(stream, expected=self.headers, required=self.required):
            yield read_row(line, raw, self.columns)

    def check(self, row: Checked, context) -> None:
        """Checks across columns and against references, added to ``row.problems``."""

    def file_keys(self, values: dict) -> tuple[str, ...]:
        """What names the row in the file (each its own way), so a record given twice is found."""
        raise NotImplementedError

    def match(self, values: dict, context) -> str | None:
        """The key of the current record this row updates, or None for a new one."""
        raise NotImplementedError

    def comparable(self, values: dict) -> dict[str, str]:
        """The row's stored fields as text, compared with ``context.current``."""
        raise NotImplementedError

    def label_of(self, values: dict) -> str:
        raise NotImplementedError

    def state_digest(self, context) -> str:
        """A digest of every record ``context`` holds, for a kind whose apply may write the
        check's stored plan while it is unchanged; empty (the default) for a kind whose apply
        always reads its file again."""
        return ""

    def planned(self, values: dict) -> dict[str, str]:
        """What the check stores of a row it adds: enough for ``from_plan`` to rebuild it."""
        return self.comparable(values)

    def from_plan(self, fields: dict[str, str], context) -> dict:
        """A row's values rebuilt from the text the check stored (``planned``, or a record's
        stored fields with the changes made), as reading the file would give them."""
        row = read_row(0, fields, self.columns)
        if row.problems:
            raise PlanUnreadable(row.problems)
        return row.values

    def apply(self, context, *, adds, changes, absent, end_date, by) -> None:
        """Write the adds (values), changes ((key, values)) and the ends of ``absent`` keys."""
        raise NotImplementedError

    @property
    def has_template(self) -> bool:
        """A kind of columns has a template; a zip or an interchange is what a system exports."""
        return not (self.takes_zip or self.takes_xml)

    @property
    def headers(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required(self) -> set[str]:
        return {column.name for column in self.columns if column.required}


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, decimal.Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class EmploymentIndex:
    """The district's employments by employee number and by MEPID (a later employment of the
    same person wins), for kinds whose rows name an educator either way."""

    def __init__(self, district):
        self.by_number: dict[str, tuple[int, int]] = {}
        self.by_state_id: dict[str, tuple[int, int]] = {}
        self.names: dict[int, str] = {}
        for pk, person_id, number, state_id in (
            Employment.objects.filter(district=district)
            .order_by("start_date", "pk")
            .values_list("pk", "person_id", "employee_number", "person__state_id")
            .iterator(chunk_size=5000)
        ):
            if number:
                self.by_number[number] = (pk, person_id)
            if state_id:
                self.by_state_id[state_id] = (pk, person_id)
            self.names[pk] = number or state_id or ""

    def find(self, row: Checked, number_column: str, state_id_column: str):
        """(employment, person) the row names, or None with the problem added to the row.
        Whichever way the row names them, ``names`` gives one name, to find a row given twice."""
        number, state_id = row.values.get(number_column), row.values.get(state_id_column)
        found = self.by_number.get(number) if number else None
        if found is None and state_id:
            found = self.by_state_id.get(state_id)
        if found is None:
            column = number_column if number or not state_id else state_id_column
            row.problem(
                column,
                _("names no educator of this district: import the educators first")
                if number or state_id
                else _("or the MEPID is required"),
            )
        return found


def school_year_of(row: Checked, years: dict[str, int]) -> int | None:
    """The district's school year the row's ``school_year`` names, or a problem."""
    name = row.values.get("school_year")
    if name and name not in years:
        row.problem("school_year", _("is not a school year of this district, such as 2026-27"))
    return years.get(name)


class WritesRows:
    """A kind whose records are matched by ``context.current`` keys and written alike: each add
    is ``build(values)``, a change sets the ``changeable`` fields, and the absent records end
    on the date given (never before they started). Every write keeps history."""

    model: type
    changeable: tuple[str, ...]

    def build(self, values: dict):
        raise NotImplementedError

    def apply(self, context, *, adds, changes, absent, end_date, by) -> None:
        model = self.model
        bulk_create_with_history(
            [self.build(values) for values in adds], model, default_user=by, batch_size=2000
        )
        by_pk = {context.current[key][0]: values for key, values in changes}
        changed = list(model.objects.filter(pk__in=by_pk))
        for record in changed:
            for name in self.changeable:
                setattr(record, name, by_pk[record.pk][name])
        if end_date is not None and absent:
            keys = [context.current[key][0] for key in absent]
            ended = list(model.objects.filter(pk__in=keys))
            for record in ended:
                record.end_date = max(end_date, record.start_date)
            changed += ended
        bulk_update_with_history(
            changed, model, list(self.changeable), default_user=by, batch_size=2000
        )
