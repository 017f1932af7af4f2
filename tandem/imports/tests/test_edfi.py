"""Ed-Fi XML interchanges published by other systems: the kit's examples import; unknown
descriptors, broken references, entities and other Data Standard versions are refused."""

import datetime
import decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked
from tandem.organizations.models import District, School
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory, StateAgencyFactory
from tandem.people.models import Employment, RoleGrant
from tandem.people.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).parent / "edfi"


def example(name: str) -> bytes:
    """One of the conformance kit's valid examples (../shared/edfi/examples), kept here."""
    return (EXAMPLES / f"valid-{name}.xml").read_bytes()


def xml_file(data: bytes, name="interchange.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/xml")


def problems_of(run) -> list[tuple]:
    return list(run.problems.values_list("row", "column", "value", "reason"))


@pytest.fixture
def state_admin():
    StateAgencyFactory()
    return RoleGrantFactory(district=None, role=RoleGrant.Role.STATE_ADMIN).user


def organizations(by, data: bytes):
    return checked(
        state=StateAgencyFactory(), by=by, upload=xml_file(data), kind="edfi_organizations"
    )


def test_the_kits_organizations_import_and_again_change_nothing(state_admin):
    run = organizations(state_admin, example("EducationOrganization"))
    assert problems_of(run) == []
    assert (run.status, run.added) == (ImportRun.Status.READY, 2)
    assert run.file.name.endswith(".xml")
    applied(run, by=state_admin)
    district = District.objects.get(org_code="00900001")
    assert district.name == "Example ISD"
    school = School.objects.get(org_code="900001001")
    assert (school.district, school.grade_span, school.level) == (district, "9-10", "high")
    again = organizations(state_admin, example("EducationOrganization"))
    assert (again.status, again.changed, again.added) == (ImportRun.Status.UNCHANGED, 0, 0)


@pytest.fixture
def hr():
    """HR of the kit's Example ISD (LEA 900001), with its high school."""
    grant = RoleGrantFactory(district=DistrictFactory(org_code="00900001", name="Example ISD"))
    SchoolFactory(district=grant.district, org_code="900001001", level="high")
    return grant


def staff(hr, data: bytes):
    return checked(district=hr.district, by=hr.user, upload=xml_file(data), kind="edfi_staff")


def test_the_kits_staff_import_and_again_change_nothing(hr):
    run = staff(hr, example("StaffAssociation"))
    assert problems_of(run) == []
    assert (run.status, run.added) == (ImportRun.Status.READY, 2)
    applied(run, by=hr.user)
    employment = Employment.objects.get(district=hr.district)
    assert (employment.person.state_id, employment.person.last_name) == ("EX-1001", "Example")
    assert (employment.start_date, employment.has_pts) == (datetime.date(2016, 8, 15), True)
    assignment = employment.assignments.get()
    assert (assignment.position, assignment.fte, assignment.subject) == (
        "classroom_teacher",
        decimal.Decimal("1.00"),
        "Mathematics",
    )
    assert assignment.school.org_code == "900001001"
    again = staff(hr, example("StaffAssociation"))
    assert (again.status, again.changed, again.added) == (ImportRun.Status.UNCHANGED, 0, 0)
