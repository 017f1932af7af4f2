"""A reference asked by e-mail and answered once through its link, read only by those who
select (issue 14, item 3)."""

import datetime
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.errors import DomainError
from tandem.offers.models import ReferenceRequest
from tandem.offers.rules import has_part_in_selection
from tandem.offers.services import reference_answer, reference_request
from tandem.offers.tests.factories import selection_build
from tandem.organizations.tests.factories import SchoolFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db

ANSWER = {
    "relationship": "I was her department head for three years.",
    "rating": "4",
    "would_rehire": "yes",
    "strengths": "Patient, precise explanations.",
    "growth_areas": "Pacing of the last unit.",
}


@pytest.fixture
def requested(django_capture_on_commit_callbacks, mailoutbox):
    selection = selection_build()
    with django_capture_on_commit_callbacks(execute=True):
        reference, token = reference_request(
            selection.application,
            actor=selection.hr,
            referee_name="Dana Okafor",
            referee_email="dana.okafor@example.test",
        )
    return selection, reference, token


def test_the_referee_is_sent_a_one_time_link_whose_token_is_kept_only_as_its_digest(
    requested, mailoutbox
):
    selection, reference, token = requested
    (mail,) = mailoutbox
    assert mail.to == ["dana.okafor@example.test"]
    assert reverse("offers:reference_answer", args=[token]) in mail.body
    assert reference.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert not ReferenceRequest.objects.filter(token_digest=token).exists()
    assert reference.expires_at == reference.requested_at + datetime.timedelta(days=14)
    assert selection.application.events.get().action == "Reference requested"


def test_the_referee_answers_without_signing_in_and_the_link_then_opens_nothing(client, requested):
    selection, reference, token = requested
    url = reverse("offers:reference_answer", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Dana Okafor" in page.content.decode()
    assert client.post(url, ANSWER).status_code == 200
    reference.refresh_from_db()
    assert (reference.rating, reference.would_rehire) == (4, "yes")
    assert reference.answered_at is not None

    again = client.post(url, {**ANSWER, "strengths": "Changed."})
    assert again.status_code == 404
    assert "works once" in again.content.decode()
    reference.refresh_from_db()
    assert reference.strengths == "Patient, precise explanations."
    assert [e.action for e in selection.application.events.all()] == [
        "Reference requested",
        "Reference received",
    ]


def test_an_expired_link_says_so_and_keeps_nothing(client, requested):
    _, reference, token = requested
    ReferenceRequest.objects.filter(pk=reference.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(reverse("offers:reference_answer", args=[token]), ANSWER)
    assert response.status_code == 404
    assert "expired" in response.content.decode()
    reference.refresh_from_db()
    assert reference.answered_at is None and reference.rating is None


def test_an_unknown_token_is_not_found(client, requested):
    assert client.get(reverse("offers:reference_answer", args=["not-ours"])).status_code == 404


def test_a_missing_rating_is_refused_with_nothing_kept(client, requested):
    _, reference, token = requested
    response = client.post(
        reverse("offers:reference_answer", args=[token]), {**ANSWER, "rating": ""}
    )
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    reference.refresh_from_db()
    assert reference.answered_at is None


def test_the_service_refuses_a_second_answer(requested):
    _, reference, _token = requested
    answer = {**ANSWER, "rating": 3}
    reference_answer(reference, **answer)
    with pytest.raises(DomainError):
        reference_answer(reference, **answer)


def _answered(requested, client):
    selection, _reference, token = requested
    client.post(reverse("offers:reference_answer", args=[token]), ANSWER)
    return selection


def test_hr_and_the_principal_read_the_answer_and_each_reading_is_logged(
    client, requested, signed_in
):
    selection = _answered(requested, client)
    url = reverse("offers:application", args=[selection.application.pk])
    for user in (selection.hr, selection.principal):
        page = signed_in(user).get(url)
        assert page.status_code == 200
        assert "Patient, precise explanations." in page.content.decode()
        logged = AccessLogEntry.objects.filter(user=user, subject=selection.application.person)
        assert {e.content_type.model for e in logged} == {"application", "referencerequest"}


def test_nobody_else_reads_the_reference_not_even_the_applicant(client, requested, signed_in):
    selection = _answered(requested, client)
    vacancy = selection.application.posting.vacancy
    others = [
        selection.applicant,
        RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR).user,  # another district's HR
        RoleGrantFactory(
            role=RoleGrant.Role.PRINCIPAL,
            district=None,
            school=SchoolFactory(district=vacancy.district),
        ).user,
        RoleGrantFactory(role=RoleGrant.Role.UNION_LEADER, district=vacancy.district).user,
    ]
    url = reverse("offers:application", args=[selection.application.pk])
    for user in others:
        assert signed_in(user).get(url).status_code == 404
    assert not AccessLogEntry.objects.filter(user__in=others).exists()


def test_hr_who_applies_has_no_part_in_their_own_selection(requested):
    selection, *_ = requested
    RoleGrantFactory(
        user=selection.applicant,
        role=RoleGrant.Role.DISTRICT_HR,
        district=selection.application.posting.vacancy.district,
    )
    assert not has_part_in_selection(selection.applicant, selection.application)
    assert has_part_in_selection(selection.hr, selection.application)


def test_a_teacher_cannot_ask_for_a_reference(signed_in, mailoutbox):
    selection = selection_build()
    response = signed_in(selection.applicant).post(
        reverse("offers:reference_request", args=[selection.application.pk]),
        {"referee_name": "A friend", "referee_email": "friend@example.test"},
    )
    assert response.status_code == 404
    assert not ReferenceRequest.objects.exists() and mailoutbox == []


def test_the_page_asks_for_a_reference_and_says_a_bad_address(
    signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    selection = selection_build()
    client = signed_in(selection.principal)
    url = reverse("offers:reference_request", args=[selection.application.pk])
    refused = client.post(url, {"referee_name": "Dana", "referee_email": "not an address"})
    assert refused.status_code == 302 and not ReferenceRequest.objects.exists()
    page = client.get(refused["Location"]).content.decode()
    assert re.search(r"e-mail.*valid", page, re.I | re.S)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"referee_name": "Dana", "referee_email": "dana@example.test"})
    assert ReferenceRequest.objects.get().requested_by == selection.principal
    assert [m.to for m in mailoutbox] == [["dana@example.test"]]


def test_a_referee_named_in_the_application_fills_in_the_form(signed_in):
    selection = selection_build()
    url = reverse("offers:application", args=[selection.application.pk])
    page = signed_in(selection.hr).get(
        url, {"referee_name": "Dana Okafor", "referee_email": "dana@example.test"}
    )
    assert 'value="dana@example.test"' in page.content.decode()
