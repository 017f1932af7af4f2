"""A text field that arrives in an HTMX swap counts its characters as one types, as the fields
of the page as loaded do (issue 11, item 7: text fields stop at a limit, with a counter)."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_confirmations import PRINCIPAL, _observation_by_the_principal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIELD = "#id_feedback"
COUNT = ".usa-character-count:has(#id_feedback)"


def test_a_field_swapped_in_by_htmx_counts_what_is_typed(browser, demo_server):
    from tandem.evaluation.forms import ObservationEditForm

    limit = ObservationEditForm.base_fields["feedback"].max_length
    observation = _observation_by_the_principal()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, demo_server.url, PRINCIPAL)
    page.goto(f"{demo_server.url}/cycles/{observation.cycle_id}/observations/{observation.pk}/")

    # The field is swapped for the server's own, as a partial with a text area is.
    page.evaluate(
        """([count, field]) => {
          document.querySelector(field).dataset.before = "swap";
          return htmx.ajax("GET", location.pathname, {target: count, select: count,
                                                     swap: "outerHTML"});
        }""",
        [COUNT, FIELD],
    )
    swapped = page.locator(f"{FIELD}:not([data-before])")
    swapped.wait_for()
    status = page.locator(f"{COUNT} .usa-character-count__status")
    assert status.inner_text() == f"{limit} characters allowed"
    swapped.press_sequentially("Hello")
    page.wait_for_function(
        "([s, text]) => document.querySelector(s).textContent === text",
        arg=[f"{COUNT} .usa-character-count__status", f"{limit - 5} characters left"],
    )
    context.close()
