"""The form management proposes evaluation settings with: one field per setting, no JSON."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.organizations.vocabulary import DueStep, PlanType, RoleGroup
from tandem.rubrics.selectors import frameworks_available

DATE_HELP = _("Month and day, written MM-DD: 05-15 is May 15.")


def _month_day(label, *, required=True, help_text=DATE_HELP):
    return forms.CharField(
        label=label,
        required=required,
        max_length=5,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )


class SettingsProposalForm(forms.Form):
    effective_from = forms.DateField(
        label=_("In force from"),
        help_text=_("The first day the new settings apply."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    rationale = forms.CharField(
        label=_("Why the change"),
        help_text=_("For example the article of the agreement it carries out."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    feedback_school_days = forms.IntegerField(
        label=_("Written feedback after an observation, within (school days)"),
        min_value=1,
        max_value=60,
    )
    response_school_days = forms.IntegerField(
        label=_("Educator's signature and response, within (school days)"),
        min_value=1,
        max_value=60,
    )

    def __init__(self, *args, district_id: int, role_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.role_groups = [role for role in RoleGroup.values if role in role_groups]
        for role in self.role_groups:
            versions = list(frameworks_available(district_id=district_id, role_group=role))
            self.fields[f"framework_{role}"] = forms.TypedChoiceField(
                label=_("Rubric for %(role)s") % {"role": RoleGroup(role).label},
                choices=[("", _("The newest the district publishes"))]
                + [(v.pk, _framework_label(v)) for v in versions],
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_(
                    "Choose a version to keep evaluating with it when the district publishes a "
                    "newer one; cycles keep the rubric they began with either way."
                ),
            )
        for plan in PlanType.values:
            for kind, kind_label in (
                ("announced", _("announced")),
                ("unannounced", _("unannounced")),
            ):
                self.fields[f"obs_{plan}_{kind}"] = forms.IntegerField(
                    label=_("Minimum %(kind)s observations, %(plan)s")
                    % {"kind": kind_label, "plan": PlanType(plan).label},
                    min_value=0,
                    max_value=20,
                )
        for step in DueStep.values:
            self.fields[f"due_{step}"] = _month_day(
                _("%(step)s due") % {"step": DueStep(step).label}
            )
        for plan in PlanType.values:
            for step in DueStep.values:
                self.fields[f"due_{plan}_{step}"] = _month_day(
                    _("%(step)s due, %(plan)s")
                    % {"step": DueStep(step).label, "plan": PlanType(plan).label},
                    required=False,
                    help_text=_("Leave empty to follow the date above."),
                )

    @classmethod
    def initial_from(cls, values: dict) -> dict:
        """The form's fields filled from a settings version's values."""
        initial = {
            "feedback_school_days": values.get("feedback_school_days"),
            "response_school_days": values.get("response_school_days"),
        }
        for plan in PlanType.values:
            counts = values.get("observation_minimums", {}).get(plan, {})
            for kind in ("announced", "unannounced"):
                initial[f"obs_{plan}_{kind}"] = counts.get(kind)
        for role, version_id in values.get("frameworks", {}).items():
            initial[f"framework_{role}"] = version_id
        for step in DueStep.values:
            initial[f"due_{step}"] = values.get("due_dates", {}).get(step)
            for plan in PlanType.values:
                plan_dates = values.get("due_dates_by_plan", {}).get(plan, {})
                initial[f"due_{plan}_{step}"] = plan_dates.get(step, "")
        return initial

    def observation_rows(self):
        """(plan label, announced field, unannounced field) for each plan type."""
        return [
            (PlanType(p).label, self[f"obs_{p}_announced"], self[f"obs_{p}_unannounced"])
            for p in PlanType.values
        ]

    def framework_fields(self):
        return [self[f"framework_{role}"] for role in self.role_groups]

    def due_fields(self):
        return [self[f"due_{step}"] for step in DueStep.values]

    def due_by_plan_rows(self):
        """(plan label, its four optional due-date fields) for each plan type."""
        return [
            (PlanType(p).label, [self[f"due_{p}_{step}"] for step in DueStep.values])
            for p in PlanType.values
        ]

    def settings_values(self) -> dict:
        """The settings as the services store them; the services check them."""
        data = self.cleaned_data
        by_plan = {}
        for plan in PlanType.values:
            dates = {
                step: data[f"due_{plan}_{step}"].strip()
                for step in DueStep.values
                if data.get(f"due_{plan}_{step}", "").strip()
            }
            if dates:
                by_plan[plan] = dates
        return {
            "observation_minimums": {
                plan: {kind: data[f"obs_{plan}_{kind}"] for kind in ("announced", "unannounced")}
                for plan in PlanType.values
            },
            "feedback_school_days": data["feedback_school_days"],
            "response_school_days": data["response_school_days"],
            "due_dates": {step: data[f"due_{step}"].strip() for step in DueStep.values},
            "due_dates_by_plan": by_plan,
            "frameworks": {
                role: data[f"framework_{role}"]
                for role in self.role_groups
                if data.get(f"framework_{role}") is not None
            },
        }


def _framework_label(version) -> str:
    return _("%(name)s, version %(number)s (%(edition)s edition)") % {
        "name": version.framework.name,
        "number": version.number,
        "edition": version.edition,
    }


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Recorded with the proposal for both sides to read."),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        max_length=5000,
    )
