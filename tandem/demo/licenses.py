"""The demo's licenses: each teacher with a MEPID holds one in the subject and grades taught,
Professional once they have professional teacher status, Initial before."""

import datetime

from simple_history.utils import bulk_create_with_history

from tandem.licensure.models import License
from tandem.organizations.models import District
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import StaffAssignment

# A license runs five years; the demo's were issued the summer before the teacher was hired.
YEARS = 5


def licenses_make(district: District) -> int:
    licenses = {}
    for person_id, state_id, hired, has_pts, subject, grades in (
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
            "subject",
            "grade_level",
        )
    ):
        if person_id in licenses:
            continue
        issued = datetime.date(hired.year, 7, 1)
        licenses[person_id] = License(
            person_id=person_id,
            license_number=f"L{state_id}",
            field=subject or "Elementary",
            grade_levels=grades,
            role=License.Role.TEACHER,
            stage=License.Stage.PROFESSIONAL if has_pts else License.Stage.INITIAL,
            issued_on=issued,
            expires_on=issued.replace(year=issued.year + YEARS),
        )
    bulk_create_with_history(list(licenses.values()), License, batch_size=2000)
    return len(licenses)
