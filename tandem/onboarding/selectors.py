"""Onboarding's reads: HR's list of onboardings in progress, what is overdue, the new
educator's own checklist, and the educators an applicant may already be."""

from django.db.models import Count, Min, Q, QuerySet

from tandem.onboarding.models import Onboarding, OnboardingStep, OnboardingTask
from tandem.people.models import Person
from tandem.people.selectors import Roles


class Status:
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    COMPLETE = "complete"


def _overseen(roles: Roles) -> Q:
    """The onboardings a user oversees: their districts' as HR, their schools' as principal."""
    return Q(district__in=roles.personnel_districts) | Q(school__in=roles.principal_schools)


def oversees_onboarding(roles: Roles) -> bool:
    return bool(roles.personnel_districts or roles.principal_schools)


def onboarding_list(
    *,
    roles: Roles,
    district_id: int | None = None,
    school_id: int | None = None,
    status: str = Status.IN_PROGRESS,
    search: str = "",
) -> QuerySet[Onboarding]:
    """The onboardings the user oversees, each with its open and overdue steps counted and
    the next due date, the most pressing first."""
    open_task = Q(tasks__done_at__isnull=True)
    onboardings = (
        Onboarding.objects.filter(_overseen(roles))
        .select_related("employment__person", "school", "district", "application__posting__vacancy")
        .annotate(
            open_count=Count("tasks", filter=open_task),
            overdue_count=Count("tasks", filter=open_task & Q(tasks__due_on__lt=roles.day)),
            next_due=Min("tasks__due_on", filter=open_task),
        )
    )
    if district_id:
        onboardings = onboardings.filter(district_id=district_id)
    if school_id:
        onboardings = onboardings.filter(school_id=school_id)
    if search:
        onboardings = onboardings.filter(
            Q(employment__person__last_name__icontains=search)
            | Q(employment__person__first_name__icontains=search)
        )
    if status == Status.IN_PROGRESS:
        onboardings = onboardings.filter(open_count__gt=0)
    elif status == Status.OVERDUE:
        onboardings = onboardings.filter(overdue_count__gt=0)
    elif status == Status.COMPLETE:
        onboardings = onboardings.filter(open_count=0)
    return onboardings.order_by("-overdue_count", "next_due", "employment__person__last_name")


def onboarding_get(*, pk: int) -> Onboarding | None:
    return (
        Onboarding.objects.select_related(
            "employment__person", "school", "district", "application__posting__vacancy"
        )
        .filter(pk=pk)
        .first()
    )


def onboarding_tasks(onboarding: Onboarding) -> QuerySet[OnboardingTask]:
    return onboarding.tasks.select_related("done_by")


def overdue_tasks(*, roles: Roles) -> QuerySet[OnboardingTask]:
    """The open steps past their due date in the onboardings the user oversees, oldest first."""
    return (
        OnboardingTask.objects.filter(
            Q(onboarding__district__in=roles.personnel_districts)
            | Q(onboarding__school__in=roles.principal_schools),
            done_at__isnull=True,
            due_on__lt=roles.day,
        )
        .select_related("onboarding__employment__person", "onboarding__school")
        .order_by("due_on", "onboarding_id", "position")
    )


def own_onboardings(*, roles: Roles) -> list[Onboarding]:
    """The signed-in educator's onboardings with a step still open, with their steps."""
    if roles.person_id is None:
        return []
    return list(
        Onboarding.objects.filter(
            employment__person_id=roles.person_id, tasks__done_at__isnull=True
        )
        .distinct()
        .select_related("employment__person", "district", "school")
        .prefetch_related("tasks")
    )


def district_steps(*, district_id: int) -> QuerySet[OnboardingStep]:
    return OnboardingStep.objects.filter(district_id=district_id)


def possible_matches(*, person: Person) -> QuerySet[Person]:
    """Educators the state knows with the applicant's name: HR confirms which, if any, is the
    applicant (the records hold no date of birth to tell them apart)."""
    if person.state_id:
        return Person.objects.none()
    return (
        Person.objects.filter(
            first_name__iexact=person.first_name,
            last_name__iexact=person.last_name,
            state_id__isnull=False,
        )
        .exclude(pk=person.pk)
        .prefetch_related("employments__district")
    )
