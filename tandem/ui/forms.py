from django import forms


class VersionedForm(forms.Form):
    """Posts back the version the person started from, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
