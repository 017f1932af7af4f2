"""Induction's pages: who opens them, who may not, what is logged and what other districts see."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.induction.models import InductionRules, MentorAssignment, MentoringLog
from tandem.induction.tests.factories import MentorAssignmentFactory, MentoringLogFactory
from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
    UserFactory,
)
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db
TODAY_OF_TESTS = datetime.date(2026, 11, 24)


@pytest.fixture
def assignment(beginner, mentor):
    return MentorAssignmentFactory(mentee=beginner, mentor=mentor)


@pytest.fixture
def log(assignment):
    return MentoringLogFactory(assignment=assignment, topic="Seating plan", notes="Private note")


@pytest.fixture
def outsiders(district, school):
    """A teacher of the district, the principal of the school, another district's HR, and a
    mentor of another pair."""
    teacher = EmploymentFactory(district=district, person=PersonFactory(signs_in=True))
    StaffAssignmentFactory(employment=teacher, school=school)
    return {
        "teacher": teacher.person.user,
        "principal": RoleGrantFactory(
            role=RoleGrant.Role.PRINCIPAL, district=None, school=school
        ).user,
        "other_hr": RoleGrantFactory(district=DistrictFactory()).user,
        "other_mentor": MentorAssignmentFactory(
            mentee=EmploymentFactory(district=district)
        ).mentor.person.user,
    }


def test_hr_opens_every_district_page(client, district, year, hr, log):
    client.force_login(hr)
    for name in ("district", "settings", "mentor_list", "report"):
        response = client.get(reverse(f"induction:{name}", args=[district.pk]))
        assert response.status_code == 200, name
    response = client.get(reverse("induction:mentee", args=[log.assignment.mentee.pk]))
    assert response.status_code == 200
    assert "Seating plan" in response.text


def test_outsiders_do_not_see_the_district_pages_or_the_mentee(
    client, district, year, log, outsiders
):
    for role, user in outsiders.items():
        client.force_login(user)
        for url in (
            reverse("induction:district", args=[district.pk]),
            reverse("induction:report_csv", args=[district.pk]),
            reverse("induction:mentee", args=[log.assignment.mentee.pk]),
        ):
            assert client.get(url).status_code == 404, (role, url)


def test_outsiders_may_not_confirm_or_read_an_entry(client, log, outsiders):
    for role, user in outsiders.items():
        client.force_login(user)
        response = client.post(
            reverse("induction:log_confirm", args=[log.pk]), {"version": log.version}
        )
        assert response.status_code == 404, role
        assert "Seating plan" not in client.get(reverse("induction:mine")).text
    log.refresh_from_db()
    assert not log.is_confirmed


def test_the_mentor_confirms_on_their_page_and_the_read_is_logged(client, log):
    mentor = log.assignment.mentor.person.user
    client.force_login(mentor)
    page = client.get(reverse("induction:mine"))
    assert "1 entry waits for you to confirm it." in page.text
    assert AccessLogEntry.objects.filter(user=mentor, object_id=log.pk).exists()
    response = client.post(
        reverse("induction:log_confirm", args=[log.pk]), {"version": log.version}
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.confirmed_by == mentor


def test_the_mentee_logs_time_and_cannot_confirm_it(client, assignment):
    mentee = assignment.mentee.person.user
    client.force_login(mentee)
    client.post(
        reverse("induction:log_add", args=[assignment.pk]),
        {"date": "2026-11-20", "hours": "1.25", "kind": "meeting", "topic": "Parent night"},
    )
    log = MentoringLog.objects.get(assignment=assignment)
    assert log.entered_by == mentee
    client.post(reverse("induction:log_confirm", args=[log.pk]), {"version": log.version})
    log.refresh_from_db()
    assert not log.is_confirmed


def test_thirteen_hours_are_refused_with_a_message(client, assignment):
    client.force_login(assignment.mentee.person.user)
    response = client.post(
        reverse("induction:log_add", args=[assignment.pk]),
        {"date": "2026-11-20", "hours": "13", "kind": "meeting", "topic": "Too long"},
        follow=True,
    )
    assert "A day holds at most 12 hours." in response.text
    assert not MentoringLog.objects.filter(assignment=assignment).exists()


def test_a_new_district_sees_the_hours_but_not_the_old_districts_notes(client, district, year, log):
    log.confirmed_by = log.assignment.mentor.person.user
    log.confirmed_at = datetime.datetime(2026, 10, 6, tzinfo=datetime.UTC)
    log.save()
    new_district = DistrictFactory()
    moved = EmploymentFactory(
        district=new_district, person=log.mentee, start_date=datetime.date(2026, 11, 2)
    )
    new_hr = RoleGrantFactory(district=new_district).user
    client.force_login(new_hr)
    response = client.get(reverse("induction:mentee", args=[moved.pk]))
    assert response.status_code == 200
    assert "Mentored hours: 1.00 confirmed" in response.text
    assert "Seating plan" not in response.text
    assert "Private note" not in response.text
    assert AccessLogEntry.objects.filter(user=new_hr, object_id=log.pk).exists()


def test_hr_assigns_a_suggested_mentor(client, district, year, hr, beginner, mentor):
    client.force_login(hr)
    page = client.get(reverse("induction:mentee", args=[beginner.pk]))
    assert "3 points for teaching in the same school" in page.text
    response = client.post(
        reverse("induction:assign", args=[beginner.pk]),
        {"mentor": mentor.pk, "start_date": "2026-11-24"},
    )
    assert response.status_code == 302
    assert MentorAssignment.objects.get(mentee=beginner).mentor == mentor


def test_hr_saves_the_rules_and_a_bad_value_changes_nothing(client, district, year, hr):
    client.force_login(hr)
    url = reverse("induction:settings", args=[district.pk])
    fields = {
        "year": year.pk,
        "version": 0,
        "orientation_required": "on",
        "mentor_within_days": "0",
        "support_team_required": "on",
        "release_time_required": "on",
        "professional_hours": "50",
    }
    response = client.post(url, fields)
    assert "Give a number of days from 1 to 90." in response.text
    assert not InductionRules.objects.filter(district=district).exists()
    client.post(url, {**fields, "mentor_within_days": "10"})
    assert InductionRules.objects.get(district=district).mentor_within_days == 10


def test_the_report_downloads_as_csv(client, district, year, hr, log):
    log.confirmed_by = log.assignment.mentor.person.user
    log.confirmed_at = datetime.datetime(2026, 10, 6, tzinfo=datetime.UTC)
    log.save()
    client.force_login(hr)
    response = client.get(f"{reverse('induction:report_csv', args=[district.pk])}?year={year.pk}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Beginning teachers served", "Count", "1"] in rows
    assert ["Hours together", "Beginning teachers", "1.00"] in rows
    assert ["Beginning teachers served", "Ginner, Bea", log.mentee.state_id] in rows


def test_hrs_home_page_says_induction_needs_them(client, district, year, hr, beginner):
    client.force_login(hr)
    response = client.get(reverse("home"))
    assert "Induction needs you" in response.text
    assert "1 teacher past the day a mentor was due" in response.text


def test_a_teacher_outside_induction_sees_no_such_section(client):
    client.force_login(UserFactory())
    assert "Induction needs you" not in client.get(reverse("home")).text


def test_a_mentor_finds_their_mentoring_from_home(client, log):
    client.force_login(log.assignment.mentor.person.user)
    response = client.get(reverse("home"))
    assert reverse("induction:mine") in response.text
    assert "1 entry waits for you to confirm it" in response.text


def test_hr_with_nothing_waiting_still_finds_induction_from_home(client, district, year, hr):
    client.force_login(hr)
    response = client.get(reverse("home"))
    assert reverse("induction:district", args=[district.pk]) in response.text
    assert "Induction needs you" not in response.text


def test_the_overview_reads_as_many_queries_for_four_teachers_as_for_two(
    client, district, year, hr, beginner, mentor
):
    """Each list on the overview is read in one go, not once per teacher (no N+1)."""
    client.force_login(hr)
    url = reverse("induction:district", args=[district.pk])

    def add_teachers(*starts):
        for start in starts:
            teacher = EmploymentFactory(district=district, start_date=start)
            assignment = MentorAssignmentFactory(mentee=teacher, mentor=mentor, start_date=start)
            MentoringLogFactory(assignment=assignment, date=TODAY_OF_TESTS, entered_by=hr)

    add_teachers(datetime.date(2026, 8, 31), datetime.date(2025, 9, 2))
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    add_teachers(datetime.date(2026, 9, 14), datetime.date(2024, 9, 3))
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert response.text.count('href="/induction/teachers/') >= 4
    assert len(four.captured_queries) == len(two.captured_queries)


def test_hr_records_a_trained_mentor_and_not_someone_the_district_does_not_employ(
    client, district, year, hr, beginner
):
    client.force_login(hr)
    url = reverse("induction:mentor_list", args=[district.pk])
    fields = {
        "person": beginner.person_id,
        "trained_on": "2026-11-01",
        "subjects": "Mathematics",
        "grade_levels": "6-8",
        "capacity": "7",
    }
    response = client.post(url, fields)
    assert "Give a number of mentees from 1 to 6." in response.text
    client.post(url, {**fields, "capacity": "2"})
    assert beginner.person.mentor_records.get().capacity == 2
    stranger = EmploymentFactory(district=DistrictFactory())
    response = client.post(url, {**fields, "person": stranger.person_id})
    assert response.status_code == 200
    assert not stranger.person.mentor_records.exists()
