"""The demo's calendars: each district's school years, their holidays and vacations, and the
moments of the day its history is dated at.

The school years are born here, by date arithmetic, with their one label; everything made
after them reads the ``SchoolYear`` row.
"""

import datetime

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tandem.organizations.models import District, NonSchoolDay, SchoolYear

HISTORY_YEARS = 4  # past school years; with this one, five years of cycles


def school_year_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The school year containing ``today``: from the last Monday of August to mid-June."""
    start_year = today.year if today.month >= 7 else today.year - 1
    start = datetime.date(start_year, 8, 31)
    while start.weekday() != 0:
        start -= datetime.timedelta(days=1)
    end = datetime.date(start_year + 1, 6, 18)
    return start, end


def school_year_name(start: datetime.date) -> str:
    """The label of the school year that begins on ``start``: 2026-27."""
    return f"{start.year}-{str(start.year + 1)[2:]}"


def school_year_make(district: District, today: datetime.date) -> SchoolYear:
    """The district's school year containing ``today``, with its days off."""
    start, end = school_year_bounds(today)
    school_year = SchoolYear.objects.create(
        district=district, name=school_year_name(start), start_date=start, end_date=end
    )
    NonSchoolDay.objects.bulk_create(_non_school_days(school_year))
    return school_year


def past_school_years(district, school_year) -> list[SchoolYear]:
    """The district's earlier school years, oldest first, for the cycles' history."""
    years = []
    for back in range(HISTORY_YEARS, 0, -1):
        start = school_year.start_date.replace(year=school_year.start_date.year - back)
        years.append(
            SchoolYear(
                district=district,
                name=school_year_name(start),
                start_date=start,
                end_date=school_year.end_date.replace(year=school_year.end_date.year - back),
            )
        )
    bulk_create_with_history(years, SchoolYear)
    return years


def _non_school_days(school_year: SchoolYear) -> list[NonSchoolDay]:
    """Holidays and vacation weeks of a Massachusetts-style calendar."""
    y = school_year.start_date.year
    days: list[tuple[datetime.date, str, str]] = []

    def nth_weekday(year, month, weekday, n):
        day = datetime.date(year, month, 1)
        while day.weekday() != weekday:
            day += datetime.timedelta(days=1)
        return day + datetime.timedelta(weeks=n - 1)

    def week(monday: datetime.date, name: str):
        for i in range(5):
            days.append((monday + datetime.timedelta(days=i), NonSchoolDay.Kind.VACATION, name))

    days.append((nth_weekday(y, 9, 0, 1), NonSchoolDay.Kind.HOLIDAY, "Labor Day"))
    days.append((nth_weekday(y, 10, 0, 2), NonSchoolDay.Kind.HOLIDAY, "Indigenous Peoples' Day"))
    days.append((datetime.date(y, 11, 11), NonSchoolDay.Kind.HOLIDAY, "Veterans Day"))
    thanksgiving = nth_weekday(y, 11, 3, 4)
    days.append((thanksgiving, NonSchoolDay.Kind.HOLIDAY, "Thanksgiving"))
    days.append(
        (thanksgiving + datetime.timedelta(days=1), NonSchoolDay.Kind.HOLIDAY, "Thanksgiving")
    )
    day = datetime.date(y, 12, 24)
    while day <= datetime.date(y + 1, 1, 1):
        days.append((day, NonSchoolDay.Kind.VACATION, "Winter vacation"))
        day += datetime.timedelta(days=1)
    days.append(
        (nth_weekday(y + 1, 1, 0, 3), NonSchoolDay.Kind.HOLIDAY, "Martin Luther King Jr. Day")
    )
    week(nth_weekday(y + 1, 2, 0, 3), "February vacation")
    week(nth_weekday(y + 1, 4, 0, 3), "April vacation")
    last_monday_of_may = datetime.date(y + 1, 5, 31)
    while last_monday_of_may.weekday() != 0:
        last_monday_of_may -= datetime.timedelta(days=1)
    days.append((last_monday_of_may, NonSchoolDay.Kind.HOLIDAY, "Memorial Day"))
    seen = set()
    out = []
    for date, kind, name in days:
        if date.weekday() < 5 and school_year.contains(date) and date not in seen:
            seen.add(date)
            out.append(NonSchoolDay(school_year=school_year, date=date, kind=kind, name=name))
    return out


def moment_after(day: datetime.date, days_after: int) -> datetime.datetime:
    """Half past three, ``days_after`` days after ``day``: when the evaluation acts happen."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=days_after), datetime.time(15, 30))
    )


def moment(day: datetime.date, hour: int = 15) -> datetime.datetime:
    """``day`` at ``hour`` o'clock: when the teams' meetings and acts happen."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
