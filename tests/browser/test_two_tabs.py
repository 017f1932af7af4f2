"""Two tabs on one self-assessment, as a new user met it (issue 11, item 4): the same
indicator typed in both, each text kept and shown at the field until the person chooses."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_evaluation_cycle import TEACHER, _cycle_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _reflection():
    from tandem.evaluation.models import EvaluationCycle
    from tandem.rubrics.models import Indicator

    cycle = EvaluationCycle.objects.get(pk=_cycle_id())
    first = Indicator.objects.filter(standard__framework_version=cycle.framework_version).first()
    return f"reflection_{first.pk}"


def _saved_reflection(name):
    from tandem.evaluation.models import IndicatorSelfRating

    rating = IndicatorSelfRating.objects.filter(
        self_assessment__cycle_id=_cycle_id(), indicator_id=int(name.split("_")[1])
    ).first()
    return rating.reflection if rating else ""


def test_two_tabs_typing_one_reflection_lose_nothing(browser, demo_server):
    url = f"{demo_server.url}/cycles/{_cycle_id()}/self-assessment/"
    reflection = _reflection()
    context = browser.new_context()
    tab_a = context.new_page()
    sign_in(tab_a, demo_server.url, TEACHER)
    tab_b = context.new_page()
    tab_a.goto(url)
    tab_b.goto(url)

    tab_a.locator(f"#id_{reflection}").fill("Typed in tab A: exit tickets every lesson.")
    tab_a.get_by_text("Saved at").wait_for()
    tab_b.locator(f"#id_{reflection}").fill("Typed in tab B: unit plans with assessments.")

    # Tab B's save is refused at that field, linked from a summary that has the focus.
    block = tab_b.locator(f"#conflict-{reflection}")
    block.get_by_text("Saved by the other tab or window at").wait_for()
    assert "Typed in tab A: exit tickets every lesson." in block.inner_text()
    assert "Typed in tab B: unit plans with assessments." in block.inner_text()
    summary = tab_b.locator("#conflict-summary .error-summary")
    assert summary.evaluate("element => element === document.activeElement")
    assert summary.locator(f'a[href="#conflict-{reflection}"]').count() == 1
    assert _saved_reflection(reflection) == "Typed in tab A: exit tickets every lesson."

    # After a reload both texts are still there, and nothing is saved over tab A's.
    tab_b.reload()
    field = tab_b.locator(f"#id_{reflection}")
    assert field.input_value() == "Typed in tab B: unit plans with assessments."
    assert "Typed in tab A: exit tickets every lesson." in block.inner_text()
    field.fill("Typed in tab B: unit plans with assessments. Still typing.")
    tab_b.wait_for_timeout(2500)
    assert _saved_reflection(reflection) == "Typed in tab A: exit tickets every lesson."

    # Both combined by hand, then "use what is in the field": that text is saved.
    field.fill("Exit tickets every lesson, and unit plans with assessments.")
    block.get_by_label("Use what is in the field above").check()
    tab_b.get_by_role("button", name="Save", exact=True).click()
    tab_b.wait_for_load_state()
    assert tab_b.locator(f"#conflict-{reflection}").inner_text().strip() == ""
    assert _saved_reflection(reflection) == (
        "Exit tickets every lesson, and unit plans with assessments."
    )
    context.close()
