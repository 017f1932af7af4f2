"""Reads about the partnership's programs and districts' engagements."""

import datetime
from collections import Counter

from django.db.models import OuterRef, QuerySet, Subquery

from tandem.collaboration.models import Engagement, Event
from tandem.collaboration.selectors.consent import PartyConsent, consent_status
from tandem.organizations.models import SchoolYear


def agreement_status(*, engagement: Engagement, day: datetime.date) -> list[PartyConsent]:
    return consent_status(
        district_id=engagement.team.district_id,
        consents=list(
            engagement.agreements.select_related("grant__user", "signature").order_by("agreed_at")
        ),
        day=day,
    )


def engagement_list(*, program_id=None, status=None, region=None) -> QuerySet[Engagement]:
    engagements = Engagement.objects.select_related(
        "team__district", "program", "team__facilitator"
    )
    if program_id:
        engagements = engagements.filter(program_id=program_id)
    if status:
        engagements = engagements.filter(status=status)
    if region:
        engagements = engagements.filter(team__district__region=region)
    return engagements.order_by("-inquired_on", "-pk")


def engaged_over_time(*, group_by: str) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """Districts enrolled in a program, by the school year of enrollment on the district's own
    calendar and by program or region: (school year names, [(label, counts per year)])."""
    field = {"program": "program__name", "region": "team__district__region"}[group_by]
    # organizations.selectors.school_year_for in one query for every engagement: the latest
    # school year of the district that began on or before the day of enrollment.
    school_year = SchoolYear.objects.filter(
        district=OuterRef("team__district"), start_date__lte=OuterRef("enrolled_on")
    ).order_by("-start_date")
    rows = Counter(
        (label, year or "")
        for label, year in Engagement.objects.filter(enrolled_on__isnull=False)
        .annotate(school_year=Subquery(school_year.values("name")[:1]))
        .values_list(field, "school_year")
    )
    years = sorted({year for _label, year in rows})
    labels = sorted({label or "" for label, _year in rows})
    return years, [(label, [rows.get((label, year), 0) for year in years]) for label in labels]


def upcoming_events(*, day: datetime.date, limit: int = 20) -> QuerySet[Event]:
    return (
        Event.objects.filter(starts_at__date__gte=day)
        .select_related("program", "topic")
        .order_by("starts_at")[:limit]
    )
