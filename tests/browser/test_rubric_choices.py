"""Issue 11: on a phone, rubric tags are grouped by standard, each a target for a thumb, and
each rating has what its levels look like one click away."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRINCIPAL = "principal@example.org"
PHONE = {"width": 390, "height": 844}


def _principals_cycle_under_way():
    from tandem.evaluation.models import EvaluationCycle

    return EvaluationCycle.objects.filter(
        step="implementation",
        primary_evaluator__user__email=PRINCIPAL,
        employment__role_group="teacher",
    ).first()


def test_a_rubric_tag_is_a_44_pixel_target_counted_in_its_standards_summary(browser, demo_server):
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    sign_in(page, demo_server.url, PRINCIPAL)
    page.goto(f"{demo_server.url}/cycles/{_principals_cycle_under_way().pk}/evidence/")
    page.get_by_text("Add evidence").click()
    form = page.locator("form", has=page.get_by_role("button", name="Add the evidence"))
    standard = form.locator("summary", has_text="Standard II: Teaching All Students")
    assert "0 selected" in standard.inner_text()
    standard.click()
    tile = form.locator("label", has_text="II-B Learning Environment")
    assert tile.bounding_box()["height"] >= 44
    tile.click()
    assert form.get_by_label("II-B Learning Environment").is_checked()
    assert "1 selected" in standard.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _violations(page) == []
    context.close()


def test_what_each_level_looks_like_opens_beside_a_self_assessment_rating(browser, demo_server):
    from tandem.evaluation.tests.demo_cycles import demo_cycle

    # Not the demo teacher's own cycle, which the walk-through in test_evaluation_cycle sends.
    cycle = demo_cycle(
        "self_assessment",
        leave_demo_accounts=True,
        employment__role_group="teacher",
        self_assessment__submitted_at__isnull=True,
    )
    element = cycle.framework_version.standards.get(code="I").indicators.get(code="I-A")
    element = element.elements.order_by("position").first()
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    sign_in(page, demo_server.url, cycle.person.user.email)
    page.goto(f"{demo_server.url}/cycles/{cycle.pk}/self-assessment/")
    disclosure = page.locator("summary", has_text="What each level looks like").first
    assert disclosure.bounding_box()["height"] >= 44
    disclosure.click()
    assert page.get_by_text(element.proficient).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _violations(page) == []
    context.close()
