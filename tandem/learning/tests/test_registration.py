"""Registration with capacity, the waitlist in order, cancellation and promotion, and two
educators asking for the last place at the same moment (PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from tandem.errors import DomainError
from tandem.learning.models import Registration
from tandem.learning.selectors import waitlist_position
from tandem.learning.services import registration_cancel, registration_register
from tandem.learning.tests.factories import OfferingFactory
from tandem.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _register(offering, person):
    return registration_register(offering_id=offering.pk, person_id=person.pk)


def test_places_then_the_waitlist_in_order_then_promotion_on_cancelling():
    offering = OfferingFactory(capacity=2)
    people = PersonFactory.create_batch(5)
    first, second, third, fourth, fifth = (_register(offering, p) for p in people)
    assert [r.status for r in (first, second, third, fourth, fifth)] == [
        "registered",
        "registered",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    assert [waitlist_position(r) for r in (third, fourth, fifth)] == [1, 2, 3]

    # A waitlisted educator leaving frees no place: nobody is promoted, the others move up.
    assert registration_cancel(registration_id=fourth.pk, person_id=people[3].pk) is None
    assert waitlist_position(fifth) == 2

    promoted = registration_cancel(registration_id=first.pk, person_id=people[0].pk)
    assert promoted == third
    third.refresh_from_db()
    assert third.status == "registered" and third.promoted_at is not None
    assert waitlist_position(Registration.objects.get(pk=fifth.pk)) == 1


def test_registering_twice_or_after_the_start_is_refused():
    offering = OfferingFactory()
    person = PersonFactory()
    _register(offering, person)
    with pytest.raises(DomainError, match="already registered"):
        _register(offering, person)
    begun = OfferingFactory(
        starts_on=datetime.date(2026, 11, 1), ends_on=datetime.date(2026, 12, 1)
    )
    with pytest.raises(DomainError, match="registration is closed"):
        _register(begun, person)
    assert not Registration.objects.filter(offering=begun).exists()


def test_only_the_educator_cancels_their_registration():
    offering = OfferingFactory()
    owner, other = PersonFactory.create_batch(2)
    registration = _register(offering, owner)
    with pytest.raises(DomainError, match="no such registration"):
        registration_cancel(registration_id=registration.pk, person_id=other.pk)
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_after_cancelling_one_may_register_again_at_the_end_of_the_waitlist():
    offering = OfferingFactory(capacity=1)
    a, b = PersonFactory.create_batch(2)
    mine = _register(offering, a)
    registration_cancel(registration_id=mine.pk, person_id=a.pk)
    assert _register(offering, b).status == "registered"
    assert _register(offering, a).status == "waitlisted"


def test_the_page_registers_waitlists_and_cancels(client):
    offering = OfferingFactory(capacity=1)
    holder = PersonFactory(signs_in=True)
    waiting = PersonFactory(signs_in=True)
    client.force_login(holder.user)
    client.post(reverse("learning:register", args=[offering.pk]))
    client.force_login(waiting.user)
    page = client.get(reverse("learning:offering_detail", args=[offering.pk]))
    assert "Join the waitlist" in page.content.decode()
    client.post(reverse("learning:register", args=[offering.pk]))
    page = client.get(reverse("learning:offering_detail", args=[offering.pk]))
    assert "You are number 1 on the waitlist" in page.content.decode()
    # Someone else's registration is not found for them.
    held = Registration.objects.get(person=holder)
    assert client.post(reverse("learning:cancel", args=[held.pk])).status_code == 404
    client.force_login(holder.user)
    client.post(reverse("learning:cancel", args=[held.pk]))
    assert Registration.objects.get(person=waiting).status == "registered"
    # The promoted educator is told why they now have a place; one who had it from the start
    # is not told of a waitlist.
    client.force_login(waiting.user)
    page = client.get(reverse("learning:offering_detail", args=[offering.pk])).content.decode()
    assert "moved you from the waitlist" in page
    again = OfferingFactory(capacity=1)
    client.post(reverse("learning:register", args=[again.pk]))
    page = client.get(reverse("learning:offering_detail", args=[again.pk])).content.decode()
    assert "You have a place in this offering." in page
    assert "waitlist" not in page.split("<main", 1)[1]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the row lock is PostgreSQL's; SQLite has one writer"
)
@pytest.mark.django_db(transaction=True)
def test_two_educators_at_once_for_the_last_place_one_gets_it_one_waits():
    offering = OfferingFactory(capacity=1)
    people = PersonFactory.create_batch(2)
    start = threading.Barrier(2)
    outcomes, errors = [], []

    def ask(person):
        try:
            start.wait()
            outcomes.append(_register(offering, person).status)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == ["registered", "waitlisted"]
    assert Registration.objects.filter(offering=offering, status="registered").count() == 1
