from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.organizations.vocabulary import RoleGroup


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("Framework file"),
        help_text=_(
            "JSON as exported by Tandem, or CSV with one row per element and the columns "
            "standard_code, standard_name, indicator_code, indicator_name, element_code, "
            "element_name, exemplary, proficient, needs_improvement, unsatisfactory."
        ),
    )
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("json", "JSON"), ("csv", "CSV")], initial="json"
    )
    slug = forms.SlugField(
        label=_("Short name"),
        required=False,
        max_length=60,
        help_text=_(
            "Needed for CSV. Lower-case letters, digits and hyphens, such as lowell-teacher-2026."
        ),
    )
    name = forms.CharField(
        label=_("Name"), required=False, max_length=200, help_text=_("Needed for CSV.")
    )
    role_group = forms.ChoiceField(
        label=_("Role group"),
        required=False,
        choices=[("", "—"), *RoleGroup.choices],
        help_text=_("Needed for CSV: whose practice the rubric describes."),
    )
    edition = forms.CharField(
        label=_("Edition"),
        required=False,
        max_length=20,
        help_text=_("Needed for CSV, such as 2026."),
    )
