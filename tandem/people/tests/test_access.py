import datetime

import pytest
from django.urls import reverse

from tandem.people.models import RoleGrant, StaffAssignment
from tandem.people.selectors import roles_of
from tandem.people.tests.factories import (
    EmploymentFactory,
    EvaluatorAssignmentFactory,
    RoleGrantFactory,
)
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _a_teacher_of(principal):
    """A teacher at the principal's school who is neither of the demo's teacher sign-ins."""
    school = RoleGrant.objects.get(user=principal, role="principal").school
    return (
        StaffAssignment.objects.filter(school=school, employment__role_group="teacher")
        .exclude(
            employment__person__user__email__in=[
                "teacher@example.org",
                "union.president@example.org",
            ]
        )
        .first()
        .employment
    )


def test_access_ends_the_day_after_the_granting_relation_ends():
    """A relation that ends on day D grants access on D and not on D+1."""
    last_day = datetime.date(2026, 12, 31)
    grant = RoleGrantFactory(end_date=last_day)
    hr = grant.user
    assert grant.district_id in roles_of(hr, last_day).personnel_districts
    hr._tandem_roles = None
    assert (
        grant.district_id
        not in roles_of(hr, last_day + datetime.timedelta(days=1)).personnel_districts
    )


def test_an_evaluator_loses_the_record_when_the_assignment_ends():
    end = datetime.date(2027, 1, 15)
    assignment = EvaluatorAssignmentFactory(end_date=end)
    evaluator = assignment.evaluator.user
    assert assignment.evaluatee_id in roles_of(evaluator, end).evaluatee_ids
    evaluator._tandem_roles = None
    assert (
        assignment.evaluatee_id
        not in roles_of(evaluator, end + datetime.timedelta(days=1)).evaluatee_ids
    )


@pytest.mark.parametrize(
    ("email", "sees"),
    [
        ("principal@example.org", True),
        ("hr@example.org", True),
        ("district.admin@example.org", True),
        ("teacher@example.org", False),
        ("union.president@example.org", False),
        ("committee.chair@example.org", False),
    ],
)
def test_the_personnel_record_shows_only_to_those_with_a_right_to_it(client, user_of, email, sees):
    employment = _a_teacher_of(user_of("principal@example.org"))
    viewer = user_of(email)
    client.force_login(viewer)
    response = client.get(reverse("people:educator_detail", args=[employment.pk]))
    assert response.status_code == 200
    assert ("Personnel record" in response.content.decode()) is sees
    logged = AccessLogEntry.objects.filter(user=viewer, subject=employment.person).count()
    assert logged == (1 if sees else 0)


def test_the_educator_sees_who_opened_their_record(client, user_of):
    teacher = user_of("teacher@example.org")
    hr = user_of("hr@example.org")
    employment = teacher.person.employments.get()
    client.force_login(hr)
    client.get(reverse("people:educator_detail", args=[employment.pk]))
    client.force_login(teacher)
    page = client.get(reverse("people:access_log")).content.decode()
    assert str(hr) in page
    client.force_login(user_of("union.president@example.org"))
    other = client.get(reverse("people:access_log")).content.decode()
    assert str(hr) not in other


def test_the_api_logs_each_personnel_record_it_returns(client):
    employment = EmploymentFactory(has_pts=True)
    hr = RoleGrantFactory(district=employment.district).user
    client.force_login(hr)
    response = client.get(f"/api/educators/{employment.pk}/personnel")
    assert response.status_code == 200
    assert response.json()["has_pts"] == employment.has_pts
    entry = AccessLogEntry.objects.get(user=hr)
    assert entry.channel == "api" and entry.subject_id == employment.person_id


def test_a_state_analyst_sees_no_names(client, user_of):
    client.force_login(user_of("analyst@example.org"))
    teacher = user_of("teacher@example.org")
    home = client.get(reverse("home")).content.decode()
    assert teacher.person.last_name not in home or teacher.person.first_name not in home
    assert client.get(reverse("people:educator_list")).status_code == 404
    assert client.get("/api/educators").json()["count"] == 0
