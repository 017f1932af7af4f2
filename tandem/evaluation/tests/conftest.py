import pytest


@pytest.fixture
def signing_request():
    """A request from ``user`` who has just confirmed their password, as allauth records it."""
    from allauth.account.internal.flows.login import record_authentication
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    def make(user):
        request = RequestFactory().post("/")
        request.user = user
        request.session = SessionStore()
        record_authentication(request, user, method="password", reauthenticated=True)
        return request

    return make
