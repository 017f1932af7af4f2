"""Educators and their employment in the district: one row per person employed."""

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from tandem.imports.kinds.base import (
    Checked,
    Column,
    Kind,
    as_text,
    choice,
    choices_help,
    date,
    digest_of,
    mepid,
    optional_choice,
    text,
    yes_no,
)
from tandem.organizations.models import BargainingUnit
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, Person

PERSON_FIELDS = ("state_id", "first_name", "last_name", "email")
EMPLOYMENT_FIELDS = (
    "employee_number",
    "role_group",
    "start_date",
    "role_start_date",
    "has_pts",
    "pts_date",
    "bargaining_unit",
    "end_date",
    "separation_reason",
)


COLUMNS = [
    Column(
        "state_id",
        gettext_lazy(
            "The MEPID, the state's eight-digit educator identifier. Leave it empty for a new hire "
            "the state has not yet given one; the row is then matched on the employee number."
        ),
        "10234567",
        parse=mepid,
    ),
    Column(
        "employee_number",
        gettext_lazy(
            "The district's own number for the employee, as in its HR system. A row is matched "
            "on it first, then on the MEPID."
        ),
        "E-1042",
        parse=text(20),
    ),
    Column("first_name", gettext_lazy("Given name."), "Maria", required=True, parse=text(100)),
    Column("last_name", gettext_lazy("Family name."), "Santos", required=True, parse=text(100)),
    Column(
        "email",
        gettext_lazy("Work e-mail, used to invite the educator to sign in."),
        "maria.santos@district.example.org",
        parse=text(254),
    ),
    Column(
        "role_group",
        gettext_lazy("Which rubric and rules apply: %(choices)s.")
        % {"choices": choices_help(RoleGroup.choices)},
        "teacher",
        required=True,
        parse=choice(RoleGroup.choices),
    ),
    Column(
        "start_date",
        gettext_lazy("First day of employment in the district, as YYYY-MM-DD."),
        "2019-08-26",
        required=True,
        parse=date,
    ),
    Column(
        "role_start_date",
        gettext_lazy(
            "First day in the current role group; empty means the employment's start date."
        ),
        "2019-08-26",
        parse=date,
    ),
    Column(
        "has_pts",
        gettext_lazy(
            "Y when the educator holds professional teacher status in this district (teachers "
            "and specialized instructional support personnel only), N otherwise."
        ),
        "Y",
        parse=yes_no,
    ),
    Column(
        "pts_date", gettext_lazy("The day PTS was granted, if known."), "2022-08-29", parse=date
    ),
    Column(
        "bargaining_unit",
        gettext_lazy("The code of the educator's bargaining unit in the district, if any."),
        "A",
        parse=text(20),
    ),
    Column(
        "end_date",
        gettext_lazy("Last day of employment, once the educator has left."),
        "",
        parse=date,
    ),
    Column(
        "separation_reason",
        gettext_lazy("Why the educator left, with an end date: %(choices)s.")
        % {"choices": choices_help(Employment.SeparationReason.choices)},
        "",
        parse=optional_choice(Employment.SeparationReason.choices),
    ),
]


@dataclass
class Context:
    district: object
    units: dict[str, int]
    # Current employments: key → (employment pk, person pk, comparable fields).
    current: dict[str, tuple[int, int, dict[str, str]]] = field(default_factory=dict)
    by_number: dict[str, str] = field(default_factory=dict)
    by_state_id: dict[str, str] = field(default_factory=dict)
    # Everyone in the state with an identifier: MEPID → (person pk, names folded, full name).
    people: dict[str, tuple] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)


class Educators(Kind):
    slug = "educators"
    label = gettext_lazy("Educators and their employment")
    intro = gettext_lazy(
        "One row per educator employed in the district, current or past. A row updates the "
        "employment it matches (on the employee number, then the MEPID) and adds the others. "
        "Employments Tandem holds that the file leaves out are listed before anything is "
        "applied, and you decide whether they end."
    )
    columns = COLUMNS
    ends_absent = True

    def context(self, district) -> Context:
        context = Context(
            district=district,
            units=dict(BargainingUnit.objects.filter(district=district).values_list("code", "pk")),
            people={
                state_id: (pk, first.casefold(), last.casefold(), f"{first} {last}")
                for state_id, pk, first, last in Person.objects.exclude(state_id=None)
                .values_list("state_id", "pk", "first_name", "last_name")
                .iterator(chunk_size=5000)
            },
        )
        unit_codes = {pk: code for code, pk in context.units.items()}
        rows = (
            Employment.objects.filter(district=district)
            .values_list("pk", "person_id", "person__state_id", *_person_values(), *_emp_values())
            .order_by("pk")
            .iterator(chunk_size=5000)
        )
        for pk, person_id, state_id, *values in rows:
            fields = dict(zip(PERSON_FIELDS + EMPLOYMENT_FIELDS, values, strict=True))
            fields["bargaining_unit"] = unit_codes.get(fields["bargaining_unit"], "")
            key = f"employment:{pk}"
            context.current[key] = (
                pk,
                person_id,
                Stored(STORED_INDEX, map(as_text, fields.values())),
            )
            if fields["employee_number"]:
                context.by_number[fields["employee_number"]] = key
            if state_id:
                context.by_state_id[state_id] = key
            if fields["end_date"] is None:
                context.active.add(key)
        return context

    def check(self, row: Checked, context: Context) -> None:
        values = row.values
        if not values.get("state_id") and not values.get("employee_number"):
            row.problem("employee_number", _("is required when the MEPID is empty"))
        if values.get("has_pts") and values.get("role_group") not in (
            RoleGroup.TEACHER,
            RoleGroup.SISP,
        ):
            row.problem("has_pts", _("is only for teachers and SISP"))
        unit = values.get("bargaining_unit")
        if unit and unit not in context.units:
            row.problem("bargaining_unit", _("is not a bargaining unit of this district"))
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            row.problem("end_date", _("is before the start date"))
        if values.get("email"):
            try:
                validate_email(values["email"])
            except ValidationError:
                row.problem("email", _("is not an e-mail address"))
        if values.get("separation_reason") and not end:
            row.problem("separation_reason", _("needs an end date"))
        if values.get("role_start_date") is None and "role_start_date" in values:
            values["role_start_date"] = start
        key = self.match(values, context)
        state_id = values.get("state_id")
        if state_id and state_id in context.people:
            holder = context.people[state_id]
            if key is not None and context.current[key][1] != holder[0]:
                row.problem("state_id", _("belongs to another educator in Tandem"))
            elif key is None and holder[1:3] != _names(values):
                # A new employment of someone Tandem knows from elsewhere: a mistyped MEPID
                # would hand another person's record to this row.
                row.problem(
                    "state_id",
                    _("is %(name)s's in Tandem, not %(row)s's: check the MEPID")
                    % {
                        "name": holder[3],
                        "row": f"{values.get('first_name')} {values.get('last_name')}",
                    },
                )

    def file_keys(self, values: dict) -> tuple[str, ...]:
        number_key, state_id_key = _key_formats(get_language())
        keys = []
        if values.get("employee_number"):
            keys.append(number_key % {"n": values["employee_number"]})
        if values.get("state_id"):
            keys.append(state_id_key % {"n": values["state_id"]})
        return tuple(keys)

    def match(self, values: dict, context: Context) -> str | None:
        number, state_id = values.get("employee_number"), values.get("state_id")
        if number and number in context.by_number:
            return context.by_number[number]
        if state_id and state_id in context.by_state_id:
            return context.by_state_id[state_id]
        return None

    def comparable(self, values: dict) -> dict[str, str]:
        return {name: as_text(values.get(name)) for name in PERSON_FIELDS + EMPLOYMENT_FIELDS}

    def label_of(self, values: dict) -> str:
        ident = values.get("state_id") or values.get("employee_number") or ""
        return f"{values.get('last_name', '')}, {values.get('first_name', '')} ({ident})"

    def state_digest(self, context: Context) -> str:
        """The district's employments and bargaining units, and everyone with a MEPID."""
        return digest_of(
            sorted(context.units.items()),
            (
                (key, pk, person, stored.values)
                for key, (pk, person, stored) in context.current.items()
            ),
            sorted(context.people.items()),
        )

    def apply(self, context: Context, *, adds, changes, absent, end_date, by) -> None:
        unit_of = context.units
        new_people = (
            {name: values[name] for name in PERSON_FIELDS}
            for values in adds
            if not (values.get("state_id") and values["state_id"] in context.people)
        )
        fresh = iter(insert_with_history(Person, new_people, by=by))

        def employments():
            for values in adds:
                state_id = values.get("state_id")
                known = context.people.get(state_id) if state_id else None
                person_id = known[0] if known else next(fresh)
                yield {"person_id": person_id, "district_id": context.district.pk} | _emp(
                    values, unit_of
                )

        insert_with_history(Employment, employments(), by=by)
        self._apply_changes(context, changes, by)
        if end_date is not None and absent:
            ended = list(Employment.objects.filter(pk__in=[context.current[k][0] for k in absent]))
            for employment in ended:
                employment.end_date = max(end_date, employment.start_date)
                employment.separation_reason = Employment.SeparationReason.OTHER
            bulk_update_with_history(
                ended,
                Employment,
                ["end_date", "separation_reason"],
                default_user=by,
                batch_size=2000,
            )

    def _apply_changes(self, context: Context, changes, by) -> None:
        if not changes:
            return
        person_ids = {context.current[key][1]: values for key, values in changes}
        employment_ids = {context.current[key][0]: values for key, values in changes}
        people_update(person_ids, by)
        employments = list(Employment.objects.filter(pk__in=employment_ids))
        for employment in employments:
            for name, value in _emp(employment_ids[employment.pk], context.units).items():
                setattr(employment, name, value)
        fields = [f if f != "bargaining_unit" else "bargaining_unit_id" for f in EMPLOYMENT_FIELDS]
        bulk_update_with_history(employments, Employment, fields, default_user=by, batch_size=2000)


def people_update(values_by_person: dict[int, dict], by) -> None:
    """Write the person's fields of each changed row, with history."""
    people = list(Person.objects.filter(pk__in=values_by_person))
    for person in people:
        for name in PERSON_FIELDS:
            setattr(person, name, values_by_person[person.pk][name])
    bulk_update_with_history(people, Person, list(PERSON_FIELDS), default_user=by, batch_size=2000)


class Stored:
    """A record's stored fields as text, read by name like a dict: a tuple a record, as a
    dict a record held a large district's records in memory several times over."""

    __slots__ = ("index", "values")

    def __init__(self, index: dict[str, int], values):
        self.index = index
        self.values = tuple(values)

    def get(self, name: str, default=None):
        position = self.index.get(name)
        return default if position is None else self.values[position]

    def __getitem__(self, name: str):
        return self.values[self.index[name]]


STORED_INDEX = {name: n for n, name in enumerate(PERSON_FIELDS + EMPLOYMENT_FIELDS)}


@functools.cache
def _key_formats(language: str | None) -> tuple[str, str]:
    """How a row's keys are named, translated once a language rather than once a row."""
    return _("employee number %(n)s"), _("MEPID %(n)s")


# Rows written at a time: a bound on the memory an apply's inserts take beside its plan.
INSERT_BATCH = 5000


def insert_with_history(model, rows: Iterable[dict], *, by) -> list[int]:
    """Insert ``rows`` (field attname → value, defaults for the rest) with ``executemany``, then
    their "+" history rows, as simple_history's bulk_create_with_history would write them, in one
    ``INSERT … SELECT`` from the rows just written: building model instances, or history rows in
    Python, was most of an apply's time. ``rows`` is read a batch at a time, so a generator keeps
    only a batch in memory. Returns the new ids in order."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    adapt = [_adapter(f) for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    names = [f.column for f in fields]
    ids: list[int] = []
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(rows, INSERT_BATCH)):
            new = _new_ids(model, len(chunk))
            # Built as they are written: PostgreSQL takes in the first rows of the COPY while
            # the next are being built.
            batch = (
                [
                    pk,
                    *(
                        convert(row.get(f.attname, defaults[f.attname]))
                        for f, convert in zip(fields, adapt, strict=True)
                    ),
                ]
                for pk, row in zip(new, chunk, strict=True)
            )
            _write_rows(cursor, model._meta.db_table, ["id", *names], batch)
            ids += new
        if ids:
            _history_copy(cursor, model, ["id", *names], ids, by)
    return ids


def _history_copy(cursor, model, columns: list[str], ids: list[int], by) -> None:
    """The "+" history row of each of ``ids``, copied from the record in one statement, with
    one date and the person who applied, as simple_history gives the rows it writes in bulk."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    extra = ", ".join(
        quote(column)
        for column in ("history_date", "history_change_reason", "history_type", "history_user_id")
    )
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    # The ids as ranges of consecutive ids (one on SQLite, taken under the apply's write lock;
    # on PostgreSQL as many as other writers took ids between ours): a range is read from the
    # primary key's index at once, where a list of ids was looked up one by one.
    ranges = _ranges(ids)
    for start in range(0, len(ranges), RANGES_A_STATEMENT):
        part = ranges[start : start + RANGES_A_STATEMENT]
        which = " OR ".join(["id BETWEEN %s AND %s"] * len(part))
        cursor.execute(
            f"INSERT INTO {quote(model.history.model._meta.db_table)} ({names}, {extra}) "  # noqa: S608 (model names)
            f"SELECT {names}, %s, NULL, '+', %s FROM {quote(model._meta.db_table)} "
            f"WHERE {which} ORDER BY id",
            [when, by.pk if by else None, *itertools.chain.from_iterable(part)],
        )


RANGES_A_STATEMENT = 200


def _ranges(ids: list[int]) -> list[tuple[int, int]]:
    """``ids`` as (first, last) of each run of consecutive ids, in their order."""
    ranges = []
    first = last = ids[0]
    for pk in ids[1:]:
        if pk != last + 1:
            ranges.append((first, last))
            first = pk
        last = pk
    ranges.append((first, last))
    return ranges


def _write_rows(cursor, table: str, columns: list[str], rows: Iterable[list]) -> None:
    """``rows`` into ``table``: ``COPY`` on PostgreSQL (its ``executemany`` makes a statement a
    row, several times slower), ``executemany`` on SQLite."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", list(rows))  # noqa: S608 (model names)


def _adapter(field):
    """The one conversion a column's values need on their way to the database driver."""
    ops = connection.ops
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    return lambda value: value


def _new_ids(model, count: int) -> list[int]:
    """Ids for ``count`` new rows, taken inside the apply's transaction."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # SQLite: the apply holds the write lock from its first statement (IMMEDIATE), and an
        # AUTOINCREMENT table never gives an id again, even a deleted row's.
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {quoted}), 0), "  # noqa: S608 (a table)
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        (top,) = cursor.fetchone()
    return list(range(top + 1, top + 1 + count))


def _names(values: dict) -> tuple[str, str]:
    return (values.get("first_name") or "").casefold(), (values.get("last_name") or "").casefold()


def _person_values() -> list[str]:
    return [f"person__{name}" for name in PERSON_FIELDS]


def _emp_values() -> list[str]:
    return [
        name if name != "bargaining_unit" else "bargaining_unit_id" for name in EMPLOYMENT_FIELDS
    ]


def _emp(values: dict, units: dict[str, int]) -> dict:
    fields = {name: values[name] for name in EMPLOYMENT_FIELDS if name != "bargaining_unit"}
    fields["role_start_date"] = values["role_start_date"] or values["start_date"]
    fields["bargaining_unit_id"] = (
        units.get(values["bargaining_unit"]) if values["bargaining_unit"] else None
    )
    return fields
