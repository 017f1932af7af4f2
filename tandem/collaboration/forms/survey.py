"""The relationship survey's form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import SURVEY_SCALE, SURVEY_STATEMENTS


class SurveyForm(forms.Form):
    """One 1-to-5 answer per statement and an optional comment."""

    comment = forms.CharField(
        label=_("Anything else the team should hear? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2_000,
        help_text=_(
            "Shown to the team only when at least five members have answered. Leave out "
            "anything that would tell who wrote it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        statements = {
            key: forms.TypedChoiceField(
                label=text, choices=SURVEY_SCALE, coerce=int, widget=forms.RadioSelect
            )
            for key, text in SURVEY_STATEMENTS
        }
        self.fields = {**statements, "comment": self.fields["comment"]}

    def statement_fields(self):
        return [self[key] for key, _text in SURVEY_STATEMENTS]

    def scores(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key, _text in SURVEY_STATEMENTS}
