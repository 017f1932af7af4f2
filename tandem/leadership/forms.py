from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.leadership.models import Domain, LatticeLevel, LeadershipRole
from tandem.leadership.selectors import STATEWIDE
from tandem.licensure.models import License
from tandem.organizations.models import District, School
from tandem.rubrics.models import PerformanceLevel


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search names and duties"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of role"),
        choices=[("", _("Any kind")), *LeadershipRole.Kind.choices],
        required=False,
    )
    domain = forms.ChoiceField(
        label=_("Teacher Leader Model Standards domain"),
        choices=[("", _("Any domain")), *Domain.choices],
        required=False,
    )
    district = forms.ChoiceField(label=_("Whose role"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [
            ("", _("Every role")),
            (STATEWIDE, _("State-wide roles")),
            *((str(pk), name) for pk, name in District.objects.values_list("pk", "name")),
        ]


class RoleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind of role"), choices=LeadershipRole.Kind.choices)
    duties = forms.CharField(label=_("Duties"), widget=forms.Textarea)
    hours_per_week = forms.DecimalField(
        label=_("Hours a week"), max_digits=4, decimal_places=1, required=False
    )
    release_periods = forms.IntegerField(
        label=_("Release periods a week"), min_value=0, required=False
    )
    stipend = forms.DecimalField(
        label=_("Yearly stipend, in dollars"), max_digits=8, decimal_places=2, required=False
    )
    domains = forms.MultipleChoiceField(
        label=_("Domains the role serves"),
        choices=Domain.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        help_text=_("Leave empty for a role the state describes for every district."),
    )

    def __init__(self, *args, districts, statewide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["district"].required = not statewide
        if not statewide:
            self.fields["district"].help_text = ""


class LevelForm(forms.Form):
    rank = forms.IntegerField(label=_("Rank"), min_value=1, help_text=_("1 for the first level."))
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    minimum_rating = forms.ChoiceField(
        label=_("Lowest signed summative rating"),
        choices=[("", _("Not asked")), *PerformanceLevel.choices],
        required=False,
    )
    minimum_years = forms.IntegerField(
        label=_("Fewest years employed"), min_value=0, required=False
    )
    minimum_points = forms.DecimalField(
        label=_("Fewest professional development points"),
        min_value=0,
        max_digits=6,
        decimal_places=1,
        required=False,
    )
    minimum_completions = forms.IntegerField(
        label=_("Fewest offerings completed"), min_value=0, required=False
    )
    license_stage = forms.ChoiceField(
        label=_("License stage"),
        choices=[("", _("Not asked")), *License.Stage.choices],
        required=False,
    )

    @classmethod
    def of(cls, level: LatticeLevel, data=None):
        initial = {name: getattr(level, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class EligibleFilterForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False
    )
    level = forms.ModelChoiceField(
        label=_("Next level"), queryset=LatticeLevel.objects.none(), required=False
    )

    def __init__(self, *args, district_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(district_id=district_id)
        self.fields["level"].queryset = LatticeLevel.objects.filter(district_id=district_id)


class TenureForm(forms.Form):
    employment = forms.ModelChoiceField(label=_("Educator"), queryset=None)
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False
    )
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, employments, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employment"].queryset = employments
        self.fields["employment"].label_from_instance = lambda e: str(e.person)
        self.fields["school"].queryset = schools


class RolePostForm(forms.Form):
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none())
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False
    )
    fte = forms.DecimalField(
        label=_("FTE"),
        max_digits=3,
        decimal_places=2,
        initial="0.2",
        help_text=_("The share of a full-time position the role takes, such as 0.2."),
    )
    start_date = forms.DateField(
        label=_("Role begins"), widget=forms.DateInput(attrs={"type": "date"})
    )
    opens_on = forms.DateField(
        label=_("Posting opens"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Posting closes"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["school"].queryset = School.objects.filter(district__in=districts)
