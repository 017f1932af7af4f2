from django import forms
from django.utils.translation import gettext_lazy as _


class ApplicationForm(forms.Form):
    statement = forms.CharField(
        label=_("Why you want to serve, and what you would bring"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Your role, district and region come from your records."),
    )


class RenewalForm(forms.Form):
    ends_on = forms.DateField(
        label=_("The renewed term ends on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class MeetingForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line."),
    )


class MeetingRecordForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line."),
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("What the state asks the members"), widget=forms.Textarea(attrs={"rows": 4})
    )
    closes_on = forms.DateField(
        label=_("Last day for feedback"), widget=forms.DateInput(attrs={"type": "date"})
    )


class FeedbackForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Your feedback"), widget=forms.Textarea(attrs={"rows": 6}))
