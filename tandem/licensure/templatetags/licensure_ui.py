"""The licenses on the educator's page, which the people app cannot import (it sits below)."""

from django import template

from tandem.licensure.selectors import licenses_of

register = template.Library()


@register.inclusion_tag("licensure/_licenses.html")
def licenses_section(person):
    return {"licenses": licenses_of(person)}
