from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tandem.evaluation.models import (
    GOAL_CONTENT,
    Evidence,
    Goal,
    GoalAttainment,
    Observation,
    SelfAssessment,
)
from tandem.organizations.vocabulary import PlanType
from tandem.records.files import ACCEPT_ATTRIBUTE, upload_limits
from tandem.rubrics.forms import RubricChoiceField
from tandem.rubrics.models import PerformanceLevel
from tandem.rubrics.selectors import element_list, indicator_list
from tandem.ui.forms import VersionedForm

LEVEL_CHOICES = [("", _("Not rated yet")), *PerformanceLevel.choices]


class LevelPerItemForm(VersionedForm):
    """A performance level and a comment for each rubric item (indicator or standard).

    The fields come in pairs, a choice and a comment for each row (``<choice>_<pk>`` and
    ``<comment>_<pk>``); a summative pairs an attainment and a comment with each goal too.
    """

    comment_prefix = "comment"

    def add_choice_fields(
        self, rows, *, choice, comment, choices, choice_label, comment_label, max_length
    ) -> None:
        """A choice and a comment for each row; the labels are functions of the row."""
        for row in rows:
            self.fields[f"{choice}_{row.pk}"] = forms.ChoiceField(
                label=choice_label(row), choices=choices, required=False
            )
            self.fields[f"{comment}_{row.pk}"] = forms.CharField(
                label=comment_label(row),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=max_length,
            )

    def choice_rows(self, rows, *, choice, comment):
        """(row, its choice field, its comment field) in the rows' order."""
        return [(r, self[f"{choice}_{r.pk}"], self[f"{comment}_{r.pk}"]) for r in rows]

    def choices_made(self, rows, *, choice, comment) -> dict[int, tuple[str, str]]:
        """Each row's choice and comment, by the row's primary key."""
        return {
            r.pk: (
                self.cleaned_data[f"{choice}_{r.pk}"],
                self.cleaned_data[f"{comment}_{r.pk}"].strip(),
            )
            for r in rows
        }

    def add_level_fields(self, items, *, level_label, comment_label) -> None:
        self.items = list(items)

        def label(text):
            return lambda item: text % {"code": item.code, "name": item.name}

        self.add_choice_fields(
            self.items,
            choice="level",
            comment=self.comment_prefix,
            choices=LEVEL_CHOICES,
            choice_label=label(level_label),
            comment_label=label(comment_label),
            max_length=10_000,
        )

    def item_rows(self):
        """(item, its level field, its comment field) in rubric order."""
        return self.choice_rows(self.items, choice="level", comment=self.comment_prefix)

    def ratings(self) -> dict[int, tuple[str, str]]:
        return self.choices_made(self.items, choice="level", comment=self.comment_prefix)


class SelfAssessmentForm(LevelPerItemForm):
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

    comment_prefix = "reflection"

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_level_fields(
            indicators,
            level_label=_("Your rating on %(code)s %(name)s"),
            comment_label=_("Evidence and reflection for %(code)s"),
        )

    def clean(self):
        """The person's choice at each field in conflict: ``choice_<field>`` ("saved" or
        "mine") and ``seen_<field>``, the version whose saved text they were shown."""
        cleaned = super().clean()
        self.resolved = {}
        for name, field in self.fields.items():
            choice = self.data.get(f"choice_{name}")
            if not choice:
                continue
            seen = str(self.data.get(f"seen_{name}", ""))
            if choice not in ("saved", "mine") or not seen.isdigit():
                raise forms.ValidationError(
                    _("Choose again which text to keep for “%(field)s”.") % {"field": field.label}
                )
            self.resolved[name] = (choice, int(seen))
        return cleaned

    def record_values(self) -> dict:
        """What ``self_assessment_save`` takes from the form, beside who and the version."""
        data = self.cleaned_data
        return {
            "student_learning_analysis": data["student_learning_analysis"],
            "practice_summary": data["practice_summary"],
            "ratings": self.ratings(),
            "resolved": self.resolved,
        }


class GoalForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose the kind of goal")), *Goal.Kind.choices]

    class Meta:
        model = Goal
        fields = list(GOAL_CONTENT)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields if name != "kind"}
        labels = {
            "kind": _("Kind of goal"),
            "statement": _("Goal (SMART)"),
            "key_actions": _("Key actions"),
        }

    def record_values(self) -> dict:
        """What ``goal_update`` takes from the form, beside who and the version."""
        return {"values": self.cleaned_data}


class ReturnPlanForm(VersionedForm):
    comments = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )


class EarlyStepForm(forms.Form):
    """The reason for a formative shared or a summative signed well before its due date: with
    ``early_until`` (the due date, see ``selectors.early_until``) the reason is required.

    In a modal on the record's page the field belongs to the record's form (``record_form``,
    its id), whose button posts it; it is not marked required there, or the browser would keep
    the record's own Save from submitting while the modal is closed."""

    early_reason = forms.CharField(
        label=_("Why it is done now"),
        help_text=_("Kept with the record, for the educator and anyone who reads it later."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        required=False,
    )

    def __init__(self, *args, early_until=None, record_form: str = "", **kwargs):
        super().__init__(*args, use_required_attribute=not record_form, **kwargs)
        field = self.fields["early_reason"]
        if early_until:
            field.required = True
            field.label = _("Why it is done now (required)")
            field.error_messages["required"] = _(
                "It is due %(date)s, more than six weeks from now: say why it is done today."
            ) % {"date": date_format(early_until, "DATE_FORMAT")}
        if record_form:
            field.widget.attrs["form"] = record_form
            if early_until:
                field.widget.attrs["aria-required"] = "true"


def _elements_field(framework_version) -> RubricChoiceField:
    return RubricChoiceField(
        options=element_list(version=framework_version),
        label=_("Rubric elements this evidences"),
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
        self.fields["elements"] = _elements_field(framework_version)


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
        self.fields["elements"] = _elements_field(framework_version)

    def record_values(self) -> dict:
        """What ``observation_update`` takes from the form, beside who and the version."""
        data = self.cleaned_data
        return {
            "notes": data["notes"],
            "feedback": data["feedback"],
            "element_ids": data["elements"],
        }


def _evidence_file_field(form: forms.Form, label) -> None:
    """The USWDS file input, its hint saying what is accepted and the size limit before a file
    is chosen (``records.files`` checks the same limit on upload)."""
    form.fields["file"] = forms.FileField(
        label=label,
        required=False,
        widget=forms.FileInput(attrs={"class": "usa-file-input", "accept": ACCEPT_ATTRIBUTE}),
        help_text=_(
            "%(limits)s It may hold student information: only those who may open this cycle "
            "can download it."
        )
        % {"limits": upload_limits()},
    )


class EvidenceTextForm(forms.Form):
    """The title and description an item of evidence is added with and corrected to."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
    )


class EvidenceForm(EvidenceTextForm):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=Evidence.Kind.choices)
    field_order = ["kind", "title", "description"]

    def __init__(self, *args, framework_version, **kwargs):
        super().__init__(*args, **kwargs)
        _evidence_file_field(self, _("File (optional)"))
        self.fields["indicators"] = RubricChoiceField(
            options=indicator_list(version=framework_version),
            label=_("Indicators this evidences"),
        )


class EvidenceReplaceForm(VersionedForm, EvidenceTextForm):
    """The uploader's correction of an item the evaluator has not opened."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _evidence_file_field(self, _("A new file in place of the old one (optional)"))


REMOVAL_REASON_CHOICES = [("", _("Choose a reason")), *Evidence.RemovalReason.choices]


class EvidenceRemovalForm(forms.Form):
    """Why an item is removed (by its uploader) or should be (a request to the evaluator)."""

    reason = forms.ChoiceField(
        label=_("Why remove it?"),
        choices=REMOVAL_REASON_CHOICES,
        error_messages={"required": _("Choose why the evidence should be removed.")},
    )
    note = forms.CharField(
        label=_("In your words (needed for another reason)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2_000,
    )


class EvidenceRemoveForm(VersionedForm, EvidenceRemovalForm):
    pass


class EvidenceRemovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("grant", _("Remove the evidence")), ("decline", _("Decline the request"))]
    )
    note = forms.CharField(
        label=_("Your note to the uploader (needed to decline)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2_000,
    )


class _RatingsForm(LevelPerItemForm):
    """A level and a comment for each standard of the cycle's rubric, and the cycle's goals."""

    def __init__(self, *args, standards, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        self.add_level_fields(
            standards,
            level_label=_("Standard %(code)s: %(name)s"),
            comment_label=_("Evidence and comment on Standard %(code)s"),
        )


class FormativeForm(_RatingsForm):
    comments = forms.CharField(
        label=_("Comments"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20_000,
    )
    overall = forms.ChoiceField(label=_("Overall rating"), choices=LEVEL_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for goal in self.goals:
            self.fields[f"progress_{goal.pk}"] = forms.CharField(
                label=_("Progress on: %(goal)s") % {"goal": goal.statement},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=10_000,
            )

    def goal_rows(self):
        return [(g, self[f"progress_{g.pk}"]) for g in self.goals]

    def goal_progress(self) -> dict[int, str]:
        return {g.pk: self.cleaned_data[f"progress_{g.pk}"] for g in self.goals}

    def record_values(self) -> dict:
        """What ``formative_save`` takes from the form, beside who and the version."""
        return {
            "comments": self.cleaned_data["comments"],
            "goal_progress": self.goal_progress(),
            "ratings": self.ratings(),
            "overall": self.cleaned_data["overall"],
        }


ATTAINMENT_CHOICES = [("", _("Not rated yet")), *GoalAttainment.choices]


class SummativeForm(_RatingsForm):
    overall = forms.ChoiceField(label=_("Overall rating"), choices=LEVEL_CHOICES, required=False)
    rationale = forms.CharField(
        label=_("Rationale for the overall rating"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20_000,
        help_text=_("A professional judgment from several kinds of evidence, not a formula."),
    )
    next_plan_type = forms.ChoiceField(
        label=_("Next plan"), choices=[("", _("Choose")), *PlanType.choices], required=False
    )
    next_plan_years = forms.TypedChoiceField(
        label=_("Length of the next plan"),
        choices=[(1, _("One year")), (2, _("Two years (Self-Directed Growth only)"))],
        coerce=int,
        initial=1,
    )
    next_plan_reason = forms.CharField(
        label=_("Why another plan than the one proposed (if so)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5_000,
    )
    observation_shortfall_reason = forms.CharField(
        label=_("Why fewer observations than the minimum (if so)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5_000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_choice_fields(
            self.goals,
            choice="attainment",
            comment="attainment_comment",
            choices=ATTAINMENT_CHOICES,
            choice_label=lambda goal: _("Attainment of: %(goal)s") % {"goal": goal.statement},
            comment_label=lambda _goal: _("Comment on this goal"),
            max_length=5_000,
        )

    def goal_rows(self):
        return self.choice_rows(self.goals, choice="attainment", comment="attainment_comment")

    def attainments(self) -> dict[int, tuple[str, str]]:
        return self.choices_made(self.goals, choice="attainment", comment="attainment_comment")

    def record_values(self) -> dict:
        """What ``summative_save`` takes from the form, beside who and the version."""
        data = self.cleaned_data
        return {
            "ratings": self.ratings(),
            "overall": data["overall"],
            "rationale": data["rationale"],
            "attainments": self.attainments(),
            "next_plan_type": data["next_plan_type"],
            "next_plan_years": data["next_plan_years"],
            "next_plan_reason": data["next_plan_reason"],
            "observation_shortfall_reason": data["observation_shortfall_reason"],
        }


class ResponseForm(VersionedForm):
    response = forms.CharField(
        label=_("Your written response"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20_000,
        help_text=_(
            "Attached to the evaluation. Add it before you sign: signing locks the record."
        ),
    )


class AmendmentForm(_RatingsForm):
    overall = forms.ChoiceField(label=_("Overall rating"), choices=LEVEL_CHOICES)
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000
    )
    reason = forms.CharField(
        label=_("Reason for the amendment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        help_text=_("Both versions are kept and shown, with this reason."),
    )
