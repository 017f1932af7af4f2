"""Bad input gets a clear message that names the problem, and changes nothing (issue 12)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tandem.errors import DomainError
from tandem.imports import services
from tandem.imports.kinds import KINDS
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import (
    checked,
    checked_rows,
    csv_file,
    educator,
    employed,
    oneroster_zip,
)
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.models import Employment, Person, StaffAssignment
from tandem.people.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return RoleGrantFactory(district=DistrictFactory())


def _check(hr, content: bytes, name="staff.csv", kind="educators"):
    upload = SimpleUploadedFile(name, content)
    return checked(district=hr.district, by=hr.user, upload=upload, kind=kind)


def _problems(run):
    return [(p.row, p.column, p.value, p.reason) for p in run.problems.all()]


def _nothing_changed(hr):
    assert not Employment.objects.filter(district=hr.district).exists()
    assert not Person.objects.filter(last_name__startswith="Imported").exists()


def _header():
    return ",".join(KINDS["educators"].headers)


def test_a_file_in_another_encoding_is_refused_with_the_line(hr):
    content = (_header() + "\n" + "90000001,E1,Zoë,Müller,,teacher,2020-08-24\n").encode("cp1252")
    run = _check(hr, content)
    assert run.status == ImportRun.Status.PROBLEMS
    [(row, _column, _value, reason)] = _problems(run)
    assert row is None and "not UTF-8" in reason and "CSV UTF-8" in reason
    _nothing_changed(hr)


def test_a_byte_order_mark_is_read_as_nothing(hr):
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)], bom=True))
    assert run.status == ImportRun.Status.READY


def test_a_wrong_header_names_the_column_and_the_case(hr):
    content = (_header().replace("last_name", "Last_Name") + "\n").encode()
    [(_row, _column, _value, reason)] = _problems(_check(hr, content))
    assert "“Last_Name”" in reason and "last_name" in reason and "case-sensitive" in reason
    _nothing_changed(hr)


def test_a_file_without_its_header_line_is_refused(hr):
    row = educator(1)
    content = (",".join(row.get(name, "") for name in KINDS["educators"].headers) + "\n").encode()
    run = _check(hr, content)
    [(row_number, _column, _value, reason)] = _problems(run)
    assert row_number is None and "state_id" in reason
    _nothing_changed(hr)


def test_a_missing_required_column_is_named(hr):
    content = b"state_id,first_name,last_name\n90000001,Ada,Lovelace\n"
    [(_row, _column, _value, reason)] = _problems(_check(hr, content))
    assert "role_group" in reason and "start_date" in reason
    _nothing_changed(hr)


def test_bad_values_are_each_named_by_line_column_and_value(hr):
    rows = [
        educator(1, start_date="24/08/2020"),
        educator(2, role_group="coach"),
        educator(3, state_id="123", employee_number=""),
        educator(4, has_pts="Y", role_group="school_admin"),
        educator(5, email="not-an-address"),
    ]
    run = checked(district=hr.district, by=hr.user, upload=csv_file(rows))
    found = {(row, column, value) for row, column, value, _reason in _problems(run)}
    assert found == {
        (2, "start_date", "24/08/2020"),
        (3, "role_group", "coach"),
        (4, "state_id", "123"),
        (4, "employee_number", ""),
        (5, "has_pts", "True"),
        (6, "email", "not-an-address"),
    }
    assert run.status == ImportRun.Status.PROBLEMS
    assert run.changes.count() == 0
    with pytest.raises(DomainError):
        services.run_apply_request(
            run=run, by=hr.user, version=run.version, absent_means="", end_date=None
        )
    _nothing_changed(hr)


def test_the_same_educator_twice_is_named_with_both_lines(hr):
    rows = [educator(1), educator(2, state_id="90000001")]
    [(row, _column, value, reason)] = _problems(
        checked(district=hr.district, by=hr.user, upload=csv_file(rows))
    )
    assert (row, value) == (3, "MEPID 90000001") and "line 2" in reason
    _nothing_changed(hr)


def test_a_date_that_does_not_exist_and_an_unknown_school_are_named(hr):
    employed(hr.district, 1)
    school = SchoolFactory(district=hr.district)
    rows = [
        {"employee_number": "E1", "school": "99999999", "position": "classroom_teacher"},
        {"employee_number": "E1", "school": school.org_code, "start_date": "2026-02-30"},
    ]
    rows = [
        {"fte": "1.00", "start_date": "2026-08-31", "position": "classroom_teacher", **row}
        for row in rows
    ]
    run = checked_rows(hr, rows, "assignments")
    found = {(row, column, value, reason) for row, column, value, reason in _problems(run)}
    assert found == {
        (2, "school", "99999999", "is not a school of this district"),
        (3, "start_date", "2026-02-30", "is not a date written as YYYY-MM-DD"),
    }
    assert not StaffAssignment.objects.filter(employment__district=hr.district).exists()


def test_a_reference_to_a_row_of_a_later_oneroster_file_is_named(hr):
    """A delta's role names a user that only a later file of the set brings: the role is
    refused with its file, line, column and value, and nobody is added."""
    manifest = {
        "manifest.version": "1.0",
        "oneroster.version": "1.2",
        "file.orgs": "absent",
        "file.users": "delta",
        "file.roles": "delta",
    }
    user = {
        "sourcedId": "u-1",
        "status": "active",
        "givenName": "Ada",
        "familyName": "Imported001",
        "identifier": "E1",
    }
    role = {"userSourcedId": "u-1", "role": "teacher", "roleType": "primary"}
    upload = oneroster_zip(
        manifest=manifest,
        users=[user],
        roles=[
            {**role, "sourcedId": "r-1", "orgSourcedId": hr.district.org_code},
            {**role, "sourcedId": "r-2", "userSourcedId": "u-2", "orgSourcedId": "org-later"},
        ],
    )
    run = _check(hr, upload.read(), "set.zip", kind="oneroster")
    found = {(p.file, p.row, p.column, p.value) for p in run.problems.all()}
    assert found >= {
        ("roles.csv", 3, "userSourcedId", "u-2"),
        ("roles.csv", 3, "orgSourcedId", "org-later"),
    }
    _nothing_changed(hr)


def test_a_file_over_the_limit_is_refused_before_it_is_read(hr, settings):
    settings.IMPORT_MAX_BYTES = 1024
    with pytest.raises(DomainError, match="at most"):
        services.run_start(
            district=hr.district,
            kind="educators",
            upload=SimpleUploadedFile("big.csv", b"x" * 2048),
            by=hr.user,
        )
    assert not ImportRun.objects.filter(district=hr.district).exists()


def _workbook(fill) -> bytes:
    book = Workbook()
    fill(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header_and_row(sheet):
    sheet.append(KINDS["educators"].headers)
    row = educator(1)
    sheet.append([row.get(name, "") for name in KINDS["educators"].headers])


def test_an_xlsx_of_one_sheet_is_read(hr):
    run = _check(hr, _workbook(lambda book: _header_and_row(book.active)), "staff.xlsx")
    assert run.status == ImportRun.Status.READY and run.added == 1


def test_an_xlsx_with_a_formula_is_refused_at_its_cell(hr):
    def fill(book):
        _header_and_row(book.active)
        book.active["C2"] = '=HYPERLINK("http://example.org","x")'

    [(_row, _column, _value, reason)] = _problems(_check(hr, _workbook(fill), "staff.xlsx"))
    assert "C2" in reason and "formula" in reason
    _nothing_changed(hr)


def test_an_xlsx_with_several_sheets_is_refused(hr):
    def fill(book):
        _header_and_row(book.active)
        book.create_sheet("Notes")

    [(_row, _column, _value, reason)] = _problems(_check(hr, _workbook(fill), "staff.xlsx"))
    assert "2 sheets" in reason
    _nothing_changed(hr)


def test_an_xlsx_with_merged_cells_is_refused(hr):
    def fill(book):
        _header_and_row(book.active)
        book.active.merge_cells("C2:D2")

    [(_row, _column, _value, reason)] = _problems(_check(hr, _workbook(fill), "staff.xlsx"))
    assert "merges cells" in reason
    _nothing_changed(hr)


def test_a_zip_bomb_as_xlsx_is_refused_unopened(hr):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    [(_row, _column, _value, reason)] = _problems(_check(hr, out.getvalue(), "staff.xlsx"))
    assert "unpack" in reason
    _nothing_changed(hr)
