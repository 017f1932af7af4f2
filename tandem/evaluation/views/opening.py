"""Opening a cycle from a page: the one access check, with the opening written to the access
log, and the capacity in which the user acts in it."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.evaluation import selectors
from tandem.people.selectors import roles_of
from tandem.records.services import access_log_request
from tandem.ui.signing import sign_after_password


def cycle_open(request, pk):
    """The cycle if this user may open it (else 404), with the opening written to the log."""
    roles = roles_of(request.user)
    cycle = selectors.cycle_get(roles=roles, cycle_id=pk)
    if cycle is None:
        raise Http404(_("No such evaluation cycle among those you may open."))
    access_log_request(request, [cycle])
    return roles, cycle


def acting_as(request, cycle) -> dict:
    return {
        "is_educator": request.user.has_perm("evaluation.act_as_educator", cycle),
        "is_evaluator": request.user.has_perm("evaluation.act_as_evaluator", cycle),
    }


def sign_page(request, cycle, *, sign, done: str, back: str, template: str, **context):
    """A cycle's record signed after the password is asked again: ``template`` shows what is
    signed, a POST runs ``sign()`` and goes ``back`` (a page of the cycle, by its URL name)."""
    signed = sign_after_password(
        request, sign=sign, done=done, signed_url=reverse(back, kwargs={"pk": cycle.pk})
    )
    return signed or render(
        request, template, {"cycle": cycle, **context, **acting_as(request, cycle)}
    )
