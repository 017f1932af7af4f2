"""Onboarding a hired application: one employment and one assignment with the posting's
values, the state's existing record linked rather than copied, and refusals that write
nothing (issue 14, item 4)."""

import datetime
from decimal import Decimal

import pytest

from tandem.errors import DomainError
from tandem.hiring.models import Application
from tandem.hiring.tests.factories import ApplicationFactory, VacancyFactory
from tandem.onboarding.models import DEFAULT_STEPS, Onboarding, OnboardingTask, PersonLink
from tandem.onboarding.services import onboard
from tandem.onboarding.tests.factories import START, hired_application, hr_of
from tandem.organizations.tests.factories import SchoolFactory
from tandem.people.models import Employment, Person, StaffAssignment
from tandem.people.tests.factories import EmploymentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Employment.objects.count(),
        StaffAssignment.objects.count(),
        Onboarding.objects.count(),
        OnboardingTask.objects.count(),
        Person.objects.count(),
    )


def test_onboarding_makes_one_employment_and_one_assignment_with_the_postings_values():
    vacancy = VacancyFactory(
        position=StaffAssignment.Position.COUNSELOR,
        subject="School counseling",
        grade_levels="9-12",
        fte=Decimal("0.60"),
    )
    application = hired_application(posting__vacancy=vacancy)
    hr = hr_of(vacancy.district)
    before = Employment.objects.count(), StaffAssignment.objects.count()

    employment = onboard(application, actor=hr, start_date=START)

    assert (Employment.objects.count(), StaffAssignment.objects.count()) == (
        before[0] + 1,
        before[1] + 1,
    )
    assert (employment.person, employment.district, employment.role_group) == (
        application.person,
        vacancy.district,
        "sisp",
    )
    assert (employment.start_date, employment.role_start_date, employment.end_date) == (
        START,
        START,
        None,
    )
    assignment = employment.assignments.get()
    assert (
        assignment.school,
        assignment.position,
        assignment.subject,
        assignment.grade_level,
        assignment.fte,
        assignment.start_date,
    ) == (vacancy.school, "counselor", "School counseling", "9-12", Decimal("0.60"), START)
    assert [e.action for e in application.events.all()] == ["Onboarded"]
    assert application.events.get().actor == hr


def test_the_new_educator_keeps_their_sign_in():
    application = hired_application()
    user = application.person.user
    employment = onboard(
        application, actor=hr_of(application.posting.vacancy.district), start_date=START
    )
    assert employment.person.user == user


def test_the_new_employee_joins_the_unit_of_the_districts_teachers():
    vacancy = VacancyFactory()
    unit = vacancy.district.bargaining_units.create(name="Teachers' association", code="A")
    other = vacancy.district.bargaining_units.create(name="Administrators", code="B")
    EmploymentFactory.create_batch(2, district=vacancy.district, bargaining_unit=unit)
    EmploymentFactory(district=vacancy.district, bargaining_unit=other, role_group="school_admin")
    application = hired_application(posting__vacancy=vacancy)
    employment = onboard(application, actor=hr_of(vacancy.district), start_date=START)
    assert employment.bargaining_unit == unit


def test_a_district_without_units_employs_outside_any_unit():
    application = hired_application()
    employment = onboard(
        application, actor=hr_of(application.posting.vacancy.district), start_date=START
    )
    assert employment.bargaining_unit is None


def test_the_default_checklist_opens_with_due_dates_from_the_first_day():
    application = hired_application()
    employment = onboard(
        application, actor=hr_of(application.posting.vacancy.district), start_date=START
    )
    tasks = list(employment.onboarding.tasks.all())
    assert [t.title for t in tasks] == [str(step.title) for step in DEFAULT_STEPS]
    assert [t.due_on for t in tasks] == [
        START + datetime.timedelta(days=step.days_after_start) for step in DEFAULT_STEPS
    ]
    assert not any(t.is_done for t in tasks)


def test_the_districts_own_checklist_replaces_the_default():
    vacancy = VacancyFactory()
    vacancy.district.onboarding_steps.create(title="Keys issued", days_after_start=-2, position=1)
    vacancy.district.onboarding_steps.create(title="Badge photo", days_after_start=5, position=0)
    application = hired_application(posting__vacancy=vacancy)
    employment = onboard(application, actor=hr_of(vacancy.district), start_date=START)
    assert [(t.title, t.due_on) for t in employment.onboarding.tasks.all()] == [
        ("Badge photo", START + datetime.timedelta(days=5)),
        ("Keys issued", START - datetime.timedelta(days=2)),
    ]


def test_an_applicant_the_state_knows_by_the_same_state_id_is_linked_not_copied():
    """The applicant applied with a new account and no identifier; HR types the state
    identifier at onboarding and it is an educator's already in the state."""
    educator = PersonFactory(state_id="M12345678", first_name="Rosa", last_name="Diaz")
    EmploymentFactory(person=educator, end_date=datetime.date(2025, 6, 30))
    application = hired_application(
        person=PersonFactory(signs_in=True, state_id=None, first_name="Rosa", last_name="Diaz")
    )
    applicant, user = application.person, application.person.user
    hr = hr_of(application.posting.vacancy.district)

    employment = onboard(application, actor=hr, start_date=START, state_id=" m12345678 ")

    assert employment.person == educator
    assert Person.objects.filter(state_id="M12345678").count() == 1
    educator.refresh_from_db()
    applicant.refresh_from_db()
    assert educator.user == user
    assert applicant.user is None
    application.refresh_from_db()
    assert application.person == educator
    link = PersonLink.objects.get()
    assert (link.applicant, link.educator, link.basis, link.linked_by) == (
        applicant,
        educator,
        "state_id",
        hr,
    )
    assert [e.action for e in application.events.all()] == [
        "Linked to the state's record",
        "Onboarded",
    ]


def test_a_new_state_id_is_recorded_on_the_applicants_own_record():
    application = hired_application(person=PersonFactory(signs_in=True, state_id=None))
    employment = onboard(
        application,
        actor=hr_of(application.posting.vacancy.district),
        start_date=START,
        state_id="N00000001",
    )
    assert employment.person == application.person
    assert Person.objects.get(pk=application.person_id).state_id == "N00000001"
    assert not PersonLink.objects.exists()


def test_hr_confirms_a_match_by_name_and_the_educators_record_is_employed():
    educator = PersonFactory(state_id="M22222222", first_name="Lee", last_name="Park")
    application = hired_application(
        person=PersonFactory(signs_in=True, state_id=None, first_name="Lee", last_name="Park")
    )
    employment = onboard(
        application,
        actor=hr_of(application.posting.vacancy.district),
        start_date=START,
        educator=educator,
    )
    assert employment.person == educator
    assert PersonLink.objects.get().basis == "confirmed"


def test_an_educator_already_applying_with_their_own_account_is_not_copied():
    educator = PersonFactory(signs_in=True)
    EmploymentFactory(person=educator)  # in another district
    application = hired_application(person=educator)
    people = Person.objects.count()
    employment = onboard(
        application, actor=hr_of(application.posting.vacancy.district), start_date=START
    )
    assert employment.person == educator
    assert Person.objects.count() == people
    assert educator.employments.count() == 2


@pytest.mark.parametrize(
    ("stage", "outcome"),
    [
        (Application.Stage.OFFER, Application.Outcome.IN_PROGRESS),
        (Application.Stage.INTERVIEW, Application.Outcome.IN_PROGRESS),
        (Application.Stage.OFFER, Application.Outcome.OFFER_DECLINED),
        (Application.Stage.SCREENING, Application.Outcome.WITHDRAWN),
    ],
)
def test_an_application_not_hired_is_refused_and_nothing_is_written(stage, outcome):
    application = ApplicationFactory(
        stage=stage,
        outcome=outcome,
        ended_at=None if not outcome else datetime.datetime.now(datetime.UTC),
    )
    before = _counts()
    with pytest.raises(DomainError, match="hired"):
        onboard(application, actor=hr_of(application.posting.vacancy.district), start_date=START)
    assert _counts() == before
    assert not application.events.exists()


def test_an_application_onboarded_once_is_refused_the_second_time():
    application = hired_application()
    hr = hr_of(application.posting.vacancy.district)
    onboard(application, actor=hr, start_date=START)
    before = _counts()
    with pytest.raises(DomainError, match="already been onboarded"):
        onboard(application, actor=hr, start_date=START)
    assert _counts() == before


def test_a_person_employed_in_the_district_in_an_overlapping_period_is_refused():
    vacancy = VacancyFactory()
    educator = PersonFactory(signs_in=True)
    EmploymentFactory(person=educator, district=vacancy.district)  # open-ended, since 2018
    application = hired_application(person=educator, posting__vacancy=vacancy)
    before = _counts()
    with pytest.raises(DomainError, match="already employed"):
        onboard(application, actor=hr_of(vacancy.district), start_date=START)
    assert _counts() == before


def test_a_linked_educator_employed_in_the_district_is_refused_and_keeps_no_link():
    vacancy = VacancyFactory()
    educator = PersonFactory(state_id="M33333333")
    EmploymentFactory(person=educator, district=vacancy.district, end_date=START)
    application = hired_application(
        person=PersonFactory(signs_in=True, state_id=None), posting__vacancy=vacancy
    )
    user = application.person.user
    with pytest.raises(DomainError, match="already employed"):
        onboard(application, actor=hr_of(vacancy.district), start_date=START, state_id="M33333333")
    educator.refresh_from_db()
    assert educator.user is None
    assert Person.objects.get(pk=application.person_id).user == user
    assert not PersonLink.objects.exists()


def test_an_employment_that_ended_before_the_first_day_does_not_stand_in_the_way():
    vacancy = VacancyFactory(school=SchoolFactory())
    educator = PersonFactory(signs_in=True)
    EmploymentFactory(
        person=educator, district=vacancy.district, end_date=START - datetime.timedelta(days=1)
    )
    application = hired_application(person=educator, posting__vacancy=vacancy)
    employment = onboard(application, actor=hr_of(vacancy.district), start_date=START)
    assert employment.start_date == START


def test_linking_to_an_educator_who_signs_in_with_another_account_is_refused():
    PersonFactory(signs_in=True, state_id="M44444444")
    application = hired_application(person=PersonFactory(signs_in=True, state_id=None))
    before = _counts()
    with pytest.raises(DomainError, match="another account"):
        onboard(
            application,
            actor=hr_of(application.posting.vacancy.district),
            start_date=START,
            state_id="M44444444",
        )
    assert _counts() == before


def test_a_state_id_that_differs_from_the_applicants_own_is_refused():
    application = hired_application(person=PersonFactory(signs_in=True, state_id="M55555555"))
    PersonFactory(state_id="M66666666")
    with pytest.raises(DomainError, match="Check the identifier"):
        onboard(
            application,
            actor=hr_of(application.posting.vacancy.district),
            start_date=START,
            state_id="M66666666",
        )
    assert not Onboarding.objects.filter(application=application).exists()
