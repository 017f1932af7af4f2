import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.hiring.models import Application
from tandem.people.models import Person
from tandem.selection.models import SCORE_MAX, SCORE_MIN, Criterion, PanelMember
from tandem.selection.selectors import SORTS, LicenseFit, StageStep
from tandem.selection.services import StageChoice

SCORES = [("", gettext_lazy("Not scored"))] + [
    (str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)
]


class StagesForm(forms.Form):
    """Each of hiring's stages: used or not, and who acts at it. Applied is always used."""

    def __init__(self, *args, steps: list[StageStep], **kwargs):
        super().__init__(*args, **kwargs)
        used = {step.stage: step.actors for step in steps}
        self.rows = []
        for stage, label in Application.Stage.choices:
            actors = used.get(stage, frozenset())
            use = forms.BooleanField(
                label=_("Use %(stage)s") % {"stage": label},
                required=False,
                initial=stage in used,
                disabled=stage == Application.Stage.APPLIED,
            )
            self.fields[f"use_{stage}"] = use
            for actor, actor_label in (
                ("hr", _("District HR acts")),
                ("principal", _("The principal acts")),
                ("panel", _("Panel members act")),
            ):
                self.fields[f"{actor}_{stage}"] = forms.BooleanField(
                    label=actor_label, required=False, initial=actor in actors
                )
            self.rows.append((stage, label))

    def choices(self) -> list[StageChoice]:
        data = self.cleaned_data
        return [
            StageChoice(
                stage,
                by_hr=data[f"hr_{stage}"],
                by_principal=data[f"principal_{stage}"],
                by_panel=data[f"panel_{stage}"],
            )
            for stage, _label in self.rows
            if data[f"use_{stage}"] or stage == Application.Stage.APPLIED
        ]

    def bound_rows(self):
        return [
            (
                label,
                self[f"use_{stage}"],
                [self[f"{actor}_{stage}"] for actor in ("hr", "principal", "panel")],
            )
            for stage, label in self.rows
        ]


class CandidateFilterForm(forms.Form):
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), required=False)
    fit = forms.ChoiceField(
        label=gettext_lazy("License fit"),
        required=False,
        choices=[("", gettext_lazy("Any fit")), *LicenseFit.CHOICES],
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"),
        required=False,
        choices=[
            ("score", gettext_lazy("Screening score, highest first")),
            ("name", gettext_lazy("Name")),
            ("submitted", gettext_lazy("Date applied")),
        ],
    )
    current = forms.BooleanField(label=gettext_lazy("In progress only"), required=False)

    def __init__(self, *args, steps: list[StageStep], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("Any stage"))] + [
            (step.stage, step.label) for step in steps
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        sort = data["sort"] if data["sort"] in SORTS else "score"
        return {
            "stage": data["stage"],
            "fit": data["fit"],
            "sort": sort,
            "ended": not data["current"],
        }


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NotSelectedForm(VersionForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason (kept in the candidate's history, not sent)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the applicant (sent by e-mail)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        initial=gettext_lazy(
            "Thank you for applying. We have chosen to go ahead with other candidates for this "
            "position, and we hope you will apply for others."
        ),
    )


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Used at"), choices=Criterion.Kind.choices)
    name = forms.CharField(label=gettext_lazy("Criterion"), max_length=200)
    weight = forms.IntegerField(
        label=gettext_lazy("Weight (1 to 5)"), min_value=1, max_value=5, initial=1
    )


class PanelMemberForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Panel member's e-mail"),
        help_text=gettext_lazy("The address they sign in to Tandem with."),
    )

    def clean_email(self):
        person = Person.objects.filter(user__email__iexact=self.cleaned_data["email"]).first()
        if person is None:
            raise forms.ValidationError(_("Nobody signs in to Tandem with this address."))
        return person


class _ScoresForm(forms.Form):
    def __init__(self, *args, criteria: list[Criterion], initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(name)s (weight %(weight)s)")
                % {"name": criterion.name, "weight": criterion.weight},
                choices=SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=(initial_scores or {}).get(criterion.pk),
            )

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


class ScreeningForm(_ScoresForm):
    pass


class ScorecardForm(_ScoresForm):
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class InterviewForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts = forms.TimeField(
        label=gettext_lazy("Starts"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=gettext_lazy("Ends"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=gettext_lazy("Place"), required=False, max_length=200)
    video_link = forms.URLField(
        label=gettext_lazy("Video link"), required=False, assume_scheme="https"
    )
    panel = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Interviewers"),
        queryset=PanelMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = panel

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(data["day"], data["starts"], tzinfo=zone),
            datetime.datetime.combine(data["day"], data["ends"], tzinfo=zone),
        )


class OutOfFieldForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the district goes ahead with this out-of-field hire"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
