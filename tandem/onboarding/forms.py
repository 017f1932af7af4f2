from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.onboarding.models import Checker
from tandem.onboarding.selectors import Status
from tandem.people.models import Person
from tandem.ui.forms import VersionedForm


class TaskTickForm(VersionedForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
    )


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=150)
    description = forms.CharField(
        label=_("What counts as done (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
    )
    days_after_start = forms.IntegerField(
        label=_("Due, in days after the first day"),
        help_text=_("0 for the first day; a negative number for a day before it."),
        min_value=-90,
        max_value=365,
        initial=0,
    )
    checked_by = forms.ChoiceField(label=_("Ticked off by"), choices=Checker.choices)


class OnboardForm(forms.Form):
    start_date = forms.DateField(
        label=_("First day of employment"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    state_id = forms.CharField(
        label=_("State educator identifier (if known)"),
        required=False,
        max_length=12,
        help_text=_(
            "If the state already knows the educator by this identifier, their record is "
            "employed and the applicant's account is linked to it."
        ),
    )
    educator = forms.ModelChoiceField(
        label=_("Is the applicant one of these educators?"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("None of them"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, matches, **kwargs):
        super().__init__(*args, **kwargs)
        if matches:
            self.fields["educator"].queryset = matches
            self.fields["educator"].label_from_instance = lambda person: (
                f"{person}, {person.state_id}: "
                + (", ".join(e.district.name for e in person.employments.all()) or "—")
            )
        else:
            del self.fields["educator"]


STATUS_CHOICES = [
    (Status.IN_PROGRESS, _("In progress")),
    (Status.OVERDUE, _("With a step overdue")),
    (Status.COMPLETE, _("Complete")),
    ("all", _("All")),
]
