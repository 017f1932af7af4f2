"""The talent dashboard's figures (issue 14, item 7): how fast and how well the state's and a
district's postings are filled, for one hiring year.

A hiring year is the school year the vacancy starts in (its start date from July 1 to June
30). Every figure is one query grouped in the database by its finest group, (district,
school; 0 for a district-wide post), and the category it counts; the rows are the districts
on the state's dashboard and the schools on a district's. Each table goes through
``records.suppression.suppress``: exact for the district's HR and administrators, suppressed
for the readers of aggregates only.
"""

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tandem.dashboards.figures import Figure, place_from
from tandem.exits.selectors import DESTINATIONS, leaver_destinations, leaver_tables
from tandem.hiring.models import Application, Posting
from tandem.insights.selectors.population import year_names
from tandem.offers.models import Offer
from tandem.organizations.models import District, School
from tandem.records.suppression import Row, Table, suppress
from tandem.selection.selectors import LicenseFit, with_vacancy_license_fit

ALL = "all"
DISTRICT_WIDE = 0
DAY_BANDS = [
    ("up_to_30", _l("30 days or fewer"), 0, 30),
    ("31_60", _l("31 to 60 days"), 31, 60),
    ("61_90", _l("61 to 90 days"), 61, 90),
    ("over_90", _l("More than 90 days"), 91, None),
]
APPLICANT_BANDS = [
    ("none", _l("No applicants"), 0, 0),
    ("1_4", _l("1 to 4"), 1, 4),
    ("5_9", _l("5 to 9"), 5, 9),
    ("10_more", _l("10 or more"), 10, None),
]
BY_JUNE = [("by_june", _l("Made by May 31")), ("after", _l("Made later"))]
MOVED_ON = "moved_on"
STAGE_COLUMNS = [
    ("", _l("Still at this stage")),
    (MOVED_ON, _l("Moved on")),
    (Application.Outcome.WITHDRAWN, _l("Withdrew here")),
    (Application.Outcome.NOT_SELECTED, _l("Not selected here")),
    (Application.Outcome.OFFER_DECLINED, _l("Declined the offer")),
    (Application.Outcome.OFFER_EXPIRED, _l("Let the offer expire")),
    (Application.Outcome.HIRED, _l("Hired")),
]


@dataclass(frozen=True)
class TalentFilters:
    """What the talent dashboard is narrowed to, read from its address."""

    year: str
    district_id: int | None = None
    school_id: int | None = None

    def params(self) -> dict[str, str]:
        values = {"year": self.year, "district": self.district_id, "school": self.school_id}
        return {name: str(value) for name, value in values.items() if value}

    def query(self, **extra) -> str:
        return urlencode({**self.params(), **{k: v for k, v in extra.items() if v}})

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(int(self.year[:4]), 7, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(int(self.year[:4]) + 1, 6, 30)

    @property
    def june_deadline(self) -> datetime.date:
        """Offers for a year's posts made by this day were made before June."""
        return datetime.date(int(self.year[:4]), 5, 31)


def _year_name(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


def hiring_years(day: datetime.date) -> list[str]:
    """The school years the data covers, and the next two (hiring runs ahead of the year)."""
    current = day.year if day.month >= 7 else day.year - 1
    return sorted(set(year_names()) | {_year_name(current), _year_name(current + 1)})


def talent_filters_from(
    params: Mapping, *, district: District | None = None, aggregates_only: bool = False
) -> tuple[TalentFilters, list[str]]:
    """The filters a page's parameters ask for and the problems with them, each named; a
    parameter with a problem filters nothing. A reader of aggregates only narrows by year and
    district alone: with a school as well, comparing views could give a hidden group away."""
    problems = []
    day = timezone.localdate()
    years = hiring_years(day)
    year = params.get("year", "")
    if year and year not in years:
        problems.append(_("There is no hiring year %(year)s; showing this one.") % {"year": year})
        year = ""
    district_id, school_id = place_from(params, district=district, problems=problems)
    if school_id and aggregates_only:
        problems.append(_("Counts only are narrowed by year and district; every school shown."))
        school_id = None
    current = day.year if day.month >= 7 else day.year - 1
    return TalentFilters(year or _year_name(current), district_id, school_id), problems


# -- the populations: one grouped query each -----------------------------------------------


def _unit(prefix: str) -> dict:
    return {
        "unit_district": F(f"{prefix}district_id"),
        "unit_school": Coalesce(f"{prefix}school_id", Value(DISTRICT_WIDE)),
    }


def _narrowed(qs, filters: TalentFilters, prefix: str):
    """``qs`` of the filters' hiring year, district and school; ``prefix`` leads to the
    vacancy."""
    qs = qs.filter(
        **{
            f"{prefix}start_date__gte": filters.first_day,
            f"{prefix}start_date__lte": filters.last_day,
        }
    )
    if filters.district_id:
        qs = qs.filter(**{f"{prefix}district_id": filters.district_id})
    if filters.school_id:
        qs = qs.filter(**{f"{prefix}school_id": filters.school_id})
    return qs


def _key(row) -> tuple[int, int]:
    return (row["unit_district"], row["unit_school"])


def _band(value: int, bands) -> str:
    return next(
        key for key, _label, low, high in bands if value >= low and (high is None or value <= high)
    )


def days_population(filters: TalentFilters, *, accepted: bool) -> tuple[dict, dict]:
    """Offers by finest group and days from the posting's opening: to the offer accepted (time
    to fill, ``accepted``) or to the offer sent (time to offer). Answers the population by
    day band and each group's days (how many offers took each number of days)."""
    offers = _narrowed(Offer.objects.all(), filters, "application__posting__vacancy__")
    end = TruncDate("responded_at") if accepted else TruncDate("sent_at")
    if accepted:
        offers = offers.filter(status=Offer.Status.ACCEPTED, responded_at__isnull=False)
    rows = (
        offers.annotate(**_unit("application__posting__vacancy__"))
        .annotate(
            took=ExpressionWrapper(end - F("application__posting__opens_on"), DurationField())
        )
        .order_by()
        .values("unit_district", "unit_school", "took")
        .annotate(n=Count("pk"))
    )
    population: dict = {}
    days: dict = {}
    for row in rows:
        took = row["took"]
        took = took.days if isinstance(took, datetime.timedelta) else int(took)
        population.setdefault(_key(row), Counter())[_band(max(took, 0), DAY_BANDS)] += row["n"]
        days.setdefault(_key(row), Counter())[took] += row["n"]
    return population, days


def june_population(filters: TalentFilters) -> dict:
    """The year's offers by finest group, made by May 31 or later."""
    rows = (
        _narrowed(Offer.objects.all(), filters, "application__posting__vacancy__")
        .annotate(**_unit("application__posting__vacancy__"))
        .annotate(
            when=Case(
                When(sent_at__date__lte=filters.june_deadline, then=Value("by_june")),
                default=Value("after"),
            )
        )
        .order_by()
        .values("unit_district", "unit_school", "when")
        .annotate(n=Count("pk"))
    )
    population: dict = {}
    for row in rows:
        population.setdefault(_key(row), Counter())[row["when"]] += row["n"]
    return population


def applicant_population(filters: TalentFilters) -> tuple[dict, dict]:
    """The year's postings by finest group and how many applied to each (banded), and each
    group's applications in all."""
    applied = (
        Application.objects.filter(posting=OuterRef("pk"))
        .order_by()
        .values("posting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        _narrowed(Posting.objects.all(), filters, "vacancy__")
        .annotate(**_unit("vacancy__"))
        .annotate(applied=Coalesce(Subquery(applied, output_field=IntegerField()), 0))
        .order_by()
        .values("unit_district", "unit_school", "applied")
        .annotate(n=Count("pk"))
    )
    population: dict = {}
    applications: Counter = Counter()
    for row in rows:
        population.setdefault(_key(row), Counter())[_band(row["applied"], APPLICANT_BANDS)] += row[
            "n"
        ]
        applications[_key(row)] += row["applied"] * row["n"]
    return population, applications


def stage_population(filters: TalentFilters) -> dict:
    """Applications by (finest group, stage): those that reached the stage, by whether they
    are still there, moved on, or ended there and how. From one query of the applications
    counted by where they stand and how they ended."""
    rows = (
        _narrowed(Application.objects.all(), filters, "posting__vacancy__")
        .annotate(**_unit("posting__vacancy__"))
        .order_by()
        .values("unit_district", "unit_school", "stage", "outcome")
        .annotate(n=Count("pk"))
    )
    order = list(Application.Stage.values)
    population: dict = {}
    for row in rows:
        reached = order.index(row["stage"])
        for position, stage in enumerate(order[: reached + 1]):
            counts = population.setdefault((*_key(row), stage), Counter())
            counts[row["outcome"] if position == reached else MOVED_ON] += row["n"]
    return population


def license_fit_population(filters: TalentFilters) -> dict:
    """The year's hires by finest group and the license fit of the hired for the post."""
    hired = _narrowed(
        Application.objects.filter(outcome=Application.Outcome.HIRED), filters, "posting__vacancy__"
    )
    rows = (
        with_vacancy_license_fit(hired)
        .annotate(**_unit("posting__vacancy__"))
        .order_by()
        .values("unit_district", "unit_school", "license_fit")
        .annotate(n=Count("pk"))
    )
    population: dict = {}
    for row in rows:
        population.setdefault(_key(row), Counter())[row["license_fit"]] += row["n"]
    return population


# -- the tables ----------------------------------------------------------------------------


def _unit_rows(filters: TalentFilters) -> list[Row]:
    """All, then each district (state) or each school and the district-wide posts."""
    rows = [Row(ALL, _("All"), lambda key: True)]
    if filters.district_id:
        schools = School.objects.filter(district_id=filters.district_id)
        if filters.school_id:
            schools = schools.filter(pk=filters.school_id)
        units = list(schools.order_by("name").values_list("pk", "name"))
        rows += [Row(pk, name, lambda key, pk=pk: key[1] == pk) for pk, name in units]
        if not filters.school_id:
            rows.append(
                Row(DISTRICT_WIDE, _("District-wide posts"), lambda key: key[1] == DISTRICT_WIDE)
            )
    else:
        units = list(District.objects.order_by("name").values_list("pk", "name"))
        rows += [Row(pk, name, lambda key, pk=pk: key[0] == pk) for pk, name in units]
    return rows


def _table(name, rows, columns, *, judgement=False) -> Table:
    """The stages' rows are nested (who reached a stage reached the ones before): no margin."""
    return Table(
        name=name,
        rows=rows,
        columns=tuple(key for key, *_rest in columns),
        judgement=judgement,
        margin=None if name == "stages" else ALL,
    )


def median(days: Mapping[int, int]) -> float | None:
    """The median of a histogram {days: how many}."""
    n = sum(days.values())
    if not n:
        return None
    values = sorted(Counter(days).elements())
    middle = n // 2
    return float(values[middle]) if n % 2 else (values[middle - 1] + values[middle]) / 2


@dataclass
class TalentFigure(Figure):
    """A talent table, with the median days of each row shown (time to fill and to offer)."""

    medians: dict = field(default_factory=dict)

    def median_of(self, row) -> float | None:
        return None if row.hidden else self.medians.get(row.key)

    @property
    def median_rows(self) -> list[tuple[str, float]]:
        """(row, median days) of the rows shown that have one."""
        return [
            (row.label, self.median_of(row)) for row in self.rows if self.median_of(row) is not None
        ]

    def header(self) -> list[str]:
        header = super().header()
        if self.medians:
            header.insert(-1, _("Median days"))
        return header

    def download_rows(self) -> list[list]:
        rows = super().download_rows()
        if self.medians:
            for shown, row in zip(self.rows, rows, strict=True):
                row.insert(-1, self.median_of(shown))
        return rows

    def summary(self) -> str:
        text = super().summary()
        if self.medians:
            medians = "; ".join(
                f"{row.label} {self.median_of(row):g}"
                for row in self.rows
                if self.median_of(row) is not None
            )
            if medians:
                text += " " + _("Median days: %(medians)s.") % {"medians": medians}
        return text


def _medians(rows: list[Row], days: dict) -> dict:
    out = {}
    for row in rows:
        merged: Counter = Counter()
        for key, counts in days.items():
            if row.includes(key):
                merged.update(counts)
        value = median(merged)
        if value is not None:
            out[row.key] = value
    return out


def talent_figures(filters: TalentFilters, *, aggregates_only: bool) -> dict[str, TalentFigure]:
    """Every figure of the talent dashboard for the filters, by name: exact for a reader with
    a right to the records, suppressed for a reader of aggregates only."""
    unit_heading = _("School") if filters.district_id else _("District")
    units = _unit_rows(filters)
    stage_rows = [
        Row(stage, label, lambda key, s=stage: key[2] == s)
        for stage, label in Application.Stage.choices
    ]
    fill, fill_days = days_population(filters, accepted=True)
    offer, offer_days = days_population(filters, accepted=False)
    postings, applications = applicant_population(filters)
    specs = [
        (
            "time_to_fill",
            _("Time to fill"),
            fill,
            units,
            DAY_BANDS,
            _("Accepted offers by days from the posting's opening to the applicant's acceptance."),
            fill_days,
            False,
        ),
        (
            "time_to_offer",
            _("Time to offer"),
            offer,
            units,
            DAY_BANDS,
            _("Offers made, by days from the posting's opening to the offer sent."),
            offer_days,
            False,
        ),
        (
            "offers_by_june",
            _("Offers made before June"),
            june_population(filters),
            units,
            BY_JUNE,
            _(
                "The year's offers made by May 31 before the year (%(day)s) and later: late offers "
                "lose candidates."
            )
            % {"day": filters.june_deadline.isoformat()},
            None,
            False,
        ),
        (
            "applicants",
            _("Applicants per posting"),
            postings,
            units,
            APPLICANT_BANDS,
            _("The year's postings by how many applied to each; %(n)s applications in all.")
            % {"n": sum(applications.values())},
            None,
            False,
        ),
        (
            "stages",
            _("Pipeline stages and drop-outs"),
            stage_population(filters),
            stage_rows,
            STAGE_COLUMNS,
            _(
                "Each stage's applications that reached it: still there, moved on, or ended there "
                "(withdrew, not selected, declined or let the offer expire, hired)."
            ),
            None,
            False,
        ),
        (
            "license_fit",
            _("License fit of hires"),
            license_fit_population(filters),
            units,
            LicenseFit.CHOICES,
            _(
                "The year's hires by whether they hold a license for the post today, one is "
                "pending, or none (out of field)."
            ),
            None,
            True,
        ),
    ]
    out = {}
    for name, title, population, rows, columns, note, days, judgement in specs:
        table = suppress(
            population,
            [_table(name, rows, columns, judgement=judgement)],
            aggregates_only=aggregates_only,
        )[name]
        heading = _("Stage") if name == "stages" else unit_heading
        out[name] = TalentFigure(
            name,
            title,
            heading,
            [(key, label) for key, label, *_rest in columns],
            table,
            note,
            medians=_medians(rows, days) if days is not None else {},
        )
    out |= _leaver_figures(filters, aggregates_only=aggregates_only)
    return out


def _leaver_figures(filters: TalentFilters, *, aggregates_only: bool) -> dict[str, TalentFigure]:
    """Where the previous school year's leavers were on this year's October 1 (exits'
    selectors), by district or for the one district, and by role group."""
    year = _year_name(int(filters.year[:4]) - 1)
    if year not in year_names():
        return {}
    districts = list(
        District.objects.filter(pk=filters.district_id)
        if filters.district_id
        else District.objects.order_by("name")
    )
    tables = leaver_tables(
        leaver_destinations(year),
        districts,
        state=not filters.district_id,
        aggregates_only=aggregates_only,
    )
    note = _(
        "Educators on staff on October 1 of %(year)s not in the same job class in the same "
        "district a year later, by where they were then."
    ) % {"year": year}
    return {
        f"leavers_{name}": TalentFigure(
            f"leavers_{name}",
            title,
            heading,
            [(key, label) for key, label in DESTINATIONS],
            tables[name],
            note,
        )
        for name, title, heading in (
            ("districts", _("Leavers and where they went"), _("District")),
            ("role_groups", _("Leavers by role group"), _("Role group")),
        )
    }
