"""Reads of exits: the separations HR may see, the exit survey's totals and where leavers went.

Where leavers went follows the state's staffing snapshot (October 1, pipeline.md §3) and the
retention formula's job class (the assignment's position, insights.selectors.retention): a
leaver of a school year is someone on a district's staff on its October 1 who is not in the
same job class in the same district on the next October 1. The person (the state educator
identifier) is followed across districts.
"""

import datetime
import hashlib
from collections import Counter

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.exits.models import ExitReason, ExitSurveyInvitation, ExitSurveyTotals, Separation
from tandem.organizations.models import District
from tandem.organizations.selectors import snapshot_day
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.selectors import Roles, on_staff
from tandem.records.suppression import Row, SuppressedTable, Table, suppress

OTHER_DISTRICT = "other_district"
OTHER_JOB_CLASS = "other_job_class"
LEFT = "left"
DESTINATIONS = [
    (OTHER_DISTRICT, _("Moved to another district")),
    (OTHER_JOB_CLASS, _("Another job class in the same district")),
    (LEFT, _("Left the state's public schools")),
]


def year_label(start_year: int) -> str:
    """The state's name of the school year that began in ``start_year``: 2025 → 2025-26."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def separation_list(
    *,
    roles: Roles,
    school_year: int | None = None,
    kind: str = "",
    reason: str = "",
    district_id: int | None = None,
    search: str = "",
) -> QuerySet[Separation]:
    """The separations of the districts whose HR or administrators this user is, filtered."""
    separations = Separation.objects.filter(employment__district__in=roles.personnel_districts)
    if school_year:
        separations = separations.filter(school_year=school_year)
    if kind:
        separations = separations.filter(kind=kind)
    if reason:
        separations = separations.filter(reason=reason)
    if district_id:
        separations = separations.filter(employment__district_id=district_id)
    for term in search.replace("\x00", "").split()[:4]:
        separations = separations.filter(
            Q(employment__person__last_name__istartswith=term)
            | Q(employment__person__first_name__istartswith=term)
            | Q(employment__person__state_id=term)
        )
    return separations.select_related("employment__person", "employment__district").order_by(
        "-last_day", "employment__person__last_name", "pk"
    )


def separation_years(*, roles: Roles) -> list[int]:
    """The school years (their first calendar year) with a separation this user may see."""
    return sorted(
        set(
            Separation.objects.filter(
                employment__district__in=roles.personnel_districts
            ).values_list("school_year", flat=True)
        ),
        reverse=True,
    )


def separation_get(*, roles: Roles, separation_id: int) -> Separation | None:
    return separation_list(roles=roles).filter(pk=separation_id).first()


# -- The exit survey ------------------------------------------------------------------------

# The exit survey's link works until it is used or this many days after it was sent.
SURVEY_LINK_DAYS = 60


def survey_token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def survey_invitation_open(raw: str) -> ExitSurveyInvitation | None:
    """The unused, unexpired invitation behind a link's token, or None."""
    invitation = (
        ExitSurveyInvitation.objects.filter(digest=survey_token_digest(raw), answered=False)
        .select_related("separation__employment__district")
        .first()
    )
    if invitation is None:
        return None
    if invitation.sent_on + datetime.timedelta(days=SURVEY_LINK_DAYS) < timezone.localdate():
        return None
    return invitation


# -- The exit survey's results --------------------------------------------------------------


def exit_survey_results(*, district: District) -> tuple[SuppressedTable, dict[int, list[str]]]:
    """The district's exit-survey answers by school year, as counts per reason through the
    suppression every reader gets (the answers are anonymous, HR's included), and the comments
    of the years whose row is shown."""
    totals = {t.school_year: t for t in ExitSurveyTotals.objects.filter(district=district)}
    years = sorted(totals, reverse=True)
    table = Table(
        name="exit_survey",
        rows=[Row(year, year_label(year), lambda key, year=year: key == year) for year in years],
        columns=tuple(ExitReason.values),
    )
    population = {year: Counter(totals[year].reasons) for year in years}
    shown = suppress(population, [table], aggregates_only=True)["exit_survey"]
    comments = {year: list(totals[year].comments) for year in years if not shown.hidden(year)}
    return shown, comments


# -- Where leavers went --------------------------------------------------------------------


def leaver_destinations(year_name: str) -> dict[tuple[int, str], Counter]:
    """Where the leavers of school year ``year_name`` were on the next year's October 1:
    (district, role group) → count per destination (``DESTINATIONS``).

    One count per person and district. A person in the same district in another job class is
    counted so even if they also work in another district; ``LEFT`` means on no district's
    staff in the state on that day.
    """
    day = snapshot_day(year_name)
    next_day = datetime.date(day.year + 1, day.month, day.day)
    before: dict[tuple[int, int], tuple[str, set[str]]] = {}
    for person, district, role_group, position in on_staff(day).values_list(
        "employment__person_id", "employment__district_id", "employment__role_group", "position"
    ):
        before.setdefault((person, district), (role_group, set()))[1].add(position)
    after_positions: dict[tuple[int, int], set[str]] = {}
    after_districts: dict[int, set[int]] = {}
    for person, district, position in on_staff(next_day).values_list(
        "employment__person_id", "employment__district_id", "position"
    ):
        after_positions.setdefault((person, district), set()).add(position)
        after_districts.setdefault(person, set()).add(district)
    out: dict[tuple[int, str], Counter] = {}
    for (person, district), (role_group, positions) in before.items():
        later = after_positions.get((person, district))
        if later and later & positions:
            continue  # retained in the job class
        if later:
            destination = OTHER_JOB_CLASS
        elif after_districts.get(person, set()) - {district}:
            destination = OTHER_DISTRICT
        else:
            destination = LEFT
        out.setdefault((district, role_group), Counter())[destination] += 1
    return out


def leaver_tables(
    population: dict[tuple[int, str], Counter],
    districts: list[District],
    *,
    state: bool,
    aggregates_only: bool,
) -> dict[str, SuppressedTable]:
    """Where leavers went, by district and by role group, shown together so that suppression
    protects each through the other. ``districts`` are the rows of the first table, ``state``
    adds the state's total (else the total is of those districts); the second splits that
    same total by role group."""
    ids = {d.pk for d in districts}
    population = {key: counts for key, counts in population.items() if state or key[0] in ids}
    total = Row(
        "total",
        _("The state") if state else _("All"),
        lambda key: True,
    )
    by_district = Table(
        name="districts",
        rows=[
            total,
            *(Row(d.pk, d.name, lambda key, pk=d.pk: key[0] == pk) for d in districts),
        ],
        columns=tuple(value for value, _label in DESTINATIONS),
        margin="total",
    )
    groups = [group for group in RoleGroup if any(key[1] == group for key in population)]
    by_role_group = Table(
        name="role_groups",
        rows=[
            total,
            *(Row(g.value, g.label, lambda key, g=g.value: key[1] == g) for g in groups),
        ],
        columns=by_district.columns,
        margin="total",
    )
    return suppress(population, [by_district, by_role_group], aggregates_only=aggregates_only)
