"""Forms of a team's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import NoticePreference, Party


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

    def __init__(self, *args, parties: list[str], **kwargs):
        """Offers only ``parties``, those the person adding may seat people in."""
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(p, Party(p).label) for p in parties]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )


class NoticePreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail me what waits on me in the team's work"),
        choices=NoticePreference.Frequency.choices,
    )
