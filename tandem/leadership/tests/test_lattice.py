"""Where an educator stands on the district's lattice, from the records of evaluation,
employment, licensure and learning; awarding the next level; who sees it, and the log."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tandem.errors import DomainError
from tandem.evaluation.tests.factories import EvaluationCycleFactory
from tandem.leadership.models import LatticeLevel
from tandem.leadership.selectors import eligible_for_next, position_of
from tandem.leadership.services import level_award, level_save
from tandem.leadership.tests.factories import LatticeLevelFactory
from tandem.licensure.models import License, PointsEntry
from tandem.licensure.tests.factories import LicenseFactory, PointsEntryFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


def _signed(employment, rating):
    return EvaluationCycleFactory(employment=employment, overall_rating=rating, step="complete")


@pytest.fixture
def lattice():
    """A district's two levels: Teacher (asks nothing) and Mentor (Proficient, five years,
    thirty points, a Professional license)."""
    teacher = LatticeLevelFactory(rank=1, title="Teacher")
    mentor = LatticeLevelFactory(
        district=teacher.district,
        rank=2,
        title="Mentor",
        minimum_rating="proficient",
        minimum_years=5,
        minimum_points=Decimal("30"),
        license_stage=License.Stage.PROFESSIONAL,
    )
    return teacher, mentor


def test_each_criterion_is_met_or_not_with_the_record_that_decides_it(lattice):
    teacher, mentor = lattice
    employment = EmploymentFactory(district=teacher.district, start_date=datetime.date(2023, 8, 28))
    _signed(employment, "needs_improvement")
    LicenseFactory(person=employment.person, stage=License.Stage.INITIAL, expires_on=None)
    PointsEntryFactory(person=employment.person, points=Decimal(40))
    PointsEntryFactory(
        person=employment.person, points=Decimal(500), status=PointsEntry.Status.DECLINED
    )
    award = level_award(
        employment=employment,
        level=teacher,
        by=RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR, district=teacher.district).user,
    )
    assert award.awarded_on == TODAY

    position = position_of(employment, day=TODAY)
    assert position.held == teacher and position.next == mentor
    assert [(c.met, c.reason) for c in position.checks] == [
        (False, "The last signed summative (2026-27) rated Needs Improvement."),
        (False, "3 whole years on the employment records."),
        (True, "40 points approved in the ledger."),
        (False, "Licenses in force: Initial."),
    ]
    assert not position.eligible


def test_an_educator_who_meets_everything_is_eligible_and_is_awarded(lattice):
    teacher, mentor = lattice
    hr = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR, district=teacher.district).user
    employment = EmploymentFactory(district=teacher.district)  # hired 2018: eight years
    _signed(employment, "exemplary")
    LicenseFactory(person=employment.person, stage=License.Stage.PROFESSIONAL, expires_on=None)
    PointsEntryFactory(person=employment.person, points=Decimal(30))
    level_award(employment=employment, level=teacher, by=hr)

    assert [p.employment for p in eligible_for_next(teacher.district_id, day=TODAY)] == [employment]
    level_award(employment=employment, level=mentor, by=hr)
    position = position_of(employment, day=TODAY)
    assert position.held == mentor and position.next is None
    assert eligible_for_next(teacher.district_id, day=TODAY) == []


def test_a_level_not_next_or_not_met_is_refused_and_nothing_is_saved(lattice):
    teacher, mentor = lattice
    hr = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR, district=teacher.district).user
    employment = EmploymentFactory(district=teacher.district)
    with pytest.raises(DomainError, match="is not this educator's next level"):
        level_award(employment=employment, level=mentor, by=hr)
    level_award(employment=employment, level=teacher, by=hr)
    with pytest.raises(DomainError, match="Not yet eligible"):
        level_award(employment=employment, level=mentor, by=hr)
    assert employment.lattice_awards.count() == 1
    other_hr = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR).user
    with pytest.raises(PermissionDenied):
        level_award(
            employment=EmploymentFactory(district=teacher.district), level=teacher, by=other_hr
        )


def test_the_eligible_list_narrows_to_a_school_and_a_next_level(lattice):
    teacher, _mentor = lattice
    at_school = StaffAssignmentFactory(employment__district=teacher.district)
    elsewhere = EmploymentFactory(district=teacher.district)
    assert {p.employment for p in eligible_for_next(teacher.district_id, day=TODAY)} >= {
        at_school.employment,
        elsewhere,
    }
    narrowed = eligible_for_next(teacher.district_id, day=TODAY, school=at_school.school)
    assert [p.employment for p in narrowed] == [at_school.employment]
    assert eligible_for_next(teacher.district_id, day=TODAY, level=_mentor) == []


def test_a_rank_taken_is_refused_and_only_the_districts_hr_edits(lattice):
    teacher, _ = lattice
    hr = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR, district=teacher.district).user
    with pytest.raises(DomainError, match="Level 2 already exists"):
        level_save(district_id=teacher.district_id, by=hr, rank=2, title="Coach")
    level = level_save(
        district_id=teacher.district_id, by=hr, rank=3, title="Coach", minimum_years=8
    )
    assert level.minimum_years == 8 and level.minimum_rating == ""
    with pytest.raises(PermissionDenied):
        level_save(
            district_id=teacher.district_id,
            by=PersonFactory(signs_in=True).user,
            rank=4,
            title="Lead",
        )
    assert LatticeLevel.objects.filter(district=teacher.district).count() == 3


def test_the_position_page_is_the_educators_their_evaluators_and_hrs(client, lattice):
    teacher, _mentor = lattice
    employment = EmploymentFactory(district=teacher.district, person__signs_in=True)
    cycle = _signed(employment, "proficient")
    evaluator = cycle.primary_evaluator.user  # the cycle's evaluator, assigned for the year
    hr = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR, district=teacher.district).user
    level_award(employment=employment, level=teacher, by=hr)  # next: Mentor, which asks a rating
    url = reverse("leadership:position", args=[employment.pk])
    readers = [employment.person.user, evaluator, hr]
    for user in readers:
        client.force_login(user)
        assert client.get(url).status_code == 200
    for user in [
        EmploymentFactory(district=teacher.district, person__signs_in=True).person.user,
        RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR).user,
    ]:
        client.force_login(user)
        assert client.get(url).status_code == 404
    logged = AccessLogEntry.objects.filter(object_id=cycle.pk, subject=employment.person)
    assert set(logged.values_list("user", flat=True)) == {evaluator.pk, hr.pk}


def test_my_position_shows_the_next_levels_checks(client, lattice):
    teacher, _ = lattice
    employment = EmploymentFactory(district=teacher.district, person__signs_in=True)
    client.force_login(employment.person.user)
    page = client.get(reverse("leadership:my_position")).content.decode()
    assert "Next: 1. Teacher" in page


def test_hr_awards_from_the_page_and_a_teacher_cannot(client, lattice):
    teacher, _ = lattice
    employment = EmploymentFactory(district=teacher.district, person__signs_in=True)
    url = reverse("leadership:level_award", args=[employment.pk])
    client.force_login(employment.person.user)
    assert client.post(url, {"level": teacher.pk}).status_code == 404
    client.force_login(
        RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR, district=teacher.district).user
    )
    client.post(url, {"level": teacher.pk})
    assert employment.lattice_awards.get().level == teacher
