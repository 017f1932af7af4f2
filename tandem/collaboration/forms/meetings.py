"""Forms of a team's meetings and action items."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.ui.forms import VersionedForm


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

    def clean_agenda(self) -> list[str]:
        """The agenda's items, one a line."""
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
