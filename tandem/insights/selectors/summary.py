"""Reading the precomputed figures (``models``): the latest build, while it is recent enough
(``INSIGHTS_FIGURES_MAX_AGE`` seconds: a day's rebuild and some slack) and counted the school
year asked for; otherwise the selectors count from the live tables."""

import datetime

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from tandem.insights.models import EquityCount, FiguresBuild, RatingCount, RetentionCount

EQUITY_FIELDS = ("teachers", "inexperienced", "out_of_field", "ineffective")


def latest_build() -> FiguresBuild | None:
    return FiguresBuild.objects.order_by("-built_at").first()


def build_for(year_name: str) -> FiguresBuild | None:
    """The build the figures of ``year_name`` are read from, or None: count them live."""
    build = latest_build()
    if build is None or year_name not in build.school_years:
        return None
    age = timezone.now() - build.built_at
    if age > datetime.timedelta(seconds=settings.INSIGHTS_FIGURES_MAX_AGE):
        return None
    return build


def as_of(year_name: str) -> datetime.datetime | None:
    """When the figures of ``year_name`` were counted, if they are read from a build; None
    when they are counted live, as of the moment they are asked for."""
    build = build_for(year_name)
    return build.built_at if build else None


def equity_counts(build: FiguresBuild, year_name: str, by: str | None, district=None) -> dict:
    """``equity``'s counts from a build: by school, by district, or one total (the state's,
    or ``district``'s), each a dict of ``EQUITY_FIELDS``."""
    rows = EquityCount.objects.filter(build=build, school_year=year_name)
    if by == "school":
        rows = rows.filter(school__isnull=False)
        if district is not None:
            rows = rows.filter(district=district)
        return {row.pop("school"): row for row in rows.values("school", *EQUITY_FIELDS)}
    rows = rows.filter(school__isnull=True)
    if by is not None:
        rows = rows.filter(district__isnull=False)
        return {row.pop("district"): row for row in rows.values("district", *EQUITY_FIELDS)}
    row = rows.filter(district=district).values(*EQUITY_FIELDS).first()
    return {None: row or dict.fromkeys(EQUITY_FIELDS, 0)}


def _rating_rows(build: FiguresBuild, filters):
    rows = RatingCount.objects.filter(build=build, school_year=filters.year)
    if filters.district_id is not None:
        rows = rows.filter(district_id=filters.district_id)
    if filters.school_id is not None:
        rows = rows.filter(schools__contains=RatingCount.with_school(filters.school_id))
    if filters.role_group:
        rows = rows.filter(role_group=filters.role_group)
    if filters.plan_type:
        rows = rows.filter(plan_type=filters.plan_type)
    return rows


def rating_counts(build: FiguresBuild, filters) -> list[tuple[str, bool, str, int]]:
    """(role group, PTS, rating, count) of the cycles the ``filters`` select."""
    return list(
        _rating_rows(build, filters)
        .values_list("role_group", "has_pts", "rating")
        .annotate(n=Sum("count"))
        .order_by()
    )


def rating_groups(build: FiguresBuild, filters) -> list[tuple]:
    """(district, schools, role group, PTS, plan type, rating, count) of the cycles the
    ``filters`` select: the build's own rows."""
    return [
        (district, RatingCount.school_set(schools), role_group, has_pts, plan, rating, n)
        for district, schools, role_group, has_pts, plan, rating, n in _rating_rows(
            build, filters
        ).values_list(
            "district_id", "schools", "role_group", "has_pts", "plan_type", "rating", "count"
        )
    ]


def retention_rows(
    build: FiguresBuild, before: str, level: str, by: str | None, district=None
) -> list[tuple]:
    """``retention.counted``'s rows from a build: the district's or the state's level."""
    rows = RetentionCount.objects.filter(
        build=build, school_year=before, level=level, grouping=by or ""
    )
    if district is not None:
        rows = rows.filter(organization=getattr(district, "pk", district))
    return [
        (organization, job_class, group if by else None, staff, retained)
        for organization, job_class, group, staff, retained in rows.order_by(
            "organization", "job_class", "group"
        ).values_list("organization", "job_class", "group", "staff", "retained")
    ]
