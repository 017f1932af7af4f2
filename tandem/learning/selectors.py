"""Reading the catalog: the filtered list, one offering, an educator's registrations and the
suggestions drawn from what they are working on in their evaluation."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from tandem.evaluation.selectors import growth_areas_of
from tandem.learning.models import Completion, Offering, Registration
from tandem.rubrics.models import Indicator, PerformanceLevel


def offering_list(
    *,
    search: str = "",
    provider=None,
    topic: str = "",
    subject=None,
    indicator=None,
    starts_from: datetime.date | None = None,
    starts_until: datetime.date | None = None,
) -> QuerySet[Offering]:
    """Offerings matching every filter given, soonest first, with their places taken."""
    offerings = (
        Offering.objects.select_related("provider", "conversion")
        .annotate(taken=Count("registrations", filter=Q(registrations__status="registered")))
        .annotate(places_left=F("capacity") - F("taken"))
    )
    if search:
        offerings = offerings.filter(Q(title__icontains=search) | Q(description__icontains=search))
    if provider:
        offerings = offerings.filter(provider=provider)
    if topic:
        offerings = offerings.filter(topic=topic)
    if subject:
        offerings = offerings.filter(subjects=subject)
    if indicator:
        offerings = offerings.filter(indicators=indicator)
    if starts_from:
        offerings = offerings.filter(starts_on__gte=starts_from)
    if starts_until:
        offerings = offerings.filter(starts_on__lte=starts_until)
    return offerings.order_by("starts_on", "title", "pk")


def offering_get(pk: int) -> Offering | None:
    return (
        Offering.objects.select_related("provider", "conversion", "facilitator")
        .prefetch_related("sessions", "subjects", "indicators__standard")
        .filter(pk=pk)
        .first()
    )


def places_taken(offering: Offering) -> int:
    return offering.registrations.filter(status=Registration.Status.REGISTERED).count()


def registration_of(offering: Offering, person_id: int | None) -> Registration | None:
    if person_id is None:
        return None
    return (
        offering.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(person_id=person_id)
        .first()
    )


def waitlist_position(registration: Registration) -> int:
    """1 for the next to be promoted."""
    ahead = Q(waitlisted_at__lt=registration.waitlisted_at) | Q(
        waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk
    )
    return (
        Registration.objects.filter(
            ahead, offering_id=registration.offering_id, status=Registration.Status.WAITLISTED
        ).count()
        + 1
    )


def roster(offering: Offering) -> QuerySet[Registration]:
    """Those with a place (and completed), by name, for the facilitator's sheet."""
    return (
        offering.registrations.filter(status=Registration.Status.REGISTERED)
        .select_related("person", "completion")
        .prefetch_related("attendance")
        .annotate(present_count=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("person__last_name", "person__first_name", "pk")
    )


def registrations_of(person_id: int) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(person_id=person_id)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("offering__provider", "completion")
        .order_by("-offering__starts_on")
    )


def completion_by_code(code: str) -> Completion | None:
    return (
        Completion.objects.select_related("registration__person", "registration__offering")
        .filter(code=code, passed=True)
        .first()
    )


@dataclass
class Suggestion:
    offering: Offering
    reasons: list[str] = field(default_factory=list)


def _reason(area, indicator: Indicator) -> str:
    name = f"{indicator.code} {indicator.name}"
    if area.source == "goal":
        return _("The evidence of progress on your goals is tagged to indicator %(name)s.") % {
            "name": name
        }
    level = PerformanceLevel(area.level).label
    if area.source == "self":
        return _("In your self-assessment you rated yourself %(level)s on indicator %(name)s.") % {
            "level": level,
            "name": name,
        }
    return _(
        "Your last evaluation rated the standard %(standard)s %(level)s, and this offering "
        "works on its indicator %(name)s."
    ) % {"standard": area.standard_name, "level": level, "name": name}


def suggestions_for(person_id: int, *, day: datetime.date) -> list[Suggestion]:
    """Offerings not yet begun that address an indicator the educator is working on, most
    reasons first, each with its reasons in plain words."""
    areas = growth_areas_of(person_id)
    if not areas:
        return []
    indicators = Indicator.objects.in_bulk({a.indicator_id for a in areas})
    offerings = (
        Offering.objects.filter(indicators__in=indicators, starts_on__gte=day)
        .exclude(
            pk__in=Registration.objects.filter(person_id=person_id)
            .exclude(status=Registration.Status.CANCELLED)
            .values("offering_id")
        )
        .select_related("provider", "conversion")
        .prefetch_related("indicators")
        .distinct()
    )
    out = []
    for offering in offerings:
        addressed = {i.pk for i in offering.indicators.all()}
        reasons = list(
            dict.fromkeys(
                _reason(a, indicators[a.indicator_id]) for a in areas if a.indicator_id in addressed
            )
        )
        out.append(Suggestion(offering=offering, reasons=reasons))
    out.sort(key=lambda s: (-len(s.reasons), s.offering.starts_on, s.offering.pk))
    return out


def completions_passed(person_ids) -> dict[int, int]:
    """How many offerings each person completed and passed, by person id."""
    return dict(
        Completion.objects.filter(registration__person_id__in=list(person_ids), passed=True)
        .values("registration__person_id")
        .annotate(n=Count("pk"))
        .values_list("registration__person_id", "n")
    )
