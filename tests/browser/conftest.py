"""Playwright in Debian's chromium, against a live server holding the demo Commonwealth."""

import os
import time

import pytest
from django.test import override_settings

from tests.worker import TaskWorker

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls here stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    args = CHROMIUM_ARGS + (["--no-sandbox"] if os.geteuid() == 0 else [])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo_server(live_server, transactional_db, settings, task_worker):
    """The live server with the demo Commonwealth loaded (each browser test starts from a fresh
    one) and its files to import, and the task worker beside it, as ``make demo`` runs them."""
    from conftest import TODAY
    from tandem.demo import commonwealth
    from tandem.demo.import_files import files_write
    from tandem.organizations.models import District

    with override_settings(DEMO_MODE=True):
        if not commonwealth.demo_loaded():
            commonwealth.generate(seed=2026, scale=1, today=TODAY)
    files_write(District.objects.order_by("pk").first(), TODAY)
    settings.DEMO_MODE = True
    task_worker.start()
    return live_server


@pytest.fixture
def task_worker(transactional_db, settings):
    worker = TaskWorker(settings.MEDIA_ROOT)
    yield worker
    worker.stop()


def sign_in(page, base_url, email):
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    from tandem.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    # A code is refused if its 30-second period ends before the server checks it, or if the
    # same code already signed this person in (allauth refuses a replay): then wait for the
    # next period's code, as a person would.
    for attempt in range(3):
        if "/2fa/" not in page.url:
            break
        if attempt:
            time.sleep(31 - time.time() % 30)
        counter = next(iter(yield_hotp_counters_from_time()))
        page.locator("input[name=code]").fill(
            format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        )
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state()
