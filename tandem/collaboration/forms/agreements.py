"""Forms of joint agreements."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import JointAgreement
from tandem.ui.forms import VersionedForm


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
