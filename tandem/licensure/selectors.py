import datetime

from django.db.models import Q, QuerySet

from tandem.licensure.models import License
from tandem.people.models import Person


def licenses_of(person: Person) -> QuerySet[License]:
    return License.objects.filter(person=person).order_by("-issued_on", "license_number")


def professional_teachers(*, person_ids, day: datetime.date) -> set[int]:
    """Of these people, those holding a Professional teacher's license in force on ``day``."""
    return set(
        License.objects.filter(
            person_id__in=list(person_ids),
            role=License.Role.TEACHER,
            stage=License.Stage.PROFESSIONAL,
            issued_on__lte=day,
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=day))
        .values_list("person_id", flat=True)
    )
