"""Forms of a district's inquiry and first meeting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import Engagement, Program


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
