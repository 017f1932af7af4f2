"""District HR exports her district in Ed-Fi form on a phone: she starts it, the page follows
it until the zip is ready, and she downloads it; each page passes axe-core (issue 12)."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations
from tests.test_permission_matrix import EMAILS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_exports_her_district_and_downloads_the_zip(browser, demo_server):
    from tandem.interop.models import EdfiExport
    from tandem.interop.services import edfi_export_run_now

    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, demo_server.url, EMAILS["hr"])
    page.goto(f"{demo_server.url}/exports/ed-fi/")
    assert _violations(page) == []
    page.get_by_role("button", name="Start the export").click()
    page.wait_for_load_state()
    status = page.locator("#export-status")
    assert "Waiting to start" in status.inner_text()
    assert _violations(page) == []

    export = EdfiExport.objects.get()
    edfi_export_run_now(export_id=export.pk)  # what the task worker does
    download_link = page.get_by_role("link", name="Download the zip")
    download_link.wait_for(timeout=10_000)  # the status polls every 3 s
    assert _violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".zip")
    context.close()
