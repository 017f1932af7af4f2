"""The 5-step cycle end to end in a browser (two tabs on one record: test_two_tabs.py)."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEACHER = "teacher@example.org"
PRINCIPAL = "principal@example.org"


def _cycle_id():
    from tandem.evaluation.models import EvaluationCycle

    return EvaluationCycle.objects.get(person__user__email=TEACHER).pk


def _principals_cycle_under_way():
    """A teacher's cycle at step 3 whose primary evaluator is the principal."""
    from tandem.evaluation.models import EvaluationCycle

    return EvaluationCycle.objects.filter(
        step="implementation",
        primary_evaluator__user__email=PRINCIPAL,
        employment__role_group="teacher",
    ).first()


def _session(browser, base_url, email):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    sign_in(page, base_url, email)
    return context, page


def _confirm_password_if_asked(page):
    from tandem.demo.accounts import DEMO_PASSWORD

    if "reauthenticate" in page.url:
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_load_state()


def _download_pdf(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    return info.value.suggested_filename


def test_a_cycle_from_self_assessment_to_signed_summative(browser, demo_server):
    base = demo_server.url
    cycle = _cycle_id()
    teacher_context, teacher = _session(browser, base, TEACHER)

    # Step 1: the teacher rates every indicator, proposes two goals and sends it all.
    teacher.get_by_role("link", name="Open your evaluation cycle").click()
    teacher.get_by_role("link", name="1. Self-assessment").click()
    teacher.get_by_label("Analysis of your students' learning").fill(
        "Fall screeners: 15 of 22 students at benchmark; the rest need decoding support."
    )
    for select in teacher.locator("select[name^=level_]").all():
        select.select_option("proficient")
    teacher.get_by_role("button", name="Save", exact=True).click()
    teacher.get_by_role("link", name="Propose your goals").click()
    for kind, statement in [
        ("student_learning", "By June, 18 of 22 students will reach the spring reading benchmark."),
        ("professional_practice", "I will run small-group decoding lessons four times a week."),
    ]:
        teacher.locator("#id_new-kind").select_option(kind)
        teacher.locator("#id_new-statement").fill(statement)
        teacher.get_by_role("button", name="Add the goal").click()
    teacher.goto(f"{base}/cycles/{cycle}/self-assessment/")
    teacher.get_by_role("button", name="Send to my evaluator").click()
    teacher.get_by_role("dialog").get_by_role("button", name="Send and move to step 2").click()
    assert "Sent to your evaluator" in teacher.content()

    # Step 2: the teacher sends the plan; the principal approves it.
    teacher.goto(f"{base}/cycles/{cycle}/plan/")
    teacher.get_by_role("button", name="Send the plan to my evaluator").click()
    teacher.get_by_role("dialog").get_by_role("button", name="Send for approval").click()
    teacher.wait_for_load_state()
    principal_context, principal = _session(browser, base, PRINCIPAL)
    principal.goto(f"{base}/cycles/{cycle}/plan/")
    principal.get_by_role("button", name="Approve the plan").click()
    # Approving asks first, then leads straight to signing; the teacher's signature then
    # waits in her inbox.
    approving = principal.get_by_role("dialog", name="Approve the educator plan?")
    assert "The cycle moves to step 3" in approving.inner_text()
    approving.get_by_role("button", name="Approve and go to signing").click()
    _confirm_password_if_asked(principal)
    principal.get_by_role("button", name="Sign the plan").click()
    assert "Signed" in principal.content()
    teacher.goto(f"{base}/")
    teacher.get_by_role("link", name="Sign your approved educator plan").click()
    _confirm_password_if_asked(teacher)
    teacher.get_by_role("button", name="Sign the plan").click()
    teacher.goto(f"{base}/")
    assert "Sign your approved educator plan" not in teacher.content()

    # Step 3: an observation with evidence tagged to an element, and its feedback shared.
    principal.goto(f"{base}/cycles/{cycle}/evidence/")
    principal.get_by_text("Record an observation").click()
    principal.get_by_label("Kind").select_option("announced")
    principal.get_by_label("Date").fill("2026-11-23")
    principal.get_by_label("Length in minutes").fill("40")
    principal.get_by_label("Notes").fill("Small groups read decodable texts; two students stalled.")
    principal.locator("summary", has_text="Standard I:").first.click()
    principal.get_by_label("I-A-4 Well-Structured Lessons").check()
    principal.get_by_role("button", name="Record the observation").click()
    assert "Written feedback is due by" in principal.content()
    principal.get_by_label("Written feedback to the educator").fill(
        "Grouping was well matched to the screener data."
    )
    principal.get_by_role("button", name="Share the feedback with the educator").click()
    principal.get_by_role("dialog").get_by_role("button", name="Share the feedback").click()
    assert "The feedback is shared" in principal.content()

    # Step 4: the formative.
    principal.goto(f"{base}/cycles/{cycle}/formative/")
    for field in principal.locator("textarea[name^=progress_]").all():
        field.fill("On track: benchmarks met so far.")
    principal.get_by_role("button", name="Share with the educator").click()
    # Sharing asks first in a modal, says it moves the cycle to step 5, and in November asks
    # why so early; the reason is posted with the formative's own form.
    dialog = principal.get_by_role("dialog", name="Share the formative with the educator?")
    assert "The cycle moves to step 5" in dialog.inner_text()
    dialog.get_by_label("Why it is done now").fill("The educator starts a leave in January.")
    dialog.get_by_role("button", name="Share and move to step 5").click()
    assert "Next: the summative evaluation" in principal.content()

    # Step 5: the summative, signed after the password is confirmed again.
    principal.goto(f"{base}/cycles/{cycle}/summative/")
    summative_fill_proficient(
        principal,
        rationale="Observation, screener growth and the unit assessments agree.",
        next_plan="developing",
    )
    principal.get_by_label("Why fewer observations than the minimum (if so)").fill(
        "The cycle is shown here in one sitting; the other visits are on paper."
    )
    principal.get_by_role("button", name="Save", exact=True).click()
    principal.get_by_role("link", name="Sign and share with the educator").click()
    _confirm_password_if_asked(principal)
    assert "Fewer observations than the district's minimum" in principal.content()
    principal.get_by_label("Why it is done now").fill("The educator starts a leave in January.")
    principal.get_by_role("button", name="Sign the evaluation").click()
    assert "Signed by" in principal.content()

    # The teacher responds, then signs for receipt, which locks the record.
    teacher.goto(f"{base}/cycles/{cycle}/summative/")
    teacher.get_by_label("Your written response").fill("Thank you; I will keep the groups.")
    teacher.get_by_role("button", name="Attach my response").click()
    teacher.get_by_role("link", name="Sign to acknowledge receipt").click()
    _confirm_password_if_asked(teacher)
    teacher.get_by_role("button", name="Sign the evaluation").click()
    assert "Locked" in teacher.content()
    assert teacher.content().count("Signed by") == 2

    # Both download the PDF.
    assert _download_pdf(teacher, "Download the summative evaluation as a PDF").endswith(".pdf")
    principal.goto(f"{base}/cycles/{cycle}/summative/")
    assert _download_pdf(principal, "Download the summative evaluation as a PDF").endswith(".pdf")
    teacher_context.close()
    principal_context.close()


def test_offline_notes_are_kept_then_synced_and_a_refused_one_is_shown(browser, demo_server):
    """The observer loses the connection, keeps taking notes, and they are sent when it
    returns; a note the server refuses stays on screen with the reason."""
    from tandem.evaluation.models import Observation

    cycle = _principals_cycle_under_way()
    base = demo_server.url
    context, page = _session(browser, base, PRINCIPAL)
    page.goto(f"{base}/cycles/{cycle.pk}/observations/capture/")
    page.wait_for_selector("form[data-offline-ready=true]", state="attached")

    context.set_offline(True)
    page.reload()  # served from this device's offline copy
    page.get_by_label("Notes").fill("Offline: students explained their strategies to partners.")
    page.get_by_label("I-A-4 Well-Structured Lessons").check()
    page.get_by_role("button", name="Keep this note").click()
    page.get_by_text("No connection").wait_for()
    page.get_by_label("Date").fill("2027-03-01")  # in the future: the server will refuse it
    page.get_by_label("Notes").fill("A note dated in the future by mistake.")
    page.get_by_role("button", name="Keep this note").click()
    assert page.locator("#capture-queue li").count() == 2
    assert not Observation.objects.filter(cycle=cycle).exists()

    context.set_offline(False)
    page.get_by_text("A note was refused").wait_for()
    stored = Observation.objects.get(cycle=cycle)
    assert stored.notes.startswith("Offline: students explained")
    assert [e.code for e in stored.elements.all()] == ["I-A-4"]
    refused = page.locator("#capture-queue li.error")
    assert refused.count() == 1 and "future" in refused.inner_text()
    context.close()


def test_an_expired_session_keeps_the_notes_and_sign_out_purges_the_device(browser, demo_server):
    from tandem.evaluation.models import Observation

    cycle = _principals_cycle_under_way()
    base = demo_server.url
    context, page = _session(browser, base, PRINCIPAL)
    capture = f"{base}/cycles/{cycle.pk}/observations/capture/"
    page.goto(capture)
    page.wait_for_selector("form[data-offline-ready=true]", state="attached")

    context.clear_cookies()  # the session ends while the page stays open
    page.get_by_label("Notes").fill("Written after the session ended.")
    page.get_by_role("button", name="Keep this note").click()
    page.get_by_text("Your session has ended").wait_for()
    assert page.locator("#capture-queue li").count() == 1
    assert not Observation.objects.filter(cycle=cycle).exists()

    sign_in(page, base, PRINCIPAL)
    page.goto(capture)
    page.get_by_text("All notes are sent.").wait_for()
    assert Observation.objects.get(cycle=cycle).notes == "Written after the session ended."

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    kept = page.evaluate(
        "async () => [localStorage.getItem('tandem-capture-queue'), (await caches.keys()).length]"
    )
    assert kept == [None, 0]
    context.close()


def summative_fill_proficient(page, *, rationale: str, next_plan: str) -> None:
    """Rate every standard and the whole Proficient, every goal met, with the next plan."""
    for select in page.locator("select[name^=level_]").all():
        select.select_option("proficient")
    page.get_by_label("Overall rating", exact=True).select_option("proficient")
    page.get_by_label("Rationale for the overall rating").fill(rationale)
    for select in page.locator("select[name^=attainment_]").all():
        select.select_option("met")
    page.get_by_label("Next plan", exact=True).select_option(next_plan)
