import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from lxml import etree

from tandem.evaluation.models import EvaluationCycle, StandardRating, SummativeEvaluation
from tandem.evaluation.tests.factories import EvaluationCycleFactory, SummativeEvaluationFactory
from tandem.interop import services
from tandem.interop.tests.conformance import NS, problems
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)
from tandem.records.models import AccessLogEntry
from tandem.rubrics.tests.factories import published_framework_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_world():
    """A factory district: one school, two teachers (one not yet given a state identifier),
    and one signed summative rated on two standards."""
    version = published_framework_version(standards=2)
    assignment = StaffAssignmentFactory(employment__has_pts=True)
    district = assignment.employment.district
    StaffAssignmentFactory(
        employment__district=district,
        employment__person__state_id=None,
        school=assignment.school,
    )
    cycle = EvaluationCycleFactory(
        employment=assignment.employment,
        framework_version=version,
        step=EvaluationCycle.Step.COMPLETE,
    )
    summative = SummativeEvaluationFactory(
        cycle=cycle,
        overall_rating="proficient",
        status=SummativeEvaluation.Status.LOCKED,
        shared_at=datetime.datetime(2027, 5, 20, 14, 30, tzinfo=datetime.UTC),
    )
    for standard, level in zip(
        version.standards.order_by("position"), ["exemplary", "proficient"], strict=True
    ):
        StandardRating.objects.create(summative=summative, standard=standard, level=level)
    hr = RoleGrantFactory(district=district).user
    return {"district": district, "summative": summative, "hr": hr, "school": assignment.school}


def _export(tmp_path, district, reader):
    result = services.edfi_export_write(
        district=district, folder=tmp_path, reader=reader, path="/test"
    )
    return result


def test_a_district_export_conforms_to_the_official_schemas(tmp_path, district_world):
    result = _export(tmp_path, district_world["district"], district_world["hr"])
    assert problems(tmp_path) == []
    counts = result["counts"]
    assert counts["LocalEducationAgency"] == 1 and counts["School"] == 1
    assert counts["Staff"] == 1  # the teacher without a state identifier is left out
    assert counts["PerformanceEvaluationRating"] == 1
    assert counts["EvaluationObjectiveRating"] == 2
    assert counts["EvaluationElement"] == 2 and counts["RubricDimension"] == 8
    assert result["left_out"] == {"employments": 1}
    assert "EvaluationElementRating" not in counts  # Tandem rates standards, not elements


def test_the_district_is_keyed_by_its_organization_code_and_the_teacher_by_her_state_id(
    tmp_path, district_world
):
    _export(tmp_path, district_world["district"], district_world["hr"])
    orgs = etree.parse(str(tmp_path / "EducationOrganization.xml"))
    assert orgs.findtext(f"{NS}LocalEducationAgency/{NS}LocalEducationAgencyId") == str(
        int(district_world["district"].org_code)
    )
    staff = etree.parse(str(tmp_path / "StaffAssociation.xml"))
    person = district_world["summative"].cycle.person
    assert staff.findtext(f"{NS}Staff/{NS}StaffUniqueId") == person.state_id
    assert staff.findtext(
        f"{NS}StaffEducationOrganizationEmploymentAssociation/{NS}EmploymentStatus"
    ) == ("uri://ed-fi.org/EmploymentStatusDescriptor#Tenured or permanent")


def test_the_ratings_go_out_as_tandems_own_descriptors_exported_with_them(
    tmp_path, district_world, settings
):
    settings.EDFI_DESCRIPTOR_NAMESPACE = "uri://doe.example.gov"
    _export(tmp_path, district_world["district"], district_world["hr"])
    (rating,) = json.loads((tmp_path / "json" / "performanceEvaluationRatings.json").read_text())
    assert rating["performanceEvaluationRatingLevelDescriptor"] == (
        "uri://doe.example.gov/PerformanceEvaluationRatingLevelDescriptor#Proficient"
    )
    assert (
        rating["personReference"]["personId"] == district_world["summative"].cycle.person.state_id
    )
    objectives = json.loads((tmp_path / "json" / "evaluationObjectiveRatings.json").read_text())
    assert [o["objectiveRatingLevelDescriptor"].split("#")[1] for o in objectives] == [
        "Exemplary",
        "Proficient",
    ]
    descriptors = etree.parse(str(tmp_path / "Descriptors.xml"))
    codes = {
        (node.findtext(f"{NS}Namespace"), node.findtext(f"{NS}CodeValue"))
        for node in descriptors.getroot()
    }
    assert (
        "uri://doe.example.gov/PerformanceEvaluationRatingLevelDescriptor",
        "Proficient",
    ) in codes
    assert (
        "uri://doe.example.gov/PerformanceEvaluationTypeDescriptor",
        "Developing Educator Plan",
    ) in codes


def test_every_summative_exported_is_in_the_access_log_as_read_by_the_exporter(
    tmp_path, district_world
):
    summative, hr = district_world["summative"], district_world["hr"]
    _export(tmp_path, district_world["district"], hr)
    entry = AccessLogEntry.objects.get(user=hr, object_id=summative.pk)
    assert entry.channel == AccessLogEntry.Channel.EXPORT
    assert entry.subject_id == summative.cycle.person_id


def test_a_draft_summative_is_not_exported(tmp_path, district_world):
    draft = EvaluationCycleFactory(
        employment=EmploymentFactory(district=district_world["district"]),
        step=EvaluationCycle.Step.SUMMATIVE,
    )
    SummativeEvaluationFactory(cycle=draft, overall_rating="exemplary")
    result = _export(tmp_path, district_world["district"], district_world["hr"])
    assert result["counts"]["PerformanceEvaluationRating"] == 1


@pytest.mark.parametrize("who", ["teacher", "principal", "other_hr", "analyst"])
def test_who_may_not_read_the_districts_records_may_not_export_them(tmp_path, district_world, who):
    school = district_world["school"]
    district = district_world["district"]
    user = {
        "teacher": lambda: (
            EmploymentFactory(district=district, person=PersonFactory(signs_in=True)).person.user
        ),
        "principal": lambda: (
            RoleGrantFactory(role=RoleGrant.Role.PRINCIPAL, district=None, school=school).user
        ),
        "other_hr": lambda: RoleGrantFactory().user,
        "analyst": lambda: RoleGrantFactory(role=RoleGrant.Role.STATE_ANALYST, district=None).user,
    }[who]()
    with pytest.raises(PermissionDenied):
        _export(tmp_path, district, user)
    assert not list(tmp_path.iterdir())
    assert not AccessLogEntry.objects.filter(user=user).exists()


def test_only_the_state_administrator_exports_the_state(tmp_path, district_world, user_of):
    with pytest.raises(PermissionDenied):
        _export(tmp_path, None, district_world["hr"])
    result = _export(tmp_path, None, user_of("state.admin@example.org"))
    assert result["counts"]["LocalEducationAgency"] >= 4  # the demo's three and the factory's
