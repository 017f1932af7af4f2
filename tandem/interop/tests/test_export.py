import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from lxml import etree

from tandem.evaluation.models import EvaluationCycle, StandardRating, SummativeEvaluation
from tandem.evaluation.tests.factories import EvaluationCycleFactory, SummativeEvaluationFactory
from tandem.interop import services
from tandem.interop.tests.conformance import NS, problems
from tandem.licensure.tests.factories import LicenseFactory
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
    LicenseFactory(person=assignment.employment.person, license_number="412345", grade_levels="5-8")
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


def test_a_license_goes_out_as_a_credential_the_staff_refers_to(tmp_path, district_world):
    result = _export(tmp_path, district_world["district"], district_world["hr"])
    assert result["counts"]["Credential"] == 1
    staff = etree.parse(str(tmp_path / "StaffAssociation.xml"))
    credential = staff.find(f"{NS}Credential")
    assert credential.findtext(f"{NS}CredentialIdentifier") == "412345"
    assert credential.findtext(f"{NS}CredentialField").endswith("#Mathematics")
    assert len(credential.findall(f"{NS}GradeLevel")) == 4
    reference = staff.find(f"{NS}Staff/{NS}CredentialReference/{NS}CredentialIdentity")
    assert reference.findtext(f"{NS}CredentialIdentifier") == "412345"


def _signed(employment, version, level="proficient"):
    cycle = EvaluationCycleFactory(
        employment=employment, framework_version=version, step=EvaluationCycle.Step.COMPLETE
    )
    return SummativeEvaluationFactory(
        cycle=cycle, overall_rating=level, status=SummativeEvaluation.Status.LOCKED
    )


def _under(tmp_path, resource: str, title: str) -> list[dict]:
    """The resource's documents whose evaluation is ``title``."""

    def titles(document: dict):
        yield document.get("evaluationTitle")
        for value in document.values():
            if isinstance(value, dict):
                yield from titles(value)

    documents = json.loads((tmp_path / "json" / f"{resource}.json").read_text())
    return [d for d in documents if title in titles(d)]


def test_ratings_on_the_states_rubric_go_under_the_state_agency_and_its_definitions_once(
    tmp_path, district_world, user_of
):
    """Two districts rating on the state's model rubric in one school year and plan type
    share one performance evaluation, keyed by the state agency: the rubric is defined once,
    not once a district."""
    version = district_world["summative"].cycle.framework_version
    other = _signed(EmploymentFactory(), version)
    assert other.cycle.district != district_world["district"]
    _export(tmp_path, None, user_of("state.admin@example.org"))
    assert problems(tmp_path) == []
    title = f"{version.framework.name}, version {version.number}"
    (evaluation,) = _under(tmp_path, "evaluations", title)
    state_id = int(district_world["district"].state.code)
    assert evaluation["performanceEvaluationReference"]["educationOrganizationId"] == state_id
    assert len(_under(tmp_path, "evaluationElements", title)) == 2  # two standards, one each
    ratings = _under(tmp_path, "evaluationRatings", title)
    people = {r["performanceEvaluationRatingReference"]["personId"] for r in ratings}
    assert people == {
        district_world["summative"].cycle.person.state_id,
        other.cycle.person.state_id,
    }
    assert {
        r["performanceEvaluationRatingReference"]["educationOrganizationId"] for r in ratings
    } == {state_id}


def test_ratings_on_a_districts_own_rubric_stay_under_the_district(tmp_path, district_world):
    district = district_world["district"]
    own = published_framework_version(standards=1, framework__district=district)
    _signed(EmploymentFactory(district=district), own, level="exemplary")
    result = _export(tmp_path, district, district_world["hr"])
    assert problems(tmp_path) == []
    assert result["counts"]["PerformanceEvaluation"] == 2  # the state's rubric, and its own
    title = f"{own.framework.name}, version {own.number}"
    (evaluation,) = _under(tmp_path, "evaluations", title)
    assert evaluation["performanceEvaluationReference"]["educationOrganizationId"] == int(
        district.org_code
    )
