"""Steps that cannot be undone ask first and say what they do; a formative or summative taken
well before its due date says so and keeps the evaluator's reason; the educator acknowledges a
shared formative, with a written response if they wish (issue 11, items 2 and 3)."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format

from tandem.errors import DomainError
from tandem.evaluation.models import EvaluationCycle, FormativeAssessment, SummativeEvaluation
from tandem.evaluation.services.formative import (
    formative_acknowledge,
    formative_save,
    formative_share,
)
from tandem.evaluation.tests import test_formative_and_summative as steps_4_and_5

pytestmark = pytest.mark.django_db

REASON = "The educator starts a leave in January."
cycle = steps_4_and_5.cycle  # the same one-year cycle under way, with its goals
_draft, _observe_to_minimum = steps_4_and_5._draft, steps_4_and_5._observe_to_minimum


def _formative(cycle):
    return formative_save(
        cycle_id=cycle.pk,
        by=cycle.primary_evaluator.user,
        version=1,
        comments="On track.",
        goal_progress={g.pk: "Halfway there." for g in cycle.goals.all()},
        ratings={},
    )


def test_a_formative_shared_months_early_needs_the_reason_and_keeps_it(cycle):
    evaluator = cycle.primary_evaluator.user
    formative = _formative(cycle)
    with pytest.raises(DomainError, match="say why it is done early"):
        formative_share(cycle_id=cycle.pk, by=evaluator, version=formative.version)
    assert FormativeAssessment.objects.get(cycle=cycle).status == "draft"
    formative_share(cycle_id=cycle.pk, by=evaluator, version=formative.version, early_reason=REASON)
    formative.refresh_from_db()
    assert (formative.status, formative.early_reason) == ("shared", REASON)


def test_sharing_the_formative_asks_first_and_says_the_cycle_moves_to_step_5(client, cycle):
    formative = _formative(cycle)
    client.force_login(cycle.primary_evaluator.user)
    data = {"version": formative.version, "comments": "Typed just before sharing."}
    data |= {f"progress_{g.pk}": "Halfway there." for g in cycle.goals.all()}
    response = client.post(f"/cycles/{cycle.pk}/formative/share/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The cycle moves to step 5" in page and "This is early" in page
    cycle.refresh_from_db()
    formative.refresh_from_db()
    assert cycle.step == "formative" and formative.status == "draft"
    assert formative.comments == "Typed just before sharing."  # saved, not yet shared

    confirmed = {"confirmed": "1", "version": formative.version}
    client.post(f"/cycles/{cycle.pk}/formative/share/", confirmed)
    assert FormativeAssessment.objects.get(cycle=cycle).status == "draft"  # no reason given
    client.post(f"/cycles/{cycle.pk}/formative/share/", {**confirmed, "early_reason": REASON})
    cycle.refresh_from_db()
    assert cycle.step == "summative"
    assert FormativeAssessment.objects.get(cycle=cycle).early_reason == REASON


def _typed(cycle, formative, **extra):
    """The formative's own form as its page posts it, with what was typed last."""
    data = {"version": formative.version, "comments": "Typed just before sharing.", **extra}
    return data | {f"progress_{g.pk}": "Halfway there." for g in cycle.goals.all()}


def test_the_formative_page_asks_in_a_modal_with_the_early_reason_of_its_own_form(client, cycle):
    _formative(cycle)
    client.force_login(cycle.primary_evaluator.user)
    page = client.get(f"/cycles/{cycle.pk}/formative/").content.decode()
    assert 'class="usa-modal" id="formative-share-confirm"' in page
    assert 'aria-controls="formative-share-confirm"' in page and 'id="formative-form"' in page
    assert "The cycle moves to step 5" in page and "This is early" in page
    reason = re.search(r"<textarea[^>]*name=\"early_reason\"[^>]*>", page).group(0)
    assert 'form="formative-form"' in reason and 'aria-required="true"' in reason
    assert " required" not in reason  # the record's own Save is not held back by it


def test_the_modal_saves_the_typed_text_and_shares_it_with_the_reason(client, cycle):
    formative = _formative(cycle)
    client.force_login(cycle.primary_evaluator.user)
    data = _typed(cycle, formative, confirmed="1", early_reason=REASON)
    response = client.post(f"/cycles/{cycle.pk}/formative/share/", data)
    assert response["Location"] == f"/cycles/{cycle.pk}/"
    formative.refresh_from_db()
    assert (formative.status, formative.early_reason) == ("shared", REASON)
    assert formative.comments == "Typed just before sharing."


def test_the_modal_without_the_reason_shares_nothing_and_asks_for_it_again(client, cycle):
    formative = _formative(cycle)
    client.force_login(cycle.primary_evaluator.user)
    data = _typed(cycle, formative, confirmed="1", early_reason="  ")
    response = client.post(f"/cycles/{cycle.pk}/formative/share/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "more than six weeks from now: say why it is done today." in page
    assert 'aria-invalid="true"' in page
    formative.refresh_from_db()
    assert formative.status == "draft" and formative.early_reason == ""
    assert formative.comments == "Typed just before sharing."  # what was typed is kept
    assert EvaluationCycle.objects.get(pk=cycle.pk).step == "formative"


def test_near_its_due_date_the_modal_asks_no_reason(client, cycle, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2027, 2, 1))
    formative = _formative(cycle)
    client.force_login(cycle.primary_evaluator.user)
    page = client.get(f"/cycles/{cycle.pk}/formative/").content.decode()
    assert 'id="formative-share-confirm"' in page and 'name="early_reason"' not in page
    client.post(f"/cycles/{cycle.pk}/formative/share/", _typed(cycle, formative, confirmed="1"))
    assert FormativeAssessment.objects.get(cycle=cycle).status == "shared"


def test_the_educator_is_neither_asked_nor_shares(client, cycle):
    formative = _formative(cycle)
    client.force_login(cycle.person.user)
    page = client.get(f"/cycles/{cycle.pk}/formative/").content.decode()
    assert "formative-share-confirm" not in page
    data = _typed(cycle, formative, confirmed="1", early_reason=REASON)
    assert client.post(f"/cycles/{cycle.pk}/formative/share/", data).status_code in (403, 404)
    assert FormativeAssessment.objects.get(cycle=cycle).status == "draft"


def test_signing_a_summative_months_early_asks_why(cycle, reauthenticated):
    _observe_to_minimum(cycle)
    _draft(cycle)
    client = reauthenticated(cycle.primary_evaluator.user)
    url = f"/cycles/{cycle.pk}/summative/sign/"
    page = client.get(url).content.decode()
    assert "This is early" in page and "receives the evaluation at once" in page
    response = client.post(url, {})
    assert response.status_code == 200
    assert "more than six weeks from now: say why it is done today." in response.content.decode()
    assert SummativeEvaluation.objects.get(cycle=cycle).status == "draft"
    client.post(url, {"early_reason": REASON})
    summative = SummativeEvaluation.objects.get(cycle=cycle)
    assert (summative.status, summative.early_reason) == ("signed_by_evaluator", REASON)
    # The page named the day the educator's response window closes, the one the record keeps.
    assert f"until {date_format(summative.response_due, 'DATE_FORMAT')}, to respond" in page


def test_near_its_due_date_nothing_is_early(cycle, monkeypatch):
    spring = datetime.date(2027, 4, 26)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: spring)
    _observe_to_minimum(cycle)
    _draft(cycle)
    from tandem.evaluation.services.summative import summative_sign

    summative = summative_sign(by=cycle.primary_evaluator.user, cycle_id=cycle.pk)
    assert summative.early_reason == ""
    assert EvaluationCycle.objects.get(pk=cycle.pk).overall_rating == "proficient"


def _shared_formative(cycle):
    formative = _formative(cycle)
    return formative_share(
        cycle_id=cycle.pk,
        by=cycle.primary_evaluator.user,
        version=formative.version,
        early_reason=REASON,
    )


def test_the_educator_responds_then_acknowledges_the_formative_with_its_fingerprint(
    cycle, reauthenticated
):
    from tandem.evaluation.waiting import inbox_of
    from tandem.people.selectors import roles_of
    from tandem.records.selectors import signed_record

    formative = _shared_formative(cycle)
    educator = cycle.person.user
    assert any(w.item == f"formative-receipt:{cycle.pk}" for w in inbox_of(roles_of(educator)).mine)
    client = reauthenticated(educator)
    client.post(
        f"/cycles/{cycle.pk}/formative/respond/",
        {"version": formative.version, "response": "I see the goals differently."},
    )
    formative.refresh_from_db()
    assert formative.educator_response == "I see the goals differently."
    assert "Sign for receipt" in client.get(f"/cycles/{cycle.pk}/formative/sign/").content.decode()
    client.post(f"/cycles/{cycle.pk}/formative/sign/")
    (signature,) = signed_record(record=formative).signatures
    assert signature.signature.capacity == "educator" and signature.current
    assert not any(
        w.item.startswith("formative-receipt") for w in inbox_of(roles_of(educator)).mine
    )
    client.post(
        f"/cycles/{cycle.pk}/formative/respond/",
        {"version": formative.version, "response": "Changed afterwards."},
    )
    formative.refresh_from_db()
    assert formative.educator_response == "I see the goals differently."


def test_only_the_educator_acknowledges_the_formative(client, cycle):
    _shared_formative(cycle)
    with pytest.raises(PermissionDenied):
        formative_acknowledge(by=cycle.primary_evaluator.user, cycle_id=cycle.pk)
    client.force_login(cycle.primary_evaluator.user)
    assert client.get(f"/cycles/{cycle.pk}/formative/sign/").status_code == 404
