"""The dashboards in a browser: the state analyst filters the state's figures, reads a table
beside its chart, downloads it as CSV and sees a district's small groups hidden; a district
administrator follows a count to the educators behind it; anyone reads the public figures.
axe finds nothing on any of the pages, and none scrolls sideways at a phone's width."""

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations
from tests.browser.test_phone_width import _too_wide
from tests.test_permission_matrix import EMAILS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_analyst_reads_the_figures_and_an_administrator_drills_down(
    browser, demo_server, tmp_path
):
    from tandem.people.models import User

    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, demo_server.url, EMAILS["analyst"])
    page.get_by_role("link", name="The state's dashboard").click()
    page.wait_for_load_state()
    assert _violations(page) == []

    page.get_by_label("School year", exact=True).select_option("2025-26")
    page.get_by_label("Role group", exact=True).select_option("teacher")
    page.get_by_role("button", name="Apply the filters").click()
    page.wait_for_url("**role_group=teacher**")
    ratings = page.get_by_role("table", name="Summative ratings", exact=True)
    assert ratings.is_visible()
    header = ratings.locator("thead th").all_inner_texts()
    assert header[:2] == ["District", "Total"] and "Proficient" in header
    chart = page.get_by_role("img", name="Summative ratings.", exact=False).first
    assert chart.is_visible()
    page.screenshot(path=tmp_path / "state-1280.png", full_page=False)

    with page.expect_download() as download:
        page.get_by_role("link", name="Summative ratings as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["District", "Total"] and rows[1][0] == "All"
    # The file says what the page says: the same total, or the row hidden in both.
    shown = ratings.locator("tbody tr").first.locator("td").first.inner_text()
    if rows[1][1]:
        assert int(rows[1][1]) == int(shown)
    else:
        assert shown.startswith("Not shown") and rows[1][-1]

    admin = User.objects.get(email=EMAILS["district_admin"])
    district = admin.role_grants.get(role="district_admin").district
    page.get_by_label("District", exact=True).select_option(str(district.pk))
    page.get_by_role("button", name="Apply the filters").click()
    page.wait_for_url(f"**district={district.pk}**")
    assert page.get_by_text("Not shown:").first.is_visible()
    assert page.locator("tr.suppressed").count() > 0
    assert "/educators/" not in page.locator("#table-ratings").inner_html()
    assert _violations(page) == []
    phone = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    small = phone.new_page()
    sign_in(small, demo_server.url, EMAILS["analyst"])
    assert _too_wide(small, page.url) == []
    small.screenshot(path=tmp_path / "state-390.png", full_page=False)
    phone.close()
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, demo_server.url, EMAILS["district_admin"])
    page.goto(demo_server.url + reverse("dashboards:district", args=[district.pk]))
    assert _violations(page) == []
    page.screenshot(path=tmp_path / "district-1280.png", full_page=False)
    link = page.locator("#table-ratings tbody tr").first.locator("a").first
    count = int(link.inner_text())
    link.click()
    page.wait_for_url("**/ratings/educators/**")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Educators behind a figure")
    assert page.locator("tbody tr").count() == min(count, 50)
    assert _violations(page) == []
    context.close()

    anonymous = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = anonymous.new_page()
    assert _too_wide(page, demo_server.url + reverse("dashboards:public")) == []
    assert page.get_by_role("table", name="Ineffective teachers", exact=True).is_visible()
    assert _violations(page) == []
    page.screenshot(path=tmp_path / "public-390.png", full_page=False)
    print("screenshots in", tmp_path)
    anonymous.close()
