"""Threads where decisions are made (issue 16, item 8): who reads and posts in the thread of an
issue, an option and a draft agreement, who never does (404), the caucus kept apart, mentions
waiting on the person named until they open the thread, rewording within the window, and the
one-thread constraint on the database."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.collaboration.models import Comment, Mention, TeamNote
from tandem.collaboration.selectors.waiting import waiting_on
from tandem.collaboration.services.agreements import agreement_draft
from tandem.collaboration.services.comments import comment_edit, comment_post
from tandem.collaboration.services.notices import notices_send
from tandem.collaboration.services.teams import team_note_post
from tandem.collaboration.tests.factories import TeamMemberFactory
from tandem.collaboration.tests.first_team import TODAY
from tandem.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(team, people):
    return agreement_draft(
        team_id=team.pk,
        by=people["principal"],
        kind="mou",
        title="Mentor stipends",
        body="Two paid mentors per school.",
    )


@pytest.fixture
def threads(team, issue, draft):
    """Each kind of thread: its page and what the service is given to post in it."""
    option = issue.options.get()
    return {
        "issue": (
            reverse("collaboration:issue_thread", args=[team.pk, issue.pk]),
            {"issue_id": issue.pk},
        ),
        "option": (
            reverse("collaboration:option_thread", args=[team.pk, issue.pk, option.pk]),
            {"option_id": option.pk},
        ),
        "agreement": (
            reverse("collaboration:agreement_thread", args=[team.pk, draft.pk]),
            {"agreement_id": draft.pk},
        ),
    }


def _mentions_waiting(user):
    return [w for w in waiting_on(user=user, day=TODAY) if w.kind == "mention"]


@pytest.mark.parametrize("kind", ["issue", "option", "agreement"])
@pytest.mark.parametrize("role", ["union_member", "committee", "facilitator"])
def test_the_team_and_its_facilitator_read_and_post_in_each_thread(
    client, people, threads, kind, role
):
    url, _thread = threads[kind]
    client.force_login(people[role])
    response = client.post(url, {"body": "What would it cost per school?"})
    assert response.status_code == 302 and response.url == f"{url}#comments"
    page = client.get(url).content.decode()
    assert "What would it cost per school?" in page
    comment = Comment.objects.get(body="What would it cost per school?")
    assert comment.author == people[role]
    assert getattr(comment, f"{kind}_id") is not None


@pytest.fixture
def other_teams_member():
    """A member of another district's team."""
    return TeamMemberFactory().user


@pytest.mark.parametrize("kind", ["issue", "option", "agreement"])
@pytest.mark.parametrize("who", ["other_teams_member", "teacher", "other_facilitator"])
def test_nobody_outside_the_team_reads_or_posts(
    client, people, threads, kind, who, other_teams_member, other_facilitator
):
    url, thread = threads[kind]
    comment_post(by=people["principal"], body="Inside the team", **thread)
    outsider = {
        "other_teams_member": other_teams_member,
        "teacher": people["teacher"],
        "other_facilitator": other_facilitator,
    }[who]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "From outside"}).status_code == 404
    comment = Comment.objects.get(body="Inside the team")
    edit = reverse("collaboration:comment_edit", args=[comment.team_id, comment.pk])
    assert client.post(edit, {"body": "Rewritten from outside"}).status_code == 404
    assert not Comment.objects.filter(body__contains="outside").exists()
    with pytest.raises(DomainError):
        comment_post(by=outsider, body="From outside", **thread)


def test_the_caucus_stays_apart_from_the_threads(client, team, people, threads):
    """A thread is joint: the union president does not reach the management caucus through
    it, a thread never shows a caucus note, and a caucus never shows a comment."""
    url, thread = threads["issue"]
    team_note_post(team=team, by=people["superintendent"], space="management", body="Our floor")
    comment_post(by=people["superintendent"], body="For everyone", **thread)
    client.force_login(people["union"])
    assert client.get(
        reverse("collaboration:caucus", args=[team.pk, "management"])
    ).status_code == (404)
    page = client.get(url).content.decode()
    assert "For everyone" in page and "Our floor" not in page
    client.force_login(people["superintendent"])
    caucus = client.get(reverse("collaboration:caucus", args=[team.pk, "management"]))
    assert "Our floor" in caucus.content.decode()
    assert "For everyone" not in caucus.content.decode()
    assert not TeamNote.objects.filter(body="For everyone").exists()


def test_the_form_offers_the_teams_people_to_mention_and_nobody_else(client, people, threads):
    url, _thread = threads["issue"]
    client.force_login(people["principal"])
    choices = dict(client.get(url).context["form"].fields["mentioned"].choices)
    assert people["union"].pk in choices and people["facilitator"].pk in choices
    assert people["principal"].pk not in choices  # not oneself
    assert people["teacher"].pk not in choices


def test_a_mention_waits_on_the_person_until_they_open_the_thread(client, people, threads):
    url, _thread = threads["option"]
    union = people["union"]
    client.force_login(people["superintendent"])
    client.post(url, {"body": "Can the union live with two?", "mentioned": [union.pk]})
    comment = Comment.objects.get(body="Can the union live with two?")
    assert list(comment.mentions.values_list("user", flat=True)) == [union.pk]

    (waiting,) = _mentions_waiting(union)
    assert waiting.url == f"{url}#comment-{comment.pk}"
    assert "Paid mentors" in waiting.action
    for role in ("superintendent", "committee", "facilitator"):
        assert not _mentions_waiting(people[role]), role

    client.force_login(people["committee"])
    client.get(url)  # someone else reading does not clear it
    assert _mentions_waiting(union)
    client.force_login(union)
    assert client.get("/").content.decode().count(f"#comment-{comment.pk}") == 1
    client.get(url)
    assert not _mentions_waiting(union)
    assert Mention.objects.get(comment=comment).read_at is not None


def test_the_days_notice_names_the_mention(people, threads, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _url, thread = threads["agreement"]
    comment = comment_post(
        by=people["principal"],
        body="Please check the numbers",
        mentioned=[people["committee"].pk],
        **thread,
    )
    notices_send(today=TODAY)
    (notice,) = [m for m in mail.outbox if people["committee"].email in m.to]
    assert "the agreement “Mentor stipends”" in notice.body
    assert f"#comment-{comment.pk}" in notice.body


def test_mentioning_someone_off_the_team_is_refused_and_nothing_is_written(people, threads):
    _url, thread = threads["issue"]
    with pytest.raises(DomainError, match="Mention only the team's people"):
        comment_post(
            by=people["principal"],
            body="Ask the teacher",
            mentioned=[people["union"].pk, people["teacher"].pk],
            **thread,
        )
    assert not Comment.objects.filter(body="Ask the teacher").exists()
    assert not Mention.objects.filter(user=people["union"]).exists()


@pytest.mark.parametrize("body", ["", "   ", "x" * 5_001])
def test_a_comment_empty_or_too_long_is_refused(client, people, threads, body):
    url, _thread = threads["issue"]
    client.force_login(people["principal"])
    response = client.post(url, {"body": body})
    assert response.status_code == 200 and response.context["form"].errors
    assert not Comment.objects.exists()


def test_htmx_gets_the_thread_alone_and_a_fresh_form(client, people, threads):
    url, _thread = threads["issue"]
    client.force_login(people["principal"])
    response = client.post(url, {"body": "Posted without a reload"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith('<section id="comments"') and "Posted without a reload" in page
    assert "<html" not in page and not response.context["form"].is_bound


def test_an_author_rewords_their_own_comment_within_the_window_with_history(
    client, people, threads
):
    _url, thread = threads["issue"]
    comment = comment_post(by=people["principal"], body="Three mentors", **thread)
    edit = reverse("collaboration:comment_edit", args=[comment.team_id, comment.pk])
    client.force_login(people["union"])
    client.post(edit, {"body": "Someone else's words"})
    comment.refresh_from_db()
    assert comment.body == "Three mentors" and comment.edited_at is None

    client.force_login(people["principal"])
    assert client.post(edit, {"body": "Two mentors"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Two mentors" and comment.edited_at is not None
    assert [h.body for h in comment.history.order_by("history_date")] == [
        "Three mentors",
        "Two mentors",
    ]


def test_after_the_window_nobody_rewords_a_comment(people, threads):
    _url, thread = threads["issue"]
    comment = comment_post(by=people["principal"], body="Three mentors", **thread)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    with pytest.raises(DomainError, match="15 minutes"):
        comment_edit(comment_id=comment.pk, by=people["principal"], body="Two mentors")
    comment.refresh_from_db()
    assert comment.body == "Three mentors"


def test_a_decided_issues_thread_is_read_but_closed(client, people, decided_issue, team):
    url = reverse("collaboration:issue_thread", args=[team.pk, decided_issue.pk])
    client.force_login(people["union"])
    page = client.get(url)
    assert page.status_code == 200 and page.context["closed"]
    client.post(url, {"body": "Too late"})
    assert not Comment.objects.filter(body="Too late").exists()


def test_exactly_one_thread_is_set_on_the_database(team, people, issue, draft):
    option = issue.options.get()
    base = {"team": team, "author": people["principal"], "body": "Where does this go?"}
    for threads in ({}, {"issue": issue, "option": option}, {"issue": issue, "agreement": draft}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.create(**base, **threads)
    for one in ({"issue": issue}, {"option": option}, {"agreement": draft}):
        Comment.objects.create(**base, **one)
    assert Comment.objects.filter(body="Where does this go?").count() == 3
