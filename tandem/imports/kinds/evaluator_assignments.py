"""Evaluator assignments: who evaluates which educator of the district, in which school year."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.imports.kinds.base import (
    Checked,
    Column,
    EmploymentIndex,
    Kind,
    WritesRows,
    as_text,
    choice,
    choices_help,
    date,
    district_years,
    educator_columns,
    school_year_of,
    stored,
    text,
)
from tandem.people.models import EvaluatorAssignment

# What a later file may change on an assignment; the rest is what names it.
CHANGEABLE = ("start_date", "end_date")
PRIMARY = EvaluatorAssignment.Role.PRIMARY

COLUMNS = [
    *educator_columns("evaluatee_", whose=gettext_lazy("the educator evaluated")),
    *educator_columns(
        "evaluator_", whose=gettext_lazy("the evaluator"), examples=("E-0007", "10200007")
    ),
    Column(
        "role",
        gettext_lazy(
            "The evaluator's part: %(choices)s. An educator has one primary evaluator a year."
        )
        % {"choices": choices_help(EvaluatorAssignment.Role.choices)},
        "primary",
        required=True,
        parse=choice(EvaluatorAssignment.Role.choices),
    ),
    Column(
        "school_year",
        gettext_lazy("The district's school year, by its name, such as 2026-27."),
        "2026-27",
        required=True,
        parse=text(9),
    ),
    Column(
        "start_date",
        gettext_lazy("First day of the assignment, as YYYY-MM-DD."),
        "2026-08-31",
        required=True,
        parse=date,
    ),
    Column("end_date", gettext_lazy("Last day, if it ended before the year did."), "", parse=date),
]


@dataclass
class Context:
    district: object
    employments: EmploymentIndex
    years: dict[str, int]
    current: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    index: dict[tuple, str] = field(default_factory=dict)
    # (evaluatee, school year) → the key of its primary evaluator's assignment.
    primaries: dict[tuple[int, int], str] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)


class EvaluatorAssignments(WritesRows, Kind):
    slug = "evaluator_assignments"
    label = gettext_lazy("Evaluator assignments")
    intro = gettext_lazy(
        "One row per evaluator of an educator in a school year. Import the educators first: "
        "the educator and the evaluator are each named by employee number or MEPID, and both "
        "must be employed in the district. An assignment is matched on the educator, the "
        "evaluator, the role and the school year; its dates may change. Assignments Tandem "
        "holds that the file leaves out are listed before anything is applied, and you decide "
        "whether they end. The school committee's evaluation of the superintendent is not "
        "imported."
    )
    columns = COLUMNS
    model = EvaluatorAssignment
    changeable = CHANGEABLE
    ends_absent = True

    def context(self, district) -> Context:
        context = Context(
            district=district,
            employments=EmploymentIndex(district),
            years=district_years(district),
        )
        names = context.employments.names
        evaluator_names = {person: names[pk] for pk, person in _by_person(context.employments)}
        year_names = {pk: name for name, pk in context.years.items()}
        assignments = EvaluatorAssignment.objects.filter(
            evaluatee__district=district, by_school_committee=False
        )
        fields = ("pk", "evaluatee_id", "evaluator_id", "role", "school_year_id", *CHANGEABLE)
        for pk, evaluatee_id, evaluator_id, role, year_id, *values in stored(assignments, *fields):
            key = f"evaluator_assignment:{pk}"
            fields = dict(zip(CHANGEABLE, values, strict=True))
            fields.update(
                role=role,
                school_year=year_names[year_id],
                evaluatee_employee_number=names.get(evaluatee_id, ""),
                evaluator_employee_number=evaluator_names.get(evaluator_id, ""),
            )
            context.current[key] = (pk, {name: as_text(v) for name, v in fields.items()})
            context.index[(evaluatee_id, evaluator_id, role, year_id)] = key
            if role == PRIMARY:
                context.primaries[(evaluatee_id, year_id)] = key
            if fields["end_date"] is None:
                context.active.add(key)
        return context

    def check(self, row: Checked, context: Context) -> None:
        values = row.values
        find = context.employments.find
        evaluatee = find(row, "evaluatee_employee_number", "evaluatee_state_id")
        evaluator = find(row, "evaluator_employee_number", "evaluator_state_id")
        values["_evaluatee"] = evaluatee[0] if evaluatee else None
        values["_evaluator"] = evaluator[1] if evaluator else None
        names = context.employments.names
        values["_who"] = names.get(evaluatee[0]) if evaluatee else None
        values["_by"] = names.get(evaluator[0]) if evaluator else None
        if evaluatee and evaluator and evaluatee[1] == evaluator[1]:
            row.problem("evaluator_employee_number", _("is the educator evaluated"))
        values["_year"] = school_year_of(row, context.years)
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            row.problem("end_date", _("is before the start date"))
        if row.problems or values.get("role") != PRIMARY:
            return
        held = context.primaries.get((values["_evaluatee"], values["_year"]))
        if held is not None and held != self.match(values, context):
            row.problem(
                "role",
                _("the educator already has another primary evaluator in %(year)s")
                % {"year": values["school_year"]},
            )

    def file_keys(self, values: dict) -> tuple[str, ...]:
        who, by, year = values.get("_who"), values.get("_by"), values.get("school_year")
        if who is None or by is None:
            return ()
        keys = [
            _("%(by)s as %(role)s of %(who)s in %(year)s")
            % {"by": by, "role": values.get("role"), "who": who, "year": year}
        ]
        if values.get("role") == PRIMARY:
            keys.append(
                _("the primary evaluator of %(who)s in %(year)s") % {"who": who, "year": year}
            )
        return tuple(keys)

    def match(self, values: dict, context: Context) -> str | None:
        return context.index.get(
            (values["_evaluatee"], values["_evaluator"], values["role"], values["_year"])
        )

    def comparable(self, values: dict) -> dict[str, str]:
        return {name: as_text(values.get(name)) for name in ("role", "school_year", *CHANGEABLE)}

    def label_of(self, values: dict) -> str:
        who = values.get("evaluatee_employee_number") or values.get("evaluatee_state_id") or ""
        by = values.get("evaluator_employee_number") or values.get("evaluator_state_id") or ""
        return f"{who} · {values.get('role', '')} {by} · {values.get('school_year', '')}"

    def build(self, values: dict) -> EvaluatorAssignment:
        return EvaluatorAssignment(
            evaluatee_id=values["_evaluatee"],
            evaluator_id=values["_evaluator"],
            role=values["role"],
            school_year_id=values["_year"],
            **{name: values[name] for name in CHANGEABLE},
        )


def _by_person(employments: EmploymentIndex):
    """(employment, person) of every employment the index holds."""
    return {*employments.by_number.values(), *employments.by_state_id.values()}
