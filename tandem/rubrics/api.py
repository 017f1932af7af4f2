from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from tandem.api_types import ObjectId, Pagination
from tandem.rubrics import selectors

router = Router(tags=["rubrics"])


class FrameworkVersionOut(Schema):
    id: int
    slug: str
    name: str
    role_group: str
    number: int
    edition: str
    status: str
    district_id: int | None

    @staticmethod
    def resolve_slug(obj):
        return obj.framework.slug

    @staticmethod
    def resolve_name(obj):
        return obj.framework.name

    @staticmethod
    def resolve_role_group(obj):
        return obj.framework.role_group

    @staticmethod
    def resolve_district_id(obj):
        return obj.framework.district_id


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

    @staticmethod
    def resolve_elements(obj):
        return list(obj.elements.all())


class StandardOut(Schema):
    code: str
    name: str
    description: str
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.all())


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
