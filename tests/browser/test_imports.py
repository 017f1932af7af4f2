"""District HR loads the demo's files (issue 12, "Must show"): she downloads the template,
uploads a file with mistakes and reads every problem, uploads the corrected file, follows its
check, reads what it will change, applies it saying what the records it leaves out mean,
finds the new educators in the directory, and is told that the same file again changes
nothing. Each page passes axe-core; the task worker does the checks and the apply."""

import csv

import pytest
from django.urls import reverse

from conftest import TODAY
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations
from tests.test_permission_matrix import EMAILS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT_MS = 60_000


def _download(page, name, tmp_path):
    with page.expect_download() as download:
        page.get_by_role("link", name=name, exact=True).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path


def _upload(page, base_url, path):
    page.goto(f"{base_url}{reverse('imports:run_list')}")
    page.get_by_label("What the file holds").select_option("educators")
    page.get_by_label("File", exact=True).set_input_files(path)
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()


def test_hr_loads_the_demo_files(browser, demo_server, task_worker, tmp_path):
    from tandem.imports.models import ImportRun

    if task_worker.process is None:
        pytest.skip("the task worker needs a database another process can open")
    base = demo_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    sign_in(page, base, EMAILS["hr"])
    page.goto(f"{base}{reverse('imports:run_list')}")
    assert _violations(page) == []
    assert "Try it with the demo's files" in page.locator("#demo-files").inner_text()

    # The template: the header and one example row.
    template = page.locator("li", has_text="Educators and their employment")
    with page.expect_download() as download:
        template.get_by_role("link", name="CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:2] == ["state_id", "employee_number"] and len(rows) == 2
    bad = _download(page, "Educators, with mistakes", tmp_path)
    clean = _download(page, "Educators", tmp_path)

    # The file with mistakes: every problem, in the page.
    _upload(page, base, bad)
    page.get_by_role("heading", name="problems: nothing was changed").wait_for()
    run = ImportRun.objects.latest("pk")
    assert run.status == ImportRun.Status.PROBLEMS and run.problem_count >= 11
    table = page.locator("table").inner_text()
    for problem in run.problems.all():
        reason = f"{problem.column} {problem.reason}" if problem.column else problem.reason
        assert reason in table, reason
    assert page.locator("tbody tr").count() == run.problem_count
    assert _violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")

    # The corrected file: its progress while it waits for the worker, then the report.
    task_worker.stop()
    _upload(page, base, clean)
    status = page.get_by_role("status").filter(has_text="Waiting to be checked")
    assert "0 rows read, 0 problems so far" in status.inner_text()
    assert _violations(page) == []
    task_worker.start()
    page.get_by_role("heading", name="What applying the file will do").wait_for()
    report = page.locator("main").inner_text()
    assert "4 records added" in report and "3 records changed" in report
    assert "2 records Tandem holds are not in the file" in report
    assert _violations(page) == []

    # Applied, saying that the two left out have left the district.
    page.get_by_label("End them on this date: the file is the whole list").check()
    page.get_by_label("Date they end").fill(TODAY.isoformat())
    page.get_by_role("button", name="Apply the file").click()
    page.get_by_role("heading", name="What applying the file did").wait_for()
    assert "ended on" in page.locator("main").inner_text()
    assert _violations(page) == []

    # The new educators are in the directory.
    page.goto(f"{base}{reverse('people:educator_list')}?q=Okafor")
    assert "Okafor" in page.locator("main").inner_text()
    assert _violations(page) == []

    # The same file again changes nothing, and says so.
    _upload(page, base, clean)
    page.get_by_role("heading", name="Nothing to change").wait_for()
    assert "This same file was applied by" in page.locator("main").inner_text()
    assert _violations(page) == []
    context.close()
