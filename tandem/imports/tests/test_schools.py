"""Schools and districts on their state codes: a district's own, and the state's (issue 12)."""

import pytest
from django.urls import reverse

from tandem.errors import DomainError
from tandem.imports import services
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked, csv_file
from tandem.organizations.models import District, School
from tandem.organizations.tests.factories import (
    DistrictFactory,
    SchoolFactory,
    StateAgencyFactory,
)
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


def school(code: str, **values) -> dict:
    row = {"org_code": code, "name": f"School {code}", "level": "elementary", "grade_span": "K-5"}
    row.update(values)
    return row


@pytest.fixture
def hr():
    return RoleGrantFactory(district=DistrictFactory(org_code="00350000"))


@pytest.fixture
def state_admin():
    StateAgencyFactory()
    return RoleGrantFactory(district=None, role=RoleGrant.Role.STATE_ADMIN).user


def test_hr_adds_and_renames_their_district_schools(hr):
    upload = csv_file([school("00350005"), school("00350010")], kind="schools")
    run = applied(
        checked(district=hr.district, by=hr.user, upload=upload, kind="schools"), by=hr.user
    )
    assert run.status == ImportRun.Status.APPLIED
    assert set(hr.district.schools.values_list("org_code", flat=True)) == {"00350005", "00350010"}

    rows = [school("00350005", name="Hillside"), school("00350010")]
    again = checked(
        district=hr.district, by=hr.user, upload=csv_file(rows, kind="schools"), kind="schools"
    )
    assert (again.added, again.changed, again.unchanged) == (0, 1, 1)
    applied(again, by=hr.user)
    renamed = School.objects.get(org_code="00350005")
    assert renamed.name == "Hillside"
    assert renamed.history.first().history_user == hr.user
    same = checked(
        district=hr.district, by=hr.user, upload=csv_file(rows, kind="schools"), kind="schools"
    )
    assert same.status == ImportRun.Status.UNCHANGED


def test_another_district_school_code_or_a_bad_code_is_a_problem(hr):
    SchoolFactory(org_code="00990005")
    upload = csv_file(
        [
            school("00990005"),
            school("123"),
            school("00350007", level="college"),
            school("00350008", district_code="00990000"),
        ],
        kind="schools",
    )
    run = checked(district=hr.district, by=hr.user, upload=upload, kind="schools")
    assert run.status == ImportRun.Status.PROBLEMS
    problems = {(p.row, p.column): p.reason for p in run.problems.all()}
    assert problems[(2, "org_code")] == "is another district's school"
    assert "eight digits" in problems[(3, "org_code")]
    assert (4, "level") in problems
    assert "this district's code" in problems[(5, "district_code")]
    assert not School.objects.filter(district=hr.district).exists()


def test_the_state_admin_imports_districts_then_their_schools(state_admin):
    state = StateAgencyFactory()
    districts = csv_file(
        [{"org_code": "00440000", "name": "Lakeview", "region": "West"}], kind="districts"
    )
    applied(
        checked(state=state, by=state_admin, upload=districts, kind="districts"), by=state_admin
    )
    lakeview = District.objects.get(org_code="00440000")
    assert (lakeview.state, lakeview.name) == (state, "Lakeview")

    schools = csv_file(
        [school("00440005", district_code="00440000"), school("00440010")], kind="schools"
    )
    run = checked(state=state, by=state_admin, upload=schools, kind="schools")
    assert [(p.row, p.column) for p in run.problems.all()] == [(3, "district_code")]
    schools = csv_file([school("00440005", district_code="00440000")], kind="schools")
    applied(checked(state=state, by=state_admin, upload=schools, kind="schools"), by=state_admin)
    assert School.objects.get(org_code="00440005").district == lakeview


def test_a_scope_the_kind_does_not_take_is_refused(hr, state_admin):
    state = StateAgencyFactory()
    with pytest.raises(DomainError, match="for a district"):
        services.run_start(state=state, kind="educators", upload=csv_file([]), by=state_admin)
    with pytest.raises(DomainError, match="state administrator"):
        services.run_start(district=hr.district, kind="districts", upload=csv_file([]), by=hr.user)


def _start(client, user, data, kind="schools"):
    client.force_login(user)
    return client.post(
        reverse("imports:run_list"),
        {**data, "kind": kind, "file": csv_file([school("00350005")], kind="schools")},
    )


def test_the_start_form_offers_the_state_only_to_the_state_admin(client, hr, state_admin):
    state = StateAgencyFactory()
    client.force_login(state_admin)
    page = client.get(reverse("imports:run_list")).content.decode()
    assert 'name="state"' in page and 'name="district"' not in page
    response = _start(client, state_admin, {"state": state.pk})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and (run.state, run.district) == (state, None)
    assert client.get(run.get_absolute_url()).status_code == 200
    assert run.get_absolute_url() in client.get(reverse("imports:run_list")).content.decode()

    client.force_login(hr.user)
    page = client.get(reverse("imports:run_list")).content.decode()
    assert 'name="state"' not in page and run.get_absolute_url() not in page
    assert _start(client, hr.user, {"state": state.pk}).status_code == 400
    assert client.get(run.get_absolute_url()).status_code == 404  # not the district's run


def test_who_may_not_import_a_district_schools(client, hr, state_admin):
    other_hr = RoleGrantFactory(district=DistrictFactory())
    assert _start(client, other_hr.user, {"district": hr.district.pk}).status_code == 400
    teacher = EmploymentFactory(district=hr.district, person=PersonFactory(signs_in=True))
    assert _start(client, teacher.person.user, {"district": hr.district.pk}).status_code == 404
    # The state administrator starts no run for a district.
    assert _start(client, state_admin, {"district": hr.district.pk}).status_code == 400
    assert not ImportRun.objects.exists()
