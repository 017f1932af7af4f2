"""The principal's and the district's progress pages, and aggregates for leaders."""

import pytest
from django.utils import timezone

from tandem.evaluation.models import EvaluationCycle
from tandem.organizations.models import School
from tandem.people.models import RoleGrant, StaffAssignment

pytestmark = pytest.mark.django_db


def _district_of(user):
    return RoleGrant.objects.filter(user=user).exclude(district=None).first().district


def test_the_principal_sees_every_cycle_of_the_school_with_what_is_late(client, user_of):
    principal = user_of("principal@example.org")
    school = RoleGrant.objects.get(user=principal, role="principal").school
    client.force_login(principal)
    page = client.get(f"/schools/{school.pk}/evaluations/").content.decode()
    assert "Past their due date" in page and "Overdue since" in page
    overdue_only = client.get(f"/schools/{school.pk}/evaluations/?overdue=1")
    assert all(row.next_due.overdue for row in overdue_only.context["rows"])
    assert len(overdue_only.context["rows"]) < len(
        client.get(f"/schools/{school.pk}/evaluations/").context["rows"]
    )


def test_hr_sees_last_years_rating_distribution_whole(client, user_of):
    hr = user_of("hr@example.org")
    district = _district_of(hr)
    client.force_login(hr)
    response = client.get(f"/districts/{district.pk}/evaluations/")
    table = response.context["distribution"]["table"]
    assert not table.aggregates_only
    assert (
        table.grand_total
        == EvaluationCycle.objects.filter(
            district=district, step="complete", end_date__year=2026
        ).count()
    )
    assert not any(row.hidden for row in table.as_rows())
    assert "/schools/" in response.content.decode()


@pytest.mark.parametrize("email", ["union.president@example.org", "committee.chair@example.org"])
def test_leaders_see_counts_only_with_small_groups_suppressed(client, user_of, email):
    leader = user_of(email)
    district = _district_of(leader)
    client.force_login(leader)
    response = client.get(f"/districts/{district.pk}/evaluations/")
    page = response.content.decode()
    main = page.split("<main")[1]
    assert "/cycles/" not in main and "/evaluations/" not in main
    table = response.context["distribution"]["table"]
    assert table.aggregates_only
    rows = table.as_rows()
    for row in rows:
        assert row.hidden == bool(table.reason(row.key))
        assert not row.hidden or (row.total is None and all(c == (None, None) for c in row.cells))
    assert page.count("Suppressed (small group)") == sum(row.hidden for row in rows)


def test_a_leader_of_another_district_sees_nothing(client, user_of):
    committee = user_of("committee.chair@example.org")
    other = (
        RoleGrant.objects.filter(role="school_committee")
        .exclude(district=_district_of(committee))
        .first()
        .district
    )
    client.force_login(committee)
    assert client.get(f"/districts/{other.pk}/evaluations/").status_code == 404


def test_a_teacher_sees_no_school_or_district_progress(client, user_of):
    teacher = user_of("teacher@example.org")
    district = teacher.person.employments.get().district
    client.force_login(teacher)
    assert client.get(f"/districts/{district.pk}/evaluations/").status_code == 404
    school = district.schools.first()
    assert client.get(f"/schools/{school.pk}/evaluations/").status_code == 404


def test_a_school_with_few_cycles_is_not_counted_for_readers_of_aggregates(client, user_of):
    """Per-school step counts follow the state's small-group rule (docs/ARCHITECTURE.md)."""
    leader = user_of("union.president@example.org")
    district = _district_of(leader)
    small = School.objects.create(
        district=district, name="Harbor Annex", org_code="09990099", level="elementary"
    )
    moved = EvaluationCycle.objects.filter(district=district, step="implementation")[:3]
    StaffAssignment.objects.filter(employment__in=[c.employment_id for c in moved]).update(
        school=small
    )
    client.force_login(leader)
    response = client.get(f"/districts/{district.pk}/evaluations/")
    rows = {school.pk: row for school, row in response.context["schools"]}
    assert rows[small.pk].hidden and rows[small.pk].reason == "fewer than 6"
    summary = response.context["summary"]
    shown = sum(row.total for row in rows.values() if not row.hidden)
    assert summary.hidden or summary.total - shown != 3, "the total less the rest gives it back"
    assert "Not shown: too few cycles" in response.content.decode().split("Harbor Annex")[1]
    client.force_login(user_of("hr@example.org"))
    response = client.get(f"/districts/{district.pk}/evaluations/")
    assert not any(row.hidden for _school, row in response.context["schools"])
    assert {school.pk: row.total for school, row in response.context["schools"]}[small.pk] == 3


def test_the_distribution_is_of_the_school_year_before_by_its_row(client, user_of):
    hr = user_of("hr@example.org")
    district = _district_of(hr)
    client.force_login(hr)
    response = client.get(f"/districts/{district.pk}/evaluations/")
    year = response.context["distribution"]["school_year"]
    today = timezone.localdate()
    current = district.school_years.get(start_date__lte=today, end_date__gte=today)
    assert year == district.school_years.filter(end_date__lt=current.start_date).latest(
        "start_date"
    )
    assert f"Summative ratings, {year.name}" in response.content.decode()
