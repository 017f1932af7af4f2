"""Forms of interest-based problem solving (issue 5, item 4)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import IssueStatement, OptionRating, Stance
from tandem.ui.forms import VersionedForm


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


class StanceVisibilityForm(VersionedForm):
    before_own = forms.BooleanField(
        label=_("Members see the others' stances before giving their own"),
        required=False,
        help_text=_("Left unticked, each member sees the others' stances once theirs is given."),
    )
    after_decision = forms.BooleanField(
        label=_("The team sees every stance after the decision"),
        required=False,
    )
