"""Opening a cycle from a page: the one access check, with the opening written to the access
log, and the capacity in which the user acts in it; the pages that sign, or ask before a step."""

from functools import partial

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.evaluation import selectors
from tandem.evaluation.views.drafts import save_then
from tandem.people.selectors import roles_of
from tandem.records.services import access_log_request
from tandem.ui.forms import VersionedForm, form_problems
from tandem.ui.signing import sign_after_password


def cycle_open(request, pk, *, log: bool = True):
    """The cycle if this user may open it (else 404), with the opening written to the log;
    ``log=False`` for a view that logs what it returns itself, so that opening a PDF is one
    row with its channel, not a page row as well."""
    roles = roles_of(request.user)
    cycle = selectors.cycle_get(roles=roles, cycle_id=pk)
    if cycle is None:
        raise Http404(_("No such evaluation cycle among those you may open."))
    if log:
        access_log_request(request, [cycle])
    return roles, cycle


def acting_as(request, cycle) -> dict:
    return {
        "is_educator": request.user.has_perm("evaluation.act_as_educator", cycle),
        "is_evaluator": request.user.has_perm("evaluation.act_as_evaluator", cycle),
    }


def sign_page(request, cycle, step: str, service, *, done: str, **context):
    """A cycle's record signed after the password is asked again: ``evaluation/<step>_sign.html``
    shows what is signed, a POST runs ``service`` for the signer and goes back to the step's
    page (``evaluation:<step>``)."""
    signed = sign_after_password(
        request,
        sign=partial(service, by=request.user, cycle_id=cycle.pk),
        done=done,
        signed_url=reverse(f"evaluation:{step}", kwargs={"pk": cycle.pk}),
    )
    return signed or render(
        request,
        f"evaluation/{step}_sign.html",
        {"cycle": cycle, **context, **acting_as(request, cycle)},
    )


def save_ask_then(
    request, cycle, *, record_form, save, act, done: str, after: str, asked=None, **page
):
    """A step taken from a record's page that saves what is typed and asks first: the page that
    asks is ``evaluation/confirm.html`` with ``page`` (title, confirmation, action, back: see
    templates/ui/_confirm.html).

    The record's form posted without "confirmed" is saved (``save(record_form)``, the last
    words typed go with it) and the page that asks is shown; posted with it (the button in the
    modal) it is saved and ``act(version=...)`` runs on the version saved. The page that asks
    posts "confirmed" and the version it showed, not the record's fields. ``asked`` is the form
    of what the question itself asks (the early reason, say), bound once confirmed: invalid, the
    page that asks is shown again with its errors and nothing is done. A refusal goes ``back``
    with its problems as messages; the step done goes to ``after`` and says ``done``.
    """
    if any(name in request.POST for name in record_form.fields if name != "version"):
        outcome = save(record_form)
    else:
        versioned = VersionedForm(request.POST)
        valid = versioned.is_valid()
        outcome = {"saved": valid, "problems": form_problems(versioned)}
        if valid:
            outcome["version"] = versioned.cleaned_data["version"]
    confirmed = request.POST.get("confirmed") == "1"
    if outcome["saved"] and (not confirmed or (asked is not None and not asked.is_valid())):
        return render(
            request,
            "evaluation/confirm.html",
            {
                "cycle": cycle,
                "version": outcome["version"],
                "asked": asked,
                **page,
                **acting_as(request, cycle),
            },
        )
    if save_then(request, outcome, act, done=done):
        return redirect(after)
    return redirect(page["back"])
