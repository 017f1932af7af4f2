"""Reading the catalog: the filtered list, one offering, an educator's registrations, the
suggestions drawn from what they are working on in their evaluation, and what offerings did
(``effectiveness_list`` and ``effectiveness_of``)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from tandem.evaluation.models import GoalAttainment, GoalAttainmentRating, SummativeEvaluation
from tandem.evaluation.models.summative import StandardRating
from tandem.evaluation.selectors import growth_areas_of
from tandem.learning import effectiveness
from tandem.learning.models import Completion, Offering, Registration, SurveyResponse
from tandem.people.models import Employment
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
        .select_related("offering__provider", "completion", "survey_response")
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


LEVEL_SCORE = {
    PerformanceLevel.UNSATISFACTORY: 1,
    PerformanceLevel.NEEDS_IMPROVEMENT: 2,
    PerformanceLevel.PROFICIENT: 3,
    PerformanceLevel.EXEMPLARY: 4,
}
ATTAINMENT_SCORE = {value: score for score, value in enumerate(GoalAttainment.values)}


@dataclass
class Effect:
    """What one offering did, in one scope (the state, or one district's educators)."""

    offering: Offering
    completed: int
    satisfaction: effectiveness.Satisfaction
    comparisons: list[effectiveness.Comparison]
    comments: list[str] = field(default_factory=list)


def effectiveness_minimum() -> int:
    return settings.LEARNING_EFFECTIVENESS_PARTICIPANTS


def _of_district(district_id: int) -> Exists:
    """The completion's educator worked in the district on the day the offering began."""
    began = OuterRef("registration__offering__starts_on")
    return Exists(
        Employment.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=began),
            person=OuterRef("registration__person"),
            district_id=district_id,
            start_date__lte=began,
        )
    )


def _completions(district_id: int | None) -> QuerySet[Completion]:
    completions = Completion.objects.filter(passed=True)
    if district_id is not None:
        completions = completions.filter(_of_district(district_id))
    return completions


def _educators(standards: set[int], district_id: int | None) -> list[effectiveness.Educator]:
    """Every educator with a locked summative (of the district's, those who had a cycle
    there), their cycles as scores: five queries, however many educators."""
    summatives = SummativeEvaluation.objects.filter(
        status=SummativeEvaluation.Status.LOCKED
    ).exclude(overall_rating="")
    if district_id is not None:
        summatives = summatives.filter(
            cycle__person__evaluation_cycles__district_id=district_id
        ).distinct()
    rows = list(
        summatives.values_list(
            "pk",
            "cycle__person_id",
            "cycle__district_id",
            "cycle__employment__role_group",
            "cycle__start_date",
            "cycle__end_date",
            "overall_rating",
        )
    )
    levels = defaultdict(dict)
    for summative, standard, level in StandardRating.objects.filter(
        summative_id__in=summatives.values("pk"), standard_id__in=standards
    ).values_list("summative_id", "standard_id", "level"):
        levels[summative][standard] = LEVEL_SCORE[level]
    attained = defaultdict(list)
    for summative, attainment in GoalAttainmentRating.objects.filter(
        summative_id__in=summatives.values("pk")
    ).values_list("summative_id", "attainment"):
        attained[summative].append(ATTAINMENT_SCORE[attainment])
    hired = dict(
        Employment.objects.filter(person_id__in=summatives.values("cycle__person_id"))
        .values("person_id")
        .annotate(first=Min("start_date"))
        .values_list("person_id", "first")
    )
    cycles = defaultdict(list)
    for pk, person, district, role_group, start, end, overall in rows:
        goals = attained.get(pk)
        cycles[person].append(
            effectiveness.CycleRecord(
                person_id=person,
                district_id=district,
                role_group=role_group,
                start_date=start,
                end_date=end,
                overall=LEVEL_SCORE[overall],
                standards=levels.get(pk, {}),
                goals=sum(goals) / len(goals) if goals else None,
            )
        )
    return [
        effectiveness.Educator(person, hired.get(person), tuple(found))
        for person, found in cycles.items()
    ]


def _standards(offering: Offering) -> dict[int, str]:
    """The standards of the indicators an offering addresses, each labelled by those
    indicators (the summative rates standards, not indicators)."""
    named = defaultdict(list)
    for indicator in sorted(offering.indicators.all(), key=lambda i: (i.standard_id, i.code)):
        named[indicator.standard_id].append(f"{indicator.code} {indicator.name}")
    return {standard: "; ".join(names) for standard, names in named.items()}


def _effects(offerings: list[Offering], district_id: int | None, *, comments: bool) -> list:
    completions = _completions(district_id).filter(registration__offering__in=offerings)
    took = defaultdict(set)
    for offering_id, person_id in completions.values_list(
        "registration__offering_id", "registration__person_id"
    ):
        took[offering_id].add(person_id)
    registered = defaultdict(set)
    for offering_id, person_id in (
        Registration.objects.filter(offering__in=offerings)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("offering_id", "person_id")
    ):
        registered[offering_id].add(person_id)
    answers = defaultdict(list)
    for offering_id, rating, comment in SurveyResponse.objects.filter(
        registration__completion__in=completions
    ).values_list("registration__offering_id", "rating", "comment"):
        answers[offering_id].append((rating, comment))
    standards = {offering.pk: _standards(offering) for offering in offerings}
    educators = _educators(set().union(*standards.values()), district_id)
    effects = []
    for offering in offerings:
        participants = took[offering.pk]
        satisfaction = effectiveness.satisfaction(r for r, _c in answers[offering.pk])
        effects.append(
            Effect(
                offering=offering,
                completed=len(participants),
                satisfaction=satisfaction,
                comparisons=effectiveness.measures(
                    educators,
                    took=participants,
                    excluded=registered[offering.pk] - participants,
                    starts_on=offering.starts_on,
                    ends_on=offering.ends_on,
                    standards=standards[offering.pk],
                    district_id=district_id,
                ),
                comments=sorted(c for _r, c in answers[offering.pk] if c)
                if comments and not satisfaction.reason
                else [],
            )
        )
    return effects


def _measured(district_id: int | None) -> QuerySet[Offering]:
    """Offerings that enough educators (of the district) completed, soonest first."""
    enough = (
        _completions(district_id)
        .values("registration__offering_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=effectiveness_minimum())
        .values("registration__offering_id")
    )
    return (
        Offering.objects.filter(pk__in=enough)
        .select_related("provider")
        .prefetch_related("indicators")
        .order_by("-starts_on", "title", "pk")
    )


def effectiveness_list(*, district_id: int | None = None) -> list[Effect]:
    """Every offering with enough participants and what it did, in the state or a district:
    a fixed number of queries, however many offerings and educators."""
    return _effects(list(_measured(district_id)), district_id, comments=False)


def effectiveness_of(offering_id: int, *, district_id: int | None = None) -> Effect | None:
    """One offering's figures with the survey's comments (no names), or None when too few
    completed it to be measured."""
    offering = _measured(district_id).filter(pk=offering_id).first()
    if offering is None:
        return None
    return _effects([offering], district_id, comments=True)[0]
