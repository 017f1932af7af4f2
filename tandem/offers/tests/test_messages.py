"""The district's own wording of its messages to applicants, edited by its HR."""

import pytest
from django.urls import reverse

from tandem.errors import DomainError
from tandem.hiring.models import Application
from tandem.offers.models import MessageTemplate, Offer
from tandem.offers.services import application_not_selected, message_template_save
from tandem.offers.tests.factories import OFFER_TERMS, selection_build
from tandem.offers.wording import ABOUT_AN_OFFER, DEFAULTS, message_compose, placeholders_check
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db

Kind = MessageTemplate.Kind


def test_every_default_fills_all_its_placeholders():
    selection = selection_build(stage=Application.Stage.OFFER)
    offer = Offer.objects.create(
        application=selection.application, sent_by=selection.hr, **OFFER_TERMS
    )
    assert set(DEFAULTS) == set(Kind)
    for kind in Kind:
        message = message_compose(
            kind, selection.application, offer if kind in ABOUT_AN_OFFER else None
        )
        assert str(selection.application.person) in message.body
        assert "{" not in message.subject + message.body, kind
    placeholders_check(Kind.OFFER, *map(str, DEFAULTS[Kind.OFFER]))


def test_the_district_s_wording_is_what_the_applicant_is_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    selection = selection_build(stage=Application.Stage.INTERVIEW)
    message_template_save(
        district_id=selection.application.posting.vacancy.district_id,
        kind=Kind.NOT_SELECTED,
        actor=selection.hr,
        subject="About {position}",
        body="Dear {applicant}, we have chosen another candidate. {district}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_not_selected(
            selection.application, actor=selection.hr, version=1, reason="Internal."
        )
    (mail,) = mailoutbox
    vacancy = selection.application.posting.vacancy
    assert mail.subject == f"About {vacancy.title}"
    assert mail.body == (
        f"Dear {selection.application.person}, we have chosen another candidate. "
        f"{vacancy.district.name}"
    )


@pytest.mark.parametrize(
    ("kind", "body", "problem"),
    [
        (Kind.NOT_SELECTED, "Answer by {respond_by}.", "cannot fill {respond_by}"),
        (Kind.OFFER, "Dear {name}", "cannot fill {name}"),
        (Kind.OFFER, "Dear {applicant", "brace"),
    ],
)
def test_a_placeholder_the_message_cannot_fill_is_refused(kind, body, problem):
    selection = selection_build()
    with pytest.raises(DomainError, match=problem.replace("{", r"\{").replace("}", r"\}")):
        message_template_save(
            district_id=selection.application.posting.vacancy.district_id,
            kind=kind,
            actor=selection.hr,
            subject="Subject",
            body=body,
        )
    assert not MessageTemplate.objects.exists()


def test_hr_edits_the_district_s_messages_on_its_page(signed_in):
    selection = selection_build()
    district = selection.application.posting.vacancy.district
    client = signed_in(selection.hr)
    listing = client.get(reverse("offers:message_templates", args=[district.pk]))
    assert listing.status_code == 200 and "Default" in listing.content.decode()
    url = reverse("offers:message_template_edit", args=[district.pk, "offer_expired"])
    assert "has lapsed" in client.get(url).content.decode()
    response = client.post(url, {"subject": "Lapsed: {position}", "body": "By {respond_by}."})
    assert response.status_code == 302
    assert MessageTemplate.objects.get(district=district).subject == "Lapsed: {position}"
    refused = client.post(url, {"subject": "Lapsed", "body": "{nope}"})
    assert refused.status_code == 200 and "cannot fill" in refused.content.decode()
    assert MessageTemplate.objects.get(district=district).body == "By {respond_by}."


def test_nobody_but_the_district_s_hr_edits_its_messages(signed_in):
    selection = selection_build()
    district = selection.application.posting.vacancy.district
    for user in (
        selection.principal,
        selection.applicant,
        RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR).user,
    ):
        client = signed_in(user)
        assert (
            client.get(reverse("offers:message_templates", args=[district.pk])).status_code == 404
        )
        url = reverse("offers:message_template_edit", args=[district.pk, "offer"])
        assert client.post(url, {"subject": "x", "body": "y"}).status_code == 404
    assert not MessageTemplate.objects.exists()
