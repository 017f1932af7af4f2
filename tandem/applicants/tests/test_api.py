import pytest
from django.urls import reverse

from tandem.applicants.tests.factories import applicant
from tandem.hiring.tests.factories import ApplicationFactory
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_the_api_lists_the_applicants_own_applications_and_logs_the_reading(client):
    user = applicant()
    mine = ApplicationFactory(person=user.person)
    ApplicationFactory()  # someone else's
    client.force_login(user)
    response = client.get(reverse("api:my_applications"))
    assert response.status_code == 200
    assert [(a["id"], a["status"]) for a in response.json()] == [
        (mine.pk, "Received: the district has your application.")
    ]
    assert AccessLogEntry.objects.filter(user=user, object_id=mine.pk, channel="api").exists()


def test_the_api_needs_a_sign_in_and_shows_staff_nothing_of_others(client, user_of):
    ApplicationFactory(person=applicant().person)
    assert client.get(reverse("api:my_applications")).status_code == 401
    client.force_login(user_of("hr@example.org"))
    assert client.get(reverse("api:my_applications")).json() == []
