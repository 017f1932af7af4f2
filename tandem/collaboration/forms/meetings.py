"""Forms of a team's meetings and action items."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import MEETING_MINUTES_MAX, MEETING_MINUTES_MIN
from tandem.ui.forms import VersionedForm


class MeetingForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("What the meeting is about. Calendars show it after the team's name."),
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"),
        required=False,
        min_value=MEETING_MINUTES_MIN,
        max_value=MEETING_MINUTES_MAX,
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("A room and building, or “Online” when the team meets by video."),
    )
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("The address to join by video, if the meeting has one."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        help_text=_("One item per line, in the order the team will take them up."),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].help_text = _(
            "Leave empty for the team's usual length, %(n)s minutes."
        ) % {"n": team.meeting_minutes}

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


class MeetingLengthForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Usual meeting length in minutes"),
        min_value=MEETING_MINUTES_MIN,
        max_value=MEETING_MINUTES_MAX,
        help_text=_("Calendars show each meeting ending this long after it starts."),
    )
