from django import forms
from django.utils.translation import gettext_lazy as _

STATE = "state"


class EdfiExportForm(forms.Form):
    """What to export: one of the districts the user may export, or the whole state."""

    scope = forms.ChoiceField(label=_("Records of"))

    def __init__(self, *args, districts, state: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {str(d.pk): d for d in districts}
        choices = [(pk, d.name) for pk, d in self.districts.items()]
        if state:
            choices.insert(0, (STATE, _("The whole state")))
        self.fields["scope"].choices = choices

    def district(self):
        """The district chosen, or None for the state."""
        return self.districts.get(self.cleaned_data["scope"])
