"""Forms that save as the person types: what was typed is kept as a draft until the record
holds it, so a refused or failed save loses nothing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.records.selectors import draft_get
from tandem.records.services import draft_discard, draft_keep


def typed(draft) -> QueryDict | None:
    """A kept draft as form data again, checkboxes with several values included."""
    if draft is None:
        return None
    data = QueryDict(mutable=True)
    for name, values in draft.data.items():
        data.setlist(name, values if isinstance(values, list) else [values])
    return data


def save_posted(request, *, editable, make_form, save, saved_url):
    """The POST half of a form that saves as the person types.

    ``save(form)`` returns the outcome of ``save_draft_then_record``; HTMX gets the save status,
    a saved form goes to ``saved_url``. Returns (response to send now or None, the form, the
    outcome), so that a refused save can show the page again with its problems.
    """
    if not editable:
        raise PermissionDenied
    form = make_form(request.POST)
    outcome = save(form)
    if request.htmx:
        return render(request, "evaluation/_save_status.html", outcome), form, outcome
    if outcome["saved"]:
        messages.success(request, _("Saved."))
        return redirect(saved_url), form, outcome
    return None, form, outcome


def edit_as_typed(request, *, key, editable, make_form, save, saved_url):
    """The editing half of a form that saves as the person types.

    A POST saves (see ``save_posted``); a GET shows the person's kept draft if there is one.
    Returns (response to send now or None, the form, problems to show).
    """
    if request.method == "POST":
        response, form, outcome = save_posted(
            request, editable=editable, make_form=make_form, save=save, saved_url=saved_url
        )
        return response, form, [] if response else outcome["problems"]
    draft = draft_get(user=request.user, key=key) if editable else None
    form = make_form(typed(draft))
    notice = [_("The form shows text you typed that was not saved yet.")] if draft else []
    return None, form, notice


def save_then(request, outcome, act, *, done: str) -> bool:
    """The second half of "save what is in the form, then send it", so that the last words
    typed go with it: ``act(version=...)`` runs on the version just saved. A refused save or
    act leaves each problem as a message; True when both went through."""
    try:
        if not outcome["saved"]:
            raise DomainError(outcome["problems"])
        act(version=outcome["version"])
    except DomainError as error:
        for problem in error.messages:
            messages.error(request, problem)
        return False
    messages.success(request, done)
    return True


def save_draft_then_record(request, *, key, form, save) -> dict:
    """Keep what was typed as a draft first, then try the save; the draft goes only once the
    record holds the text, so a refused or failed save loses nothing.

    ``save`` is the service, called with who saves, the version the form started from and the
    form's ``record_values()``. A draft typed from another version is another tab's, still
    waiting for its person to choose between two texts: this save leaves it alone.
    """
    if not form.is_valid():
        return {"saved": False, "problems": [e for errors in form.errors.values() for e in errors]}
    version = form.cleaned_data["version"]
    kept = draft_get(user=request.user, key=key)
    ours = kept is None or kept.base_version == version
    if ours:
        draft_keep(
            user=request.user,
            key=key,
            data={k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"},
            base_version=version,
        )
    try:
        record = save(by=request.user, version=version or 0, **form.record_values())
    except DomainError as error:
        return {
            "saved": False,
            "problems": error.messages,
            "stale": error.code == "stale",
            "conflicts": getattr(error, "conflicts", []),
            "conflicts_version": getattr(error, "version", None),
        }
    if ours:
        draft_discard(user=request.user, key=key)
    return {"saved": True, "version": record.version, "saved_at": timezone.now()}
