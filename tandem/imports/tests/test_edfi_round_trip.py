"""The round trip of issue 12: a district exported in Ed-Fi, imported into an empty Tandem
(only the state configured) and exported again gives the same documents, element by element."""

import datetime
import shutil

import pytest
from django.db import transaction
from lxml import etree

from tandem.imports.tests.factories import applied, checked
from tandem.imports.tests.test_edfi import EXAMPLES, xml_file
from tandem.interop import services
from tandem.interop.tests.canonical import diff, entities
from tandem.licensure.models import License
from tandem.licensure.tests.factories import LicenseFactory
from tandem.organizations.models import District
from tandem.organizations.tests.factories import (
    DistrictFactory,
    SchoolFactory,
    StateAgencyFactory,
)
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, RoleGrant, StaffAssignment
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)

pytestmark = pytest.mark.django_db
DOCUMENTS = ("EducationOrganization.xml", "StaffAssociation.xml")
Position = StaffAssignment.Position


def small_district():
    """Two schools; a tenured teacher at both, part time, with two licenses; a counselor who
    left; a principal; a district administrator at the central office."""
    district = DistrictFactory(org_code="00350000", name="Riverton Public Schools")
    hillside = SchoolFactory(district=district, org_code="00350005", grade_span="K-5")
    high = SchoolFactory(district=district, org_code="00350505", grade_span="9-12", level="high")
    teacher = EmploymentFactory(
        district=district, person=PersonFactory(state_id="10234567"), has_pts=True
    )
    StaffAssignmentFactory(employment=teacher, school=hillside, fte="0.50", grade_level="4")
    StaffAssignmentFactory(
        employment=teacher, school=high, fte="0.50", subject="History", grade_level="9-12"
    )
    LicenseFactory(person=teacher.person, license_number="412345", field="Mathematics")
    LicenseFactory(
        person=teacher.person,
        license_number="412346",
        field="History",
        grade_levels="8-12",
        stage=License.Stage.PROFESSIONAL,
        expires_on=None,
    )
    counselor = EmploymentFactory(
        district=district,
        person=PersonFactory(state_id="10234568"),
        role_group=RoleGroup.SISP,
        end_date=datetime.date(2025, 6, 30),
        separation_reason=Employment.SeparationReason.RESIGNED,
    )
    StaffAssignmentFactory(
        employment=counselor,
        school=high,
        position=Position.COUNSELOR,
        subject="",
        grade_level="",
        end_date=datetime.date(2025, 6, 30),
    )
    principal = EmploymentFactory(
        district=district,
        person=PersonFactory(state_id="10234569"),
        role_group=RoleGroup.SCHOOL_ADMIN,
    )
    StaffAssignmentFactory(
        employment=principal, school=hillside, position=Position.PRINCIPAL, subject=""
    )
    central = EmploymentFactory(
        district=district,
        person=PersonFactory(state_id="10234570"),
        role_group=RoleGroup.DISTRICT_ADMIN,
    )
    StaffAssignmentFactory(
        employment=central,
        school=None,
        position=Position.DISTRICT_ADMINISTRATOR,
        subject="",
        grade_level="",
    )
    return district


def export(folder, district, reader):
    folder.mkdir()
    services.edfi_export_write(district=district, folder=folder, reader=reader, path="/test")
    return folder


class Emptied(Exception):
    """Raised to roll the first world back: the database is empty again after it."""


def test_an_export_imported_into_an_empty_tandem_exports_the_same_documents(tmp_path):
    kept = tmp_path / "kept"
    kept.mkdir()
    with pytest.raises(Emptied), transaction.atomic():
        district = small_district()
        reader = RoleGrantFactory(district=district).user
        first = export(tmp_path / "first", district, reader)
        tags = [etree.QName(e).localname for e in entities(first / DOCUMENTS[1])]
        assert (tags.count("Staff"), tags.count("Credential")) == (4, 2)
        for name in DOCUMENTS:
            shutil.copy(first / name, kept / name)
        raise Emptied
    assert not District.objects.filter(org_code="00350000").exists()

    state = StateAgencyFactory()
    admin = RoleGrantFactory(district=None, role=RoleGrant.Role.STATE_ADMIN).user
    organizations = (kept / DOCUMENTS[0]).read_bytes()
    run = checked(state=state, by=admin, upload=xml_file(organizations), kind="edfi_organizations")
    assert list(run.problems.values_list("row", "column", "value", "reason")) == []
    applied(run, by=admin)
    district = District.objects.get(org_code="00350000")
    run = checked(
        district=district,
        by=admin,
        upload=xml_file((kept / DOCUMENTS[1]).read_bytes()),
        kind="edfi_staff",
    )
    assert list(run.problems.values_list("row", "column", "value", "reason")) == []
    applied(run, by=admin)

    second = export(tmp_path / "second", district, admin)
    for name in DOCUMENTS:
        assert diff(kept / name, second / name) == []
    assert Employment.objects.get(person__state_id="10234567").has_pts


def test_the_comparison_names_each_difference_by_its_path(tmp_path):
    one, other = tmp_path / "one.xml", tmp_path / "other.xml"
    kit = (EXAMPLES / "valid-StaffAssociation.xml").read_bytes()
    one.write_bytes(kit)
    other.write_bytes(kit.replace(b"<FirstName>Ada</FirstName>", b"<FirstName>Ida</FirstName>"))
    assert diff(one, one) == []
    assert diff(one, other) == ["one.xml#2/Staff/Name/FirstName: 'Ada' != 'Ida'"]
