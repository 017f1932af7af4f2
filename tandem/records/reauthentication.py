"""Signing asks for the password again first (allauth's reauthentication)."""

from urllib.parse import urlencode

from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from django.http import HttpResponseRedirect
from django.urls import reverse


def password_confirmation(request) -> HttpResponseRedirect | None:
    """The redirect to the password page, coming back here, unless the signed-in person has
    just confirmed their password (then None)."""
    if did_recently_reauthenticate(request):
        return None
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse('account_reauthenticate')}?{query}")
