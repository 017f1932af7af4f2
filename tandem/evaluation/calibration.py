"""Whether evaluators rate alike (issue 13, item 5): each evaluator's distribution of signed
summative overall ratings beside their school's, district's and the state's, with a flag when
it differs from the rest of the district more than chance allows for its size; and the
agreement of co-observers on the elements they both rated."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from tandem.evaluation.chi_square import GoodnessOfFit, goodness_of_fit
from tandem.evaluation.models import EvaluationCycle, ObservationElementRating
from tandem.organizations.models import School, SchoolYear
from tandem.people.models import EvaluatorAssignment, Person, StaffAssignment
from tandem.records.suppression import Row, Table, suppress
from tandem.rubrics.models import PerformanceLevel

# Lowest first: the order in which adjacent categories are pooled.
LEVELS = [level for level, _label in reversed(PerformanceLevel.choices)]


def school_year_names() -> list[str]:
    """The school years the districts keep, newest first (a district's year by its name)."""
    names = SchoolYear.objects.order_by("-start_date").values_list("name", flat=True)
    return list(dict.fromkeys(names))


def default_year_name(day) -> str | None:
    """The newest school year that has ended everywhere it is kept: its summatives are in."""
    ended = (
        SchoolYear.objects.values("name")
        .annotate(open=Count("pk", filter=Q(end_date__gte=day)))
        .filter(open=0)
        .order_by("-name")
    )
    first = ended.first()
    return first["name"] if first else None


def _rated_cycles(year_name: str):
    """Cycles whose summative the evaluator signed (the overall rating is set then) and which
    ended in the school year of that name, in each district's own calendar."""
    in_year = SchoolYear.objects.filter(
        district=OuterRef("district_id"),
        name=year_name,
        start_date__lte=OuterRef("end_date"),
        end_date__gte=OuterRef("end_date"),
    )
    return EvaluationCycle.objects.exclude(overall_rating="").filter(Exists(in_year))


def _school_at_end():
    """The educator's school on the cycle's last day: the largest assignment at a school."""
    return Subquery(
        StaffAssignment.objects.filter(
            employment=OuterRef("employment_id"),
            school__isnull=False,
            start_date__lte=OuterRef("end_date"),
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("end_date")))
        .order_by("-fte", "start_date", "pk")
        .values("school_id")[:1]
    )


@dataclass(frozen=True)
class Distribution:
    counts: Counter

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[tuple[int, float | None]]:
        """(count, percent) per level, highest first as the pages show them."""
        total = self.total
        return [
            (self.counts[level], round(100 * self.counts[level] / total, 1) if total else None)
            for level in reversed(LEVELS)
        ]


@dataclass(frozen=True)
class CalibrationTest:
    """The flag beside an evaluator's distribution and, in plain words, how it was reached."""

    ratings: int
    fit: GoodnessOfFit | None
    threshold: float
    minimum: int

    @property
    def made(self) -> bool:
        return self.fit is not None

    @property
    def flagged(self) -> bool:
        return self.fit is not None and self.fit.p_value < self.threshold

    def explanation(self) -> str:
        if self.ratings < self.minimum:
            return _(
                "No test: %(n)s ratings, fewer than the %(minimum)s a test needs to say anything."
            ) % {"n": self.ratings, "minimum": self.minimum}
        if self.fit is None:
            return _(
                "No test: the test needs at least 5 ratings expected in each group of levels, "
                "and with levels pooled until it does, fewer than two groups remain for "
                "%(n)s ratings against the district's spread."
            ) % {"n": self.ratings}
        labels = dict(PerformanceLevel.choices)
        pooled = [
            " + ".join(str(labels[c]) for c in b.categories)
            for b in self.fit.bins
            if len(b.categories) > 1
        ]
        words = _(
            "Chi-square goodness-of-fit test of these %(n)s ratings against the distribution of "
            "the other evaluators in the district"
        ) % {"n": self.ratings}
        if pooled:
            words += _(", levels pooled where fewer than 5 ratings were expected (%(pooled)s)") % {
                "pooled": "; ".join(pooled)
            }
        words += _(": chi-square %(statistic).2f with %(df)s degrees of freedom, p = %(p)s.") % {
            "statistic": self.fit.statistic,
            "df": self.fit.degrees_of_freedom,
            "p": _p_in_words(self.fit.p_value),
        }
        if self.flagged:
            words += " " + _(
                "That is below the threshold of %(threshold)s: the spread differs from the rest "
                "of the district more than chance alone would explain for this many ratings. A "
                "reason to look closer, not a verdict."
            ) % {"threshold": self.threshold}
        else:
            words += " " + _(
                "That is not below the threshold of %(threshold)s: chance alone could explain "
                "the difference."
            ) % {"threshold": self.threshold}
        return words


def _p_in_words(p: float) -> str:
    return "< 0.0001" if p < 0.0001 else f"{p:.4f}"


def calibration_test(counts: Counter, reference: Counter) -> CalibrationTest:
    """The evaluator's ratings against a reference that leaves them out, as the settings say
    (``CALIBRATION_P_THRESHOLD``, ``CALIBRATION_MINIMUM_RATINGS``)."""
    minimum = settings.CALIBRATION_MINIMUM_RATINGS
    n = sum(counts.values())
    fit = (
        goodness_of_fit([counts[c] for c in LEVELS], [reference[c] for c in LEVELS], LEVELS)
        if n >= minimum
        else None
    )
    return CalibrationTest(n, fit, settings.CALIBRATION_P_THRESHOLD, minimum)


@dataclass(frozen=True)
class EvaluatorRow:
    evaluator: Person
    school: School | None
    distribution: Distribution
    school_distribution: Distribution | None
    test: CalibrationTest
    hidden: bool = False
    school_hidden: bool = False


@dataclass(frozen=True)
class DistrictCalibration:
    evaluators: list[EvaluatorRow]
    district: Distribution
    state: Distribution
    district_hidden: bool = False
    # The finest groups both tables count: (evaluator id, school id) → ratings; either may be
    # None (the committee rates the superintendent; a cycle whose school is unknown).
    by_pair: dict | None = None


def state_distribution(year_name: str) -> Distribution:
    return Distribution(
        Counter(
            dict(
                _rated_cycles(year_name)
                .values_list("overall_rating")
                .annotate(n=Count("pk"))
                .order_by()
            )
        )
    )


def district_distributions(year_name: str) -> dict[int, Distribution]:
    """Every district's distribution in the year, by district id."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for district_id, rating, n in (
        _rated_cycles(year_name)
        .values_list("district_id", "overall_rating")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[district_id][rating] += n
    return {district_id: Distribution(c) for district_id, c in counts.items()}


def districts_hidden(distributions: dict[int, Distribution]) -> set[int]:
    """The districts whose distribution a reader of aggregates does not see beside the
    state's, by ``records.suppression`` over the districts and the state's total."""
    table = Table(
        "districts",
        [Row(pk, pk, lambda g, pk=pk: g == pk) for pk in distributions]
        + [Row("state", "state", lambda g: True)],
        LEVELS,
        margin="state",
    )
    shown = suppress({pk: d.counts for pk, d in distributions.items()}, [table])["districts"]
    return {pk for pk in distributions if shown.hidden(pk)}


def district_calibration(*, district_id: int, year_name: str) -> DistrictCalibration:
    """Each evaluator of the district who signed summatives in the year, with the school where
    most of the educators they rated work (its distribution beside theirs), tested against the
    district's other ratings. The superintendent's (rated by the committee) count in the
    district only."""
    by_evaluator: dict[int, Counter] = defaultdict(Counter)
    by_school: dict[int, Counter] = defaultdict(Counter)
    schools_of: dict[int, Counter] = defaultdict(Counter)
    district = Counter()
    by_pair: dict[tuple, Counter] = defaultdict(Counter)
    for evaluator_id, school_id, rating, n in (
        _rated_cycles(year_name)
        .filter(district_id=district_id)
        .annotate(school_id=_school_at_end())
        .values_list("primary_evaluator_id", "school_id", "overall_rating")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        district[rating] += n
        by_pair[evaluator_id, school_id][rating] += n
        if school_id is not None:
            by_school[school_id][rating] += n
        if evaluator_id is not None:
            by_evaluator[evaluator_id][rating] += n
            if school_id is not None:
                schools_of[evaluator_id][school_id] += n
    people = Person.objects.in_bulk(by_evaluator)
    schools = School.objects.in_bulk(by_school)
    rows = []
    for evaluator_id, counts in by_evaluator.items():
        school_id = (
            min(schools_of[evaluator_id].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            if schools_of[evaluator_id]
            else None
        )
        rows.append(
            EvaluatorRow(
                evaluator=people[evaluator_id],
                school=schools.get(school_id),
                distribution=Distribution(counts),
                school_distribution=Distribution(by_school[school_id]) if school_id else None,
                test=calibration_test(counts, district - counts),
            )
        )
    rows.sort(key=lambda row: (row.evaluator.last_name, row.evaluator.first_name, row.evaluator.pk))
    return DistrictCalibration(
        rows, Distribution(district), state_distribution(year_name), by_pair=dict(by_pair)
    )


def suppressed_for_aggregate_readers(
    calibration: DistrictCalibration, *, district_hidden: bool
) -> DistrictCalibration:
    """What a reader of aggregates only (a state analyst) may see: every evaluator's and every
    school's distribution through ``records.suppression``, the two tables shown together over
    the district's ratings by evaluator and school, so a hidden row is not given back by the
    district less the rows shown, nor by the other table; and
    nothing of a district the state's table hides (``districts_hidden``)."""
    district = Row("district", "district", lambda g: True)
    evaluator_ids = [row.evaluator.pk for row in calibration.evaluators]
    school_ids = {row.school.pk for row in calibration.evaluators if row.school is not None}
    shown = suppress(
        calibration.by_pair,
        [
            Table(
                "evaluators",
                [Row(pk, pk, lambda g, pk=pk: g[0] == pk) for pk in evaluator_ids] + [district],
                LEVELS,
                margin="district",
            ),
            Table(
                "schools",
                [Row(pk, pk, lambda g, pk=pk: g[1] == pk) for pk in school_ids] + [district],
                LEVELS,
                margin="district",
            ),
        ],
    )
    rows = [
        EvaluatorRow(
            evaluator=row.evaluator,
            school=row.school,
            distribution=row.distribution,
            school_distribution=row.school_distribution,
            test=row.test,
            hidden=district_hidden or shown["evaluators"].hidden(row.evaluator.pk),
            school_hidden=row.school is not None
            and (district_hidden or shown["schools"].hidden(row.school.pk)),
        )
        for row in calibration.evaluators
    ]
    return DistrictCalibration(
        rows, calibration.district, calibration.state, district_hidden, calibration.by_pair
    )


# -- co-observers' agreement ---------------------------------------------------------------


@dataclass
class Agreement:
    """Of the elements both observers rated: how many, the same level, at most one apart."""

    ratings: int = 0
    exact: int = 0
    within_one: int = 0

    def add(self, first: int, second: int) -> None:
        self.ratings += 1
        self.exact += first == second
        self.within_one += abs(first - second) <= 1

    @property
    def exact_share(self) -> float | None:
        return round(100 * self.exact / self.ratings, 1) if self.ratings else None

    @property
    def within_one_share(self) -> float | None:
        return round(100 * self.within_one / self.ratings, 1) if self.ratings else None


def agreement(*, year_name: str, district_id: int | None = None):
    """Agreement per pair of evaluators (their person ids, lower first) and per district, over
    co-observations of the year that both observers have saved (before that a rating may still
    change, and neither has seen the other's)."""
    in_year = SchoolYear.objects.filter(
        district=OuterRef("observation__cycle__district_id"),
        name=year_name,
        start_date__lte=OuterRef("observation__observed_on"),
        end_date__gte=OuterRef("observation__observed_on"),
    )
    ratings = ObservationElementRating.objects.filter(
        Exists(in_year),
        observation__co_observation__observer_saved_at__isnull=False,
        observation__co_observation__co_observer_saved_at__isnull=False,
    )
    if district_id is not None:
        ratings = ratings.filter(observation__cycle__district_id=district_id)
    given: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    district_of: dict[int, int] = {}
    for observation_id, element_id, observer_id, level, district in ratings.values_list(
        "observation_id", "element_id", "observer_id", "level", "observation__cycle__district_id"
    ).order_by():
        given[observation_id, element_id][observer_id] = level
        district_of[observation_id] = district
    pairs: dict[tuple[int, int], Agreement] = defaultdict(Agreement)
    districts: dict[int, Agreement] = defaultdict(Agreement)
    for (observation_id, _element), levels in given.items():
        if len(levels) != 2:
            continue
        (a, first), (b, second) = sorted(levels.items())
        pairs[a, b].add(first, second)
        districts[district_of[observation_id]].add(first, second)
    return dict(pairs), dict(districts)


def co_observer_choices(observation, *, day) -> list[Person]:
    """Who may be asked to co-observe: the others who observe the educator (rule
    ``may_observe``): the primary and supervising evaluators, and the co-observers assigned
    for the year, who sign in."""
    cycle = observation.cycle
    assigned = EvaluatorAssignment.objects.filter(
        evaluatee_id=cycle.employment_id, role=EvaluatorAssignment.Role.CO_OBSERVER
    ).active_on(day)
    return list(
        Person.objects.filter(
            Q(pk__in=[cycle.primary_evaluator_id, cycle.supervising_evaluator_id])
            | Q(pk__in=assigned.values("evaluator_id")),
            user__isnull=False,
        )
        .exclude(pk=observation.observer_id)
        .order_by("last_name", "first_name", "pk")
    )


def co_ratings_of(co_observation) -> dict[int, dict[int, int]]:
    """Each observer's levels by element: {person id: {element id: level}}."""
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for observer_id, element_id, level in ObservationElementRating.objects.filter(
        observation_id=co_observation.observation_id
    ).values_list("observer_id", "element_id", "level"):
        out[observer_id][element_id] = level
    return out
