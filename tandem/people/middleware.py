"""Holders of district and state administrative roles must sign in with a second factor."""

from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_enrol(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(ALLOWED_PREFIXES):
            return False
        roles = roles_of(user)
        needs = any(roles.holds(role) for role in RoleGrant.MFA_ROLES) or user.is_staff
        if not needs:
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
