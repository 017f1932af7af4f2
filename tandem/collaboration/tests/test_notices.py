"""E-mail notices of what waits on a person in their team's work: one a day at most, only when
something is new, or a weekly digest by choice; a rerun never sends twice."""

import datetime
import email
import socket

import pytest
from django.core import mail

from tandem.collaboration.models import NoticePreference, NoticeSent
from tandem.collaboration.services.notices import notice_preference_set, notices_send
from tandem.collaboration.tasks import daily_team_notices
from tandem.collaboration.tests.factories import PlanVersionFactory
from tandem.collaboration.tests.first_team import TODAY
from tandem.errors import DomainError

pytestmark = pytest.mark.django_db

MONDAY = TODAY - datetime.timedelta(days=TODAY.weekday())
NEXT_MONDAY = MONDAY + datetime.timedelta(days=7)


def _to(outbox, user):
    return [m for m in outbox if m.to == [user.email]]


def _draft(team, people):
    return PlanVersionFactory(
        plan__team=team, plan__created_by=people["principal"], started_on=TODAY
    )


def test_a_person_hears_once_a_day_and_only_of_something_new(team, people, mailoutbox):
    union = people["union"]
    draft = _draft(team, people)
    sent = notices_send(today=TODAY)
    mine = _to(mailoutbox, union)
    assert sent == len(mailoutbox) and len(mine) == 1
    assert f"/plans/{draft.plan_id}/sign/" in mine[0].body and "[new]" in mine[0].body

    assert notices_send(today=TODAY) == 0  # a rerun the same day sends nothing
    assert NoticeSent.objects.filter(user=union, sent_on=TODAY).count() == 1

    tomorrow = TODAY + datetime.timedelta(days=1)
    notices_send(today=tomorrow)
    assert len(_to(mailoutbox, union)) == 1  # the same things wait: nothing new, no e-mail

    later = _draft(team, people)  # a second plan's draft
    notices_send(today=tomorrow + datetime.timedelta(days=1))
    mine = _to(mailoutbox, union)
    assert len(mine) == 2
    assert f"/plans/{later.plan_id}/sign/" in mine[1].body
    assert f"/plans/{draft.plan_id}/sign/" in mine[1].body  # still waiting, not marked new
    assert mine[1].body.count("[new]") == 1


def test_the_weekly_digest_comes_on_mondays_only(team, people, mailoutbox):
    union = people["union"]
    notice_preference_set(user=union, frequency=NoticePreference.Frequency.WEEKLY)
    _draft(team, people)
    notices_send(today=TODAY)  # a Tuesday
    assert not _to(mailoutbox, union)
    notices_send(today=NEXT_MONDAY)
    notices_send(today=NEXT_MONDAY)
    mine = _to(mailoutbox, union)
    assert len(mine) == 1 and mine[0].subject.startswith("This week in your team's work")


def test_nobody_outside_a_team_is_noticed(team, people, mailoutbox):
    _draft(team, people)
    notices_send(today=TODAY)
    assert not _to(mailoutbox, people["teacher"])


def test_the_daily_task_sends_the_notices(team, people, mailoutbox):
    _draft(team, people)
    result = daily_team_notices.call()
    assert result["noticed"] == len(mailoutbox) > 0


def test_a_bad_choice_is_refused_and_changes_nothing(people):
    with pytest.raises(DomainError, match="daily notice or a weekly digest"):
        notice_preference_set(user=people["union"], frequency="hourly")
    assert not NoticePreference.objects.filter(user=people["union"]).exists()


def test_a_member_chooses_on_the_team_page_and_an_outsider_cannot_reach_it(client, team, people):
    client.force_login(people["union_member"])
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert f'action="/teams/{team.pk}/notices/"' in page
    response = client.post(f"/teams/{team.pk}/notices/", {"frequency": "weekly"})
    assert response.status_code == 302
    assert NoticePreference.objects.get(user=people["union_member"]).frequency == "weekly"
    client.post(f"/teams/{team.pk}/notices/", {"frequency": "hourly"})
    assert NoticePreference.objects.get(user=people["union_member"]).frequency == "weekly"

    client.force_login(people["teacher"])
    assert client.post(f"/teams/{team.pk}/notices/", {"frequency": "weekly"}).status_code == 404
    assert not NoticePreference.objects.filter(user=people["teacher"]).exists()


def test_a_notice_goes_through_a_real_smtp_server(team, people, settings):
    """One notice through Django's SMTP backend to a loopback server (aiosmtpd)."""
    controller_module = pytest.importorskip("aiosmtpd.controller")

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = controller_module.Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        draft = _draft(team, people)
        sent = notices_send(today=TODAY)
    finally:
        controller.stop()
    assert sent == len(received) > 0
    union = [e for e in received if e.rcpt_tos == [people["union"].email]]
    assert len(union) == 1
    message = email.message_from_bytes(union[0].content)
    assert f"/plans/{draft.plan_id}/sign/" in message.get_payload(decode=True).decode()
    assert not mail.outbox
