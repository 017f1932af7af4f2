import pytest

from tandem.interop import descriptors as d
from tandem.interop.tests.conformance import core_codes
from tandem.people.models import StaffAssignment


@pytest.mark.parametrize(
    "name, values",
    [
        ("StaffClassificationDescriptor", d.STAFF_CLASSIFICATION.values()),
        ("AcademicSubjectDescriptor", [*d.ACADEMIC_SUBJECT.values(), "Other"]),
        ("ProgramAssignmentDescriptor", [*d.PROGRAM_OF_SUBJECT.values(), "Regular Education"]),
        ("GradeLevelDescriptor", [*d.GRADES, d.PRE_K, "Ungraded"]),
    ],
)
def test_every_core_value_tandem_maps_to_is_a_data_standard_value(name, values):
    assert set(values) <= core_codes(name)


def test_every_position_has_a_staff_classification():
    assert set(d.STAFF_CLASSIFICATION) == set(StaffAssignment.Position)


@pytest.mark.parametrize(
    "text, first, count",
    [
        ("K-5", "Kindergarten", 6),
        ("9-12", "Ninth grade", 4),
        ("4", "Fourth grade", 1),
        ("PK-K", "Prekindergarten", 2),
    ],
)
def test_grades_and_spans_become_grade_levels(text, first, count):
    levels = d.grade_levels(text)
    assert levels[0] == f"uri://ed-fi.org/GradeLevelDescriptor#{first}"
    assert len(levels) == count


@pytest.mark.parametrize("text", ["", "upper grades", "13"])
def test_a_grade_tandem_cannot_read_gives_no_grade_level(text):
    assert d.grade_levels(text) == []


def test_a_subject_a_district_typed_goes_to_other_and_special_education_is_a_program():
    assert d.academic_subject("Robotics").endswith("#Other")
    assert d.academic_subject("Special Education") is None
    assert d.program_assignment(position="classroom_teacher", subject="Special Education").endswith(
        "#Special Education"
    )


def test_every_rating_plan_type_and_status_has_a_code_value():
    from tandem.evaluation.models import SummativeEvaluation
    from tandem.organizations.vocabulary import PlanType
    from tandem.rubrics.models import PerformanceLevel

    assert set(d.RATING_CODES) == set(PerformanceLevel)
    assert set(d.PLAN_TYPE_CODES) == set(PlanType)
    signed = {SummativeEvaluation.Status.SIGNED_BY_EVALUATOR, SummativeEvaluation.Status.LOCKED}
    assert set(d.STATUS_CODES) == signed


def test_code_values_stay_english_whatever_the_language():
    from django.utils import translation

    with translation.override("es"):
        assert d.plan_type("improvement").endswith("#Improvement Plan")
