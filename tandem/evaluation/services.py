"""Writes and rules of the evaluation cycle: which plan comes next, what an overall rating
must respect, and starting a cycle with the settings and framework it keeps."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.evaluation.models import EvaluationCycle, PlanType, SelfAssessment
from tandem.organizations.models import SchoolYear
from tandem.organizations.selectors import settings_in_force
from tandem.people.models import Employment, EvaluatorAssignment, RoleGroup
from tandem.rubrics.models import FrameworkVersion, PerformanceLevel

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


def framework_for(*, employment: Employment) -> FrameworkVersion | None:
    """The newest published framework for the educator's role: the district's own, else the
    state's model."""
    published = FrameworkVersion.objects.filter(
        status=FrameworkVersion.Status.PUBLISHED, framework__role_group=employment.role_group
    ).order_by("-published_at", "-pk")
    return (
        published.filter(framework__district_id=employment.district_id).first()
        or published.filter(framework__district__isnull=True).first()
    )


@transaction.atomic
def cycle_start(
    *,
    employment_id: int,
    school_year: SchoolYear,
    start_date: datetime.date,
    plan_type: str = "",
    plan_years: int | None = None,
    reason: str = "",
) -> EvaluationCycle:
    """Begin a cycle with the plan the rules propose, or another with a reason.

    The cycle keeps the framework version and the district settings in force on its first
    day, whatever the district adopts later.
    """
    employment = Employment.objects.select_for_update().get(pk=employment_id)
    if employment.district_id != school_year.district_id:
        raise DomainError(_("That school year belongs to another district."))
    if not school_year.contains(start_date):
        raise DomainError(_("The cycle must start within the school year."))
    if (
        EvaluationCycle.objects.filter(employment=employment)
        .exclude(step=EvaluationCycle.Step.COMPLETE)
        .exists()
    ):
        raise DomainError(_("This educator already has a cycle under way."))
    framework = framework_for(employment=employment)
    if framework is None:
        raise DomainError(
            _("No published rubric for %(role)s: the district must adopt and publish one first.")
            % {"role": employment.get_role_group_display()}
        )
    settings = settings_in_force(
        district_id=employment.district_id,
        on=start_date,
        bargaining_unit_id=employment.bargaining_unit_id,
    )
    if settings is None:
        raise DomainError(_("The district has no evaluation settings in force on that date."))
    last = (
        EvaluationCycle.objects.filter(employment=employment, step=EvaluationCycle.Step.COMPLETE)
        .order_by("-end_date")
        .first()
    )
    proposal = plan_type_proposal(
        employment=employment,
        on=start_date,
        last_rating=last.overall_rating if last else "",
        last_plan_type=last.plan_type if last else "",
    )
    plan_type = plan_type or proposal.plan_type
    if plan_type not in PlanType.values:
        raise DomainError(_("Choose one of the four plan types."))
    reason = reason.strip()
    if plan_type != proposal.plan_type and not reason:
        raise DomainError(
            _(
                "Say why this educator gets a %(chosen)s rather than the %(proposed)s the rules "
                "propose."
            )
            % {"chosen": PlanType(plan_type).label, "proposed": proposal.plan_type.label}
        )
    plan_years = plan_years or (proposal.plan_years if plan_type == proposal.plan_type else 1)
    if plan_years == 2 and plan_type != PlanType.SELF_DIRECTED:
        raise DomainError(_("Only a Self-Directed Growth Plan may last two years."))
    end_date = school_year.end_date
    if plan_years == 2:
        end_date = end_date.replace(year=end_date.year + 1)
    evaluators = {
        a.role: a
        for a in EvaluatorAssignment.objects.filter(
            evaluatee=employment, school_year=school_year
        ).active_on(start_date)
    }
    primary = evaluators.get(EvaluatorAssignment.Role.PRIMARY)
    if primary is None:
        raise DomainError(_("Assign a primary evaluator for the school year first."))
    supervising = evaluators.get(EvaluatorAssignment.Role.SUPERVISING)
    cycle = EvaluationCycle.objects.create(
        employment=employment,
        person_id=employment.person_id,
        district_id=employment.district_id,
        school_year=school_year,
        framework_version=framework,
        settings_version=settings,
        plan_type=plan_type,
        plan_years=plan_years,
        proposed_plan_type=proposal.plan_type,
        plan_type_reason=reason if plan_type != proposal.plan_type else "",
        primary_evaluator_id=primary.evaluator_id,
        supervising_evaluator_id=supervising.evaluator_id if supervising else None,
        start_date=start_date,
        end_date=end_date,
    )
    SelfAssessment.objects.create(cycle=cycle)
    return cycle
