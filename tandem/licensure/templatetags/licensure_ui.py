"""The licenses on the educator's page, which the people app cannot import (it sits below)."""

from django import template

from tandem.licensure.models import License
from tandem.licensure.selectors import entries_waiting_on, licenses_of
from tandem.organizations.models import District
from tandem.people.selectors import roles_of

register = template.Library()


@register.inclusion_tag("licensure/_licenses.html")
def licenses_section(person):
    return {"licenses": licenses_of(person)}


@register.inclusion_tag("licensure/_home.html")
def renewal_home(user):
    """The home page's links: the educator's licenses, what waits on a supervisor or HR, and
    HR's licensing view of each district."""
    roles = roles_of(user)
    has_licenses = (
        roles.person_id is not None and License.objects.filter(person_id=roles.person_id).exists()
    )
    return {
        "has_licenses": has_licenses,
        "waiting": entries_waiting_on(roles).count(),
        "districts": District.objects.filter(pk__in=roles.personnel_districts).order_by("name"),
    }
