"""Double opt-in through the loopback SMTP server, one-click leaving, and audiences."""

import datetime
import re

import pytest
from django.core import signing
from django.utils import timezone

from tandem.errors import DomainError
from tandem.licensure.models import License
from tandem.newsletter import services
from tandem.newsletter.models import Subscriber
from tandem.newsletter.selectors import audience_of
from tandem.newsletter.tests.factories import IssueFactory, SubscriberFactory
from tandem.people.models import Employment

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def sent_on_commit(django_capture_on_commit_callbacks):
    """The confirmation leaves once the subscription is committed."""
    return django_capture_on_commit_callbacks


def _link_in(message) -> str:
    return re.search(r"http\S+/confirm/\S+/", message.get_content()).group(0).removeprefix(SITE)


def test_subscribing_by_address_takes_the_link_from_the_message(client, smtp, sent_on_commit):
    with sent_on_commit(execute=True):
        response = client.post("/top-three/subscribe/", {"email": "new.reader@example.net"})
    assert response.status_code == 200
    subscriber = Subscriber.objects.get(email="new.reader@example.net")
    assert not subscriber.receives
    (message,) = smtp.to("new.reader@example.net")

    assert client.get(_link_in(message)).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.receives


def test_a_signed_in_teacher_subscribes_with_their_account(client, smtp, user_of, sent_on_commit):
    teacher = user_of("teacher@example.org")
    client.force_login(teacher)
    with sent_on_commit(execute=True):
        client.post("/top-three/subscribe/", {"email": teacher.email})
    subscriber = Subscriber.objects.get(email__iexact=teacher.email)
    assert subscriber.user == teacher
    client.logout()
    client.get(_link_in(smtp.to(teacher.email)[0]))
    subscriber.refresh_from_db()
    assert subscriber.receives


def test_asking_again_when_subscribed_sends_nothing(client, smtp, sent_on_commit):
    reader = SubscriberFactory()
    with sent_on_commit(execute=True):
        response = client.post("/top-three/subscribe/", {"email": reader.email.upper()})
    assert response.status_code == 200
    assert smtp.messages == []
    assert Subscriber.objects.filter(email__iexact=reader.email).count() == 1


def test_a_bad_address_is_refused_and_nothing_is_written(client, smtp):
    response = client.post("/top-three/subscribe/", {"email": "not an address"})
    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    assert not Subscriber.objects.filter(email="not an address").exists()


def test_a_forged_or_expired_confirmation_is_refused(client, monkeypatch):
    subscriber = SubscriberFactory(confirmed_at=None)
    token = services.confirm_token(subscriber)
    assert client.get(f"/top-three/confirm/{token}x/").status_code == 400
    later = timezone.now() + datetime.timedelta(days=services.CONFIRM_DAYS + 1)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    with pytest.raises(DomainError, match="expired"):
        services.subscription_confirm(token=token)
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


def test_the_unsubscribe_link_asks_first_then_leaves(client):
    reader = SubscriberFactory()
    path = f"/top-three/unsubscribe/{services.unsubscribe_token(reader.pk)}/"
    page = client.get(path)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    reader.refresh_from_db()
    assert reader.receives  # a GET (a link scanner) changes nothing
    assert client.post(path).status_code == 200
    assert client.post(path).status_code == 200  # twice is harmless
    reader.refresh_from_db()
    assert reader.unsubscribed_at is not None


def test_a_forged_unsubscribe_token_changes_nothing(client):
    reader = SubscriberFactory()
    forged = signing.Signer(salt="another").sign(str(reader.pk))
    assert client.post(f"/top-three/unsubscribe/{forged}/").status_code == 400
    reader.refresh_from_db()
    assert reader.receives


def _subscriber_for(employment: Employment) -> Subscriber:
    user = employment.person.user
    return SubscriberFactory(email=user.email, user=user)


def test_audiences_come_from_tandems_records(user_of):
    teacher = user_of("teacher@example.org")
    employment = (
        Employment.objects.active_on()
        .filter(person__user=teacher)
        .select_related("district", "person__user")
        .first()
    )
    mine = _subscriber_for(employment)
    by_address = SubscriberFactory()
    License.objects.update_or_create(
        license_number="NL-TEST-1",
        defaults={
            "person": employment.person,
            "field": "Mathematics",
            "role": License.Role.TEACHER,
            "stage": License.Stage.PROFESSIONAL,
            "issued_on": datetime.date(2022, 7, 1),
            "expires_on": datetime.date(2027, 6, 30),
        },
    )

    everyone = IssueFactory()
    assert {mine, by_address} <= set(audience_of(everyone))
    for audience, takes_in in [
        ({"audience_role_group": employment.role_group}, True),
        ({"audience_role_group": "superintendent"}, False),
        (
            {"audience_region": employment.district.region.upper() or "none"},
            bool(employment.district.region),
        ),
        ({"audience_region": "Nowhere"}, False),
        ({"audience_license_field": "mathematics"}, True),
        ({"audience_license_field": "Latin"}, False),
    ]:
        members = set(audience_of(IssueFactory(**audience)))
        assert (mine in members) is takes_in, audience
        assert by_address not in members  # no records, so only issues to everyone
