"""Reads about the partnership's programs and districts' engagements."""

import datetime

from django.db.models import QuerySet

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


def engaged_over_time(
    *, group_by: str, day: datetime.date
) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """Districts enrolled in a program, by program or region, in every school year of the
    district's own calendar in which they were enrolled for a day or more (from enrollment
    until the engagement ended, or ``day``): (school year names, [(label, districts per
    year)]). Every year from the first enrollment to ``day``'s is listed, those with no
    district enrolled too, so a gap reads as a gap; a district counts once a year per label."""
    field = {"program": "program__name", "region": "team__district__region"}[group_by]
    engagements = list(
        Engagement.objects.filter(enrolled_on__isnull=False, enrolled_on__lte=day).values_list(
            "team__district_id", field, "enrolled_on", "ended_on"
        )
    )
    calendars: dict[int, list[tuple[str, datetime.date, datetime.date]]] = {}
    for district_id, name, starts, ends in SchoolYear.objects.filter(
        district_id__in={district_id for district_id, *_rest in engagements},
        start_date__lte=day,
    ).values_list("district_id", "name", "start_date", "end_date"):
        calendars.setdefault(district_id, []).append((name, starts, ends))
    enrolled: dict[tuple[str, str], set[int]] = {}
    first = min((enrolled_on for *_rest, enrolled_on, _ended in engagements), default=day)
    years = set()
    for district_id, label, enrolled_on, ended_on in engagements:
        until = ended_on or day
        for name, starts, ends in calendars.get(district_id, []):
            if ends >= first:
                years.add(name)
            if starts <= until and ends >= enrolled_on:
                enrolled.setdefault((label or "", name), set()).add(district_id)
    years = sorted(years)
    labels = sorted({label or "" for _district, label, *_dates in engagements})
    return years, [
        (label, [len(enrolled.get((label, year), ())) for year in years]) for label in labels
    ]


def upcoming_events(*, day: datetime.date, limit: int = 20) -> QuerySet[Event]:
    return (
        Event.objects.filter(starts_at__date__gte=day)
        .select_related("program", "topic")
        .order_by("starts_at")[:limit]
    )
