from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from tandem.api_types import ObjectId, Pagination
from tandem.organizations import selectors
from tandem.organizations.models import District, School

router = Router(tags=["organizations"])


class DistrictOut(Schema):
    id: int
    name: str
    org_code: str
    region: str


class SchoolOut(Schema):
    id: int
    name: str
    org_code: str
    level: str
    grade_span: str
    district_id: int


class DistrictFilter(Schema):
    q: str = ""
    region: str = ""


class SchoolFilter(Schema):
    q: str = ""
    district_id: ObjectId | None = None
    level: str = ""


@router.get("/districts", response=list[DistrictOut])
@paginate(Pagination)
def list_districts(request, filters: Query[DistrictFilter]):
    return selectors.district_list(search=filters.q, region=filters.region)


@router.get("/districts/{district_id}", response=DistrictOut)
def get_district(request, district_id: ObjectId):
    return get_object_or_404(District, pk=district_id)


@router.get("/schools", response=list[SchoolOut])
@paginate(Pagination)
def list_schools(request, filters: Query[SchoolFilter]):
    return selectors.school_list(
        search=filters.q, district_id=filters.district_id, level=filters.level
    )


@router.get("/schools/{school_id}", response=SchoolOut)
def get_school(request, school_id: ObjectId):
    return get_object_or_404(School, pk=school_id)
