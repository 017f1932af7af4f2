from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.licensure.models import Topic
from tandem.records.files import ACCEPT_ATTRIBUTE, upload_limits

DATE = forms.DateInput(attrs={"type": "date"})


class ActivityForm(forms.Form):
    description = forms.CharField(label=_("What you did"), max_length=300)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    content_field = forms.CharField(
        label=_("License field, for content points"),
        max_length=150,
        required=False,
        help_text=_("Such as Mathematics."),
    )
    points = forms.DecimalField(
        label=_("Points"),
        min_value=0.1,
        max_digits=6,
        decimal_places=1,
        help_text=_("One point for each clock hour; 15 for an undergraduate credit."),
    )
    earned_on = forms.DateField(label=_("Completed on"), widget=DATE)
    evidence = forms.FileField(
        label=_("Evidence"),
        widget=forms.FileInput(attrs={"class": "usa-file-input", "accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = upload_limits()


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Decline"))],
        coerce=lambda value: value == "yes",
    )


class IpdpForm(forms.Form):
    goals = forms.CharField(label=_("Goals of the plan"), widget=forms.Textarea(attrs={"rows": 4}))
    starts_on = forms.DateField(label=_("Cycle starts on"), widget=DATE)


class IpdpReviewForm(forms.Form):
    on = forms.DateField(label=_("Reviewed on"), widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
