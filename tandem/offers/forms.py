from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.offers.models import MessageTemplate, Offer, ReferenceRequest
from tandem.offers.services import APPROVE, SEND_BACK
from tandem.ui.forms import VersionedForm

DATE = forms.DateInput(attrs={"type": "date"})


class ReferenceRequestForm(forms.Form):
    referee_name = forms.CharField(label=_("Referee's name"), max_length=150)
    referee_email = forms.EmailField(
        label=_("Referee's e-mail"),
        help_text=_("The link to the reference form goes to this address; it works once."),
    )


class ReferenceAnswerForm(forms.ModelForm):
    """The referee's form: no account, a few questions, a rating and free text."""

    class Meta:
        model = ReferenceRequest
        fields = ["relationship", "rating", "would_rehire", "strengths", "growth_areas"]
        widgets = {
            "rating": forms.RadioSelect,
            "would_rehire": forms.RadioSelect,
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "growth_areas": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("relationship", "rating", "would_rehire"):
            self.fields[name].required = True
        # The model's blank choice is no answer to a radio question.
        self.fields["rating"].choices = ReferenceRequest.Rating.choices
        self.fields["would_rehire"].choices = ReferenceRequest.Rehire.choices


class RecommendForm(VersionedForm):
    note = forms.CharField(
        label=_("Why you recommend this candidate"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class ApproveForm(VersionedForm):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[(APPROVE, _("Approve: the offer is next")), (SEND_BACK, _("Send back"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed to send back; kept in the candidate's history."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    out_of_field_reason = forms.CharField(
        label=_("If the candidate is out of field: why you approve"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


class NotSelectedForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason (internal)"),
        help_text=_(
            "Kept in the district's record; the applicant is sent the district's courteous "
            "message instead."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


class OfferForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Offer
        fields = ["position", "fte", "salary", "salary_step", "start_date", "respond_by"]
        widgets = {"start_date": DATE, "respond_by": DATE}


class OfferAnswerForm(VersionedForm):
    ACCEPT = "accept"
    DECLINE = "decline"
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(ACCEPT, _("I accept the offer")), (DECLINE, _("I decline the offer"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("If you decline, why (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
