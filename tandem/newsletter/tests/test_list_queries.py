"""The newsletter's lists ask a fixed number of queries, however many rows they show."""

import pytest
from django.utils import timezone

from tandem.newsletter.models import Issue
from tandem.newsletter.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db


def test_issue_list(signed_in, user_of, rows, django_assert_max_num_queries):
    for _ in range(rows):
        IssueFactory()
    client = signed_in(user_of("state.admin@example.org"))
    with django_assert_max_num_queries(12):
        assert client.get("/top-three/issues/").status_code == 200


def test_archive(client, rows, django_assert_max_num_queries):
    for _ in range(rows):
        IssueFactory(status=Issue.Status.SENT, sent_at=timezone.now())
    with django_assert_max_num_queries(6):
        assert client.get("/top-three/").status_code == 200
