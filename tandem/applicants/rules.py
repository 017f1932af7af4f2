"""Who may do what on the applicant's side of hiring: each a single predicate that pages, the
API and services all ask."""

from allauth.account.models import EmailAddress
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.hiring.models import Application, Posting
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


def is_applicant_only(user) -> bool:
    """An account made on the careers pages whose person no district employs and who holds no
    role: it sees its own applications and the public pages, nothing else."""
    if not user.is_authenticated:
        return False
    # The roles first: computed once per request, they settle it for every staff account
    # without a query of its own (the middleware asks this on every request).
    # (An applicant account always has a person: one without is staff or an administrator.)
    roles = roles_of(user)
    if (
        roles.person_id is None
        or roles.employment_ids
        or roles.evaluatee_ids
        or roles.grants
        or roles.state_roles
    ):
        return False
    return hasattr(user, "applicant_account")


def apply_refusal(user, posting: Posting) -> str | None:
    """Why ``user`` may not apply to ``posting`` today, or None when they may."""
    roles = roles_of(user)
    if not user.is_authenticated or roles.person_id is None:
        return _("Sign in with an applicant account to apply.")
    if (
        hasattr(user, "applicant_account")
        and not EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
    ):
        return _("Confirm your e-mail address first: follow the link in the message we sent.")
    if not posting.is_open(roles.day):
        return _("This posting is not open for applications (open %(opens)s to %(closes)s).") % {
            "opens": date_format(posting.opens_on),
            "closes": date_format(posting.closes_on),
        }
    if (
        posting.audience == Posting.Audience.INTERNAL
        and posting.vacancy.district_id not in roles.employment_districts
    ):
        return _("This posting is open only to the district's own staff.")
    return None


def is_own_application(user, application: Application) -> bool:
    return user.is_authenticated and application.person.user_id == user.pk


def may_withdraw(user, application: Application) -> bool:
    return is_own_application(user, application) and application.is_open


def eeo_report_districts(user) -> frozenset[int] | None:
    """The districts whose equal-opportunity counts ``user`` may read: their HR's own, or
    every district (None) for the state's analysts and administrators; empty for others."""
    roles = roles_of(user)
    if roles.holds(RoleGrant.Role.STATE_ANALYST) or roles.holds(RoleGrant.Role.STATE_ADMIN):
        return None
    return roles.districts_with(RoleGrant.Role.DISTRICT_HR)
