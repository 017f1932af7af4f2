"""What an Ed-Fi export reads, narrowed to a district or the whole state."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear

from tandem.evaluation.models import (
    EvaluationCycle,
    PriorRating,
    StandardRating,
    SummativeEvaluation,
)
from tandem.evaluation.models.prior import STANDARDS
from tandem.interop.models import EdfiExport
from tandem.licensure.models import License
from tandem.organizations.models import District, School, StateAgency
from tandem.people.models import Employment, Person, RoleGrant, StaffAssignment
from tandem.rubrics.models import Element, FrameworkVersion, Standard

SIGNED = (SummativeEvaluation.Status.SIGNED_BY_EVALUATOR, SummativeEvaluation.Status.LOCKED)


def _in(district: District | None, field: str) -> dict:
    return {} if district is None else {field: district}


def state_agencies(district: District | None) -> QuerySet[StateAgency]:
    return StateAgency.objects.filter(**_in(district, "districts")).order_by("code")


def districts(district: District | None) -> QuerySet[District]:
    scope = District.objects.all() if district is None else District.objects.filter(pk=district.pk)
    return scope.select_related("state").order_by("org_code")


def schools(district: District | None) -> QuerySet[School]:
    return (
        School.objects.filter(**_in(district, "district"))
        .select_related("district")
        .order_by("org_code")
    )


# The export reads its staff rows as tuples, with no model per row (most of its time for
# them): each selector's fields, in order.
EMPLOYMENT = (
    "person_id",
    "person__state_id",
    "person__first_name",
    "person__last_name",
    "district__org_code",
    "role_group",
    "has_pts",
    "start_date",
    "end_date",
)
ASSIGNMENT = (
    "employment__person_id",
    "employment__person__state_id",
    "employment__district__org_code",
    "school_id",
    "school__org_code",
    "position",
    "start_date",
    "end_date",
    "fte",
    "subject",
    "grade_level",
)
LICENSE = (
    "person_id",
    "license_number",
    "field",
    "grade_levels",
    "stage",
    "issued_on",
    "expires_on",
)


def employments(district: District | None) -> QuerySet[Employment]:
    """Employments of people with a state identifier, by person: Ed-Fi keys staff by it."""
    return (
        Employment.objects.filter(person__state_id__isnull=False, **_in(district, "district"))
        .select_related("person", "district")
        .order_by("person__state_id", "district__org_code", "start_date", "pk")
    )


def employment_rows(district: District | None) -> QuerySet:
    """``employments`` as ``EMPLOYMENT`` tuples, in the same order."""
    return employments(district).select_related(None).values_list(*EMPLOYMENT)


def license_rows(district: District | None) -> QuerySet:
    """Licenses of the people the export holds as staff (a district's: those it employs), as
    ``LICENSE`` tuples."""
    licenses = License.objects.filter(person__state_id__isnull=False)
    if district is not None:
        licenses = licenses.filter(
            person__in=Employment.objects.filter(district=district).values("person_id")
        )
    return licenses.order_by("person_id", "license_number").values_list(*LICENSE)


def employments_without_state_id(district: District | None) -> int:
    return Employment.objects.filter(
        person__state_id__isnull=True, **_in(district, "district")
    ).count()


def assignments(district: District | None) -> QuerySet[StaffAssignment]:
    return (
        StaffAssignment.objects.filter(
            employment__person__state_id__isnull=False, **_in(district, "employment__district")
        )
        .select_related("employment__person", "employment__district", "school")
        .order_by("employment__person__state_id", "start_date", "pk")
    )


def assignment_rows(district: District | None) -> QuerySet:
    """``assignments`` as ``ASSIGNMENT`` tuples, in the same order."""
    return assignments(district).select_related(None).values_list(*ASSIGNMENT)


def signed_summatives(district: District | None) -> QuerySet[SummativeEvaluation]:
    """Signed summatives with an overall rating, of educators with a state identifier, with
    their standards' ratings; in the order of their performance evaluation."""
    return (
        SummativeEvaluation.objects.filter(
            status__in=SIGNED,
            cycle__person__state_id__isnull=False,
            **_in(district, "cycle__district"),
        )
        .exclude(overall_rating="")
        .select_related(
            "cycle__person",
            "cycle__district__state",
            "cycle__school_year",
            "cycle__primary_evaluator",
            "cycle__framework_version__framework__district",
        )
        .prefetch_related(
            Prefetch(
                "standard_ratings",
                queryset=StandardRating.objects.select_related("standard").order_by(
                    "standard__position"
                ),
            )
        )
        .order_by(
            "cycle__district__org_code", "cycle__school_year__start_date", "cycle__plan_type", "pk"
        )
    )


def rubric_owner(cycle: str = "cycle__") -> Coalesce:
    """The organization code of the performance evaluation a cycle's rating belongs to: the
    district's for a rubric of its own, the state agency's for the state's model rubrics
    (``documents.keys.PerformanceEvaluationKey``). ``cycle``: the path to the cycle."""
    return Coalesce(
        f"{cycle}framework_version__framework__district__org_code", f"{cycle}district__state__code"
    )


# What the export writes of a signed summative and of a prior rating, fetched as tuples that
# begin alike (``Rated``): an export reads each of them once, and a model per row was most of
# its time.
RATED = (
    "pk",
    "cycle__district_id",
    rubric_owner(),
    "cycle__school_year_id",
    "cycle__school_year__end_date",
    "cycle__plan_type",
    "cycle__person_id",
    "cycle__person__state_id",
    "overall_rating",
)


def summative_rows(district: District | None) -> QuerySet:
    """``signed_summatives`` as tuples: ``RATED``, then the status, when it was shared, the
    cycle's end, its framework version and the evaluator's names; in the same order."""
    return (
        signed_summatives(district)
        .select_related(None)
        .prefetch_related(None)
        .values_list(
            *RATED,
            "status",
            "shared_at",
            "cycle__end_date",
            "cycle__framework_version_id",
            "cycle__primary_evaluator__first_name",
            "cycle__primary_evaluator__last_name",
        )
    )


def standard_levels(summative_ids) -> QuerySet:
    """(summative, standard, level) of these summatives' standards, by the standard's place."""
    return (
        StandardRating.objects.filter(summative__in=summative_ids)
        .order_by("summative_id", "standard__position", "pk")
        .values_list("summative_id", "standard_id", "level")
    )


def prior_ratings(district: District | None) -> QuerySet:
    """Ratings from before Tandem of educators with a state identifier, as tuples (``RATED``,
    then the four standards' levels and the date), in the order of their performance
    evaluation. They go under the state agency's performance evaluations (no district rubric
    is known), so one whose educator has a signed summative in Tandem for the same school
    year and plan type, in any district, is left out: both could be one Ed-Fi rating, and
    Tandem's own is the record."""
    in_tandem = SummativeEvaluation.objects.filter(
        status__in=SIGNED,
        cycle__person=OuterRef("employment__person"),
        cycle__school_year__end_date__year=ExtractYear(OuterRef("school_year__end_date")),
        cycle__plan_type=OuterRef("plan_type"),
    )
    return (
        PriorRating.objects.filter(
            employment__person__state_id__isnull=False, **_in(district, "employment__district")
        )
        .exclude(Exists(in_tandem))
        .order_by("employment__district__org_code", "school_year__start_date", "plan_type", "pk")
        .values_list(
            "pk",
            "employment__district_id",
            "employment__district__state__code",
            "school_year_id",
            "school_year__end_date",
            "plan_type",
            "employment__person_id",
            "employment__person__state_id",
            "overall_rating",
            *STANDARDS,
            "evaluated_on",
        )
    )


def prior_ratings_without_state_id(district: District | None) -> int:
    return PriorRating.objects.filter(
        employment__person__state_id__isnull=True, **_in(district, "employment__district")
    ).count()


def signed_summatives_without_state_id(district: District | None) -> int:
    return SummativeEvaluation.objects.filter(
        status__in=SIGNED, cycle__person__state_id__isnull=True, **_in(district, "cycle__district")
    ).count()


def rubrics(
    version_ids,
) -> dict[int, tuple[FrameworkVersion, list[tuple[Standard, list[Element]]]]]:
    """Each framework version with its standards and each standard's elements, in order."""
    elements: dict[int, list[Element]] = {}
    for element in (
        Element.objects.filter(indicator__standard__framework_version__in=version_ids)
        .select_related("indicator")
        .order_by("indicator__position", "position")
    ):
        elements.setdefault(element.indicator.standard_id, []).append(element)
    standards: dict[int, list] = {}
    for standard in Standard.objects.filter(framework_version__in=version_ids).order_by("position"):
        standards.setdefault(standard.framework_version_id, []).append(
            (standard, elements.get(standard.pk, []))
        )
    return {pk: (v, standards.get(pk, [])) for pk, v in framework_versions(version_ids).items()}


def framework_versions(version_ids) -> dict[int, FrameworkVersion]:
    versions = FrameworkVersion.objects.filter(pk__in=version_ids).select_related("framework")
    return {version.pk: version for version in versions}


def export_list(*, user) -> QuerySet[EdfiExport]:
    """The exports this person asked for, newest first."""
    return EdfiExport.objects.filter(requested_by=user).select_related("district")


def exportable_districts(*, roles) -> QuerySet[District]:
    """The districts this user may export: every one for the state administrator, else those
    where they are HR or an administrator (``rules.may_export``)."""
    if roles.holds(RoleGrant.Role.STATE_ADMIN):
        return District.objects.order_by("name")
    return District.objects.filter(pk__in=roles.personnel_districts).order_by("name")


def export_get(*, user, export_id: int) -> EdfiExport | None:
    return export_list(user=user).filter(pk=export_id).first()


def readable_summatives(*, roles) -> QuerySet[SummativeEvaluation]:
    """Signed summatives of the districts this user may export, for the Ed-Fi API (which
    reads the standards' ratings apart, page by page)."""
    return (
        signed_summatives(None).filter(_exportable(roles, "cycle__district")).prefetch_related(None)
    )


def _rated(
    roles,
    *,
    summative: str = "",
    rubric_owner_code: str | None = None,
    school_year: int | None = None,
    plan_type: str | None = None,
    state_id: str | None = None,
) -> Q:
    """The summatives ``readable_summatives`` gives, with the Ed-Fi key filters, as a
    condition on the summative at the path ``summative``. The cycle's conditions are one
    subquery of cycles rather than joins, so that counting or skipping the whole state's
    ratings reads the summatives' table alone (a join for each of 280,000 rows was most of a
    deep page's time)."""
    cycles = Q()
    if not roles.holds(RoleGrant.Role.STATE_ADMIN):
        cycles &= Q(district__in=roles.personnel_districts)
    if rubric_owner_code is not None:
        cycles &= Q(rubric_owner=rubric_owner_code)
    if school_year is not None:
        cycles &= Q(school_year__end_date__year=school_year)
    if plan_type is not None:
        cycles &= Q(plan_type=plan_type)
    if state_id is not None:
        cycles &= Q(person__state_id=state_id)
    rated = Q(**{f"{summative}status__in": SIGNED}) & ~Q(**{f"{summative}overall_rating": ""})
    if cycles:
        chosen = EvaluationCycle.objects.annotate(rubric_owner=rubric_owner("")).filter(
            cycles, person__state_id__isnull=False
        )
        return rated & Q(**{f"{summative}cycle_id__in": chosen.values("pk")})
    # Few educators are without a state identifier: leaving out their cycles is cheap.
    pending = EvaluationCycle.objects.filter(person__state_id__isnull=True)
    return rated & ~Q(**{f"{summative}cycle_id__in": pending.values("pk")})


def readable_rating_ids(*, roles, **filters) -> QuerySet:
    """The ids of the summatives ``readable_summatives`` gives, with the Ed-Fi key filters
    of ``_rated``, in the order of their ids (the primary key's, never a sort): a page of
    the API reads these first."""
    return (
        SummativeEvaluation.objects.filter(_rated(roles, **filters))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def readable_standard_rating_ids(*, roles, **filters) -> QuerySet:
    """The ids of those summatives' standards' ratings, in the order of their ids: each row's
    summative is one lookup by its primary key."""
    return (
        StandardRating.objects.filter(_rated(roles, summative="summative__", **filters))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def standard_ratings_of_page(ids) -> QuerySet[StandardRating]:
    """A page of standards' ratings, with what their documents read."""
    return (
        StandardRating.objects.filter(pk__in=ids)
        .select_related(
            "standard",
            "summative__cycle__person",
            "summative__cycle__district__state",
            "summative__cycle__school_year",
            "summative__cycle__primary_evaluator",
            "summative__cycle__framework_version__framework__district",
        )
        .order_by("pk")
    )


# The Ed-Fi API's staff resources: the personnel records of the districts this user may export.


def _exportable(roles, field: str) -> Q:
    """The rows of the districts ``exportable_districts`` names, without its subquery."""
    if roles.holds(RoleGrant.Role.STATE_ADMIN):
        return Q()
    return Q(**{f"{field}__in": roles.personnel_districts})


def readable_employments(*, roles) -> QuerySet[Employment]:
    return employments(None).filter(_exportable(roles, "district"))


def readable_staff(*, roles) -> QuerySet[Person]:
    """People with a state identifier employed in a district this user may export."""
    employed = Employment.objects.filter(_exportable(roles, "district"), person=OuterRef("pk"))
    return Person.objects.filter(Exists(employed), state_id__isnull=False).order_by("state_id")


def readable_licenses(*, roles) -> QuerySet[License]:
    return License.objects.filter(
        person__in=readable_staff(roles=roles).order_by().values("pk")
    ).order_by("license_number")


def license_numbers(person_ids) -> dict[int, list[str]]:
    """Each person's license numbers, as their ``Staff`` refers to them."""
    held: dict[int, list[str]] = {}
    for person_id, number in (
        License.objects.filter(person__in=person_ids)
        .order_by("person_id", "license_number")
        .values_list("person_id", "license_number")
    ):
        held.setdefault(person_id, []).append(number)
    return held


def readable_assignments(*, roles) -> QuerySet[StaffAssignment]:
    return assignments(None).filter(_exportable(roles, "employment__district"))


def readable_school_staff(*, roles) -> QuerySet:
    """Each person and school they are assigned to (a ``StaffSchoolAssociation``), as
    ``(person_id, school_id)`` rows in the order of the state identifier and school code."""
    return (
        readable_assignments(roles=roles)
        .filter(school__isnull=False)
        .order_by("employment__person__state_id", "school__org_code")
        .values_list("employment__person_id", "school_id")
        .distinct()
    )


def first_assignments(*, roles, pairs) -> dict[tuple[int, int], StaffAssignment]:
    """The first assignment of each ``(person_id, school_id)``, in the export's order, which
    says what the person does at the school."""
    if not pairs:
        return {}
    people, schools_ = {p for p, _ in pairs}, {s for _, s in pairs}
    first: dict[tuple[int, int], StaffAssignment] = {}
    for assignment in readable_assignments(roles=roles).filter(
        employment__person__in=people, school__in=schools_
    ):
        first.setdefault((assignment.employment.person_id, assignment.school_id), assignment)
    return {pair: first[pair] for pair in pairs}
