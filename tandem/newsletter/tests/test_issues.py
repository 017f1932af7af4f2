"""Composing, versioned editing, scheduling, the staff pages, the archive and its feed."""

import datetime

import defusedxml.ElementTree as ET
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.errors import DomainError
from tandem.newsletter import services
from tandem.newsletter.models import Issue, Item
from tandem.newsletter.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _form(**overrides):
    data = {"title": "Top Three, 8 December", "introduction": "Hello.", "audience_role_group": ""}
    data |= {"audience_region": "", "audience_license_field": ""}
    for kind in Item.Kind:
        data |= {
            f"{kind}_title": f"The {kind}",
            f"{kind}_text": "Short.",
            f"{kind}_link": f"https://example.org/{kind}",
        }
    data["reflection_author"] = "Pat Teacher"
    return data | overrides


def test_staff_compose_preview_and_schedule(signed_in, user_of, django_capture_on_commit_callbacks):
    client = signed_in(user_of("state.admin@example.org"))
    response = client.post("/top-three/issues/new/", _form())
    issue = Issue.objects.get(title="Top Three, 8 December")
    assert response.status_code == 302
    assert [i.kind for i in issue.items.order_by("position")] == [
        "resource",
        "reflection",
        "opportunity",
    ]

    page = client.get(f"/top-three/issues/{issue.pk}/")
    assert page.status_code == 200
    assert page.context["text"].count("https://example.org/") == 3
    assert "/top-three/unsubscribe/" in page.context["html"]

    send_at = timezone.localtime() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/top-three/issues/{issue.pk}/schedule/",
            {"send_at": send_at.strftime("%Y-%m-%dT%H:%M")},
        )
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    queued = DBTaskResult.objects.filter(task_path="tandem.newsletter.tasks.issue_send").latest(
        "enqueued_at"
    )
    assert queued.args_kwargs["kwargs"] == {"issue_id": issue.pk}
    assert queued.run_after == issue.send_at


def test_an_edit_is_a_new_version_and_a_stale_one_is_refused(signed_in, user_of):
    client = signed_in(user_of("state.admin@example.org"))
    issue = IssueFactory()
    client.post(f"/top-three/issues/{issue.pk}/edit/", _form(title="Second thoughts", version=1))
    issue.refresh_from_db()
    assert (issue.title, issue.version) == ("Second thoughts", 2)
    assert issue.history.count() == 2

    stale = client.post(f"/top-three/issues/{issue.pk}/edit/", _form(title="Lost edit", version=1))
    assert stale.status_code == 200 and b"version 2" in stale.content
    issue.refresh_from_db()
    assert issue.title == "Second thoughts"


def test_a_sent_issue_no_longer_changes(user_of):
    issue = IssueFactory(status=Issue.Status.SENT, sent_at=timezone.now())
    with pytest.raises(DomainError):
        services.issue_update(
            user=user_of("state.admin@example.org"),
            issue_id=issue.pk,
            version=1,
            title="x",
            items={},
        )
    with pytest.raises(DomainError):
        services.issue_schedule(
            user=user_of("state.admin@example.org"), issue_id=issue.pk, send_at=timezone.now()
        )


def test_only_the_states_staff_compose(user_of, signed_in):
    with pytest.raises(DomainError):
        services.issue_create(user=user_of("hr@example.org"), title="x", items={})
    client = signed_in(user_of("hr@example.org"))
    assert client.post("/top-three/issues/new/", _form(title="Not mine")).status_code == 404
    assert not Issue.objects.filter(title="Not mine").exists()


def test_an_issue_with_an_item_missing_is_refused_whole(user_of):
    items = {"resource": services.ItemText("A", "B", "https://example.org")}
    with pytest.raises(DomainError, match="three items"):
        services.issue_create(
            user=user_of("state.admin@example.org"), title="Half an issue", items=items
        )
    assert not Issue.objects.filter(title="Half an issue").exists()


def test_the_archive_and_feed_show_sent_issues_to_everyone_only(client):
    sent = IssueFactory(title="Sent to all", status=Issue.Status.SENT, sent_at=timezone.now())
    narrowed = IssueFactory(
        title="Sent to Central",
        status=Issue.Status.SENT,
        sent_at=timezone.now(),
        audience_region="Central",
    )
    draft = IssueFactory(title="A draft")

    archive = client.get("/top-three/").content.decode()
    assert sent.title in archive and narrowed.title not in archive and draft.title not in archive
    assert client.get(f"/top-three/{sent.pk}/").status_code == 200
    assert client.get(f"/top-three/{draft.pk}/").status_code == 404
    assert client.get(f"/top-three/{narrowed.pk}/").status_code == 404

    feed = client.get("/top-three/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    titles = [e.findtext(f"{ATOM}title") for e in ET.fromstring(feed.content).iter(f"{ATOM}entry")]
    assert sent.title in titles and narrowed.title not in titles and draft.title not in titles
