from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.evaluation.models import Evidence, Goal, Observation, SelfAssessment
from tandem.rubrics.models import PerformanceLevel

LEVEL_CHOICES = [("", _("Not rated yet")), *PerformanceLevel.choices]


class VersionedForm(forms.Form):
    """Posts back the version the person started from, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SelfAssessmentForm(VersionedForm):
    student_learning_analysis = forms.CharField(
        label=_("Analysis of your students' learning"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20_000,
        help_text=SelfAssessment._meta.get_field("student_learning_analysis").help_text,
    )
    practice_summary = forms.CharField(
        label=_("Your practice"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20_000,
        help_text=SelfAssessment._meta.get_field("practice_summary").help_text,
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"level_{indicator.pk}"] = forms.ChoiceField(
                label=_("Your rating on %(code)s %(name)s")
                % {"code": indicator.code, "name": indicator.name},
                choices=LEVEL_CHOICES,
                required=False,
            )
            self.fields[f"reflection_{indicator.pk}"] = forms.CharField(
                label=_("Evidence and reflection for %(code)s") % {"code": indicator.code},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5_000,
            )

    def indicator_rows(self):
        """(indicator, its level field, its reflection field) in rubric order."""
        return [(i, self[f"level_{i.pk}"], self[f"reflection_{i.pk}"]) for i in self.indicators]

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {
            i.pk: (
                self.cleaned_data[f"level_{i.pk}"],
                self.cleaned_data[f"reflection_{i.pk}"].strip(),
            )
            for i in self.indicators
        }


class GoalForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose the kind of goal")), *Goal.Kind.choices]

    class Meta:
        model = Goal
        fields = [
            "kind",
            "statement",
            "measures",
            "key_actions",
            "benchmarks",
            "supports",
            "timeline",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in [
                "statement",
                "measures",
                "key_actions",
                "benchmarks",
                "supports",
                "timeline",
            ]
        }
        labels = {
            "kind": _("Kind of goal"),
            "statement": _("Goal (SMART)"),
            "key_actions": _("Key actions"),
        }


class ReturnPlanForm(VersionedForm):
    comments = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )


class ElementsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, framework_version, **kwargs):
        from tandem.rubrics.models import Element

        elements = Element.objects.filter(
            indicator__standard__framework_version=framework_version
        ).order_by("indicator__standard__position", "indicator__position", "position")
        super().__init__(
            choices=[(e.pk, f"{e.code} {e.name}") for e in elements],
            required=False,
            label=_("Rubric elements this evidences"),
            **kwargs,
        )


class ObservationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Observation.Kind.choices)
    observed_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=1, max_value=600, initial=15
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=50_000,
        help_text=Observation._meta.get_field("notes").help_text,
    )

    def __init__(self, *args, framework_version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elements"] = ElementsField(framework_version=framework_version)


class ObservationEditForm(VersionedForm):
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=50_000,
    )
    feedback = forms.CharField(
        label=_("Written feedback to the educator"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=50_000,
    )

    def __init__(self, *args, framework_version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elements"] = ElementsField(framework_version=framework_version)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=Evidence.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
    )
    file = forms.FileField(
        label=_("File (optional)"),
        required=False,
        help_text=_(
            "PDF, images, Word, Excel, PowerPoint or text. It may hold student information: only those who may open this cycle can download it."
        ),
    )

    def __init__(self, *args, framework_version, **kwargs):
        super().__init__(*args, **kwargs)
        from tandem.rubrics.models import Indicator

        indicators = Indicator.objects.filter(
            standard__framework_version=framework_version
        ).order_by("standard__position", "position")
        self.fields["indicators"] = forms.MultipleChoiceField(
            choices=[(i.pk, f"{i.code} {i.name}") for i in indicators],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Indicators this evidences"),
        )
