"""An apply writes the check's stored plan while the records it was checked against are as
they were, and reads the file again when they moved (issue 12, "Speed and memory")."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from tandem.imports import services
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked, csv_file, educator
from tandem.organizations.tests.factories import (
    BargainingUnitFactory,
    DistrictFactory,
    SchoolFactory,
)
from tandem.people.models import Employment, Person, StaffAssignment
from tandem.people.tests.factories import PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db

END = datetime.date(2027, 6, 30)


@pytest.fixture
def hr():
    hr = RoleGrantFactory(district=DistrictFactory())
    BargainingUnitFactory(district=hr.district, code="A")
    SchoolFactory(district=hr.district, org_code="99000010")
    SchoolFactory(district=hr.district, org_code="99000020")
    applied(
        checked(
            district=hr.district,
            by=hr.user,
            upload=csv_file([educator(1), educator(2), educator(3)]),
        ),
        by=hr.user,
    )
    applied(
        checked(
            district=hr.district,
            by=hr.user,
            upload=csv_file(
                [_assignment("E00001"), _assignment("E00002"), _assignment("E00003")],
                kind="assignments",
            ),
            kind="assignments",
        ),
        by=hr.user,
    )
    return hr


def _assignment(number, **values):
    row = {
        "employee_number": number,
        "school": "99000010",
        "position": "classroom_teacher",
        "subject": "Mathematics",
        "grade_level": "4",
        "fte": "1.00",
        "start_date": "2024-08-26",
    }
    row.update(values)
    return row


EDUCATORS = [
    educator(
        1,
        last_name="Married",
        email="",
        role_group="sisp",
        has_pts="Y",
        pts_date="2023-09-01",
        bargaining_unit="A",
        role_start_date="2022-01-03",
    ),
    educator(2),
    educator(4, end_date="2026-06-30", separation_reason="retired"),
    educator(5, state_id=""),
]
ASSIGNMENTS = [
    _assignment("E00001", fte="0.5", subject="", end_date="2026-06-30"),
    _assignment("E00002"),
    _assignment("E00004", school="", position="counselor", start_date="2025-01-06"),
    _assignment("", state_id="90000002", school="99000020", fte="0.25"),
]


def _check(hr, kind, rows):
    return checked(district=hr.district, by=hr.user, upload=csv_file(rows, kind=kind), kind=kind)


def _both_applied(hr, *, reread: bool):
    """Check and apply the changed educators, then the changed assignments, each ending what
    it leaves out; with ``reread`` the apply is made to read its file again."""
    for kind, rows in (("educators", EDUCATORS), ("assignments", ASSIGNMENTS)):
        run = _check(hr, kind, rows)
        assert run.status == ImportRun.Status.READY
        if reread:
            ImportRun.objects.filter(pk=run.pk).update(state_digest="")
            run.refresh_from_db()
        assert applied(run, by=hr.user, absent_means="end", end_date=END).status == "applied"


def _district_records(district) -> list:
    """Everything the two files write, by natural key (ids differ between the two ways)."""
    employments = Employment.objects.filter(district=district).select_related("person")
    return [
        (
            e.employee_number,
            e.person.state_id,
            e.person.first_name,
            e.person.last_name,
            e.person.email,
            e.role_group,
            e.start_date,
            e.role_start_date,
            e.has_pts,
            e.pts_date,
            e.bargaining_unit_id,
            e.end_date,
            e.separation_reason,
            e.history.count(),
            e.person.history.count(),
            sorted(
                (
                    a.school_id,
                    a.position,
                    a.subject,
                    a.grade_level,
                    a.fte,
                    a.start_date,
                    a.end_date,
                    [h.history_type for h in a.history.order_by("history_id")],
                )
                for a in StaffAssignment.objects.filter(employment=e)
            ),
        )
        for e in employments.order_by("employee_number")
    ]


def test_the_stored_plan_writes_what_reading_the_file_again_writes(hr):
    with transaction.atomic():
        _both_applied(hr, reread=True)
        from_the_file = _district_records(hr.district)
        transaction.set_rollback(True)
    _both_applied(hr, reread=False)
    from_the_plan = _district_records(hr.district)
    assert from_the_plan == from_the_file
    married = Person.objects.get(state_id="90000001")
    assert (married.last_name, married.history.first().history_type) == ("Married", "~")
    assert Employment.objects.get(employee_number="E00003").end_date == END
    assert len(from_the_plan) == 5


def test_an_unchanged_district_is_applied_without_the_file_read_again(hr):
    run = _check(hr, "educators", EDUCATORS)
    run.file.save("overwritten.csv", ContentFile(b"not,the,file\n"), save=True)
    assert applied(run, by=hr.user, absent_means="end", end_date=END).status == "applied"
    assert Person.objects.get(state_id="90000001").last_name == "Married"
    assert Employment.objects.get(employee_number="E00005").person.state_id is None


def test_records_changed_since_the_check_are_caught_and_checked_again(hr):
    run = _check(
        hr, "assignments", [row for row in ASSIGNMENTS if row["employee_number"] != "E00004"]
    )
    assignment = StaffAssignment.objects.get(employment__employee_number="E00002")
    assignment.grade_level = "5"
    assignment.save()
    services.run_apply_request(
        run=run, by=hr.user, version=run.version, absent_means="end", end_date=END
    )
    run = services.run_apply(run.pk)
    assert run.status == ImportRun.Status.QUEUED
    assert "checked again" in run.failure
    assert StaffAssignment.objects.filter(employment__district=hr.district).count() == 3
    assert not StaffAssignment.objects.filter(end_date=END).exists()


def test_a_move_that_leaves_the_plan_as_it_was_reads_the_file_and_applies(hr, monkeypatch):
    run = _check(hr, "educators", EDUCATORS)
    PersonFactory(state_id="91111111")  # someone elsewhere in the state: the digest moves
    reads = []
    plan = services._plan
    monkeypatch.setattr(services, "_plan", lambda *a, **k: reads.append(1) or plan(*a, **k))
    assert applied(run, by=hr.user, absent_means="ignore").status == "applied"
    assert reads == [1]
    assert Person.objects.get(state_id="90000001").last_name == "Married"
