"""The home page's line for recognition: an invitation to apply, and reading to do."""

from django import template
from django.utils import timezone

from tandem.people.selectors import roles_of
from tandem.recognition.selectors import invitations_of, readings_waiting

register = template.Library()


@register.inclusion_tag("recognition/_home.html")
def recognition_home(user):
    day = timezone.localdate()
    invitations = {n.cycle_id: n for n in invitations_of(roles_of(user).person_id, day)}
    return {"invitations": list(invitations.values()), "readings": readings_waiting(user, day)}
