"""Topics the state consults a cabinet on: one feedback per member, editable until the topic
closes, with a version check; the summary for staff."""

import datetime

import pytest
from django.urls import reverse

from tandem.cabinets import selectors, services
from tandem.cabinets.models import Feedback
from tandem.cabinets.tests.factories import TermFactory, TopicFactory, state_admin
from tandem.errors import DomainError
from tandem.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return TopicFactory()


def member_of(topic):
    return TermFactory(cabinet=topic.cabinet).person.user


def test_a_member_gives_feedback_then_changes_it(topic):
    user = member_of(topic)
    first = services.feedback_save(topic_id=topic.pk, by=user, text="More exemplars.", version=0)
    changed = services.feedback_save(
        topic_id=topic.pk, by=user, text="More exemplars, by grade.", version=first.version
    )
    assert changed.pk == first.pk and changed.version == 2
    assert Feedback.objects.filter(topic=topic).count() == 1


def test_a_stale_tab_cannot_overwrite_feedback(topic):
    user = member_of(topic)
    services.feedback_save(topic_id=topic.pk, by=user, text="First tab.", version=0)
    services.feedback_save(topic_id=topic.pk, by=user, text="Second tab.", version=1)
    with pytest.raises(DomainError, match="reload"):
        services.feedback_save(topic_id=topic.pk, by=user, text="First tab again.", version=1)
    with pytest.raises(DomainError, match="reload"):
        services.feedback_save(topic_id=topic.pk, by=user, text="A new one.", version=0)
    assert Feedback.objects.get(topic=topic).text == "Second tab."


def test_no_feedback_once_the_topic_closes(topic):
    user = member_of(topic)
    services.feedback_save(topic_id=topic.pk, by=user, text="In time.", version=0)
    services.topic_close(topic_id=topic.pk, by=state_admin())
    with pytest.raises(DomainError, match="closed"):
        services.feedback_save(topic_id=topic.pk, by=user, text="Too late.", version=1)
    past = TopicFactory(cabinet=topic.cabinet, closes_on=datetime.date(2026, 11, 23))
    with pytest.raises(DomainError, match="closed"):
        services.feedback_save(topic_id=past.pk, by=user, text="Too late.", version=0)
    assert Feedback.objects.get(topic=topic).text == "In time."


def test_only_serving_members_give_feedback(topic):
    former = TermFactory(
        cabinet=topic.cabinet,
        starts_on=datetime.date(2025, 7, 1),
        ends_on=datetime.date(2026, 6, 30),
    ).person.user
    for user in (
        former,
        TermFactory().person.user,
        PersonFactory(signs_in=True).user,
        state_admin(),
    ):
        with pytest.raises(DomainError, match="Only the cabinet's members"):
            services.feedback_save(topic_id=topic.pk, by=user, text="Mine.", version=0)
    assert not topic.feedback.exists()


def test_the_summary_shows_who_answered_and_who_has_not(topic):
    answering, waiting = member_of(topic), member_of(topic)
    services.feedback_save(topic_id=topic.pk, by=answering, text="Shorter forms.", version=0)
    summary = selectors.feedback_summary(topic, datetime.date(2026, 11, 24))
    assert summary.members == 2
    assert [f.text for f in summary.answered] == ["Shorter forms."]
    assert [t.person.user for t in summary.waiting] == [waiting]


def test_members_see_only_their_own_feedback_and_staff_the_summary(client, topic):
    author, colleague = member_of(topic), member_of(topic)
    services.feedback_save(topic_id=topic.pk, by=author, text="A private thought.", version=0)
    url = reverse("cabinets:topic_detail", args=[topic.pk])
    client.force_login(colleague)
    assert "A private thought." not in client.get(url).content.decode()
    client.force_login(author)
    assert "A private thought." in client.get(url).content.decode()
    client.force_login(state_admin())
    page = client.get(url).content.decode()
    assert "A private thought." in page and "Summary of the feedback" in page
    client.force_login(PersonFactory(signs_in=True).user)
    assert client.get(url).status_code == 404


def test_a_member_answers_through_the_page(client, topic):
    user = member_of(topic)
    client.force_login(user)
    url = reverse("cabinets:topic_detail", args=[topic.pk])
    assert client.post(url, {"version": 0, "text": "Clearer timelines."}).status_code == 302
    stale = client.post(url, {"version": 0, "text": "From another tab."})
    assert "reload" in stale.content.decode()
    assert Feedback.objects.get(topic=topic).text == "Clearer timelines."


def test_the_home_page_names_the_topics_waiting_on_a_member(client, topic):
    user, other = member_of(topic), member_of(topic)
    services.feedback_save(topic_id=topic.pk, by=other, text="Done.", version=0)
    client.force_login(user)
    assert topic.title in client.get(reverse("home")).content.decode()
    client.force_login(other)
    assert topic.title not in client.get(reverse("home")).content.decode()
