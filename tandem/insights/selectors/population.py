"""Who is on staff in a school year, and what the insights read about each of them.

A school year is counted on one day, October 1, as the state's staffing snapshot (EPIMS,
pipeline.md §3) is: whoever holds an assignment that day is that year's staff. Districts
keep their own ``SchoolYear`` rows; the state's years are their names (2025-26). Every
reading here is a queryset or an expression, so the figures are aggregated in the database.
"""

import datetime

from django.conf import settings
from django.db.models import Case, DateField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.evaluation.models import PriorRating, SummativeEvaluation
from tandem.organizations.selectors import snapshot_day as snapshot_day
from tandem.organizations.selectors import year_names as year_names
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, StaffAssignment
from tandem.people.selectors import on_staff
from tandem.rubrics.models import PerformanceLevel

INEFFECTIVE = (PerformanceLevel.NEEDS_IMPROVEMENT, PerformanceLevel.UNSATISFACTORY)
NOT_RATED = "not_rated"

# Years in the state's public schools on the snapshot day, as the retention figures group them.
EXPERIENCE_BANDS = [
    ("first_year", _("First year"), 0, 1),
    ("2_3", _("2 to 3 years"), 1, 3),
    ("4_10", _("4 to 10 years"), 3, 10),
    ("over_10", _("More than 10 years"), 10, None),
]


def year_end(year_name: str) -> datetime.date:
    """The last day a school year's summative ratings are counted for it: June 30."""
    return datetime.date(int(year_name[:4]) + 1, 6, 30)


def years_back(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # February 29
        return day.replace(year=day.year - years, day=28)


def teaching(day: datetime.date) -> QuerySet[StaffAssignment]:
    """Teachers' assignments at a school on ``day``: whom the equity plan counts."""
    return on_staff(day).filter(employment__role_group=RoleGroup.TEACHER, school__isnull=False)


def first_hired(person: str = "employment__person") -> Subquery:
    """The first day the person worked in any of the state's districts that Tandem holds."""
    return Subquery(
        Employment.objects.filter(person=OuterRef(person))
        .order_by("start_date")
        .values("start_date")[:1],
        output_field=DateField(),
    )


def inexperienced_years() -> int:
    return settings.INSIGHTS_INEXPERIENCED_YEARS


def inexperienced(day: datetime.date, field: str = "first_hired") -> Q:
    """Fewer than ``INSIGHTS_INEXPERIENCED_YEARS`` years in the state's schools on ``day``."""
    return Q(**{f"{field}__gt": years_back(day, inexperienced_years())})


def experience_band(day: datetime.date, field: str = "first_hired") -> Case:
    whens = []
    for key, _label, low, high in EXPERIENCE_BANDS:
        condition = Q(**{f"{field}__lte": years_back(day, low)})
        if high is not None:
            condition &= Q(**{f"{field}__gt": years_back(day, high)})
        whens.append(When(condition, then=Value(key)))
    return Case(*whens, default=Value(EXPERIENCE_BANDS[-1][0]))


def last_rating(by: datetime.date, person: str = "employment__person") -> Coalesce:
    """The person's latest summative rating overall locked by the end of ``by``; for one
    with none in Tandem, the latest rating from before Tandem; else ``NOT_RATED``."""
    until = timezone.make_aware(
        datetime.datetime.combine(by + datetime.timedelta(days=1), datetime.time())
    )
    in_tandem = (
        SummativeEvaluation.objects.filter(
            cycle__person=OuterRef(person),
            status=SummativeEvaluation.Status.LOCKED,
            locked_at__lt=until,
        )
        .exclude(overall_rating="")
        .order_by("-locked_at")
        .values("overall_rating")[:1]
    )
    before = (
        PriorRating.objects.filter(employment__person=OuterRef(person), evaluated_on__lte=by)
        .order_by("-evaluated_on")
        .values("overall_rating")[:1]
    )
    return Coalesce(Subquery(in_tandem), Subquery(before), Value(NOT_RATED))
