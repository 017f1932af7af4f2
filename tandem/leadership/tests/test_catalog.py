"""The role catalog: who adds roles, what a role must say, the filters and the page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tandem.errors import DomainError
from tandem.leadership.models import Domain, LeadershipRole
from tandem.leadership.selectors import STATEWIDE, role_list
from tandem.leadership.services import role_create
from tandem.leadership.tests.factories import LeadershipRoleFactory
from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    return {
        "name": "Data coach",
        "kind": LeadershipRole.Kind.DATA_COACH,
        "duties": "Leads teams through their students' assessment results.",
        "hours_per_week": 2,
        "release_periods": None,
        "stipend": 1500,
        "domains": [Domain.ASSESSMENT],
        **overrides,
    }


def test_a_districts_hr_adds_a_role_of_the_district_and_only_there():
    grant = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR)
    role = role_create(district=grant.district, by=grant.user, **_fields())
    assert role.district == grant.district
    assert list(role.domains.values_list("domain", flat=True)) == [Domain.ASSESSMENT]
    assert role.history.get().history_user == grant.user
    with pytest.raises(PermissionDenied):
        role_create(district=DistrictFactory(), by=grant.user, **_fields(name="Other"))
    with pytest.raises(PermissionDenied):
        role_create(district=None, by=grant.user, **_fields(name="State-wide"))


def test_only_the_state_administrator_adds_a_statewide_role():
    admin = RoleGrantFactory(role=RoleGrant.Role.STATE_ADMIN, district=None).user
    role = role_create(district=None, by=admin, **_fields(name="Mentor of new teachers"))
    assert role.district is None
    teacher = PersonFactory(signs_in=True).user
    with pytest.raises(PermissionDenied):
        role_create(district=None, by=teacher, **_fields(name="Another"))


def test_a_role_with_no_duties_domain_or_sane_hours_is_refused_whole():
    grant = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR)
    with pytest.raises(DomainError) as refused:
        role_create(
            district=grant.district,
            by=grant.user,
            **_fields(duties=" ", domains=[], hours_per_week=60, stipend=-1),
        )
    assert len(refused.value.messages) == 4
    assert "Write the role's duties" in refused.value.messages[0]
    assert not LeadershipRole.objects.filter(name="Data coach", district=grant.district).exists()


def test_a_name_already_in_the_district_is_refused():
    grant = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR)
    LeadershipRoleFactory(district=grant.district, name="Data coach")
    with pytest.raises(DomainError, match="already in the catalog"):
        role_create(district=grant.district, by=grant.user, **_fields(name="data coach"))


def test_filters_narrow_the_catalog_and_combine():
    district = DistrictFactory()
    wanted = LeadershipRoleFactory(
        district=district,
        name="Family outreach lead",
        kind=LeadershipRole.Kind.OTHER,
        domains=[Domain.OUTREACH, Domain.CULTURE],
    )
    statewide = LeadershipRoleFactory(district=None, name="Peer observer zz")
    LeadershipRoleFactory(district=district, name="Coach of mathematics")

    assert list(role_list(district=district.pk, domain=Domain.OUTREACH)) == [wanted]
    assert list(role_list(district=district.pk, kind="other")) == [wanted]
    assert list(role_list(search="family outreach")) == [wanted]
    assert statewide in role_list(district=STATEWIDE)
    assert wanted not in role_list(district=STATEWIDE)


def test_the_catalog_page_filters_and_names_the_domains(client):
    client.force_login(PersonFactory(signs_in=True).user)
    district = DistrictFactory()
    LeadershipRoleFactory(
        district=district, name="Leadership council seat", domains=[Domain.ADVOCACY]
    )
    LeadershipRoleFactory(district=district, name="Curriculum lead")
    page = client.get(reverse("leadership:role_list"), {"domain": Domain.ADVOCACY}).content.decode()
    assert "Leadership council seat" in page and "Curriculum lead" not in page
    assert "Advocating for Student Learning and the Profession" in page


def test_the_add_a_role_page_is_hrs_and_not_a_teachers(client):
    client.force_login(PersonFactory(signs_in=True).user)
    assert client.get(reverse("leadership:role_create")).status_code == 404
    grant = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR)
    client.force_login(grant.user)
    response = client.post(
        reverse("leadership:role_create"),
        {**_fields(), "kind": "data_coach", "district": grant.district.pk, "release_periods": ""},
    )
    role = LeadershipRole.objects.get(district=grant.district, name="Data coach")
    assert response.url == role.get_absolute_url()
