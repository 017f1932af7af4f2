"""Failed sign-ins are limited per account first, per address only far later (issue 11).

A school's staff often share one public address (a school of 300 behind one NAT): five wrong
passwords for one account must not refuse everyone else's correct password from that address.
"""

import pytest
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings

from tandem.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

SCHOOL_ADDRESS = "203.0.113.7"


def _sign_in(client, email, password, address=SCHOOL_ADDRESS):
    client.logout()
    client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address)
    return "_auth_user_id" in client.session


def _per_address_limit():
    (rate,) = [
        rate
        for rate in parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed"])
        if rate.per == "ip"
    ]
    return rate.amount


def test_one_accounts_failures_do_not_stop_another_account_at_the_same_address(client):
    for _ in range(5):
        assert not _sign_in(client, "teacher@example.org", "not the password")
    assert _sign_in(client, "principal@example.org", DEMO_PASSWORD)


def test_the_failing_account_is_still_limited(client):
    for _ in range(5):
        _sign_in(client, "teacher@example.org", "not the password")
    assert not _sign_in(client, "teacher@example.org", DEMO_PASSWORD)
    assert not _sign_in(client, "teacher@example.org", DEMO_PASSWORD, address="198.51.100.9")


def test_trying_a_limited_account_again_does_not_use_up_the_address(client):
    """Refused tries at a limited account count against that account only, not the school."""
    for _ in range(_per_address_limit() + 5):
        _sign_in(client, "teacher@example.org", "not the password")
    assert _sign_in(client, "principal@example.org", DEMO_PASSWORD)


def test_many_failures_across_accounts_from_one_address_are_limited(client, settings):
    # An unknown e-mail still costs one password hash (Django's timing guard); a fast one here.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    for number in range(_per_address_limit()):
        assert not _sign_in(client, f"nobody{number}@example.org", "not the password")
    assert not _sign_in(client, "principal@example.org", DEMO_PASSWORD)
    assert _sign_in(client, "principal@example.org", DEMO_PASSWORD, address="198.51.100.9")
