"""Starting a cycle with the rubric and the settings it keeps, and the checks every write to
a cycle makes: it locks the cycle, then asks who acts and at which step."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.bargaining.selectors import settings_in_force
from tandem.errors import DomainError
from tandem.evaluation.framework import plan_type_proposal
from tandem.evaluation.models import EvaluationCycle, SelfAssessment
from tandem.evaluation.rules import step_refusal
from tandem.evaluation.selectors import early_until
from tandem.organizations.models import DistrictSettingsVersion, SchoolYear
from tandem.organizations.vocabulary import PlanType
from tandem.people.models import Employment, EvaluatorAssignment, User
from tandem.rubrics.models import FrameworkVersion


def framework_for(
    *, employment: Employment, settings: DistrictSettingsVersion | None = None
) -> FrameworkVersion | None:
    """The rubric an educator is evaluated with: the version the bargained settings name for
    the educator's role, else the newest published one, the district's own before the
    state's model."""
    published = FrameworkVersion.objects.filter(
        status=FrameworkVersion.Status.PUBLISHED, framework__role_group=employment.role_group
    ).order_by("-published_at", "-pk")
    named = settings.values.get("frameworks", {}).get(employment.role_group) if settings else None
    if named is not None:
        return published.filter(pk=named).first()
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
    settings = settings_in_force(
        district_id=employment.district_id,
        on=start_date,
        bargaining_unit_id=employment.bargaining_unit_id,
    )
    if settings is None:
        raise DomainError(_("The district has no evaluation settings in force on that date."))
    framework = framework_for(employment=employment, settings=settings)
    if framework is None:
        raise DomainError(
            _("No published rubric for %(role)s: the district must adopt and publish one first.")
            % {"role": employment.get_role_group_display()}
        )
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


def locked_cycle(cycle_id: int) -> EvaluationCycle:
    """The cycle, locked until the write commits; every write to a cycle's records takes it."""
    return EvaluationCycle.objects.select_for_update().get(pk=cycle_id)


def raise_refusal(refusal: Exception | None) -> None:
    """Raise the reason a rule of ``evaluation.rules`` gives for refusing, if it gives one."""
    if refusal is not None:
        raise refusal


def require_permission(by: User, permission: str, cycle: EvaluationCycle) -> None:
    """Refuse (403) whoever does not hold ``permission`` on the cycle."""
    if not by.has_perm(permission, cycle):
        raise PermissionDenied


def early_reason_required(cycle: EvaluationCycle, due_step: str, reason: str) -> str:
    """The reason for taking this step well before its due date (see
    ``selectors.early_until``), refusing without one; "" when the step is not early."""
    due = early_until(cycle, due_step, day=timezone.localdate())
    if due is None:
        return ""
    if not reason.strip():
        raise DomainError(
            _("This is due %(date)s, more than six weeks from now: say why it is done early.")
            % {"date": date_format(due, "DATE_FORMAT")}
        )
    return reason.strip()


def require_step(cycle: EvaluationCycle, *steps: str) -> None:
    """Refuse a write once the cycle is past (or not yet at) ``steps``."""
    raise_refusal(step_refusal(cycle, steps))
