"""Applying: only to an open posting (an internal one only for the district's staff), once,
the required questions answered, the profile kept as it was sent; then withdrawing."""

import datetime

import pytest
from django.urls import reverse

from tandem.applicants.models import Answer, Education, Submission
from tandem.applicants.tests.factories import applicant
from tandem.hiring.models import Application, ApplicationEvent, Posting, PostingQuestion
from tandem.hiring.services import application_move
from tandem.hiring.tests.factories import ApplicationFactory, PostingFactory
from tandem.people.tests.factories import EmploymentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _apply(client, posting, **data):
    return client.post(reverse("applicants:apply", args=[posting.pk]), data)


@pytest.fixture
def posting():
    posting = PostingFactory()
    PostingQuestion.objects.create(posting=posting, text="Why this school?", required=True)
    PostingQuestion.objects.create(posting=posting, text="Anything else?", required=False)
    return posting


def _answers(posting, **by_text):
    return {f"question_{q.pk}": by_text.get(q.text, "") for q in posting.questions.all()}


def test_applying_keeps_the_answers_and_the_profile_as_sent(client, posting):
    user = applicant()
    Education.objects.create(
        person=user.person, institution="Salem State", degree="BA", field="History", year=2019
    )
    client.force_login(user)
    page = client.get(reverse("applicants:apply", args=[posting.pk]))
    assert page.status_code == 200 and b"Why this school?" in page.content
    response = _apply(client, posting, **_answers(posting, **{"Why this school?": "Its library."}))
    application = Application.objects.get(posting=posting, person=user.person)
    assert response["Location"] == application.get_absolute_url()
    assert Answer.objects.get(application=application, question__required=True).text == (
        "Its library."
    )
    assert [e.action for e in ApplicationEvent.objects.filter(application=application)] == [
        "Submitted"
    ]
    # A later edit of the profile does not change what the district read.
    Education.objects.filter(person=user.person).update(institution="Changed later")
    snapshot = Submission.objects.get(application=application).profile
    assert snapshot["education"][0]["institution"] == "Salem State"
    assert snapshot["name"] == str(user.person)


def test_a_required_question_unanswered_is_named_and_nothing_is_saved(client, posting):
    user = applicant()
    client.force_login(user)
    response = _apply(client, posting, **_answers(posting))
    assert response.status_code == 200
    assert "Answer the question “Why this school?”" in response.content.decode()
    assert not Application.objects.filter(person=user.person).exists()
    assert not Submission.objects.exists() or not Submission.objects.filter(
        application__person=user.person
    )


def test_a_second_submit_shows_the_existing_application(client, posting):
    user = applicant()
    client.force_login(user)
    answers = _answers(posting, **{"Why this school?": "First."})
    first = _apply(client, posting, **answers)
    second = _apply(client, posting, **_answers(posting, **{"Why this school?": "Second."}))
    application = Application.objects.get(posting=posting, person=user.person)
    assert second["Location"] == first["Location"] == application.get_absolute_url()
    assert Application.objects.filter(posting=posting, person=user.person).count() == 1
    assert application.answers.get(question__required=True).text == "First."


def test_the_database_allows_one_application_per_posting(posting):
    from django.db import IntegrityError, transaction

    person = applicant().person
    ApplicationFactory(posting=posting, person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(posting=posting, person=person)


@pytest.mark.parametrize(
    "opens,closes",
    [
        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2026, 10, 1), datetime.date(2026, 11, 23)),
    ],
)
def test_a_posting_not_open_today_takes_no_application(client, opens, closes):
    posting = PostingFactory(opens_on=opens, closes_on=closes)
    user = applicant()
    client.force_login(user)
    response = _apply(client, posting)
    assert "This posting is not open for applications" in response.content.decode()
    assert not Application.objects.filter(person=user.person).exists()


def test_an_internal_posting_is_for_the_districts_staff_only(client):
    posting = PostingFactory(audience=Posting.Audience.INTERNAL)
    outsider = applicant()
    client.force_login(outsider)
    response = _apply(client, posting)
    assert "open only to the district" in response.content.decode()
    assert not Application.objects.filter(posting=posting).exists()

    staff = UserFactory()
    from tandem.people.tests.factories import PersonFactory

    person = PersonFactory(user=staff)
    EmploymentFactory(person=person, district=posting.vacancy.district)
    client.force_login(staff)
    _apply(client, posting)
    assert Application.objects.filter(posting=posting, person=person).exists()


def test_an_unconfirmed_account_cannot_apply(client, posting):
    user = applicant(confirmed=False)
    client.force_login(user)
    response = _apply(client, posting, **_answers(posting, **{"Why this school?": "x"}))
    assert "Confirm your e-mail address first" in response.content.decode()
    assert not Application.objects.filter(person=user.person).exists()


def test_my_applications_say_where_each_stands_in_plain_words(client, posting):
    user = applicant()
    application = ApplicationFactory(posting=posting, person=user.person)
    application_move(
        application,
        stage="interview",
        actor=UserFactory(),
        version=1,
        detail="Strong on classroom management; weak references",
    )
    client.force_login(user)
    page = client.get(reverse("applicants:mine")).content.decode()
    assert posting.vacancy.title in page and posting.vacancy.district.name in page
    assert "Interviews: the district may contact you to meet." in page
    assert "weak references" not in page
    detail = client.get(application.get_absolute_url()).content.decode()
    assert "weak references" not in detail


def test_nobody_else_opens_an_applicants_application(client, posting, user_of):
    application = ApplicationFactory(posting=posting, person=applicant().person)
    for other in (applicant(), user_of("hr@example.org"), user_of("teacher@example.org")):
        client.force_login(other)
        assert client.get(application.get_absolute_url()).status_code == 404
        assert client.get(reverse("applicants:withdraw", args=[application.pk])).status_code == 404


def test_withdrawing_asks_first_then_ends_the_application(client, posting):
    user = applicant()
    application = ApplicationFactory(posting=posting, person=user.person)
    client.force_login(user)
    url = reverse("applicants:withdraw", args=[application.pk])
    page = client.get(url)
    assert "Withdraw your application for" in page.content.decode()
    client.post(url, {"version": 1})  # not confirmed: nothing happens
    application.refresh_from_db()
    assert application.is_open
    response = client.post(url, {"version": 1, "confirmed": "1"})
    assert response["Location"] == application.get_absolute_url()
    application.refresh_from_db()
    assert application.outcome == Application.Outcome.WITHDRAWN
    assert application.events.last().actor == user
    page = client.get(reverse("applicants:mine")).content.decode()
    assert "You withdrew this application." in page


def test_withdrawing_from_a_stale_page_changes_nothing(client, posting):
    user = applicant()
    application = ApplicationFactory(posting=posting, person=user.person)
    application_move(application, stage="screening", actor=UserFactory(), version=1)
    client.force_login(user)
    response = client.post(
        reverse("applicants:withdraw", args=[application.pk]), {"version": 1, "confirmed": "1"}
    )
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    application.refresh_from_db()
    assert application.is_open and application.stage == "screening"
