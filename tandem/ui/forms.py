from django import forms
from django.contrib import messages

from tandem.errors import DomainError
from tandem.records.uploads import upload_refused


class VersionedForm(forms.Form):
    """Posts back the version the person started from, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def form_problems(form: forms.Form) -> list[str]:
    """Every error of a bound form, the form's own first, as sentences for a message; a field's
    errors name the field, since the message stands away from it."""
    return [
        *form.non_field_errors(),
        *(f"{field.label}: {error}" for field in form for error in field.errors),
    ]


def form_act(request, form: forms.Form, act, done):
    """Run ``act(**form.cleaned_data)`` when the form is valid and say ``done`` (if any): a
    sentence, or a function of what ``act`` returned.

    Returns what ``act`` returns (the record made or changed), or None when the form or the
    service refuses; a service's refusal is then one of the form's own errors.
    """
    if upload_refused(request, form) or not form.is_valid():
        return None
    try:
        result = act(**form.cleaned_data)
    except DomainError as error:
        form.add_error(None, error)
        return None
    if done:
        messages.success(request, done(result) if callable(done) else done)
    return result


def form_act_with_messages(request, form: forms.Form, act, done):
    """``form_act`` for a form whose page is not shown again (the view redirects): the form's
    problems, the service's refusal among them, are said as messages."""
    result = form_act(request, form, act, done)
    for problem in form_problems(form):
        messages.error(request, problem)
    return result


def act_and_say(request, act, done):
    """Run ``act()`` and say ``done``, a sentence or a function of what ``act`` returned; a
    service's refusal is said instead, as one error message.

    Returns what ``act`` returns, or None when the service refuses.
    """
    try:
        result = act()
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, done(result) if callable(done) else done)
    return result
