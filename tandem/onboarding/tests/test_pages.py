"""HR's onboarding pages and the home page: who may see a checklist, and who may NOT (a
teacher of the district, another district's HR, another applicant, another school's
principal); every opening logged."""

import datetime

import pytest
from django.urls import reverse

from tandem.onboarding.models import Onboarding, OnboardingStep
from tandem.onboarding.tests.factories import START, hired_application, hr_of, onboarded
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    UserFactory,
)
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db

STARTED = datetime.date(2026, 11, 10)  # two weeks before the tests' today: steps overdue


def _outsiders(onboarding):
    district = onboarding.district
    return {
        "teacher of the district": EmploymentFactory(
            district=district, person=PersonFactory(signs_in=True)
        ).person.user,
        "another district's HR": hr_of(DistrictFactory()),
        "another applicant": hired_application(posting=onboarding.application.posting).person.user,
        "another school's principal": RoleGrantFactory(
            role=RoleGrant.Role.PRINCIPAL, school=SchoolFactory(district=district), district=None
        ).user,
    }


def test_hr_opens_the_checklist_and_the_opening_is_logged(client):
    onboarding, hr = onboarded(start_date=STARTED)
    client.force_login(hr)
    response = client.get(reverse("onboarding:detail", args=[onboarding.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Background check cleared" in page
    assert "Overdue" in page
    assert page.count("Mark ") == onboarding.tasks.count()
    assert AccessLogEntry.objects.filter(
        user=hr, object_id=onboarding.pk, subject_id=onboarding.employment.person_id
    ).exists()


def test_the_new_educator_reads_their_checklist_without_ticking(client):
    onboarding, _hr = onboarded()
    client.force_login(onboarding.employment.person.user)
    response = client.get(reverse("onboarding:detail", args=[onboarding.pk]))
    assert response.status_code == 200
    assert "Mark " not in response.content.decode()


@pytest.mark.parametrize(
    "who",
    [
        "teacher of the district",
        "another district's HR",
        "another applicant",
        "another school's principal",
    ],
)
def test_those_without_a_part_may_not_see_the_checklist(client, who):
    onboarding, _hr = onboarded(start_date=STARTED)
    user = _outsiders(onboarding)[who]
    client.force_login(user)
    assert client.get(reverse("onboarding:detail", args=[onboarding.pk])).status_code == 404
    task = onboarding.tasks.first()
    response = client.post(
        reverse("onboarding:task_tick", args=[onboarding.pk, task.pk]),
        {f"task{task.pk}-version": 1},
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert not task.is_done
    home = client.get(reverse("home")).content.decode()
    assert onboarding.employment.person.sort_name not in home
    assert not AccessLogEntry.objects.filter(user=user, object_id=onboarding.pk).exists()


def test_hr_ticks_a_step_off_on_the_page(client):
    onboarding, hr = onboarded()
    task = onboarding.tasks.first()
    client.force_login(hr)
    response = client.post(
        reverse("onboarding:task_tick", args=[onboarding.pk, task.pk]),
        {f"task{task.pk}-version": 1, f"task{task.pk}-note": "Cleared."},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.done_by, task.note) == (hr, "Cleared.")


def test_the_list_filters_by_school_and_overdue(client):
    late, hr = onboarded(start_date=STARTED)
    district = late.district
    on_time = onboarded(posting__vacancy__school=SchoolFactory(district=district))[0]
    client.force_login(hr)
    url = reverse("onboarding:list")
    names = lambda response: {  # noqa: E731
        o.pk for o in response.context["page"].object_list
    }
    assert names(client.get(url)) == {late.pk, on_time.pk}
    assert names(client.get(url, {"status": "overdue"})) == {late.pk}
    assert names(client.get(url, {"school": on_time.school_id})) == {on_time.pk}
    assert names(client.get(url, {"q": late.employment.person.last_name})) == {late.pk}


def test_the_list_is_not_for_teachers(client):
    onboarding, _hr = onboarded()
    client.force_login(_outsiders(onboarding)["teacher of the district"])
    assert client.get(reverse("onboarding:list")).status_code == 404


def test_hrs_home_page_lists_the_overdue_steps_leading_to_the_checklist(client):
    onboarding, hr = onboarded(start_date=STARTED)
    client.force_login(hr)
    page = client.get(reverse("home")).content.decode()
    assert "onboarding steps overdue" in page
    assert reverse("onboarding:detail", args=[onboarding.pk]) in page


def test_the_new_educators_home_page_shows_their_own_checklist(client):
    onboarding, _hr = onboarded()
    client.force_login(onboarding.employment.person.user)
    page = client.get(reverse("home")).content.decode()
    assert f"Your onboarding in {onboarding.district.name}" in page
    assert "License verified" in page


def test_hr_onboards_a_hired_application_on_its_page(client):
    application = hired_application()
    hr = hr_of(application.posting.vacancy.district)
    url = reverse("onboarding:onboard", args=[application.pk])
    client.force_login(hr)
    assert client.get(url).status_code == 200
    response = client.post(url, {"start_date": START.isoformat(), "state_id": ""})
    onboarding = Onboarding.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding:detail", args=[onboarding.pk])


def test_the_page_says_why_an_application_not_hired_is_refused(client):
    application = hired_application()
    application.__class__.objects.filter(pk=application.pk).update(outcome="", ended_at=None)
    client.force_login(hr_of(application.posting.vacancy.district))
    response = client.post(
        reverse("onboarding:onboard", args=[application.pk]), {"start_date": START.isoformat()}
    )
    assert response.status_code == 200
    assert "Only an application whose offer was accepted" in response.content.decode()
    assert not Onboarding.objects.filter(application=application).exists()


def test_the_onboard_page_is_hrs_of_the_postings_district_alone(client):
    application = hired_application()
    for user in (application.person.user, hr_of(DistrictFactory()), UserFactory()):
        client.force_login(user)
        assert client.get(reverse("onboarding:onboard", args=[application.pk])).status_code == 404


def test_hr_adds_a_step_to_the_districts_checklist(client):
    district = DistrictFactory()
    hr = hr_of(district)
    client.force_login(hr)
    url = reverse("onboarding:step_list", args=[district.pk])
    assert "In use: Tandem's default checklist" in client.get(url).content.decode()
    response = client.post(
        url, {"title": "Keys issued", "days_after_start": "-2", "checked_by": "principal"}
    )
    assert response.status_code == 302
    step = OnboardingStep.objects.get(district=district)
    assert (step.title, step.days_after_start, step.checked_by) == ("Keys issued", -2, "principal")
    response = client.post(url, {"title": "", "days_after_start": "0", "checked_by": "principal"})
    assert response.status_code == 200
    assert OnboardingStep.objects.filter(district=district).count() == 1


def test_the_list_and_the_home_page_ask_as_many_queries_for_many_onboardings_as_for_one(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, hr = onboarded(start_date=STARTED)
    client.force_login(hr)

    def more(n):
        for _ in range(n):
            onboarded(
                start_date=STARTED,
                posting__vacancy__school=SchoolFactory(district=first.district),
            )

    def queries(url):
        client.get(url)  # what a process caches on a first use does not count
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    # Two onboardings: ten overdue steps, as many as the home page lists, so it counts them all.
    more(1)
    urls = (reverse("onboarding:list"), reverse("home"))
    before = [queries(url) for url in urls]
    more(3)
    assert [queries(url) for url in urls] == before


def test_the_onboard_page_offers_the_educators_with_the_applicants_name(client):
    educator = PersonFactory(state_id="M77777777", first_name="Sam", last_name="Okafor")
    application = hired_application(
        person=PersonFactory(signs_in=True, state_id=None, first_name="sam", last_name="OKAFOR")
    )
    PersonFactory(state_id="M88888888", first_name="Sam", last_name="Other")
    client.force_login(hr_of(application.posting.vacancy.district))
    url = reverse("onboarding:onboard", args=[application.pk])
    page = client.get(url).content.decode()
    assert "M77777777" in page
    assert "M88888888" not in page
    client.post(url, {"start_date": START.isoformat(), "educator": educator.pk})
    assert Onboarding.objects.get(application=application).employment.person == educator
