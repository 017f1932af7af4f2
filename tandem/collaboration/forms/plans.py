"""Forms of a joint plan: its start, each part of the draft, and readings of its measures."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.ui.forms import VersionedForm


class PlanStartForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the plan"),
        max_length=200,
        help_text=_("Such as Joint strategic plan 2026–2029."),
    )


class VisionForm(VersionedForm):
    vision = forms.CharField(
        label=_("Shared vision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5_000,
        help_text=_(
            "Where the district wants its students and educators to be, in words "
            "every party can stand behind."
        ),
    )
    theory_of_action = forms.CharField(
        label=_("Theory of action"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5_000,
        help_text=_(
            "If we do these things, then this will change for students: the reasoning "
            "that links the strategies to the goals."
        ),
    )


class GoalForm(VersionedForm):
    title = forms.CharField(label=_("Goal"), max_length=300)
    baseline = forms.CharField(
        label=_("Where we are now (baseline)"),
        max_length=200,
        help_text=_("Such as 71% of new teachers return for a second year."),
    )
    target = forms.CharField(label=_("Where we aim to be (target)"), max_length=200)
    target_date = forms.DateField(
        label=_("By when"), widget=forms.DateInput(attrs={"type": "date"})
    )


class MeasureForm(VersionedForm):
    name = forms.CharField(
        label=_("Measure of success"),
        max_length=300,
        help_text=_("A number the team will track, such as the share of new teachers who return."),
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=30, required=False, help_text=_("Such as %, teachers or hours.")
    )
    baseline = forms.DecimalField(label=_("Baseline value"), max_digits=12, decimal_places=2)
    target = forms.DecimalField(label=_("Target value"), max_digits=12, decimal_places=2)


class TitleForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=300)


class StepForm(VersionedForm):
    title = forms.CharField(label=_("Action step"), max_length=300)
    owner = forms.CharField(
        label=_("Owner"), max_length=200, help_text=_("The person or group who carries it out.")
    )
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))


PLAN_ITEM_FORMS = {
    "goal": GoalForm,
    "measure": MeasureForm,
    "strategy": TitleForm,
    "initiative": TitleForm,
    "step": StepForm,
}


class ProgressForm(forms.Form):
    measure_key = forms.ChoiceField(label=_("Measure"))
    recorded_on = forms.DateField(
        label=_("Date of the reading"), widget=forms.DateInput(attrs={"type": "date"})
    )
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_key"].choices = [
            (m["key"], f"{g['title']}: {m['name']}") for g, m in measures
        ]
