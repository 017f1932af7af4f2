"""The district's vacancy and posting forms, and the careers pages' filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.hiring.models import GRADE_NUMBERS, Posting, Vacancy
from tandem.hiring.selectors import PostingFilters
from tandem.people.models import StaffAssignment
from tandem.ui.forms import VersionedForm
from tandem.ui.params import int_or_none

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class VacancyForm(forms.Form):
    school = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=_("The district's own (no school)"),
    )
    title = forms.CharField(max_length=150, help_text=_("Such as Grade 7 mathematics teacher."))
    position = forms.ChoiceField(choices=StaffAssignment.Position.choices)
    subject = forms.CharField(max_length=100, required=False)
    grade_levels = forms.CharField(
        label=_("Grade levels"),
        max_length=20,
        required=False,
        help_text=_("PK, K or 1 to 12, or a span such as 5-8."),
    )
    fte = forms.DecimalField(
        label=_("FTE"),
        max_digits=3,
        decimal_places=2,
        initial=1,
        help_text=_("1 for full time, 0.5 for half time."),
    )
    salary_min = forms.IntegerField(label=_("Lowest yearly salary"), required=False, min_value=0)
    salary_max = forms.IntegerField(label=_("Highest yearly salary"), required=False, min_value=0)
    salary_step = forms.CharField(
        label=_("Salary step"),
        max_length=100,
        required=False,
        help_text=Vacancy._meta.get_field("salary_step").help_text,
    )
    start_date = forms.DateField(widget=DATE)
    licenses = forms.CharField(
        label=_("Required licenses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: the field, then a comma and the grade levels, such as "
            "“Mathematics, 5-8”. Any one of them fits the vacancy."
        ),
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = district.schools.order_by("name")

    def clean_licenses(self) -> list[tuple[str, str]]:
        licenses = []
        for line in _lines(self.cleaned_data["licenses"]):
            field, _comma, grades = line.partition(",")
            if len(field.strip()) > 150:
                raise forms.ValidationError(_("A license field is at most 150 characters."))
            licenses.append((field.strip(), grades.strip()[:20]))
        return licenses


class VacancyEditForm(VacancyForm, VersionedForm):
    pass


class PostingForm(forms.Form):
    audience = forms.ChoiceField(
        choices=Posting.Audience.choices, widget=forms.RadioSelect, initial="external"
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(
        label=_("Closes on"), widget=DATE, help_text=_("The last day it takes applications.")
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the position is and whom it suits; applicants read it."),
    )
    questions = forms.CharField(
        label=_("The posting's own questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line, asked beside the applicant's profile. Begin a line with "
            "“Optional:” for a question the applicant may skip."
        ),
    )

    def clean_questions(self) -> list[tuple[str, bool]]:
        questions = []
        for line in _lines(self.cleaned_data["questions"]):
            optional = line.lower().startswith("optional:")
            text = line[len("optional:") :].strip() if optional else line
            if len(text) > 500:
                raise forms.ValidationError(_("A question is at most 500 characters."))
            if text:
                questions.append((text, not optional))
        return questions


class RepostForm(forms.Form):
    audience = forms.ChoiceField(choices=Posting.Audience.choices, widget=forms.RadioSelect)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)


class CloseForm(VersionedForm):
    pass


GRADE_CHOICES = [("", _("Any grade"))] + [
    (str(number), _("Kindergarten") if name == "K" else _("PreK") if name == "PK" else name)
    for name, number in GRADE_NUMBERS.items()
]


def careers_filters(query, *, district_id: int | None = None) -> PostingFilters:
    """The careers pages' filters from the address's query; a value that is not one of the
    choices (typed into the address bar) filters nothing."""
    grade = query.get("grade", "")
    return PostingFilters(
        q=query.get("q", "").strip(),
        district_id=district_id or int_or_none(query.get("district")),
        region=query.get("region", "").strip(),
        subject=query.get("subject", "").strip(),
        grade=int(grade) if grade in {value for value, _label in GRADE_CHOICES[1:]} else None,
        license_field=query.get("license", "").strip(),
    )
