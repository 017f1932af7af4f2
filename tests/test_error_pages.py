"""No dead ends: a refused or missing page says what happened and where to go next, and the
sign-in page says how accounts are made (nobody signs themselves up)."""

import pytest
from django.test import Client
from django.urls import path

from tandem.urls import urlpatterns as site_urls

pytestmark = pytest.mark.django_db


def _fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", _fails), *site_urls]


def test_a_missing_page_is_styled_and_leads_home(client, user_of):
    client.force_login(user_of("teacher@example.org"))
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "There is nothing here for you to open" in page and 'href="/"' in page
    assert 'href="#main"' in page and "usa-header" in page  # the site's own layout


def test_a_refused_action_says_nothing_was_changed(client, user_of):
    from tandem.evaluation.models import EvaluationCycle

    cycle = EvaluationCycle.objects.get(person__user__email="teacher@example.org")
    client.force_login(cycle.primary_evaluator.user)
    response = client.post(f"/cycles/{cycle.pk}/self-assessment/", {"version": 1})
    assert response.status_code == 403
    assert "Nothing was changed" in response.content.decode()


def test_an_expired_form_says_nothing_was_saved(user_of):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_of("teacher@example.org"))
    response = client.post("/me/tokens/", {"name": "sis"})
    assert response.status_code == 403
    assert "Nothing was saved" in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_server_error_says_nothing_was_saved_halfway(user_of):
    client = Client(raise_request_exception=False)
    client.force_login(user_of("teacher@example.org"))
    response = client.get("/fails/")
    assert response.status_code == 500
    assert "nothing was saved halfway" in response.content.decode()


def test_the_sign_in_page_does_not_invite_anyone_to_sign_up(client):
    page = client.get("/accounts/login/").content.decode()
    assert "sign up" not in page.lower() and "/accounts/signup/" not in page
    assert "Your district creates your account" in page
