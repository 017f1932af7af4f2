"""On a phone (390px), the educator reads the upload limits before choosing a file, adds a
file, and removes it before the evaluator has opened it (issue 11); each page passes axe."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations
from tests.test_permission_matrix import EMAILS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_educator_adds_and_removes_evidence_on_a_phone(browser, demo_server, tmp_path):
    from tandem.evaluation.models import EvaluationCycle, Evidence

    cycle = EvaluationCycle.objects.get(person__user__email=EMAILS["teacher"])
    EvaluationCycle.objects.filter(pk=cycle.pk).update(step="implementation")
    upload = tmp_path / "seating.pdf"
    upload.write_bytes(b"%PDF-1.4\nSeating chart\n%%EOF\n")
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, demo_server.url, EMAILS["teacher"])
    page.goto(f"{demo_server.url}/cycles/{cycle.pk}/evidence/")
    page.get_by_text("Add evidence", exact=True).click()
    assert "at most 20 MB" in page.locator("#id_file_help").inner_text()
    page.get_by_label("Title").fill("Seating chart")
    page.locator("input[type=file]").set_input_files(str(upload))
    assert _violations(page) == [] and _fits(page)
    page.get_by_role("button", name="Add the evidence").click()
    page.get_by_role("link", name="Replace or remove").click()
    assert _violations(page) == [] and _fits(page)
    page.get_by_label("Why remove it?").select_option("student_information")
    page.get_by_role("button", name="Remove the evidence").click()
    assert "Removed on" in page.content()
    assert _violations(page) == [] and _fits(page)
    context.close()
    item = Evidence.objects.get(cycle=cycle, title="Seating chart")
    assert item.removal_reason == "student_information" and not item.file.file
