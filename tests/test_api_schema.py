"""Property-based API tests: malformed requests get a 4xx with a message, never a 500 (issue 3)."""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tandem.people.services import api_token_create
from tandem.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def in_process_requests():
    """Keep the test's database connection open across WSGI calls, as Django's test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(django_db_blocker, db, in_process_requests):
    from tandem.people.models import User

    _, raw = api_token_create(
        user=User.objects.get(email="district.admin@example.org"), name="schemathesis"
    )
    return raw


@schema.parametrize()
# Derandomized so that CI is repeatable; raise max_examples locally to search wider.
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_the_api_answers_every_generated_request_without_a_server_error(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})


@pytest.mark.django_db
def test_a_revoked_token_is_refused(client, user_of):
    from tandem.people.services import api_token_revoke

    token, raw = api_token_create(user=user_of("hr@example.org"), name="sis")
    assert client.get("/api/districts", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    api_token_revoke(user=user_of("hr@example.org"), token_id=token.pk)
    response = client.get("/api/districts", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/districts/99999999999999999999",
        "/api/educators?school_id=99999999999999999999",
        "/api/assignments?educator_id=-1",
    ],
)
def test_an_identifier_out_of_the_databases_range_is_a_422_naming_it(client, user_of, path):
    _token, raw = api_token_create(user=user_of("hr@example.org"), name="sis")
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 422
    assert "_id" in str(response.json()["detail"])


@pytest.mark.django_db
def test_tokens_are_stored_only_as_digests(user_of):
    token, raw = api_token_create(user=user_of("hr@example.org"), name="sis")
    assert raw not in (token.digest, token.prefix) and len(token.digest) == 64


@pytest.mark.django_db
def test_the_interactive_docs_load_their_assets_from_our_own_static_files(client):
    page = client.get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    assert all(asset.startswith("/static/") for asset in assets), assets
