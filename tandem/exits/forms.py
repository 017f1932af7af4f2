"""The separation form, its correction, the filters of the list and the exit survey."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.exits.models import SEPARATION_KINDS, ExitReason
from tandem.exits.services import NOTE_LIMIT


class SeparationForm(forms.Form):
    last_day = forms.DateField(
        label=_("Last day of work"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("Access to the district ends at the end of this day."),
        error_messages={"invalid": _("Enter the last day as a date, such as 2027-06-30.")},
    )
    kind = forms.ChoiceField(label=_("Type of separation"), choices=SEPARATION_KINDS)
    reason = forms.ChoiceField(label=_("Main reason for leaving"), choices=ExitReason.choices)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    send_survey = forms.BooleanField(
        label=_("Send the exit survey to the educator's e-mail address"),
        required=False,
        initial=True,
    )


class SeparationCorrectionForm(SeparationForm):
    send_survey = None
    version = forms.IntegerField(widget=forms.HiddenInput)
    why = forms.CharField(
        label=_("Why is it corrected?"),
        max_length=500,
        help_text=_("Kept in the separation's history with your name."),
    )


class SeparationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or state educator identifier"), required=False)
    year = forms.TypedChoiceField(label=_("School year"), coerce=int, required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *SEPARATION_KINDS], required=False
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("All reasons")), *ExitReason.choices], required=False
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        from tandem.exits.selectors import year_label

        self.fields["year"].choices = [("", _("All years"))] + [
            (year, year_label(year)) for year in years
        ]


class ExitSurveyForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is the main reason you are leaving?"),
        choices=ExitReason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else you would like the district to know? (optional)"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The district reads comments only when at least six people who left the same "
            "school year have answered. Leave out anything that would tell who wrote it."
        ),
    )
