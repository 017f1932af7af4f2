from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.reporting.selectors import ProblemKind


class RosterFilterForm(forms.Form):
    """The roster's filters: the school year, then a problem and a school (either may be empty)."""

    year = forms.TypedChoiceField(
        label=_("School year"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of the district's school years.")},
    )
    problem = forms.ChoiceField(
        label=_("Problem"),
        choices=[("", _("Any row")), ("any", _("Any problem")), *ProblemKind.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose one of the problems listed.")},
    )
    school = forms.TypedChoiceField(
        label=_("School"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the district's schools.")},
    )

    def __init__(self, data, *, school_years, schools):
        super().__init__(data)
        self.fields["year"].choices = [(year.pk, year.name) for year in school_years]
        self.fields["school"].choices = [
            ("", _("All schools")),
            *((school.pk, school.name) for school in schools),
        ]


class ReportingExceptionForm(forms.Form):
    person = forms.TypedChoiceField(
        label=_("Educator"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose an educator whose row has a problem.")},
    )
    reason = forms.CharField(
        label=_("Why the row goes to the state as it is"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why this row goes to the state as it is.")},
        help_text=_("Such as: on leave for the whole year, so reported as not evaluated."),
    )

    def __init__(self, data=None, *, rows):
        """``rows``: the roster rows with problems and no exception, offered as the choices."""
        super().__init__(data)
        self.fields["person"].choices = [
            ("", _("Choose an educator")),
            *(
                (row.person.pk, f"{row.person.sort_name} ({row.person.state_id_display})")
                for row in rows
            ),
        ]
