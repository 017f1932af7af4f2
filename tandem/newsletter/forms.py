from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.newsletter.models import Issue, Item
from tandem.newsletter.services import ItemText
from tandem.ui.forms import VersionedForm

AUDIENCE = ("audience_role_group", "audience_region", "audience_license_field")


class IssueForm(forms.Form):
    """An issue and its three items; the service receives the items as ``ItemText``."""

    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audience_role_group = forms.ChoiceField(
        label=_("Audience: role group"),
        choices=[
            ("", _("Every role group")),
            *Issue._meta.get_field("audience_role_group").choices,
        ],
        required=False,
    )
    audience_region = forms.CharField(
        label=_("Audience: region"),
        max_length=100,
        required=False,
        help_text=_("Such as Central; empty for every region."),
    )
    audience_license_field = forms.CharField(
        label=_("Audience: license field"),
        max_length=150,
        required=False,
        help_text=_("Such as Mathematics; empty for every field."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Item.Kind:
            self.fields[f"{kind}_title"] = forms.CharField(
                label=_("%s: title") % kind.label, max_length=200
            )
            self.fields[f"{kind}_text"] = forms.CharField(
                label=_("%s: text") % kind.label, widget=forms.Textarea(attrs={"rows": 4})
            )
            self.fields[f"{kind}_link"] = forms.URLField(
                label=_("%s: link") % kind.label, max_length=500, assume_scheme="https"
            )
            if kind == Item.Kind.REFLECTION:
                self.fields[f"{kind}_author"] = forms.CharField(
                    label=_("%s: written by") % kind.label,
                    max_length=200,
                    help_text=_("The teacher who wrote it."),
                )

    @staticmethod
    def initial_of(issue: Issue) -> dict:
        initial = {
            "title": issue.title,
            "introduction": issue.introduction,
            "version": issue.version,
        }
        initial.update({name: getattr(issue, name) for name in AUDIENCE})
        for item in issue.items.all():
            for part in ("title", "text", "link", "author"):
                initial[f"{item.kind}_{part}"] = getattr(item, part)
        return initial

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        items = {
            kind.value: ItemText(
                title=data[f"{kind}_title"],
                text=data[f"{kind}_text"],
                link=data[f"{kind}_link"],
                author=data.get(f"{kind}_author", ""),
            )
            for kind in Item.Kind
        }
        arguments = {"title": data["title"], "introduction": data["introduction"], "items": items}
        arguments.update({name: data[name].strip() for name in AUDIENCE})
        return arguments


class IssueEditForm(VersionedForm, IssueForm):
    pass


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Local time; the worker sends the issue then."),
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
