"""Attendance by the facilitator, the assessment of learning, completion with its points, the
certificate and its public check."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from tandem.errors import DomainError
from tandem.learning.models import Attendance, Completion
from tandem.learning.services import (
    attendance_record,
    completion_record,
    registration_register,
)
from tandem.learning.tests.factories import OfferingFactory
from tandem.licensure.models import PointsEntry
from tandem.people.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    """A two-session course with its facilitator and two participants."""
    facilitator = UserFactory()
    offering = OfferingFactory(facilitator=facilitator, capacity=3, sessions=2, units=12)
    people = PersonFactory.create_batch(2, signs_in=True)
    registrations = [registration_register(offering_id=offering.pk, person_id=p.pk) for p in people]
    return offering, facilitator, registrations


def test_completion_needs_every_session_and_earns_points_only_when_passed(course):
    offering, facilitator, (present, absent) = course
    first, second = offering.sessions.all()
    attendance_record(session=first, present={present.pk, absent.pk}, by=facilitator)
    attendance_record(session=second, present={present.pk}, by=facilitator)
    assert Attendance.objects.get(registration=absent, session=second).present is False

    with pytest.raises(DomainError, match="attended 1 of 2 sessions"):
        completion_record(registration=absent, passed=True, by=facilitator)
    done = completion_record(registration=present, passed=True, by=facilitator)
    assert (done.points, done.topic) == (Decimal("12"), "pedagogy")
    with pytest.raises(DomainError, match="already recorded"):
        completion_record(registration=present, passed=False, by=facilitator)

    attendance_record(session=second, present={present.pk, absent.pk}, by=facilitator)
    failed = completion_record(registration=absent, passed=False, by=facilitator)
    assert failed.points == 0
    # The passed completion's points are in its educator's ledger, and only those.
    assert [
        (e.person_id, e.points, e.topic, e.source_kind, e.source_id)
        for e in PointsEntry.objects.filter(person__in=[present.person, absent.person])
    ] == [(present.person_id, Decimal("12"), "pedagogy", "offering", done.pk)]


def test_only_the_facilitator_takes_attendance_and_assesses(course):
    offering, _facilitator, (registration, _) = course
    participant = registration.person.user
    with pytest.raises(DomainError, match="Only the facilitator"):
        attendance_record(session=offering.sessions.first(), present=set(), by=participant)
    with pytest.raises(DomainError, match="Only the facilitator"):
        completion_record(registration=registration, passed=True, by=participant)
    assert (
        not Attendance.objects.exists()
        or not Attendance.objects.filter(session__offering=offering).exists()
    )


def test_a_stranger_cannot_be_signed_in(course):
    offering, facilitator, _ = course
    outsider = registration_register(offering_id=OfferingFactory().pk, person_id=PersonFactory().pk)
    with pytest.raises(DomainError, match="not registered"):
        attendance_record(session=offering.sessions.first(), present={outsider.pk}, by=facilitator)
    assert not Attendance.objects.filter(session__offering=offering).exists()


def test_the_sheet_and_assessment_pages(client, course):
    offering, facilitator, (registration, other) = course
    client.force_login(facilitator)
    for session in offering.sessions.all():
        url = reverse("learning:attendance", args=[offering.pk, session.pk])
        assert client.get(url).status_code == 200
        client.post(url, {"present": [registration.pk]})
    url = reverse("learning:assessment", args=[offering.pk])
    page = client.get(url).content.decode()
    assert "2 of 2" in page
    # Each row's buttons say whom they decide, for a screen reader that lists buttons alone.
    assert f'Passed<span class="usa-sr-only"> {escape(str(other.person))}</span>' in page
    client.post(url, {"registration": registration.pk, "passed": "yes"})
    assert Completion.objects.get(registration=registration).passed
    # A participant does not open the facilitator's pages.
    client.force_login(other.person.user)
    assert client.get(url).status_code == 404


def _completed(course):
    offering, facilitator, (registration, _) = course
    for session in offering.sessions.all():
        attendance_record(session=session, present={registration.pk}, by=facilitator)
    return completion_record(registration=registration, passed=True, by=facilitator)


def test_the_certificate_is_a_pdf_for_its_educator_only(client, course):
    completion = _completed(course)
    _offering, _facilitator, (_, other) = course
    url = reverse("learning:certificate", args=[completion.pk])
    client.force_login(other.person.user)
    assert client.get(url).status_code == 404
    client.force_login(completion.registration.person.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_anyone_checks_a_certificate_and_sees_four_facts_only(client, course):
    completion = _completed(course)
    person = completion.registration.person
    page = client.get(reverse("learning:verify", args=[completion.code])).content.decode()
    assert str(person) in page
    assert completion.registration.offering.title in page
    assert "12" in page and "2026-11-24" in page
    assert person.email not in page and person.state_id not in page
    assert client.get(reverse("learning:verify", args=["not-a-code"])).status_code == 404


def test_the_educators_page_links_the_certificate_and_its_public_check(client, course):
    completion = _completed(course)
    _offering, _facilitator, (_, other) = course
    check = reverse("learning:verify", args=[completion.code])
    client.force_login(completion.registration.person.user)
    page = client.get(reverse("learning:my_learning")).content.decode()
    assert reverse("learning:certificate", args=[completion.pk]) in page
    assert f'href="{check}"' in page
    # A colleague in the same offering, not yet completed, has neither.
    client.force_login(other.person.user)
    page = client.get(reverse("learning:my_learning")).content.decode()
    assert check not in page and "Public check page" not in page
