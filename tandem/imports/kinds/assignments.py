"""Staff assignments: which educator works where, in what position, and how much of the time."""

import functools
from dataclasses import dataclass, field

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
    educator_columns,
    fte,
    stored,
    text,
)
from tandem.imports.kinds.educators import Stored, insert_with_history
from tandem.organizations.models import School
from tandem.people.models import Employment, StaffAssignment

# What a later file may change on an assignment; the rest is what names it.
CHANGEABLE = ("subject", "grade_level", "fte", "end_date")
# The order of a stored assignment's fields, as ``context`` reads them.
STORED_INDEX = {
    name: n
    for n, name in enumerate((*CHANGEABLE, "school", "position", "start_date", "employee_number"))
}

COLUMNS = [
    *educator_columns(),
    Column(
        "school",
        gettext_lazy(
            "The school's eight-digit state organization code; empty for a central-office "
            "assignment."
        ),
        "00350005",
        parse=text(8),
    ),
    Column(
        "position",
        gettext_lazy("The position held: %(choices)s.")
        % {"choices": choices_help(StaffAssignment.Position.choices)},
        "classroom_teacher",
        required=True,
        parse=choice(StaffAssignment.Position.choices),
    ),
    Column("subject", gettext_lazy("The subject taught, if any."), "Mathematics", parse=text(100)),
    Column("grade_level", gettext_lazy("The grades, such as 4 or 9-12."), "4", parse=text(20)),
    Column(
        "fte",
        gettext_lazy("The share of a full-time position, from 0.01 to 1.00."),
        "1.00",
        required=True,
        parse=fte,
    ),
    Column(
        "start_date",
        gettext_lazy("First day of the assignment, as YYYY-MM-DD."),
        "2024-08-26",
        required=True,
        parse=date,
    ),
    Column("end_date", gettext_lazy("Last day, once it has ended."), "", parse=date),
]


@dataclass
class Context:
    district: object
    schools: dict[str, int]
    by_number: dict[str, int] = field(default_factory=dict)
    by_state_id: dict[str, int] = field(default_factory=dict)
    current: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    index: dict[tuple, str] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)


class Assignments(Kind):
    slug = "assignments"
    label = gettext_lazy("Staff assignments")
    intro = gettext_lazy(
        "One row per assignment of an educator to a school. Import the educators first: each "
        "row names the educator by employee number or MEPID. An assignment is matched on the "
        "educator, school, position and start date; its subject, grades, FTE and end date may "
        "change. Assignments Tandem holds that the file leaves out are listed before anything "
        "is applied, and you decide whether they end."
    )
    columns = COLUMNS
    ends_absent = True

    def context(self, district) -> Context:
        context = Context(
            district=district,
            schools=dict(School.objects.filter(district=district).values_list("org_code", "pk")),
        )
        for pk, number, state_id in (
            Employment.objects.filter(district=district)
            .order_by("start_date", "pk")
            .values_list("pk", "employee_number", "person__state_id")
            .iterator(chunk_size=5000)
        ):
            if number:
                context.by_number[number] = pk
            if state_id:
                context.by_state_id[state_id] = pk
        codes = {pk: code for code, pk in context.schools.items()}
        who = {pk: name for name, pk in context.by_state_id.items()}
        who.update({pk: name for name, pk in context.by_number.items()})
        for pk, employment_id, school_id, position, start, *values in stored(
            StaffAssignment.objects.filter(employment__district=district),
            "pk",
            "employment_id",
            "school_id",
            "position",
            "start_date",
            *CHANGEABLE,
        ):
            key = f"assignment:{pk}"
            fields = dict(zip(CHANGEABLE, values, strict=True))
            fields.update(school=codes.get(school_id, ""), position=position, start_date=start)
            fields["employee_number"] = who.get(employment_id, "")
            context.current[key] = (pk, Stored(STORED_INDEX, map(as_text, fields.values())))
            context.index[(employment_id, school_id, position, start)] = key
            if fields["end_date"] is None:
                context.active.add(key)
        return context

    def check(self, row: Checked, context: Context) -> None:
        values = row.values
        number, state_id = values.get("employee_number"), values.get("state_id")
        employment = _employment_of(values, context)
        if employment is None:
            column = "employee_number" if number or not state_id else "state_id"
            row.problem(
                column,
                _("names no educator of this district: import the educators first")
                if number or state_id
                else _("or the MEPID is required"),
            )
        values["_employment"] = employment
        school = values.get("school")
        if school and school not in context.schools:
            row.problem("school", _("is not a school of this district"))
        values["_school"] = context.schools.get(school)
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            row.problem("end_date", _("is before the start date"))

    def file_keys(self, values: dict) -> tuple[str, ...]:
        who = values.get("employee_number") or values.get("state_id")
        return (
            _key_format(get_language())
            % {
                "who": who,
                "school": values.get("school"),
                "position": values.get("position"),
                "start": as_text(values.get("start_date")),
            },
        )

    def match(self, values: dict, context: Context) -> str | None:
        return context.index.get(
            (values["_employment"], values["_school"], values["position"], values["start_date"])
        )

    def comparable(self, values: dict) -> dict[str, str]:
        names = ("school", "position", "start_date", *CHANGEABLE)
        return {name: as_text(values.get(name)) for name in names}

    def label_of(self, values: dict) -> str:
        who = values.get("employee_number") or values.get("state_id") or ""
        return f"{who} · {values.get('school', '')} · {values.get('position', '')}"

    def state_digest(self, context: Context) -> str:
        """The district's schools, employments and assignments."""
        return digest_of(
            sorted(context.schools.items()),
            sorted(context.by_number.items()),
            sorted(context.by_state_id.items()),
            ((key, pk, stored.values) for key, (pk, stored) in context.current.items()),
            context.index.items(),
        )

    def planned(self, values: dict) -> dict[str, str]:
        """The assignment's fields and who holds it, as the row names them."""
        return {column.name: as_text(values.get(column.name)) for column in self.columns}

    def from_plan(self, fields: dict[str, str], context: Context) -> dict:
        values = super().from_plan(fields, context)
        values["_employment"] = _employment_of(values, context)
        values["_school"] = context.schools.get(values["school"])
        return values

    def apply(self, context: Context, *, adds, changes, absent, end_date, by) -> None:
        rows = (
            {
                "employment_id": values["_employment"],
                "school_id": values["_school"],
                "position": values["position"],
                "start_date": values["start_date"],
            }
            | {name: values[name] for name in CHANGEABLE}
            for values in adds
        )
        insert_with_history(StaffAssignment, rows, by=by)
        by_pk = {context.current[key][0]: values for key, values in changes}
        changed = list(StaffAssignment.objects.filter(pk__in=by_pk))
        for assignment in changed:
            for name in CHANGEABLE:
                setattr(assignment, name, by_pk[assignment.pk][name])
        if end_date is not None and absent:
            ended = list(
                StaffAssignment.objects.filter(pk__in=[context.current[k][0] for k in absent])
            )
            for assignment in ended:
                assignment.end_date = max(end_date, assignment.start_date)
            changed += ended
        bulk_update_with_history(
            changed, StaffAssignment, list(CHANGEABLE), default_user=by, batch_size=2000
        )


def _employment_of(values: dict, context: Context) -> int | None:
    """The employment the row names: by employee number, else by MEPID."""
    number, state_id = values.get("employee_number"), values.get("state_id")
    employment = context.by_number.get(number) if number else None
    if employment is None and state_id:
        employment = context.by_state_id.get(state_id)
    return employment


@functools.cache
def _key_format(language: str | None) -> str:
    """How a row names its assignment, translated once a language rather than once a row."""
    return _("%(who)s at %(school)s as %(position)s from %(start)s")
