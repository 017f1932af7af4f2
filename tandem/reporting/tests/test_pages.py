"""The state reporting's pages: who opens them, the filters, the exceptions and the download."""

import datetime

import pytest
from django.urls import reverse

from tandem.organizations.tests.factories import SchoolYearFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)
from tandem.records.models import AccessLogEntry
from tandem.reporting.models import ReportingException
from tandem.reporting.selectors import ProblemKind
from tandem.reporting.tests.factories import ReportingExceptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(district):
    return reverse("reporting:staff_roster", args=[district.pk])


@pytest.fixture
def download(district, year):
    return f"{reverse('reporting:staff_roster_csv', args=[district.pk])}?year={year.pk}"


@pytest.fixture
def outsiders(district, school):
    """A teacher of the district, the principal of its school, and another district's HR."""
    teacher = EmploymentFactory(district=district, person=PersonFactory(signs_in=True))
    StaffAssignmentFactory(employment=teacher, school=school)
    principal = RoleGrantFactory(role=RoleGrant.Role.PRINCIPAL, district=None, school=school)
    return {
        "teacher": teacher.person.user,
        "principal": principal.user,
        "other_hr": RoleGrantFactory().user,
    }


@pytest.mark.parametrize("who", ["hr", "administrator", "state_admin"])
def test_hr_administrators_and_the_state_administrator_open_the_page(
    client, request, page, year, educator, who
):
    educator()
    client.force_login(request.getfixturevalue(who))

    response = client.get(page)

    assert response.status_code == 200
    assert response.context["school_year"] == year
    assert len(response.context["rows"]) == 1


@pytest.mark.parametrize("who", ["teacher", "principal", "other_hr"])
def test_nobody_else_opens_the_page_or_the_file(client, outsiders, page, download, who):
    client.force_login(outsiders[who])

    assert client.get(page).status_code == 404
    assert client.get(download).status_code == 404
    assert not AccessLogEntry.objects.filter(user=outsiders[who]).exists()


def test_the_page_lists_each_row_s_problems_with_their_links_and_counts(
    client, hr, page, educator, rated
):
    pending = educator(person__state_id=None)
    rated(pending)
    rated(educator())
    client.force_login(hr)

    response = client.get(page)

    text = response.content.decode()
    assert "2 educators on the 2026-27 roster; 1 with a problem; 2 shown." in text
    assert f'href="/educators/{pending.pk}/"' in text
    assert "The file cannot be made while 1 row has a problem and no exception." in text
    assert reverse("reporting:staff_roster_csv", args=[pending.district_id]) not in text


def test_the_filters_pick_a_problem_and_a_school(client, hr, district, page, educator, rated):
    pending = educator(person__state_id=None)
    other = educator()
    other.assignments.update(school=StaffAssignmentFactory(employment=other).school)
    client.force_login(hr)

    by_problem = client.get(page, {"problem": ProblemKind.NO_STATE_ID})
    by_school = client.get(page, {"school": other.assignments.first().school_id})

    assert [row.employment for row in by_problem.context["rows"]] == [pending]
    assert [row.employment for row in by_school.context["rows"]] == [other]


def test_a_filter_through_htmx_swaps_the_rows_and_the_exception_form_of_that_year(
    client, administrator, district, page, educator
):
    educator()
    earlier = SchoolYearFactory(
        district=district,
        name="2025-26",
        start_date=datetime.date(2025, 8, 27),
        end_date=datetime.date(2026, 6, 19),
    )
    client.force_login(administrator)

    response = client.get(page, {"year": earlier.pk}, HTTP_HX_REQUEST="true")

    text = response.content.decode()
    assert "<h1>" not in text
    assert "on the 2025-26 roster" in text
    assert f'name="year" value="{earlier.pk}"' in text


def test_a_filter_that_names_no_school_of_the_district_says_so(client, hr, page, educator):
    educator()
    client.force_login(hr)

    response = client.get(page, {"school": "999999"})

    assert "Choose one of the district" in response.content.decode()
    assert len(response.context["rows"]) == 1


def test_a_year_of_another_district_is_refused_by_name_and_the_year_of_today_shown(
    client, hr, page, district, year, educator
):
    educator()
    other_year = SchoolYearFactory(name="2025-26")
    client.force_login(hr)

    response = client.get(page, {"year": other_year.pk})
    download = client.get(
        reverse("reporting:staff_roster_csv", args=[district.pk]),
        {"year": other_year.pk},
        follow=True,
    )

    assert "Choose one of the district" in response.content.decode()
    assert response.context["school_year"] == year
    assert "Choose one of the district" in download.content.decode()
    assert not AccessLogEntry.objects.filter(user=hr).exists()


def test_the_page_answers_in_a_fixed_number_of_queries(
    client, hr, page, educator, rated, rows, pinned_queries
):
    for n in range(rows):
        employment = educator(person__state_id=None if n % 3 == 0 else f"R{n:07d}")
        if n % 2:
            rated(employment)
    client.force_login(hr)

    response = pinned_queries(page, 15)

    assert response.context["total"] == rows


def test_the_download_is_the_csv_with_no_store_and_an_access_log(
    client, hr, download, educator, rated
):
    summative = rated(educator())
    client.force_login(hr)

    response = client.get(download)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("MEPID,LastName,FirstName")
    assert len(lines) == 2
    assert AccessLogEntry.objects.filter(user=hr, object_id=summative.pk, channel="export").exists()


def test_the_download_answers_in_a_fixed_number_of_queries(
    client, hr, download, educator, rated, rows, pinned_queries
):
    for _n in range(rows):
        rated(educator())
    client.force_login(hr)

    response = pinned_queries(download, 18)

    assert len(response.content.decode("utf-8-sig").splitlines()) == rows + 1


def test_the_download_is_refused_while_a_row_is_invalid(client, hr, page, download, educator):
    educator()
    client.force_login(hr)

    response = client.get(download, follow=True)

    assert response.redirect_chain[-1][0].startswith(page)
    assert "1 row has a problem" in response.content.decode()
    assert not AccessLogEntry.objects.filter(user=hr).exists()


def test_an_administrator_marks_an_exception_with_a_reason(
    client, administrator, district, year, educator
):
    employment = educator()
    client.force_login(administrator)
    url = reverse("reporting:exception_add", args=[district.pk])

    refused = client.post(url, {"year": year.pk, "person": employment.person_id, "reason": ""})
    marked = client.post(
        url, {"year": year.pk, "person": employment.person_id, "reason": "On leave all year."}
    )

    assert refused.status_code == 200
    assert "Say why this row goes to the state as it is." in refused.content.decode()
    assert marked.status_code == 302
    exception = ReportingException.objects.get()
    assert (exception.person, exception.by, exception.reason) == (
        employment.person,
        administrator,
        "On leave all year.",
    )
    page = client.get(marked["Location"])
    assert "On leave all year." in page.content.decode()
    assert page.context["blocking"] == 0


def test_hr_may_not_mark_or_remove_an_exception(client, hr, district, year, educator):
    employment = educator()
    exception = ReportingExceptionFactory(
        district=district, school_year=year, person=employment.person
    )
    client.force_login(hr)

    added = client.post(
        reverse("reporting:exception_add", args=[district.pk]),
        {"year": year.pk, "person": employment.person_id, "reason": "On leave."},
    )
    removed = client.post(reverse("reporting:exception_remove", args=[district.pk, exception.pk]))

    assert (added.status_code, removed.status_code) == (403, 403)
    assert ReportingException.objects.get() == exception
    assert (
        "Mark as an exception"
        not in client.get(reverse("reporting:staff_roster", args=[district.pk])).content.decode()
    )


def test_an_administrator_removes_an_exception(client, administrator, district, year, educator):
    employment = educator()
    exception = ReportingExceptionFactory(
        district=district, school_year=year, person=employment.person
    )
    client.force_login(administrator)

    response = client.post(reverse("reporting:exception_remove", args=[district.pk, exception.pk]))

    assert response.status_code == 302
    assert not ReportingException.objects.exists()


def test_another_district_s_administrator_does_not_reach_its_exceptions(
    client, district, year, educator
):
    exception = ReportingExceptionFactory(
        district=district, school_year=year, person=educator().person
    )
    client.force_login(RoleGrantFactory(role=RoleGrant.Role.DISTRICT_ADMIN).user)

    response = client.post(reverse("reporting:exception_remove", args=[district.pk, exception.pk]))

    assert response.status_code == 404
    assert ReportingException.objects.exists()


def test_the_district_page_links_to_the_roster_for_its_readers_only(
    client, hr, outsiders, district, page
):
    detail = reverse("organizations:district_detail", args=[district.pk])
    client.force_login(hr)
    assert f'href="{page}"' in client.get(detail).content.decode()
    client.force_login(outsiders["teacher"])
    assert f'href="{page}"' not in client.get(detail).content.decode()
