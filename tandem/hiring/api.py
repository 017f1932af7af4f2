"""The open postings, public as the careers pages are: job boards and the talent dashboards
read them with the careers pages' filters. Only external postings: no sign-in is asked."""

import datetime

from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tandem.api_types import ObjectId, Pagination
from tandem.hiring.selectors import SEARCH_LENGTH, PostingFilters, open_postings

router = Router(tags=["hiring"])


class PostingOut(Schema):
    id: int
    title: str
    district_id: int
    district: str
    school_id: int | None
    school: str
    position: str
    subject: str
    grade_levels: str
    fte: float
    salary_min: int | None
    salary_max: int | None
    start_date: datetime.date
    opens_on: datetime.date
    closes_on: datetime.date
    url: str = Field(description="The posting's public careers page.")

    @staticmethod
    def resolve_title(posting):
        return posting.vacancy.title

    @staticmethod
    def resolve_district_id(posting):
        return posting.vacancy.district_id

    @staticmethod
    def resolve_district(posting):
        return posting.vacancy.district.name

    @staticmethod
    def resolve_school_id(posting):
        return posting.vacancy.school_id

    @staticmethod
    def resolve_school(posting):
        return posting.vacancy.school.name if posting.vacancy.school else ""

    @staticmethod
    def resolve_position(posting):
        return posting.vacancy.position

    @staticmethod
    def resolve_subject(posting):
        return posting.vacancy.subject

    @staticmethod
    def resolve_grade_levels(posting):
        return posting.vacancy.grade_levels

    @staticmethod
    def resolve_fte(posting):
        return float(posting.vacancy.fte)

    @staticmethod
    def resolve_salary_min(posting):
        return posting.vacancy.salary_min

    @staticmethod
    def resolve_salary_max(posting):
        return posting.vacancy.salary_max

    @staticmethod
    def resolve_start_date(posting):
        return posting.vacancy.start_date

    @staticmethod
    def resolve_url(posting):
        return reverse("hiring:careers_posting", args=[posting.pk])


class PostingFilter(Schema):
    q: str = Field(
        "", max_length=SEARCH_LENGTH, description="Words in the title, subject or description."
    )
    district_id: ObjectId | None = None
    region: str = Field("", max_length=100)
    subject: str = Field("", max_length=100)
    grade: int | None = Field(None, ge=-1, le=12, description="PreK is -1, kindergarten 0.")
    license_field: str = Field("", max_length=150)


@router.get("/postings", response=list[PostingOut], auth=None)
@paginate(Pagination)
def list_postings(request, filters: Query[PostingFilter]):
    """The external postings open today, newest first; no sign-in needed."""
    return open_postings(PostingFilters(**filters.dict()))
