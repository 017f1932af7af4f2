"""Students per school and year: how many a school enrolls and in which groups, as the state's
student census counts them. What the equity plan weighs teachers by (pipeline.md §5); counts
only, never a student's record."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.imports.kinds.base import (
    DISTRICT,
    STATE,
    Checked,
    Column,
    Invalid,
    Kind,
    WritesRows,
    as_text,
    stored,
    text,
)
from tandem.organizations.models import (
    ENROLLMENT_GROUPS,
    ENROLLMENT_RACES,
    School,
    SchoolEnrollment,
    SchoolYear,
    StateAgency,
)

COUNTS = ("total", *ENROLLMENT_GROUPS, *ENROLLMENT_RACES)


def count(value: str) -> int:
    if not value.isdigit():
        raise Invalid(_("is not a number of students: a whole number, 0 or more"))
    return int(value)


def _count_column(name: str, help_text, example: str) -> Column:
    return Column(name, help_text, example, required=True, parse=count)


COLUMNS = [
    Column(
        "school_code",
        gettext_lazy("The school's eight-digit organization code, as the state gives it."),
        "00350005",
        required=True,
        parse=text(8),
    ),
    Column(
        "school_year",
        gettext_lazy(
            "The school year counted, by its name, such as 2026-27 (October 1 of that year)."
        ),
        "2026-27",
        required=True,
        parse=text(9),
    ),
    _count_column("total", gettext_lazy("Every student enrolled at the school."), "412"),
    _count_column(
        "economically_disadvantaged",
        gettext_lazy(
            "Students from families in SNAP, TAFDC, foster care or eligible MassHealth: at most "
            "the total."
        ),
        "131",
    ),
    _count_column(
        "english_learners",
        gettext_lazy("Students learning English: at most the total."),
        "58",
    ),
    _count_column(
        "with_disabilities",
        gettext_lazy("Students with an individualized education program: at most the total."),
        "77",
    ),
    *(
        _count_column(
            name,
            gettext_lazy(
                "Students counted as %(group)s. Each student is counted in one of the seven "
                "race and ethnicity columns, so together they are at most the total."
            )
            % {"group": SchoolEnrollment._meta.get_field(name).verbose_name},
            example,
        )
        for name, example in zip(
            ENROLLMENT_RACES, ("96", "2", "31", "40", "1", "224", "18"), strict=True
        )
    ),
]


@dataclass
class Context:
    scope: object
    # The schools the run may count: organization code → (school pk, district pk).
    schools: dict[str, tuple[int, int]]
    # Each district's school years: (district pk, name) → year pk.
    years: dict[tuple[int, str], int]
    # Every school's code, to tell another district's school from an unknown one.
    known: set[str] = field(default_factory=set)
    current: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    index: dict[tuple[int, int], str] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)


class SchoolStudents(WritesRows, Kind):
    slug = "school_students"
    label = gettext_lazy("Students per school")
    intro = gettext_lazy(
        "One row per school and school year: how many students the school enrolled on "
        "October 1 and how many of them are in each group, as the state's student census "
        "counts them. Counts only: no student is named. A row is matched on the school's "
        "organization code and the school year; its counts may change. Schools and years the "
        "file leaves out stay as they are. A district loads its own schools; the state "
        "administrator loads any school in the state."
    )
    columns = COLUMNS
    scopes = (DISTRICT, STATE)
    model = SchoolEnrollment
    changeable = COUNTS

    def context(self, scope) -> Context:
        state = scope if isinstance(scope, StateAgency) else scope.state
        schools = School.objects.filter(district__state=state)
        if not isinstance(scope, StateAgency):
            schools = schools.filter(district=scope)
        context = Context(
            scope=scope,
            schools={
                code: (pk, d) for pk, code, d in schools.values_list("pk", "org_code", "district")
            },
            years={
                (district, name): pk
                for pk, district, name in SchoolYear.objects.filter(
                    district__in=schools.values("district")
                ).values_list("pk", "district", "name")
            },
            known=set(School.objects.values_list("org_code", flat=True)),
        )
        codes = {pk: code for code, (pk, _d) in context.schools.items()}
        year_names = {pk: name for (_d, name), pk in context.years.items()}
        for pk, school_id, year_id, *values in stored(
            SchoolEnrollment.objects.filter(school_id__in=codes),
            "pk",
            "school_id",
            "school_year_id",
            *COUNTS,
        ):
            key = f"school_students:{pk}"
            fields = dict(zip(COUNTS, values, strict=True))
            fields.update(school_code=codes[school_id], school_year=year_names[year_id])
            context.current[key] = (pk, {name: as_text(v) for name, v in fields.items()})
            context.index[(school_id, year_id)] = key
        return context

    def check(self, row: Checked, context: Context) -> None:
        values = row.values
        code = values.get("school_code")
        school = context.schools.get(code) if code else None
        if code and school is None:
            row.problem(
                "school_code",
                _("is another district's school")
                if code in context.known
                else _("names no school in Tandem: import the schools first"),
            )
        values["_school"] = school[0] if school else None
        name = values.get("school_year")
        year = context.years.get((school[1], name)) if school and name else None
        if school and name and year is None:
            row.problem("school_year", _("is not a school year of the school's district"))
        values["_year"] = year
        total = values.get("total")
        if total is None:
            return
        for part in ENROLLMENT_GROUPS:
            if values.get(part, 0) > total:
                row.problem(part, _("is more than the total (%(total)s)") % {"total": total})
        races = [values.get(race) for race in ENROLLMENT_RACES]
        if None not in races and sum(races) > total:
            row.problem(
                ENROLLMENT_RACES[-1],
                _("the seven race and ethnicity counts add up to %(sum)s, more than the total")
                % {"sum": sum(races)},
            )

    def file_keys(self, values: dict) -> tuple[str, ...]:
        return (f"{values.get('school_code')} · {values.get('school_year')}",)

    def match(self, values: dict, context: Context) -> str | None:
        return context.index.get((values["_school"], values["_year"]))

    def comparable(self, values: dict) -> dict[str, str]:
        names = ("school_code", "school_year", *COUNTS)
        return {name: as_text(values.get(name)) for name in names}

    def label_of(self, values: dict) -> str:
        return (
            f"{values.get('school_code', '')} · {values.get('school_year', '')} · "
            f"{values.get('total', '')}"
        )

    def build(self, values: dict) -> SchoolEnrollment:
        return SchoolEnrollment(
            school_id=values["_school"],
            school_year_id=values["_year"],
            **{name: values[name] for name in COUNTS},
        )
