import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tandem.api_types import ObjectId, Pagination
from tandem.people import selectors
from tandem.people.models import StaffAssignment
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_request

router = Router(tags=["educators"])


class EducatorOut(Schema):
    """A staff-directory entry: one person's employment in one district."""

    id: int
    first_name: str = Field(alias="person.first_name")
    last_name: str = Field(alias="person.last_name")
    district_id: int
    role_group: str
    start_date: datetime.date
    end_date: datetime.date | None


class PersonnelOut(EducatorOut):
    """The confidential personnel record; every read is written to the access log."""

    state_id: str | None = Field(alias="person.state_id")
    has_pts: bool
    pts_date: datetime.date | None
    years_in_district: int  # the methods of the same names, called
    years_in_role: int
    separation_reason: str


class AssignmentOut(Schema):
    id: int
    educator_id: int = Field(alias="employment_id")
    school_id: int | None
    position: str
    subject: str
    grade_level: str
    fte: float
    start_date: datetime.date
    end_date: datetime.date | None


class EducatorFilter(Schema):
    q: str = ""
    district_id: ObjectId | None = None
    school_id: ObjectId | None = None
    role_group: str = ""


class AssignmentFilter(Schema):
    educator_id: ObjectId | None = None
    school_id: ObjectId | None = None


@router.get("/educators", response=list[EducatorOut])
@paginate(Pagination)
def list_educators(request, filters: Query[EducatorFilter]):
    return selectors.educator_list(
        roles=selectors.roles_of(request.user),
        search=filters.q[:100],
        district_id=filters.district_id,
        school_id=filters.school_id,
        role_group=filters.role_group,
    )


@router.get("/educators/{educator_id}", response=EducatorOut)
def get_educator(request, educator_id: ObjectId):
    employment = selectors.educator_get(
        roles=selectors.roles_of(request.user), employment_id=educator_id
    )
    if employment is None:
        raise Http404("No such educator in your directory.")
    return employment


@router.get("/educators/{educator_id}/personnel", response=PersonnelOut)
def get_personnel_record(request, educator_id: ObjectId):
    employment = selectors.educator_get(
        roles=selectors.roles_of(request.user), employment_id=educator_id
    )
    if employment is None or not request.user.has_perm("people.view_personnel_record", employment):
        raise Http404("No such personnel record among those you may open.")
    access_log_request(request, [employment], channel=AccessLogEntry.Channel.API)
    return employment


@router.get("/assignments", response=list[AssignmentOut])
@paginate(Pagination)
def list_assignments(request, filters: Query[AssignmentFilter]):
    roles = selectors.roles_of(request.user)
    assignments = StaffAssignment.objects.filter(
        employment__district__in=roles.staff_districts
    ).order_by("pk")
    if filters.educator_id is not None:
        assignments = assignments.filter(employment_id=filters.educator_id)
    if filters.school_id is not None:
        assignments = assignments.filter(school_id=filters.school_id)
    return assignments
