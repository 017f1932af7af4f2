"""A read-only API shaped like the Ed-Fi resources API, under /api/ed-fi/ (issue 12, item 4).

Each resource is a JSON array of the TPDM documents the export writes (``documents``), with
the Ed-Fi API's paging (``offset``, ``limit``; ``totalCount=true`` answers the count in the
``Total-Count`` header) and filters on the key fields. Who may export a district's records
reads them here; every summative returned is written to the access log.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from tandem.api_types import MAX_OFFSET
from tandem.interop import descriptors, documents, selectors
from tandem.interop.documents import (
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


def _summatives(request, filters: PerformanceEvaluationFilters) -> QuerySet:
    roles = roles_of(request.user)
    if not roles.personnel_districts and not roles.holds(RoleGrant.Role.STATE_ADMIN):
        raise HttpError(
            403,
            "Only district HR, district administrators and the state "
            "administrator read evaluation records in Ed-Fi form.",
        )
    summatives = selectors.readable_summatives(roles=roles)
    if filters.educationOrganizationId is not None:
        summatives = summatives.filter(
            cycle__district__org_code=f"{filters.educationOrganizationId:08d}"
        )
    if filters.schoolYear is not None:
        summatives = summatives.filter(cycle__school_year__end_date__year=filters.schoolYear)
    if filters.performanceEvaluationTypeDescriptor is not None:
        plan_type = descriptors.plan_type_of(filters.performanceEvaluationTypeDescriptor)
        summatives = summatives.filter(cycle__plan_type=plan_type or "")
    if getattr(filters, "personId", None) is not None:
        summatives = summatives.filter(cycle__person__state_id=filters.personId)
    return summatives


def _page(queryset: QuerySet, page: Page, response: HttpResponse) -> list:
    if page.totalCount:
        response["Total-Count"] = str(queryset.count())
    return list(queryset[page.offset : page.offset + page.limit])


# A performance evaluation is a district's school year under one plan type; an evaluation, a
# rubric (framework version) used in it.
PERFORMANCE_EVALUATION = (
    "cycle__district__org_code",
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
    """A district's summative evaluations of a school year under one plan type."""
    keys = (
        _summatives(request, filters)
        .order_by(*PERFORMANCE_EVALUATION)
        .values_list(*PERFORMANCE_EVALUATION)
        .distinct()
    )
    return [
        documents.performance_evaluation(_performance_key(*key))[1]
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
        out.append(documents.evaluation(key, str(version))[1])
    return out


def _summative_documents(request, response, page, filters, document) -> list[dict]:
    summatives = _page(_summatives(request, filters), page, response)
    access_log_request(request, summatives, channel=AccessLogEntry.Channel.API)
    return [document(EvaluationRatingKey.of(summative), summative)[1] for summative in summatives]


@router.get("/performanceEvaluationRatings", response=list[dict[str, Any]])
def performance_evaluation_ratings(
    request, response: HttpResponse, page: Query[Page], filters: Query[RatingFilters]
):
    """Each educator's signed summative: the overall rating."""
    return _summative_documents(
        request, response, page, filters, documents.performance_evaluation_rating
    )


@router.get("/evaluationRatings", response=list[dict[str, Any]])
def evaluation_ratings(
    request, response: HttpResponse, page: Query[Page], filters: Query[RatingFilters]
):
    """Each signed summative's rating on its rubric, with its status."""
    return _summative_documents(request, response, page, filters, documents.evaluation_rating)


@router.get("/evaluationObjectiveRatings", response=list[dict[str, Any]])
def evaluation_objective_ratings(
    request, response: HttpResponse, page: Query[Page], filters: Query[RatingFilters]
):
    """Each signed summative's rating on each standard."""
    ratings = selectors.readable_standard_ratings(summatives=_summatives(request, filters))
    ratings = _page(ratings, page, response)
    summatives = {r.summative_id: r.summative for r in ratings}
    access_log_request(request, list(summatives.values()), channel=AccessLogEntry.Channel.API)
    out = []
    for standard_rating in ratings:
        key = EvaluationRatingKey.of(standard_rating.summative)
        objective = ObjectiveKey.of(key.evaluation, standard_rating.standard)
        out.append(documents.evaluation_objective_rating(key, objective, standard_rating.level)[1])
    return out
