"""Ed-Fi XML interchanges published by other systems: the kit's examples import; unknown
descriptors, broken references, entities and other Data Standard versions are refused."""

import datetime
import decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.errors import DomainError
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked
from tandem.organizations.models import District, School
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory, StateAgencyFactory
from tandem.people.models import Employment, Person, RoleGrant
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
    employment = Employment.objects.get(person__state_id="EX-1001")
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


def another_system(data: bytes) -> bytes:
    """The kit's staff interchange as another system might write it: the assignment's
    classification a code of its own, and the school association at a school that is nowhere."""
    return data.replace(
        b"StaffClassificationDescriptor#Teacher", b"StaffClassificationDescriptor#Wizard"
    ).replace(
        b"<SchoolId>900001001</SchoolId></SchoolIdentity></SchoolReference>",
        b"<SchoolId>900009999</SchoolId></SchoolIdentity></SchoolReference>",
    )


def test_an_interchange_from_another_system_is_refused_naming_descriptor_and_reference(hr):
    data = another_system(example("StaffAssociation"))
    run = staff(hr, data)
    assert run.status == ImportRun.Status.PROBLEMS
    lines = data.decode().splitlines()
    found = {(column, value): (row, reason) for row, column, value, reason in problems_of(run)}
    row, reason = found[
        ("StaffClassification", "uri://ed-fi.org/StaffClassificationDescriptor#Wizard")
    ]
    assert "Wizard" in lines[row - 1] and "StaffClassificationDescriptor" in reason
    row, reason = found[("SchoolId", "900009999")]
    assert "900009999" in lines[row - 1] and "neither in the file nor in Tandem" in reason
    assert len(found) == 2
    assert not Person.objects.filter(state_id="EX-1001").exists()


def test_a_staff_association_to_staff_nowhere_is_a_broken_reference(hr):
    data = example("StaffAssociation").replace(
        b"<StaffUniqueId>EX-1001</StaffUniqueId></StaffIdentity>",
        b"<StaffUniqueId>EX-9999</StaffUniqueId></StaffIdentity>",
        1,
    )
    run = staff(hr, data)
    assert ("StaffUniqueId", "EX-9999") in [(c, v) for _r, c, v, _why in problems_of(run)]


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE InterchangeStaffAssociation [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<InterchangeStaffAssociation xmlns="http://ed-fi.org/5.2.0">
  <Staff><StaffUniqueId>&xxe;</StaffUniqueId></Staff>
</InterchangeStaffAssociation>"""


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (XXE, "document type (DTD)"),
        (XXE.replace(XXE.splitlines()[1], b""), "refers to an entity"),
        (
            example("StaffAssociation").replace(
                b"http://ed-fi.org/5.2.0", b"http://ed-fi.org/3.3.0"
            ),
            "Data Standard version 3.3.0",
        ),
        (example("EducationOrganization"), "this import reads an InterchangeStaffAssociation"),
        (b'<InterchangeStaffAssociation xmlns="http://ed-fi.org/5.2.0"><Staff>', "not well-formed"),
        (b"<InterchangeStaffAssociation/>", "has no namespace"),
    ],
    ids=["DTD", "undefined entity", "DS 3.3", "another interchange", "broken XML", "no namespace"],
)
def test_a_file_tandem_will_not_read_is_refused_whole_and_nothing_changes(hr, data, words):
    run = staff(hr, data)
    assert run.status == ImportRun.Status.PROBLEMS
    [(*_where, reason)] = problems_of(run)
    assert words in reason
    assert "root:" not in reason  # /etc/passwd was never read
    assert not Person.objects.filter(state_id="EX-1001").exists()


def test_a_district_cannot_import_the_states_organizations(hr):
    with pytest.raises(DomainError):
        checked(
            district=hr.district,
            by=hr.user,
            upload=xml_file(example("EducationOrganization")),
            kind="edfi_organizations",
        )


def test_a_school_in_a_district_nowhere_and_an_unknown_descriptor_are_named(state_admin):
    data = (
        example("EducationOrganization")
        .replace(
            b"<LocalEducationAgencyReference><LocalEducationAgencyIdentity><LocalEducationAgencyId>900001",
            b"<LocalEducationAgencyReference><LocalEducationAgencyIdentity><LocalEducationAgencyId>900002",
        )
        .replace(b"AddressTypeDescriptor#Physical", b"AddressTypeDescriptor#Moon")
    )
    run = organizations(state_admin, data)
    assert sorted((c, v) for _r, c, v, _why in problems_of(run)) == [
        ("AddressType", "uri://ed-fi.org/AddressTypeDescriptor#Moon"),
        ("LocalEducationAgencyId", "900002"),
    ]
    assert not School.objects.filter(org_code="900001001").exists()


def test_the_kind_page_lists_the_entities_and_there_is_no_template(client, hr):
    client.force_login(hr.user)
    page = client.get(reverse("imports:kind_help", args=["edfi_staff"])).content.decode()
    assert "<code>StaffEducationOrganizationAssignmentAssociation</code>" in page
    assert "1.00" in page  # an FTE left out, as the schema allows
    assert client.get(reverse("imports:template_csv", args=["edfi_staff"])).status_code == 404


def test_the_interchange_downloads_again_as_xml_and_only_for_its_district(client, hr):
    run = staff(hr, example("StaffAssociation"))
    client.force_login(hr.user)
    response = client.get(reverse("imports:run_file", args=[run.pk]))
    assert b"".join(response.streaming_content) == example("StaffAssociation")
    assert f"import-{run.pk}.xml" in response["Content-Disposition"]
    client.force_login(RoleGrantFactory().user)  # HR of another district
    assert client.get(reverse("imports:run_file", args=[run.pk])).status_code == 404
    assert client.get(reverse("imports:run_detail", args=[run.pk])).status_code == 404
