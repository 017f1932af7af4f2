"""Exits on other apps' pages: the leavers' section of the home page and the separation link
of an educator's record."""

from django import template

from tandem.exits.models import Separation
from tandem.exits.rules import is_state_reader, manages_separations
from tandem.organizations.models import District
from tandem.people.selectors import roles_of

register = template.Library()


@register.inclusion_tag("exits/_home.html", takes_context=True)
def exits_home(context):
    """For district HR and administrators, the separations whose last day is still ahead and
    where to read about leavers; for the state's readers, where leavers went."""
    user = context["request"].user
    roles = roles_of(user)
    districts = District.objects.filter(pk__in=roles.personnel_districts).order_by("name")
    upcoming = Separation.objects.filter(
        employment__district__in=roles.personnel_districts, last_day__gte=roles.day
    ).select_related("employment__person", "employment__district")
    return {
        "shown": bool(roles.personnel_districts) or is_state_reader(user),
        "districts": districts,
        "upcoming": list(upcoming.order_by("last_day", "pk")[:10]),
    }


@register.inclusion_tag("exits/_separation_link.html", takes_context=True)
def separation_link(context, employment):
    """A link to the employment's separation, or to record one, for those who keep them."""
    user = context["request"].user
    if not manages_separations(user, employment.district_id):
        return {"shown": False}
    return {
        "shown": True,
        "employment": employment,
        "separation": Separation.objects.filter(employment=employment).first(),
    }
