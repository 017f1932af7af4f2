"""The teacher's access log at a phone's width: nothing scrolls sideways, and it passes axe."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_access_log_reads_at_390_pixels_wide(browser, demo_server):
    from tandem.people.models import User
    from tandem.records.services import access_log_record

    teacher = User.objects.get(email="teacher@example.org")
    cycle = teacher.person.evaluation_cycles.first()
    access_log_record(
        user=User.objects.get(email="hr@example.org"), records=[cycle], channel="pdf", path="/"
    )
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, demo_server.url, "teacher@example.org")
    page.goto(f"{demo_server.url}/me/access-log/")
    assert page.get_by_text("HR of your district").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert _violations(page) == []
    context.close()
