from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import (
    SURVEY_SCALE,
    SURVEY_STATEMENTS,
    Engagement,
    IssueStatement,
    JointAgreement,
    OptionRating,
    Party,
    Program,
    Resource,
    Stance,
)
from tandem.records.files import ACCEPTED, upload_checked
from tandem.ui.forms import VersionedForm


class InquiryForm(forms.Form):
    district = forms.TypedChoiceField(label=_("District"), coerce=int)
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.filter(accepting=True), empty_label=None
    )
    inquiry = forms.CharField(
        label=_("What would the district like to work on?"),
        help_text=_(
            "A few sentences for the partnership: the issue, who is involved so far, and what "
            "you hope to change. The partnership answers with a first meeting at no cost."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5_000,
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [(d.pk, d.name) for d in districts]


class FirstMeetingForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = ["first_meeting_on", "first_meeting_notes"]
        labels = {
            "first_meeting_on": _("Date of the first meeting"),
            "first_meeting_notes": _("Notes of the first meeting"),
        }
        help_texts = {
            "first_meeting_notes": _(
                "Who came, what the district wants to work on, and what the partnership "
                "proposed. The key leaders agree to take part on the strength of these notes."
            )
        }
        widgets = {
            "first_meeting_on": forms.DateInput(attrs={"type": "date"}),
            "first_meeting_notes": forms.Textarea(attrs={"rows": 6}),
        }


class MemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("The address the person signs in to Tandem with.")
    )
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    role = forms.CharField(
        label=_("Role on the team"),
        required=False,
        max_length=100,
        help_text=_("Such as Co-chair, Note-taker or Member."),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )


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


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        help_text=_("The partnership reads comments before they are shown to others."),
    )


class ResourceForm(forms.ModelForm):
    link = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("Where the resource can be read, if online."),
    )
    upload = forms.FileField(label=_("File"), required=False)

    class Meta:
        model = Resource
        fields = ["title", "kind", "summary", "link", "topics"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "topics": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = _(
            "%(accepted)s, at most %(limit)d MB. Share a link, a file or both."
        ) % {"accepted": ACCEPTED, "limit": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}

    def clean_upload(self):
        """Check the file with the other fields, so that every problem is named at once; the
        service checks it again when it stores it."""
        upload = self.cleaned_data.get("upload")
        if upload is not None:
            try:
                upload_checked(upload)  # its DomainError is a ValidationError of this field
            finally:
                upload.seek(0)
        return upload


# -- Meetings, action items and the relationship survey (issue 5) --------------------------


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("A room and building, or how to join the call."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        help_text=_("One item per line, in the order the team will take them up."),
    )

    def agenda_items(self) -> list[str]:
        return self.cleaned_data["agenda"].splitlines()


class MeetingAgendaForm(VersionedForm, MeetingForm):
    pass


class MinutesForm(VersionedForm):
    attendees = forms.TypedMultipleChoiceField(
        label=_("Who came"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50_000,
        help_text=_("What was discussed under each agenda item."),
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20_000,
        help_text=_("One decision per line, in the words the team agreed."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [(user.pk, str(user)) for user in people]


class MeetingCancelForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        help_text=_(
            "The team sees this on the meeting page, and it stays on the record. Calendar apps "
            "that follow the team's meetings show the meeting as cancelled."
        ),
        error_messages={
            "required": _("Say why the meeting is cancelled; the team sees the reason.")
        },
    )


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("What is to be done"), max_length=500)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    plan_step = forms.ChoiceField(
        label=_("Step of the joint plan it carries forward (optional)"),
        required=False,
    )

    def __init__(self, *args, people, plan_steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(user.pk, str(user)) for user in people]
        self.fields["plan_step"].choices = [("", _("None")), *plan_steps]


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


# --- Interest-based problem solving and joint agreements (issue 5, item 4) -----------------


class IssueForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    statement = forms.CharField(
        label=_("Issue statement"),
        help_text=_(
            "Describe the problem in words every party can accept as fair: what is happening "
            "and who it affects. Leave out anyone's preferred solution; options come later."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )


class IssueRestateForm(VersionedForm, IssueForm):
    pass


class InterestForm(forms.Form):
    text = forms.CharField(
        label=_("Interest"),
        help_text=_(
            "A need, concern or hope that lies behind your party's position: why it matters, "
            "not what you want done. It is listed under your own party."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=10_000,
    )
    mutual = forms.BooleanField(
        label=_("Every party shares this interest (mutual)"), required=False
    )


class OptionForm(forms.Form):
    text = forms.CharField(
        label=_("Option"),
        help_text=_(
            "Any idea that could meet the interests. While brainstorming nobody judges an "
            "option; every one stays on the list until the weighing."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=10_000,
    )


class CriterionForm(forms.Form):
    text = forms.CharField(
        label=_("Criterion"),
        help_text=_(
            "A test any acceptable solution must pass, such as “fits the budget” or “keeps "
            "teaching time whole”. Agree the criteria before weighing any option against them."
        ),
        max_length=500,
    )


class StageForm(VersionedForm):
    to = forms.ChoiceField(label=_("Step"), choices=IssueStatement.Stage.choices)
    option = forms.TypedChoiceField(
        label=_("Option to test for consensus"),
        help_text=_("The option the weighing favoured; every member will say where they stand."),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, issue=None, **kwargs):
        super().__init__(*args, **kwargs)
        if issue is not None:
            self.fields["option"].choices = [(o.pk, o.text) for o in issue.options.all()]


class WeighingForm(VersionedForm):
    """One choice and one note for every option × criterion cell of the matrix."""

    def __init__(self, *args, criteria, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            cells = []
            for criterion, rating in row.cells:
                key = f"{row.option.pk}_{criterion.pk}"
                names = {"option": row.option.text[:60], "criterion": criterion.text[:60]}
                self.fields[f"meets_{key}"] = forms.ChoiceField(
                    label=_("Does “%(option)s” meet “%(criterion)s”?") % names,
                    choices=[("", _("Not weighed yet")), *OptionRating.Meets.choices],
                    required=False,
                    initial=rating.meets if rating else "",
                )
                self.fields[f"note_{key}"] = forms.CharField(
                    label=_("Note on “%(option)s” against “%(criterion)s”") % names,
                    required=False,
                    max_length=1000,
                    initial=rating.note if rating else "",
                )
                cells.append((criterion, self[f"meets_{key}"], self[f"note_{key}"]))
            self.rows.append((row.option, cells))

    def ratings(self) -> dict[tuple[int, int], tuple[str, str]]:
        return {
            (option.pk, criterion.pk): (self.cleaned_data[meets.name], self.cleaned_data[note.name])
            for option, cells in self.rows
            for criterion, meets, note in cells
        }


class StanceForm(forms.Form):
    gradient = forms.TypedChoiceField(
        label=_("Where do you stand on this option?"),
        help_text=_(
            "1 to 3 support the option, with more or fewer reservations. A 4 asks the team to "
            "keep talking; a 5 blocks it. Consensus needs everyone at 3 or better."
        ),
        choices=Stance.Gradient.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        help_text=_(
            "Required for a 4 or a 5: what concerns you, and what would let you live with it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5_000,
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("gradient", 0) > Stance.Gradient.LIVE_WITH_IT
            and not data.get("comment", "").strip()
        ):
            self.add_error("comment", _("Below “I can live with it”, say what concerns you."))
        return data


class DecisionForm(VersionedForm):
    decision = forms.CharField(
        label=_("What the team decided"),
        help_text=_(
            "The decision in full, as the members agreed it. Once recorded, the issue and its "
            "consensus check are kept as they are and no longer change."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
    )


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of agreement"), choices=JointAgreement.Kind.choices)
    issue = forms.TypedChoiceField(
        label=_("Decided issue"),
        help_text=_("For a tentative agreement: the issue whose decision this language sets down."),
        coerce=int,
        required=False,
        empty_value=None,
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text of the agreement"),
        help_text=_(
            "The language the parties drafted together. It can be changed until the first key "
            "leader signs; after that, a change means a new version."
        ),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=100_000,
    )

    def __init__(self, *args, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].choices = [("", _("None")), *((i.pk, i.title) for i in issues)]


class AgreementEditForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = AgreementForm.base_fields["body"]
