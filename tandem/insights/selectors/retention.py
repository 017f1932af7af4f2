"""Staff retention by the state's formula (pipeline.md §4): of those in a job class at an
organization on one year's October 1, the share in the same job class there on the next.

The job class is the assignment's position (classroom teacher, principal, …); people are
followed by ``Person`` (the MEPID), so a move between districts is seen. At a school, moving
to another school is leaving; at a district, a move between its schools is staying; the
state's unduplicated figure counts staying in the job class anywhere in the state, and its
roll-up adds the districts' figures up.
"""

from dataclasses import dataclass
from itertools import pairwise

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from tandem.insights.selectors import summary
from tandem.insights.selectors.population import (
    experience_band,
    first_hired,
    last_rating,
    on_staff,
    snapshot_day,
    year_end,
    year_names,
)

SCHOOL, DISTRICT, STATE, ROLL_UP = "school", "district", "state", "roll_up"
# What a figure may be broken down by, beside the job class.
GROUPINGS = {
    "role_group": "employment__role_group",
    "experience": "experience",
    "last_rating": "rating",
}
HOW = {
    SCHOOL: _(
        "Of the people in this job class at the school on October 1 of %(before)s, the share "
        "in the same job class at the same school on October 1 of %(after)s. Moving to another "
        "school counts as leaving."
    ),
    DISTRICT: _(
        "Of the people in this job class in the district on October 1 of %(before)s, the share "
        "in the same job class in the same district on October 1 of %(after)s, at any of its "
        "schools or its central office."
    ),
    STATE: _(
        "Unduplicated: of the people in this job class anywhere in the state on October 1 of "
        "%(before)s, each counted once, the share in the same job class anywhere in the state "
        "on October 1 of %(after)s."
    ),
    ROLL_UP: _(
        "Roll-up: the districts' figures added up: everyone retained by their district divided "
        "by everyone on their district's staff on October 1 of %(before)s. A person on two "
        "districts' staff counts in each; one who moved between districts counts as leaving."
    ),
}
GROUPING_HOW = {
    "role_group": _("Grouped by the role group of the employment in %(before)s."),
    "experience": _(
        "Grouped by years in the state's public schools on October 1 of %(before)s, counted "
        "from the first day in any district."
    ),
    "last_rating": _(
        "Grouped by the latest summative rating overall locked by June 30 of %(before)s."
    ),
}


@dataclass(frozen=True)
class Retention:
    """One figure: ``retained`` of ``staff`` stayed, for an organization, job class and group."""

    organization: int | None
    job_class: str
    group: str | None
    staff: int
    retained: int
    how: str

    @property
    def rate(self) -> float | None:
        return self.retained / self.staff if self.staff else None


def counted(
    before: str, after: str, level: str, by: str | None = None, district=None
) -> list[tuple]:
    """``retention``'s rows counted from the live tables: (organization, job class, group,
    staff, retained), ordered by the first three."""
    day, next_day = snapshot_day(before), snapshot_day(after)
    stayed = on_staff(next_day).filter(
        employment__person=OuterRef("employment__person"), position=OuterRef("position")
    )
    organization = {
        SCHOOL: "school",
        DISTRICT: "employment__district",
        ROLL_UP: "employment__district",
        STATE: None,
    }[level]
    if level == SCHOOL:
        stayed = stayed.filter(school=OuterRef("school"))
    elif level in (DISTRICT, ROLL_UP):
        stayed = stayed.filter(employment__district=OuterRef("employment__district"))
    staff = on_staff(day)
    if level == SCHOOL:
        staff = staff.filter(school__isnull=False)
    if district is not None and level in (SCHOOL, DISTRICT):
        staff = staff.filter(employment__district=district)
    staff = staff.annotate(stayed=Exists(stayed))
    if by == "experience":
        staff = staff.annotate(first_hired=first_hired(), experience=experience_band(day))
    elif by == "last_rating":
        staff = staff.annotate(rating=last_rating(year_end(before)))
    keys = [key for key in (organization, "position", GROUPINGS.get(by)) if key]
    rows = (
        staff.values(*keys)
        .annotate(
            staff=Count("employment__person", distinct=True),
            retained=Count("employment__person", filter=Q(stayed=True), distinct=True),
        )
        .order_by(*keys)
    )
    return [
        (
            row[organization] if organization else None,
            row["position"],
            row[GROUPINGS[by]] if by else None,
            row["staff"],
            row["retained"],
        )
        for row in rows
    ]


def year_pairs() -> list[tuple[str, str]]:
    """Each school year the data covers with the one before it: (before, after)."""
    names = year_names()
    return [
        (before, after)
        for before, after in pairwise(names)
        if int(after[:4]) == int(before[:4]) + 1
    ]


def retention(
    before: str, after: str, level: str, by: str | None = None, district=None
) -> list[Retention]:
    """Retention from school year ``before`` to ``after`` at ``level`` (``SCHOOL``,
    ``DISTRICT``, ``STATE`` or ``ROLL_UP``), per job class and, if ``by`` names one of
    ``GROUPINGS``, per group; ``district`` narrows the first two levels to one district.
    Read from the precomputed figures while they are recent, but at a school."""
    build = summary.build_for(before) if level != SCHOOL else None
    if build is not None and after in build.school_years:
        read = DISTRICT if level == ROLL_UP else level
        narrowed = district if level == DISTRICT else None
        rows = summary.retention_rows(build, before, read, by, narrowed)
    else:
        rows = counted(before, after, level, by, district)
    how = str(HOW[level]) % {"before": before, "after": after}
    if by:
        how = f"{how} {str(GROUPING_HOW[by]) % {'before': before}}"
    figures = [Retention(*row, how=how) for row in rows]
    if level != ROLL_UP:
        return figures
    totals: dict[tuple, list[int]] = {}
    for figure in figures:
        total = totals.setdefault((figure.job_class, figure.group), [0, 0])
        total[0] += figure.staff
        total[1] += figure.retained
    return [
        Retention(None, job_class, group, staff_count, retained, how)
        for (job_class, group), (staff_count, retained) in sorted(
            totals.items(), key=lambda item: (item[0][0], str(item[0][1]))
        )
    ]
