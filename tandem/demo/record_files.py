"""The demo's files for the kinds that come after the educators: the district's schools, its
educators' licenses, who evaluates whom, and the summative ratings from before Tandem; each
clean (written from the district's own records, with a few additions) and with mistakes (one
bad row of every kind of problem the kind reports, each on a row of its own)."""

import datetime

from tandem.evaluation.models import PriorRating
from tandem.imports.kinds.base import as_text
from tandem.licensure.models import License
from tandem.organizations.models import District, School, SchoolYear
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.people.models import Employment, EvaluatorAssignment
from tandem.rubrics.models import PerformanceLevel

# A MEPID that nobody in the demo holds (the generator's start at 10…).
NOBODY = "97999999"


def _other_district(district: District) -> District:
    return District.objects.exclude(pk=district.pk).order_by("pk").first()


def new_school_code(district: District, after: int) -> str:
    """An organization code no school holds, ``after`` past the district's own."""
    taken = set(School.objects.values_list("org_code", flat=True))
    start = int(district.org_code) + after
    return next(f"{n:08d}" for n in range(start, 10**8) if f"{n:08d}" not in taken)


def school_rows(district: District) -> list[dict]:
    """The district's schools as they are, and one it opens."""
    rows = [
        {
            "org_code": school.org_code,
            "name": school.name,
            "level": school.level,
            "grade_span": school.grade_span,
            "district_code": district.org_code,
        }
        for school in district.schools.order_by("pk")
    ]
    rows.append(
        {
            "org_code": new_school_code(district, 900),
            "name": "Riverbend Early Learning Center",
            "level": School.Level.ELEMENTARY,
            "grade_span": "PK-1",
            "district_code": district.org_code,
        }
    )
    return rows


def school_mistakes(district: District, rows: list[dict]) -> list[dict]:
    rows = [dict(row) for row in rows]
    other = _other_district(district)
    good = rows[0]
    rows += [
        {**good, "org_code": "350-05"},  # not eight digits
        {**good, "org_code": "00000001", "name": ""},  # required
        {**good, "org_code": "00000002", "level": "primary"},  # no such level
        {**good, "org_code": "00000003", "grade_span": "PK-12 and adult education"},  # too long
        {**good, "org_code": "00000004", "district_code": other.org_code},  # not this district
        {**good, "org_code": other.schools.order_by("pk").first().org_code},  # theirs
        dict(good),  # the same school twice
    ]
    return rows


def _held(district: District):
    """The licenses of the district's current educators, in number order."""
    return (
        License.objects.filter(
            person__employments__district=district, person__employments__end_date=None
        )
        .select_related("person")
        .distinct()
        .order_by("license_number")
    )


def license_rows(district: District) -> list[dict]:
    """Every license the district's current educators hold, and a second one for the first."""
    rows = [
        {
            "state_id": license.person.state_id,
            "license_number": license.license_number,
            "field": license.field,
            "grade_levels": license.grade_levels,
            "role": license.role,
            "stage": license.stage,
            "issued_on": as_text(license.issued_on),
            "expires_on": as_text(license.expires_on),
        }
        for license in _held(district)
    ]
    first = rows[0]
    rows.append(
        {
            **first,
            "license_number": f"{first['license_number']}E",
            "field": "English as a Second Language",
            "stage": License.Stage.INITIAL,
            "issued_on": "2025-07-01",
            "expires_on": "2030-06-30",
        }
    )
    return rows


def license_mistakes(district: District, rows: list[dict]) -> list[dict]:
    rows = [dict(row) for row in rows]
    elsewhere = (
        Employment.objects.filter(district=_other_district(district))
        .exclude(person__state_id=None)
        .exclude(person__employments__district=district)
        .values_list("person__state_id", flat=True)
        .order_by("pk")
        .first()
    )
    good = {**rows[-1], "license_number": "N-1"}
    rows[1]["state_id"] = rows[0]["state_id"]  # another educator's license

    def bad(n: int, **values) -> dict:
        return {**good, "license_number": f"N-{n}", **values}

    rows += [
        bad(2, state_id="1023-456"),  # not a MEPID
        bad(3, state_id=elsewhere),  # another district's educator
        bad(4, state_id=NOBODY),  # nobody in Tandem
        bad(6, expires_on="2020-06-30"),  # before it was issued
        bad(7, role="nurse"),
        bad(8, stage="lifetime"),
        bad(9, issued_on="2025-13-01"),
        bad(10, field=""),  # required
        dict(rows[2]),  # the same license twice
    ]
    return rows


def _names(district: District) -> dict[int, tuple[str, str]]:
    """Each person the district employs → (employee number, MEPID) of their latest employment."""
    return {
        person: (number, state_id or "")
        for person, number, state_id in Employment.objects.filter(district=district)
        .order_by("start_date", "pk")
        .values_list("person_id", "employee_number", "person__state_id")
    }


def evaluator_rows(district: District) -> list[dict]:
    """Who evaluates whom, every year, as Tandem holds it, and a co-observer added this year."""
    names = _names(district)
    rows = []
    assignments = (
        EvaluatorAssignment.objects.filter(evaluatee__district=district, by_school_committee=False)
        .select_related("evaluatee__person", "school_year")
        .order_by("pk")
    )
    for assignment in assignments:
        if assignment.evaluator_id not in names:
            continue
        evaluatee = assignment.evaluatee
        number, state_id = names[assignment.evaluator_id]
        rows.append(
            {
                "evaluatee_employee_number": evaluatee.employee_number,
                "evaluatee_state_id": evaluatee.person.state_id or "",
                "evaluator_employee_number": number,
                "evaluator_state_id": state_id,
                "role": assignment.role,
                "school_year": assignment.school_year.name,
                "start_date": as_text(assignment.start_date),
                "end_date": as_text(assignment.end_date),
            }
        )
    last = rows[-1]
    rows.append({**last, "role": EvaluatorAssignment.Role.CO_OBSERVER, "end_date": ""})
    return rows


def evaluator_mistakes(district: District, rows: list[dict]) -> list[dict]:
    rows = [dict(row) for row in rows]
    primary = next(row for row in rows if row["role"] == EvaluatorAssignment.Role.PRIMARY)
    good = {**primary, "role": EvaluatorAssignment.Role.SUPERVISING}
    other = next(
        row
        for row in rows
        if row["evaluator_employee_number"] != primary["evaluator_employee_number"]
        and row["evaluator_employee_number"] != primary["evaluatee_employee_number"]
    )
    rows += [
        {**good, "evaluatee_employee_number": "HR-00000", "evaluatee_state_id": ""},  # nobody
        {**good, "evaluatee_employee_number": "", "evaluatee_state_id": ""},  # named by neither
        {  # evaluates themself
            **good,
            "evaluator_employee_number": good["evaluatee_employee_number"],
            "evaluator_state_id": good["evaluatee_state_id"],
        },
        {**good, "school_year": "1999-00"},  # not a school year of the district
        {  # a second primary evaluator in the year
            **primary,
            "evaluator_employee_number": other["evaluator_employee_number"],
            "evaluator_state_id": other["evaluator_state_id"],
        },
        dict(rows[0]),  # the same assignment twice
    ]
    rows[1]["end_date"] = "2001-01-01"  # before the start
    rows[2]["role"] = "mentor"
    rows[3]["start_date"] = "31/08/2026"
    return rows


LEVELS = [
    PerformanceLevel.PROFICIENT,
    PerformanceLevel.EXEMPLARY,
    PerformanceLevel.NEEDS_IMPROVEMENT,
]


def prior_rating_rows(district: District, today: datetime.date) -> list[dict]:
    """The summative ratings of the district's teachers in the school years before the demo's
    first in Tandem, as the district's old system recorded them."""
    taken = set(
        PriorRating.objects.filter(employment__district=district).values_list(
            "school_year_id", flat=True
        )
    )
    years = list(
        SchoolYear.objects.filter(district=district, end_date__lt=today)
        .exclude(pk__in=taken)
        .order_by("start_date")[:2]
    )
    teachers = (
        Employment.objects.filter(district=district, end_date=None, role_group=RoleGroup.TEACHER)
        .select_related("person")
        .order_by("pk")[:12]
    )
    rows = []
    for n, employment in enumerate(teachers):
        for year in years:
            level = LEVELS[(n + year.pk) % len(LEVELS)]
            rows.append(
                {
                    "employee_number": employment.employee_number,
                    "state_id": employment.person.state_id or "",
                    "school_year": year.name,
                    "plan_type": PlanType.SELF_DIRECTED
                    if level != PerformanceLevel.NEEDS_IMPROVEMENT
                    else PlanType.DIRECTED,
                    "overall_rating": level,
                    "standard_1": level,
                    "standard_2": PerformanceLevel.PROFICIENT,
                    "standard_3": level,
                    "standard_4": PerformanceLevel.PROFICIENT,
                    "evaluated_on": year.end_date.replace(month=5, day=20).isoformat(),
                }
            )
    return rows


def prior_rating_mistakes(rows: list[dict]) -> list[dict]:
    rows = [dict(row) for row in rows]
    good = rows[0]
    rows += [
        {**good, "employee_number": "HR-00000", "state_id": ""},  # nobody of the district
        {**good, "employee_number": "", "state_id": ""},  # named by neither
        {**good, "school_year": "2010-11"},  # not a school year of the district
        dict(rows[6]),  # the same educator and year twice
    ]
    rows[1]["plan_type"] = "probation"
    rows[2]["overall_rating"] = "excellent"
    rows[3]["standard_2"] = "good"
    rows[4]["evaluated_on"] = "2024-02-30"
    rows[5]["overall_rating"] = ""  # required
    return rows
