from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.learning.models import Provider, Subject, Topic
from tandem.rubrics.models import Indicator


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search titles and descriptions"), required=False)
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.all(), required=False
    )
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("Any topic")), *Topic.choices], required=False
    )
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False
    )
    indicator = forms.ModelChoiceField(
        label=_("Rubric indicator"),
        queryset=Indicator.objects.filter(
            pk__in=Indicator.objects.filter(learning_offerings__isnull=False).values("pk")
        ).select_related("standard"),
        required=False,
    )
    starts_from = forms.DateField(
        label=_("Starting on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_until = forms.DateField(
        label=_("Starting on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("starts_from")
            and data.get("starts_until")
            and data["starts_from"] > data["starts_until"]
        ):
            raise forms.ValidationError(_("The first date must come before the second."))
        return data


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this offering to your practice?"),
        choices=[
            (1, _("1: of little use")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5: of great use")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Your answer is shown only in aggregate, without your name, and only once at "
            "least six participants have answered."
        ),
    )
