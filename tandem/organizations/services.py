"""Writes to districts' versioned settings."""

import datetime
import re

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.organizations.models import BargainingUnit, District, DistrictSettingsVersion

PLAN_TYPES = ("developing", "self_directed", "directed", "improvement")
STEPS = ("self_assessment", "educator_plan", "formative", "summative")

# The model contract's defaults (evaluation.md §1, §6); every value is bargained locally.
DEFAULT_EVALUATION_SETTINGS = {
    "observation_minimums": {
        "developing": {"announced": 1, "unannounced": 4},
        "self_directed": {"announced": 0, "unannounced": 1},
        "directed": {"announced": 0, "unannounced": 2},
        "improvement": {"announced": 1, "unannounced": 4},
    },
    "feedback_school_days": 5,
    "response_school_days": 5,
    "due_dates": {
        "self_assessment": "10-01",
        "educator_plan": "11-01",
        "formative": "02-01",
        "summative": "05-15",
    },
    # Dates that differ for a plan type, step by step (the rest follow due_dates).
    "due_dates_by_plan": {},
}


def evaluation_settings_problems(values: dict) -> list[str]:
    """Every way ``values`` departs from the settings' shape, as sentences."""
    problems = []
    minimums = values.get("observation_minimums")
    if not isinstance(minimums, dict):
        problems.append(_("Observation minimums are missing."))
        minimums = {}
    for plan in PLAN_TYPES:
        counts = minimums.get(plan)
        for kind in ("announced", "unannounced"):
            n = counts.get(kind) if isinstance(counts, dict) else None
            if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 20:
                problems.append(
                    _("The %(kind)s observation minimum for %(plan)s plans must be 0 to 20.")
                    % {"kind": kind, "plan": plan}
                )
    for key in ("feedback_school_days", "response_school_days"):
        n = values.get(key)
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 60:
            problems.append(_("%(key)s must be 1 to 60 school days.") % {"key": key})
    due = values.get("due_dates")
    problems += _due_date_problems(due if isinstance(due, dict) else {}, required=True)
    by_plan = values.get("due_dates_by_plan", {})
    if not isinstance(by_plan, dict) or set(by_plan) - set(PLAN_TYPES):
        problems.append(_("Due dates by plan type are given only for the four plan types."))
    else:
        for plan, dates in by_plan.items():
            problems += [
                f"{plan}: {problem}"
                for problem in _due_date_problems(
                    dates if isinstance(dates, dict) else {}, required=False
                )
            ]
    return problems


def _due_date_problems(due: dict, *, required: bool) -> list[str]:
    problems = []
    if set(due) - set(STEPS):
        problems.append(_("Due dates are given only for: %(steps)s.") % {"steps": ", ".join(STEPS)})
    for step in STEPS:
        value = due.get(step)
        if value is None and not required:
            continue
        if not isinstance(value, str) or not re.fullmatch(r"\d\d-\d\d", value):
            problems.append(_("The due date of %(step)s must be written MM-DD.") % {"step": step})
            continue
        try:
            datetime.date(2024, int(value[:2]), int(value[3:]))
        except ValueError:
            problems.append(_("The due date of %(step)s is not a real date.") % {"step": step})
    return problems


@transaction.atomic
def settings_version_adopt(
    *,
    district: District,
    values: dict,
    effective_from: datetime.date,
    by=None,
    bargaining_unit: BargainingUnit | None = None,
    note: str = "",
) -> DistrictSettingsVersion:
    """Adopt a new settings version; earlier versions stay as they were."""
    problems = evaluation_settings_problems(values)
    if problems:
        raise DomainError(problems)
    if bargaining_unit is not None and bargaining_unit.district_id != district.pk:
        raise DomainError(_("That bargaining unit belongs to another district."))
    District.objects.select_for_update().get(pk=district.pk)
    last = DistrictSettingsVersion.objects.filter(
        district=district, bargaining_unit=bargaining_unit
    ).aggregate(n=Max("number"))["n"]
    return DistrictSettingsVersion.objects.create(
        district=district,
        bargaining_unit=bargaining_unit,
        number=(last or 0) + 1,
        effective_from=effective_from,
        values=values,
        adopted_by=by,
        note=note,
    )
