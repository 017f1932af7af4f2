"""The offer: sent to the applicant, accepted or declined by its respond-by date, or lapsed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import TODAY
from tandem.errors import DomainError
from tandem.hiring.models import Application
from tandem.offers.models import Offer
from tandem.offers.services import offer_accept, offer_decline, offer_make, offers_expire
from tandem.offers.tasks import daily_offer_work
from tandem.offers.tests.factories import OFFER_TERMS, selection_build
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory
from tandem.records.versions import StaleVersion

pytestmark = pytest.mark.django_db

Outcome = Application.Outcome


def _offer_made(capture, **terms):
    selection = selection_build(stage=Application.Stage.OFFER)
    with capture(execute=True):
        offer = offer_make(
            selection.application, actor=selection.hr, version=1, **(OFFER_TERMS | terms)
        )
    return selection, offer


@pytest.fixture
def offered(mailoutbox, django_capture_on_commit_callbacks):
    return _offer_made(django_capture_on_commit_callbacks)


@pytest.fixture
def offered_until_tomorrow(mailoutbox, django_capture_on_commit_callbacks):
    """An offer that lapses before any of the demo's offers still waiting for an answer (the
    demo gives each at least three days), so the counts of lapsed offers are this one's."""
    return _offer_made(
        django_capture_on_commit_callbacks, respond_by=TODAY + datetime.timedelta(days=1)
    )


def test_the_offer_is_mailed_with_its_terms_and_its_page(offered, mailoutbox):
    selection, offer = offered
    (mail,) = mailoutbox
    assert mail.to == [selection.application.person.email]
    assert "$56,000 · Step 3, Master's" in mail.body
    assert reverse("offers:offer", args=[offer.pk]) in mail.body
    assert [e.action for e in selection.application.events.all()] == [
        "Offer sent",
        "Message sent to the applicant",
    ]


def test_only_hr_makes_an_offer_and_only_once_approved():
    approval = selection_build(stage=Application.Stage.APPROVAL)
    with pytest.raises(DomainError, match="approves"):
        offer_make(approval.application, actor=approval.hr, version=1, **OFFER_TERMS)
    selection = selection_build(stage=Application.Stage.OFFER)
    with pytest.raises(PermissionDenied):
        offer_make(selection.application, actor=selection.principal, version=1, **OFFER_TERMS)
    assert not Offer.objects.filter(
        application__in=[approval.application, selection.application]
    ).exists()


def test_terms_out_of_order_are_refused():
    selection = selection_build(stage=Application.Stage.OFFER)
    for terms, problem in (
        ({"respond_by": TODAY - datetime.timedelta(days=1)}, "passed"),
        ({"start_date": datetime.date(2026, 12, 1)}, "start date"),
        ({"salary": None, "salary_step": ""}, "salary"),
    ):
        with pytest.raises(DomainError, match=problem):
            offer_make(
                selection.application, actor=selection.hr, version=1, **(OFFER_TERMS | terms)
            )
    assert not Offer.objects.filter(application=selection.application).exists()


def test_the_applicant_opens_the_offer_and_nobody_outside_the_selection_does(offered, signed_in):
    selection, offer = offered
    url = reverse("offers:offer", args=[offer.pk])
    page = signed_in(selection.applicant).get(url)
    assert page.status_code == 200 and "Send my answer" in page.content.decode()
    assert signed_in(selection.hr).get(url).status_code == 200
    other_hr = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR).user
    assert signed_in(other_hr).get(url).status_code == 404


def test_accepting_ends_the_application_as_hired(offered):
    selection, offer = offered
    offer = offer_accept(offer, actor=selection.applicant, version=1)
    selection.application.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert selection.application.outcome == Outcome.HIRED


def test_an_accepted_offer_cannot_be_declined(offered):
    selection, offer = offered
    offer_accept(offer, actor=selection.applicant, version=1)
    with pytest.raises(DomainError, match="accepted"):
        offer_decline(offer, actor=selection.applicant, version=2)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED


def test_an_answer_from_a_stale_version_is_refused(offered):
    selection, offer = offered
    Offer.objects.filter(pk=offer.pk).update(version=2)
    with pytest.raises(StaleVersion):
        offer_accept(offer, actor=selection.applicant, version=1)
    selection.application.refresh_from_db()
    assert selection.application.is_open


def test_only_the_applicant_answers(offered):
    selection, offer = offered
    with pytest.raises(PermissionDenied):
        offer_accept(offer, actor=selection.hr, version=1)


def test_declining_keeps_the_reason_and_the_message_sent(
    offered, mailoutbox, django_capture_on_commit_callbacks, signed_in
):
    selection, offer = offered
    client = signed_in(selection.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("offers:offer_answer", args=[offer.pk]),
            {"version": 1, "answer": "decline", "reason": "I took a post nearer home."},
        )
    offer.refresh_from_db()
    selection.application.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED
    assert offer.decline_reason == "I took a post nearer home."
    assert selection.application.outcome == Outcome.OFFER_DECLINED
    assert "you declined our offer" in mailoutbox[-1].body
    assert selection.application.events.last().detail.startswith(mailoutbox[-1].subject)


def test_an_offer_past_its_respond_by_date_lapses_once_with_a_message(
    offered_until_tomorrow, mailoutbox, django_capture_on_commit_callbacks
):
    selection, offer = offered_until_tomorrow
    the_day_after = offer.respond_by + datetime.timedelta(days=1)
    assert offers_expire(today=offer.respond_by) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert offers_expire(today=the_day_after) == 1
    assert offers_expire(today=the_day_after) == 0
    offer.refresh_from_db()
    selection.application.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED
    assert selection.application.outcome == Outcome.OFFER_EXPIRED
    assert "has lapsed" in mailoutbox[-1].subject
    with pytest.raises(DomainError):
        offer_accept(offer, actor=selection.applicant, version=offer.version)


def test_the_daily_task_and_the_page_let_lapsed_offers_expire(
    offered_until_tomorrow, signed_in, monkeypatch
):
    from django.utils import timezone

    selection, offer = offered_until_tomorrow
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: offer.respond_by)
    assert daily_offer_work.call() == {"expired": 0}
    monkeypatch.setattr(
        timezone, "localdate", lambda *a, **k: offer.respond_by + datetime.timedelta(days=1)
    )
    page = signed_in(selection.applicant).get(reverse("offers:offer", args=[offer.pk]))
    assert "Expired" in page.content.decode() and "Send my answer" not in page.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED
    assert daily_offer_work.call() == {"expired": 0}


def test_hr_sends_the_offer_from_its_page(
    signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    selection = selection_build(stage=Application.Stage.OFFER)
    client = signed_in(selection.hr)
    url = reverse("offers:offer_make", args=[selection.application.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'value="52000"' in form.content.decode()
    assert signed_in(selection.principal).get(url).status_code == 404
    client = signed_in(selection.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**OFFER_TERMS, "salary": 56000, "version": 1})
    offer = Offer.objects.get(application=selection.application)
    assert response["Location"] == reverse("offers:offer", args=[offer.pk])
    assert len(mailoutbox) == 1


def test_a_hire_the_state_did_not_know_waits_on_the_file_with_a_link_to_onboard(offered, client):
    """Accepting onboards a hire with a state identifier at once; one without waits for HR,
    whose file of the candidate leads to the onboarding page (and to no one else)."""
    selection, offer = offered
    person = selection.application.person
    person.state_id = None
    person.save()
    offer_accept(offer, actor=selection.applicant, version=1)
    file_url = reverse("offers:application", args=[selection.application.pk])
    onboard_url = reverse("onboarding:onboard", args=[selection.application.pk])
    client.force_login(selection.hr)
    assert f'href="{onboard_url}"' in client.get(file_url).content.decode()
    client.force_login(selection.principal)
    assert f'href="{onboard_url}"' not in client.get(file_url).content.decode()
    client.force_login(selection.hr)
    client.post(onboard_url, {"start_date": "2027-08-30", "state_id": ""})
    assert f'href="{onboard_url}"' not in client.get(file_url).content.decode()


def test_the_applicants_own_application_page_leads_to_the_offer(offered, client):
    selection, offer = offered
    client.force_login(selection.applicant)
    page = client.get(reverse("applicants:application", args=[selection.application.pk]))
    assert f'href="{reverse("offers:offer", args=[offer.pk])}"' in page.content.decode()
