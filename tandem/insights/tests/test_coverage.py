"""Out-of-field: which assignments a license covers, by field, grades and dates."""

import datetime

import pytest

from tandem.licensure.coverage import grade_span, with_coverage
from tandem.licensure.tests.factories import LicenseFactory
from tandem.people.models import StaffAssignment
from tandem.people.tests.factories import StaffAssignmentFactory

DAY = datetime.date(2025, 10, 1)


@pytest.mark.parametrize(
    "text,span",
    [
        ("5-8", (5, 8)),
        ("PreK-2", (-1, 2)),
        ("K", (0, 0)),
        ("k-5", (0, 5)),
        ("7", (7, 7)),
        ("All", (-1, 12)),
        ("", (-1, 12)),
        ("8-5", None),
        ("grades 5 to 8", None),
        ("13", None),
    ],
)
def test_grade_spans_are_read_as_the_state_writes_them(text, span):
    assert grade_span(text) == span


@pytest.mark.django_db
def test_an_assignment_is_covered_by_a_license_of_its_field_and_grades_in_force():
    def teaching(subject, grade, **license):
        assignment = StaffAssignmentFactory(subject=subject, grade_level=grade)
        if license:
            LicenseFactory(
                person=assignment.employment.person,
                issued_on=license.pop("issued_on", datetime.date(2020, 7, 1)),
                expires_on=license.pop("expires_on", None),
                **license,
            )
        return assignment

    covered = {
        teaching("Mathematics", "6", field="Mathematics", grade_levels="5-8").pk: True,
        teaching("mathematics", "6", field="MATHEMATICS", grade_levels="5-8").pk: True,
        teaching("Mathematics", "4", field="Mathematics", grade_levels="5-8").pk: False,
        teaching("Mathematics", "6", field="English", grade_levels="5-8").pk: False,
        teaching("Mathematics", "5-8", field="Mathematics", grade_levels="5-8").pk: True,
        teaching("Mathematics", "4-6", field="Mathematics", grade_levels="5-8").pk: False,
        teaching("Art", "K", field="Art", grade_levels="All").pk: True,
        teaching("Art", "", field="Art", grade_levels="8-12").pk: True,
        teaching("", "3", field="Elementary", grade_levels="1-6").pk: True,
        teaching("Music", "3", field="Music", grade_levels="PreK-8 (typo").pk: False,
        teaching("Music", "grade three", field="Music", grade_levels="All").pk: False,
        teaching(
            "Mathematics",
            "6",
            field="Mathematics",
            grade_levels="5-8",
            expires_on=datetime.date(2025, 6, 30),
        ).pk: False,
        teaching(
            "Mathematics",
            "6",
            field="Mathematics",
            grade_levels="5-8",
            issued_on=datetime.date(2025, 11, 1),
        ).pk: False,
        teaching(
            "Mathematics", "6", field="Mathematics", grade_levels="5-8", role="administrator"
        ).pk: False,
        teaching("Mathematics", "6").pk: False,
    }
    found = dict(
        with_coverage(StaffAssignment.objects.filter(pk__in=covered), DAY).values_list(
            "pk", "covered"
        )
    )
    assert found == covered
