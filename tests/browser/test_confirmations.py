"""A step that cannot be undone asks first: with JavaScript, in a USWDS modal on the record's
page that holds the same text and button as the page that asks (issue 11, items 2 and 7)."""

import datetime

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRINCIPAL = "principal@example.org"
FEEDBACK = "Grouping was well matched to the screener data."


def _observation_by_the_principal():
    """An observation the principal recorded in a teacher's cycle under way, not yet shared."""
    from tandem.evaluation.models import EvaluationCycle
    from tandem.evaluation.services.observations import observation_record

    cycle = (
        EvaluationCycle.objects.filter(
            step="implementation",
            primary_evaluator__user__email=PRINCIPAL,
            employment__role_group="teacher",
            person__user__isnull=False,
        )
        .select_related("person__user", "primary_evaluator__user")
        .first()
    )
    return observation_record(
        cycle_id=cycle.pk,
        by=cycle.primary_evaluator.user,
        kind="announced",
        observed_on=datetime.date(2026, 11, 23),
        duration_minutes=40,
        notes="Small groups read decodable texts; two students stalled.",
    )


def _focus_in_dialog(page) -> str:
    """The name of the element with the focus if it is in the open modal, else ""."""
    return page.evaluate(
        "() => { const e = document.activeElement; return e.closest('[role=dialog]') ? "
        "(e.getAttribute('aria-label') || e.textContent.trim()) : ''; }"
    )


def test_sharing_observation_feedback_asks_in_a_modal_then_shares(browser, demo_server):
    from tandem.evaluation.models import Observation

    base = demo_server.url
    observation = _observation_by_the_principal()
    url = f"{base}/cycles/{observation.cycle_id}/observations/{observation.pk}/"
    context = browser.new_context(viewport={"width": 390, "height": 844})
    principal = context.new_page()
    refused = []
    principal.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    sign_in(principal, base, PRINCIPAL)
    principal.goto(url)
    principal.get_by_label("Written feedback to the educator").fill(FEEDBACK)
    share = principal.get_by_role("button", name="Share the feedback with the educator")

    # The modal says what happens, is named by its heading and takes the focus, on Cancel.
    share.click()
    dialog = principal.get_by_role("dialog", name="Share the feedback with the educator?")
    dialog.get_by_role("heading").wait_for()  # the wrapper itself has no box: its overlay is fixed
    assert principal.url == url  # asked, not submitted
    educator = observation.cycle.person
    assert f"{educator} can read your notes" in dialog.inner_text()
    assert "The notes and feedback no longer change." in dialog.inner_text()
    assert _focus_in_dialog(principal) == "Cancel"
    for _ in range(4):  # the focus stays in the modal
        principal.keyboard.press("Tab")
        assert _focus_in_dialog(principal)
    assert principal.evaluate("document.documentElement.scrollWidth") <= 390

    # Escape and Cancel close it, the focus goes back to the button, and nothing is shared.
    principal.keyboard.press("Escape")
    dialog.get_by_role("heading").wait_for(state="hidden")
    assert principal.evaluate("document.activeElement.textContent.trim()") == share.inner_text()
    share.click()
    dialog.get_by_role("button", name="Cancel").click()
    dialog.get_by_role("heading").wait_for(state="hidden")
    assert Observation.objects.get(pk=observation.pk).feedback_shared_at is None

    # Confirmed, the feedback typed goes with it and is shared.
    share.click()
    dialog.get_by_role("button", name="Share the feedback", exact=True).click()
    principal.wait_for_load_state()
    assert "The feedback is shared with the educator." in principal.content()
    observation.refresh_from_db()
    assert observation.feedback == FEEDBACK and observation.feedback_shared_at is not None
    assert refused == []
    context.close()

    # The educator finds it on their home page and reads it.
    context = browser.new_context()
    teacher = context.new_page()
    sign_in(teacher, base, educator.user.email)
    teacher.get_by_role("link", name="Read the feedback on the observation of").click()
    assert FEEDBACK in teacher.content()
    context.close()
