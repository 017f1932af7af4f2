import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from tandem.licensure.coverage import with_coverage
from tandem.licensure.models import Ipdp, License, PointsEntry
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, Person, StaffAssignment


def licenses_of(person: Person) -> QuerySet[License]:
    return License.objects.filter(person=person).order_by("-issued_on", "license_number")


def professional_teachers(*, person_ids, day: datetime.date) -> set[int]:
    """Of these people, those holding a Professional teacher's license in force on ``day``."""
    return set(
        License.objects.filter(
            person_id__in=list(person_ids),
            role=License.Role.TEACHER,
            stage=License.Stage.PROFESSIONAL,
            issued_on__lte=day,
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=day))
        .values_list("person_id", flat=True)
    )


def employments_on(person_id: int, day: datetime.date) -> list[Employment]:
    """The person's employments active on ``day``: the districts that may read her ledger."""
    return list(Employment.objects.filter(person_id=person_id).active_on(day).order_by("pk"))


def district_of(person_id: int, day: datetime.date) -> int | None:
    """The district employing the person on ``day`` (the first, if several), else her latest."""
    current = employments_on(person_id, day)
    if current:
        return current[0].district_id
    latest = Employment.objects.filter(person_id=person_id).order_by("-start_date", "-pk")
    return latest.values_list("district_id", flat=True).first()


def ledger_of(person: Person) -> QuerySet[PointsEntry]:
    """Every entry of the person's ledger, from every district that has employed her."""
    return PointsEntry.objects.filter(person=person).select_related("district", "evidence")


def entries_waiting_on(roles) -> QuerySet[PointsEntry]:
    """Activities waiting for approval that this user may decide: those of educators she
    supervises and, for HR, of educators her district employs."""
    supervised = Employment.objects.filter(pk__in=roles.evaluatee_ids).values("person_id")
    employed = (
        Employment.objects.filter(district_id__in=roles.personnel_districts)
        .active_on(roles.day)
        .values("person_id")
    )
    return (
        PointsEntry.objects.filter(status=PointsEntry.Status.PENDING)
        .filter(Q(person_id__in=supervised) | Q(person_id__in=employed))
        .select_related("person", "evidence")
        .order_by("earned_on", "pk")
    )


def ipdps_of(license: License) -> QuerySet[Ipdp]:
    return Ipdp.objects.filter(license=license).prefetch_related("reviews")


def assigned_outside_license(district_id: int, day: datetime.date) -> QuerySet[StaffAssignment]:
    """The district's teachers' assignments at a school on ``day`` that no license of theirs
    covers (the coverage rule the state's out-of-field figures ask)."""
    assignments = StaffAssignment.objects.active_on(day).filter(
        employment__in=Employment.objects.filter(
            district_id=district_id, role_group=RoleGroup.TEACHER
        ).active_on(day),
        school__isnull=False,
    )
    return (
        with_coverage(assignments, day)
        .filter(covered=False)
        .select_related("employment__person", "school")
        .order_by("employment__person__last_name", "employment__person__first_name", "pk")
    )


def lapsing_licenses(district_id: int, day: datetime.date, *, within_days: int = 365):
    """Licenses of the district's educators on ``day`` that expire within a year of it."""
    employed = Employment.objects.filter(district_id=district_id).active_on(day)
    return (
        License.objects.filter(
            person__in=employed.values("person_id"),
            expires_on__gte=day,
            expires_on__lte=day + datetime.timedelta(days=within_days),
        )
        .select_related("person")
        .order_by("expires_on", "person__last_name", "pk")
    )


def approved_points(person_ids) -> dict[int, Decimal]:
    """The points that count in each person's ledger (approved entries), by person id."""
    return dict(
        PointsEntry.objects.filter(
            person_id__in=list(person_ids), status=PointsEntry.Status.APPROVED
        )
        .values("person_id")
        .annotate(total=Sum("points"))
        .values_list("person_id", "total")
    )


def stages_in_force(person_ids, day: datetime.date) -> dict[int, set[str]]:
    """The stages of the licenses each person holds in force on ``day``, by person id."""
    stages: dict[int, set[str]] = {}
    for person_id, stage in (
        License.objects.filter(person_id__in=list(person_ids), issued_on__lte=day)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=day))
        .values_list("person_id", "stage")
    ):
        stages.setdefault(person_id, set()).add(stage)
    return stages
