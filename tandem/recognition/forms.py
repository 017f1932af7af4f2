from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Person
from tandem.recognition.models import Criterion, Nomination


class NominationForm(forms.Form):
    nominee = forms.CharField(
        label=_("The educator's state educator identifier or e-mail address"),
        help_text=_("As on their district's staff directory."),
    )
    relationship = forms.ChoiceField(
        label=_("How you know them"), choices=Nomination.Relationship.choices
    )
    reason = forms.CharField(
        label=_("Why you nominate them"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean_nominee(self) -> Person:
        text = self.cleaned_data["nominee"].strip()
        person = Person.objects.filter(Q(state_id=text) | Q(email__iexact=text)).first()
        if person is None or not text:
            raise forms.ValidationError(
                _("No educator has this state educator identifier or e-mail address.")
            )
        return person


class ApplicationForm(forms.Form):
    statement = forms.CharField(
        label=_("Your statement"),
        help_text=_("What you do with your students and colleagues, in your own words."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class ScoreForm(forms.Form):
    """One number field for each criterion of the rubric, from 0 to its most points."""

    def __init__(self, *args, criteria: list[Criterion], initial_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                help_text=_("0 to %(n)d points.") % {"n": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
                initial=(initial_points or {}).get(criterion.pk),
            )

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class RecusalForm(forms.Form):
    reason = forms.CharField(label=_("The conflict of interest"), max_length=300)


class SelectionForm(forms.Form):
    citation = forms.CharField(
        label=_("Citation for the public page"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
