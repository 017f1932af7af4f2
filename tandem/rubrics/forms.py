from dataclasses import dataclass, field

from django import forms
from django.forms import BoundField
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tandem.organizations.vocabulary import RoleGroup
from tandem.rubrics.models import Element, Indicator


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


@dataclass
class ChoiceGroup:
    """Checkboxes under one legend: a standard's, or one of its indicators' inside it."""

    legend: str
    boxes: list = field(default_factory=list)
    groups: list["ChoiceGroup"] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return sum(1 for box in self.boxes if box.data["selected"]) + sum(
            group.checked for group in self.groups
        )


class RubricChoicesBoundField(BoundField):
    @cached_property
    def groups(self) -> list[ChoiceGroup]:
        """The checkboxes by standard, and inside it by indicator when they are elements
        (issue 11: a flat list of 33 is no way to find one on a phone)."""
        standards: dict[int, ChoiceGroup] = {}
        indicators: dict[int, ChoiceGroup] = {}
        for option, box in zip(self.field.options, self.subwidgets, strict=True):
            indicator = option.indicator if isinstance(option, Element) else option
            group = standards.get(indicator.standard_id)
            if group is None:
                group = standards[indicator.standard_id] = ChoiceGroup(str(indicator.standard))
            if option is not indicator:
                parent, group = group, indicators.get(indicator.pk)
                if group is None:
                    group = indicators[indicator.pk] = ChoiceGroup(str(indicator))
                    parent.groups.append(group)
            group.boxes.append(box)
        return list(standards.values())


class RubricChoiceField(forms.MultipleChoiceField):
    """Indicators or elements of one rubric version to tag, given in the rubric's order with
    their standards (``selectors.indicator_list``, ``element_list``); ``ui/_checkboxes.html``
    shows them by standard, as tiles a thumb can hit."""

    widget = forms.CheckboxSelectMultiple(
        attrs={"class": "usa-checkbox__input usa-checkbox__input--tile"}
    )
    bound_field_class = RubricChoicesBoundField

    def __init__(self, *, options: list[Indicator] | list[Element], **kwargs):
        self.options = list(options)
        super().__init__(
            choices=[(option.pk, str(option)) for option in self.options],
            required=False,
            **kwargs,
        )
