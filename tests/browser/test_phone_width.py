"""At a phone's width (390 px) the home pages and a cycle's pages never scroll sideways (issue 11):
tables stack, matrices scroll inside their own labelled box."""

import re

import pytest

from tests.browser.conftest import sign_in
from tests.test_permission_matrix import EMAILS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Elements wider than the window, outside a table's own scrolling box.
OVERFLOW = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > innerWidth + 1
    && !el.closest('.usa-table-container--scrollable, .table-scroll'))
  .map(el => el.tagName.toLowerCase() + '.' + el.className).slice(0, 5)"""


def _too_wide(page, url):
    page.goto(url)
    if page.evaluate("document.documentElement.scrollWidth <= innerWidth"):
        return []
    return [url, page.evaluate(OVERFLOW)]


@pytest.mark.parametrize("role", ["teacher", "principal", "union", "hr", "analyst"])
def test_home_and_cycle_pages_fit_a_phone(browser, demo_server, role):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, demo_server.url, EMAILS[role])
    urls = [f"{demo_server.url}/", f"{demo_server.url}/cycles/"]
    page.goto(urls[1])
    cycle = next(
        (
            h
            for h in page.eval_on_selector_all(
                "a[href]", "as => as.map(a => a.getAttribute('href'))"
            )
            if re.fullmatch(r"/cycles/\d+/", h)
        ),
        None,
    )
    if cycle:
        urls += [demo_server.url + cycle + part for part in ("", "plan/", "summative/")]
    problems = [p for url in urls for p in _too_wide(page, url)]
    context.close()
    assert problems == []
