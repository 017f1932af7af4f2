"""The state reporting page at a phone's width (390 px): its tables stack, nothing scrolls
sideways, axe finds nothing; a district administrator marks a row as an exception there."""

import pytest
from django.urls import reverse

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations
from tests.browser.test_phone_width import _too_wide
from tests.test_permission_matrix import EMAILS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_checks_the_roster_and_marks_an_exception_on_a_phone(browser, demo_server):
    from tandem.people.models import User
    from tandem.reporting.models import ReportingException

    admin = User.objects.get(email=EMAILS["district_admin"])
    district = admin.role_grants.get(role="district_admin").district
    url = demo_server.url + reverse("reporting:staff_roster", args=[district.pk])
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, demo_server.url, EMAILS["district_admin"])

    assert _too_wide(page, url) == []
    assert _violations(page) == []
    page.get_by_label("Problem").select_option("no_rating")
    page.wait_for_url("**problem=no_rating**")
    page.get_by_label("Educator").select_option(index=1)
    page.get_by_label("Why the row goes to the state as it is").fill("On leave all year.")
    page.get_by_role("button", name="Mark as an exception").click()
    page.wait_for_load_state()

    assert page.get_by_text("On leave all year.").is_visible()
    assert _too_wide(page, page.url) == []
    assert _violations(page) == []
    assert ReportingException.objects.get().by == admin
    context.close()
