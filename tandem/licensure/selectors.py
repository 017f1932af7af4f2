from django.db.models import QuerySet

from tandem.licensure.models import License
from tandem.people.models import Person


def licenses_of(person: Person) -> QuerySet[License]:
    return License.objects.filter(person=person).order_by("-issued_on", "license_number")
