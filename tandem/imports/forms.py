from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.imports.kinds import KINDS
from tandem.imports.models import ImportRun
from tandem.organizations.models import District, StateAgency


class RunStartForm(forms.Form):
    """The district a file is for, or (for the state administrator) the state."""

    district = forms.ModelChoiceField(
        queryset=District.objects.none(), label=_("District"), required=False
    )
    state = forms.ModelChoiceField(
        queryset=StateAgency.objects.none(),
        label=_("Or the state"),
        required=False,
        help_text=_("For the state's districts and schools, with their organization codes."),
    )
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(slug, kind.label) for slug, kind in KINDS.items()],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, with or without a byte-order mark) or an Excel workbook (.xlsx) of one "
            "sheet, with the template's header as its first line; for OneRoster, the zip of "
            "its CSV files. Nothing changes until you have read the check's report and "
            "applied it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.zip,.xml,text/csv"}),
    )

    def __init__(self, *args, districts, states, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (("district", districts), ("state", states)):
            listed = list(choices)
            if not listed:
                del self.fields[name]
                continue
            self.fields[name].queryset = choices
            if len(listed) == 1:
                self.fields[name].initial = listed[0]
        if "state" not in self.fields:
            self.fields["district"].required = True
        elif "district" not in self.fields:
            self.fields["state"].required = True
            self.fields["state"].label = _("State")
            self.fields["state"].help_text = ""

    def clean(self):
        data = super().clean()
        if data.get("district") and data.get("state"):
            raise forms.ValidationError(_("Choose a district or the state, not both."))
        if not data.get("district") and not data.get("state") and not self.errors:
            raise forms.ValidationError(_("Choose the district the file is for, or the state."))
        return data


class RunApplyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    absent_means = forms.ChoiceField(
        label=_("The records Tandem holds that this file leaves out"),
        choices=[
            (ImportRun.Absent.IGNORE, _("Leave them as they are: the file is a partial update")),
            (ImportRun.Absent.END, _("End them on this date: the file is the whole list")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    end_date = forms.DateField(
        label=_("Date they end"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Their last day. Used only when they end."),
    )
