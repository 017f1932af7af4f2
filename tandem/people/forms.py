from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.records.models import AccessLogEntry


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_(
            "Name it after the system that will use it, such as the student information system."
        ),
    )


class AccessLogFilterForm(forms.Form):
    """The access log's filters; every one may be left empty."""

    reader = forms.TypedChoiceField(
        label=_("Person"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("That person has not opened your records.")},
    )
    channel = forms.ChoiceField(
        label=_("How"),
        choices=[("", _("Any way")), *AccessLogEntry.Channel.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a page, the API, a PDF or an export.")},
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the first day as a date, such as 2026-12-01.")},
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the last day as a date, such as 2026-12-31.")},
    )
    own = forms.BooleanField(label=_("Include my own openings"), required=False)

    def __init__(self, data=None, *, readers):
        """``readers``: the users who have opened the records, offered as the choices."""
        super().__init__(data)
        self.fields["reader"].choices = [
            ("", _("Everyone")),
            *((user.pk, str(user)) for user in readers),
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The first day (From) is after the last day (To)."))
        return cleaned
