"""Test set-up shared by every app: the demo Commonwealth as the base of each test database."""

import datetime

import pytest
from django.test import override_settings

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory):
    """Where the demo's files are stored for this test session (not the demo's ``var/files``)."""
    return tmp_path_factory.mktemp("demo-files")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, demo_files):
    """Load the demo Commonwealth once per test database; each test runs in a rolled-back transaction."""
    from tandem.demo import commonwealth

    with django_db_blocker.unblock(), override_settings(DEMO_MODE=True, MEDIA_ROOT=demo_files):
        if not commonwealth.demo_loaded():
            commonwealth.generate(seed=2026, scale=1, today=TODAY)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    """Every test sees the demo's today, so dated relations are in force as generated."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def user_of():
    """The demo user with this e-mail."""
    from tandem.people.models import User

    return lambda email: User.objects.get(email=email)


@pytest.fixture(autouse=True)
def _files_in_a_temporary_directory(settings, tmp_path):
    """Uploads land in a directory of the test's own, removed with it."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def reauthenticated(client):
    """Sign ``client`` in as ``user`` as if the password had just been typed again."""
    from allauth.account.internal.flows.login import record_authentication
    from django.test import RequestFactory

    def sign_in(user):
        client.force_login(user)
        request = RequestFactory().get("/")
        request.user = user
        request.session = client.session
        record_authentication(request, user, method="password", reauthenticated=True)
        request.session.save()
        return client

    return sign_in


@pytest.fixture
def signed_in(client):
    """``client``, signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(params=[3, 30])
def rows(request):
    """How many rows a list test makes: each runs with 3 and with 30, so that a page whose query
    count grows with its rows (an N+1) fails (STYLE.md §9)."""
    return request.param


@pytest.fixture
def pinned_queries(client, django_assert_num_queries):
    """GET ``url`` and assert that it answers in exactly ``count`` queries (STYLE.md §9).

    The page is fetched once unpinned first, so that what a process caches on a first use
    (content types, say) does not count against whichever test happens to run first.
    """

    def get(url, count, *, status=200):
        client.get(url)
        with django_assert_num_queries(count):
            response = client.get(url)
        assert response.status_code == status
        return response

    return get


@pytest.fixture
def listed():
    """How many rows a list holds in all: an endpoint's ``count``, or a page's paginator count."""

    def count(response):
        if response["Content-Type"].startswith("application/json"):
            return response.json()["count"]
        return response.context["page"].paginator.count

    return count
