from django import forms


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
