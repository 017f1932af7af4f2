"""Eligibility read from Tandem's own records: each rule met or not, with its reason."""

import datetime
from decimal import Decimal

import pytest

from tandem.licensure.tests.factories import LicenseFactory
from tandem.people.models import StaffAssignment
from tandem.people.tests.factories import EmploymentFactory, StaffAssignmentFactory
from tandem.recognition.models import EligibilityRule
from tandem.recognition.selectors import eligibility
from tandem.recognition.tests.factories import TODAY, ProgramFactory

pytestmark = pytest.mark.django_db
Kind = EligibilityRule.Kind


def _verdicts(person, program):
    return {v.rule.kind: v for v in eligibility(person.pk, program, TODAY)}


def _licensed_teacher(**assignment):
    """A full-time grade-four math teacher since 2018, licensed for it."""
    employment = EmploymentFactory()
    StaffAssignmentFactory(employment=employment, **assignment)
    LicenseFactory(
        person=employment.person,
        grade_levels="1-6",
        issued_on=datetime.date(2020, 7, 1),
        expires_on=datetime.date(2030, 6, 30),
    )
    return employment


def test_a_licensed_full_time_classroom_teacher_of_eight_years_meets_every_rule():
    employment = _licensed_teacher()
    verdicts = _verdicts(employment.person, ProgramFactory(rules=True))
    assert {k: v.met for k, v in verdicts.items()} == {
        Kind.YEARS: True,
        Kind.LICENSED: True,
        Kind.FULL_TIME: True,
        Kind.DIRECT_INSTRUCTION: True,
    }
    assert verdicts[Kind.YEARS].reason.startswith("8 whole years of teaching")
    assert "Mathematics grade 4" in verdicts[Kind.LICENSED].reason


def test_each_unmet_rule_says_why():
    employment = EmploymentFactory(start_date=datetime.date(2024, 8, 26))
    StaffAssignmentFactory(employment=employment, fte="0.40", subject="Chemistry")
    StaffAssignmentFactory(
        employment=employment,
        fte="0.50",
        position=StaffAssignment.Position.COUNSELOR,
        subject="",
        grade_level="",
    )
    verdicts = _verdicts(employment.person, ProgramFactory(rules=True))
    assert not any(v.met for v in verdicts.values())
    assert "2 whole years" in verdicts[Kind.YEARS].reason
    assert "asks 4" in verdicts[Kind.YEARS].reason
    assert "Chemistry grade 4" in verdicts[Kind.LICENSED].reason
    assert "0.9 FTE" in verdicts[Kind.FULL_TIME].reason
    assert "0.4 of 0.9 FTE" in verdicts[Kind.DIRECT_INSTRUCTION].reason


def test_an_expired_license_covers_nothing():
    employment = EmploymentFactory()
    StaffAssignmentFactory(employment=employment)
    LicenseFactory(person=employment.person, grade_levels="1-6")  # expired 2024
    assert not _verdicts(employment.person, ProgramFactory(rules=True))[Kind.LICENSED].met


def test_years_count_each_day_once_across_districts_and_include_ended_employments():
    first = EmploymentFactory(
        start_date=datetime.date(2015, 9, 1), end_date=datetime.date(2019, 6, 30)
    )
    # Overlapping a year with the first: 2018-07-01 onward counts once.
    EmploymentFactory(person=first.person, start_date=datetime.date(2018, 7, 1))
    verdict = _verdicts(first.person, ProgramFactory(rules=True))[Kind.YEARS]
    assert verdict.met
    assert verdict.reason.startswith("11 whole years")


def test_role_group_rule_and_no_employment():
    program = ProgramFactory()
    EligibilityRule.objects.create(program=program, kind=Kind.ROLE_GROUP, role_group="sisp")
    employment = _licensed_teacher()
    verdict = _verdicts(employment.person, program)[Kind.ROLE_GROUP]
    assert not verdict.met
    assert "Employed as Teacher" in verdict.reason
    former = EmploymentFactory(end_date=datetime.date(2025, 6, 30))
    verdict = _verdicts(former.person, program)[Kind.ROLE_GROUP]
    assert (verdict.met, verdict.reason) == (False, "No district employs this educator today.")


def test_full_time_threshold_is_data():
    program = ProgramFactory()
    EligibilityRule.objects.create(program=program, kind=Kind.FULL_TIME, threshold=Decimal("0.8"))
    employment = EmploymentFactory()
    StaffAssignmentFactory(employment=employment, fte="0.80")
    assert _verdicts(employment.person, program)[Kind.FULL_TIME].met
