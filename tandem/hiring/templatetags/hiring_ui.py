"""HR's home page: the district's postings, which the site's home view leaves to this app."""

from django import template

from tandem.hiring.selectors import district_open_posting_count
from tandem.organizations.models import District
from tandem.people.selectors import roles_of

register = template.Library()


@register.inclusion_tag("hiring/_home_postings.html")
def postings_section(user):
    """For the district's HR and administrators: each district's open postings, with the
    way to its vacancies."""
    district_ids = roles_of(user).personnel_districts
    if not district_ids:
        return {"districts": []}
    counts = district_open_posting_count(district_ids)
    return {
        "districts": [
            (district, counts.get(district.pk, 0))
            for district in District.objects.filter(pk__in=district_ids).order_by("name")
        ]
    }
