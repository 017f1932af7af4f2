"""The demo's licenses: each teacher with a MEPID holds one in the subject taught, for the
grade span of the grades taught (pipeline.md §1.5), Initial at first and renewed every five
years, Professional once they have professional teacher status.

Out-of-field is a minority, as in the state: about one teacher in ten holds a license in
another subject only, and about one in thirty let a license lapse without renewing it.
"""

import datetime

from simple_history.utils import bulk_create_with_history

from tandem.licensure.models import License
from tandem.organizations.models import District
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import StaffAssignment

# A license runs five years; the demo's were issued the summer before the teacher was hired.
YEARS = 5
IN_ANOTHER_FIELD, LAPSED = 10, 30
OTHER_FIELD = "Physical Education"


def grade_levels(grade: str) -> str:
    """The license grade span that holds a taught grade: 1-6, 5-8 or 8-12."""
    if not grade.isdigit():
        return "All"
    grade_number = int(grade)
    return "1-6" if grade_number <= 6 else "5-8" if grade_number <= 8 else "8-12"


def licenses_make(district: District, today: datetime.date) -> int:
    licenses = []
    seen = set()
    for person_id, state_id, hired, has_pts, pts_date, subject, grades in (
        StaffAssignment.objects.filter(
            employment__district=district,
            employment__role_group=RoleGroup.TEACHER,
            employment__person__state_id__isnull=False,
        )
        .order_by("employment__person_id", "start_date", "pk")
        .values_list(
            "employment__person_id",
            "employment__person__state_id",
            "employment__start_date",
            "employment__has_pts",
            "employment__pts_date",
            "subject",
            "grade_level",
        )
    ):
        if person_id in seen:
            continue
        seen.add(person_id)
        field = subject or "Elementary"
        if person_id % IN_ANOTHER_FIELD == 0:
            field = OTHER_FIELD if field != OTHER_FIELD else "Music"
        issued = datetime.date(hired.year, 7, 1)
        renewal = 0
        while issued <= today:
            professional = has_pts and pts_date is not None and pts_date <= issued
            licenses.append(
                License(
                    person_id=person_id,
                    license_number=f"L{state_id}" + (f"-{renewal}" if renewal else ""),
                    field=field,
                    grade_levels=grade_levels(grades),
                    role=License.Role.TEACHER,
                    stage=License.Stage.PROFESSIONAL if professional else License.Stage.INITIAL,
                    issued_on=issued,
                    expires_on=issued.replace(year=issued.year + YEARS),
                )
            )
            if person_id % LAPSED == 0:
                break
            renewal += 1
            issued = issued.replace(year=issued.year + YEARS)
    bulk_create_with_history(licenses, License, batch_size=2000)
    return len(licenses)
