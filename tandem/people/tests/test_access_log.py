"""The access log an educator can read (issue 11, item 6): other people's openings, by day,
person and record, with each reader's role and relation to her, links, filters and a CSV."""

import csv
import datetime
import io
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.evaluation.tests.factories import (
    EvaluationCycleFactory,
    RecordShareFactory,
    SelfAssessmentFactory,
    SummativeEvaluationFactory,
)
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import (
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
    UserFactory,
)
from tandem.records.models import AccessLogEntry
from tandem.records.tests.factories import AccessLogEntryFactory

pytestmark = pytest.mark.django_db

URL = "/me/access-log/"
CSV_URL = "/me/access-log.csv"
DEC_1 = datetime.date(2026, 12, 1)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _opened(user, target, *, on=DEC_1, channel=AccessLogEntry.Channel.PAGE, times=1):
    """``user`` opened ``target`` ``times`` times on ``on`` (the log's clock set back)."""
    with mock.patch("django.utils.timezone.now", return_value=_at(on)):
        AccessLogEntryFactory.create_batch(times, user=user, target=target, channel=channel)


@pytest.fixture
def world():
    """A teacher at a school, her primary evaluator, her principal, her district's HR, a union
    representative she shared her cycle with, and a stranger from another district."""
    assignment = StaffAssignmentFactory(employment__person=PersonFactory(signs_in=True))
    employment = assignment.employment
    cycle = EvaluationCycleFactory(employment=employment)
    union = RoleGrantFactory(role=RoleGrant.Role.UNION_LEADER, district=employment.district).user
    RecordShareFactory(cycle=cycle, shared_with=union)
    return {
        "teacher": employment.person.user,
        "employment": employment,
        "cycle": cycle,
        "summative": SummativeEvaluationFactory(cycle=cycle),
        "evaluator": cycle.primary_evaluator.user,
        "principal": RoleGrantFactory(
            role=RoleGrant.Role.PRINCIPAL, district=None, school=assignment.school
        ).user,
        "hr": RoleGrantFactory(district=employment.district).user,
        "union": union,
        "stranger": RoleGrantFactory().user,
    }


def _readers(response, day=DEC_1):
    (listed,) = [d for d in response.context["days"] if d.day == day]
    return {reader.user: reader for reader in listed.readers}


def test_only_other_peoples_openings_are_listed_by_default(client, world):
    _opened(world["teacher"], world["cycle"], times=15)
    _opened(world["hr"], world["employment"])
    client.force_login(world["teacher"])
    response = client.get(URL)
    assert list(_readers(response)) == [world["hr"]]
    assert response.context["page"].paginator.count == 1


def test_the_educators_own_openings_show_only_when_she_includes_them(client, world):
    _opened(world["teacher"], world["cycle"], on=datetime.date(2026, 11, 30))
    client.force_login(world["teacher"])
    assert client.get(URL).context["days"] == []
    response = client.get(URL, {"own": "on"})
    mine = _readers(response, datetime.date(2026, 11, 30))[world["teacher"]]
    assert mine.relations == ["you"]


def test_saving_as_she_types_is_not_an_opening(client, world):
    """A form that saves as it is typed posts every few seconds; each post used to be logged
    as a reading of the cycle (15 rows in one minute)."""
    cycle = world["cycle"]
    SelfAssessmentFactory(cycle=cycle)
    client.force_login(world["teacher"])
    address = reverse("evaluation:self_assessment", args=[cycle.pk])
    before = AccessLogEntry.objects.count()
    for _ in range(3):
        client.post(address, {"version": 1, "practice_summary": "Draft"}, HTTP_HX_REQUEST="true")
    assert AccessLogEntry.objects.count() == before
    assert client.get(address).status_code == 200
    assert AccessLogEntry.objects.count() == before + 1


def test_the_evaluators_summative_draft_sent_through_the_api_is_not_an_opening(client):
    cycle = demo_cycle("implementation", employment__role_group="teacher", leave_demo_accounts=True)
    evaluator = cycle.primary_evaluator.user
    client.force_login(evaluator)
    address = f"/api/cycles/{cycle.pk}/summative"
    body = {"version": 1, "rationale": "Consistent evidence from observations."}
    assert client.put(address, body, content_type="application/json").status_code == 200
    assert not AccessLogEntry.objects.filter(user=evaluator, subject=cycle.person).exists()


def test_openings_are_counted_by_day_then_person_then_record_and_channel(client, world):
    evaluator, summative = world["evaluator"], world["summative"]
    _opened(evaluator, summative, times=2)
    _opened(evaluator, summative, channel=AccessLogEntry.Channel.PDF)
    _opened(evaluator, world["cycle"])
    _opened(evaluator, summative, on=datetime.date(2026, 11, 30))
    client.force_login(world["teacher"])
    response = client.get(URL)
    assert [d.day for d in response.context["days"]] == [DEC_1, datetime.date(2026, 11, 30)]
    openings = _readers(response)[evaluator].openings
    year = world["cycle"].school_year.name
    assert [(o.title, o.how) for o in openings] == [
        (f"Evaluation cycle {year}", "once on a page"),
        (f"Summative evaluation {year}", "twice on a page, once as a PDF"),
    ]
    assert "opened twice on a page, once as a PDF" in response.content.decode()


def test_each_reader_shows_their_relation_to_the_educator(client, world):
    for who in ("evaluator", "principal", "hr", "union"):
        _opened(world[who], world["cycle"])
    client.force_login(world["teacher"])
    readers = _readers(client.get(URL))
    school = world["employment"].assignments.get().school.name
    assert readers[world["evaluator"]].relations == ["your primary evaluator"]
    assert readers[world["principal"]].relations == [f"principal of your school, {school}"]
    assert readers[world["hr"]].relations == ["HR of your district"]
    assert readers[world["union"]].relations == ["union representative, by your consent"]


def test_a_reader_without_a_relation_says_so(client, world):
    _opened(world["stranger"], world["cycle"])
    client.force_login(world["teacher"])
    response = client.get(URL)
    assert _readers(response)[world["stranger"]].relations == []
    assert "No role or relation to you on this day" in response.content.decode()


def test_a_relation_that_ended_before_the_opening_is_not_shown(client, world):
    grant = RoleGrant.objects.get(user=world["hr"])
    grant.end_date = datetime.date(2026, 11, 1)
    grant.save()
    _opened(world["hr"], world["employment"])
    client.force_login(world["teacher"])
    assert _readers(client.get(URL))[world["hr"]].relations == []


def test_each_record_links_to_a_page_the_educator_may_open(client, world):
    for target in (world["cycle"], world["summative"], world["employment"]):
        _opened(world["hr"], target)
    client.force_login(world["teacher"])
    openings = _readers(client.get(URL))[world["hr"]].openings
    assert len(openings) == 3
    for opening in openings:
        assert opening.url and client.get(opening.url).status_code == 200, opening.title


def test_the_log_filters_by_channel(client, world):
    _opened(world["hr"], world["cycle"])
    _opened(world["evaluator"], world["summative"], channel=AccessLogEntry.Channel.PDF)
    client.force_login(world["teacher"])
    readers = _readers(client.get(URL, {"channel": "pdf"}))
    assert list(readers) == [world["evaluator"]]
    assert readers[world["evaluator"]].openings[0].times == (("pdf", 1),)


def test_the_log_filters_by_person_and_dates(client, world):
    _opened(world["hr"], world["cycle"])
    _opened(world["evaluator"], world["cycle"])
    _opened(world["evaluator"], world["cycle"], on=datetime.date(2026, 11, 2))
    client.force_login(world["teacher"])
    response = client.get(URL, {"reader": world["evaluator"].pk, "since": "2026-11-30"})
    assert [d.day for d in response.context["days"]] == [DEC_1]
    assert list(_readers(response)) == [world["evaluator"]]


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({"since": "2026-12-05", "until": "2026-12-01"}, "The first day (From) is after"),
        ({"since": "1 Dec"}, "Enter the first day as a date"),
        ({"channel": "fax"}, "Choose a page, the API, a PDF or an export."),
        ({"reader": "99999999999999999999999"}, "That person has not opened your records."),
    ],
)
def test_bad_filters_are_named_and_change_nothing(client, world, query, problem):
    _opened(world["hr"], world["cycle"])
    client.force_login(world["teacher"])
    response = client.get(URL, query)
    assert response.status_code == 200
    assert problem in response.content.decode()
    assert list(_readers(response)) == [world["hr"]]
    assert client.get(CSV_URL, query).status_code == 302


def test_the_download_holds_every_opening_the_filters_select(client, world):
    world["hr"].first_name, world["hr"].last_name = "=HYPERLINK(1)", "Smith"
    world["hr"].save()
    _opened(world["hr"], world["summative"], times=2)
    _opened(world["teacher"], world["cycle"])
    _opened(world["evaluator"], world["cycle"], channel=AccessLogEntry.Channel.API)
    client.force_login(world["teacher"])
    response = client.get(CSV_URL, {"channel": "page"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0] == [
        "When",
        "Who",
        "Their role",
        "Their relation to you",
        "What they opened",
        "Address",
        "How",
    ]
    year = world["cycle"].school_year.name
    summative_url = reverse("evaluation:summative", args=[world["cycle"].pk])
    expected = ["'=HYPERLINK(1) Smith", "", "HR of your district"]
    assert [row[1:] for row in rows[1:]] == 2 * [
        [*expected, f"Summative evaluation {year}", summative_url, "Page"]
    ]
    assert rows[1][0] == "2026-12-01 10:00:00"


def test_another_educator_sees_only_their_own_log(client, world):
    _opened(world["hr"], world["cycle"])
    colleague = StaffAssignmentFactory(
        employment__person=PersonFactory(signs_in=True),
        employment__district=world["employment"].district,
    ).employment
    client.force_login(colleague.person.user)
    assert client.get(URL).context["days"] == []
    assert "HR of your district" not in client.get(CSV_URL).content.decode()


def test_a_district_hr_user_sees_only_openings_of_their_own_records(client, world):
    hr_person = PersonFactory(user=world["hr"])
    hr_employment = StaffAssignmentFactory(
        employment__person=hr_person, employment__district=world["employment"].district
    ).employment
    _opened(world["hr"], world["cycle"])
    _opened(world["evaluator"], hr_employment)
    client.force_login(world["hr"])
    readers = _readers(client.get(URL))
    assert list(readers) == [world["evaluator"]]
    assert [o.title for o in readers[world["evaluator"]].openings] == [
        f"Personnel record in {hr_employment.district.name}"
    ]


def test_someone_without_an_educator_record_has_an_empty_log(client, world):
    _opened(world["hr"], world["cycle"])
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 200 and response.context["days"] == []
    assert "Nobody else has opened your records yet." in response.content.decode()
