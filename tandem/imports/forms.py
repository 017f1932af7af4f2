from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.imports.kinds import KINDS
from tandem.imports.models import ImportRun
from tandem.organizations.models import District


class RunStartForm(forms.Form):
    district = forms.ModelChoiceField(queryset=District.objects.none(), label=_("District"))
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(slug, kind.label) for slug, kind in KINDS.items()],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, with or without a byte-order mark) or an Excel workbook (.xlsx) of one "
            "sheet, with the template's header as its first line. Nothing changes until you "
            "have read the check's report and applied it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        if districts.count() == 1:
            self.fields["district"].initial = districts.first()


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
