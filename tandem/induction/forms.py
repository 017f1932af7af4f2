from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.induction.models import InductionRules, MentoringLog, TrainedMentor
from tandem.induction.services import RULE_FIELDS
from tandem.people.models import Person


class InductionRulesForm(forms.ModelForm):
    """The district's program for one school year; posts back the version it started from
    (0 while the state's values have not yet been saved)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = InductionRules
        fields = list(RULE_FIELDS)

    def clean_mentor_within_days(self):
        days = self.cleaned_data["mentor_within_days"]
        if not 1 <= days <= 90:
            raise forms.ValidationError(_("Give a number of days from 1 to 90."))
        return days

    def clean_professional_hours(self):
        hours = self.cleaned_data["professional_hours"]
        if hours <= 0:
            raise forms.ValidationError(_("Give more than 0 hours."))
        return hours

    def clean_induction_year_hours(self):
        hours = self.cleaned_data["induction_year_hours"]
        if hours is not None and hours <= 0:
            raise forms.ValidationError(_("Give more than 0 hours, or leave it empty for none."))
        return hours


class TrainedMentorForm(forms.ModelForm):
    person = forms.TypedChoiceField(
        label=_("Educator"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of the district's educators.")},
    )

    class Meta:
        model = TrainedMentor
        fields = ["trained_on", "subjects", "grade_levels", "capacity", "end_date"]
        widgets = {
            "trained_on": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Choose an educator")), *people]
        self.order_fields(["person"])

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if not 1 <= capacity <= 6:
            raise forms.ValidationError(_("Give a number of mentees from 1 to 6."))
        return capacity

    def clean_person(self):
        return Person.objects.get(pk=self.cleaned_data["person"])


class MentorAssignForm(forms.Form):
    mentor = forms.TypedChoiceField(
        label=_("Trained mentor"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of the district's trained mentors.")},
    )
    evaluator = forms.TypedChoiceField(
        label=_("Evaluator on the support team"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the teacher's evaluators.")},
    )
    start_date = forms.DateField(
        label=_("Mentor from"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, mentors, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentors = {mentor.pk: mentor for mentor in mentors}
        self.evaluators = {person.pk: person for person in evaluators}
        self.fields["mentor"].choices = [
            ("", _("Choose a mentor")),
            *((mentor.pk, str(mentor.person)) for mentor in mentors),
        ]
        self.fields["evaluator"].choices = [
            ("", _("None yet")),
            *((person.pk, str(person)) for person in evaluators),
        ]

    def clean_mentor(self):
        return self.mentors[self.cleaned_data["mentor"]]

    def clean_evaluator(self):
        chosen = self.cleaned_data["evaluator"]
        return self.evaluators[chosen] if chosen else None


class MentoringLogForm(forms.ModelForm):
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal("12"),
        decimal_places=2,
        help_text=_("In hours and parts of an hour, such as 1.5; at most 12 a day."),
        error_messages={
            "min_value": _("Give at least a quarter of an hour (0.25)."),
            "max_value": _("A day holds at most 12 hours."),
        },
    )

    class Meta:
        model = MentoringLog
        fields = ["date", "hours", "kind", "topic", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "notes": _("Seen by the two of you and the district's HR, never by another district.")
        }


class MentoringLogEditForm(MentoringLogForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("School year"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of the district's school years.")},
    )

    def __init__(self, data, *, school_years):
        super().__init__(data)
        self.fields["year"].choices = [(year.pk, year.name) for year in school_years]


class RosterFilterForm(forms.Form):
    search = forms.CharField(label=_("Name"), required=False)
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everyone in induction")),
            ("no_mentor", _("No mentor yet")),
            ("late", _("Mentor assigned late")),
            ("beginning", _("Beginning teachers")),
            ("incoming", _("Incoming teachers")),
        ],
        error_messages={"invalid_choice": _("Choose one of the lists offered.")},
    )
