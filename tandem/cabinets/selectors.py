"""Reads of the advisory cabinets: the rounds open to an educator, the mix of a selection as
it is assembled, members, meetings, topics with their feedback, and the annual report."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from tandem.cabinets.models import (
    Application,
    Cabinet,
    DistrictType,
    Feedback,
    Meeting,
    Round,
    Term,
    Topic,
)
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.selectors import Roles

Status = Application.Status


def cabinet_list(*, roles: Roles, staff: bool) -> QuerySet[Cabinet]:
    """Every cabinet for state staff; for a member, the cabinets they serve on today."""
    cabinets = Cabinet.objects.all()
    if staff:
        return cabinets
    return cabinets.filter(
        terms__person_id=roles.person_id or 0,
        terms__starts_on__lte=roles.day,
        terms__ends_on__gte=roles.day,
    ).distinct()


def rounds_open(day: datetime.date) -> QuerySet[Round]:
    return Round.objects.filter(opens_on__lte=day, closes_on__gte=day).select_related("cabinet")


def applications_of(person_id: int | None) -> QuerySet[Application]:
    return Application.objects.filter(person_id=person_id or 0).select_related("round__cabinet")


def application_list(round: Round) -> QuerySet[Application]:
    return round.applications.select_related("person", "district").order_by(
        "status", "submitted_at", "pk"
    )


@dataclass(frozen=True)
class MixRow:
    label: str
    selected: int
    open: int


@dataclass(frozen=True)
class Mix:
    """The selection of a round as it stands, by district type, region and role group: how
    many are selected and how many applicants are still open in each."""

    seats: int
    selected: int
    district_types: list[MixRow]
    regions: list[MixRow]
    role_groups: list[MixRow]


def _rows(applications, attribute: str, labels: dict) -> list[MixRow]:
    selected = Counter(getattr(a, attribute) for a in applications if a.status == Status.SELECTED)
    open_ = Counter(getattr(a, attribute) for a in applications if a.status == Status.SUBMITTED)
    keys = sorted(set(selected) | set(open_), key=lambda key: str(labels.get(key, key)))
    return [
        MixRow(
            label=str(labels.get(key) or _("Not recorded")), selected=selected[key], open=open_[key]
        )
        for key in keys
    ]


def selection_mix(applications: list[Application], seats: int) -> Mix:
    regions = {a.region: a.region for a in applications}
    return Mix(
        seats=seats,
        selected=sum(a.status == Status.SELECTED for a in applications),
        district_types=_rows(applications, "district_type", dict(DistrictType.choices)),
        regions=_rows(applications, "region", regions),
        role_groups=_rows(applications, "role_group", dict(RoleGroup.choices)),
    )


def terms_of(cabinet: Cabinet, day: datetime.date, *, current_only: bool) -> QuerySet[Term]:
    terms = cabinet.terms.select_related("person", "renewal", "application")
    if current_only:
        terms = terms.filter(starts_on__lte=day, ends_on__gte=day)
    return terms


def meetings_of(cabinet: Cabinet) -> QuerySet[Meeting]:
    return cabinet.meetings.all()


def meetings_for_feed(person_id: int, day: datetime.date) -> QuerySet[Meeting]:
    """The meetings of the cabinets the person serves on today."""
    return (
        Meeting.objects.filter(
            cabinet__terms__person_id=person_id,
            cabinet__terms__starts_on__lte=day,
            cabinet__terms__ends_on__gte=day,
        )
        .select_related("cabinet")
        .distinct()
    )


def topics_of(cabinet: Cabinet) -> QuerySet[Topic]:
    return cabinet.topics.annotate(responses=Count("feedback"))


def feedback_of(topic: Topic, person_id: int | None) -> Feedback | None:
    return topic.feedback.filter(person_id=person_id or 0).first()


@dataclass(frozen=True)
class FeedbackSummary:
    """For staff: who of the members in force answered, who has not, and what they said."""

    members: int
    answered: list[Feedback]
    waiting: list[Term]


def feedback_summary(topic: Topic, day: datetime.date) -> FeedbackSummary:
    answered = list(topic.feedback.select_related("person"))
    who = {f.person_id for f in answered}
    current = list(terms_of(topic.cabinet, day, current_only=True))
    return FeedbackSummary(
        members=len(current),
        answered=answered,
        waiting=[t for t in current if t.person_id not in who],
    )


@dataclass(frozen=True)
class AnnualReport:
    cabinet: Cabinet
    school_year: str
    starts_on: datetime.date
    ends_on: datetime.date
    members: list[Term]
    meetings: list[Meeting]
    topics: list[Topic]


def annual_report(round: Round) -> AnnualReport:
    """The cabinet's year as the round's term spans it: the members who served, the meetings
    held and the topics that closed in it with every member's feedback."""
    cabinet = round.cabinet
    start, end = round.term_starts_on, round.term_ends_on
    members = cabinet.terms.filter(starts_on__lte=end, ends_on__gte=start).select_related("person")
    meetings = cabinet.meetings.filter(starts_at__date__gte=start, starts_at__date__lte=end)
    topics = cabinet.topics.filter(closes_on__gte=start, closes_on__lte=end).prefetch_related(
        Prefetch("feedback", queryset=Feedback.objects.select_related("person").order_by("pk"))
    )
    return AnnualReport(
        cabinet=cabinet,
        school_year=round.school_year,
        starts_on=start,
        ends_on=end,
        members=list(members),
        meetings=list(meetings),
        topics=list(topics.order_by("closes_on", "pk")),
    )


def topics_awaiting(person_id: int, day: datetime.date) -> QuerySet[Topic]:
    """The open topics of the cabinets the person serves on today that they have not answered."""
    return (
        Topic.objects.filter(
            cabinet__terms__person_id=person_id,
            cabinet__terms__starts_on__lte=day,
            cabinet__terms__ends_on__gte=day,
            closed_at__isnull=True,
            closes_on__gte=day,
        )
        .exclude(feedback__person_id=person_id)
        .select_related("cabinet")
        .distinct()
        .order_by("closes_on", "pk")
    )
