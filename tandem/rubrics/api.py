from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from tandem.api_types import ObjectId, Pagination
from tandem.rubrics import selectors

router = Router(tags=["rubrics"])


class FrameworkVersionOut(Schema):
    id: int
    slug: str = Field(alias="framework.slug")
    name: str = Field(alias="framework.name")
    role_group: str = Field(alias="framework.role_group")
    number: int
    edition: str
    status: str
    district_id: int | None = Field(alias="framework.district_id")


class ElementOut(Schema):
    code: str
    name: str
    exemplary: str
    proficient: str
    needs_improvement: str
    unsatisfactory: str


class IndicatorOut(Schema):
    code: str
    name: str
    description: str
    elements: list[ElementOut]


class StandardOut(Schema):
    code: str
    name: str
    description: str
    indicators: list[IndicatorOut]


class FrameworkVersionDetailOut(FrameworkVersionOut):
    standards: list[StandardOut]

    @staticmethod
    def resolve_standards(obj):
        return list(selectors.standards_with_elements(version=obj))


@router.get("/frameworks", response=list[FrameworkVersionOut])
@paginate(Pagination)
def list_framework_versions(request, status: str = ""):
    return selectors.framework_version_list(status=status)


@router.get("/frameworks/{version_id}", response=FrameworkVersionDetailOut)
def get_framework_version(request, version_id: ObjectId):
    version = selectors.framework_version_get(version_id=version_id)
    if version is None:
        raise Http404("No such framework version.")
    return version
