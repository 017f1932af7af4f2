"""The framework's rules for plan types and overall ratings (603 CMR 35.06, 35.08): which plan
the next cycle gets, and what an overall rating must respect. Plain functions of what they are
given, so the services, the demo and the tests ask the same rules."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.people.models import Employment
from tandem.rubrics.models import PerformanceLevel

# 603 CMR 35.08(4)-(5): the standards that must be at least Proficient for an overall
# rating of Proficient or Exemplary. SISP follow the teacher standards.
GATING_STANDARDS = {
    RoleGroup.TEACHER: ("I", "II"),
    RoleGroup.SISP: ("I", "II"),
    RoleGroup.SCHOOL_ADMIN: ("I",),
    RoleGroup.DISTRICT_ADMIN: ("I",),
    RoleGroup.SUPERINTENDENT: ("I",),
}
PROFICIENT_OR_BETTER = frozenset({PerformanceLevel.EXEMPLARY, PerformanceLevel.PROFICIENT})


def overall_rating_problems(
    *, role_group: str, plan_type: str, overall: str, standard_ratings: dict[str, str]
) -> list[str]:
    """Why an overall rating cannot stand with these standard ratings (codes to levels).

    The rating itself is the evaluator's judgment; these are the only rules it must obey.
    """
    if overall not in PerformanceLevel.values:
        return [_("Give an overall rating.")]
    problems = []
    if overall in PROFICIENT_OR_BETTER:
        for code in GATING_STANDARDS[role_group]:
            if standard_ratings.get(code) not in PROFICIENT_OR_BETTER:
                problems.append(
                    _(
                        "An overall rating of %(overall)s needs at least Proficient on "
                        "Standard %(code)s (603 CMR 35.08)."
                    )
                    % {"overall": PerformanceLevel(overall).label, "code": code}
                )
    if plan_type == PlanType.DIRECTED and overall == PerformanceLevel.NEEDS_IMPROVEMENT:
        problems.append(
            _(
                "At the end of a Directed Growth Plan the educator is rated Proficient or better, "
                "or else Unsatisfactory; Needs Improvement cannot be given again."
            )
        )
    return problems


@dataclass(frozen=True)
class PlanProposal:
    plan_type: str
    plan_years: int
    why: str


def plan_type_proposal(
    *, employment: Employment, on: datetime.date, last_rating: str, last_plan_type: str
) -> PlanProposal:
    """The plan the framework's rules give the next cycle (603 CMR 35.06; evaluation.md §4).

    The evaluator may choose another with a recorded reason, such as a Developing Educator
    Plan for an experienced educator in a new assignment.
    """
    if not employment.is_experienced(on):
        return PlanProposal(
            PlanType.DEVELOPING,
            1,
            _(
                "Not yet an experienced educator (no professional teacher status in the district, "
                "or an administrator in their first three years)."
            ),
        )
    if last_rating == PerformanceLevel.UNSATISFACTORY:
        return PlanProposal(PlanType.IMPROVEMENT, 1, _("Last rated Unsatisfactory."))
    if last_rating == PerformanceLevel.NEEDS_IMPROVEMENT:
        if last_plan_type == PlanType.DIRECTED:
            return PlanProposal(
                PlanType.IMPROVEMENT,
                1,
                _("Rated below Proficient at the end of a Directed Growth Plan."),
            )
        return PlanProposal(PlanType.DIRECTED, 1, _("Last rated Needs Improvement."))
    if last_rating in PROFICIENT_OR_BETTER:
        return PlanProposal(
            PlanType.SELF_DIRECTED,
            2,
            _(
                "An experienced educator last rated %(rating)s; one or two years is the "
                "evaluator's choice."
            )
            % {"rating": PerformanceLevel(last_rating).label},
        )
    return PlanProposal(
        PlanType.SELF_DIRECTED,
        1,
        _("An experienced educator with no earlier rating in this district."),
    )
