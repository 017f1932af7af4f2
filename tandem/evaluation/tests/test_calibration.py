"""Evaluator calibration: the flag on a built biased evaluator and not on a fair one, the
co-observers' agreement by hand, and who may open the pages."""

import datetime
import math
from collections import Counter

import pytest
from django.utils import timezone

from tandem.bargaining.tests.factories import BaselineSettingsFactory
from tandem.evaluation import calibration
from tandem.evaluation.models import CoObservation, EvaluationCycle, ObservationElementRating
from tandem.evaluation.tests.factories import EvaluationCycleFactory, ObservationFactory
from tandem.organizations.tests.factories import (
    DistrictFactory,
    SchoolFactory,
    SchoolYearFactory,
)
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)
from tandem.rubrics.tests.factories import published_framework_version

pytestmark = pytest.mark.django_db

YEAR = "2025-26"
E, P, N, U = "exemplary", "proficient", "needs_improvement", "unsatisfactory"


def _rate(district, year, evaluator, school, counts, rubric):
    settings = BaselineSettingsFactory(district=district)
    for level, n in counts.items():
        for _ in range(n):
            employment = EmploymentFactory(district=district)
            StaffAssignmentFactory(employment=employment, school=school)
            EvaluationCycleFactory(
                employment=employment,
                school_year=year,
                framework_version=rubric,
                settings_version=settings,
                primary_evaluator=evaluator,
                step=EvaluationCycle.Step.COMPLETE,
                overall_rating=level,
                evaluator_assignment=False,
            )


@pytest.fixture
def population():
    """A district of five evaluators, ratings hand-built: two rate 50 each as the district
    does (E 20, P 60, NI 15, U 5 together); a fair one rates 30 in those shares; a biased one
    gives 20 Exemplary and 10 Proficient of 30; a new one has rated 5."""
    district = DistrictFactory()
    year = SchoolYearFactory(
        district=district,
        name=YEAR,
        start_date=datetime.date(2025, 8, 27),
        end_date=datetime.date(2026, 6, 17),
    )
    rubric = published_framework_version()
    school, lenient_school = SchoolFactory(district=district), SchoolFactory(district=district)
    people = {
        name: PersonFactory(last_name=name) for name in ("Ames", "Brook", "Fair", "Lax", "New")
    }
    _rate(district, year, people["Ames"], school, {E: 10, P: 30, N: 8, U: 2}, rubric)
    _rate(district, year, people["Brook"], school, {E: 10, P: 30, N: 7, U: 3}, rubric)
    _rate(district, year, people["Fair"], school, {E: 6, P: 18, N: 5, U: 1}, rubric)
    _rate(district, year, people["Lax"], lenient_school, {E: 20, P: 10}, rubric)
    _rate(district, year, people["New"], school, {P: 5}, rubric)
    return district, people, school, lenient_school


def _rows(district):
    figures = calibration.district_calibration(district_id=district.pk, year_name=YEAR)
    return figures, {row.evaluator.last_name: row for row in figures.evaluators}


def test_the_biased_evaluator_is_flagged_and_the_fair_one_is_not(population):
    district, _people, school, lenient_school = population
    figures, rows = _rows(district)
    assert figures.district.total == 165
    lax = rows["Lax"]
    # Reference: everyone else, E 26, P 83, NI 20, U 6 of 135. Lax's 30 expect E 5.78,
    # P 18.44, NI 4.44, U 1.33: U joins NI (5.78), so three bins observe 0, 10, 20.
    expected = [30 * 26 / 135, 30 * 83 / 135, 30 * 26 / 135]
    statistic = sum(
        (o - e) ** 2 / e
        for o, e in zip([0, 10, 20], [expected[2], expected[1], expected[0]], strict=True)
    )
    assert lax.test.fit.degrees_of_freedom == 2
    assert lax.test.fit.statistic == pytest.approx(statistic)
    assert lax.test.fit.p_value == pytest.approx(math.exp(-statistic / 2))
    assert lax.test.flagged
    assert "below the threshold of 0.01" in lax.test.explanation()
    assert "Unsatisfactory + Needs Improvement" in lax.test.explanation()
    assert lax.school == lenient_school and lax.school_distribution.total == 30
    fair = rows["Fair"]
    assert fair.test.made and not fair.test.flagged
    assert fair.test.fit.p_value > 0.01
    assert "not below the threshold" in fair.test.explanation()
    assert fair.school == school and fair.school_distribution.total == 135
    new = rows["New"]
    assert not new.test.made and not new.test.flagged
    assert "fewer than the 10" in new.test.explanation()


def test_the_threshold_and_the_minimum_are_settings(population, settings):
    district, *_ = population
    settings.CALIBRATION_P_THRESHOLD = 1e-12
    _figures, rows = _rows(district)
    assert rows["Lax"].test.made and not rows["Lax"].test.flagged
    settings.CALIBRATION_MINIMUM_RATINGS = 40
    _figures, rows = _rows(district)
    assert not rows["Lax"].test.made and "fewer than the 40" in rows["Lax"].test.explanation()
    assert rows["Ames"].test.made


def test_state_readers_see_evaluators_through_suppression(client, population):
    district, *_ = population
    analyst = RoleGrantFactory(role=RoleGrant.Role.STATE_ANALYST, district=None).user
    client.force_login(analyst)
    response = client.get(f"/districts/{district.pk}/calibration/?year={YEAR}")
    assert response.status_code == 200 and not response.context["whole"]
    rows = {row.evaluator.last_name: row for row in response.context["figures"].evaluators}
    # New (5, all alike) is hidden, and another row with it, so the district's total less
    # the rows shown does not give New's back; a hidden row shows no flag.
    assert rows["New"].hidden and sum(row.hidden for row in rows.values()) >= 2
    page = response.content.decode()
    flagged_shown = sum(row.test.flagged and not row.hidden for row in rows.values())
    assert page.count("Flag: differs") == flagged_shown and "Suppressed (small group)" in page
    assert response.context["pairs"] is None
    state = client.get(f"/calibration/?year={YEAR}")
    assert state.status_code == 200
    assert f"/districts/{district.pk}/calibration/" in state.content.decode()


def test_hr_sees_every_evaluator_and_the_flag(client, population):
    district, *_ = population
    hr = RoleGrantFactory(district=district).user
    client.force_login(hr)
    response = client.get(f"/districts/{district.pk}/calibration/?year={YEAR}")
    assert response.context["whole"]
    assert not any(row.hidden for row in response.context["figures"].evaluators)
    assert response.content.decode().count("Flag: differs") == 1


def test_who_may_not_open_the_calibration_pages(client, user_of):
    teacher = user_of("teacher@example.org")
    district = teacher.person.employments.get().district
    principal = RoleGrant.objects.filter(role="principal").first().user
    other_admin = (
        RoleGrant.objects.filter(role__in=["district_admin", "district_hr"])
        .exclude(district=district)
        .first()
        .user
    )
    union = RoleGrant.objects.filter(role="union_leader", district=district).first().user
    for user in (teacher, principal, other_admin, union):
        client.force_login(user)
        assert client.get(f"/districts/{district.pk}/calibration/").status_code == 404
        assert client.get("/calibration/").status_code == 403


def test_the_district_progress_page_links_to_calibration_for_those_who_may_open_it(client, user_of):
    hr = user_of("hr@example.org")
    district = RoleGrant.objects.filter(user=hr).exclude(district=None).first().district
    client.force_login(hr)
    assert (
        f"/districts/{district.pk}/calibration/"
        in client.get(f"/districts/{district.pk}/evaluations/").content.decode()
    )
    assert client.get(f"/districts/{district.pk}/calibration/").status_code == 200
    union = RoleGrant.objects.filter(role="union_leader", district=district).first().user
    client.force_login(union)
    assert (
        "/calibration/" not in client.get(f"/districts/{district.pk}/evaluations/").content.decode()
    )


def _co_rated(cycle, observer, co_observer, pairs_of_levels, *, both_saved=True):
    observation = ObservationFactory(
        cycle=cycle, observer=observer, created_by=cycle.primary_evaluator.user
    )
    elements = list(
        cycle.framework_version.standards.values_list("indicators__elements", flat=True)
    )
    now = timezone.now()
    CoObservation.objects.create(
        observation=observation,
        co_observer=co_observer,
        invited_by=cycle.primary_evaluator.user,
        observer_saved_at=now,
        co_observer_saved_at=now if both_saved else None,
    )
    for element_id, (first, second) in zip(elements, pairs_of_levels, strict=False):
        ObservationElementRating.objects.create(
            observation=observation, observer=observer, element_id=element_id, level=first
        )
        ObservationElementRating.objects.create(
            observation=observation, observer=co_observer, element_id=element_id, level=second
        )


def test_agreement_per_pair_and_per_district_by_hand():
    cycle = EvaluationCycleFactory(
        step=EvaluationCycle.Step.IMPLEMENTATION,
        framework_version=published_framework_version(standards=4),
    )
    a = cycle.primary_evaluator
    b, c = PersonFactory(), PersonFactory()
    # A and B: same, one apart, two apart, same: 2 of 4 exact, 3 of 4 within one.
    _co_rated(cycle, a, b, [(3, 3), (3, 2), (4, 2), (1, 1)])
    # C observed, A co-observed: one apart.
    _co_rated(cycle, c, a, [(2, 3)])
    # Not counted: B has not saved yet.
    _co_rated(cycle, a, b, [(4, 1)], both_saved=False)
    pairs, districts = calibration.agreement(year_name="2026-27", district_id=cycle.district_id)
    ab = pairs[tuple(sorted((a.pk, b.pk)))]
    assert (ab.ratings, ab.exact, ab.within_one) == (4, 2, 3)
    assert (ab.exact_share, ab.within_one_share) == (50.0, 75.0)
    ac = pairs[tuple(sorted((a.pk, c.pk)))]
    assert (ac.ratings, ac.exact, ac.within_one) == (1, 0, 1)
    whole = districts[cycle.district_id]
    assert (whole.ratings, whole.exact, whole.within_one) == (5, 2, 4)
    assert whole.exact_share == 40.0 and whole.within_one_share == 80.0


def test_a_lone_hidden_district_hides_the_next_smallest_too():
    def d(**counts):
        return calibration.Distribution(Counter(counts))

    distributions = {
        1: d(exemplary=10, proficient=50, needs_improvement=5, unsatisfactory=3),
        2: d(exemplary=8, proficient=30, needs_improvement=4, unsatisfactory=2),
        3: d(proficient=3, exemplary=1),
        4: d(exemplary=5, proficient=40, needs_improvement=6, unsatisfactory=2),
    }
    assert calibration.districts_hidden(distributions) == {3, 2}
    # 3 and 5 together (12 proficient, 1 exemplary: one differs) would give the exemplary
    # one away as the state less the districts shown, so the next smallest goes too.
    distributions[5] = d(proficient=9)
    assert calibration.districts_hidden(distributions) == {2, 3, 5}
