"""Reads of districts, schools and calendars."""

import datetime

from django.db.models import Count, Q, QuerySet

from tandem.organizations.models import (
    District,
    NonSchoolDay,
    School,
    SchoolYear,
)


def district_list(*, search: str = "", region: str = "", sort: str = "name") -> QuerySet[District]:
    search = search.replace("\x00", "")
    districts = District.objects.annotate(school_count=Count("schools"))
    if search:
        districts = districts.filter(Q(name__icontains=search) | Q(org_code=search))
    if region:
        districts = districts.filter(region=region)
    ordering = {
        "name": ["name"],
        "-name": ["-name"],
        "code": ["org_code"],
        "-code": ["-org_code"],
        "region": ["region", "name"],
        "-region": ["-region", "name"],
    }
    return districts.order_by(*ordering.get(sort, ["name"]))


def region_list() -> list[str]:
    return list(
        District.objects.exclude(region="")
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )


def school_list(
    *, search: str = "", district_id: int | None = None, level: str = "", sort: str = "name"
) -> QuerySet[School]:
    search = search.replace("\x00", "")
    schools = School.objects.select_related("district")
    if search:
        schools = schools.filter(Q(name__icontains=search) | Q(org_code=search))
    if district_id:
        schools = schools.filter(district_id=district_id)
    if level in School.Level.values:
        schools = schools.filter(level=level)
    ordering = {
        "name": ["name"],
        "-name": ["-name"],
        "district": ["district__name", "name"],
        "-district": ["-district__name", "name"],
        "code": ["org_code"],
        "-code": ["-org_code"],
    }
    return schools.order_by(*ordering.get(sort, ["name"]))


def school_year_on(*, district_id: int, day: datetime.date) -> SchoolYear | None:
    return SchoolYear.objects.filter(
        district_id=district_id, start_date__lte=day, end_date__gte=day
    ).first()


def school_days_between(
    *, school_year: SchoolYear, start: datetime.date, end: datetime.date
) -> int:
    """School days after ``start`` up to and including ``end`` (weekdays less non-school days)."""
    closed = set(
        NonSchoolDay.objects.filter(
            school_year=school_year, date__gt=start, date__lte=end
        ).values_list("date", flat=True)
    )
    days = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and school_year.contains(day) and day not in closed:
            days += 1
    return days


def school_day_after(
    *, school_year: SchoolYear, start: datetime.date, school_days: int
) -> datetime.date:
    """The date ``school_days`` school days after ``start``: a deadline on the district calendar."""
    closed = set(
        NonSchoolDay.objects.filter(school_year=school_year, date__gt=start).values_list(
            "date", flat=True
        )
    )
    day, counted = start, 0
    while counted < school_days:
        day += datetime.timedelta(days=1)
        if day > school_year.end_date:
            return day
        if day.weekday() < 5 and day not in closed and school_year.contains(day):
            counted += 1
    return day


def school_year_for(*, district_id: int, day: datetime.date) -> SchoolYear | None:
    """The district's school year for ``day``: the one containing it, or else the latest that
    began before it (a summer day belongs to the year just ended). Years do not overlap, so
    this is the latest that began on or before ``day``."""
    return (
        SchoolYear.objects.filter(district_id=district_id, start_date__lte=day)
        .order_by("-start_date")
        .first()
    )


def school_year_before(school_year: SchoolYear) -> SchoolYear | None:
    """The district's school year that ended before this one began."""
    return (
        SchoolYear.objects.filter(
            district_id=school_year.district_id, end_date__lt=school_year.start_date
        )
        .order_by("-start_date")
        .first()
    )


def year_names() -> list[str]:
    """The school years any district keeps, oldest first, by name (the state's years)."""
    return sorted(set(SchoolYear.objects.values_list("name", flat=True)))


def snapshot_day(year_name: str) -> datetime.date:
    """The day a school year's staff is counted: October 1 of its first calendar year, as the
    state's staffing snapshot is (pipeline.md §3)."""
    return datetime.date(int(year_name[:4]), 10, 1)
