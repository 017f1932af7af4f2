"""The element codes and value codes of the state's staff collection, from settings.

Most of them are not confirmed against the EPIMS handbook (evaluation.md §7), so they are
``settings.STATE_REPORTING`` rather than constants: a district corrects one without a release.
This module is the one place that reads them, and it refuses a setting with a part missing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tandem.organizations.vocabulary import PlanType
from tandem.rubrics.models import PerformanceLevel

# The columns of the file, in order; each is named by ``elements[field]``.
FIELDS = ("state_id", "last_name", "first_name", "district", "school", "pts", "overall")
LAST_FIELDS = ("plan_type",)


@dataclass(frozen=True)
class StateReportingCodes:
    elements: dict[str, str]
    standards: dict[str, str]
    ratings: dict[str, str]
    not_evaluated: str
    pts: dict[str, str]
    plan_types: dict[str, str]

    def header(self) -> list[str]:
        """The file's header: the configured element codes."""
        return [
            *(self.elements[field] for field in FIELDS),
            *self.standards.values(),
            *(self.elements[field] for field in LAST_FIELDS),
        ]


def _part(config: dict, name: str, keys) -> dict[str, str]:
    part = config.get(name)
    if not isinstance(part, dict):
        raise ImproperlyConfigured(f"STATE_REPORTING[{name!r}] must be a dict")
    missing = [key for key in keys if not str(part.get(key) or "")]
    if missing:
        raise ImproperlyConfigured(f"STATE_REPORTING[{name!r}] has no code for {missing}")
    return {key: str(part[key]) for key in (keys or part)}


def state_reporting_codes() -> StateReportingCodes:
    """The codes in force (``settings.STATE_REPORTING``), each part checked."""
    config = getattr(settings, "STATE_REPORTING", None)
    if not isinstance(config, dict):
        raise ImproperlyConfigured("STATE_REPORTING must be a dict (see docs/STATE_REPORTING.md)")
    if not str(config.get("not_evaluated") or ""):
        raise ImproperlyConfigured("STATE_REPORTING['not_evaluated'] must be set")
    return StateReportingCodes(
        elements=_part(config, "elements", (*FIELDS, *LAST_FIELDS)),
        standards=_part(config, "standards", ()),
        ratings=_part(config, "ratings", PerformanceLevel.values),
        not_evaluated=str(config["not_evaluated"]),
        pts=_part(config, "pts", ("yes", "no")),
        plan_types=_part(config, "plan_types", PlanType.values),
    )
