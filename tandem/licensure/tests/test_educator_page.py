"""The licenses on the educator's page, for those who may read the personnel record."""

import pytest
from django.urls import reverse

from tandem.licensure.tests.factories import LicenseFactory
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


def test_hr_sees_the_licenses_and_a_colleague_does_not(client):
    employment = EmploymentFactory()
    LicenseFactory(person=employment.person, license_number="412345", field="Chemistry")
    url = reverse("people:educator_detail", args=[employment.pk])
    client.force_login(RoleGrantFactory(district=employment.district).user)
    page = client.get(url).content.decode()
    assert "412345" in page and "Chemistry" in page
    colleague = EmploymentFactory(district=employment.district, person=PersonFactory(signs_in=True))
    client.force_login(colleague.person.user)
    page = client.get(url)
    assert page.status_code == 200
    assert "412345" not in page.content.decode()
