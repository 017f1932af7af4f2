"""The district's vacancies and postings: made, edited, posted, closed early and reposted by
its HR and administrators only, bad input refused whole."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tandem.errors import DomainError
from tandem.hiring import services
from tandem.hiring.models import Application, Posting, RequiredLicense, Vacancy
from tandem.hiring.tests.factories import ApplicationFactory, PostingFactory, VacancyFactory
from tandem.people.models import StaffAssignment
from tandem.records.versions import StaleVersion

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


def _vacancy_fields(school, **changes):
    return {
        "school": school,
        "title": "Grade 4 teacher",
        "position": StaffAssignment.Position.CLASSROOM_TEACHER,
        "subject": "Elementary",
        "grade_levels": "4",
        "fte": 1,
        "salary_min": 50000,
        "salary_max": 70000,
        "salary_step": "",
        "start_date": datetime.date(2027, 8, 30),
        "licenses": [("Elementary", "1-6")],
        **changes,
    }


def _vacancy_post(school, **changes):
    data = _vacancy_fields(school, **changes)
    data["school"] = school.pk
    data["licenses"] = "\n".join(", ".join(pair) for pair in data["licenses"])
    return {key: "" if value is None else value for key, value in data.items()}


def test_hr_makes_a_vacancy_with_its_licenses_and_its_grades_as_numbers(client, hr, school):
    client.force_login(hr)
    data = _vacancy_post(
        school, grade_levels="K-2", licenses=[("Elementary", "1-6"), ("Early childhood", "PK-2")]
    )
    response = client.post(reverse("hiring:vacancy_create", args=[school.district_id]), data)
    vacancy = Vacancy.objects.get(district=school.district)
    assert response.status_code == 302
    assert response["Location"] == reverse("hiring:vacancy_detail", args=[vacancy.pk])
    assert (vacancy.grade_from, vacancy.grade_to, vacancy.created_by) == (0, 2, hr)
    assert sorted(vacancy.required_licenses.values_list("field", "grade_levels")) == [
        ("Early childhood", "PK-2"),
        ("Elementary", "1-6"),
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"salary_min": 70000, "salary_max": 60000}, "The highest salary (60,000) is below"),
        ({"grade_levels": "middle"}, "“middle” is not a grade span"),
        ({"grade_levels": "8-5"}, "“8-5” is not a grade span"),
        ({"licenses": [("Mathematics", "5 to 8")]}, "“5 to 8” is not a grade span"),
    ],
)
def test_bad_input_says_what_is_wrong_and_saves_nothing(client, hr, school, changes, problem):
    client.force_login(hr)
    response = client.post(
        reverse("hiring:vacancy_create", args=[school.district_id]),
        _vacancy_post(school, **changes),
    )
    assert response.status_code == 200
    assert problem in response.content.decode()
    assert not Vacancy.objects.filter(district=school.district).exists()
    assert not RequiredLicense.objects.filter(vacancy__district=school.district).exists()


def test_a_school_of_another_district_is_refused(hr, school):
    elsewhere = VacancyFactory().school
    with pytest.raises(DomainError, match="not one of this district's"):
        services.vacancy_create(district=school.district, by=hr, **_vacancy_fields(elsewhere))


def test_an_edit_from_an_older_version_is_refused_and_keeps_the_newer(hr, school):
    vacancy = services.vacancy_create(district=school.district, by=hr, **_vacancy_fields(school))
    services.vacancy_update(vacancy, by=hr, version=1, **_vacancy_fields(school, title="Grade 5"))
    with pytest.raises(StaleVersion):
        services.vacancy_update(
            vacancy, by=hr, version=1, **_vacancy_fields(school, title="Grade 6")
        )
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.version) == ("Grade 5", 2)
    assert vacancy.history.count() == 2


def test_the_edit_page_replaces_the_licenses(client, hr, school):
    vacancy = services.vacancy_create(district=school.district, by=hr, **_vacancy_fields(school))
    client.force_login(hr)
    data = {**_vacancy_post(school, licenses=[("Mathematics", "5-8")]), "version": 1}
    response = client.post(reverse("hiring:vacancy_edit", args=[vacancy.pk]), data)
    assert response.status_code == 302
    assert list(vacancy.required_licenses.values_list("field", "grade_levels")) == [
        ("Mathematics", "5-8")
    ]


def test_hr_posts_a_vacancy_with_its_own_questions(client, hr, school):
    vacancy = VacancyFactory(school=school)
    client.force_login(hr)
    response = client.post(
        reverse("hiring:posting_create", args=[vacancy.pk]),
        {
            "audience": "internal",
            "opens_on": "2026-11-24",
            "closes_on": "2026-12-15",
            "description": "Teach grade 7.",
            "questions": "Why this school?\nOptional: Anything else?",
        },
    )
    posting = vacancy.postings.get()
    assert response["Location"] == reverse("hiring:posting_detail", args=[posting.pk])
    assert posting.audience == Posting.Audience.INTERNAL
    assert list(posting.questions.values_list("text", "required", "position")) == [
        ("Why this school?", True, 1),
        ("Anything else?", False, 2),
    ]


@pytest.mark.parametrize(
    ("opens_on", "closes_on", "problem"),
    [
        ("2026-12-10", "2026-12-01", "closes before it opens"),
        ("2026-11-01", "2026-11-20", "The closing date has passed"),
    ],
)
def test_posting_dates_out_of_order_are_refused(client, hr, school, opens_on, closes_on, problem):
    vacancy = VacancyFactory(school=school)
    client.force_login(hr)
    response = client.post(
        reverse("hiring:posting_create", args=[vacancy.pk]),
        {"audience": "external", "opens_on": opens_on, "closes_on": closes_on, "description": "x"},
    )
    assert problem in response.content.decode()
    assert not vacancy.postings.exists()


def test_closing_early_stops_applications_from_today_and_keeps_the_dates(client, hr, school):
    posting = PostingFactory(vacancy=VacancyFactory(school=school))
    client.force_login(hr)
    client.post(reverse("hiring:posting_close", args=[posting.pk]), {"version": 1})
    posting.refresh_from_db()
    assert (posting.closed_on, posting.closed_by, posting.closes_on) == (
        TODAY,
        hr,
        datetime.date(2026, 12, 31),
    )
    assert posting.status() == Posting.Status.CLOSED
    assert not Posting.objects.open_on(TODAY).filter(pk=posting.pk).exists()


def test_closing_from_an_older_version_is_refused(hr, school):
    posting = PostingFactory(vacancy=VacancyFactory(school=school))
    Posting.objects.filter(pk=posting.pk).update(version=2)
    with pytest.raises(StaleVersion):
        services.posting_close(posting, by=hr, version=1)
    posting.refresh_from_db()
    assert posting.closed_on is None


def test_a_repost_names_the_one_it_follows_and_keeps_its_questions(client, hr, school):
    posting = PostingFactory(vacancy=VacancyFactory(school=school))
    posting.questions.create(text="Why us?", required=False, position=1)
    application = ApplicationFactory(posting=posting)
    services.posting_close(posting, by=hr, version=1)
    client.force_login(hr)
    response = client.post(
        reverse("hiring:posting_repost", args=[posting.pk]),
        {"audience": "external", "opens_on": "2026-12-01", "closes_on": "2027-01-15"},
    )
    repost = posting.reposts.get()
    assert response["Location"] == reverse("hiring:posting_detail", args=[repost.pk])
    assert (repost.vacancy, repost.description, repost.opens_on) == (
        posting.vacancy,
        posting.description,
        datetime.date(2026, 12, 1),
    )
    assert list(repost.questions.values_list("text", "required")) == [("Why us?", False)]
    assert list(Application.objects.filter(posting=posting)) == [application]
    assert not repost.applications.exists()


def test_a_posting_is_reposted_once(hr, school):
    posting = PostingFactory(vacancy=VacancyFactory(school=school), closed_on=TODAY)
    dates = {"opens_on": TODAY, "closes_on": datetime.date(2027, 1, 1)}
    services.posting_repost(posting, by=hr, audience="external", **dates)
    with pytest.raises(DomainError, match="reposted already"):
        services.posting_repost(posting, by=hr, audience="external", **dates)
    assert posting.reposts.count() == 1


def test_a_posting_still_open_is_not_reposted(hr, school):
    posting = PostingFactory(vacancy=VacancyFactory(school=school))
    with pytest.raises(DomainError, match="close it first"):
        services.posting_repost(
            posting,
            by=hr,
            audience="external",
            opens_on=TODAY,
            closes_on=datetime.date(2027, 1, 1),
        )
    assert not posting.reposts.exists()


def test_the_posting_page_counts_applications_by_stage_without_names(client, hr, school):
    posting = PostingFactory(vacancy=VacancyFactory(school=school))
    first = ApplicationFactory(posting=posting)
    ApplicationFactory(posting=posting, stage=Application.Stage.INTERVIEW)
    ApplicationFactory(posting=posting, stage=Application.Stage.INTERVIEW)
    services.application_end(first, outcome="withdrawn", actor=None, version=1)
    client.force_login(hr)
    response = client.get(reverse("hiring:posting_detail", args=[posting.pk]))
    in_progress = {row.label: row.count for row in response.context["in_progress"]}
    ended = {row.label: row.count for row in response.context["ended"]}
    assert (in_progress["Applied"], in_progress["Interviews"]) == (0, 2)
    assert ended["Withdrawn by the applicant"] == 1
    assert response.context["total"] == 3
    assert first.person.last_name not in response.content.decode()
    assert reverse("hiring:careers_posting", args=[posting.pk]) in response.content.decode()


def test_the_district_list_filters_by_school_subject_and_status(client, hr, school, district):
    other_school = type(school).objects.create(
        district=district, name="North Middle", org_code="89999991", level="middle"
    )
    open_one = PostingFactory(vacancy=VacancyFactory(school=school, title="Open one")).vacancy
    upcoming = PostingFactory(
        vacancy=VacancyFactory(school=other_school, title="Upcoming one", subject="Science"),
        opens_on=datetime.date(2026, 12, 1),
    ).vacancy
    closed = PostingFactory(
        vacancy=VacancyFactory(school=school, title="Closed one"),
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2026, 10, 31),
    ).vacancy
    unposted = VacancyFactory(school=school, title="Unposted one")
    client.force_login(hr)
    url = reverse("hiring:district_postings", args=[district.pk])

    def listed(**query):
        return {v.pk for v in client.get(url, query).context["page"]}

    assert listed() == {open_one.pk, upcoming.pk, closed.pk, unposted.pk}
    assert listed(status="open") == {open_one.pk}
    assert listed(status="upcoming") == {upcoming.pk}
    assert listed(status="closed") == {closed.pk}
    assert listed(status="unposted") == {unposted.pk}
    assert listed(school=other_school.pk) == {upcoming.pk}
    assert listed(subject="Science") == {upcoming.pk}
    assert listed(q="closed") == {closed.pk}


def test_a_newer_posting_decides_the_status(client, hr, school, district):
    closed = PostingFactory(
        vacancy=VacancyFactory(school=school),
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2026, 10, 31),
    )
    PostingFactory(vacancy=closed.vacancy, reposted_from=closed)
    client.force_login(hr)
    page = client.get(reverse("hiring:district_postings", args=[district.pk])).context["page"]
    assert [v.status for v in page] == ["open"]


@pytest.mark.parametrize("who", ["other_hr", "teacher", "principal"])
def test_nobody_but_the_districts_hr_and_administrators_opens_its_hiring_pages(
    client, request, who, school
):
    posting = PostingFactory(vacancy=VacancyFactory(school=school))
    client.force_login(request.getfixturevalue(who))
    for name, pk in [
        ("hiring:district_postings", school.district_id),
        ("hiring:vacancy_create", school.district_id),
        ("hiring:vacancy_detail", posting.vacancy_id),
        ("hiring:vacancy_edit", posting.vacancy_id),
        ("hiring:posting_create", posting.vacancy_id),
        ("hiring:posting_detail", posting.pk),
        ("hiring:posting_repost", posting.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    assert (
        client.post(reverse("hiring:posting_close", args=[posting.pk]), {"version": 1}).status_code
        == 404
    )
    posting.refresh_from_db()
    assert posting.closed_on is None


def test_the_services_refuse_who_may_not_manage_the_district(other_hr, school):
    posting = PostingFactory(vacancy=VacancyFactory(school=school))
    with pytest.raises(PermissionDenied):
        services.vacancy_create(district=school.district, by=other_hr, **_vacancy_fields(school))
    with pytest.raises(PermissionDenied):
        services.posting_close(posting, by=other_hr, version=1)


def test_hrs_home_page_counts_the_districts_open_postings(client, hr, teacher, school):
    PostingFactory(vacancy=VacancyFactory(school=school))
    PostingFactory(vacancy=VacancyFactory(school=school), closed_on=TODAY)
    client.force_login(hr)
    body = client.get(reverse("home")).content.decode()
    assert f"{school.district.name}: 1 open posting" in body
    assert reverse("hiring:district_postings", args=[school.district_id]) in body
    client.force_login(teacher)
    assert (
        reverse("hiring:district_postings", args=[school.district_id])
        not in client.get(reverse("home")).content.decode()
    )


def test_required_licenses_and_questions_keep_their_history(hr, school):
    vacancy = services.vacancy_create(district=school.district, by=hr, **_vacancy_fields(school))
    services.vacancy_update(
        vacancy, by=hr, version=1, **_vacancy_fields(school, licenses=[("Mathematics", "5-8")])
    )
    history = RequiredLicense.history.filter(vacancy_id=vacancy.pk)
    assert sorted((h.field, h.history_type) for h in history) == [
        ("Elementary", "+"),
        ("Elementary", "-"),
        ("Mathematics", "+"),
    ]
    assert {h.history_user for h in history if h.history_type == "+"} == {hr}
