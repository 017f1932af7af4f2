"""Who holds a role, and posting a role to the district's staff through hiring."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tandem.errors import DomainError
from tandem.hiring.models import Posting
from tandem.leadership.services import role_post, tenure_record
from tandem.leadership.tests.factories import LeadershipRoleFactory
from tandem.organizations.tests.factories import SchoolFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


def test_hr_records_a_holder_of_a_district_or_a_statewide_role():
    grant = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR)
    employment = EmploymentFactory(district=grant.district)
    school = SchoolFactory(district=grant.district)
    role = LeadershipRoleFactory(district=grant.district)
    tenure = tenure_record(
        role=role, employment=employment, by=grant.user, starts_on=TODAY, school=school
    )
    assert tenure.history.get().history_user == grant.user
    statewide = LeadershipRoleFactory(district=None)
    tenure_record(role=statewide, employment=employment, by=grant.user, starts_on=TODAY)
    assert employment.leadership_tenures.count() == 2


def test_overlapping_dates_another_districts_role_or_school_are_refused():
    grant = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR)
    employment = EmploymentFactory(district=grant.district)
    role = LeadershipRoleFactory(district=grant.district)
    tenure_record(
        role=role,
        employment=employment,
        by=grant.user,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 6, 30),
    )
    with pytest.raises(DomainError, match="already holds this role"):
        tenure_record(
            role=role, employment=employment, by=grant.user, starts_on=datetime.date(2026, 1, 1)
        )
    with pytest.raises(DomainError) as refused:
        tenure_record(
            role=LeadershipRoleFactory(),
            employment=employment,
            by=grant.user,
            starts_on=TODAY,
            ends_on=TODAY - datetime.timedelta(days=1),
            school=SchoolFactory(),
        )
    assert len(refused.value.messages) == 3
    # After the first ended, a new term is fine.
    tenure_record(
        role=role, employment=employment, by=grant.user, starts_on=datetime.date(2026, 9, 1)
    )
    assert employment.leadership_tenures.count() == 2


def test_only_hr_of_the_educators_district_records_a_holder():
    employment = EmploymentFactory()
    role = LeadershipRoleFactory(district=employment.district)
    for user in [PersonFactory(signs_in=True).user, RoleGrantFactory().user]:
        with pytest.raises(PermissionDenied):
            tenure_record(role=role, employment=employment, by=user, starts_on=TODAY)


def test_posting_a_role_makes_an_internal_posting_of_its_duties():
    grant = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR)
    role = LeadershipRoleFactory(district=grant.district, name="Grade 5 team facilitator")
    posting = role_post(
        role=role,
        district=grant.district,
        by=grant.user,
        school=None,
        fte=Decimal("0.2"),
        start_date=datetime.date(2027, 1, 4),
        opens_on=TODAY,
        closes_on=datetime.date(2026, 12, 11),
    )
    assert posting.audience == Posting.Audience.INTERNAL
    assert posting.vacancy.title == "Grade 5 team facilitator"
    assert posting.description == role.duties
    with pytest.raises(PermissionDenied):
        role_post(
            role=role,
            district=grant.district,
            by=PersonFactory(signs_in=True).user,
            school=None,
            fte=Decimal("0.2"),
            start_date=datetime.date(2027, 1, 4),
            opens_on=TODAY,
            closes_on=datetime.date(2026, 12, 11),
        )


def test_the_role_page_lists_holders_and_offers_hr_the_posting(client):
    grant = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR)
    role = LeadershipRoleFactory(district=grant.district)
    employment = EmploymentFactory(district=grant.district, person__last_name="Okafor")
    client.force_login(grant.user)
    client.post(
        reverse("leadership:role_tenure", args=[role.pk]),
        {"employment": employment.pk, "starts_on": "2026-09-01"},
    )
    page = client.get(role.get_absolute_url()).content.decode()
    assert "Okafor" in page and reverse("leadership:role_post", args=[role.pk]) in page
    client.force_login(PersonFactory(signs_in=True).user)
    page = client.get(role.get_absolute_url()).content.decode()
    assert reverse("leadership:role_post", args=[role.pk]) not in page
    assert client.get(reverse("leadership:role_post", args=[role.pk])).status_code == 404
