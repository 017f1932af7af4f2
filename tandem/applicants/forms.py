from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.applicants import eeo
from tandem.applicants.models import Document, Education, Experience, Reference
from tandem.records.files import ACCEPT_ATTRIBUTE, upload_limits


class AccountForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to this address; follow it to confirm the account."),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class EducationForm(forms.ModelForm):
    class Meta:
        model = Education
        fields = ["institution", "degree", "field", "year"]


class ExperienceForm(forms.ModelForm):
    class Meta:
        model = Experience
        fields = ["employer", "role", "started_on", "ended_on"]
        widgets = {"started_on": _date_input(), "ended_on": _date_input()}


class ReferenceForm(forms.ModelForm):
    class Meta:
        model = Reference
        fields = ["name", "relation", "email", "phone"]


PART_FORMS = {"education": EducationForm, "experience": ExperienceForm, "reference": ReferenceForm}


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Document.Kind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("The file's name if empty.")
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.FileInput(attrs={"class": "usa-file-input", "accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_limits()


class ApplyForm(forms.Form):
    """The posting's own questions (``question_<pk>``) and the voluntary equal-opportunity
    questions. A required question's answer is checked by the service, which says which."""

    hispanic = forms.ChoiceField(
        label=_("Are you Hispanic or Latino?"),
        choices=eeo.HISPANIC_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    races = forms.MultipleChoiceField(
        label=_("What is your race? Choose one or more."),
        choices=[*eeo.RACES, (eeo.RACE_DECLINE, _("I prefer not to say"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sex = forms.ChoiceField(
        label=_("What is your sex?"),
        choices=eeo.SEX_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    EEO_FIELDS = ("hispanic", "races", "sex")

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.text
                if question.required
                else _("%(q)s (optional)") % {"q": question.text},
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                max_length=10_000,
            )

    def question_fields(self):
        return [self[f"question_{q.pk}"] for q in self.questions]

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"question_{q.pk}", "") for q in self.questions}

    def eeo_answers(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.EEO_FIELDS}


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
