"""A read-only API shaped like the Ed-Fi resources API, under /api/ed-fi/ (issue 12, item 4).

Each resource is a JSON array of the TPDM documents the export writes (``documents``), with
the Ed-Fi API's paging (``offset``, ``limit``; ``totalCount=true`` answers the count in the
``Total-Count`` header) and filters on the key fields. Who may export a district's records
reads them here; every summative returned is written to the access log.
"""

from functools import partial
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from tandem.api_types import MAX_OFFSET, Day
from tandem.interop import descriptors, selectors
from tandem.interop.documents import evaluation as evaluation_documents
from tandem.interop.documents import organizations as organization_documents
from tandem.interop.documents import staff as staff_documents
from tandem.interop.documents.keys import (
    ElementKey,
    EvaluationKey,
    EvaluationRatingKey,
    ObjectiveKey,
    PerformanceEvaluationKey,
)
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_request

router = Router(tags=["ed-fi"])


class Page(Schema):
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")
    limit: int = Field(25, ge=1, le=500, description="Items per page, 1 to 500.")
    totalCount: bool = Field(
        False, description="Answer the number of items in the Total-Count header."
    )


class PerformanceEvaluationFilters(Schema):
    """The key of a performance evaluation (its title, term and period are Tandem's one)."""

    educationOrganizationId: int | None = Field(None, ge=0, le=99_999_999)
    schoolYear: int | None = Field(None, ge=1990, le=2100)
    performanceEvaluationTypeDescriptor: str | None = Field(None, max_length=306)


class RatingFilters(PerformanceEvaluationFilters):
    personId: str | None = Field(None, max_length=32)


def _reader(request, what: str):
    """The roles of one who may export a district (``rules.may_export``), else a 403."""
    roles = roles_of(request.user)
    if not roles.personnel_districts and not roles.holds(RoleGrant.Role.STATE_ADMIN):
        raise HttpError(
            403,
            f"Only district HR, district administrators and the state "
            f"administrator read {what} in Ed-Fi form.",
        )
    return roles


class RatingPage(Page):
    """A page of ratings, by offset or, to read a whole state page after page, by the token of
    the page before (keyset paging: however deep, a page costs what the first one does)."""

    pageToken: str | None = Field(
        None,
        pattern=r"^[0-9]{1,19}$",
        description=(
            "The Next-Page-Token header of the page before: the page begins after it (and "
            "offset, if given, skips that many more)."
        ),
    )


def _key_filters(filters: PerformanceEvaluationFilters) -> dict:
    """The key filters as ``selectors.readable_rating_ids`` takes them."""
    plan_type = filters.performanceEvaluationTypeDescriptor
    return {
        "rubric_owner_code": None
        if filters.educationOrganizationId is None
        else _org_code(filters.educationOrganizationId),
        "school_year": filters.schoolYear,
        "plan_type": None if plan_type is None else (descriptors.plan_type_of(plan_type) or ""),
        "state_id": getattr(filters, "personId", None),
    }


def _id_page(ids: QuerySet, page: RatingPage, response: HttpResponse) -> list[int]:
    """A page of ``ids`` (ordered by id) by offset, or after a page token (then offset counts
    from the token), with the token of the next page when this one is full."""
    if page.pageToken is not None:
        if page.totalCount:
            response["Total-Count"] = str(ids.count())
        after = ids.filter(pk__gt=int(page.pageToken))
        found = list(after[page.offset : page.offset + page.limit])
    else:
        found = _page(ids, page, response)
    if len(found) == page.limit:
        response["Next-Page-Token"] = str(found[-1])
    return found


def _summatives(request, filters: PerformanceEvaluationFilters) -> QuerySet:
    roles = _reader(request, "evaluation records")
    return (
        selectors.readable_summatives(roles=roles)
        .annotate(rubric_owner=selectors.rubric_owner())
        .filter(pk__in=selectors.readable_rating_ids(roles=roles, **_key_filters(filters)))
    )


def _page(queryset: QuerySet, page: Page, response: HttpResponse) -> list:
    if page.totalCount:
        response["Total-Count"] = str(queryset.count())
    return list(queryset[page.offset : page.offset + page.limit])


def _rows(queryset: QuerySet, page: Page, response: HttpResponse) -> list:
    """A page of model rows: their ids first, so that the scan past a deep offset reads one
    column rather than every joined one, then the page's rows whole, in the same order."""
    ids = _page(queryset.values_list("pk", flat=True), page, response)
    return list(queryset.filter(pk__in=ids))


# A performance evaluation is a school year under one plan type on the rubrics of one
# organization (the state agency's or a district's own); an evaluation, a rubric (framework
# version) used in it.
PERFORMANCE_EVALUATION = (
    "rubric_owner",
    "cycle__school_year__end_date__year",
    "cycle__plan_type",
)


def _performance_key(code: str, year: int, plan_type: str) -> PerformanceEvaluationKey:
    return PerformanceEvaluationKey(int(code), year, plan_type)


@router.get("/performanceEvaluations", response=list[dict[str, Any]])
def performance_evaluations(
    request,
    response: HttpResponse,
    page: Query[Page],
    filters: Query[PerformanceEvaluationFilters],
):
    """The summative evaluations of a school year under one plan type on one organization's
    rubrics."""
    keys = (
        _summatives(request, filters)
        .order_by(*PERFORMANCE_EVALUATION)
        .values_list(*PERFORMANCE_EVALUATION)
        .distinct()
    )
    return [
        evaluation_documents.performance_evaluation(_performance_key(*key))[1]
        for key in _page(keys, page, response)
    ]


@router.get("/evaluations", response=list[dict[str, Any]])
def evaluations(
    request,
    response: HttpResponse,
    page: Query[Page],
    filters: Query[PerformanceEvaluationFilters],
):
    """Each rubric used in a performance evaluation."""
    fields = (*PERFORMANCE_EVALUATION, "cycle__framework_version")
    keys = _page(
        _summatives(request, filters).order_by(*fields).values_list(*fields).distinct(),
        page,
        response,
    )
    versions = selectors.framework_versions({key[-1] for key in keys})
    out = []
    for *performance, version_id in keys:
        version = versions[version_id]
        key = EvaluationKey.of(_performance_key(*performance), version)
        out.append(evaluation_documents.evaluation(key, str(version))[1])
    return out


def _summative_documents(request, response, page, filters, document) -> list[dict]:
    roles = _reader(request, "evaluation records")
    ids = _id_page(
        selectors.readable_rating_ids(roles=roles, **_key_filters(filters)), page, response
    )
    summatives = list(selectors.readable_summatives(roles=roles).filter(pk__in=ids).order_by("pk"))
    access_log_request(request, summatives, channel=AccessLogEntry.Channel.API)
    return [document(EvaluationRatingKey.of(summative), summative)[1] for summative in summatives]


@router.get("/performanceEvaluationRatings", response=list[dict[str, Any]])
def performance_evaluation_ratings(
    request, response: HttpResponse, page: Query[RatingPage], filters: Query[RatingFilters]
):
    """Each educator's signed summative: the overall rating."""
    return _summative_documents(
        request, response, page, filters, evaluation_documents.performance_evaluation_rating
    )


@router.get("/evaluationRatings", response=list[dict[str, Any]])
def evaluation_ratings(
    request, response: HttpResponse, page: Query[RatingPage], filters: Query[RatingFilters]
):
    """Each signed summative's rating on its rubric, with its status."""
    return _summative_documents(
        request, response, page, filters, evaluation_documents.evaluation_rating
    )


@router.get("/evaluationObjectiveRatings", response=list[dict[str, Any]])
def evaluation_objective_ratings(
    request, response: HttpResponse, page: Query[RatingPage], filters: Query[RatingFilters]
):
    """Each signed summative's rating on each standard."""
    roles = _reader(request, "evaluation records")
    ids = selectors.readable_standard_rating_ids(roles=roles, **_key_filters(filters))
    ratings = list(selectors.standard_ratings_of_page(_id_page(ids, page, response)))
    summatives = {r.summative_id: r.summative for r in ratings}
    access_log_request(request, list(summatives.values()), channel=AccessLogEntry.Channel.API)
    out = []
    for standard_rating in ratings:
        key = EvaluationRatingKey.of(standard_rating.summative)
        objective = ObjectiveKey.of(key.evaluation, standard_rating.standard)
        out.append(
            evaluation_documents.evaluation_objective_rating(key, objective, standard_rating.level)[
                1
            ]
        )
    return out


def _org_code(edorg_id: int) -> str:
    """The state's organization code of an Ed-Fi identifier: eight digits, leading zeros kept."""
    return f"{edorg_id:08d}"


EDORG_ID = Field(None, ge=0, le=99_999_999)


class LocalEducationAgencyFilters(Schema):
    localEducationAgencyId: int | None = EDORG_ID


class SchoolFilters(LocalEducationAgencyFilters):
    schoolId: int | None = EDORG_ID


@router.get("/localEducationAgencies", response=list[dict[str, Any]])
def local_education_agencies(
    request,
    response: HttpResponse,
    page: Query[Page],
    filters: Query[LocalEducationAgencyFilters],
):
    """The state's districts."""
    districts = selectors.districts(None)
    if filters.localEducationAgencyId is not None:
        districts = districts.filter(org_code=_org_code(filters.localEducationAgencyId))
    return [
        organization_documents.local_education_agency_json(district)
        for district in _page(districts, page, response)
    ]


@router.get("/schools", response=list[dict[str, Any]])
def schools(request, response: HttpResponse, page: Query[Page], filters: Query[SchoolFilters]):
    """The state's schools, each under its district."""
    found = selectors.schools(None)
    if filters.schoolId is not None:
        found = found.filter(org_code=_org_code(filters.schoolId))
    if filters.localEducationAgencyId is not None:
        found = found.filter(district__org_code=_org_code(filters.localEducationAgencyId))
    return [organization_documents.school_json(school) for school in _page(found, page, response)]


class StaffFilters(Schema):
    staffUniqueId: str | None = Field(None, max_length=32)


class CredentialFilters(Schema):
    credentialIdentifier: str | None = Field(None, max_length=60)


class EmploymentFilters(StaffFilters):
    educationOrganizationId: int | None = EDORG_ID
    hireDate: Day | None = None


class AssignmentFilters(StaffFilters):
    educationOrganizationId: int | None = EDORG_ID
    beginDate: Day | None = None


class StaffSchoolFilters(StaffFilters):
    schoolId: int | None = EDORG_ID


PERSONNEL = "personnel records"


@router.get("/staffs", response=list[dict[str, Any]])
def staffs(request, response: HttpResponse, page: Query[Page], filters: Query[StaffFilters]):
    """Educators employed in the districts one may export, by state educator identifier."""
    roles = _reader(request, PERSONNEL)
    people = selectors.readable_staff(roles=roles)
    if filters.staffUniqueId is not None:
        people = people.filter(state_id=filters.staffUniqueId)
    people = _page(people, page, response)
    access_log_request(
        request,
        selectors.readable_employments(roles=roles).filter(person__in=people),
        channel=AccessLogEntry.Channel.API,
    )
    held = selectors.license_numbers([person.pk for person in people])
    return [staff_documents.staff_json(person, held.get(person.pk, ())) for person in people]


@router.get("/credentials", response=list[dict[str, Any]])
def credentials(
    request, response: HttpResponse, page: Query[Page], filters: Query[CredentialFilters]
):
    """The state licenses of those staff, each as a Licensure credential."""
    licenses = selectors.readable_licenses(roles=_reader(request, PERSONNEL))
    if filters.credentialIdentifier is not None:
        licenses = licenses.filter(license_number=filters.credentialIdentifier)
    return [staff_documents.credential_json(each) for each in _page(licenses, page, response)]


@router.get("/staffEducationOrganizationEmploymentAssociations", response=list[dict[str, Any]])
def staff_employment_associations(
    request, response: HttpResponse, page: Query[Page], filters: Query[EmploymentFilters]
):
    """Each employment in a district: its dates and status (professional teacher status)."""
    employments = selectors.readable_employments(roles=_reader(request, PERSONNEL))
    if filters.staffUniqueId is not None:
        employments = employments.filter(person__state_id=filters.staffUniqueId)
    if filters.educationOrganizationId is not None:
        employments = employments.filter(
            district__org_code=_org_code(filters.educationOrganizationId)
        )
    if filters.hireDate is not None:
        employments = employments.filter(start_date=filters.hireDate)
    employments = _rows(employments, page, response)
    access_log_request(request, employments, channel=AccessLogEntry.Channel.API)
    return [staff_documents.employment_association_json(each) for each in employments]


@router.get("/staffEducationOrganizationAssignmentAssociations", response=list[dict[str, Any]])
def staff_assignment_associations(
    request, response: HttpResponse, page: Query[Page], filters: Query[AssignmentFilters]
):
    """Each assignment: to a school, or to the district for a central-office one."""
    assignments = selectors.readable_assignments(roles=_reader(request, PERSONNEL))
    if filters.staffUniqueId is not None:
        assignments = assignments.filter(employment__person__state_id=filters.staffUniqueId)
    if filters.educationOrganizationId is not None:
        code = _org_code(filters.educationOrganizationId)
        assignments = assignments.filter(
            Q(school__org_code=code) | Q(school__isnull=True, employment__district__org_code=code)
        )
    if filters.beginDate is not None:
        assignments = assignments.filter(start_date=filters.beginDate)
    return [
        staff_documents.assignment_association_json(each)
        for each in _rows(assignments, page, response)
    ]


@router.get("/staffSchoolAssociations", response=list[dict[str, Any]])
def staff_school_associations(
    request, response: HttpResponse, page: Query[Page], filters: Query[StaffSchoolFilters]
):
    """Each educator at each school they are assigned to, with what their first assignment
    there says they teach."""
    roles = _reader(request, PERSONNEL)
    pairs = selectors.readable_school_staff(roles=roles)
    if filters.staffUniqueId is not None:
        pairs = pairs.filter(employment__person__state_id=filters.staffUniqueId)
    if filters.schoolId is not None:
        pairs = pairs.filter(school__org_code=_org_code(filters.schoolId))
    first = selectors.first_assignments(roles=roles, pairs=_page(pairs, page, response))
    return [staff_documents.school_association_json(each) for each in first.values()]


class EvaluationFilters(PerformanceEvaluationFilters):
    evaluationTitle: str | None = Field(None, max_length=50)


class ObjectiveFilters(EvaluationFilters):
    evaluationObjectiveTitle: str | None = Field(None, max_length=50)


class ElementFilters(ObjectiveFilters):
    evaluationElementTitle: str | None = Field(None, max_length=255)


def _rubric_parts(request, response, page, filters, parts) -> list[dict]:
    """A page of the parts of each evaluation's rubric.

    ``parts(evaluation, standards, filters)`` lists a rubric's parts as functions of the
    evaluation that build each one's document. The rubric is the same in every performance
    evaluation that uses it, so it is listed once a version, and only the page is built.
    """
    fields = (*PERFORMANCE_EVALUATION, "cycle__framework_version")
    rows = list(_summatives(request, filters).order_by(*fields).values_list(*fields).distinct())
    rubrics = selectors.rubrics({row[-1] for row in rows})
    of_version: dict[int, list] = {}
    evaluations = []
    for *performance, version_id in rows:
        version, standards = rubrics[version_id]
        evaluation = EvaluationKey.of(_performance_key(*performance), version)
        if filters.evaluationTitle not in (None, evaluation.title):
            continue
        if version_id not in of_version:
            of_version[version_id] = parts(evaluation, standards, filters)
        evaluations.append((evaluation, of_version[version_id]))
    if page.totalCount:
        response["Total-Count"] = str(sum(len(built) for _, built in evaluations))
    out, skip = [], page.offset
    for evaluation, built in evaluations:
        out += [build(evaluation) for build in built[skip : skip + page.limit - len(out)]]
        skip = max(skip - len(built), 0)
        if len(out) == page.limit:
            break
    return out


def _titled(wanted: str | None, title: str) -> bool:
    return wanted is None or wanted == title


def _objectives(evaluation, standards, filters):
    for standard, elements in standards:
        objective = ObjectiveKey.of(evaluation, standard)
        if _titled(filters.evaluationObjectiveTitle, objective.title):
            yield standard, objective, elements


def _objective(standard, evaluation) -> dict:
    key = ObjectiveKey.of(evaluation, standard)
    return evaluation_documents.evaluation_objective(
        key, position=standard.position, description=standard.name
    )[1]


def _objective_parts(evaluation, standards, filters) -> list:
    return [partial(_objective, s) for s, _, _ in _objectives(evaluation, standards, filters)]


def _elements(evaluation, standards, filters):
    for standard, objective, elements in _objectives(evaluation, standards, filters):
        for position, element in enumerate(elements, start=1):
            if _titled(filters.evaluationElementTitle, ElementKey.of(objective, element).title):
                yield standard, element, position


def _element(standard, element, position, evaluation) -> dict:
    key = ElementKey.of(ObjectiveKey.of(evaluation, standard), element)
    return evaluation_documents.evaluation_element(key, position=position)[1]


def _element_parts(evaluation, standards, filters) -> list:
    return [partial(_element, *each) for each in _elements(evaluation, standards, filters)]


def _dimension(standard, element, index, evaluation) -> dict:
    key = ElementKey.of(ObjectiveKey.of(evaluation, standard), element)
    return evaluation_documents.rubric_dimensions(key, element)[index][1]


def _dimension_parts(evaluation, standards, filters) -> list:
    return [
        partial(_dimension, standard, element, index)
        for standard, element, _ in _elements(evaluation, standards, filters)
        for index in range(len(descriptors.LEVEL_NUMBER))
    ]


@router.get("/evaluationObjectives", response=list[dict[str, Any]])
def evaluation_objectives(
    request, response: HttpResponse, page: Query[Page], filters: Query[ObjectiveFilters]
):
    """Each standard of each evaluation's rubric."""
    return _rubric_parts(request, response, page, filters, _objective_parts)


@router.get("/evaluationElements", response=list[dict[str, Any]])
def evaluation_elements(
    request, response: HttpResponse, page: Query[Page], filters: Query[ElementFilters]
):
    """Each element of each evaluation's rubric, under its standard."""
    return _rubric_parts(request, response, page, filters, _element_parts)


@router.get("/rubricDimensions", response=list[dict[str, Any]])
def rubric_dimensions(
    request, response: HttpResponse, page: Query[Page], filters: Query[ElementFilters]
):
    """What each element looks like at each of the four rating levels."""
    return _rubric_parts(request, response, page, filters, _dimension_parts)
