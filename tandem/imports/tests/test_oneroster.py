"""OneRoster 1.2 CSV zips: bulk and delta, the binding's headers, references across files."""

import csv
import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.errors import DomainError
from tandem.imports.kinds.oneroster_binding import HEADERS
from tandem.imports.models import ImportChange, ImportProblem, ImportRun
from tandem.imports.tests.factories import applied, checked, oneroster_zip
from tandem.organizations.models import School
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.models import Employment
from tandem.people.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    grant = RoleGrantFactory(district=DistrictFactory(org_code="00350000"))
    SchoolFactory(district=grant.district, org_code="00350005", name="Old name")
    return grant


ORGS = [
    {"sourcedId": "org-d", "name": "Riverton", "type": "district", "identifier": "00350000"},
    {
        "sourcedId": "org-1",
        "name": "Hillside Elementary",
        "type": "school",
        "identifier": "00350005",
        "parentSourcedId": "org-d",
    },
]


def user(n: int, **values) -> dict:
    row = {
        "sourcedId": f"u-{n}",
        "enabledUser": "true",
        "username": f"ada{n}",
        "userIds": f"{{MEPID:{90000000 + n}}},{{LDAP:ada{n}}}",
        "givenName": f"Ada{n}",
        "familyName": f"Rostered{n:03d}",
        "identifier": f"E{n:05d}",
        "email": f"ada{n}@district.example.org",
        "primaryOrgSourcedId": "org-1",
    }
    row.update(values)
    return row


def role(n: int, role_name="teacher", **values) -> dict:
    row = {
        "sourcedId": f"r-{n}",
        "userSourcedId": f"u-{n}",
        "roleType": "primary",
        "role": role_name,
        "orgSourcedId": "org-1",
        "beginDate": "2021-08-23",
    }
    row.update(values)
    return row


def bulk(**kwargs):
    kwargs.setdefault("orgs", ORGS)
    kwargs.setdefault("users", [user(1), user(2), user(3)])
    kwargs.setdefault("roles", [role(1), role(2, "principal"), role(3, "student")])
    return oneroster_zip(**kwargs)


def test_a_bulk_set_adds_staff_renames_schools_and_again_changes_nothing(hr):
    run = checked(district=hr.district, by=hr.user, upload=bulk(bom=True), kind="oneroster")
    assert run.status == ImportRun.Status.READY, list(run.problems.values_list("reason", flat=True))
    assert (run.added, run.changed) == (2, 1)  # two staff (not the student), one school renamed
    assert run.file.name.endswith(".zip")
    applied(run, by=hr.user)
    teacher = Employment.objects.get(district=hr.district, employee_number="E00001")
    assert (teacher.person.state_id, teacher.role_group) == ("90000001", "teacher")
    assert teacher.start_date == datetime.date(2021, 8, 23)
    assert teacher.assignments.get().school == hr.district.schools.get()
    principal = Employment.objects.get(employee_number="E00002")
    assert principal.role_group == "school_admin"
    assert principal.assignments.get().position == "principal"
    assert not Employment.objects.filter(employee_number="E00003").exists()
    assert hr.district.schools.get().name == "Hillside Elementary"

    again = checked(district=hr.district, by=hr.user, upload=bulk(), kind="oneroster")
    assert (again.status, again.unchanged) == (ImportRun.Status.UNCHANGED, 3)


def test_a_delta_ends_an_employment_marked_tobedeleted(hr):
    applied(checked(district=hr.district, by=hr.user, upload=bulk(), kind="oneroster"), by=hr.user)
    # Only users.csv changed; a user's primary org may be named by the school's state code.
    manifest = {
        "manifest.version": "1.0",
        "oneroster.version": "1.2",
        "file.orgs": "absent",
        "file.users": "delta",
        "file.roles": "absent",
    }
    delta = oneroster_zip(
        manifest=manifest,
        users=[
            user(
                1,
                status="tobedeleted",
                dateLastModified="2026-06-30T17:00:00.000Z",
                primaryOrgSourcedId="00350005",
            ),
            user(
                2,
                status="active",
                dateLastModified="2026-06-01",
                familyName="Married",
                primaryOrgSourcedId="00350005",
            ),
        ],
    )
    run = checked(district=hr.district, by=hr.user, upload=delta, kind="oneroster")
    assert (run.status, run.changed) == (ImportRun.Status.READY, 2)
    applied(run, by=hr.user)
    ended = Employment.objects.get(employee_number="E00001")
    assert ended.end_date == datetime.date(2026, 6, 30)
    assert ended.separation_reason == Employment.SeparationReason.OTHER
    principal = Employment.objects.get(employee_number="E00002")
    assert (principal.person.last_name, principal.role_group) == ("Married", "school_admin")
    assert principal.end_date is None


def test_a_header_in_the_wrong_case_is_refused_naming_the_file(hr):
    wrong = ["sourcedid" if n == "sourcedId" else n for n in HEADERS["users.csv"]]
    upload = bulk(headers={"users.csv": wrong})
    run = checked(district=hr.district, by=hr.user, upload=upload, kind="oneroster")
    problem = run.problems.get()
    assert problem.file == "users.csv" and problem.row is None
    assert "“sourcedid” (did you mean “sourcedId”? Names are case-sensitive)" in problem.reason
    assert "Column 1 should be “sourcedId”" in problem.reason
    assert not Employment.objects.filter(employee_number="E00001").exists()


def test_a_zip_without_a_manifest_or_of_another_version_is_refused(hr):
    run = checked(district=hr.district, by=hr.user, upload=bulk(manifest={}), kind="oneroster")
    assert "no manifest.csv" in run.problems.get().reason
    manifest = {"manifest.version": "1.0", "oneroster.version": "1.1", "file.users": "bulk"}
    run = checked(
        district=hr.district, by=hr.user, upload=bulk(manifest=manifest), kind="oneroster"
    )
    problem = run.problems.get()
    assert (problem.file, problem.row) == ("manifest.csv", None)
    assert "oneroster.version is “1.1”" in problem.reason


def test_a_broken_reference_is_named_with_its_file_line_column_and_value(hr, client):
    upload = bulk(
        users=[user(1, primaryOrgSourcedId="org-9"), user(2)],
        roles=[role(1), role(2, orgSourcedId="org-8"), role(7)],
    )
    run = checked(district=hr.district, by=hr.user, upload=upload, kind="oneroster")
    assert run.status == ImportRun.Status.PROBLEMS
    found = {(p.file, p.row, p.column, p.value) for p in run.problems.all()}
    assert found == {
        ("users.csv", 2, "primaryOrgSourcedId", "org-9"),
        ("roles.csv", 3, "orgSourcedId", "org-8"),
        ("roles.csv", 4, "userSourcedId", "u-7"),
    }
    client.force_login(hr.user)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "<code>roles.csv</code>" in page and "org-8" in page
    download = client.get(reverse("imports:run_problems_csv", args=[run.pk]))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert ["roles.csv", "4", "userSourcedId", "u-7"] in [row[:4] for row in rows]
    assert not Employment.objects.filter(employee_number="E00002").exists()


def test_a_new_educator_needs_a_begin_date_and_a_new_school_its_level(hr):
    orgs = [
        *ORGS,
        {"sourcedId": "org-2", "name": "New", "type": "school", "identifier": "00350099"},
    ]
    upload = bulk(orgs=orgs, users=[user(1)], roles=[role(1, beginDate="")])
    run = checked(district=hr.district, by=hr.user, upload=upload, kind="oneroster")
    found = {(p.file, p.row, p.column) for p in run.problems.all()}
    assert found == {("orgs.csv", 4, "metadata.level"), ("roles.csv", 2, "beginDate")}
    assert not School.objects.filter(org_code="00350099").exists()


WITH_LEVEL = {"orgs.csv": [*HEADERS["orgs.csv"], "metadata.level"]}
NEW_SCHOOL = {
    "sourcedId": "org-2",
    "name": "Brookside Middle",
    "type": "school",
    "identifier": "00350099",
    "parentSourcedId": "org-d",
    "metadata.level": "middle",
}


def test_a_new_school_in_orgs_is_added_and_its_staff_placed_there(hr):
    upload = bulk(
        orgs=[*ORGS, NEW_SCHOOL],
        users=[user(1), user(4, primaryOrgSourcedId="org-2")],
        roles=[role(1), role(4, orgSourcedId="org-2")],
        headers=WITH_LEVEL,
    )
    run = checked(district=hr.district, by=hr.user, upload=upload, kind="oneroster")
    assert run.status == ImportRun.Status.READY, list(run.problems.values_list("reason", flat=True))
    assert run.added == 3  # the school and two teachers
    applied(run, by=hr.user)
    school = School.objects.get(org_code="00350099")
    assert (school.district, school.name, school.level) == (
        hr.district,
        "Brookside Middle",
        "middle",
    )
    teacher = Employment.objects.get(district=hr.district, employee_number="E00004")
    assert teacher.assignments.get().school == school
    again = bulk(
        orgs=[*ORGS, NEW_SCHOOL],
        users=[user(1), user(4, primaryOrgSourcedId="org-2")],
        roles=[role(1), role(4, orgSourcedId="org-2")],
        headers=WITH_LEVEL,
    )
    assert checked(district=hr.district, by=hr.user, upload=again, kind="oneroster").status == (
        ImportRun.Status.UNCHANGED
    )


def test_a_new_school_of_no_known_level_is_named_and_nothing_added(hr):
    upload = bulk(
        orgs=[*ORGS, {**NEW_SCHOOL, "metadata.level": "primary"}],
        users=[user(4, primaryOrgSourcedId="org-2")],
        roles=[role(4, orgSourcedId="org-2")],
        headers=WITH_LEVEL,
    )
    run = checked(district=hr.district, by=hr.user, upload=upload, kind="oneroster")
    [problem] = run.problems.all()
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "orgs.csv",
        4,
        "metadata.level",
        "primary",
    )
    assert not School.objects.filter(org_code="00350099").exists()


def test_a_bulk_set_that_leaves_a_user_out_ends_them_only_when_told(hr):
    applied(checked(district=hr.district, by=hr.user, upload=bulk(), kind="oneroster"), by=hr.user)

    def without_the_principal():
        upload = bulk(users=[user(1)], roles=[role(1)])
        return checked(district=hr.district, by=hr.user, upload=upload, kind="oneroster")

    run = without_the_principal()
    assert (run.status, run.absent) == (ImportRun.Status.READY, 1)
    assert run.changes.get(action=ImportChange.Action.ABSENT).label.startswith("Rostered002")
    with pytest.raises(DomainError, match="leaves out"):
        applied(run, by=hr.user)
    applied(run, by=hr.user, absent_means=ImportRun.Absent.IGNORE)
    assert Employment.objects.get(employee_number="E00002").end_date is None

    ended_on = datetime.date(2026, 6, 30)
    applied(
        without_the_principal(), by=hr.user, absent_means=ImportRun.Absent.END, end_date=ended_on
    )
    assert Employment.objects.get(employee_number="E00002").end_date == ended_on
    assert Employment.objects.get(employee_number="E00001").end_date is None

    # A delta says only what changed: whom it leaves out stays as they are.
    delta = bulk(users=[user(1)], roles=[role(1)], mode="delta")
    run = checked(district=hr.district, by=hr.user, upload=delta, kind="oneroster")
    assert (run.status, run.absent) == (ImportRun.Status.UNCHANGED, 0)


def test_a_user_whose_primary_org_changes_moves_to_the_new_school(hr):
    SchoolFactory(district=hr.district, org_code="00350006", name="Eastside")
    orgs = [*ORGS, {**NEW_SCHOOL, "identifier": "00350006", "name": "Eastside"}]
    applied(
        checked(district=hr.district, by=hr.user, upload=bulk(orgs=orgs), kind="oneroster"),
        by=hr.user,
    )
    moved = user(1, primaryOrgSourcedId="org-2", dateLastModified="2026-09-01T08:00:00Z")
    upload = bulk(
        orgs=orgs,
        users=[moved, user(2)],
        roles=[role(1, orgSourcedId="org-2"), role(2, "principal")],
    )
    run = checked(district=hr.district, by=hr.user, upload=upload, kind="oneroster")
    assert (run.status, run.changed) == (ImportRun.Status.READY, 1), list(
        run.changes.values_list("fields", flat=True)
    )
    assert run.changes.get().fields["school"] == ["00350005", "00350006"]
    applied(run, by=hr.user)
    old, new = Employment.objects.get(employee_number="E00001").assignments.order_by("pk")
    assert (old.school.org_code, old.end_date) == ("00350005", datetime.date(2026, 9, 1))
    assert (new.school.org_code, new.start_date, new.end_date) == (
        "00350006",
        datetime.date(2026, 9, 1),
        None,
    )
    assert new.position == "classroom_teacher"
    principal = Employment.objects.get(employee_number="E00002").assignments.get()
    assert (principal.school.org_code, principal.end_date) == ("00350005", None)
    again = bulk(
        orgs=orgs,
        users=[moved, user(2)],
        roles=[role(1, orgSourcedId="org-2"), role(2, "principal")],
    )
    run = checked(district=hr.district, by=hr.user, upload=again, kind="oneroster")
    assert run.status == ImportRun.Status.UNCHANGED


def _reordered(upload, order: list[str]):
    """The same set with its members stored in ``order``."""
    with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return _zip_of({name: members[name] for name in order})


def test_references_resolve_in_any_order_and_one_to_a_later_delta_is_named(hr):
    upload = _reordered(bulk(), ["roles.csv", "users.csv", "orgs.csv", "manifest.csv"])
    run = checked(district=hr.district, by=hr.user, upload=upload, kind="oneroster")
    assert (run.status, run.added) == (ImportRun.Status.READY, 2)
    applied(run, by=hr.user)
    # This delta's role names a user that only the next delta of the set will bring.
    delta = bulk(users=[user(1)], roles=[role(1), role(9)], mode="delta")
    run = checked(district=hr.district, by=hr.user, upload=delta, kind="oneroster")
    [problem] = run.problems.all()
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "roles.csv",
        3,
        "userSourcedId",
        "u-9",
    )
    assert "neither users.csv nor Tandem" in problem.reason
    assert not Employment.objects.filter(employee_number="E00009").exists()


def test_another_district_hr_cannot_read_the_run(hr, client):
    run = checked(district=hr.district, by=hr.user, upload=bulk(), kind="oneroster")
    client.force_login(RoleGrantFactory(district=DistrictFactory()).user)
    assert client.get(run.get_absolute_url()).status_code == 404
    assert client.get(reverse("imports:run_file", args=[run.pk])).status_code == 404


def _zip_of(files: dict[str, bytes]):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("set.zip", out.getvalue(), "application/zip")


def test_a_file_that_is_no_zip_a_zip_bomb_or_not_utf8_is_refused(hr):
    def refused(upload) -> ImportProblem:
        run = checked(district=hr.district, by=hr.user, upload=upload, kind="oneroster")
        assert run.status == ImportRun.Status.PROBLEMS
        return run.problems.get()

    not_zip = SimpleUploadedFile("users.csv", b"sourcedId\r\nu-1\r\n", "text/csv")
    assert "not a zip" in refused(not_zip).reason
    bomb = _zip_of({"manifest.csv": b"propertyName,value\r\n", "users.csv": bytes(5_000_000)})
    assert "far more than its own size" in refused(bomb).reason
    manifest = b"propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.2\r\n"
    latin = ",".join(
        HEADERS["orgs.csv"]
    ).encode() + "\r\no-1,,,Écol\xe9,school,00350005,\r\n".encode("latin-1")
    problem = refused(
        _zip_of({"manifest.csv": manifest + b"file.orgs,bulk\r\n", "orgs.csv": latin})
    )
    assert problem.file == "orgs.csv" and "not UTF-8" in problem.reason
