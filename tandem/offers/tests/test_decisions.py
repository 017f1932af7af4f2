"""The hiring manager recommends, HR approves or sends back, and the district may end an
application as not selected at any stage: each only by whom the rule allows, each an event."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tandem.errors import DomainError
from tandem.hiring.models import Application
from tandem.offers.services import (
    APPROVE,
    SEND_BACK,
    application_approve,
    application_not_selected,
    application_recommend,
    application_withdraw,
)
from tandem.offers.tests.factories import selection_build
from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory
from tandem.records.versions import StaleVersion
from tandem.selection.rules import offer_refusal_out_of_field

pytestmark = pytest.mark.django_db

Stage = Application.Stage


def _recommended(*, licensed: bool = True):
    selection = selection_build(stage=Stage.REFERENCES, licensed=licensed)
    selection.application = application_recommend(
        selection.application, actor=selection.principal, version=1, note="Strong lesson."
    )
    return selection


def test_the_principal_recommends_and_the_candidate_waits_for_hr():
    selection = _recommended()
    application = selection.application
    assert application.stage == Stage.APPROVAL
    assert [(e.action, e.detail, e.actor) for e in application.events.all()] == [
        ("Recommended for hire", "Strong lesson.", selection.principal),
        ("Moved to HR approval", "", selection.principal),
    ]


def test_hr_does_not_recommend_nor_the_principal_approve():
    selection = selection_build(stage=Stage.REFERENCES)
    with pytest.raises(PermissionDenied):
        application_recommend(selection.application, actor=selection.hr, version=1, note="x")
    selection = _recommended()
    with pytest.raises(PermissionDenied):
        application_approve(
            selection.application, actor=selection.principal, version=2, decision=APPROVE
        )
    assert selection.application.events.count() == 2


def test_a_recommendation_needs_a_note():
    selection = selection_build(stage=Stage.REFERENCES)
    with pytest.raises(DomainError, match="note"):
        application_recommend(selection.application, actor=selection.principal, version=1, note=" ")
    assert not selection.application.events.exists()


def test_hr_approves_and_the_offer_is_next():
    selection = _recommended()
    application = application_approve(
        selection.application, actor=selection.hr, version=2, decision=APPROVE
    )
    assert application.stage == Stage.OFFER
    assert application.events.filter(action="Approved by HR", actor=selection.hr).exists()


def test_hr_sends_back_only_with_a_reason():
    selection = _recommended()
    with pytest.raises(DomainError, match="why"):
        application_approve(
            selection.application, actor=selection.hr, version=2, decision=SEND_BACK
        )
    application = application_approve(
        selection.application,
        actor=selection.hr,
        version=2,
        decision=SEND_BACK,
        reason="Check the second reference first.",
    )
    assert application.stage == Stage.RECOMMENDATION
    assert application.events.get(action="Recommendation sent back").detail == (
        "Check the second reference first."
    )


def test_approving_a_hire_out_of_field_asks_why_and_records_it_for_selection():
    """Selection's license-fit rule (pipeline.md §5, out-of-field) asks the reason."""
    selection = _recommended(licensed=False)
    with pytest.raises(DomainError, match="out of field"):
        application_approve(selection.application, actor=selection.hr, version=2, decision=APPROVE)
    application = application_approve(
        selection.application,
        actor=selection.hr,
        version=2,
        decision=APPROVE,
        out_of_field_reason="No licensed applicant; she is enrolled in a licensure program.",
    )
    assert (
        "Out of field: No licensed applicant"
        in application.events.get(action="Approved by HR").detail
    )
    assert application.out_of_field_reason.reason.startswith("No licensed applicant")
    assert offer_refusal_out_of_field(application) is None


def test_a_decision_from_a_stale_version_is_refused():
    selection = _recommended()
    with pytest.raises(StaleVersion):
        application_approve(selection.application, actor=selection.hr, version=1, decision=APPROVE)
    selection.application.refresh_from_db()
    assert selection.application.stage == Stage.APPROVAL


def test_not_selected_keeps_the_reason_internal_and_sends_a_courteous_message(
    mailoutbox, django_capture_on_commit_callbacks
):
    selection = selection_build(stage=Stage.INTERVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        application = application_not_selected(
            selection.application,
            actor=selection.principal,
            version=1,
            reason="Weak classroom management in the demonstration.",
        )
    assert application.outcome == Application.Outcome.NOT_SELECTED
    (mail,) = mailoutbox
    assert mail.to == [selection.application.person.email]
    assert "classroom management" not in mail.body
    assert "Thank you for applying" in mail.body
    ended, message = application.events.all()
    assert ended.detail == "Weak classroom management in the demonstration."
    assert message.action == "Message sent to the applicant"
    assert message.detail == f"{mail.subject}\n\n{mail.body}"


def test_not_selected_needs_a_reason_and_changes_nothing_without_one(mailoutbox):
    selection = selection_build()
    with pytest.raises(DomainError):
        application_not_selected(selection.application, actor=selection.hr, version=1, reason="")
    selection.application.refresh_from_db()
    assert selection.application.is_open and mailoutbox == []


def test_the_applicant_withdraws_and_is_sent_an_acknowledgement(
    mailoutbox, django_capture_on_commit_callbacks
):
    selection = selection_build()
    with pytest.raises(PermissionDenied):
        application_withdraw(selection.application, actor=selection.hr, version=1)
    with django_capture_on_commit_callbacks(execute=True):
        application = application_withdraw(
            selection.application, actor=selection.applicant, version=1, reason="Moving away."
        )
    assert application.outcome == Application.Outcome.WITHDRAWN
    assert "withdrawn, as you asked" in mailoutbox[0].body


def test_the_pages_record_the_decisions_in_turn(signed_in):
    selection = selection_build(stage=Stage.REFERENCES)
    pk = selection.application.pk
    principal = signed_in(selection.principal)
    principal.post(reverse("offers:recommend", args=[pk]), {"version": 1, "note": "Yes."})
    assert (
        principal.post(
            reverse("offers:approve", args=[pk]), {"version": 2, "decision": APPROVE}
        ).status_code
        == 404
    )
    hr = signed_in(selection.hr)
    page = hr.get(reverse("offers:application", args=[pk])).content.decode()
    assert "Record the decision" in page
    hr.post(reverse("offers:approve", args=[pk]), {"version": 2, "decision": APPROVE})
    selection.application.refresh_from_db()
    assert selection.application.stage == Stage.OFFER
    assert "Make the offer" in hr.get(reverse("offers:application", args=[pk])).content.decode()


def test_hr_s_home_leads_to_the_approval_waiting_and_no_other_district_s_hr_sees_it(signed_in):
    selection = _recommended()
    url = reverse("offers:application", args=[selection.application.pk])
    home = signed_in(selection.hr).get(reverse("home")).content.decode()
    assert "approval" in home and url in home
    other_hr = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR).user
    assert url not in signed_in(other_hr).get(reverse("home")).content.decode()
    assert url not in signed_in(selection.applicant).get(reverse("home")).content.decode()


def test_a_district_position_is_recommended_by_the_district_s_administrators():
    selection = selection_build(
        posting__vacancy__school=None,
        posting__vacancy__district=DistrictFactory(),
        stage=Stage.REFERENCES,
    )
    district = selection.application.posting.vacancy.district
    admin = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_ADMIN, district=district).user
    with pytest.raises(PermissionDenied):
        application_recommend(
            selection.application, actor=selection.principal, version=1, note="Yes."
        )
    application = application_recommend(selection.application, actor=admin, version=1, note="Yes.")
    assert application.stage == Stage.APPROVAL
