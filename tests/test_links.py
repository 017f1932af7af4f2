"""No dead ends: every link on every page a role reaches from its home page answers that role
with a page (200) or a deliberate redirect, never a 403 or 404 (issue 11, item 8)."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.http import HttpResponse
from django.urls import path

from tandem.urls import urlpatterns as site_urls
from tests.test_permission_matrix import EMAILS

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a\s[^>]*href="([^"]+)"')
# How many pages of each role are read for links; every link found on them is followed once.
PAGES_READ = 60
NOT_FOLLOWED = ("/static/", "/accounts/", "/admin/", "/api/docs")


def _local(href: str) -> str | None:
    href = urldefrag(href.replace("&amp;", "&"))[0]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not href.startswith("/"):
        return None
    if href.startswith(NOT_FOLLOWED):
        return None
    return href


def crawl(client) -> tuple[dict[str, int], dict[str, str]]:
    """Each URL reached from home with the status it answered, and the page linking to it."""
    statuses: dict[str, int] = {}
    found_on: dict[str, str] = {"/": "(home)"}
    queue = deque(["/"])
    read = 0
    while queue:
        url = queue.popleft()
        response = client.get(url)
        statuses[url] = response.status_code
        is_page = response.status_code == 200 and response.get("Content-Type", "").startswith(
            "text/html"
        )
        if not is_page or read >= PAGES_READ or response.streaming:
            continue
        read += 1
        for href in HREF.findall(response.content.decode()):
            link = _local(href)
            if link and link not in found_on:
                found_on[link] = url
                queue.append(link)
    return statuses, found_on


@pytest.mark.parametrize("role", sorted(EMAILS))
def test_every_link_a_role_meets_opens_for_that_role(client, user_of, role, settings, demo_files):
    settings.MEDIA_ROOT = demo_files  # the demo's evidence and library files are linked
    client.force_login(user_of(EMAILS[role]))
    statuses, found_on = crawl(client)
    assert len(statuses) > 5
    dead = {
        url: f"{status} (linked from {found_on[url]})"
        for url, status in statuses.items()
        if status not in (200, 301, 302)
    }
    assert dead == {}


def _home_linking_to_a_strangers_cycle(request):
    from tandem.evaluation.models import EvaluationCycle

    stranger = EvaluationCycle.objects.exclude(person__user__email=EMAILS["teacher"]).first()
    return HttpResponse(f'<a href="/cycles/{stranger.pk}/#top">A colleague</a>')


urlpatterns = [path("", _home_linking_to_a_strangers_cycle), *site_urls]


@pytest.mark.urls(__name__)
def test_the_crawl_reports_a_link_the_reader_may_not_open(client, user_of):
    """The check itself: a page linking to a colleague's cycle is found out."""
    client.force_login(user_of(EMAILS["teacher"]))
    statuses, found_on = crawl(client)
    (dead,) = [url for url, status in statuses.items() if status == 404]
    assert dead.startswith("/cycles/") and found_on[dead] == "/"
