"""Reading teacher leadership: the role catalog, a district's lattice, where educators stand on
it (from evaluation's signed summatives, their years employed, licensure's ledger and licenses
and learning's completions) and who holds which role."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.selectors import last_signed_ratings
from tandem.leadership.models import (
    STAGE_LADDER,
    LatticeLevel,
    LeadershipRole,
    LevelAward,
    RoleTenure,
)
from tandem.learning.selectors import completions_passed
from tandem.licensure.models import License
from tandem.licensure.selectors import approved_points, stages_in_force
from tandem.people.models import Employment, StaffAssignment
from tandem.rubrics.models import PerformanceLevel

STATEWIDE = "state"


def role_list(
    *, search: str = "", kind: str = "", domain: str = "", district: str | int = ""
) -> QuerySet[LeadershipRole]:
    """Roles matching every filter; ``district`` is a district id or ``STATEWIDE``."""
    roles = LeadershipRole.objects.select_related("district").prefetch_related("domains")
    if search:
        roles = roles.filter(Q(name__icontains=search) | Q(duties__icontains=search))
    if kind:
        roles = roles.filter(kind=kind)
    if domain:
        roles = roles.filter(domains__domain=domain)
    if district == STATEWIDE:
        roles = roles.filter(district__isnull=True)
    elif district:
        roles = roles.filter(district_id=district)
    return roles.order_by("name", "pk")


def role_get(pk: int) -> LeadershipRole | None:
    return (
        LeadershipRole.objects.select_related("district")
        .prefetch_related("domains")
        .filter(pk=pk)
        .first()
    )


def holders_of(role: LeadershipRole) -> QuerySet[RoleTenure]:
    """Who holds the role and who held it, newest first."""
    return role.tenures.select_related(
        "employment__person", "employment__district", "school"
    ).order_by("-starts_on", "pk")


def lattice_of(district_id: int) -> list[LatticeLevel]:
    return list(LatticeLevel.objects.filter(district_id=district_id).order_by("rank"))


@dataclass(frozen=True)
class Check:
    """One criterion of the next level: what it asks, whether it is met and why."""

    asks: str
    met: bool
    reason: str


@dataclass
class Position:
    employment: Employment
    held: LatticeLevel | None
    next: LatticeLevel | None
    checks: list[Check] = field(default_factory=list)
    rating_cycle: EvaluationCycle | None = None

    @property
    def eligible(self) -> bool:
        return self.next is not None and all(c.met for c in self.checks)


@dataclass(frozen=True)
class Facts:
    """What Tandem's records say of one educator, as the criteria read them."""

    cycle: EvaluationCycle | None
    years: int
    points: Decimal
    completions: int
    stages: frozenset[str]


# Highest first, as ``PerformanceLevel`` lists them.
RATING_ORDER = {level: n for n, level in enumerate(reversed(PerformanceLevel.values))}


def _years(employments: list[Employment], day: datetime.date) -> int:
    """Whole years employed up to ``day``, over every employment (one of 365.25 days)."""
    days = sum(
        max(0, (min(e.end_date or day, day) - e.start_date).days)
        for e in employments
        if e.start_date <= day
    )
    return int(days / 365.25)


def facts_of(person_ids, day: datetime.date) -> dict[int, Facts]:
    """Five queries, however many educators."""
    person_ids = list(person_ids)
    cycles = last_signed_ratings(person_ids)
    points = approved_points(person_ids)
    completions = completions_passed(person_ids)
    stages = stages_in_force(person_ids, day)
    employments: dict[int, list[Employment]] = {}
    for e in Employment.objects.filter(person_id__in=person_ids).only(
        "person_id", "start_date", "end_date"
    ):
        employments.setdefault(e.person_id, []).append(e)
    return {
        pk: Facts(
            cycle=cycles.get(pk),
            years=_years(employments.get(pk, []), day),
            points=points.get(pk) or Decimal("0"),
            completions=completions.get(pk, 0),
            stages=frozenset(stages.get(pk, ())),
        )
        for pk in person_ids
    }


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def checks_for(level: LatticeLevel, facts: Facts) -> list[Check]:
    """Each criterion the level asks, met or not, with the record that decides it."""
    checks = []
    if level.minimum_rating:
        wanted = PerformanceLevel(level.minimum_rating).label
        asks = _("A signed summative rating of %(level)s or higher") % {"level": wanted}
        cycle = facts.cycle
        if cycle is None:
            checks.append(Check(asks, False, _("No summative evaluation has been signed yet.")))
        else:
            checks.append(
                Check(
                    asks,
                    RATING_ORDER[cycle.overall_rating] >= RATING_ORDER[level.minimum_rating],
                    _("The last signed summative (%(year)s) rated %(level)s.")
                    % {
                        "year": cycle.school_year,
                        "level": PerformanceLevel(cycle.overall_rating).label,
                    },
                )
            )
    if level.minimum_years is not None:
        checks.append(
            Check(
                _("At least %(n)d years employed") % {"n": level.minimum_years},
                facts.years >= level.minimum_years,
                _("%(n)d whole years on the employment records.") % {"n": facts.years},
            )
        )
    if level.minimum_points is not None:
        checks.append(
            Check(
                _("At least %(n)s professional development points")
                % {"n": _number(level.minimum_points)},
                facts.points >= level.minimum_points,
                _("%(n)s points approved in the ledger.") % {"n": _number(facts.points)},
            )
        )
    if level.minimum_completions is not None:
        checks.append(
            Check(
                _("At least %(n)d professional learning offerings completed")
                % {"n": level.minimum_completions},
                facts.completions >= level.minimum_completions,
                _("%(n)d offerings completed and passed.") % {"n": facts.completions},
            )
        )
    if level.license_stage:
        wanted = License.Stage(level.license_stage)
        if wanted in STAGE_LADDER:
            meeting = set(STAGE_LADDER[STAGE_LADDER.index(wanted) :])
        else:
            meeting = {wanted}
        held = sorted(str(License.Stage(s).label) for s in facts.stages)
        checks.append(
            Check(
                _("A %(stage)s license in force") % {"stage": wanted.label},
                bool(meeting & facts.stages),
                _("Licenses in force: %(stages)s.") % {"stages": ", ".join(held)}
                if held
                else _("No license in force."),
            )
        )
    return checks


def positions_of(
    employments: list[Employment], *, levels: list[LatticeLevel], day: datetime.date
) -> list[Position]:
    """Where each educator stands on the lattice ``levels`` (one district's, by rank)."""
    awarded: dict[int, int] = {}
    for employment_id, rank in LevelAward.objects.filter(
        employment__in=[e.pk for e in employments], level__in=[lv.pk for lv in levels]
    ).values_list("employment_id", "level__rank"):
        awarded[employment_id] = max(rank, awarded.get(employment_id, 0))
    facts = facts_of({e.person_id for e in employments}, day)
    out = []
    for employment in employments:
        rank = awarded.get(employment.pk, 0)
        held = next((lv for lv in reversed(levels) if lv.rank <= rank), None) if rank else None
        upcoming = next((lv for lv in levels if lv.rank > rank), None)
        own = facts[employment.person_id]
        out.append(
            Position(
                employment=employment,
                held=held,
                next=upcoming,
                checks=checks_for(upcoming, own) if upcoming else [],
                rating_cycle=own.cycle if upcoming and upcoming.minimum_rating else None,
            )
        )
    return out


def position_of(employment: Employment, *, day: datetime.date) -> Position:
    return positions_of([employment], levels=lattice_of(employment.district_id), day=day)[0]


def eligible_for_next(
    district_id: int, *, day: datetime.date, school=None, level=None
) -> list[Position]:
    """Educators employed on ``day`` who meet every criterion of their next level, by name;
    narrowed to a school's staff or to those whose next level is ``level``."""
    employments = (
        Employment.objects.filter(district_id=district_id)
        .active_on(day)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    if school is not None:
        employments = employments.filter(
            pk__in=StaffAssignment.objects.filter(school=school)
            .active_on(day)
            .values("employment_id")
        )
    positions = positions_of(list(employments), levels=lattice_of(district_id), day=day)
    return [p for p in positions if p.eligible and (level is None or p.next.pk == level.pk)]
