from django import forms


class VersionedForm(forms.Form):
    """Posts back the version the person started from, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def form_problems(form: forms.Form) -> list[str]:
    """Every error of a bound form, the form's own first, as sentences for a message."""
    return [*form.non_field_errors(), *(error for field in form for error in field.errors)]
