"""The precomputed figures agree with a recount from the live tables, say when they were
counted, and are not read once too old; their rebuild is queued daily and after an import."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.tests.factories import EvaluationCycleFactory
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked, csv_file, educator
from tandem.insights import services
from tandem.insights.models import FiguresBuild
from tandem.insights.selectors import equity, figures, retention, summary
from tandem.insights.selectors.population import year_names
from tandem.organizations.models import District, School
from tandem.organizations.tests.factories import (
    DistrictFactory,
    SchoolFactory,
    SchoolYearFactory,
)
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.people.models import StaffAssignment
from tandem.people.tests.factories import (
    EmploymentFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)

pytestmark = pytest.mark.django_db

YEAR = "2025-26"


def _recount(year, district_id=None):
    """Every figure the summary stands in for, counted from the live tables."""
    return {
        "schools": equity.counted(year, "school", district_id),
        "districts": equity.counted(year, "school__district"),
        "total": equity.counted(year, None, district_id),
    }


def _read(year, district_id=None):
    """The same figures through the selectors the pages and the API call."""
    return {
        "schools": {row.school_id: row.counts for row in equity.schools(year, district_id)},
        "districts": equity.districts(year),
        "total": {None: equity.state(year, district_id)},
    }


@pytest.fixture
def build():
    return services.figures_refresh()


def test_the_figures_read_from_a_build_are_a_recount_of_the_live_tables(build):
    district_id = District.objects.order_by("pk").values_list("pk", flat=True).first()
    schools = School.objects.filter(district_id=district_id).values_list("pk", flat=True)[:2]
    assert build.school_years == year_names() and YEAR in build.school_years
    for year in build.school_years:
        assert summary.as_of(year) == build.built_at
        assert _read(year) == _recount(year)
        assert _read(year, district_id) == _recount(year, district_id)
    assert _recount(YEAR)["total"][None].teachers > 0
    for filters in [
        figures.Filters(YEAR),
        figures.Filters(YEAR, district_id),
        *(figures.Filters(YEAR, role_group=group) for group in RoleGroup.values),
        *(figures.Filters(YEAR, district_id, plan_type=plan) for plan in PlanType.values),
        *(figures.Filters(YEAR, district_id, school) for school in schools),
    ]:
        assert figures.rating_population(filters) == figures.rating_population_counted(filters)
        assert figures.rating_groups(filters) == (
            figures.rating_groups_counted(filters),
            build.built_at,
        )
    assert sum(sum(c.values()) for c in figures.rating_population(figures.Filters(YEAR)).values())


def test_retention_read_from_a_build_is_a_recount(build):
    district_id = District.objects.order_by("pk").values_list("pk", flat=True).first()
    asked = [
        (before, after, level, by, district)
        for before, after in retention.year_pairs()
        for level in (retention.DISTRICT, retention.STATE, retention.ROLL_UP)
        for by in (None, *retention.GROUPINGS)
        for district in (None, district_id)
    ]
    assert summary.as_of(asked[0][0]) == build.built_at and len(asked) >= 24
    read = [retention.retention(*question) for question in asked]
    FiguresBuild.objects.all().delete()
    assert [retention.retention(*question) for question in asked] == read
    assert any(figure.retained for figures in read for figure in figures)


def test_a_build_says_when_it_counted_and_a_rebuild_catches_up_with_a_change(build):
    before = equity.state(YEAR).teachers
    StaffAssignment.objects.filter(
        pk__in=equity.teaching(equity.snapshot_day(YEAR)).values("pk")[:5]
    ).delete()
    # Read from the build: the figure as it was, and the build's time beside it.
    assert summary.as_of(YEAR) == build.built_at
    assert equity.state(YEAR).teachers == before
    assert equity.counted(YEAR, None)[None].teachers < before

    rebuilt = services.figures_refresh()
    assert FiguresBuild.objects.get() == rebuilt
    assert summary.as_of(YEAR) == rebuilt.built_at > build.built_at
    assert _read(YEAR) == _recount(YEAR)


def test_a_build_too_old_is_not_read_and_the_figures_are_counted_live(build, settings):
    FiguresBuild.objects.update(
        built_at=timezone.now() - datetime.timedelta(seconds=settings.INSIGHTS_FIGURES_MAX_AGE + 60)
    )
    StaffAssignment.objects.filter(
        pk__in=equity.teaching(equity.snapshot_day(YEAR)).values("pk")[:5]
    ).delete()
    assert summary.as_of(YEAR) is None
    assert _read(YEAR) == _recount(YEAR)


def test_a_year_the_build_did_not_count_is_counted_live(build):
    assert summary.as_of("2030-31") is None
    assert equity.state("2030-31") == equity.counted("2030-31", None)[None]


def test_the_api_says_as_of_when_read_from_a_build(client, user_of, build):
    client.force_login(user_of("analyst@example.org"))
    answer = client.get("/api/insights/ratings", {"year": YEAR}).json()
    as_of = datetime.datetime.fromisoformat(answer["as_of"])
    assert abs(as_of - build.built_at) < datetime.timedelta(milliseconds=1)
    FiguresBuild.objects.all().delete()
    assert client.get("/api/insights/ratings", {"year": YEAR}).json()["as_of"] is None


def test_the_command_rebuilds_now_or_queues_the_rebuild():
    call_command("insights_refresh")
    assert FiguresBuild.objects.count() == 1
    queued = DBTaskResult.objects.count()
    call_command("insights_refresh", "--queue")
    assert DBTaskResult.objects.count() == queued + 1
    assert (
        DBTaskResult.objects.order_by("-enqueued_at").first().task_path.endswith("insights_refresh")
    )


def test_an_import_applied_queues_a_rebuild(django_capture_on_commit_callbacks):
    hr = RoleGrantFactory(district=DistrictFactory())
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)]))
    queued = DBTaskResult.objects.filter(task_path__endswith="insights_refresh").count()
    with django_capture_on_commit_callbacks(execute=True):
        assert applied(run, by=hr.user).status == ImportRun.Status.APPLIED
    assert DBTaskResult.objects.filter(task_path__endswith="insights_refresh").count() == queued + 1


def test_ratings_read_from_a_build_are_a_recount_per_school_on_factory_data():
    """Built by hand: a rating counts in the year its cycle ended (a two-year plan begun the
    year before too) and at the schools its educator held on the end date."""
    district = DistrictFactory()
    first, second = SchoolFactory(district=district), SchoolFactory(district=district)
    years = {
        name: SchoolYearFactory(district=district, name=name, start_date=start, end_date=end)
        for name, start, end in [
            ("2023-24", datetime.date(2023, 8, 30), datetime.date(2024, 6, 18)),
            ("2024-25", datetime.date(2024, 8, 29), datetime.date(2025, 6, 18)),
        ]
    }

    def rated(rating, schools, *, plan_years=1, moved=False):
        employment = EmploymentFactory(district=district)
        for n, school in enumerate(schools):
            if moved:  # left the first school in February for the second
                ends = datetime.date(2025, 1, 31) if n == 0 else None
                starts = datetime.date(2025, 2, 1) if n else datetime.date(2018, 8, 1)
                StaffAssignmentFactory(
                    employment=employment, school=school, start_date=starts, end_date=ends
                )
            else:
                StaffAssignmentFactory(employment=employment, school=school)
        begun = years["2023-24" if plan_years == 2 else "2024-25"]
        return EvaluationCycleFactory(
            employment=employment,
            school_year=begun,
            start_date=begun.start_date,
            end_date=years["2024-25"].end_date,
            plan_type=PlanType.SELF_DIRECTED if plan_years == 2 else PlanType.DEVELOPING,
            plan_years=plan_years,
            step=EvaluationCycle.Step.COMPLETE,
            overall_rating=rating,
        )

    rated("proficient", [first, second])  # at both schools
    rated("exemplary", [first], plan_years=2)  # begun in 2023-24, counts in 2024-25
    rated("needs_improvement", [first, second], moved=True)  # at the second on the end date
    EvaluationCycleFactory(employment=EmploymentFactory(district=district))  # under way

    build = services.figures_refresh()
    expected = {
        first.pk: Counter(proficient=1, exemplary=1),
        second.pk: Counter(proficient=1, needs_improvement=1),
        None: Counter(proficient=1, exemplary=1, needs_improvement=1),
    }
    for school_id, counts in expected.items():
        asked = figures.Filters("2024-25", district.pk, school_id)
        groups, as_of = figures.rating_groups(asked)
        assert as_of == build.built_at
        assert groups == figures.rating_groups_counted(asked)
        read = Counter()
        for group, n in groups.items():
            read[group.rating] += n
        assert read == counts, school_id
        population = figures.rating_population(asked)
        assert population == figures.rating_population_counted(asked)
        assert sum(population.values(), Counter()) == counts
    assert not figures.rating_groups_counted(figures.Filters("2023-24", district.pk))
