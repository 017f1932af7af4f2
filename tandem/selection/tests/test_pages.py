"""Selection's pages and API: who opens a posting's candidates and a candidate's file, the
blind scorecards on page and API before and after submitting, and the access log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.hiring.models import Application
from tandem.hiring.tests.factories import ApplicationFactory
from tandem.licensure.tests.factories import LicenseFactory
from tandem.people.tests.factories import RoleGrantFactory, UserFactory
from tandem.records.models import AccessLogEntry
from tandem.selection import services
from tandem.selection.models import Scorecard
from tandem.selection.tests.factories import PanelMemberFactory, Selection

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return Selection()


def _urls(world):
    posting, application = world.posting, world.application
    return {
        "candidates": reverse("selection:candidates", args=[posting.pk]),
        "candidate": reverse("selection:candidate", args=[posting.pk, application.pk]),
        "scorecard": reverse("selection:scorecard", args=[posting.pk, application.pk]),
        "api": f"/api/postings/{posting.pk}/candidates/{application.pk}/scorecards",
    }


def _outsiders(world):
    return {
        "applicant": world.applicant,
        "other district's HR": RoleGrantFactory().user,
        "teacher": UserFactory(),
        "another posting's panel member": PanelMemberFactory().person.user,
    }


@pytest.mark.parametrize("url", ["candidates", "candidate", "scorecard", "api"])
def test_nobody_without_a_part_opens_the_candidates(client, world, url):
    for who, user in _outsiders(world).items():
        client.force_login(user)
        assert client.get(_urls(world)[url]).status_code == 404, who
    assert not AccessLogEntry.objects.filter(object_id=world.application.pk).exists()


def test_the_candidate_list_shows_stage_score_and_fit_and_filters(client, world):
    LicenseFactory(person=world.application.person, expires_on=None)
    out_of_field = ApplicationFactory(posting=world.posting)
    services.screening_save(out_of_field, by=world.hr, scores={c.pk: 4 for c in world.screening})
    client.force_login(world.hr)
    page = client.get(_urls(world)["candidates"]).content.decode()
    assert page.index(out_of_field.person.sort_name) < page.index(
        world.application.person.sort_name
    )
    assert "12.0 / 12" in page and "Not screened" in page
    assert "None: out of field" in page
    only_held = client.get(_urls(world)["candidates"] + "?fit=held").content.decode()
    assert world.application.person.sort_name in only_held
    assert out_of_field.person.sort_name not in only_held
    assert AccessLogEntry.objects.filter(object_id=out_of_field.pk, user=world.hr).exists()


def test_moving_on_from_the_file_and_a_stale_move(client, world):
    client.force_login(world.hr)
    url = reverse("selection:candidate_advance", args=[world.posting.pk, world.application.pk])
    client.post(url, {"version": 1})
    assert Application.objects.get(pk=world.application.pk).stage == "screening"
    response = client.post(url, {"version": 1}, follow=True)
    assert "someone saved a newer version" in response.content.decode()
    assert Application.objects.get(pk=world.application.pk).stage == "screening"


def test_not_selected_without_a_message_says_so_and_changes_nothing(client, world):
    client.force_login(world.hr)
    url = reverse("selection:candidate_not_selected", args=[world.posting.pk, world.application.pk])
    response = client.post(url, {"version": 1, "reason": "Late.", "message": ""})
    assert response.status_code == 422
    assert Application.objects.get(pk=world.application.pk).is_open


def test_the_file_shows_the_history_and_logs_the_reading(client, world):
    services.candidate_advance(world.application, by=world.hr, version=1)
    client.force_login(world.principal)
    page = client.get(_urls(world)["candidate"]).content.decode()
    assert "Moved to Screening" in page
    assert "out of field" in page.lower() and "Record the reason" in page
    assert AccessLogEntry.objects.filter(
        object_id=world.application.pk, user=world.principal, channel="page"
    ).exists()


def test_an_interview_is_scheduled_from_the_file_and_its_invitation_downloads(client, world):
    client.force_login(world.principal)
    day = (timezone.localtime() + datetime.timedelta(days=5)).date()
    response = client.post(
        reverse("selection:interview_add", args=[world.posting.pk, world.application.pk]),
        {
            "day": day.isoformat(),
            "starts": "10:00",
            "ends": "10:45",
            "place": "",
            "video_link": "https://video.example.org/room/7",
            "panel": [member.pk for member in world.panel],
        },
    )
    assert response.status_code == 302
    interview = world.application.interviews.get()
    ics = reverse(
        "selection:interview_ics", args=[world.posting.pk, world.application.pk, interview.pk]
    )
    for user in (world.principal, world.applicant, world.panelists[1]):
        client.force_login(user)
        response = client.get(ics)
        assert response["Content-Type"].startswith("text/calendar")
        assert f"DTSTART;TZID=America/New_York:{day:%Y%m%d}T100000" in response.content.decode()
    client.force_login(_outsiders(world)["teacher"])
    assert client.get(ics).status_code == 404


def _scorecard_post(client, world, planning, questions, **extra):
    data = {f"score_{world.interview[0].pk}": planning, f"score_{world.interview[1].pk}": questions}
    return client.post(_urls(world)["scorecard"], {**data, "notes": "Clear answers.", **extra})


def test_scorecards_are_blind_on_the_page_and_the_api_until_one_submits(client, world):
    first, second = world.panelists
    client.force_login(first)
    assert _scorecard_post(client, world, 3, 4, submit="1").status_code == 302
    mine = Scorecard.objects.get(panel_member=world.panel[0])

    # The second panel member has not submitted: neither the page nor the API shows the first's.
    client.force_login(second)
    page = client.get(_urls(world)["candidate"]).content.decode()
    assert "Clear answers." not in page and "1 more scorecard is not shown" in page
    body = client.get(_urls(world)["api"]).json()
    assert (body["scorecards"], body["not_shown"]) == ([], 1)
    # A draft of their own shows to them alone.
    _scorecard_post(client, world, 1, "", save="1")
    body = client.get(_urls(world)["api"]).json()
    assert [card["mine"] for card in body["scorecards"]] == [True]
    draft = Scorecard.objects.get(panel_member=world.panel[1])
    _scorecard_post(client, world, 1, 2, submit="1", version=draft.version)

    body = client.get(_urls(world)["api"]).json()
    assert {(c["panel_member"], c["total"]) for c in body["scorecards"]} == {
        (str(world.panel[0].person), 15),
        (str(world.panel[1].person), 7),
    }
    assert "Clear answers." in client.get(_urls(world)["candidate"]).content.decode()
    assert AccessLogEntry.objects.filter(object_id=mine.pk, user=second, channel="api").exists()

    # Submitted scorecards are read-only.
    response = _scorecard_post(client, world, 0, 0, submit="1", version=draft.version + 1)
    assert response.status_code == 422
    assert "no longer changes" in response.content.decode()
    assert (
        Scorecard.objects.get(panel_member=world.panel[1])
        .scores.get(criterion=world.interview[0])
        .score
        == 1
    )


def test_hr_reads_submitted_scorecards_but_writes_none(client, world):
    services.scorecard_save(
        world.application,
        by=world.panelists[0],
        scores={c.pk: 2 for c in world.interview},
        notes="Draft only.",
        version=None,
        submit=False,
    )
    client.force_login(world.hr)
    assert client.get(_urls(world)["scorecard"]).status_code == 404
    body = client.get(_urls(world)["api"]).json()
    assert (body["scorecards"], body["not_shown"]) == ([], 1)


def test_the_stages_page_is_for_the_districts_hr(client, world):
    url = reverse("selection:stages", args=[world.posting.vacancy.district_id])
    for user in (world.principal, world.panelists[0], RoleGrantFactory().user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(world.hr)
    assert client.get(url).status_code == 200
    data = {"use_interview": "on", "panel_interview": "on", "hr_applied": "on"}
    assert client.post(url, data).status_code == 302
    from tandem.selection.selectors import stages_of

    assert [s.stage for s in stages_of(world.posting.vacancy.district_id)] == [
        "applied",
        "interview",
    ]
    response = client.post(url, {"use_interview": "on", "hr_applied": "on"})
    assert "Say who acts at Interviews" in response.content.decode()


def test_home_leads_those_with_a_part_to_the_candidates_and_nobody_else(client, world):
    link = reverse("selection:candidates", args=[world.posting.pk])
    for user in (world.hr, world.principal, world.panelists[0]):
        client.force_login(user)
        assert link in client.get("/").content.decode()
    for who, user in _outsiders(world).items():
        client.force_login(user)
        assert link not in client.get("/").content.decode(), who


def test_the_file_shows_the_application_as_sent_and_its_documents_to_those_with_a_part(
    client, world
):
    """The profile, answers and documents the applicant sent; a document only of this
    application, only to those who select, each opening logged."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tandem.applicants import services as applicant_services
    from tandem.applicants.models import Education
    from tandem.applicants.tests.factories import applicant
    from tandem.hiring.models import PostingQuestion

    question = PostingQuestion.objects.create(posting=world.posting, text="Why this school?")
    user = applicant()
    Education.objects.create(
        person=user.person, institution="Salem State", degree="MEd", field="Math", year=2020
    )
    document = applicant_services.document_add(
        user=user, kind="resume", title="My résumé", upload=SimpleUploadedFile("cv.txt", b"CV")
    )
    sent = applicant_services.application_submit(
        user=user, posting=world.posting, answers={question.pk: "Its math team."}
    )
    file_url = reverse("selection:candidate", args=[world.posting.pk, sent.pk])
    document_url = reverse(
        "selection:candidate_document", args=[world.posting.pk, sent.pk, document.pk]
    )
    client.force_login(world.hr)
    page = client.get(file_url).content.decode()
    assert "Why this school?" in page and "Its math team." in page
    assert "Salem State" in page and document_url in page
    assert client.get(document_url).status_code == 200
    assert AccessLogEntry.objects.filter(
        user=world.hr, content_type__model="submission", subject=sent.person
    ).exists()
    # Not a document of another application, nor to one without a part.
    other = reverse(
        "selection:candidate_document",
        args=[world.posting.pk, world.application.pk, document.pk],
    )
    assert client.get(other).status_code == 404
    for who, outsider in _outsiders(world).items():
        client.force_login(outsider)
        assert client.get(document_url).status_code == 404, who


def test_the_file_leads_hr_and_the_principal_on_to_references_and_the_offer(client, world):
    """The references, recommendation and offer live on the offers app's page: the file links
    there for those who read it, and not for a panel member, to whom that page is closed."""
    offer_file = reverse("offers:application", args=[world.application.pk])
    for user, linked in ((world.hr, True), (world.principal, True), (world.panelists[0], False)):
        client.force_login(user)
        page = client.get(_urls(world)["candidate"]).content.decode()
        assert (f'href="{offer_file}"' in page) is linked
        assert client.get(offer_file).status_code == (200 if linked else 404)
